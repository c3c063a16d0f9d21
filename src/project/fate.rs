//! What happens to each migration unit in a run: `check`'s forecast (would `fix` move it?)
//! and `fix`'s decision (it moved, or it stays as it is), with every blocker that keeps a
//! unit on jweixin: the finding (file, line, rule) and why it cannot be fixed here.

use std::path::PathBuf;

use super::units::{Project, Unit};
use crate::diagnostic::Diagnostic;
use crate::fix::Applicability;
use crate::rules::RuleId;
use crate::source::SourceFile;

/// Where a unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitStatus {
    /// No legacy use.
    Clean,
    /// `check`: every legacy finding has a safe fix, so `fix` moves the unit.
    Fixable,
    /// `check`: every legacy finding has a fix, some only an unsafe one.
    NeedsUnsafeFixes,
    /// Some legacy use has no fix that may be applied: `fix` leaves the unit as it is.
    Blocked,
    /// `fix`: the unit moved to `@wecom/jssdk` (with `--diff`: would move).
    Migrated,
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Clean => "clean",
            UnitStatus::Fixable => "fixable",
            UnitStatus::NeedsUnsafeFixes => "needs-unsafe-fixes",
            UnitStatus::Blocked => "blocked",
            UnitStatus::Migrated => "migrated",
        }
    }
}

/// One reason a unit stays on jweixin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Blocker {
    pub file: PathBuf,
    /// 1-based line and column of the finding; `None` for a reason about the whole file or
    /// unit.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Option<RuleId>,
    pub why: String,
    /// `--unsafe-fixes` removes this blocker (an unsafe fix, no page, a file outside the run).
    pub unsafe_fix: bool,
}

/// Which SDK a unit member uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Legacy,
    Wecom,
    Both,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Legacy => "jweixin",
            Side::Wecom => "@wecom/jssdk",
            Side::Both => "both",
        }
    }
}

/// A unit member as reported.
#[derive(Debug, Clone)]
pub struct UnitMember {
    pub path: PathBuf,
    pub side: Side,
    /// Outside the files given (read only to find the unit).
    pub outside_run: bool,
}

/// A unit with its fate in this run.
#[derive(Debug, Clone)]
pub struct UnitReport {
    pub id: String,
    pub members: Vec<UnitMember>,
    pub status: UnitStatus,
    pub blockers: Vec<Blocker>,
}

impl UnitReport {
    /// Members on each SDK when the unit mixes both: (jweixin, `@wecom/jssdk`).
    pub fn mixed(&self) -> Option<(Vec<&PathBuf>, Vec<&PathBuf>)> {
        let legacy: Vec<&PathBuf> = self
            .members
            .iter()
            .filter(|m| m.side != Side::Wecom)
            .map(|m| &m.path)
            .collect();
        let wecom: Vec<&PathBuf> = self
            .members
            .iter()
            .filter(|m| m.side != Side::Legacy)
            .map(|m| &m.path)
            .collect();
        (!legacy.is_empty() && !wecom.is_empty()).then_some((legacy, wecom))
    }
}

/// The side of a project file, from its links.
pub fn side_of(project: &Project, file: usize) -> Side {
    let sdk = project.files[file].links.sdk;
    let legacy = sdk.legacy || sdk.legacy_tag || sdk.unknown;
    let wecom = sdk.wecom || sdk.wecom_tag;
    match (legacy, wecom) {
        (true, true) => Side::Both,
        (false, true) => Side::Wecom,
        _ => Side::Legacy,
    }
}

/// Why the unit has no page, for its findings' fix titles and its blocker.
pub fn page_missing_reason(unit: &Unit) -> String {
    format!(
        "no page that loads the SDK was found for unit `{}` among the files read (an HTML page or server template with a jweixin `<script>` tag); its scripts read the global `wx`, and switching them to `ww` without the page's tag breaks the page. Run the tool on the folder that holds the page (the project root), or check where the SDK is loaded",
        unit.id
    )
}

/// The blockers in one file's findings: each error finding whose fix may not be applied
/// (none, or unsafe without `--unsafe-fixes`), with the reason its help or fix title gives.
pub fn finding_blockers(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
    except: Option<&str>,
) -> Vec<Blocker> {
    diagnostics
        .iter()
        .filter(|d| d.must_change())
        .filter_map(|d| {
            let why = match &d.fix {
                Some(fix) if fix.applicability == Applicability::Safe => return None,
                Some(fix) if fix.applicability == Applicability::Unsafe && unsafe_fixes => return None,
                Some(fix) => {
                    let reason = fix.title.split_once("Unsafe: ").map_or(fix.title.as_str(), |(_, r)| r);
                    if except.is_some_and(|e| reason.trim_end_matches('.') == e.trim_end_matches('.')) {
                        return None;
                    }
                    format!("only an unsafe fix (--unsafe-fixes): {reason}")
                }
                None => match d.help.split_once("Not fixed automatically: ") {
                    Some((_, reason)) => format!("needs a change by hand: {reason}"),
                    None if d.rule.is_parse_failure() => d.message.clone(),
                    None => format!("needs a change by hand: {}", d.help),
                },
            };
            let at = source.locate(d.range.start);
            Some(Blocker {
                file: source.path.clone(),
                line: Some(at.line),
                column: Some(at.column),
                rule: Some(d.rule),
                unsafe_fix: d.fix.is_some(),
                why,
            })
        })
        .collect()
}

/// A blocker about a whole file.
pub fn file_blocker(file: PathBuf, why: String) -> Blocker {
    Blocker {
        file,
        line: None,
        column: None,
        rule: None,
        why,
        unsafe_fix: false,
    }
}

