//! `jweixin-migrate`: finds code written against the legacy WeCom/WeChat JS-SDK (jweixin: the
//! global `wx`/`jWeixin`, npm `weixin-js-sdk`, `jweixin-module`) and migrates it to
//! `@wecom/jssdk` (`ww`).
//!
//! Data flow of a run:
//!
//! ```text
//! args --clap--> Settings (validated once)
//!   --walk--> sorted candidate files (skips node_modules, .git, dist, build, mini-program roots)
//!   --rayon, per file--> read -> prefilter -> extract script blocks (.vue/.html) -> parse (swc)
//!       -> resolve the legacy SDK object, scope-aware -> rules -> diagnostics
//!       -> FileReport { path, diagnostics, error }
//!   --> in path order --> report (human | json | github | sarif) --> exit status
//! ```
//!
//! Only `parse` knows swc positions; everything after it works on byte ranges of the whole file.

pub mod api_table;
pub mod cli;
pub mod diagnostic;
pub mod fix;
pub mod package_json;
pub mod parse;
pub mod pipeline;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod sdk;
pub mod settings;
pub mod source;
pub mod walk;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::pipeline::FileReport;
use crate::settings::Settings;
use crate::walk::{Candidate, MissingPath, SkipReason};

/// Stack for worker threads: swc's visitors recurse once per nesting level.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// The outcome of `check` over all files.
#[derive(Debug)]
pub struct CheckRun {
    /// Files with findings or errors, in path order.
    pub reports: Vec<FileReport>,
    /// Files read (parsed or ruled out by the byte prefilter).
    pub files_scanned: usize,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Folders that could not be walked.
    pub walk_errors: Vec<(PathBuf, String)>,
    pub elapsed: Duration,
}

impl CheckRun {
    /// Whether every file failed, so nothing was really checked.
    pub fn nothing_checked(&self) -> bool {
        let failed = self.reports.iter().filter(|r| r.error.is_some()).count();
        failed > 0 && failed == self.files_scanned
    }
}

/// Runs `check` over the settings' paths.
pub fn run_check(settings: &Settings) -> Result<CheckRun, MissingPath> {
    let start = Instant::now();
    let discovery = walk::discover(&settings.paths, &settings.exclude)?;
    let reports = in_pool(settings.jobs, || {
        discovery.files.par_iter().map(check_guarded).collect::<Vec<_>>()
    });
    let mut skipped = discovery.skipped;
    let mut files_scanned = 0;
    let mut kept = Vec::new();
    for report in reports {
        if let Some(reason) = report.skipped {
            *skipped.entry(reason).or_default() += 1;
            continue;
        }
        files_scanned += 1;
        if !report.diagnostics.is_empty() || report.error.is_some() {
            kept.push(report);
        }
    }
    Ok(CheckRun {
        reports: kept,
        files_scanned,
        skipped,
        walk_errors: discovery.errors,
        elapsed: start.elapsed(),
    })
}

/// Runs `work` on a thread pool of `jobs` threads with large stacks.
fn in_pool<T: Send>(jobs: usize, work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK_BYTES)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Checks one file; a panic becomes an error for that file and the run goes on.
fn check_guarded(candidate: &Candidate) -> FileReport {
    std::panic::catch_unwind(|| pipeline::check_file(candidate))
        .unwrap_or_else(|payload| FileReport::failed(candidate.path.clone(), internal_error(payload)))
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
