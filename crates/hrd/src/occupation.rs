//! Occupation codes to ISCO skill levels and skill buckets.
//!
//! ISCO-08 (ILO 2012, *International Standard Classification of
//! Occupations*, vol. I, table 2) ties each major group to a skill level:
//! 1 Managers → 3 and 4; 2 Professionals → 4; 3 Technicians and associate
//! professionals → 3; 4–8 (clerical, service and sales, agricultural,
//! craft, plant and machine operators) → 2; 9 Elementary occupations → 1;
//! armed forces by sub-major group: 01 → 4, 02 → 2, 03 → 1. PSCO-2015,
//! which Pakistan's Labour Force Survey uses, follows ISCO-08's structure.
//!
//! A code is valid when it is a 4-digit unit group whose 2-digit sub-major
//! group exists in ISCO-08; numeric codes below 1000 are read with their
//! leading zero (armed forces, `110` → `0110`). Invalid and missing codes
//! are counted, never guessed.

/// ISCO-08's 43 sub-major groups.
const SUB_MAJOR: [&str; 43] = [
    "01", "02", "03", "11", "12", "13", "14", "21", "22", "23", "24", "25", "26", "31", "32", "33",
    "34", "35", "41", "42", "43", "44", "51", "52", "53", "54", "61", "62", "63", "71", "72", "73",
    "74", "75", "81", "82", "83", "91", "92", "93", "94", "95", "96",
];

/// The canonical 4-digit form of an occupation code, or `None` when it is
/// not a valid ISCO-08-structured unit group.
pub fn unit_group(code: &str) -> Option<String> {
    let code = code.trim();
    let digits = if code.len() < 4 && code.bytes().all(|b| b.is_ascii_digit()) && !code.is_empty() {
        format!("{code:0>4}")
    } else {
        code.to_string()
    };
    (digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && SUB_MAJOR.contains(&&digits[..2]))
    .then_some(digits)
}

/// The ISCO skill level(s) of a valid unit group: (lowest, highest), equal
/// except for managers (3–4).
pub fn skill_level(unit_group: &str) -> (u8, u8) {
    match unit_group.as_bytes() {
        [b'0', b'1', ..] => (4, 4),
        [b'0', b'2', ..] => (2, 2),
        [b'0', ..] => (1, 1),
        [b'1', ..] => (3, 4),
        [b'2', ..] => (4, 4),
        [b'3', ..] => (3, 3),
        [b'9', ..] => (1, 1),
        _ => (2, 2),
    }
}

/// Skill buckets defined by code prefixes (major groups, or longer).
#[derive(Debug, Clone, PartialEq)]
pub struct SkillBuckets {
    names: Vec<String>,
    /// (prefix, bucket), longest prefixes first.
    prefixes: Vec<(String, usize)>,
}

/// Why a bucket definition is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum BucketError {
    /// A prefix that is not 1–4 digits.
    BadPrefix { bucket: String, prefix: String },
    /// A prefix listed in two buckets.
    Duplicate { prefix: String },
    /// A valid unit group that no bucket covers (its sub-major group).
    Uncovered { sub_major: String },
}

impl std::fmt::Display for BucketError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BucketError::BadPrefix { bucket, prefix } => write!(
                f,
                "skill bucket `{bucket}`: `{prefix}` is not a code prefix of 1 to 4 digits"
            ),
            BucketError::Duplicate { prefix } => {
                write!(f, "the prefix `{prefix}` is in two skill buckets")
            }
            BucketError::Uncovered { sub_major } => write!(
                f,
                "no skill bucket covers the occupations of sub-major group {sub_major}"
            ),
        }
    }
}

impl SkillBuckets {
    /// FRAMEWORKS.md §3: unskilled = skill level 1 (major group 9, armed
    /// forces other ranks 03); skilled = levels 2–3 (3–8, 02);
    /// professional = level 4 and managers (1, 2, 01).
    pub fn default_buckets() -> Self {
        let def: [(&str, &[&str]); 3] = [
            ("unskilled", &["9", "03"]),
            ("skilled", &["3", "4", "5", "6", "7", "8", "02"]),
            ("professional", &["1", "2", "01"]),
        ];
        Self::new(
            def.iter()
                .map(|(n, p)| (n.to_string(), p.iter().map(|s| s.to_string()).collect())),
        )
        .expect("the default buckets cover every sub-major group")
    }

