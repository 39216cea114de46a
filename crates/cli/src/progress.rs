//! A progress bar on stderr, silent when stderr is not a terminal or with `--quiet`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar over `len` steps, hidden unless stderr is a terminal and not quiet.
pub fn bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} reading [{bar:30}] {pos}/{len} {msg}")
    {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

/// Long analysis steps (bootstraps) as a bar on stderr, hidden like [`bar`].
pub struct Steps {
    bar: ProgressBar,
}

impl Steps {
    /// A bar for the steps of a run.
    pub fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let pb = ProgressBar::new(0);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {eta}")
            {
                pb.set_style(style.progress_chars("=> "));
            }
            pb
        };
        Self { bar }
    }
}

impl clusterdx_study::Progress for Steps {
    fn start(&self, what: &str, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(what.to_string());
    }

    fn advance(&self, done: u64) {
        // Threads finish out of order: never move back.
        if done > self.bar.position() {
            self.bar.set_position(done);
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
