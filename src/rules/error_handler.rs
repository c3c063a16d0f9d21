//! `wx.error`'s handler as `ww.register`'s `onConfigFail` (semantics.md 6.10), and
//! `wx.agentConfig`'s `success`/`fail`/`complete` as `onAgentConfig*`. jweixin called
//! the handler with `{ errMsg: 'config:invalid signature' }`; `@wecom/jssdk` calls
//! `onConfigFail` with the client's reply (`errMsg` `preVerifyJSAPI:invalid signature`, the raw
//! `err_msg`, `errCode`) or an `Error`. A handler that never looks at its argument moves as it
//! is. One that reads it (compares the text, shows it, passes it on) is wrapped so that it gets
//! jweixin's object back, rebuilt from the raw reply the way jweixin did (`fail_` dropped, `_`
//! as spaces, lower case), and is called as a plain function, as jweixin called it. The same
//! goes for the agent hooks: `ww` hands them `agentConfig:functionnotexist` where jweixin said
//! `agentConfig:function not exist` (the check real pages make to ask for an upgrade), or an
//! `Error` without `errMsg`:
//!
//! ```js
//! onConfigFail: function (error) {
//!   (function (res) { if (res.errMsg === 'config:invalid signature') retry(); })({ errMsg: 'config:' + ... });
//! },
//! ```

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::context::CodeStyle;
use super::moves::reads;
use super::RuleContext;

use crate::scope;
use crate::sdk::unwrap;
use crate::source::layout;

