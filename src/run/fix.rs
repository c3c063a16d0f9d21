//! `fix` over a run, unit by unit (DESIGN.md promise 7): every file with findings is fixed in
//! memory first; a unit whose legacy files all came out migrated is then written (or diffed)
//! whole, and a unit with one blocker is left entirely as it is, with every blocker listed. A
//! unit whose writes fail half-way is put back as it was.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::{collect, Collected};
use crate::diagnostic::Diagnostic;
use crate::migrate;
use crate::parallel;
use crate::pipeline::FileReport;
use crate::project::fate::{self, Blocker, Side, UnitReport, UnitStatus};
use crate::rules::{RuleId, RuleOptions};
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::walk::MissingPath;
use crate::{report, write, FixMode, Progress, RunTotals};

/// What `fix` did to one file.
#[derive(Debug)]
pub struct FileFix {
    /// The findings left (on the fixed text, or on the original when it was left), the file,
    /// and any error.
    pub report: FileReport,
    pub fixed_per_rule: BTreeMap<RuleId, usize>,
    /// The file was changed (or, with `--diff`, would be).
    pub changed: bool,
    /// With `--diff`: the unified diff.
    pub diff: Option<String>,
    /// Why a file with findings was left as it was.
    pub unchanged: Option<String>,
    /// The text as read and its findings, to write back or report when its unit stays.
    original: Option<(String, Vec<Diagnostic>)>,
}

impl FileFix {
    /// A file's outcome in a run that edits files one by one, outside units
    /// (`fix --add-suppressions`).
    pub(crate) fn single(
        report: FileReport,
        fixed_per_rule: BTreeMap<RuleId, usize>,
        changed: bool,
        diff: Option<String>,
        unchanged: Option<String>,
    ) -> FileFix {
        FileFix {
            report,
            fixed_per_rule,
            changed,
            diff,
            unchanged,
            original: None,
        }
    }
}

/// The outcome of `fix`.
#[derive(Debug)]
pub struct FixRun {
    /// Files with findings, changes or errors, in path order.
    pub files: Vec<FileFix>,
    /// The units that use an SDK: migrated, left (with their blockers), or clean.
    pub units: Vec<UnitReport>,
    pub totals: RunTotals,
}

/// Runs `fix` over the settings' paths.
pub fn fix(
    settings: &Settings,
    mode: FixMode,
    unsafe_fixes: bool,
    progress: &dyn Progress,
) -> Result<FixRun, MissingPath> {
    let Collected {
        reports,
        project,
        mut totals,
        ..
    } = collect(settings, progress)?;
    let start = std::time::Instant::now();
    let mut files: Vec<FileFix> = parallel::map_in_order(settings.jobs, reports, |(report, facts)| {
        let mut options = settings.rules_for(&report.path).clone();
        options.unit = facts;
        fix_in_memory(report, &options, unsafe_fixes, mode)
    });
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.report.path.clone(), i))
        .collect();

    let mut units = Vec::new();
    for unit in project.units.iter().filter(|unit| unit.in_run(&project)) {
        let legacy: Vec<usize> = unit
            .legacy_members(&project)
            .filter_map(|m| by_path.get(&project.files[m].path).copied())
            .collect();
        for &i in &legacy {
            files[i].report.unit = Some(unit.id.clone());
        }
        let mut members = fate::members(&project, unit);
        if unit.legacy_members(&project).next().is_none() {
            units.push(UnitReport {
                id: unit.id.clone(),
                members,
                status: UnitStatus::Clean,
                blockers: Vec::new(),
            });
            continue;
        }
        let mut blockers = fate::unit_blockers(&project, unit, unsafe_fixes);
        let except = unit.page_missing.then(|| fate::page_missing_reason(unit));
        for &i in &legacy {
            blockers.extend(file_blockers(&files[i], unsafe_fixes, except.as_deref()));
        }
        if blockers.is_empty() && mode == FixMode::Write {
            if let Err(blocker) = write_unit(&mut files, &legacy) {
                blockers.push(blocker);
            }
        }
        let status = if blockers.is_empty() {
            // (a script the run leaves out keeps its SDK: only `--unsafe-fixes` gets here with one)
            for (member, &file) in members.iter_mut().zip(&unit.members) {
                if !member.outside_run && project.files[file].links.left_out.is_none() {
                    member.side = Side::Wecom;
                }
            }
            UnitStatus::Migrated
        } else {
            for &i in &legacy {
                keep_unchanged(&mut files[i], &unit.id, blockers.len());
            }
            UnitStatus::Blocked
        };
        units.push(UnitReport {
            id: unit.id.clone(),
            members,
            status,
            blockers,
        });
    }
    // Files outside every unit (findings that do not touch the SDK, such as warnings) are
    // written on their own.
    if mode == FixMode::Write {
        for file in files.iter_mut().filter(|f| f.report.unit.is_none() && f.changed) {
            if let Err(error) = write_one(file) {
                file.report.error = Some(error);
                keep_original(file);
            }
        }
    }
    totals.elapsed += start.elapsed();
    Ok(FixRun { files, units, totals })
}

