//! Regenerating forms keeps the user's work: rows the user added (no
//! `clusterdx` role and a name the new form lacks) stay where they were,
//! after the row they followed; the texts a user filled in (Urdu and
//! Sindhi labels, hints, messages, any other column) stay on their rows and
//! choices; choice lists the user added stay.

use crate::form::{Form, Row};

/// Carries the user's rows, texts and lists from `old` (the form as the
/// user left it) into `new` (the form as generated now). Returns the
/// names of the user's rows kept.
pub fn keep_user_work(new: &mut Form, old: &Form) -> Vec<String> {
    // Texts on rows both forms have.
    for r in &mut new.rows {
        if let Some(o) = old
            .rows
            .iter()
            .find(|o| o.name == r.name && o.kind == r.kind && !o.name.is_empty())
        {
            merge_extra(&mut r.extra, &o.extra);
        }
    }
    for c in &mut new.choices {
        if let Some(o) = old
            .choices
            .iter()
            .find(|o| o.list == c.list && o.name == c.name)
        {
            merge_extra(&mut c.extra, &o.extra);
        }
    }
    // The user's rows, after the row each followed (or its group's end).
    let in_new = |o: &Row| {
        new.rows
            .iter()
            .any(|r| r.name == o.name && r.kind == o.kind)
    };
    let theirs: Vec<bool> = old.rows.iter().map(|o| o.custom && !in_new(o)).collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < old.rows.len() {
        if !theirs[i] {
            i += 1;
            continue;
        }
        // A run of the user's rows (a group or repeat of their own stays
        // whole).
        let start = i;
        while i < old.rows.len() && theirs[i] {
            i += 1;
        }
        let block: Vec<Row> = old.rows[start..i].to_vec();
        let at = anchor(new, old, start);
        kept.extend(
            block
                .iter()
                .filter(|r| r.is_field())
                .map(|r| r.name.clone()),
        );
        new.rows.splice(at..at, block);
    }
    // The user's lists (and choices added to a generated list).
    for c in &old.choices {
        let exists = new
            .choices
            .iter()
            .any(|n| n.list == c.list && n.name == c.name);
        if !exists {
            let at = new
                .choices
                .iter()
                .rposition(|n| n.list == c.list)
                .map_or(new.choices.len(), |k| k + 1);
            new.choices.insert(at, c.clone());
        }
    }
    new.stamp_version();
    kept
}

/// Where the old row at `start` goes in `new`: after the nearest earlier
/// row the new form also has; at the start when none.
fn anchor(new: &Form, old: &Form, start: usize) -> usize {
    for k in (0..start).rev() {
        let prev = &old.rows[k];
        if let Some(pos) = new
            .rows
            .iter()
            .position(|r| r.name == prev.name && r.kind == prev.kind)
        {
            return pos + 1;
        }
    }
    0
}

fn merge_extra(into: &mut Vec<(String, String)>, from: &[(String, String)]) {
    for (k, v) in from {
        if !into.iter().any(|(a, _)| a == k) {
            into.push((k.clone(), v.clone()));
        }
    }
}
