//! A whole run in two phases (DESIGN.md data flow): the per-file pass checks every file on the
//! worker pool and records its links; the project pass joins the files into migration units,
//! hands each file what its unit proves (`UnitFacts`), and then `check` reports and `fix`
//! decides unit by unit ([`check`], [`fix`]).

pub mod check;
pub mod fix;
mod left_out;
pub mod text;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::Diagnostic;
use crate::parallel;
use crate::pipeline::{self, FileReport};
use crate::project::fate::page_missing_reason;
use crate::project::links::FileLinks;
use crate::project::resolve::absolute;
use crate::project::{PlainScript, Project, ProjectFile};
use crate::rules::{RuleId, RuleOptions, UnitFacts};
use crate::settings::Settings;
use crate::source::FileKind;
use crate::walk::{Candidate, MissingPath};
use crate::{Progress, RunTotals};

/// What the per-file pass and the project pass produced.
pub(crate) struct Collected {
    /// Files of the run with findings or errors, in path order, each with the facts its unit
    /// gave it (its findings already reflect them).
    pub reports: Vec<(FileReport, UnitFacts)>,
    pub project: Project,
    /// Every file of the run that was read, in path order.
    pub checked: Vec<PathBuf>,
    pub totals: RunTotals,
}

/// Checks every file of the run (and, for a file named alone, the rest of its project, read
/// only to find its unit), then builds the units and applies their facts.
pub(crate) fn collect(settings: &Settings, progress: &dyn Progress) -> Result<Collected, MissingPath> {
    let start = Instant::now();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut totals = RunTotals::default();
    let mut reports = Vec::new();
    let mut files = Vec::new();
    let mut checked = Vec::new();
    // Scripts with nothing to link (no SDK use, no imports), kept aside in case one mentions
    // a function that receives the SDK object (see `add_mentions`).
    let mut plain_scripts: Vec<(PathBuf, FileKind)> = Vec::new();
    // Copies of jweixin the run skipped for their content, which modules may import.
    let mut sdk_copies: Vec<PathBuf> = Vec::new();
    let walked = parallel::each_file(
        settings,
        &settings.paths,
        progress,
        |candidate| {
            (
                candidate.kind,
                check_guarded(candidate, settings.rules_for(&candidate.path)),
            )
        },
        |(kind, mut report)| {
            if let Some(reason) = report.skipped {
                *totals.skipped.entry(reason).or_default() += 1;
                if reason == crate::SkipReason::VendoredSdk {
                    sdk_copies.push(absolute(&cwd, &report.path));
                }
                return;
            }
            totals.files_scanned += 1;
            checked.push(report.path.clone());
            let mut links = std::mem::take(&mut report.links);
            links.sdk.unknown |= report.error.is_some();
            if ProjectFile::matters(kind, &links) {
                files.push(ProjectFile {
                    absolute: absolute(&cwd, &report.path),
                    path: report.path.clone(),
                    kind,
                    links,
                    in_run: true,
                });
            } else if matches!(kind, FileKind::Script { .. }) && report.error.is_none() {
                plain_scripts.push((report.path.clone(), kind));
            }
            if !report.diagnostics.is_empty() || report.error.is_some() {
                reports.push(report);
            }
        },
    )?;
    totals.add_walk(walked);

    let context = context_roots(&settings.paths, &cwd);
    if !context.is_empty() {
        let seen: HashSet<PathBuf> = files.iter().map(|f| f.absolute.clone()).collect();
        let (context_files, context_plain_scripts) = context_files(settings, &context, &cwd, &seen);
        files.extend(context_files);
        plain_scripts.extend(context_plain_scripts);
    }

    let read: HashSet<PathBuf> = files
        .iter()
        .map(|f| f.absolute.clone())
        .chain(plain_scripts.iter().map(|(path, _)| absolute(&cwd, path)))
        .collect();
    let left_out = left_out::loaded_scripts(settings, &files, &read, &cwd);
    files.extend(left_out);
    add_mentions(&mut files, &plain_scripts, &cwd);
    let loaded = page_scripts(&files, plain_scripts);
    panic_for_tests(Path::new("@units"));
    let project = Project::build_with_page_scripts(files, loaded, sdk_copies);
    let seen: HashSet<PathBuf> = reports.iter().map(|r| r.path.clone()).collect();
    // (on the worker pool: a file checked again with its unit's facts costs a parse)
    let mut reports: Vec<(FileReport, UnitFacts)> = parallel::map_in_order(settings.jobs, reports, |report| {
        let options = settings.rules_for(&report.path);
        apply_facts(report, &project, options)
    });
    // Files whose SDK use shows only with their unit's facts (a function that receives the SDK
    // object): checked again with them.
    let before = reports.len();
    for file in project
        .files
        .iter()
        .filter(|f| (f.links.declares_sdk_functions || !f.links.sdk_copy_imports.is_empty()) && f.in_run)
    {
        if seen.contains(&file.path) {
            continue;
        }
        let mut options = settings.rules_for(&file.path).clone();
        options.unit = facts_of(&project, &file.path, options.registrar.as_deref());
        let candidate = Candidate {
            path: file.path.clone(),
            kind: file.kind,
            skip_sdk_copies: false,
        };
        let report = check_guarded(&candidate, &options);
        reports.push((report, options.unit));
    }
    if reports.len() > before {
        reports.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    }
    totals.elapsed = start.elapsed();
    Ok(Collected {
        reports,
        project,
        checked,
        totals,
    })
}

