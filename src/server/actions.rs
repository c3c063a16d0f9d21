//! Code actions: one quick fix per finding (per distinct fix: `wx.config`, `wx.ready` and
//! `wx.error` merged into one `ww.register` share one), and `source.fixAll.jweixin-migrate`,
//! which applies what `fix` would write for the file (its safe fixes, round after round, or
//! nothing when the file cannot be migrated whole) as one workspace edit.
//!
//! A quick fix applies one finding's edits alone. When that leaves other legacy use in the
//! file (a file that mixes jweixin and `@wecom/jssdk` works with neither), or the file's
//! migration unit says other files of the page still use jweixin, the title says so and the
//! fix is not preferred. Unsafe fixes are offered too, titled as unsafe with what may change.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{
    CodeAction, CodeActionDisabled, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use crate::apply::apply_fixes;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Fix};
use crate::migrate;
use crate::pipeline;
use crate::rules::RuleOptions;
use crate::source::SourceFile;

use super::documents::{Checked, Document};
use super::findings::to_lsp;
use super::units::UnitStatus;

/// The code action kind of the fix-all action.
pub const FIX_ALL_KIND: &str = "source.fixAll.jweixin-migrate";

/// What the client can take, from its capabilities.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClientSupport {
    /// Versioned `documentChanges` in a workspace edit (else the plain `changes` map).
    pub document_changes: bool,
    /// Code actions with a `disabled` reason.
    pub disabled_actions: bool,
    /// Markdown in hovers.
    pub markdown_hover: bool,
}

/// The code actions for a request on a document whose current version is checked.
pub(crate) fn code_actions(
    doc: &Document,
    checked: &Checked,
    params: &CodeActionParams,
    options: &RuleOptions,
    client: ClientSupport,
    unit: &UnitStatus,
) -> Vec<CodeActionOrCommand> {
    let unit = unit.warning();
    let only = params.context.only.as_deref();
    let wanted = |kind: &str| {
        only.is_none_or(|kinds| {
            kinds
                .iter()
                .any(|k| kind == k.as_str() || kind.strip_prefix(k.as_str()).is_some_and(|rest| rest.starts_with('.')))
        })
    };
    let asked = doc.lines.byte_range(&doc.text, params.range);
    let in_range: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.range.start <= asked.end && asked.start <= d.range.end)
        .collect();
    let mut actions = Vec::new();
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        actions.extend(quick_fixes(doc, checked, &in_range, options, client, unit.as_deref()));
    }
    // Without a requested kind (the light bulb), fix-all is offered next to findings only.
    let fix_all_asked = only.is_some() || !in_range.is_empty();
    if wanted(FIX_ALL_KIND) && fix_all_asked {
        actions.extend(fix_all(doc, checked, options, client, unit.as_deref()));
    }
    actions.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}

fn quick_fixes(
    doc: &Document,
    checked: &Checked,
    in_range: &[&Diagnostic],
    options: &RuleOptions,
    client: ClientSupport,
    unit: Option<&str>,
) -> Vec<CodeAction> {
    // Findings that share a fix (one merged `ww.register`) get one action listing them all.
    let mut groups: Vec<(&Fix, Vec<&Diagnostic>)> = Vec::new();
    for &finding in in_range {
        let Some(fix) = finding.fix.as_ref() else { continue };
        if fix.applicability == Applicability::DisplayOnly {
            continue;
        }
        match groups.iter_mut().find(|(f, _)| *f == fix) {
            Some((_, findings)) => findings.push(finding),
            None => groups.push((fix, vec![finding])),
        }
    }
    groups
        .into_iter()
        .map(|(fix, findings)| {
            let left = legacy_left_after(doc, checked, fix, options);
            let mut title = match fix.applicability {
                Applicability::Unsafe => format!("Unsafe fix: {}", fix.title),
                _ => fix.title.clone(),
            };
            if left > 0 {
                title.push_str(&format!(
                    " (leaves this file half migrated: {left} more legacy {} to fix, and a file that mixes jweixin and @wecom/jssdk works with neither; use Fix all)",
                    if left == 1 { "use" } else { "uses" }
                ));
            }
            if let Some(warning) = unit {
                title.push_str(&format!(" ({warning})"));
            }
            let edits = fix
                .edits
                .iter()
                .map(|e| text_edit(doc, e.range.clone(), e.text.clone()))
                .collect();
            CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(findings.iter().map(|d| to_lsp(doc, d)).collect()),
                edit: Some(workspace_edit(doc, edits, client)),
                is_preferred: Some(fix.applicability == Applicability::Safe && left == 0 && unit.is_none()),
                ..CodeAction::default()
            }
        })
        .collect()
}

