//! Human-resource development (HRD) measures: who holds which jobs in a
//! sector, by origin and skill (research objectives 2–5 of the seed).
//!
//! [`occupation`] maps ISCO-08 / PSCO-2015 codes to skill levels and
//! buckets; [`participation`] turns a [`clusterdx_survey::CellTable`] of
//! employees by sector × job level × skill × origin into local shares,
//! shares of locals and representation ratios, each with its standard
//! error and interval. This crate never reads files or prints.

pub mod capacity;
pub mod occupation;
pub mod participation;
pub mod summary;

pub use capacity::{FirmCapacity, FirmCells, WorkerCells, firm_capacity, workers_trained};
pub use occupation::{BucketError, Occupation, SkillBuckets};
pub use participation::{Kind, Layout, SectorParticipation, figure, participation};
pub use summary::{COMPONENTS, summary};
