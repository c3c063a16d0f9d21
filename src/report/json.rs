//! JSON output: one documented, stable object (schema version 2, see the README): the
//! opening, each file's diagnostics (one per line, each with its migration unit), then the
//! units with their files, status and blockers, the counts and errors.

use serde::Serialize;

use super::{located, Problem};
use crate::fix::Fix;
use crate::pipeline::FileReport;
use crate::project::fate::UnitReport;
use crate::source::LineColumn;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    file: String,
    start: LineColumn,
    end: LineColumn,
    range: [usize; 2],
    fix: Option<JsonFix<'a>>,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct JsonFix<'a> {
    applicability: &'static str,
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: [usize; 2],
    start: LineColumn,
    end: LineColumn,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    message: &'a str,
}

fn json_fix<'a>(fix: &'a Fix, source: &crate::source::SourceFile) -> JsonFix<'a> {
    JsonFix {
        applicability: fix.applicability.as_str(),
        title: &fix.title,
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                range: [e.range.start, e.range.end],
                start: source.locate(e.range.start),
                end: source.locate(e.range.end),
                text: &e.text,
            })
            .collect(),
    }
}

/// The opening of the document, up to the diagnostics list.
pub(super) const BEGIN: &str = "{\n  \"version\": 2,\n  \"diagnostics\": [";

/// One file's diagnostics as list items, indented, separated by commas.
pub(super) fn render(report: &FileReport) -> String {
    let items: Vec<String> = located(report)
        .map(|item| {
            let diagnostic = JsonDiagnostic {
                rule: item.diagnostic.rule.as_str(),
                severity: item.diagnostic.severity.as_str(),
                message: &item.diagnostic.message,
                help: &item.diagnostic.help,
                file: item.report.path.display().to_string(),
                start: item.start,
                end: item.end,
                range: [item.diagnostic.range.start, item.diagnostic.range.end],
                fix: item.diagnostic.fix.as_ref().map(|f| json_fix(f, item.source)),
                unit: item.report.unit.as_deref(),
            };
            let mut line = String::from("    ");
            line.push_str(&serde_json::to_string(&diagnostic).expect("diagnostics serialize to JSON"));
            line
        })
        .collect();
    items.join(",\n")
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    status: &'static str,
    /// Both SDKs are in use in the unit.
    mixed: bool,
    files: Vec<JsonUnitFile>,
    blockers: Vec<JsonBlocker<'a>>,
}

#[derive(Serialize)]
struct JsonUnitFile {
    file: String,
    sdk: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    outside_run: bool,
}

#[derive(Serialize)]
struct JsonBlocker<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    rule: Option<&'static str>,
    why: &'a str,
}

/// The rest of the document after the last diagnostic: the units, counts and errors.
pub(super) fn end(any_diagnostics: bool, units: &[UnitReport], files_scanned: usize, problems: &[Problem]) -> String {
    let errors: Vec<JsonError> = problems
        .iter()
        .map(|(file, message)| JsonError { file, message })
        .collect();
    let units: Vec<JsonUnit> = units
        .iter()
        .map(|u| JsonUnit {
            id: &u.id,
            status: u.status.as_str(),
            mixed: u.mixed().is_some(),
            files: u
                .members
                .iter()
                .map(|m| JsonUnitFile {
                    file: m.path.display().to_string(),
                    sdk: m.side.as_str(),
                    outside_run: m.outside_run,
                })
                .collect(),
            blockers: u
                .blockers
                .iter()
                .map(|b| JsonBlocker {
                    file: b.file.display().to_string(),
                    line: b.line,
                    column: b.column,
                    rule: b.rule.map(|r| r.as_str()),
                    why: &b.why,
                })
                .collect(),
        })
        .collect();
    let units: Vec<String> = units
        .iter()
        .map(|u| format!("    {}", serde_json::to_string(u).expect("units serialize to JSON")))
        .collect();
    format!(
        "{}],\n  \"units\": [{}],\n  \"files_scanned\": {files_scanned},\n  \"errors\": {}\n}}\n",
        if any_diagnostics { "\n  " } else { "" },
        if units.is_empty() {
            String::new()
        } else {
            format!("\n{}\n  ", units.join(",\n"))
        },
        nested(&errors, 1, false)
    )
}

/// `value` pretty-printed to sit `depth` levels deep in the document: every line after the
/// first indented (the first too when `indent_first`). JSON strings hold no raw newlines, so
/// indenting lines cannot change a value.
pub(super) fn nested(value: &impl Serialize, depth: usize, indent_first: bool) -> String {
    let pretty = serde_json::to_string_pretty(value).expect("diagnostics serialize to JSON");
    let pad = "  ".repeat(depth);
    let mut out = String::with_capacity(pretty.len() + pad.len() * 16);
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > 0 || indent_first {
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}
