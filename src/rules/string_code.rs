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

/// Functions that run a string as code, and which of their arguments is code (`None`: all).
fn code_arguments(name: &str) -> Option<Option<usize>> {
    match name {
        "setTimeout" | "setInterval" | "setImmediate" | "eval" | "execScript" => Some(Some(0)),
        "Function" => Some(None),
        _ => None,
    }
}

/// The name of a global function `callee` calls, and how many leading arguments are not the
/// function's: `setTimeout`, `window.setTimeout`, `window["setTimeout"]`, `(0, eval)`, and
/// `setTimeout.call(null, ...)` (one: the `this` argument).
fn global_function(callee: &Expr) -> Option<(&str, usize)> {
    match unwrap(callee) {
        Expr::Ident(i) => Some((&i.sym, 0)),
        // (indirect eval: `(0, eval)('...')`)
        Expr::Seq(seq) => global_function(seq.exprs.last()?),
        Expr::Member(m) => {
            let prop = match &m.prop {
                MemberProp::Ident(p) => Some(&*p.sym),
                MemberProp::Computed(c) => match unwrap(&c.expr) {
                    Expr::Lit(Lit::Str(s)) => s.value.as_str(),
                    _ => None,
                },
                MemberProp::PrivateName(_) => None,
            }?;
            let on_global =
                matches!(unwrap(&m.obj), Expr::Ident(o) if matches!(&*o.sym, "window" | "self" | "globalThis"));
            if on_global {
                return Some((prop, 0));
            }
            match prop {
                "call" => global_function(&m.obj).map(|(name, skip)| (name, skip + 1)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The string pieces of an argument the function runs as code: a string, a template's text
/// between its expressions, and the strings a `+` joins (`"wx." + "closeWindow()"` is read
/// piece by piece, so only a piece that names the SDK counts).
fn string_pieces(expr: &Expr, out: &mut Vec<std::ops::Range<usize>>) {
    match unwrap(expr) {
        Expr::Lit(Lit::Str(_)) => out.push(range_of(expr)),
        Expr::Tpl(t) => out.extend(t.quasis.iter().map(|q| crate::parse::range(q.span))),
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            string_pieces(&b.left, out);
            string_pieces(&b.right, out);
        }
        _ => {}
    }
}

/// Findings for the global SDK read in the string arguments a call runs as code.
pub(crate) fn check_call(callee: &Expr, args: &[ExprOrSpread], cx: &mut RuleContext) {
    let Some((name, skip)) = global_function(callee) else {
        return;
    };
    let Some(which) = code_arguments(name) else { return };
    let name = name.to_string();
    for (i, arg) in args.iter().enumerate().skip(skip) {
        if arg.spread.is_some() || which.is_some_and(|w| w != i - skip) {
            continue;
        }
        let mut pieces = Vec::new();
        string_pieces(&arg.expr, &mut pieces);
        for piece in pieces {
            for (at, global) in sdk_reads(cx.text(piece.clone())) {
                let start = piece.start + at;
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
}

/// Where the SDK's globals are read as objects (`wx.` not after a name character or a dot) in
/// `code`, with the name.
fn sdk_reads(code: &str) -> Vec<(usize, &'static str)> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.';
    let mut found = Vec::new();
    for &global in crate::sdk::GLOBAL_NAMES {
        for (at, _) in code.match_indices(global) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            // (`wx.closeWindow()`, `wx['closeWindow']()`, `wx .closeWindow()`)
            let rest = code[at + global.len()..].trim_start_matches([' ', '\t']);
            // (a piece that ends at the dot is joined to the member: `"wx." + name`, `` `wx.${m}()` ``)
            let member = rest.strip_prefix('.').is_some_and(|r| {
                r.is_empty() || r.starts_with(|c: char| c.is_ascii_alphabetic() || "'\"`".contains(c))
            }) || rest.starts_with("['")
                || rest.starts_with("[\"");
            // (not a host or path: `https://wx.qq.com/...`, `mail@wx.example`)
            let in_address = matches!(before, Some(b'/' | b':' | b'@' | b'-'));
            if member && !in_address && (!before.is_some_and(ident) || code[..at].ends_with("window.")) {
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
        assert_eq!(sdk_reads("\"wx['closeWindow']()\""), vec![(1, "wx")]);
        assert_eq!(sdk_reads("' wx .closeWindow()'"), vec![(2, "wx")]);
        assert_eq!(sdk_reads("\"wx.\""), vec![(1, "wx")]);
        assert!(sdk_reads("\"location.href='https://wx.qq.com/cgi-bin/x'\"").is_empty());
    }
}