/// How many findings that must change are left once `fix` alone is applied (checked again).
fn legacy_left_after(doc: &Document, checked: &Checked, fix: &Fix, options: &RuleOptions) -> usize {
    let others = checked
        .diagnostics
        .iter()
        .filter(|d| d.must_change() && d.fix.as_ref() != Some(fix))
        .count();
    if others == 0 {
        return 0;
    }
    let Some(kind) = doc.kind else { return others };
    let applied = apply_fixes(&doc.text, &[fix]);
    let after = SourceFile::new(doc.path.clone(), kind, applied.text);
    pipeline::check_source(&after, options)
        .iter()
        .filter(|d| d.must_change())
        .count()
}

/// What `fix` would write for the file, as one edit per changed run of lines.
fn fix_all(
    doc: &Document,
    checked: &Checked,
    options: &RuleOptions,
    client: ClientSupport,
    unit: Option<&str>,
) -> Option<CodeAction> {
    if checked.diagnostics.is_empty() {
        return None;
    }
    let kind = doc.kind?;
    let file = SourceFile::new(doc.path.clone(), kind, doc.text.clone());
    let outcome = migrate::fix_checked(file, checked.diagnostics.clone(), options, false);
    let fixed_count: usize = outcome.fixed_per_rule.values().sum();
    let mut title = format!(
        "Fix all jweixin-migrate findings with safe fixes ({fixed_count} {})",
        if fixed_count == 1 { "finding" } else { "findings" }
    );
    if let Some(warning) = unit {
        title.push_str(&format!(" ({warning})"));
    }
    match outcome.fixed {
        Some(fixed) => {
            let edits = minimal_edits(&doc.text, &fixed)
                .into_iter()
                .map(|(range, text)| text_edit(doc, range, text))
                .collect();
            Some(CodeAction {
                title,
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(workspace_edit(doc, edits, client)),
                ..CodeAction::default()
            })
        }
        None => {
            let reason = outcome.unchanged?;
            client.disabled_actions.then(|| CodeAction {
                title: "Fix all jweixin-migrate findings with safe fixes".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                disabled: Some(CodeActionDisabled {
                    reason: format!("the file is migrated whole or not at all: {reason}"),
                }),
                ..CodeAction::default()
            })
        }
    }
}

fn text_edit(doc: &Document, range: Range<usize>, new_text: String) -> TextEdit {
    TextEdit {
        range: doc.lines.range(&doc.text, &range),
        new_text,
    }
}

