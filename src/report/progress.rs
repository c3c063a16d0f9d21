//! The progress bar on stderr: shown only when stderr is a terminal and the run has taken
//! more than half a second, so short runs, pipes and JSON output never see it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Progress;

/// How long a run goes before the bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);

pub struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl TerminalProgress {
    /// A progress bar, or `None` when stderr is not a terminal.
    pub fn for_stderr() -> Option<TerminalProgress> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}").ok()?;
        bar.set_style(style);
        Some(TerminalProgress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        })
    }
}

impl Progress for TerminalProgress {
    fn found(&self) {
        self.bar.inc_length(1);
    }

    fn advance(&self) {
        self.bar.inc(1);
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() > SHOW_AFTER {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
