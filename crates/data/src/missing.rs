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

    /// Marks an existing row missing, with a reason (replacing any earlier
    /// reason of that row). Rows past the end are ignored.
    ///
    /// The row's reason is found by binary search. Marking rows in
    /// increasing order (the usual case: a pass over a column) appends at the
    /// end in amortized O(1), so marking every row of a large column stays
    /// linear overall; a row before the last one with a reason is inserted
    /// or removed in place.
    pub fn set_missing(&mut self, row: usize, reason: MissingReason) {
        if row >= self.len {
            return;
        }
        self.bits[row / 64] &= !(1 << (row % 64));
        let system = reason == MissingReason::System;
        // Fast path: past the last row with a reason.
        if self.reasons.last().is_none_or(|(r, _)| *r < row) {
            if !system {
                self.reasons.push((row, reason));
            }
            return;
        }
        match (self.reasons.binary_search_by_key(&row, |(r, _)| *r), system) {
            (Ok(k), true) => {
                self.reasons.remove(k);
            }
            (Ok(k), false) => self.reasons[k].1 = reason,
            (Err(_), true) => {}
            (Err(k), false) => self.reasons.insert(k, (row, reason)),
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
        // A new reason replaces the old one; system missing clears it.
        v.set_missing(6, MissingReason::Extended { letter: 'b' });
        assert_eq!(v.reason(6), Some(MissingReason::Extended { letter: 'b' }));
        v.set_missing(7, MissingReason::System);
        assert_eq!(v.reason(7), Some(MissingReason::System));
        assert!(v.reasons().iter().all(|(r, _)| *r != 7));
        assert_eq!(v.missing_count(), expected + 1);
        // Past the end: ignored.
        v.set_missing(130, MissingReason::System);
        assert_eq!(v.len(), 130);
    }

    fn code(row: usize) -> MissingReason {
        MissingReason::UserCode {
            raw: (row % 97).to_string(),
        }
    }

    /// The reason `set_missing` gave row `i` in the tests below: every third
    /// row system missing, the others a user code.
    fn expected(i: usize) -> MissingReason {
        if i.is_multiple_of(3) {
            MissingReason::System
        } else {
            code(i)
        }
    }

    #[test]
    fn marking_many_rows_in_increasing_order() {
        const N: usize = 200_000;
        let mut v = Validity::all_valid(N);
        for i in 0..N {
            v.set_missing(i, expected(i));
        }
        assert_eq!(v.missing_count(), N);
        assert_eq!(v.reasons().len(), N - N.div_ceil(3));
        assert!(v.reasons().windows(2).all(|w| w[0].0 < w[1].0));
        for i in 0..N {
            assert_eq!(v.reason(i), Some(expected(i)), "row {i}");
        }
    }

    #[test]
    fn marking_rows_in_random_order() {
        const N: usize = 20_000;
        // A fixed permutation of half the rows (xorshift-driven shuffle), each
        // marked twice: first with a stale reason, then with its own.
        let mut rows: Vec<usize> = (0..N).filter(|i| i.is_multiple_of(2)).collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for k in (1..rows.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            rows.swap(k, (state % (k as u64 + 1)) as usize);
        }
        let mut v = Validity::all_valid(N);
        for &i in &rows {
            v.set_missing(i, MissingReason::Extended { letter: 'z' });
        }
        for &i in rows.iter().rev() {
            v.set_missing(i, expected(i));
        }
        assert!(v.reasons().windows(2).all(|w| w[0].0 < w[1].0));
        for i in 0..N {
            let want = i.is_multiple_of(2).then(|| expected(i));
            assert_eq!(v.reason(i), want, "row {i}");
        }
        assert_eq!(v.missing_count(), N / 2);
    }
}
