//! What a rule sees: the file, the SDK model of the block, the call being checked, and where
//! its findings go.

use std::ops::Range;

use swc_ecma_ast::{Expr, ExprOrSpread, Lit};

use crate::diagnostic::Diagnostic;
use crate::sdk::{SdkModel, SdkRef};
use crate::source::SourceFile;

/// The state shared by the rules while one block is checked.
pub(crate) struct RuleContext<'a> {
    pub file: &'a SourceFile,
    pub sdk: &'a SdkModel,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> RuleContext<'a> {
    pub fn new(file: &'a SourceFile, sdk: &'a SdkModel) -> RuleContext<'a> {
        RuleContext {
            file,
            sdk,
            diagnostics: Vec::new(),
        }
    }

    /// The original text of a whole-file byte range.
    pub fn text(&self, range: Range<usize>) -> &'a str {
        &self.file.text[range]
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// A call of a member of the legacy SDK object: `wx.config(...)`, `window.wx.invoke(...)`,
/// `sdk.ready(...)`, or `invoke(...)` after `const { invoke } = wx`.
pub(crate) struct SdkCall<'a> {
    /// The callee as written: `wx.config`, `invoke`.
    pub callee: Range<usize>,
    /// The SDK object the member is read from; `None` for a destructured member.
    pub object: Option<&'a SdkRef>,
    /// The member's name: `config`, `invoke`, `chooseImage`.
    pub method: &'a str,
    pub args: &'a [ExprOrSpread],
}

impl SdkCall<'_> {
    /// The text of the callee, for messages: `jWeixin.config`.
    pub fn callee_text<'t>(&self, cx: &RuleContext<'t>) -> &'t str {
        cx.text(self.callee.clone())
    }

    /// The first argument when it is a plain string literal: the API name of `wx.invoke('x')`.
    pub fn string_arg(&self, index: usize) -> Option<&str> {
        let arg = self.args.get(index)?;
        if arg.spread.is_some() {
            return None;
        }
        match &*arg.expr {
            Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
            Expr::Tpl(t) if t.exprs.is_empty() => t
                .quasis
                .first()
                .and_then(|q| q.cooked.as_ref())
                .and_then(|c| c.as_atom())
                .map(|a| a.as_str()),
            _ => None,
        }
    }
}
