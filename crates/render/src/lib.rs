//! Renderers: results and diagnostics to files and text. Renderers read
//! [`clusterdx_results`] values and never compute estimates; they return
//! text or write files, and never print.

mod atomic;
mod hrd_text;
mod html;
mod json;
mod pls_text;
mod poverty_text;
mod tables;
mod text;
mod xlsx;

pub use atomic::{WriteError, write_atomic};
pub use html::{report_html, write_report_html};
pub use json::{results_json, write_results_json};
pub use text::{diagnostics_text, quality_text, results_text};
pub use xlsx::{tables_xlsx, write_tables_csv, write_tables_xlsx};
