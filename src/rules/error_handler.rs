//! `wx.error`'s handler as `ww.register`'s `onConfigFail` (semantics.md 6.10). jweixin called
//! the handler with `{ errMsg: 'config:invalid signature' }`; `@wecom/jssdk` calls
//! `onConfigFail` with the client's reply (`errMsg` `preVerifyJSAPI:invalid signature`, the raw
//! `err_msg`, `errCode`) or an `Error`. A handler that never looks at its argument moves as it
//! is. One that reads it (compares the text, shows it, passes it on) is wrapped so that it gets
//! jweixin's object back, rebuilt from the raw reply the way jweixin did (`fail_` dropped, `_`
//! as spaces, lower case), and is called as a plain function, as jweixin called it:
//!
//! ```js
//! onConfigFail: function (error) {
//!   (function (res) { if (res.errMsg === 'config:invalid signature') retry(); })({ errMsg: 'config:' + ... });
//! },
//! ```

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::moves::reads;
use super::RuleContext;
use crate::parse::range_of;
use crate::scope;
use crate::sdk::unwrap;
use crate::source::layout;

/// The `onConfigFail` property for `handler` (as written at indentation `from`), laid out at
/// `indent`; and whether the handler was wrapped to get jweixin's argument back.
pub(crate) fn on_config_fail(
    cx: &RuleContext,
    handler: &Expr,
    from: &str,
    indent: &str,
    unsafe_because: &mut Vec<String>,
) -> (String, bool) {
    let text = cx.text(range_of(handler));
    if !reads_its_argument(handler) {
        return (format!("onConfigFail: {}", layout::reindent(text, from, indent)), false);
    }
    let reasons = reads(handler);
    let param = ["error", "failure", "reason", "configError", "wwError"]
        .into_iter()
        .find(|p| !reasons.names.iter().any(|n| n == p))
        .unwrap_or("wwError");
    let callee = match unwrap(handler) {
        Expr::Fn(_) | Expr::Arrow(_) => format!("({})", layout::reindent(text, from, &format!("{indent}  "))),
        Expr::Member(_) => {
            unsafe_because.push(format!(
                "`{text}` is now called as a method (`this` is its object; jweixin called it plainly)"
            ));
            text.to_string()
        }
        _ => text.to_string(),
    };
    let legacy = format!(
        "{{ errMsg: 'config:' + String({param}.err_msg || {param}.errMsg || {param}.message).replace(/^[^:]*:(?:fail(?:ed)?_)?/, '').replace(/_/g, ' ').toLowerCase() }}"
    );
    let nl = cx.style.newline;
    // `ww` passes the client's reply or an `Error`; TypeScript needs to be told it may read both
    let typed = if cx.style.typescript {
        format!("{param}: any")
    } else {
        param.to_string()
    };
    let property = if cx.style.arrows {
        format!("onConfigFail: ({typed}) => {{{nl}{indent}  {callee}({legacy});{nl}{indent}}}")
    } else {
        format!("onConfigFail: function ({typed}) {{{nl}{indent}  {callee}({legacy});{nl}{indent}}}")
    };
    (property, true)
}

/// Whether a handler may look at the argument it is called with, or at `this`: anything but a
/// function literal whose parameters, `arguments` and `this` go unused.
fn reads_its_argument(handler: &Expr) -> bool {
    let (params, body_reads) = match unwrap(handler) {
        Expr::Fn(f) => {
            let mut declared = Vec::new();
            scope::params(f.function.params.iter().map(|p| &p.pat), &mut declared);
            (declared, reads(&f.function.body))
        }
        Expr::Arrow(a) => {
            let mut declared = Vec::new();
            scope::params(a.params.iter(), &mut declared);
            let mut body = reads(&*a.body);
            // an arrow's `this` and `arguments` are the enclosing function's: the move keeps them
            body.uses_this = false;
            (declared, body)
        }
        _ => return true,
    };
    body_reads.uses_this || params.iter().any(|p| body_reads.names.contains(&p.name))
}

/// Whether a handler throws (a `throw` in its own body). jweixin called `wx.error`'s handler
/// before the `wx.ready` callbacks, from the same loop: a throw skipped them. `ww` catches what
/// `onConfigFail` throws and runs them.
pub(crate) fn throws(handler: &Expr) -> bool {
    struct Throws {
        found: bool,
        depth: usize,
    }
    impl Visit for Throws {
        fn visit_throw_stmt(&mut self, t: &ThrowStmt) {
            if self.depth <= 1 {
                self.found = true;
            }
            t.visit_children_with(self);
        }
        fn visit_function(&mut self, f: &Function) {
            self.depth += 1;
            f.visit_children_with(self);
            self.depth -= 1;
        }
        fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
            self.depth += 1;
            a.visit_children_with(self);
            self.depth -= 1;
        }
    }
    let mut v = Throws { found: false, depth: 0 };
    unwrap(handler).visit_with(&mut v);
    v.found
}
