//! The migration report as Markdown (GitHub and GitLab flavour: tables, heading anchors).
//! Text from the checked files (messages quote code) is escaped so it cannot become markup.

use std::fmt::Write as _;

use super::{FileEntry, FileStatus, FixState, MigrationReport, UnitEntry, UnitState};
use crate::diagnostic::Severity;

/// The whole report.
pub fn markdown(report: &MigrationReport) -> String {
    let mut out = String::new();
    title(report, &mut out);
    progress(report, &mut out);
    units(report, &mut out);
    by_rule(report, &mut out);
    files(report, &mut out);
    blockers(report, &mut out);
    rules(report, &mut out);
    out
}

fn title(report: &MigrationReport, out: &mut String) {
    let paths: Vec<String> = report.paths.iter().map(|p| code(p)).collect();
    let _ = writeln!(out, "# Migration report: jweixin → `@wecom/jssdk`\n");
    let _ = write!(
        out,
        "Checked {}: {} {} read",
        paths.join(", "),
        report.files_scanned,
        plural(report.files_scanned, "file", "files")
    );
    if !report.skipped.is_empty() {
        let parts: Vec<String> = report.skipped.iter().map(|(reason, n)| reason.counted(*n)).collect();
        let _ = write!(out, " (skipped: {})", inline(&parts.join(", ")));
    }
    out.push_str(".\n");
    let unreadable: Vec<&FileEntry> = report
        .files
        .iter()
        .filter(|f| matches!(f.status, FileStatus::Unreadable(_)))
        .collect();
    if !unreadable.is_empty() || !report.walk_errors.is_empty() {
        let _ = writeln!(out, "\nNot checked:\n");
        for file in unreadable {
            if let FileStatus::Unreadable(why) = &file.status {
                let _ = writeln!(out, "- {}: {}", code(&file.path), inline(why));
            }
        }
        for (path, why) in &report.walk_errors {
            let _ = writeln!(out, "- {}: {}", code(path), inline(why));
        }
    }
    out.push('\n');
}

fn progress(report: &MigrationReport, out: &mut String) {
    let _ = writeln!(out, "## Progress\n");
    let units = report.units.len();
    if units > 0 {
        let moved = report.units_in(UnitState::Migrated).count();
        let _ = writeln!(
            out,
            "**{moved} of {units} migration {}** {} on `@wecom/jssdk` ({}%). A unit is a page with the scripts and modules it loads; `fix` moves it whole or not at all.\n",
            plural(units, "unit", "units"),
            plural(moved, "is", "are"),
            moved * 100 / units
        );
        let _ = writeln!(out, "| units | count |\n| --- | ---: |");
        for (state, what) in UNIT_STATES {
            let _ = writeln!(out, "| {what} | {} |", report.units_in(state).count());
        }
        out.push('\n');
    }
    let (migrated, left) = report.progress();
    let using = migrated + left;
    if using == 0 {
        let _ = writeln!(out, "No file uses a JS-SDK.\n");
        return;
    }
    let kept = report.with_status(&FileStatus::Kept).count();
    let _ = writeln!(
        out,
        "**{migrated} of {using} {}** that use a JS-SDK {} on `@wecom/jssdk` ({}%).\n",
        plural(using, "file", "files"),
        plural(using, "is", "are"),
        migrated * 100 / using
    );
    let _ = writeln!(out, "| files | count |\n| --- | ---: |");
    let _ = writeln!(out, "| on `@wecom/jssdk` | {migrated} |");
    let _ = writeln!(out, "| still on jweixin, reported | {} |", left - kept);
    let _ = writeln!(out, "| still on jweixin, kept on purpose (suppressed) | {kept} |\n");
    let (total, _) = report.fix_counts();
    let _ = write!(
        out,
        "**{} legacy {} left**",
        total.total(),
        plural(total.total(), "finding", "findings")
    );
    if total.total() > 0 {
        let _ = write!(
            out,
            ": {} with a safe fix, {} only with an unsafe fix (`fix --unsafe-fixes`, after review), \
             {} to change by hand",
            total.safe, total.unsafe_only, total.manual
        );
    }
    out.push('.');
    let warnings = report.warnings();
    if warnings > 0 {
        let _ = write!(
            out,
            " {warnings} {} (they do not fail `check`).",
            plural(warnings, "warning", "warnings")
        );
    }
    out.push_str("\n\n");
}

