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
//!   --rayon, per file--> read -> prefilter -> extract script blocks (.vue/.html) -> parse (swc)
//!       -> resolve the legacy SDK object, scope-aware -> rules -> diagnostics
//!       -> FileReport { path, diagnostics (each with its fix), error }
//!       -> [fix] apply fixes, check again, repeat until nothing is left (migrate.rs),
//!          write atomically or keep a diff
//!       -> rendered (human | json | github | sarif | diff) on the same worker
//!   --> in path order, as files finish --> stdout; counts only --> summary, exit status
//! ```
//!
//! Only `parse` knows swc positions; everything after it works on byte ranges of the whole file.

pub mod api_table;
pub mod apply;
pub mod cli;
pub mod diagnostic;
pub mod fix;
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
pub mod scope;
pub mod sdk;
pub mod settings;
pub mod source;
pub mod walk;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::pipeline::FileReport;
use crate::settings::Settings;
use crate::walk::{Candidate, MissingPath, SkipReason};

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

/// The outcome of `check` over all files, every report kept (for library use and tests; the
/// command streams instead, see [`check_each`]).
#[derive(Debug)]
pub struct CheckRun {
    /// Files with findings or errors, in path order.
    pub reports: Vec<FileReport>,
    pub totals: RunTotals,
}

