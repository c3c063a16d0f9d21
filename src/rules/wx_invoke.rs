//! `wx-invoke`: a `wx.invoke(name, params, callback)` call to a client API.
//!
//! What it finds: `wx.invoke(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` has `ww.invoke(name, params, callback)` with the same bridge name, the
//! same params and the raw reply (`res.err_msg` is still there). It queues the call until the
//! client bridge exists instead of dropping it, does not wait for configuration (keep the
//! `ready` gate), and returns a promise that rejects on cancel or failure, so a callback-style
//! call needs `.catch(() => {})`. Where the API table marks an API `identical`, the named
//! `ww.<api>({...params, complete: callback})` is the idiomatic form; it waits for the
//! configuration by itself, so it changes when the call reaches the client.
//!
//! Before:
//!
//! ```js
//! wx.invoke('sendChatMessage', { msgtype: 'text', text: { content: 'hi' } }, function (res) {
//!   if (res.err_msg == 'sendChatMessage:ok') done();
//! });
//! ```
//!
//! After:
//!
//! ```js
//! ww.invoke('sendChatMessage', { msgtype: 'text', text: { content: 'hi' } }, function (res) {
//!   if (res.err_msg == 'sendChatMessage:ok') done();
//! }).catch(() => {});
//! ```
//!
//! Fix (R5): `ww.invoke(...)` plus `.catch(() => {})`, keeping the name, params, callback and
//! whatever gate surrounded the call; in TypeScript `ww.invoke<any>` when the callback's
//! parameter has no type, so `res.err_msg` still compiles. **Safe**, naming what
//! `@wecom/jssdk` does differently: the call waits for the client bridge instead of being
//! dropped, the params object is not modified, and an exception in the callback is logged
//! instead of thrown. **Unsafe** when the callback reads the whole reply (`JSON.stringify(res)`,
//! `show(res)`) or `res.errMsg`/`res.errCode`, which `ww.invoke` adds to the client's reply
//! (rules/result_reads.rs). **Unsafe** when the call's value is used (jweixin returned nothing, `ww`
//! returns a promise), and when it runs while the page loads or right after a configuration
//! outside a `wx.ready` callback (not in an event handler, timer or request callback): jweixin
//! dropped it without the client bridge (and had no `wx.invoke` before `wx.config({ beta: true
//! })`) and sent it after the configuration's handshake, `ww.invoke` waits for the bridge and
//! reaches the client before `ww.register`'s handshake. `wx.invoke('agentConfig', ...)` stays a
//! literal `ww.invoke` (§6.6).
//! With `fix --named-invoke --unsafe-fixes` (R6), APIs the table marks `identical` become the
//! named `ww.<api>({ ...params, complete: callback })`: **unsafe**, since the named form waits
//! for the handshake, which changes when the call reaches the client.

use swc_ecma_ast::{Expr, Pat};

use crate::api_table::{self, ApiKind, Compat};
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::parse::range_of;
use crate::rules::list_edit::ListEdit;
use crate::rules::{RuleContext, RuleId, SdkCall};
use crate::sdk::unwrap;

/// Reports the call and says which style of `ww` call its fix produces (for the order check).
pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) -> Option<super::walk::CallStyle> {
    let callee = call.callee_text(cx);
    let name = call.string_arg(0);
    let message = match name {
        Some(name) => format!("`{callee}('{name}', ...)` calls the client through the legacy JS-SDK"),
        None => format!("`{callee}(...)` calls the client through the legacy JS-SDK"),
    };
    let named = name
        .and_then(|n| api_table::lookup(ApiKind::Invoke, n))
        .filter(|row| row.compat == Compat::Identical)
        .and_then(|row| row.ww_name());
    let help = match name {
        Some("agentConfig") => "keep it as `ww.invoke('agentConfig', ...).catch(() => {})`; turning it into `getAgentConfigSignature` changes when the identity is set".to_string(),
        Some(name) => match (named, api_table::lookup(ApiKind::Invoke, name)) {
            (Some(api), _) => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`, or the named `ww.{api}({{ ...params, complete: callback }})`, which also waits for `ww.register`"
            ),
            (None, Some(row)) => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`. {}",
                note_summary(row.notes)
            ),
            (None, None) => format!(
                "use `ww.invoke('{name}', params, callback).catch(() => {{}})`; `{name}` is not in the WeCom API table, check the name"
            ),
        },
        None => "use `ww.invoke(name, params, callback).catch(() => {})`: same bridge name, params and raw reply".to_string(),
    };
    let diagnostic = Diagnostic::new(RuleId::WxInvoke, call.callee.clone(), message, help);
    match (named, cx.options.named_invoke) {
        (Some(api), true) => {
            let fix = named_fix(call, cx, api);
            cx.report_with(diagnostic, fix);
            Some(super::walk::CallStyle::Named)
        }
        _ => {
            let fix = invoke_fix(call, cx);
            cx.report_with(diagnostic, fix);
            Some(super::walk::CallStyle::Direct)
        }
    }
}