    /// Buckets from (name, prefixes), lowest skill first.
    ///
    /// # Errors
    /// [`BucketError`] for a malformed or repeated prefix, or a sub-major
    /// group left uncovered.
    pub fn new(
        buckets: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Result<Self, BucketError> {
        let mut names = Vec::new();
        let mut prefixes: Vec<(String, usize)> = Vec::new();
        for (k, (name, list)) in buckets.into_iter().enumerate() {
            for p in list {
                let p = p.trim().to_string();
                if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(BucketError::BadPrefix {
                        bucket: name,
                        prefix: p,
                    });
                }
                if prefixes.iter().any(|(q, _)| *q == p) {
                    return Err(BucketError::Duplicate { prefix: p });
                }
                prefixes.push((p, k));
            }
            names.push(name);
        }
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let out = Self { names, prefixes };
        for sm in SUB_MAJOR {
            // A sub-major group is covered when its own prefix, or a
            // shorter one, matches (longer prefixes cover part of it).
            if out.bucket(&format!("{sm}00")).is_none() {
                return Err(BucketError::Uncovered {
                    sub_major: sm.to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The bucket names, lowest first.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The bucket of a valid unit group (longest matching prefix).
    pub fn bucket(&self, unit_group: &str) -> Option<usize> {
        self.prefixes
            .iter()
            .find(|(p, _)| unit_group.starts_with(p.as_str()))
            .map(|(_, k)| *k)
    }
}

/// What an occupation code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occupation {
    /// A valid code and its bucket.
    Bucket(usize),
    /// A code that is not a valid unit group.
    Invalid,
    /// No code.
    Missing,
}

impl SkillBuckets {
    /// Classifies a code as read (`None`: missing).
    pub fn classify(&self, code: Option<&str>) -> Occupation {
        match code {
            None => Occupation::Missing,
            Some(c) if c.trim().is_empty() => Occupation::Missing,
            Some(c) => match unit_group(c).and_then(|u| self.bucket(&u)) {
                Some(k) => Occupation::Bucket(k),
                None => Occupation::Invalid,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_groups_and_skill_levels_follow_isco_08() {
        assert_eq!(unit_group("7113").as_deref(), Some("7113"));
        assert_eq!(unit_group(" 110 ").as_deref(), Some("0110"));
        for bad in ["71", "7013", "99999", "abcd", "10", "", "12.5"] {
            assert_eq!(unit_group(bad), None, "{bad}");
        }
        assert_eq!(skill_level("9211"), (1, 1));
        assert_eq!(skill_level("8160"), (2, 2));
        assert_eq!(skill_level("4110"), (2, 2));
        assert_eq!(skill_level("3115"), (3, 3));
        assert_eq!(skill_level("2141"), (4, 4));
        assert_eq!(skill_level("1321"), (3, 4));
        assert_eq!(skill_level("0110"), (4, 4));
        assert_eq!(skill_level("0210"), (2, 2));
        assert_eq!(skill_level("0310"), (1, 1));
    }

    #[test]
    fn default_buckets_follow_the_skill_levels() {
        let b = SkillBuckets::default_buckets();
        let name = |c: &str| match b.classify(Some(c)) {
            Occupation::Bucket(k) => b.names()[k].as_str(),
            Occupation::Invalid => "invalid",
            Occupation::Missing => "missing",
        };
        assert_eq!(name("9211"), "unskilled");
        assert_eq!(name("0310"), "unskilled");
        assert_eq!(name("8160"), "skilled");
        assert_eq!(name("3115"), "skilled");
        assert_eq!(name("0210"), "skilled");
        assert_eq!(name("1321"), "professional");
        assert_eq!(name("2141"), "professional");
        assert_eq!(name("110"), "professional");
        assert_eq!(name("7013"), "invalid");
        assert_eq!(b.classify(None), Occupation::Missing);
        assert_eq!(b.classify(Some(" ")), Occupation::Missing);
    }

    #[test]
    fn custom_buckets_use_the_longest_prefix_and_are_checked() {
        let b = SkillBuckets::new([
            ("low".to_string(), vec!["9".to_string(), "0".to_string()]),
            (
                "mid".to_string(),
                ["3", "4", "5", "6", "7", "8"].map(String::from).to_vec(),
            ),
            (
                "high".to_string(),
                vec!["1".into(), "2".into(), "311".into()],
            ),
        ])
        .unwrap();
        assert_eq!(b.classify(Some("3115")), Occupation::Bucket(2));
        assert_eq!(b.classify(Some("3122")), Occupation::Bucket(1));
        let uncovered = SkillBuckets::new([("a".to_string(), vec!["1".to_string()])]);
        assert!(matches!(uncovered, Err(BucketError::Uncovered { .. })));
        let dup = SkillBuckets::new([
            ("a".to_string(), vec!["1".to_string()]),
            ("b".to_string(), vec!["1".to_string()]),
        ]);
        assert!(matches!(dup, Err(BucketError::Duplicate { .. })));
        let bad = SkillBuckets::new([("a".to_string(), vec!["1x".to_string()])]);
        assert!(matches!(bad, Err(BucketError::BadPrefix { .. })));
    }
}