fn by_rule(report: &MigrationReport, out: &mut String) {
    let (_, per_rule) = report.fix_counts();
    if per_rule.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Findings by rule\n");
    let _ = writeln!(
        out,
        "| rule | findings | safe fix | unsafe fix only | by hand |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for (rule, counts) in &per_rule {
        let _ = writeln!(
            out,
            "| [`{rule}`](#{rule}) | {} | {} | {} | {} |",
            counts.total(),
            counts.safe,
            counts.unsafe_only,
            counts.manual
        );
    }
    out.push('\n');
}

/// Unit states in the order the report lists them, with how the report names them.
const UNIT_STATES: [(UnitState, &str); 5] = [
    (UnitState::Migrated, "on `@wecom/jssdk`"),
    (UnitState::Fixable, "`fix` moves them now"),
    (
        UnitState::NeedsUnsafeFixes,
        "moved by `fix --unsafe-fixes`, after review",
    ),
    (UnitState::Blocked, "blocked: a change by hand first"),
    (UnitState::Kept, "kept on jweixin on purpose (suppressed)"),
];

fn unit_state_name(state: UnitState) -> &'static str {
    match state {
        UnitState::Migrated => "on `@wecom/jssdk`",
        UnitState::Fixable => "`fix` moves it",
        UnitState::NeedsUnsafeFixes => "needs `--unsafe-fixes`",
        UnitState::Blocked => "blocked",
        UnitState::Kept => "kept on jweixin",
    }
}

/// Each unit: its state and files, and for a unit left on jweixin, what keeps it there.
fn units(report: &MigrationReport, out: &mut String) {
    if report.units.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Migration units\n");
    let _ = writeln!(out, "| unit | files | state |\n| --- | ---: | --- |");
    let mut order: Vec<&UnitEntry> = report.units.iter().collect();
    order.sort_by_key(|u| (u.state, u.id.clone()));
    for unit in &order {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&code(&unit.id)),
            unit.members.len(),
            unit_state_name(unit.state)
        );
    }
    out.push('\n');
    for unit in order.iter().filter(|u| u.state != UnitState::Migrated) {
        let _ = writeln!(out, "### unit {}: {}\n", code(&unit.id), unit_state_name(unit.state));
        let members: Vec<String> = unit
            .members
            .iter()
            .map(|(path, side, outside)| {
                let outside = if *outside { ", outside the paths checked" } else { "" };
                format!("{} ({}{outside})", code(path), side.as_str())
            })
            .collect();
        let _ = writeln!(out, "Files: {}.\n", members.join(", "));
        match unit.state {
            UnitState::Fixable => {
                let _ = writeln!(
                    out,
                    "Every legacy finding has a safe fix: `jweixin-migrate fix` moves this unit.\n"
                );
            }
            UnitState::Kept => {
                let _ = writeln!(out, "Its legacy use is suppressed: it stays on jweixin on purpose.\n");
            }
            _ => {
                let _ = writeln!(
                    out,
                    "What keeps it on jweixin ({} {}):\n",
                    unit.blockers.len(),
                    plural(unit.blockers.len(), "blocker", "blockers")
                );
                for blocker in &unit.blockers {
                    let rule = blocker.rule.map(|r| format!(" [`{r}`](#{r})")).unwrap_or_default();
                    let _ = writeln!(out, "- {}{rule}: {}", code(&blocker.at), inline(&blocker.why));
                }
                out.push('\n');
            }
        }
    }
}