/// Whether the callback argument's parameter has a type annotation (or there is none).
fn callback_typed(call: &SdkCall, index: usize) -> bool {
    let Some(arg) = call.args.get(index) else { return true };
    let first = match unwrap(&arg.expr) {
        Expr::Arrow(a) => a.params.first(),
        Expr::Fn(f) => f.function.params.first().map(|p| &p.pat),
        _ => return true,
    };
    match first {
        Some(Pat::Ident(b)) => b.type_ann.is_some(),
        Some(_) => true,
        None => true,
    }
}

/// R5: `ww.invoke(...)` with `.catch(() => {})`.
fn invoke_fix(call: &SdkCall, cx: &RuleContext) -> Result<Fix, String> {
    let mut edits = call.ww_callee(cx, "invoke")?;
    let mut title = String::from(
        "Call `ww.invoke` and ignore its rejection with `.catch(() => {})`. Differences inherent to @wecom/jssdk: the call waits for the client bridge instead of being dropped, the params object is not modified, and an exception in the callback is logged instead of thrown",
    );
    if cx.style.typescript && !call.type_args && !callback_typed(call, 2) {
        edits.push(Edit::insert(call.callee.end, "<any>"));
        title.push_str("; `<any>` keeps `res.err_msg` compiling");
    }
    edits.push(call.catch_edit(cx));
    let mut unsafe_because = value_used(call, "ww.invoke");
    unsafe_because.extend(call.why_timing_changes());
    if let Some(callback) = call.args.get(2) {
        unsafe_because.extend(super::result_reads::difference(
            &callback.expr,
            cx.program,
            &["errMsg", "errCode"],
            "`ww.invoke` adds `errMsg` and `errCode` to the client's reply, which jweixin handed on as it came",
        ));
    }
    cx.fix_unless(title, &unsafe_because, edits)
}

/// The reason a fix is unsafe when the call's value is used: jweixin's calls returned nothing.
pub(crate) fn value_used(call: &SdkCall, ww: &str) -> Vec<String> {
    match call.value_used {
        true => vec![format!(
            "the call's value is used, and `{ww}` returns a promise where jweixin returned nothing"
        )],
        false => Vec::new(),
    }
}

/// R6: `ww.<api>({ ...params, complete: callback })`.
fn named_fix(call: &SdkCall, cx: &RuleContext, api: &str) -> Result<Fix, String> {
    let Some(object) = call.object else {
        return Err("`invoke` was taken out of the SDK object".to_string());
    };
    let edits = cx.ww_object(object).ok_or("the SDK object is stored elsewhere")?;
    let object_text = crate::apply::edited_slice(&cx.file.text, object.range.clone(), &edits);
    if call.args.iter().any(|a| a.spread.is_some()) || call.args.len() > 3 {
        return Err("the call spreads its arguments".to_string());
    }
    let params = call.args.get(1).map(|a| &*a.expr);
    let callback = call.args.get(2).map(|a| cx.text(range_of(&*a.expr)));
    let mut edits = Vec::new();
    match params.map(unwrap) {
        Some(Expr::Object(object_lit)) => {
            let params_range = range_of(params.unwrap_or(&Expr::Invalid(Default::default())));
            edits.push(Edit::replace(
                call.callee.start..params_range.start,
                format!("{object_text}.{api}("),
            ));
            let items = object_lit.props.iter().map(range_of).collect();
            let mut list = ListEdit::new(&cx.file.text, range_of(object_lit), items);
            if let Some(cb) = callback {
                list.add(format!("complete: {cb}"));
            }
            edits.extend(list.edits(cx.style.newline));
            edits.push(Edit::replace(params_range.end..call.call.end, ")"));
        }
        Some(_) => {
            let params_text = cx.text(range_of(params.unwrap_or(&Expr::Invalid(Default::default()))));
            let merged = match (callback, cx.style.arrows) {
                (Some(cb), true) => format!("{{ ...{params_text}, complete: {cb} }}"),
                (Some(cb), false) => format!("Object.assign({{}}, {params_text}, {{ complete: {cb} }})"),
                (None, _) => params_text.to_string(),
            };
            edits.push(Edit::replace(
                call.callee.start..call.call.end,
                format!("{object_text}.{api}({merged})"),
            ));
        }
        None => {
            edits.push(Edit::replace(
                call.callee.start..call.call.end,
                format!("{object_text}.{api}()"),
            ));
        }
    }
    edits.push(call.catch_edit(cx));
    let title = format!(
        "Call the named `ww.{api}` with the callback as `complete`. Unsafe: it waits for `ww.register`'s handshake, so the call reaches the client later, and a failed configuration arrives in the callback instead of the API's own reply"
    );
    cx.fix(title, Applicability::Unsafe, edits)
}

/// The first sentences of a table note, about 200 characters, for a help line.
pub(crate) fn note_summary(notes: &str) -> String {
    let notes = notes.split(" [compat:").next().unwrap_or(notes).trim();
    let mut end = 0;
    for (i, _) in notes.match_indices(". ") {
        let next_is_sentence = notes[i + 2..].chars().next().is_some_and(|c| c.is_uppercase());
        if next_is_sentence {
            end = i + 1;
            if end >= 120 {
                break;
            }
        }
    }
    if end == 0 || notes.len() <= 200 {
        end = notes.len();
    }
    notes[..end].trim().to_string()
}
