//! The form a `wx.ready(fn)` call takes: `ww.ensureConfigReady().catch(() => {}).then(fn)`,
//! which runs `fn` once the configuration replied, also after a failed one, as jweixin did;
//! `fn` is called with no argument, as jweixin called it (semantics.md R4, 6.1).

use std::ops::Range;

use swc_ecma_ast::*;

use super::alias_roots::AliasRoots;
use super::object_form::ww_text;
use super::register::Lifecycle;
use super::RuleContext;
use crate::fix::Edit;
use crate::parse::{range, range_of};
use crate::sdk::{unwrap, SdkRef};
use crate::source::layout;

/// `wx.ready(fn)` -> `ww.ensureConfigReady().catch(() => {}).then(fn)`, calling `fn` with no
/// argument as jweixin did.
///
/// With `corp_only` (the register has an agent configuration), the callback waits for the corp
/// configuration alone: `ww.ensureCorpConfigReady()`.
pub(crate) fn ready_edits(
    cx: &RuleContext,
    ready: &Lifecycle,
    corp_only: bool,
    unsafe_because: &mut Vec<String>,
) -> Result<Vec<Edit>, String> {
    ready_call_edits(
        cx,
        ready.callee.clone(),
        ready.object,
        &ready.call.args,
        corp_only,
        unsafe_because,
    )
}

/// The edits for a `ready` call given its callee range, SDK object and arguments.
pub(crate) fn ready_call_edits(
    cx: &RuleContext,
    callee: Range<usize>,
    object: &SdkRef,
    args: &[ExprOrSpread],
    corp_only: bool,
    unsafe_because: &mut Vec<String>,
) -> Result<Vec<Edit>, String> {
    let object_text = ww_text(cx, object)?;
    let ensure = if corp_only {
        "ensureCorpConfigReady"
    } else {
        "ensureConfigReady"
    };
    let callback = match args {
        [arg] if arg.spread.is_none() => &arg.expr,
        _ => return Err("`wx.ready` is not given one callback".to_string()),
    };
    let mut edits = vec![Edit::replace(
        callee,
        format!("{object_text}.{ensure}(){}.then", cx.style.catch_all()),
    )];
    let callback_range = range_of(&**callback);
    let callback_text = cx.text(callback_range.clone());
    match unwrap(callback) {
        Expr::Fn(f) if f.function.params.is_empty() => {}
        Expr::Arrow(a) if a.params.is_empty() => {}
        Expr::Fn(_) | Expr::Arrow(_) => {
            edits.push(Edit::replace(
                callback_range,
                cx.style.thunk(&format!("({callback_text})()")),
            ));
        }
        Expr::Ident(name) => {
            if let Some(why) = super::held_value::why_it_may_change(cx.program, &name.sym, callback_range.start) {
                unsafe_because.push(why);
            }
            edits.push(Edit::replace(
                callback_range,
                cx.style.thunk(&format!("{callback_text}()")),
            ))
        }
        Expr::Member(_) => {
            unsafe_because.push(format!(
                "`{callback_text}` is now called as a method (`this` is its object; jweixin called it plainly)"
            ));
            edits.push(Edit::replace(
                callback_range,
                cx.style.thunk(&format!("{callback_text}()")),
            ));
        }
        _ => {
            return Err(format!(
                "`wx.ready` is given `{callback_text}`, which is computed when `wx.ready` runs"
            ))
        }
    }
    Ok(edits)
}

/// The statement a `wx.ready` of an enclosing function becomes next to the config; `moved` are
/// the alias rewrites of the moved code and the deletions of the callback's statements that go
/// into the register instead.
pub(super) fn moved_ready(
    cx: &RuleContext,
    ready: &Lifecycle,
    indent: &str,
    corp_only: bool,
    moved: (&AliasRoots, &[Edit]),
    unsafe_because: &mut Vec<String>,
) -> Result<String, String> {
    let text = &cx.file.text;
    let (alias_roots, nested) = moved;
    let mut edits = ready_edits(cx, ready, corp_only, unsafe_because)?;
    edits.extend(nested.iter().cloned());
    // Apply the edits to the call's own text, then shift it to its new indentation.
    let statement = alias_roots.apply(text, range(ready.call.span), &edits);
    let from = layout::indentation(text, ready.statement.start);
    Ok(format!("{};", layout::reindent(&statement, from, indent)))
}
