//! The typed, columnar dataset model every clusterdx reader produces and every
//! analysis consumes.
//!
//! A [`Dataset`] is a named table of [`Column`]s of equal length. Each column
//! holds one physical type ([`ColumnData`]: float, integer, text, boolean,
//! date, datetime) plus a [`Validity`] bitmap, so a missing value is always
//! explicit and never confused with `0` or `""`. Why a value is missing
//! (system missing, Stata's `.a`–`.z`, an SPSS user-missing code such as
//! 98 "don't know") is kept per row in [`MissingReason`]. Numeric columns may
//! carry [`ValueLabels`]; such a column is *categorical*
//! ([`LogicalType::Categorical`]). Variable labels and display formats are kept.
//!
//! The crate does no I/O and never prints.

mod column;
mod dataset;
mod labels;
mod missing;
mod value;

pub use column::{Column, ColumnData, LogicalType, TextColumn};
pub use dataset::{Dataset, DatasetError, Link};
pub use labels::{ValueLabels, code_key, compare_codes};
pub use missing::{MissingReason, Validity};
pub use value::Value;

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
///
/// Algorithm: Howard Hinnant, "chrono-compatible low-level date algorithms"
/// (`days_from_civil`).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// Civil date `(year, month, day)` of a day count from 1970-01-01
/// (inverse of [`days_from_civil`]; same source).
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z as i64 + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// Formats a day count as ISO `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats milliseconds since the Unix epoch as ISO `YYYY-MM-DDTHH:MM:SS[.mmm]`.
pub fn format_datetime(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    let date = format_date(days as i32);
    if milli == 0 {
        format!("{date}T{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{date}T{h:02}:{mi:02}:{s:02}.{milli:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1960, 1, 1), -3653);
        assert_eq!(format_date(days_from_civil(2019, 3, 13)), "2019-03-13");
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(
            format_datetime(86_400_000 + 3_723_004),
            "1970-01-02T01:02:03.004"
        );
    }
}
