//! The tool's findings as LSP diagnostics: the rule id as the code, a link to the rule's page,
//! the message with its help, UTF-16 ranges.

use lsp_types::{CodeDescription, DiagnosticSeverity, NumberOrString, Position, Range};

use crate::diagnostic::{Diagnostic, Severity};

use super::documents::{Document, NotChecked};
use super::rule_docs::rule_url;

/// The `source` every diagnostic of the server carries.
pub(crate) const SOURCE: &str = "jweixin-migrate";

/// One finding as the editor shows it.
pub(crate) fn to_lsp(doc: &Document, finding: &Diagnostic) -> lsp_types::Diagnostic {
    let message = if finding.help.is_empty() {
        finding.message.clone()
    } else {
        format!("{}\n{}", finding.message, finding.help)
    };
    lsp_types::Diagnostic {
        range: doc.lines.range(&doc.text, &finding.range),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.rule.as_str().to_string())),
        code_description: rule_url(finding.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

/// What the editor shows for a document's current check: its findings, or the one message
/// saying the check failed (a skipped document shows nothing).
pub(crate) fn document_diagnostics(doc: &Document) -> Vec<lsp_types::Diagnostic> {
    let Some(checked) = doc.current() else {
        return Vec::new();
    };
    match &checked.not_checked {
        Some(NotChecked::Failed(message)) => vec![lsp_types::Diagnostic {
            range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.to_string()),
            message: message.clone(),
            ..lsp_types::Diagnostic::default()
        }],
        Some(NotChecked::Skipped(_)) => Vec::new(),
        None => checked.diagnostics.iter().map(|d| to_lsp(doc, d)).collect(),
    }
}
