//! Regenerating forms keeps the user's work: rows the user added (rows
//! clusterdx did not write: no `generated` in their `clusterdx` cell) stay
//! where they were, after the row they followed; choices the user added
//! stay in their lists; the texts a user filled in other columns (Urdu and
//! Sindhi labels, hints and messages, any column of their own) stay on
//! their rows and choices, and their settings (`instance_name`, …) stay. What clusterdx wrote is written afresh: a
//! generated question the study no longer needs goes, and the English
//! texts are the registry's.

use crate::form::{Form, Row};

/// What [`keep_user_work`] kept, and the user's rows it could not keep.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kept {
    /// The user's questions kept.
    pub questions: Vec<String>,
    /// The user's rows left out because the new form has a row of the
    /// same name (a form cannot have two): their names.
    pub clashes: Vec<String>,
}

/// Carries the user's rows, choices and texts from `old` (the form as
/// the user left it) into `new` (the form as generated now).
pub fn keep_user_work(new: &mut Form, old: &Form) -> Kept {
    let mut kept = Kept::default();
    let old_paths = old.row_paths();
    // Texts on rows both forms have (matched by their path, so the
    // roster's `level` and the training's `level` stay apart).
    let new_paths = new.row_paths();
    for (r, p) in new.rows.iter_mut().zip(&new_paths) {
        if let Some(k) = old_paths.iter().position(|o| o == p) {
            merge_extra(&mut r.extra, &old.rows[k].extra);
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
    // The user's rows, in runs, after the row each run followed.
    let names: Vec<String> = new.rows.iter().map(|r| r.name.clone()).collect();
    let theirs: Vec<bool> = old.rows.iter().map(Row::is_users).collect();
    let mut i = 0;
    while i < old.rows.len() {
        if !theirs[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < old.rows.len() && theirs[i] {
            i += 1;
        }
        let run = &old.rows[start..i];
        // A group or repeat of the user's whose name the new form has
        // cannot be kept without its rows: the whole run is left out.
        let clash = |r: &Row| {
            !r.name.is_empty() && !r.base_type().starts_with("end_") && names.contains(&r.name)
        };
        if run
            .iter()
            .any(|r| clash(r) && r.base_type().starts_with("begin_"))
        {
            kept.clashes
                .extend(run.iter().filter(|r| r.is_field()).map(|r| r.name.clone()));
            continue;
        }
        let mut block: Vec<Row> = Vec::new();
        for r in run {
            if clash(r) {
                kept.clashes.push(r.name.clone());
                continue;
            }
            if r.is_field() {
                kept.questions.push(r.name.clone());
            }
            block.push(r.clone());
        }
        let at = anchor(new, &old_paths, start);
        new.rows.splice(at..at, block);
    }
    // The user's choices, after their list's last choice.
    for c in old.choices.iter().filter(|c| !c.generated) {
        if new
            .choices
            .iter()
            .any(|n| n.list == c.list && n.name == c.name)
        {
            continue;
        }
        let at = new
            .choices
            .iter()
            .rposition(|n| n.list == c.list)
            .map_or(new.choices.len(), |k| k + 1);
        new.choices.insert(at, c.clone());
    }
    // The user's settings (`instance_name`, `style`, …).
    for (k, v) in &old.settings {
        if !new.settings.iter().any(|(a, _)| a == k) {
            new.settings.push((k.clone(), v.clone()));
        }
    }
    new.stamp_version();
    kept
}

/// Where the old row at `start` goes in `new`: after the nearest earlier
/// old row that `new` also has (by path); at the start when none.
fn anchor(new: &Form, old_paths: &[String], start: usize) -> usize {
    let new_paths = new.row_paths();
    for k in (0..start).rev() {
        if let Some(pos) = new_paths.iter().position(|p| *p == old_paths[k]) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Choice, Row, end_repeat, repeat};

    fn generated(mut rows: Vec<Row>, choices: Vec<Choice>) -> Form {
        for r in &mut rows {
            r.role.generated = true;
        }
        let mut f = Form {
            id: "f".into(),
            rows,
            choices: choices
                .into_iter()
                .map(|c| Choice {
                    generated: true,
                    ..c
                })
                .collect(),
            ..Form::default()
        };
        f.stamp_version();
        f
    }

    fn choice(list: &str, name: &str) -> Choice {
        Choice {
            list: list.into(),
            name: name.into(),
            label: name.into(),
            ..Choice::default()
        }
    }

    /// The form as generated: a roster and a training repeat, each with a
    /// `level`, and a question the next study will not ask.
    fn before() -> Form {
        generated(
            vec![
                Row::new("integer", "a", "A"),
                Row::new("integer", "dropped", "Dropped"),
                repeat("roster", "R", "roster", "roster"),
                Row::new("select_one lv", "level", "Level"),
                end_repeat("roster"),
                repeat("training", "T", "training", "training"),
                Row::new("select_one lv", "level", "Level"),
                end_repeat("training"),
            ],
            vec![choice("lv", "entry"), choice("lv", "old_code")],
        )
    }

    fn after() -> Form {
        generated(
            vec![
                Row::new("integer", "a", "A"),
                repeat("roster", "R", "roster", "roster"),
                Row::new("select_one lv", "level", "Level"),
                end_repeat("roster"),
                repeat("training", "T", "training", "training"),
                Row::new("select_one lv", "level", "Level"),
                end_repeat("training"),
                Row::new("integer", "taken", "A new generated question"),
            ],
            vec![choice("lv", "entry")],
        )
    }

    #[test]
    fn the_users_rows_choices_and_texts_are_kept_and_ours_regenerated() {
        let mut old = before();
        // The user's question (marked personal by them) after the
        // training level, a translation on that level, a choice of theirs
        // in a generated list, and a question whose name the new form
        // takes.
        let mut mine = Row::new("text", "contact", "Contact").personal();
        mine.role.generated = false;
        old.rows.insert(7, mine);
        old.rows[6]
            .extra
            .push(("label::Urdu (ur)".into(), "سطح".into()));
        old.rows.push(Row::new("integer", "taken", "Mine"));
        old.choices.push(choice("lv", "apprentice"));
        let mut new = after();
        let kept = keep_user_work(&mut new, &old);
        assert_eq!(kept.questions, ["contact"]);
        assert_eq!(kept.clashes, ["taken"]);
        let paths = new.row_paths();
        let at = new.rows.iter().position(|r| r.name == "contact").unwrap();
        assert_eq!(
            paths[at], "training/contact",
            "after the training level: {paths:?}"
        );
        assert!(new.rows[at].role.personal);
        // The translation stays on the training's level, not the roster's.
        let levels: Vec<&Row> = new.rows.iter().filter(|r| r.name == "level").collect();
        assert!(levels[0].extra.is_empty());
        assert_eq!(
            levels[1].extra,
            [("label::Urdu (ur)".to_string(), "سطح".to_string())]
        );
        // Ours: the dropped question and the dropped code stay dropped.
        assert!(!new.rows.iter().any(|r| r.name == "dropped"));
        let codes: Vec<&str> = new.list("lv").map(|c| c.name.as_str()).collect();
        assert_eq!(codes, ["entry", "apprentice"]);
        assert_eq!(new.rows.iter().filter(|r| r.name == "taken").count(), 1);
    }
}