fn workspace_edit(doc: &Document, edits: Vec<TextEdit>, client: ClientSupport) -> WorkspaceEdit {
    if client.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: doc.uri.clone(),
                    version: Some(doc.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The edits that turn `old` into `new`: one per run of changed lines (similar's line diff),
/// so an editor keeps its marks and folds on the lines that did not change.
pub(crate) fn minimal_edits(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let offsets = |lines: &[&str]| {
        let mut at = Vec::with_capacity(lines.len() + 1);
        at.push(0);
        for line in lines {
            at.push(at[at.len() - 1] + line.len());
        }
        at
    };
    let old_at = offsets(diff.old_slices());
    let new_at = offsets(diff.new_slices());
    let mut edits = Vec::new();
    let mut run: Option<(Range<usize>, Range<usize>)> = None;
    let mut close = |run: &mut Option<(Range<usize>, Range<usize>)>| {
        if let Some((o, n)) = run.take() {
            edits.push((
                old_at[o.start]..old_at[o.end],
                new[new_at[n.start]..new_at[n.end]].to_string(),
            ));
        }
    };
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            close(&mut run);
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        run = Some(match run.take() {
            Some((ro, rn)) => (ro.start..o.end, rn.start..n.end),
            None => (o, n),
        });
    }
    close(&mut run);
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{
        CodeActionContext, PartialResultParams, Position, TextDocumentIdentifier, Url, WorkDoneProgressParams,
    };
    use std::path::PathBuf;

    #[test]
    fn a_unit_left_half_migrated_is_named_in_the_titles_and_nothing_is_preferred() {
        let uri = Url::parse("file:///app/src/pay.js").unwrap();
        let mut doc = Document::open(
            uri.clone(),
            "javascript",
            1,
            "btn.onclick = function () { wx.invoke('getContext', {}, function () {}); };\n".to_string(),
        );
        let file = SourceFile::new(doc.path.clone(), doc.kind.unwrap(), doc.text.clone());
        doc.checked = Some(Checked {
            version: 1,
            diagnostics: pipeline::check_source(&file, &RuleOptions::default()),
            not_checked: None,
        });
        let params = CodeActionParams {
            text_document: TextDocumentIdentifier { uri },
            range: lsp_types::Range::new(Position::new(0, 28), Position::new(0, 28)),
            context: CodeActionContext::default(),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
        };
        let titles = |unit: &UnitStatus| -> Vec<(String, Option<bool>)> {
            let checked = doc.checked.as_ref().unwrap();
            code_actions(
                &doc,
                checked,
                &params,
                &RuleOptions::default(),
                ClientSupport::default(),
                unit,
            )
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => (a.title, a.is_preferred),
                CodeActionOrCommand::Command(c) => (c.title, None),
            })
            .collect()
        };
        let alone = titles(&UnitStatus::Unknown);
        assert_eq!(alone.len(), 2);
        assert_eq!(alone[0].1, Some(true));
        assert_eq!(
            alone[1].0,
            "Fix all jweixin-migrate findings with safe fixes (1 finding)"
        );
        let page = UnitStatus::OthersStillLegacy {
            files: vec![PathBuf::from("index.html")],
        };
        let half = titles(&page);
        let warning = " (leaves its page half migrated: index.html still uses jweixin)";
        assert_eq!(half[0].0, format!("{}{warning}", alone[0].0));
        assert_eq!(half[0].1, Some(false));
        assert_eq!(half[1].0, format!("{}{warning}", alone[1].0));
    }

    fn apply(old: &str, edits: &[(Range<usize>, String)]) -> String {
        let mut text = old.to_string();
        for (range, new) in edits.iter().rev() {
            text.replace_range(range.clone(), new);
        }
        text
    }

    #[test]
    fn minimal_edits_touch_only_changed_lines() {
        let old = "a\nwx.config({})\nb\nc\nwx.invoke('x')\nd\n";
        let new = "a\nww.register({})\nb\nc\nww.invoke('x').catch(() => {})\nd\n";
        let edits = minimal_edits(old, new);
        assert_eq!(edits.len(), 2);
        assert_eq!(&old[edits[0].0.clone()], "wx.config({})\n");
        assert_eq!(apply(old, &edits), new);
        assert!(minimal_edits(old, old).is_empty());
    }

    #[test]
    fn minimal_edits_handle_a_missing_final_newline_and_crlf() {
        let old = "x\r\nwx.ready(f)";
        let new = "x\r\nww.ensureConfigReady().then(f)";
        assert_eq!(apply(old, &minimal_edits(old, new)), new);
    }
}