/// A handler as written: an expression (`function (res) {...}`, `onError`), or an object
/// method (`fail(res) {...}`, whose text from after the key is `value`).
#[derive(Clone, Copy)]
pub(crate) enum Handler<'a> {
    Expr(&'a Expr),
    Method(&'a Function),
    /// A shorthand property (`{ fail }`): a function the tool cannot see.
    Name(&'a str),
}

/// The `onConfigFail` property for `wx.error`'s handler, laid out as `layout` says; and whether
/// the handler was wrapped to get jweixin's argument back.
pub(crate) fn on_config_fail(
    cx: &RuleContext,
    handler: &Expr,
    text: &str,
    layout: Layout,
    unsafe_because: &mut Vec<String>,
) -> (String, bool) {
    legacy_result_property(
        cx,
        "onConfigFail",
        "config",
        Handler::Expr(handler),
        text,
        layout,
        unsafe_because,
    )
}

/// Where a handler's text comes from and goes: its indentation as written, the register
/// object's, and whether that object is written on one line (the property is then one line).
#[derive(Clone, Copy)]
pub(crate) struct Layout<'a> {
    pub from: &'a str,
    pub indent: &'a str,
    pub one_line: bool,
}

/// A `ww.register` property `key` calling `handler` (text `text`, written at indentation
/// `from`), laid out at `indent`. A handler that reads its argument or `this` is wrapped: it
/// is called plainly with jweixin's `{ errMsg: '<api>:...' }`, rebuilt from the client's raw
/// reply (what `ww` passes) or an `Error`'s message. Returns whether it was wrapped.
#[allow(clippy::too_many_arguments)]
pub(crate) fn legacy_result_property(
    cx: &RuleContext,
    key: &str,
    api: &str,
    handler: Handler,
    text: &str,
    layout: Layout,
    unsafe_because: &mut Vec<String>,
) -> (String, bool) {
    let Layout { from, indent, one_line } = layout;
    let method = matches!(handler, Handler::Method(_));
    // (a configuration handler is called only where jweixin called `wx.error`, also when it
    // reads nothing: not for a reply jweixin took for a success or a cancel; helper-32)
    if api != "config" && !reads_its_argument(handler) {
        let value = layout::reindent(text, from, indent);
        return (
            if method {
                format!("{key}{value}")
            } else {
                format!("{key}: {value}")
            },
            false,
        );
    }
    let names = match handler {
        Handler::Expr(e) => reads(e).names,
        Handler::Method(f) => reads(f).names,
        Handler::Name(n) => std::iter::once(n.into()).collect(),
    };
    // The parameter says what the hook gets: a failure, or the reply of a success.
    let candidates: &[&str] = if key.ends_with("Fail") {
        &["error", "failure", "reason", "result", "wwResult"]
    } else {
        &["result", "reply", "wwResult"]
    };
    let param = candidates
        .iter()
        .copied()
        .find(|p| !names.iter().any(|n| n == p))
        .unwrap_or("wwResult");
    let inner = format!("{indent}  ");
    let callee = match handler {
        Handler::Method(f) => {
            let asynchronous = if f.is_async { "async " } else { "" };
            let star = if f.is_generator { "*" } else { "" };
            format!(
                "({asynchronous}function{star} {})",
                layout::reindent(text.trim_start(), from, &inner)
            )
        }
        Handler::Name(n) => n.to_string(),
        Handler::Expr(e) => match unwrap(e) {
            Expr::Fn(_) | Expr::Arrow(_) => format!("({})", layout::reindent(text, from, &inner)),
            Expr::Ident(name) => {
                if let Some(why) =
                    super::held_value::why_it_may_change(cx.program, &name.sym, crate::parse::range(name.span).start)
                {
                    unsafe_because.push(why);
                }
                text.to_string()
            }
            Expr::Member(_) => {
                unsafe_because.push(format!(
                    "`{text}` is now called as a method (`this` is its object; jweixin called it plainly)"
                ));
                text.to_string()
            }
            _ => text.to_string(),
        },
    };
    // `ww` passes the client's reply or an `Error`; TypeScript needs to be told it may read both
    let typed = if cx.style.typescript {
        format!("{param}: any")
    } else {
        param.to_string()
    };
    let (open, close) = if one_line && !callee.contains('\n') {
        (" ".to_string(), " ".to_string())
    } else {
        (
            format!("{}{inner}", cx.style.newline),
            format!("{}{indent}", cx.style.newline),
        )
    };
    // (the keyword's variable, for the configuration: a name the handler does not read)
    // (a name the file does not hold, so the keyword's variable hides nothing the handler or
    // the code around reads)
    let keyword_name = ["wxKeyword", "jweixinKeyword", "legacyKeyword"]
        .into_iter()
        .map(str::to_string)
        .chain((2..).map(|n| format!("wxKeyword{n}")))
        .find(|k| !cx.file.text.contains(k.as_str()))
        .expect("some numbered name is free");
    let call = legacy_failure_call(api, param, &callee, &keyword_name, &open, &cx.style);
    let property = if cx.style.arrows {
        format!("{key}: ({typed}) => {{{open}{call}{close}}}")
    } else {
        format!("{key}: function ({typed}) {{{open}{call}{close}}}")
    };
    (property, true)
}

/// jweixin's `{ errMsg: '<api>:...' }`, rebuilt from what `ww` hands a hook in `param`: the
/// client's raw reply, or an `Error`'s message.
pub(crate) fn legacy_result(api: &str, param: &str, typescript: bool) -> String {
    format!("{{ errMsg: '{api}:' + {} }}", legacy_keyword(api, param, typescript))
}

/// The keyword of jweixin's `errMsg` for a failure `ww` hands a hook in `param`, as jweixin's
/// formatter wrote it from the client's reply (semantics.md 1.6): the text after the first
/// `:`, `confirm` as `ok`, `failed` as `fail`, without a leading `fail_`/`failed_`, `_` as a
/// space, lower case, `access denied` and `no permission to execute` as `permission denied`,
/// empty as `fail`; and for the configuration, `function not exist` as `ok` (jweixin took that
/// reply for a success: no `wx.error` handler ran).
pub(crate) fn legacy_keyword(api: &str, param: &str, typescript: bool) -> String {
    let typed = if typescript { "keyword: string" } else { "keyword" };
    let config = if api == "config" {
        " if (keyword === 'function not exist') keyword = 'ok';"
    } else {
        ""
    };
    format!(
        "(function ({typed}) {{ keyword = keyword.substring(keyword.indexOf(':') + 1); if (keyword === 'confirm') keyword = 'ok'; if (keyword === 'failed') keyword = 'fail'; if (keyword.indexOf('failed_') !== -1) keyword = keyword.substring(7); if (keyword.indexOf('fail_') !== -1) keyword = keyword.substring(5); keyword = keyword.replace(/_/g, ' ').toLowerCase(); if (keyword === 'access denied' || keyword === 'no permission to execute') keyword = 'permission denied';{config} return keyword || 'fail'; }})(String({param}.err_msg || {param}.errMsg || {param}.message))"
    )
}

/// The statement that hands a failure `ww` passes in `param` to `callee` as jweixin's
/// `{ errMsg: '<api>:...' }`. For the configuration it first works out jweixin's keyword into
/// `keyword_name`, and calls nothing where jweixin saw a success (`function not exist`) or a
/// cancel (which went to no `wx.error` handler).
/// `between` separates its statements (a space, or a line break and indentation).
pub(crate) fn legacy_failure_call(
    api: &str,
    param: &str,
    callee: &str,
    keyword_name: &str,
    between: &str,
    style: &CodeStyle,
) -> String {
    // (jweixin handed a `cancel` reply to the `cancel` callback, not to `fail` or `wx.error`)
    let skipped = if api == "config" {
        format!("{keyword_name} !== 'ok' && {keyword_name} !== 'cancel'")
    } else {
        format!("{keyword_name} !== 'cancel'")
    };
    format!(
        "{} {keyword_name} = {};{between}if ({skipped}) {callee}({{ errMsg: '{api}:' + {keyword_name} }});",
        style.const_keyword(),
        legacy_keyword(api, param, style.typescript)
    )
}

/// Whether a handler may look at the argument it is called with, or at `this`: anything but a
/// function literal whose parameters, `arguments` and `this` go unused.
fn reads_its_argument(handler: Handler) -> bool {
    let expr = match handler {
        Handler::Expr(e) => e,
        Handler::Name(_) => return true,
        Handler::Method(f) => {
            let mut declared = Vec::new();
            scope::params(f.params.iter().map(|p| &p.pat), &mut declared);
            let body = reads(&f.body);
            return body.uses_this || declared.iter().any(|p| body.names.contains(&p.name));
        }
    };
    let (params, body_reads) = match unwrap(expr) {
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
