//! `check` over a run: every file's findings, each with the unit it belongs to, and each
//! unit's forecast: would `fix` move it, and if not, what blocks it.

use std::collections::HashMap;
use std::path::Path;

use super::{collect, Collected};
use crate::pipeline::FileReport;
use crate::project::fate::{self, UnitReport, UnitStatus};
use crate::project::Project;
use crate::settings::Settings;
use crate::walk::MissingPath;
use crate::{Progress, RunTotals};

/// The outcome of `check`.
#[derive(Debug)]
pub struct CheckRun {
    /// Files with findings or errors, in path order.
    pub reports: Vec<FileReport>,
    /// The units that use an SDK, with their forecast.
    pub units: Vec<UnitReport>,
    /// Every file the run read, in path order (for reports that list passing files too).
    pub checked: Vec<std::path::PathBuf>,
    pub totals: RunTotals,
}

impl CheckRun {
    /// Whether every file failed, so nothing was really checked.
    pub fn nothing_checked(&self) -> bool {
        let failed = self.reports.iter().filter(|r| r.error.is_some()).count();
        failed > 0 && failed == self.totals.files_scanned
    }
}

/// Runs `check` over the settings' paths.
pub fn check(settings: &Settings, progress: &dyn Progress) -> Result<CheckRun, MissingPath> {
    let Collected {
        reports,
        project,
        checked,
        totals,
    } = collect(settings, progress)?;
    let mut reports: Vec<FileReport> = reports.into_iter().map(|(report, _)| report).collect();
    for report in &mut reports {
        report.unit = project
            .file(&report.path)
            .and_then(|f| project.unit_of(f))
            .map(|u| u.id.clone());
    }
    let units = forecast(&project, &reports);
    Ok(CheckRun {
        reports,
        units,
        checked,
        totals,
    })
}

/// Each unit's forecast from its members' findings.
fn forecast(project: &Project, reports: &[FileReport]) -> Vec<UnitReport> {
    let by_path: HashMap<&Path, &FileReport> = reports.iter().map(|r| (r.path.as_path(), r)).collect();
    project
        .units
        .iter()
        .filter(|unit| unit.in_run(project))
        .map(|unit| {
            let blockers_found = || {
                let mut blockers = fate::unit_blockers(project, unit, false);
                let except = unit.page_missing.then(|| fate::page_missing_reason(unit));
                for member in unit.legacy_members(project) {
                    let path = &project.files[member].path;
                    let Some(report) = by_path.get(path.as_path()) else {
                        continue;
                    };
                    match (&report.source, &report.error) {
                        (_, Some(error)) => blockers.push(fate::file_blocker(path.clone(), error.clone())),
                        (Some(source), None) => blockers.extend(fate::finding_blockers(
                            source,
                            &report.diagnostics,
                            false,
                            except.as_deref(),
                        )),
                        (None, None) => {}
                    }
                }
                blockers
            };
            let (status, blockers) = if unit.legacy_members(project).next().is_none() {
                (UnitStatus::Clean, Vec::new())
            } else {
                let blockers = blockers_found();
                let status = if blockers.is_empty() {
                    UnitStatus::Fixable
                } else if blockers.iter().all(|b| b.unsafe_fix) {
                    UnitStatus::NeedsUnsafeFixes
                } else {
                    UnitStatus::Blocked
                };
                (status, blockers)
            };
            UnitReport {
                id: unit.id.clone(),
                members: fate::members(project, unit),
                status,
                blockers,
            }
        })
        .collect()
}