fn files(report: &MigrationReport, out: &mut String) {
    let with_findings: Vec<&FileEntry> = report.files.iter().filter(|f| !f.findings.is_empty()).collect();
    let kept: Vec<String> = report.with_status(&FileStatus::Kept).map(|f| code(&f.path)).collect();
    let migrated: Vec<String> = report
        .with_status(&FileStatus::Migrated)
        .filter(|f| f.findings.is_empty())
        .map(|f| code(&f.path))
        .collect();
    if with_findings.is_empty() && kept.is_empty() && migrated.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Files\n");
    for file in with_findings {
        let errors = file.findings.iter().filter(|f| f.severity == Severity::Error).count();
        let unit = match (&file.unit, report.unit_state(file)) {
            (Some(id), Some(state)) => format!(" Unit {}: {}.", code(id), unit_state_name(state)),
            _ => String::new(),
        };
        let state = match &file.status {
            FileStatus::Left => format!("{errors} legacy {}.{unit}", plural(errors, "finding", "findings")),
            _ => format!("No legacy use reported; warnings only.{unit}"),
        };
        let _ = writeln!(out, "### {}\n\n{state}\n", code(&file.path));
        let _ = writeln!(out, "| where | rule | finding | fix |\n| --- | --- | --- | --- |");
        for finding in &file.findings {
            let fix = match (&finding.fix, finding.severity) {
                (FixState::Safe, _) => "safe",
                (FixState::Unsafe(_), _) => "unsafe only",
                (FixState::Manual, Severity::Error) => "by hand",
                (FixState::Manual, Severity::Warning) => "none (warning)",
            };
            let _ = writeln!(
                out,
                "| {}:{} | [`{}`](#{}) | {} | {fix} |",
                finding.line,
                finding.column,
                finding.rule,
                finding.rule,
                cell(&finding.message)
            );
        }
        out.push('\n');
    }
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "Kept on jweixin on purpose (every finding suppressed or turned off): {}.\n",
            kept.join(", ")
        );
    }
    if !migrated.is_empty() {
        let _ = writeln!(out, "On `@wecom/jssdk`, nothing left: {}.\n", migrated.join(", "));
    }
}

fn blockers(report: &MigrationReport, out: &mut String) {
    let blocked: Vec<&FileEntry> = report.files_with_blockers().collect();
    if blocked.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Blockers\n\nEach finding below keeps its unit on jweixin until it is changed by hand or, \
         after review, with `--unsafe-fixes`.\n"
    );
    for file in blocked {
        for finding in file.blockers() {
            let _ = writeln!(
                out,
                "### {} · `{}`\n\n{}\n",
                code(&format!("{}:{}:{}", file.path, finding.line, finding.column)),
                finding.rule,
                inline(&finding.message)
            );
            let _ = writeln!(out, "**Manual step:** {}\n", inline(&finding.help));
            if let FixState::Unsafe(title) = &finding.fix {
                let _ = writeln!(
                    out,
                    "**Or, after review:** `jweixin-migrate fix --unsafe-fixes` does this: {}\n",
                    inline(title)
                );
            }
            let _ = writeln!(out, "Rule: [`{}`](#{}).\n", finding.rule, finding.rule);
        }
    }
}

fn rules(report: &MigrationReport, out: &mut String) {
    let (_, per_rule) = report.fix_counts();
    if per_rule.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Rules\n\nWhat each rule with findings here finds, why it matters and how it is fixed \
         (`jweixin-migrate explain RULE`).\n"
    );
    for rule in per_rule.keys() {
        let _ = writeln!(out, "### {rule}\n\n{}", rule.documentation().trim_end());
        out.push('\n');
    }
}

/// Text from messages (which quote code in backticks) made safe for Markdown: outside code
/// spans, characters that would start markup are escaped; code spans are kept.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            if matches!(c, '\\' | '*' | '_' | '<' | '>' | '[' | ']' | '#' | '|' | '~') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // An odd number of backticks would open a code span that never closes.
    if text.matches('`').count() % 2 == 1 {
        return text.replace('`', "'");
    }
    out.replace(['\n', '\r'], " ")
}

/// [`inline`] for a table cell: `|` escaped inside code spans too.
fn cell(text: &str) -> String {
    let escaped = inline(text);
    let mut out = String::with_capacity(escaped.len());
    let mut in_code = false;
    for c in escaped.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '|' && in_code {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A path or name as inline code.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_outside_code_spans_only() {
        assert_eq!(inline("a <b> `x<y>` *c*"), "a \\<b\\> `x<y>` \\*c\\*");
        assert_eq!(cell("`a || b` | c"), "`a \\|\\| b` \\| c");
        assert_eq!(inline("odd ` tick"), "odd ' tick");
    }
}
