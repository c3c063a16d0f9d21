//! The legacy SDK called from code in a string the page runs later: `setTimeout("wx.closeWindow()",
//! 1500)`, `setInterval('...')`, `eval('...')`, `new Function('...')`. Reported under `wx-object`.
//!
//! No rule parses the string, so the page's other uses moved to `ww` and the string then threw
//! `ReferenceError: wx is not defined` (helper-30). The finding has no fix: the page's unit
//! stays on jweixin until the code is written as a function (or its `wx` as `ww`) by hand.

use swc_ecma_ast::*;

use crate::diagnostic::Diagnostic;
use crate::parse::range_of;
use crate::rules::{RuleContext, RuleId};
use crate::sdk::unwrap;

/// The SDK's global names, as string code reads them.
const GLOBALS: [&str; 2] = ["wx", "jWeixin"];

/// Functions that run a string as code, and which of their arguments is code (`None`: all).
fn code_arguments(name: &str) -> Option<Option<usize>> {
    match name {
        "setTimeout" | "setInterval" | "setImmediate" | "eval" | "execScript" => Some(Some(0)),
        "Function" => Some(None),
        _ => None,
    }
}

/// The name of a global function `callee` calls: `setTimeout`, `window.setTimeout`.
fn global_function(callee: &Expr) -> Option<&str> {
    match unwrap(callee) {
        Expr::Ident(i) => Some(&i.sym),
        Expr::Member(m) => {
            let on_global =
                matches!(unwrap(&m.obj), Expr::Ident(o) if matches!(&*o.sym, "window" | "self" | "globalThis"));
            on_global.then(|| m.prop.as_ident().map(|p| &*p.sym)).flatten()
        }
        _ => None,
    }
}

/// Findings for the global SDK read in the string arguments a call runs as code.
pub(crate) fn check_call(callee: &Expr, args: &[ExprOrSpread], cx: &mut RuleContext) {
    let Some(name) = global_function(callee) else { return };
    let Some(which) = code_arguments(name) else { return };
    let name = name.to_string();
    for (i, arg) in args.iter().enumerate() {
        if arg.spread.is_some() || which.is_some_and(|w| w != i) {
            continue;
        }
        let is_text = match unwrap(&arg.expr) {
            Expr::Lit(Lit::Str(_)) => true,
            Expr::Tpl(t) => t.exprs.is_empty(),
            _ => false,
        };
        if !is_text {
            continue;
        }
        let literal = range_of(&*arg.expr);
        for at in sdk_reads(cx.text(literal.clone())) {
            let start = literal.start + at.0;
            let global = at.1;
            let diagnostic = Diagnostic::new(
                RuleId::WxObject,
                start..start + global.len(),
                format!("`{global}` is the legacy JS-SDK object, called from code in a string that `{name}` runs"),
                format!(
                    "pass a function instead (`{name}(function () {{ ... }})`), then run the fix again: moving the page to `@wecom/jssdk` (which defines no `{global}`) breaks this string"
                ),
            );
            cx.report_unfixed(diagnostic, "the tool does not rewrite code in strings");
        }
    }
}

/// Where the SDK's globals are read as objects (`wx.` not after a name character or a dot) in
/// `code`, with the name.
fn sdk_reads(code: &str) -> Vec<(usize, &'static str)> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.';
    let mut found = Vec::new();
    for global in GLOBALS {
        let needle = format!("{global}.");
        for (at, _) in code.match_indices(&needle) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let member = bytes.get(at + needle.len()).is_some_and(|b| b.is_ascii_alphabetic());
            if member && (!before.is_some_and(ident) || code[..at].ends_with("window.")) {
                found.push((at, global));
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_reads_in_string_code() {
        assert_eq!(sdk_reads("'wx.closeWindow()'"), vec![(1, "wx")]);
        assert_eq!(
            sdk_reads("\"jWeixin.hideOptionMenu(); wx.x()\""),
            vec![(1, "jWeixin"), (27, "wx")]
        );
        assert!(sdk_reads("'mywx.close(); a.wx.b(); wx.1'").is_empty());
        assert_eq!(sdk_reads("'window.wx.closeWindow()'"), vec![(8, "wx")]);
    }
}
