//! Hover on a finding: its message and help, then the rule's whole `explain` text.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::diagnostic::Diagnostic;

use super::documents::{Checked, Document};

/// The hover for `position`, when it lies on one or more findings (ends included).
pub(crate) fn hover(doc: &Document, checked: &Checked, position: Position, markdown: bool) -> Option<Hover> {
    let offset = doc.lines.offset(&doc.text, position);
    let hits: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.range.start <= offset && offset <= d.range.end)
        .collect();
    let first = hits.first()?;
    let mut parts = Vec::new();
    for (i, finding) in hits.iter().enumerate() {
        let mut part = format!("{}: {}", finding.rule.as_str(), finding.message);
        if !finding.help.is_empty() {
            part.push_str(&format!("\n\n{}", finding.help));
        }
        // A rule's documentation once, however many of its findings are here.
        if hits[..i].iter().all(|h| h.rule != finding.rule) {
            part.push_str(&format!("\n\n{}", finding.rule.documentation().trim_end()));
        }
        parts.push(part);
    }
    let separator = if markdown { "\n\n---\n\n" } else { "\n\n" };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: parts.join(separator),
        }),
        range: Some(doc.lines.range(&doc.text, &first.range)),
    })
}
