//! `jweixin-migrate`: finds code written against the legacy WeCom/WeChat JS-SDK (jweixin: the
//! global `wx`/`jWeixin`, npm `weixin-js-sdk`, `jweixin-module`) and migrates it to
//! `@wecom/jssdk` (`ww`).
//!
//! Data flow of a run:
//!
//! ```text
//! args --clap--> Settings (validated once)
//!   --walk (this thread)--> candidate files in path order (skips node_modules, .git, dist,
//!       build, mini-program roots), handed out while the walk goes on (parallel.rs)
//!   --rayon, per file--> read -> prefilter -> extract script blocks (.vue/.html/templates)
//!       -> parse (swc) -> resolve the legacy SDK object, scope-aware -> rules -> diagnostics
//!       -> FileReport { path, diagnostics (each with its fix), links, error }
//!   --> project pass (project/): links -> migration units -> facts each file's rules get
//!   --> check: each finding with its unit, each unit's forecast
//!       fix: every file fixed in memory (migrate.rs), then unit by unit: all of a unit's
//!       files written (or diffed) or none (run/fix.rs)
//!   --> rendered (human | json | github | sarif | diff) in path order --> summary, exit status
//! ```
//!
//! Only `parse` knows swc positions; everything after it works on byte ranges of the whole file.

pub mod api_table;
pub mod apply;
pub mod baseline;
pub mod cli;
pub mod config;
pub(crate) mod credentials;
pub mod diagnostic;
pub mod fingerprint;
pub mod fix;
pub mod ignore_files;
pub mod invariants;
pub mod migrate;
pub mod package_json;
pub mod parallel;
pub mod parse;
pub mod pipeline;
pub mod prefilter;
pub mod project;
pub mod report;
pub mod rules;
pub mod run;
pub mod scope;
pub mod sdk;
pub mod server;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod walk;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

pub use run::check::CheckRun;
pub use run::fix::{FileFix, FixRun};
pub(crate) use run::panic_for_tests;
pub use run::text::{fix_text, TextFix};
pub use run::{internal_error, panic_message};

use crate::settings::Settings;
use crate::walk::{MissingPath, SkipReason};

/// What a whole run counted besides the per-file results.
#[derive(Debug, Default)]
pub struct RunTotals {
    /// Files read (parsed or ruled out by the byte prefilter).
    pub files_scanned: usize,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Folders that could not be walked.
    pub walk_errors: Vec<(PathBuf, String)>,
    pub elapsed: Duration,
}

impl RunTotals {
    pub(crate) fn add_walk(&mut self, walked: walk::WalkSummary) {
        for (reason, n) in walked.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        self.walk_errors = walked.errors;
    }
}

/// Told how far a run has got, for a progress display.
pub trait Progress: Sync {
    /// The walk found one more file.
    fn found(&self);
    /// One more file is done.
    fn advance(&self);
    /// The run is over.
    fn finish(&self);
}

/// No progress display.
pub struct NoProgress;

impl Progress for NoProgress {
    fn found(&self) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// How `fix` delivers its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Write fixed files in place.
    Write,
    /// Write nothing; keep a unified diff per file.
    Diff,
}

/// Runs `check` over the settings' paths: every file with findings or errors, and the units.
pub fn run_check(settings: &Settings) -> Result<CheckRun, MissingPath> {
    run::check::check(settings, &NoProgress)
}

/// Runs `check` with a progress display.
pub fn run_check_with(settings: &Settings, progress: &dyn Progress) -> Result<CheckRun, MissingPath> {
    run::check::check(settings, progress)
}

/// Runs `fix` over the settings' paths, unit by unit.
pub fn run_fix(settings: &Settings, mode: FixMode, unsafe_fixes: bool) -> Result<FixRun, MissingPath> {
    run::fix::fix(settings, mode, unsafe_fixes, &NoProgress)
}

/// Runs `fix` with a progress display.
pub fn run_fix_with(
    settings: &Settings,
    mode: FixMode,
    unsafe_fixes: bool,
    progress: &dyn Progress,
) -> Result<FixRun, MissingPath> {
    run::fix::fix(settings, mode, unsafe_fixes, progress)
}
