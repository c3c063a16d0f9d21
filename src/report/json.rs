//! JSON output: one documented, stable object (schema version 1, see the README).

use std::io::{self, Write};

use serde::Serialize;

use super::{errors, located};
use crate::fix::Fix;
use crate::source::LineColumn;
use crate::CheckRun;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files_scanned: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
}

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
    file: String,
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

pub(super) fn write(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: 1,
        files_scanned: run.files_scanned,
        diagnostics: located(run)
            .map(|item| JsonDiagnostic {
                rule: item.diagnostic.rule.as_str(),
                severity: item.diagnostic.severity.as_str(),
                message: &item.diagnostic.message,
                help: &item.diagnostic.help,
                file: item.report.path.display().to_string(),
                start: item.start,
                end: item.end,
                range: [item.diagnostic.range.start, item.diagnostic.range.end],
                fix: item.diagnostic.fix.as_ref().map(|f| json_fix(f, item.source)),
            })
            .collect(),
        errors: errors(run)
            .into_iter()
            .map(|(file, message)| JsonError { file, message })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(io::Error::other)?;
    writeln!(out)
}