/// Fixes one file in memory (and diffs it with `--diff`); nothing is written yet.
fn fix_in_memory(mut report: FileReport, options: &RuleOptions, unsafe_fixes: bool, mode: FixMode) -> FileFix {
    let mut file = FileFix {
        report: FileReport::failed(PathBuf::new(), String::new()),
        fixed_per_rule: BTreeMap::new(),
        changed: false,
        diff: None,
        unchanged: None,
        original: None,
    };
    let Some(source) = report.source.take() else {
        file.report = report;
        return file;
    };
    let found = std::mem::take(&mut report.diagnostics);
    let original = source.text.clone();
    let kind = source.kind;
    let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        migrate::fix_checked(source, found.clone(), options, unsafe_fixes)
    }));
    let outcome = match fixed {
        Ok(outcome) => outcome,
        Err(payload) => {
            report.error = Some(super::internal_error(payload));
            report.source = Some(SourceFile::new(report.path.clone(), kind, original));
            report.diagnostics = found;
            file.report = report;
            return file;
        }
    };
    if let Some(fixed) = &outcome.fixed {
        if mode == FixMode::Diff {
            file.diff = Some(report::unified_diff(&report.path, &original, fixed));
        }
        file.changed = true;
        file.fixed_per_rule = outcome.fixed_per_rule;
    }
    report.diagnostics = outcome.remaining;
    report.source = Some(outcome.source);
    file.report = report;
    file.unchanged = outcome.unchanged;
    file.original = Some((original, found));
    file
}

/// Why a file keeps its unit on jweixin: its findings whose fixes may not be applied, or the
/// reason the fix loop gave up on it.
fn file_blockers(file: &FileFix, unsafe_fixes: bool, except: Option<&str>) -> Vec<Blocker> {
    let path = &file.report.path;
    if let Some(error) = &file.report.error {
        return vec![fate::file_blocker(path.clone(), error.clone())];
    }
    let Some(reason) = &file.unchanged else {
        return Vec::new();
    };
    let found = match &file.report.source {
        Some(source) => fate::finding_blockers(source, &file.report.diagnostics, unsafe_fixes, except),
        None => Vec::new(),
    };
    if found.is_empty() && except.is_none() {
        vec![fate::file_blocker(path.clone(), reason.clone())]
    } else {
        found
    }
}

/// Leaves a file of a blocked unit as it was, saying why.
fn keep_unchanged(file: &mut FileFix, unit: &str, blockers: usize) {
    keep_original(file);
    if file.unchanged.is_none() {
        file.unchanged = Some(format!(
            "its unit `{unit}` cannot move whole ({blockers} {} listed below)",
            if blockers == 1 { "blocker" } else { "blockers" }
        ));
    }
}

/// The file as read, with its findings on that text.
fn keep_original(file: &mut FileFix) {
    file.changed = false;
    file.diff = None;
    file.fixed_per_rule.clear();
    if let (Some((original, found)), Some(source)) = (&file.original, &file.report.source) {
        if source.text != *original {
            file.report.source = Some(SourceFile::new(source.path.clone(), source.kind, original.clone()));
            file.report.diagnostics = found.clone();
        }
    }
}

/// Writes the changed files of a unit; if one cannot be written, puts back those already
/// written and says why the unit stays.
fn write_unit(files: &mut [FileFix], members: &[usize]) -> Result<(), Blocker> {
    let mut written: Vec<usize> = Vec::new();
    for &i in members {
        if !files[i].changed {
            continue;
        }
        if let Err(error) = write_one(&files[i]) {
            let path = files[i].report.path.clone();
            for &w in &written {
                restore(&files[w]);
            }
            return Err(fate::file_blocker(
                path,
                format!("{error}; the unit's other files were put back as they were"),
            ));
        }
        written.push(i);
    }
    Ok(())
}

fn write_one(file: &FileFix) -> Result<(), String> {
    match (&file.original, &file.report.source) {
        (Some((original, _)), Some(source)) => {
            write::write_checked_in(&file.report.path, original, &source.text, file.report.encoding)
        }
        _ => Ok(()),
    }
}

/// Puts a written file back as it was read.
fn restore(file: &FileFix) {
    if let (Some((original, _)), Some(source)) = (&file.original, &file.report.source) {
        // The file was just written with this text; if it changed again meanwhile, it is left.
        let _ = write::write_checked_in(&file.report.path, &source.text, original, file.report.encoding);
    }
}