/// Brings into the project the plain scripts (no SDK use, nothing linked) that mention a
/// function some file declares with a parameter used only to call the SDK and some file calls
/// with the SDK object (sdk/params.rs): a page that loads such a script may call the function
/// another way, which the unit must see before it proves the parameter. Runs (and reads those
/// scripts again) only when such a function exists.
pub(crate) fn add_mentions(files: &mut Vec<ProjectFile>, plain_scripts: &[(PathBuf, FileKind)], cwd: &Path) {
    let passed: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.links.sdk_passes.iter().map(|p| p.param.function.as_str()))
        .collect();
    let names: Vec<String> = files
        .iter()
        .flat_map(|f| f.links.sdk_params.iter())
        .filter(|p| passed.contains(p.function.as_str()))
        .map(|p| p.function.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    for (path, kind) in plain_scripts {
        let Ok(bytes) = std::fs::read(path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        if names.iter().any(|n| crate::sdk::params::count_mentions(&text, n) > 0) {
            files.push(ProjectFile {
                absolute: absolute(cwd, path),
                path: path.clone(),
                kind: *kind,
                links: FileLinks {
                    mentions_sdk_functions: true,
                    ..FileLinks::default()
                },
                in_run: true,
            });
        }
    }
}

/// The plain scripts (no SDK use, nothing linked) a page loads, by file name, that mention a
/// function a classic script of the SDK declares (a configurator, sdk/configurators.rs, or one
/// only event attributes may call, sdk/handlers.rs): a call there may run at load, or again,
/// and the units read them for it (they join no unit: they need no change). Reads them again
/// only when such a function exists.
pub(crate) fn page_scripts(files: &[ProjectFile], plain_scripts: Vec<(PathBuf, FileKind)>) -> Vec<PlainScript> {
    let mut names: Vec<&str> = files
        .iter()
        .flat_map(|f| {
            let handlers = f.links.page_functions.iter().map(|p| p.name.as_str());
            handlers.chain(f.links.configurators.iter().map(|c| c.name.as_str()))
        })
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    names.sort_unstable();
    names.dedup();
    let loaded: HashSet<&str> = files.iter().flat_map(|f| f.links.loaded_script_names()).collect();
    plain_scripts
        .into_iter()
        .filter(|(path, _)| {
            path.file_name()
                .is_some_and(|n| loaded.contains(n.to_string_lossy().as_ref()))
        })
        .filter_map(|(path, kind)| {
            let text = crate::pipeline::read_text(&path).ok()?.0;
            let mentions = names.iter().any(|n| crate::sdk::params::count_mentions(&text, n) > 0);
            mentions.then_some(PlainScript { path, kind, text })
        })
        .collect()
}

/// The files of the project folders `roots`, except those in `seen`, read only to find the
/// units of the run's files. Folders that cannot be walked only narrow what is known.
pub(crate) fn context_files(
    settings: &Settings,
    roots: &[PathBuf],
    cwd: &Path,
    seen: &HashSet<PathBuf>,
) -> (Vec<ProjectFile>, Vec<(PathBuf, FileKind)>) {
    let mut files = Vec::new();
    let mut plain_scripts = Vec::new();
    let _ = parallel::each_file(
        settings,
        roots,
        &crate::NoProgress,
        |candidate| {
            let path = absolute(cwd, &candidate.path);
            (!seen.contains(&path)).then(|| {
                let options = settings.rules_for(&candidate.path);
                (candidate.kind, path, check_guarded(candidate, options))
            })
        },
        |found| {
            let Some((kind, path, mut report)) = found else { return };
            if report.skipped.is_some() || report.error.is_some() {
                return;
            }
            if ProjectFile::matters(kind, &report.links) {
                files.push(ProjectFile {
                    absolute: path.clone(),
                    path,
                    kind,
                    links: std::mem::take(&mut report.links),
                    in_run: false,
                });
            } else if matches!(kind, FileKind::Script { .. }) {
                plain_scripts.push((path, kind));
            }
        },
    );
    (files, plain_scripts)
}

/// The facts a file's unit proves, for its rules. `registrar` is the module the team names as
/// the one that configures the SDK before any other code runs.
pub(crate) fn facts_of(project: &Project, path: &Path, registrar: Option<&Path>) -> UnitFacts {
    let Some(file) = project.file(path) else {
        return UnitFacts::default();
    };
    let Some(unit) = project.unit_of(file) else {
        return UnitFacts::default();
    };
    let named_registrar = || {
        let registrar = project.file_at(registrar?)?;
        let same_unit = project.unit_index(registrar) == project.unit_index(file);
        (registrar != file && same_unit && project.files[registrar].links.registers).then(|| {
            (
                0,
                format!(
                    "`{}`, named as the registrar (`registrar` in jweixin-migrate.toml, or --registrar), configures the SDK at its top level before any other code runs",
                    project.files[registrar].path.display()
                ),
            )
        })
    };
    let links = |&f: &usize| &project.files[f].links;
    let registered_before = project.registered_before(file).or_else(named_registrar);
    let (relay_for_others, relay_before) = project.error_relay(file);
    UnitFacts {
        gate_before: match registered_before {
            None if project.files[file].links.waits_unconfigured() => project.gate_before(file),
            _ => None,
        },
        declares_gate: project.declares_gate_for_others(file),
        gate_declared_here: match registered_before {
            None if project.files[file].links.waits_unconfigured() => project.gate_after(file),
            _ => None,
        },
        gate_declared_earlier: project.gate_declared_earlier(file),
        configured_again_on_page: project.configured_again_on_page(file),
        // another file's calls, or another script block's of this page
        raw_calls_elsewhere: unit.members.iter().any(|&m| {
            let links = &project.files[m].links;
            if m == file {
                links.raw_calls_unconfigured
            } else {
                links.raw_calls
            }
        }),
        registered_before,
        page_missing: unit.page_missing.then(|| page_missing_reason(unit)),
        configured_without_agent: unit.members.iter().map(links).any(|l| l.configures)
            && !unit.members.iter().map(links).any(|l| l.agent_config),
        proven_stores: unit.stores.proven.clone(),
        escaped_stores: unit.stores.escaped.clone(),
        sdk_params: unit.sdk_params.iter().map(|(p, _)| p.clone()).collect(),
        sdk_copy_imports: project.files[file].links.sdk_copy_imports.clone(),
        gated_functions: unit
            .sdk_params
            .iter()
            .filter(|(_, in_ready)| *in_ready)
            .map(|(p, _)| p.function.clone())
            .collect(),
        repeated_configurators: unit.repeated_configurators.clone(),
        event_handlers: unit.event_handlers.clone(),
        error_handlers_all_empty: project.files[file].links.error_handlers > 0
            && unit
                .members
                .iter()
                .map(links)
                .all(|l| l.error_handlers == l.empty_error_handlers),
        error_handlers_in_unit: unit.members.iter().map(links).map(|l| l.error_handlers).sum(),
        relay_for_others,
        relay_before,
        legacy_build: unit.legacy_build,
        page_loads_sdk: unit.members.iter().map(links).any(|l| l.sdk.loads_sdk()),
    }
}

/// Gives a report its unit's facts: findings checked again where a `wx.ready` may now have a
/// safe fix, fixes made unsafe where the unit has no page.
fn apply_facts(mut report: FileReport, project: &Project, options: &RuleOptions) -> (FileReport, UnitFacts) {
    let facts = facts_of(project, &report.path, options.registrar.as_deref());
    if facts == UnitFacts::default() {
        return (report, facts);
    }
    // Checking again costs a parse and the rules: only where a fact can change a finding.
    let unsafe_left = |rule: RuleId| report.diagnostics.iter().any(|d| d.rule == rule && !is_safe(d));
    let unfixed = |rule: RuleId| report.diagnostics.iter().any(|d| d.rule == rule && d.fix.is_none());
    let links = project.file(&report.path).map(|f| &project.files[f].links);
    let holds = |names: &[String]| links.is_some_and(|l| l.holders.iter().any(|h| names.iter().any(|n| n == h.name())));
    let passes_or_declares = links.is_some_and(|l| {
        l.sdk_passes.iter().any(|p| facts.sdk_params.contains(&p.param))
            || l.declares_sdk_functions
            || !l.sdk_copy_imports.is_empty()
    });
    let check_again = ((facts.registered_before.is_some() || facts.gate_before.is_some()) && unsafe_left(RuleId::WxReady))
        || facts.declares_gate
        || facts.gate_declared_here.is_some()
        || facts.gate_declared_earlier
        || facts.configured_again_on_page.is_some()
        || (facts.raw_calls_elsewhere && links.is_some_and(|l| l.configures && l.configs_without_beta))
        // (a page may configure in one script block and call on a later event in another;
        // a block that configures itself has the fact already)
        || (facts.configured_without_agent
            && links.is_some_and(|l| l.unconfigured_block)
            && unsafe_left(RuleId::WxApi))
        || holds(&facts.proven_stores)
        || holds(&facts.escaped_stores)
        || links.is_some_and(|l| {
            l.configurators
                .iter()
                .any(|c| facts.repeated_configurators.iter().any(|(name, _)| *name == c.name))
        })
        || passes_or_declares
        // (a handler the page's markup calls runs on a later event)
        || (links.is_some_and(|l| l.page_functions.iter().any(|p| facts.event_handlers.contains(&p.name)))
            && (unsafe_left(RuleId::WxApi) || unsafe_left(RuleId::WxInvoke) || unsafe_left(RuleId::WxOn)))
        // (the relay and the removal of empty handlers give a fix where there was none)
        || ((facts.error_handlers_all_empty || facts.error_handlers_in_unit > 0) && unfixed(RuleId::WxError))
        // (the relay a configuring file declares for the later scripts of its pages)
        || facts.relay_for_others > 0
        // (a member no jweixin build has, on the global of a page that loads jweixin)
        || (facts.page_loads_sdk && links.is_some_and(|l| l.foreign_members))
        // (the payment adapter needs the build the page loads)
        || (facts.legacy_build.is_some() && calls_unsafe(&report, RuleId::WxApi, "chooseWXPay"));
    match &report.source {
        Some(source) if check_again => {
            let mut options = options.clone();
            options.unit = facts.clone();
            report.diagnostics = pipeline::check_source(source, &options);
        }
        _ => facts.apply(&mut report.diagnostics),
    }
    (report, facts)
}

/// Whether a report has a finding of `rule` without a safe fix on a call of method `method`
/// (`wx.chooseWXPay`), whose range is the callee.
fn calls_unsafe(report: &FileReport, rule: RuleId, method: &str) -> bool {
    let Some(source) = &report.source else { return false };
    report.diagnostics.iter().any(|d| {
        d.rule == rule
            && !is_safe(d)
            && source
                .text
                .get(d.range.clone())
                .is_some_and(|callee| callee.ends_with(method))
    })
}

fn is_safe(diagnostic: &Diagnostic) -> bool {
    diagnostic
        .fix
        .as_ref()
        .is_some_and(|f| f.applicability == crate::fix::Applicability::Safe)
}

/// The project folders of the files given alone on the command line: the nearest folder
/// above each that holds a project marker (`package.json`, `.git`, `pom.xml`, ...). Their
/// files are read only to find the named file's unit.
pub(crate) fn context_roots(paths: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
    const MARKERS: &[&str] = &[
        ".git",
        "package.json",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "composer.json",
        "Gemfile",
        "manage.py",
        "go.mod",
        "pyproject.toml",
        "jweixin-migrate.toml",
        ".jweixin-migrate.toml",
    ];
    let mut roots: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let full = absolute(cwd, p);
            full.ancestors()
                .skip(1)
                .find(|folder| {
                    MARKERS.iter().any(|m| folder.join(m).exists())
                        || std::fs::read_dir(folder).is_ok_and(|mut entries| {
                            entries.any(|e| {
                                e.is_ok_and(|e| {
                                    let name = e.file_name();
                                    let name = name.to_string_lossy();
                                    name.ends_with(".sln") || name.ends_with(".csproj")
                                })
                            })
                        })
                })
                .map(Path::to_path_buf)
        })
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// Checks one file; a panic becomes an error for that file and the run goes on.
pub(crate) fn check_guarded(candidate: &Candidate, options: &RuleOptions) -> FileReport {
    std::panic::catch_unwind(|| {
        panic_for_tests(&candidate.path);
        pipeline::check_file(candidate, options)
    })
    .unwrap_or_else(|payload| FileReport::failed(candidate.path.clone(), internal_error(payload)))
}

/// Debug builds only: panics on a file whose name ends with `JWEIXIN_MIGRATE_TEST_PANIC`, so
/// the tests can show that one file's panic does not stop the run (`@units`: while the files
/// are joined into units, which stops it with a message).
pub(crate) fn panic_for_tests(path: &Path) {
    if cfg!(debug_assertions) {
        if let Some(suffix) = std::env::var_os("JWEIXIN_MIGRATE_TEST_PANIC") {
            if path.as_os_str().to_string_lossy().ends_with(&*suffix.to_string_lossy()) {
                panic!("test panic requested by JWEIXIN_MIGRATE_TEST_PANIC");
            }
        }
    }
}

/// The message for a panic caught while working on one file.
pub fn internal_error(payload: Box<dyn std::any::Any + Send>) -> String {
    let detail = panic_message(&*payload);
    format!("internal error while checking this file ({detail}); the file was left alone, please report this")
}

/// What a panic said (its payload, a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
