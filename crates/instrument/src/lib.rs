//! Survey instruments from a study: which surveys its analyses read and
//! which questions its frameworks, models and indicators need
//! ([`select::needs`]), the question registry with stable names and their
//! roles in the study file ([`registry::forms`]), XLSForm files for
//! KoboToolbox and ODK ([`xlsform`]), the study file back from the forms
//! ([`init`]), and exports in the Kobo and ODK Central shapes
//! ([`export`]). This crate never prints.

pub mod export;
pub mod form;
pub mod init;
pub mod manifest;
pub mod merge;
pub mod registry;
pub mod select;
pub mod xlsform;

pub use form::{Choice, Field, Form, LANGUAGES, Role, Row};
pub use registry::{Consumption, Needs, forms};
pub use select::needs;
