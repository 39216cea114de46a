//! Explicit missing values: a validity bitmap plus, where known, the reason.

use serde::Serialize;

/// Why a value is missing. Readers record the reason when the source format
/// states one; a plain empty cell is [`MissingReason::System`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MissingReason {
    /// System missing: an empty cell, Stata `.`, SPSS sysmis.
    System,
    /// Stata extended missing value `.a` … `.z` (the letter).
    Extended { letter: char },
    /// A declared user-missing code (SPSS missing values, or a "don't know"
    /// code the study file declares), with the raw value that was read.
    UserCode { raw: String },
}

/// One bit per row: set = value present. Rows whose missing value has a
/// reason other than [`MissingReason::System`] are listed sparsely.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validity {
    bits: Vec<u64>,
    len: usize,
    reasons: Vec<(usize, MissingReason)>,
}

impl Validity {
    /// An empty bitmap.
    pub fn new() -> Self {
        Self::default()
    }

    /// A bitmap with capacity for `n` rows.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            bits: Vec::with_capacity(n.div_ceil(64)),
            len: 0,
            reasons: Vec::new(),
        }
    }

    /// `n` rows, all present.
    pub fn all_valid(n: usize) -> Self {
        let mut v = Self::with_capacity(n);
        for _ in 0..n {
            v.push(true);
        }
        v
    }

    /// Appends one row.
    pub fn push(&mut self, valid: bool) {
        let (word, bit) = (self.len / 64, self.len % 64);
        if word == self.bits.len() {
            self.bits.push(0);
        }
        if valid {
            self.bits[word] |= 1 << bit;
        }
        self.len += 1;
    }

    /// Appends a missing row with a reason.
    pub fn push_missing(&mut self, reason: MissingReason) {
        if reason != MissingReason::System {
            self.reasons.push((self.len, reason));
        }
        self.push(false);
    }

    /// Marks an existing row missing, with a reason.
    pub fn set_missing(&mut self, row: usize, reason: MissingReason) {
        if row >= self.len {
            return;
        }
        self.bits[row / 64] &= !(1 << (row % 64));
        self.reasons.retain(|(r, _)| *r != row);
        if reason != MissingReason::System {
            let at = self.reasons.partition_point(|(r, _)| *r < row);
            self.reasons.insert(at, (row, reason));
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True when row `i` holds a value.
    pub fn is_valid(&self, i: usize) -> bool {
        i < self.len && self.bits[i / 64] >> (i % 64) & 1 == 1
    }

    /// Number of missing rows.
    pub fn missing_count(&self) -> usize {
        self.len
            - self
                .bits
                .iter()
                .map(|w| w.count_ones() as usize)
                .sum::<usize>()
    }

    /// The reason row `i` is missing, or `None` when it is present.
    pub fn reason(&self, i: usize) -> Option<MissingReason> {
        if self.is_valid(i) || i >= self.len {
            return None;
        }
        match self.reasons.binary_search_by_key(&i, |(r, _)| *r) {
            Ok(k) => Some(self.reasons[k].1.clone()),
            Err(_) => Some(MissingReason::System),
        }
    }

    /// Rows with a non-system missing reason, in row order.
    pub fn reasons(&self) -> &[(usize, MissingReason)] {
        &self.reasons
    }

    /// Keeps only the rows for which `keep` is true, in order.
    pub fn filter(&self, keep: &[bool]) -> Self {
        let mut out = Self::with_capacity(keep.len());
        for (i, &k) in keep.iter().enumerate() {
            if k {
                match self.reason(i) {
                    None => out.push(true),
                    Some(r) => out.push_missing(r),
                }
            }
        }
        out
    }

    /// Approximate heap bytes used.
    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * 8
            + self.reasons.capacity() * std::mem::size_of::<(usize, MissingReason)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmap_and_reasons() {
        let mut v = Validity::new();
        for i in 0..130 {
            if i % 7 == 0 {
                v.push_missing(MissingReason::Extended { letter: 'a' });
            } else if i % 5 == 0 {
                v.push_missing(MissingReason::System);
            } else {
                v.push(true);
            }
        }
        assert_eq!(v.len(), 130);
        assert!(!v.is_valid(0));
        assert!(v.is_valid(1));
        assert_eq!(v.reason(7), Some(MissingReason::Extended { letter: 'a' }));
        assert_eq!(v.reason(5), Some(MissingReason::System));
        assert_eq!(v.reason(6), None);
        let expected = (0..130).filter(|i| i % 7 == 0 || i % 5 == 0).count();
        assert_eq!(v.missing_count(), expected);
        v.set_missing(6, MissingReason::UserCode { raw: "99".into() });
        assert_eq!(
            v.reason(6),
            Some(MissingReason::UserCode { raw: "99".into() })
        );
        assert_eq!(v.missing_count(), expected + 1);
    }
}
