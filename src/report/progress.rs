//! The progress bar on stderr: shown only when stderr is a terminal and the run has taken
//! more than half a second, so short runs, pipes and JSON output never see it.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Progress;

/// How long a run goes before the bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);

pub struct TerminalProgress {
    bar: ProgressBar,
    started: Mutex<Option<Instant>>,
}

impl TerminalProgress {
    /// A progress bar, or `None` when stderr is not a terminal.
    pub fn for_stderr() -> Option<TerminalProgress> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}").ok()?;
        bar.set_style(style);
        Some(TerminalProgress {
            bar,
            started: Mutex::new(None),
        })
    }
}

impl Progress for TerminalProgress {
    fn start(&self, files: usize) {
        self.bar.set_length(files as u64);
        if let Ok(mut started) = self.started.lock() {
            *started = Some(Instant::now());
        }
    }

    fn advance(&self) {
        self.bar.inc(1);
        if self.bar.is_hidden() {
            let due = self
                .started
                .lock()
                .ok()
                .and_then(|s| *s)
                .is_some_and(|s| s.elapsed() > SHOW_AFTER);
            if due {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