/// A blocker about a whole file that `--unsafe-fixes` removes.
fn unsafe_file_blocker(file: PathBuf, why: String) -> Blocker {
    Blocker {
        unsafe_fix: true,
        ..file_blocker(file, why)
    }
}

/// The blockers a unit has whatever its findings say: a dependency that drives the global
/// `wx`, no page for its global SDK use, a module importing the SDK through a bundler's
/// `externals`, a script named for WeChat that its pages load and that is nowhere to be found,
/// a template fragment that loads jweixin and that nothing read includes, a file that writes a
/// jweixin tag while the page runs, a copy of jweixin a
/// page loads under a name no fix switches,
/// a script its pages load that the run leaves out (run/left_out.rs), and members with legacy
/// use outside the files given.
pub fn unit_blockers(project: &Project, unit: &Unit, unsafe_fixes: bool) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    if let Some((name, package)) = &unit.wrapper {
        if unit.legacy_members(project).next().is_some() {
            blockers.push(file_blocker(
                project.files[*package].path.clone(),
                format!("the dependency `{name}` calls the global `wx` itself; moving the page to `@wecom/jssdk` (which defines only `ww`) breaks it. Replace it, or move to a release of it built on `@wecom/jssdk`, then run the fix again"),
            ));
        }
    }
    if unit.page_missing && !unsafe_fixes {
        if let Some(first) = unit.legacy_members(project).next() {
            blockers.push(unsafe_file_blocker(
                project.files[first].path.clone(),
                page_missing_reason(unit),
            ));
        }
    }
    for (file, name, config) in &unit.sdk_externals {
        blockers.push(file_blocker(
            project.files[*file].path.clone(),
            format!("it imports `{name}`, which the bundler's `externals` (`{}`) map to the global `wx`: its calls through that name use jweixin, and the tool does not rewrite them. Import `@wecom/jssdk` there instead (or map the external to `ww`) and move its calls by hand, then run the fix again", config.display()),
        ));
    }
    if !unsafe_fixes && unit.legacy_members(project).next().is_some() {
        for (page, src) in &unit.missing_scripts {
            blockers.push(unsafe_file_blocker(
                project.files[*page].path.clone(),
                format!("the page loads `{src}`, a script of its site whose name says it deals with WeChat, and that is not among the files read (not beside the page, below its web roots or anywhere by path suffix): if it uses jweixin, moving the page to `@wecom/jssdk` breaks it. Run the tool where the script is (the project root), or use --unsafe-fixes if it does not use the SDK"),
            ));
        }
    }
    if !unsafe_fixes {
        for &fragment in &unit.orphan_fragments {
            blockers.push(unsafe_file_blocker(
                project.files[fragment].path.clone(),
                "this template loads jweixin but is a fragment of a page (it does not both open and close a document: no `<html>`, `<head>` or `<body>`, or no `</body>` or `</html>`), and no template the run read includes it: the pages that pull it in (through an include the tool does not read, or a template language it does not read, such as Mako) would keep their `wx` code while it moved to `ww`. Run the tool on the project root, or use --unsafe-fixes if it is a page of its own".to_string(),
            ));
        }
    }
    if unit.legacy_members(project).next().is_some() {
        for &file in &unit.runtime_sdk_tags {
            blockers.push(file_blocker(
                project.files[file].path.clone(),
                "it writes a `<script>` tag for jweixin while the page runs (`document.write`, a script element it creates, or a server-side `echo`), which no fix switches: moving its unit to `ww` would leave the page loading jweixin. Load `@wecom/jssdk` there by hand (for example `https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js`), then run the fix again".to_string(),
            ));
        }
    }
    for (page, src) in &unit.renamed_sdk_copies {
        blockers.push(file_blocker(
            project.files[*page].path.clone(),
            format!("the page loads `{src}`, a copy of jweixin under a name the tool does not switch: moving its scripts to `ww` would leave it on the legacy SDK. Load `@wecom/jssdk` there instead (for example `https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js`), then run the fix again"),
        ));
    }
    for member in unit.legacy_members(project) {
        let file = &project.files[member];
        if let Some(kind) = file.links.left_out {
            if !unsafe_fixes {
                blockers.push(unsafe_file_blocker(
                    file.path.clone(),
                    left_out_reason(project, member, kind),
                ));
            }
            continue;
        }
        if !file.in_run && !unsafe_fixes {
            blockers.push(unsafe_file_blocker(
                file.path.clone(),
                "this file belongs to the same unit but is outside the files given, and still uses jweixin; fix it too (name it, or run on the project root), or use --unsafe-fixes to fix the named file alone".to_string(),
            ));
        }
    }
    blockers
}

/// Why a script a page loads that the run leaves out keeps the page's unit on jweixin.
fn left_out_reason(project: &Project, file: usize, kind: &str) -> String {
    let pages: Vec<String> = project
        .pages_loading(file)
        .map(|p| format!("`{}`", project.files[p].path.display()))
        .collect();
    let loaded_by = match pages.as_slice() {
        [] => String::new(),
        [one] => format!(" by {one}"),
        [first, rest @ ..] => format!(
            " by {first} and {} other page{}",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    };
    format!(
        "this script is loaded{loaded_by} and uses jweixin, but the run does not read or rewrite it ({kind}): moving the page to `@wecom/jssdk` would leave it calling a `wx` that is no longer there. Migrate it too (or the source it is built from, and rebuild it), or include it in the run (`--no-default-excludes`, or the exclude patterns); `--unsafe-fixes` moves the rest of the unit without it"
    )
}

/// The members of a unit as reported.
pub fn members(project: &Project, unit: &Unit) -> Vec<UnitMember> {
    unit.members
        .iter()
        .map(|&m| UnitMember {
            path: project.files[m].path.clone(),
            side: side_of(project, m),
            outside_run: !project.files[m].in_run,
        })
        .collect()
}
