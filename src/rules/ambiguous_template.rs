//! `ambiguous-template`: an inline script whose server-template tags steer the JavaScript
//! itself, so that no single program can be read from it.
//!
//! What it finds: a `<script>` block of a page or server template (JSP, PHP, FreeMarker,
//! Razor, ERB, ...) that holds template control tags (`<c:if>`, `<% if (...) { %>`,
//! `{% if %}`, `<#if>`, `@if`) and does not parse once every template tag is masked: a tag
//! that opens in one statement and closes in another, a `<% } %>` that splits a function, two
//! alternative versions of the same code.
//!
//! Why: what runs in the browser depends on how the server renders the page, and the tool
//! does not guess which version that is. It reports the script instead of a bare syntax error,
//! so that a gate in CI does not pass over legacy code hidden in it.
//!
//! Before:
//!
//! ```jsp
//! <script>
//! <c:if test="${agent}">wx.agentConfig({ ... </c:if>
//! <c:if test="${!agent}">wx.config({ ... </c:if>
//!   jsApiList: ['getContext'] });
//! </script>
//! ```
//!
//! After: nothing changes. Migrate the script by hand, or move the template logic out of the
//! JavaScript first (render the values into variables, branch in JavaScript), then run the
//! fix again.
//!
//! Fixes elsewhere in such pages keep to the same line: a fix whose edits would move code
//! across a template control tag (a `wx.error` inside `<c:if>` into `ww.register`), remove
//! one, or cut through any template tag, is not offered, and its finding says so. Edits on
//! both sides of a control tag that each stay in place are made.

use crate::diagnostic::Diagnostic;
use crate::fix::Edit;
use crate::parse::SyntaxError;
use crate::rules::RuleId;
use crate::source::template::{Role, TemplateTag};
use crate::source::SourceFile;

/// The finding for a block that does not parse with its control tags masked.
pub(crate) fn diagnostic(file: &SourceFile, error: &SyntaxError, tags: &[TemplateTag]) -> Option<Diagnostic> {
    let control = tags.iter().find(|t| t.role == Role::Control)?;
    let at = file.locate(control.range.start);
    let tag_text: String = file.text[control.range.clone()].chars().take(40).collect();
    Some(Diagnostic::new(
        RuleId::AmbiguousTemplate,
        error.range.clone(),
        format!(
            "server-template tags make this script ambiguous: with them masked it does not parse ({})",
            error.message
        ),
        format!(
            "`{tag_text}` (line {}, column {}) steers the template inside the script, so the JavaScript the browser gets depends on how the server renders the page; migrate this script by hand, or render the values into variables and branch in JavaScript, then run the fix again",
            at.line, at.column
        ),
    ))
}

/// Why a fix with these edits (those inside one script block) would break the template
/// structure: an edit that cuts through a template tag or removes a control tag, or code moved
/// from one side of a control tag to the other (a `wx.error` handler inside `<c:if>` moved
/// into `ww.register`). Edits on both sides of a control tag that each stay where they are
/// are fine. `None` when the structure is kept.
pub(crate) fn conflict(file: &SourceFile, tags: &[TemplateTag], edits: &[&Edit]) -> Option<String> {
    let at = |tag: &TemplateTag| {
        let at = file.locate(tag.range.start);
        let text: String = file.text[tag.range.clone()].chars().take(40).collect();
        format!("`{text}` (line {}, column {})", at.line, at.column)
    };
    for edit in edits {
        let range = &edit.range;
        let cut = tags.iter().find(|t| {
            let inside = |pos: usize| t.range.start < pos && pos < t.range.end;
            inside(range.start) || inside(range.end)
        });
        if let Some(tag) = cut {
            return Some(format!("the fix would cut through the server-template tag {}", at(tag)));
        }
        let removed = tags
            .iter()
            .find(|t| t.role == Role::Control && range.start <= t.range.start && t.range.end <= range.end);
        if let Some(tag) = removed {
            return Some(format!("the fix would remove the server-template tag {}", at(tag)));
        }
    }
    // Control tags split the block into stretches the server renders or leaves out together.
    let stretch = |pos: usize| {
        tags.iter()
            .filter(|t| t.role == Role::Control && t.range.end <= pos)
            .count()
    };
    for from in edits.iter().filter(|e| !e.range.is_empty()) {
        // Moved code is re-indented, so it is recognised line by line.
        let removed = &file.text[from.range.clone()];
        let lines: Vec<&str> = removed.lines().map(str::trim).filter(|l| l.len() >= 6).collect();
        let moved_to = |to: &&&Edit| to.range != from.range && lines.iter().any(|l| to.text.contains(l));
        for to in edits.iter().filter(moved_to) {
            let (a, b) = (stretch(from.range.start), stretch(to.range.start));
            if a != b {
                let between = tags.iter().filter(|t| t.role == Role::Control).nth(a.min(b))?;
                return Some(format!(
                    "the fix would move code across the server-template tag {}, which decides what the server renders",
                    at(between)
                ));
            }
        }
    }
    None
}