impl CheckRun {
    /// Whether every file failed, so nothing was really checked.
    pub fn nothing_checked(&self) -> bool {
        let failed = self.reports.iter().filter(|r| r.error.is_some()).count();
        failed > 0 && failed == self.totals.files_scanned
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

/// Runs `check` over the settings' paths and keeps every report with findings or errors.
pub fn run_check(settings: &Settings) -> Result<CheckRun, MissingPath> {
    let mut reports = Vec::new();
    let totals = check_each(
        settings,
        &NoProgress,
        |report| report,
        |report: FileReport| {
            if !report.diagnostics.is_empty() || report.error.is_some() {
                reports.push(report);
            }
        },
    )?;
    Ok(CheckRun { reports, totals })
}

/// Runs `check`: each file's report goes through `handle` on a worker thread, and what that
/// returns reaches `emit` in path order (on a worker, one call at a time), while other files are
/// still checked.
pub fn check_each<T: Send>(
    settings: &Settings,
    progress: &dyn Progress,
    handle: impl Fn(FileReport) -> T + Sync,
    mut emit: impl FnMut(T) + Send,
) -> Result<RunTotals, MissingPath> {
    let start = Instant::now();
    let mut counted = RunTotals::default();
    let totals = &mut counted;
    let walked = parallel::each_file(
        settings,
        progress,
        |candidate| {
            let report = check_guarded(candidate, &settings.rules);
            match report.skipped {
                Some(reason) => Err(reason),
                None => Ok(handle(report)),
            }
        },
        |result| match result {
            Err(reason) => *totals.skipped.entry(reason).or_default() += 1,
            Ok(handled) => {
                totals.files_scanned += 1;
                emit(handled);
            }
        },
    )?;
    counted.add_walk(walked);
    counted.elapsed = start.elapsed();
    Ok(counted)
}

impl RunTotals {
    fn add_walk(&mut self, walked: walk::WalkSummary) {
        for (reason, n) in walked.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        self.walk_errors = walked.errors;
    }
}

/// How `fix` delivers its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Write fixed files in place.
    Write,
    /// Write nothing; keep a unified diff per file.
    Diff,
}

/// What `fix` did to one file.
#[derive(Debug)]
pub struct FileFix {
    /// The findings left (on the fixed text), the file, and any error.
    pub report: FileReport,
    pub fixed_per_rule: BTreeMap<rules::RuleId, usize>,
    /// The file was changed (or, with `--diff`, would be).
    pub changed: bool,
    /// With `--diff`: the unified diff.
    pub diff: Option<String>,
    /// Why a file with findings was left as it was.
    pub unchanged: Option<String>,
}

/// The outcome of `fix` over all files, every file with something to say kept.
#[derive(Debug)]
pub struct FixRun {
    /// Files with findings, changes or errors, in path order.
    pub files: Vec<FileFix>,
    pub totals: RunTotals,
}

/// Runs `fix` over the settings' paths and keeps every file with findings, changes or errors.
pub fn run_fix(settings: &Settings, mode: FixMode, unsafe_fixes: bool) -> Result<FixRun, MissingPath> {
    let mut files = Vec::new();
    let totals = fix_each(
        settings,
        mode,
        unsafe_fixes,
        &NoProgress,
        |file| file,
        |file: FileFix| {
            if file.changed || !file.report.diagnostics.is_empty() || file.report.error.is_some() {
                files.push(file);
            }
        },
    )?;
    Ok(FixRun { files, totals })
}

/// Runs `fix`: like [`check_each`], each file's outcome goes through `handle` on a worker
/// thread and the result reaches `emit` in path order.
pub fn fix_each<T: Send>(
    settings: &Settings,
    mode: FixMode,
    unsafe_fixes: bool,
    progress: &dyn Progress,
    handle: impl Fn(FileFix) -> T + Sync,
    mut emit: impl FnMut(T) + Send,
) -> Result<RunTotals, MissingPath> {
    let start = Instant::now();
    let mut counted = RunTotals::default();
    let totals = &mut counted;
    let walked = parallel::each_file(
        settings,
        progress,
        |candidate| {
            let file = fix_guarded(candidate, &settings.rules, mode, unsafe_fixes);
            match file.report.skipped {
                Some(reason) => Err(reason),
                None => Ok(handle(file)),
            }
        },
        |result| match result {
            Err(reason) => *totals.skipped.entry(reason).or_default() += 1,
            Ok(handled) => {
                totals.files_scanned += 1;
                emit(handled);
            }
        },
    )?;
    counted.add_walk(walked);
    counted.elapsed = start.elapsed();
    Ok(counted)
}

fn fix_guarded(candidate: &Candidate, options: &rules::RuleOptions, mode: FixMode, unsafe_fixes: bool) -> FileFix {
    std::panic::catch_unwind(|| {
        panic_for_tests(candidate);
        fix_file(candidate, options, mode, unsafe_fixes)
    })
    .unwrap_or_else(|payload| FileFix {
        report: FileReport::failed(candidate.path.clone(), internal_error(payload)),
        fixed_per_rule: BTreeMap::new(),
        changed: false,
        diff: None,
        unchanged: None,
    })
}

/// Reads, fixes and writes (or diffs) one file.
fn fix_file(candidate: &Candidate, options: &rules::RuleOptions, mode: FixMode, unsafe_fixes: bool) -> FileFix {
    let mut result = FileFix {
        report: pipeline::check_file(candidate, options),
        fixed_per_rule: BTreeMap::new(),
        changed: false,
        diff: None,
        unchanged: None,
    };
    let Some(source) = result.report.source.take() else {
        return result;
    };
    let original = source.text.clone();
    let found = std::mem::take(&mut result.report.diagnostics);
    let outcome = migrate::fix_checked(source, found, options, unsafe_fixes);
    result.unchanged = outcome.unchanged;
    if let Some(fixed) = &outcome.fixed {
        match mode {
            FixMode::Diff => {
                result.diff = Some(report::unified_diff(&candidate.path, &original, fixed));
                result.changed = true;
            }
            FixMode::Write => match write::write_checked(&candidate.path, &original, fixed) {
                Ok(()) => result.changed = true,
                Err(error) => {
                    result.report.error = Some(error);
                    let file = source::SourceFile::new(candidate.path.clone(), candidate.kind, original);
                    result.report.diagnostics = pipeline::check_source(&file, options);
                    result.report.source = Some(file);
                    return result;
                }
            },
        }
        result.fixed_per_rule = outcome.fixed_per_rule;
    }
    result.report.diagnostics = outcome.remaining;
    if !result.report.diagnostics.is_empty() {
        result.report.source = Some(outcome.source);
    }
    result
}

/// What `fix --stdin-filename` produces: the text to print and the findings left.
#[derive(Debug)]
pub struct TextFix {
    pub text: String,
    pub report: FileReport,
    pub legacy_left: bool,
}

/// Fixes one source given as bytes, as if it were the file at `path` (the editor command).
/// Runs on a worker thread with a large stack; a panic becomes an error.
pub fn fix_text(
    path: &std::path::Path,
    bytes: Vec<u8>,
    options: &rules::RuleOptions,
    unsafe_fixes: bool,
) -> Result<TextFix, String> {
    let path = path.to_path_buf();
    let options = options.clone();
    std::thread::Builder::new()
        .stack_size(parallel::WORKER_STACK_BYTES)
        .spawn(move || fix_text_here(&path, bytes, &options, unsafe_fixes))
        .map_err(|e| format!("cannot start a worker thread: {e}"))?
        .join()
        .unwrap_or_else(|payload| Err(internal_error(payload)))
}

fn fix_text_here(
    path: &std::path::Path,
    bytes: Vec<u8>,
    options: &rules::RuleOptions,
    unsafe_fixes: bool,
) -> Result<TextFix, String> {
    let text = pipeline::text_from_bytes(bytes)?;
    if let Some(depth) = parse::too_deep(&text) {
        return Err(format!(
            "brackets nest more than {} levels deep (at least {depth}); the tool does not check code this deep",
            parse::MAX_NESTING
        ));
    }
    let kind = source::FileKind::from_path(path).unwrap_or_else(|| walk::kind_of_unknown(path));
    let file = source::SourceFile::new(path.to_path_buf(), kind, text.clone());
    let outcome = migrate::fix_source(file, options, unsafe_fixes);
    let legacy_left = outcome
        .remaining
        .iter()
        .any(|d| d.severity == diagnostic::Severity::Error);
    let report = FileReport {
        path: path.to_path_buf(),
        diagnostics: outcome.remaining,
        source: Some(outcome.source),
        error: outcome.unchanged,
        skipped: None,
        links: Default::default(),
    };
    Ok(TextFix {
        text: outcome.fixed.unwrap_or(text),
        report,
        legacy_left,
    })
}

/// Checks one file; a panic becomes an error for that file and the run goes on.
fn check_guarded(candidate: &Candidate, options: &rules::RuleOptions) -> FileReport {
    std::panic::catch_unwind(|| {
        panic_for_tests(candidate);
        pipeline::check_file(candidate, options)
    })
    .unwrap_or_else(|payload| FileReport::failed(candidate.path.clone(), internal_error(payload)))
}

/// Debug builds only: panics on a file whose name ends with `JWEIXIN_MIGRATE_TEST_PANIC`, so
/// the tests can show that one file's panic does not stop the run.
fn panic_for_tests(candidate: &Candidate) {
    if cfg!(debug_assertions) {
        if let Some(suffix) = std::env::var_os("JWEIXIN_MIGRATE_TEST_PANIC") {
            if candidate
                .path
                .as_os_str()
                .to_string_lossy()
                .ends_with(&*suffix.to_string_lossy())
            {
                panic!("test panic requested by JWEIXIN_MIGRATE_TEST_PANIC");
            }
        }
    }
}

/// The message for a panic caught while working on one file.
pub fn internal_error(payload: Box<dyn std::any::Any + Send>) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error while checking this file ({detail}); the file was left alone, please report this")
}
