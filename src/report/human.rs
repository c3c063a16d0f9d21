//! Human output: one miette code frame per finding, colour only when asked or on a terminal.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use super::{located, Problem};
use crate::diagnostic::Severity;
use crate::pipeline::FileReport;

/// The code frames of one file's findings.
pub(super) fn render(report: &FileReport, color: bool) -> String {
    let mut out = String::new();
    let Some(source) = &report.source else {
        return out;
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(120);
    let text: Arc<str> = Arc::from(source.text.as_str());
    for item in located(report) {
        let d = item.diagnostic;
        let name = item.report.path.display().to_string();
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let label = LabeledSpan::at(d.range.clone(), d.rule.as_str());
        let help = match &d.fix {
            Some(fix) => format!("{}\nfix ({}): {}", d.help, fix.applicability.as_str(), fix.title),
            None => d.help.clone(),
        };
        let diagnostic = MietteDiagnostic::new(d.message.clone())
            .with_code(d.rule.as_str())
            .with_severity(severity)
            .with_help(help.clone())
            .with_label(label);
        let mut rendered = String::new();
        let compact = || {
            format!(
                "{}:{}:{}: {} [{}]\n  help: {help}\n",
                item.report.path.display(),
                item.start.line,
                item.start.column,
                d.message,
                d.rule,
                help = help.replace('\n', "\n  ")
            )
        };
        if long_line(&item.source.text, d.range.start) {
            // A minified line would fill the screen: no code frame.
            rendered = compact();
        } else {
            let report = Report::new(diagnostic).with_source_code(NamedSource::new(name, text.clone()));
            if handler.render_report(&mut rendered, report.as_ref()).is_err() {
                rendered = compact();
            }
        }
        let _ = writeln!(out, "{rendered}");
    }
    out
}

/// Whether the lines a code frame would show around `offset` (one before, one after) are too
/// long for a terminal: minified code gets the compact form.
fn long_line(text: &str, offset: usize) -> bool {
    use crate::source::layout::{line_end, line_start, next_line_start};
    let start = line_start(text, offset);
    let first = if start == 0 { 0 } else { line_start(text, start - 1) };
    let last = line_end(text, next_line_start(text, offset));
    text[first..last].split(['\n', '\r']).any(|line| line.len() > 400)
}

pub(super) fn write_problems(problems: &[Problem], err: &mut dyn Write) -> io::Result<()> {
    for (path, message) in problems {
        writeln!(err, "error: {path}: {message}")?;
    }
    Ok(())
}
