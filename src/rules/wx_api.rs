//! `wx-api`: a direct method of the legacy SDK object (`wx.chooseImage({...})`), or any other
//! member read from it (`typeof wx.invoke`, `wx.miniProgram`, `wx[name]`).
//!
//! What it finds: calls and reads of SDK members other than `config`, `agentConfig`, `ready`,
//! `error`, `invoke` and `on`, through any form of the SDK object.
//!
//! Why: most methods exist on `ww` with the same name and options (the API table marks them
//! `identical`); some take other arguments (`onVoiceRecordEnd` takes a function, share
//! methods never call `trigger`), return other results (`checkJsApi`, `chooseWXPay`), or have
//! no equivalent at all (`miniProgram.*`, `getBrandWCPayRequest`, WeChat `launchMiniProgram`).
//! Every `ww` method waits for `ww.register` and returns a promise that rejects on failure.
//!
//! Before:
//!
//! ```js
//! wx.scanQRCode({ needResult: 1, success: function (res) { show(res.resultStr); } });
//! ```
//!
//! After:
//!
//! ```js
//! ww.scanQRCode({ needResult: 1, success: function (res) { show(res.resultStr); } }).catch(() => {});
//! ```
//!
//! Fix (R8): for methods the table marks `identical`, `ww.<api>(...)` plus `.catch(() => {})`.
//! **Safe** inside a `wx.ready` callback, naming what `@wecom/jssdk` does differently there: a
//! failed configuration reaches `fail`/`complete` and re-runs the handshake once per call, and
//! results also carry `errCode` and the raw fields. **Unsafe** where a callback written in the
//! options reads the whole result (`JSON.stringify(res)`, `done(res)`) or a raw key (`res.err_msg`,
//! `res.errCode`): jweixin handed `{ errMsg }` alone (rules/result_reads.rs). **Unsafe** outside
//! a ready callback (jweixin
//! sent the call at once, dropping it while the client bridge was missing; `ww` waits for the
//! bridge and the handshake), when the call's value is used, or when a `ww.invoke`/`ww.on`
//! written after it in the same function or a later ready callback would now reach the
//! client first (§6.3); there a menu method jweixin handed straight to the client, called
//! without callbacks, becomes `ww.invoke('hideOptionMenu', {})` instead, and a share card goes
//! through the share adapter below (`ww.on`), both of which keep their place (safe where a
//! `wx.invoke` is). Share methods (`onMenuShareAppMessage`,
//! ...) are **safe**, naming that `ww` binds the listener only after a successful handshake;
//! with a `trigger`, which `ww` never calls, the fix writes an adapter instead (below).
//! Where a share card or a menu method without callbacks may run while the page loads, the fix
//! writes jweixin's own test of the client bridge before it and is **safe**
//! (`if (window.WeixinJSBridge) ww.invoke('hideOptionMenu', {})`): jweixin bound or sent it only
//! where the bridge was there, and neither sends anything whose reply a callback reads, so the
//! handshake's place before or after it changes nothing (`SdkCall::keep_load_timing`).
//! Where the difference is mechanical the fix writes an adapter in the file (`api_adapters`),
//! **safe** inside a ready callback:
//! `checkJsApi` goes through `ww.invoke('checkJsApi', ...)` with jweixin's client names and
//! rebuilds jweixin's `checkResult` (parsed on Android only, keyed by web names);
//! `openEnterpriseChat` goes through `ww.invoke` with the keys WeCom's jweixin build sent;
//! `chooseWXPay` goes through `ww.invoke('getBrandWCPayRequest', ...)` with the fields jweixin
//! sent, on pages whose jweixin build the unit shows (its result names the payment as that
//! build did: `chooseWXPay:ok` in WeChat's 1.0 to 1.5, `getBrandWCPayRequest:ok` in WeCom's);
//! `onVoiceRecordEnd`/`onVoicePlayEnd`/`onSearchBeacons` get a function that hands the
//! callbacks jweixin's result; a share card with `trigger` is bound with `ww.on` (the page's
//! options bound as `this`), calls `trigger` with the tap event and shares with `ww.invoke`, as
//! jweixin did. Each adapter gives the callbacks jweixin's result (`errMsg` in its spelling, no
//! `err_msg`/`errCode`) and calls them in jweixin's order. An adapter needs what it reads
//! written in place (a literal `jsApiList`, callbacks written as functions that do not read
//! `this`, a share `title` written as text: jweixin's default was the page title when it
//! loaded, the build of a page that pays); otherwise, and for methods that return other
//! results, the fix is **unsafe** and says how.
//! No fix for members
//! with no equivalent, dynamic `wx[name]`, and reads that are not feature tests. A feature
//! test (`typeof wx.invoke === 'function'`) gets a safe fix that tests `ww` instead.

use swc_ecma_ast::{Expr, MemberExpr, MemberProp, Prop, PropOrSpread};

use crate::api_table::{self, ApiKind, Compat};
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::parse::{self, range_of};
use crate::rules::api_adapters;
use crate::rules::share_options;
use crate::rules::walk::CallStyle;
use crate::rules::wx_invoke::{note_summary, value_used};
use crate::rules::{RuleContext, RuleId, SdkCall};
use crate::sdk::{unwrap, Origin, SdkRef};
use crate::source::layout;

/// A call of a direct method: `wx.chooseImage({...})`. Returns the style of its fix's call.
pub(crate) fn check_call(call: &SdkCall, cx: &mut RuleContext) -> Option<CallStyle> {
    if !is_sdk_member(call.method, call.object) {
        if let Some(object) = call.object {
            report_own_member(call.callee.clone(), object, call.method, cx);
        }
        return None;
    }
    let callee = call.callee_text(cx);
    let (message, help) = describe(callee, call.method);
    let diagnostic = Diagnostic::new(RuleId::WxApi, call.callee.clone(), message, help);
    let fix = method_fix(call, cx);
    let style = fix.as_ref().ok().map(|(_, style)| *style);
    cx.report_with(diagnostic, fix.map(|(fix, _)| fix));
    style
}

/// The events whose `ww` method takes the callback itself instead of an options object.
const FUNCTION_EVENTS: &[&str] = &["onVoiceRecordEnd", "onVoicePlayEnd", "onSearchBeacons"];

fn method_fix(call: &SdkCall, cx: &RuleContext) -> Result<(Fix, CallStyle), String> {
    let name = call.method;
    if name == "miniProgram" {
        return Err("`@wecom/jssdk` has no mini-program bridge".to_string());
    }
    let row = api_table::lookup(ApiKind::Method, name)
        .ok_or_else(|| format!("`{name}` is not an API of jweixin or `@wecom/jssdk`"))?;
    if let Some(fix) = passthrough_while_loading(call, cx) {
        return Ok((fix, CallStyle::Direct));
    }
    let mut unsafe_because = Vec::new();
    let mut no_adapter = None;
    // A share card without `trigger` is `ww`'s own share method (below); with one, an adapter.
    if api_adapters::ADAPTED.contains(&name) && (!name.starts_with("onMenuShare") || live_trigger(call)) {
        match api_adapters::adapt(call, cx, name) {
            Ok(adapter) => {
                // The adapters call the client through `ww.invoke`/`ww.on` (or bind an event
                // listener), which do not wait for the handshake: like `wx.invoke`, they keep
                // their timing in a ready callback or in code that runs later than the load.
                let mut title = adapter.title;
                let mut edits = adapter.edits;
                // A share card's adapter binds with `ww.on` and sends nothing until the tap, so
                // it keeps its time with jweixin's test of the bridge; the other adapters send a
                // call whose reply their callbacks read, which `ww.invoke` right after a
                // `ww.register` sends before the handshake, where jweixin sent it after (the
                // replies, and so the callbacks, swap: generated page 506).
                let mut unsafe_because: Vec<String> = match adapter.style {
                    CallStyle::Direct if name.starts_with("onMenuShare") => {
                        call.keep_load_timing(cx, &mut title, &mut edits).into_iter().collect()
                    }
                    _ => call.why_timing_changes().into_iter().collect(),
                };
                if !name.starts_with("on") {
                    unsafe_because.extend(value_used(call, "ww.invoke"));
                }
                let fix = cx.fix_unless(title, &unsafe_because, edits)?;
                return Ok((fix, adapter.style));
            }
            Err(reason) => no_adapter = Some(reason),
        }
    }
    let mut edits = call.ww_callee(cx, name)?;
    let mut title = format!("Call `ww.{name}`");
    match row.compat {
        Compat::NoEquivalent => return Err("`@wecom/jssdk` has no method that does the same".to_string()),
        Compat::Identical if !api_table::returns_promise(name) => {
            title.push_str(
                " (it takes the same callback). Difference inherent to @wecom/jssdk: the listener waits for the client bridge instead of being dropped",
            );
        }
        Compat::Identical => {
            title.push_str(
                " (same options and callbacks) and ignore its rejection. Differences inherent to @wecom/jssdk: a failed configuration reaches `fail`/`complete` and re-runs the handshake once per call, and results also carry `errCode` and the raw fields",
            );
            unsafe_because.extend(callbacks_read_raw_fields(call, cx));
        }
        Compat::ParamsDiffer | Compat::ResultDiffers if FUNCTION_EVENTS.contains(&name) => {
            let callback = single_callback(call, cx)?;
            let arg = range_of(&*call.args[0].expr);
            edits.push(Edit::replace(arg, callback));
            title.push_str(" with the callback itself");
            unsafe_because.push(
                "`ww` hands the function the raw event; jweixin called `complete`/`success` with a normalised result (`errMsg`, no `err_msg`)"
                    .to_string(),
            );
        }
        Compat::ParamsDiffer | Compat::ResultDiffers => {
            if api_table::returns_promise(name) {
                title.push_str(" and ignore its rejection");
            }
            if name.starts_with("onMenuShare") {
                // semantics.md §1.4: the same share call and callbacks, but bound only after a
                // successful handshake. Inherent to ww, so named; a `trigger` is simply lost.
                title.push_str(
                    ". Difference inherent to @wecom/jssdk: the share listener is bound only after a successful handshake, so after a failed configuration the client's default share runs instead of this card's `fail`, and binding it re-runs the handshake once per call",
                );
                if live_trigger(call) {
                    unsafe_because.push("`ww` never calls `trigger`".to_string());
                } else if !options_in_place(call) && !call.options_in_sight {
                    // (helper-26: `var d = { trigger() {...} }; wx.onMenuShareAppMessage(d)`)
                    unsafe_because.push(
                        "its options are not written in place, and `ww` never calls a `trigger` they may hold"
                            .to_string(),
                    );
                }
            } else {
                unsafe_because.push(note_summary(row.notes));
            }
        }
    }
    if let Some(reason) = no_adapter {
        if let Some(note) = unsafe_because.last_mut() {
            let trimmed = note.trim_end_matches('.').len();
            note.truncate(trimmed);
        }
        unsafe_because.push(format!("no adapter can be written, because {reason}"));
    }
    // A share card binds like `ww.on` (the oracle: the same cards bound, the bridge there or
    // not), so where it may run while the page loads it keeps jweixin's test of the bridge.
    let tested = name.starts_with("onMenuShare")
        && !call.gated
        && !call.deferred
        && call.keep_load_timing(cx, &mut title, &mut edits).is_none();
    if !tested {
        unsafe_because.extend(timing_changes(call, cx));
    }
    if api_table::returns_promise(name) {
        edits.push(call.catch_edit(cx));
    }
    if api_table::returns_promise(name) {
        unsafe_because.extend(value_used(call, &format!("ww.{name}")));
    }
    cx.fix_unless(title, &unsafe_because, edits)
        .map(|fix| (fix, CallStyle::Named))
}

/// The menu methods jweixin handed straight to the client, and the option keys it sent along
/// (`wx.hideMenuItems(o)` sent `{ menuList: o.menuList }`, `wx.hideOptionMenu(o)` sent `{}`).
const PASSTHROUGH: &[(&str, &[&str])] = &[
    ("hideOptionMenu", &[]),
    ("showOptionMenu", &[]),
    ("closeWindow", &[]),
    ("hideMenuItems", &["menuList"]),
    ("showMenuItems", &["menuList"]),
    ("hideAllNonBaseMenuItem", &[]),
    ("showAllNonBaseMenuItem", &[]),
];

/// The fix that keeps a menu method's place among calls that do not wait for the handshake:
/// `wx.hideOptionMenu()` as `ww.invoke('hideOptionMenu', {})`, which, like the `ww.invoke` or
/// `ww.on` written after it, goes to the client without waiting (a named `ww.hideOptionMenu()`
/// would wait and reach the client after it, semantics.md 6.3). Only for a call whose value is
/// unused, with no callbacks and no keys but those jweixin sent (nothing else could tell the two
/// apart); `None` otherwise. Safe where a `wx.invoke` is: in a ready callback, or in code that
/// runs later than the page's load.
pub(crate) fn invoke_form(call: &SdkCall, cx: &RuleContext) -> Option<Fix> {
    passthrough(
        call,
        cx,
        "like the `ww.invoke`/`ww.on` call after it, does not wait for the handshake, so the two keep their order (a named `ww.{name}()` would reach the client after it)",
    )
}

/// The fix of a menu method that may run while the page loads: `ww.invoke('hideOptionMenu', {})`
/// sends what jweixin sent at once, as jweixin did, where the named `ww.hideOptionMenu()` would
/// wait for the handshake; with jweixin's test of the client bridge (`keep_load_timing`) it is
/// safe. `None` where `invoke_form` has no fix, or where it stays unsafe.
fn passthrough_while_loading(call: &SdkCall, cx: &RuleContext) -> Option<Fix> {
    if call.gated || call.deferred {
        return None;
    }
    passthrough(
        call,
        cx,
        "like jweixin, does not wait for the handshake (a named `ww.{name}()` would wait for it)",
    )
    .filter(|fix| fix.applicability == Applicability::Safe)
}

/// `wx.hideOptionMenu()` as `ww.invoke('hideOptionMenu', {})`, the title saying why with
/// `because` (`{name}` stands for the method).
fn passthrough(call: &SdkCall, cx: &RuleContext, because: &str) -> Option<Fix> {
    let &(name, keys) = PASSTHROUGH.iter().find(|(name, _)| *name == call.method)?;
    if call.value_used || call.type_args || call.args.len() > 1 {
        return None;
    }
    let only_sent_keys = call.args.first().is_none_or(|arg| {
        arg.spread.is_none()
            && matches!(unwrap(&arg.expr), Expr::Object(o) if o.props.iter().all(|p| match p {
                PropOrSpread::Prop(p) => match &**p {
                    Prop::KeyValue(kv) => crate::rules::options::prop_name(&kv.key).is_some_and(|k| keys.contains(&k.as_str())),
                    _ => false,
                },
                PropOrSpread::Spread(_) => false,
            }))
    });
    if !only_sent_keys {
        return None;
    }
    let mut edits = call.ww_callee(cx, "invoke").ok()?;
    let open = call.callee.end + cx.text(call.callee.end..call.call.end).find('(')?;
    let name_text = cx.style.string(name);
    edits.push(match call.args.is_empty() {
        true => Edit::insert(open + 1, format!("{name_text}, {{}}")),
        false => Edit::insert(open + 1, format!("{name_text}, ")),
    });
    edits.push(call.catch_edit(cx));
    let mut title = format!(
        "Call the client through `ww.invoke({name_text}, ...)`, which sends what jweixin sent and, {}",
        because.replace("{name}", name)
    );
    let unsafe_because: Vec<String> = call.keep_load_timing(cx, &mut title, &mut edits).into_iter().collect();
    cx.fix_unless(title, &unsafe_because, edits).ok()
}

/// The fix that keeps a share card's place among calls that do not wait for the handshake:
/// the share adapter (`api_adapters`), which binds the card with `ww.on` as jweixin bound it,
/// where the named `ww.onMenuShare*()` would bind it only after the handshake, behind a
/// `ww.invoke`/`ww.on` written after it. `None` where the adapter cannot be written (a title
/// not written as text, options not written in place). Safe where a `wx.on` is.
pub(crate) fn share_in_order(call: &SdkCall, cx: &RuleContext) -> Option<Fix> {
    if !call.method.starts_with("onMenuShare") || live_trigger(call) {
        return None;
    }
    let adapter = api_adapters::adapt_share_in_order(call, cx, call.method).ok()?;
    let mut title = format!(
        "{}; like the `ww.invoke`/`ww.on` call after it, `ww.on` binds at once, so the two keep their order (the named `ww.{}()` would bind only after the handshake, behind it)",
        adapter.title, call.method
    );
    let mut edits = adapter.edits;
    let unsafe_because: Vec<String> = call.keep_load_timing(cx, &mut title, &mut edits).into_iter().collect();
    cx.fix_unless(title, &unsafe_because, edits).ok()
}

/// Why a named `ww.<api>()` call may reach the client at another time than the `wx.<api>()`
/// it replaces. On the paths where the handshake succeeds nothing may change. Inside a ready
/// callback both run after the handshake. In code that runs later than the page's load (an
/// event handler, a timer) jweixin sent the call at once, after its configuration had replied;
/// `ww` waits for `ww.register`'s whole handshake, so the two agree only where the file (or,
/// as its unit shows, another file of the page) configures and nothing registers an agent:
/// with an agent configuration, a failed one fails the named call where jweixin's call went
/// through on the corp configuration alone.
fn timing_changes(call: &SdkCall, cx: &RuleContext) -> Option<String> {
    if call.gated {
        return None;
    }
    if !call.deferred {
        return Some(
            "it runs while the page loads or right after the configuration, outside a `wx.ready` callback: jweixin sent it at once (dropped while the client bridge was not there yet, unverified before the handshake replied), `ww` waits for the bridge and the handshake"
                .to_string(),
        );
    }
    if cx.sdk.agent_config_calls > 0 {
        return Some(
            "it runs on a later event, outside a `wx.ready` callback, in code that also configures an agent: jweixin sent it once the corp configuration had replied, `ww` waits for the whole registration and fails it when the agent configuration fails"
                .to_string(),
        );
    }
    if cx.sdk.config_calls == 0 && !cx.options.unit.configured_without_agent {
        return Some(
            "it runs on a later event, outside a `wx.ready` callback, and neither this file nor (as far as the tool can see) its page configures the SDK without an agent: the tool cannot tell that the configuration has run by then, nor that `ww` waits for no agent configuration"
                .to_string(),
        );
    }
    None
}

/// Why a named method's callbacks, written in its options, may tell jweixin's result from `ww`'s:
/// one reads the whole result or a key only the raw reply has (result_reads.rs).
fn callbacks_read_raw_fields(call: &SdkCall, cx: &RuleContext) -> Option<String> {
    const WHAT: &str = "`ww` hands the client's raw reply (`err_msg` kept, `errCode` added) where jweixin handed a result with its `errMsg` alone";
    const RAW: &[&str] = &["err_msg", "errCode", "err_code", "err_desc", "err_detail"];
    // (options not written in place are not followed, as callbacks passed by name are not)
    let Some((false, Expr::Object(object))) = call.args.first().map(|a| (a.spread.is_some(), unwrap(&a.expr))) else {
        return None;
    };
    object.props.iter().find_map(|p| {
        let PropOrSpread::Prop(p) = p else { return None };
        let is_callback = |key: &swc_ecma_ast::PropName| {
            matches!(
                super::options::prop_name(key).as_deref(),
                Some("success" | "fail" | "cancel" | "complete")
            )
        };
        match &**p {
            Prop::KeyValue(kv) if is_callback(&kv.key) => {
                super::result_reads::difference(&kv.value, cx.program, RAW, WHAT)
            }
            Prop::Method(m) if is_callback(&m.key) => super::result_reads::method_difference(&m.function, RAW, WHAT),
            _ => None,
        }
    })
}

/// Whether the call's options, written in place, have a `trigger` that does something (one
/// that does nothing, `trigger: function () {}`, is lost at no cost).
fn live_trigger(call: &SdkCall) -> bool {
    matches!(call.args.first().map(|a| unwrap(&a.expr)), Some(Expr::Object(o)) if share_options::live_trigger(o))
}

/// Whether the call's options are an object literal written in the call, without spreads, so
/// every key it has is in sight.
fn options_in_place(call: &SdkCall) -> bool {
    match call.args.first().map(|a| (a.spread.is_some(), unwrap(&a.expr))) {
        Some((false, Expr::Object(object))) => {
            object.props.iter().all(|p| matches!(p, PropOrSpread::Prop(_))) && !share_options::has_proto_key(object)
        }
        _ => false,
    }
}

/// The one callback of `{ complete: f }` or `{ success: f }`.
fn single_callback(call: &SdkCall, cx: &RuleContext) -> Result<String, String> {
    let Some(Expr::Object(object)) = call.args.first().map(|a| unwrap(&a.expr)) else {
        return Err("it is not given an object literal".to_string());
    };
    let callbacks: Vec<&Expr> = object
        .props
        .iter()
        .filter_map(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv)
                    if kv
                        .key
                        .as_ident()
                        .is_some_and(|i| matches!(i.sym.as_str(), "complete" | "success")) =>
                {
                    Some(&*kv.value)
                }
                _ => None,
            },
            PropOrSpread::Spread(_) => None,
        })
        .collect();
    match (callbacks.as_slice(), object.props.len()) {
        ([callback], 1) => {
            let text = &cx.file.text;
            let range = range_of(*callback);
            let from = layout::indentation(text, range.start);
            let to = layout::indentation(text, call.call.start);
            Ok(layout::reindent(&text[range], from, to))
        }
        _ => Err("it has more than one callback (or other options); pick the one `ww` should call by hand".to_string()),
    }
}

/// A member read that is not a call: `typeof wx.invoke`, `wx.miniProgram`, `wx[name]`.
/// `tested`: the read is a feature test (`typeof wx.invoke === 'function'`, `if (wx.x)`).
pub(crate) fn check_access(member: &MemberExpr, object: &SdkRef, tested: bool, cx: &mut RuleContext) {
    let range = parse::range(member.span);
    let text = cx.text(range.clone());
    let name = match &member.prop {
        MemberProp::Ident(i) => Some(i.sym.to_string()),
        MemberProp::Computed(c) => match &*c.expr {
            Expr::Lit(swc_ecma_ast::Lit::Str(s)) => s.value.as_atom().map(|a| a.to_string()),
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    };
    let Some(name) = name else {
        let diagnostic = Diagnostic::new(
            RuleId::WxApi,
            range,
            format!("`{text}` picks a legacy JS-SDK member by a computed name"),
            "the tool cannot tell which API this is: write the `ww.<api>(...)` calls out by name",
        );
        cx.report_unfixed(diagnostic, "the API is only known at run time");
        return;
    };
    if !is_sdk_member(&name, Some(object)) {
        report_own_member(range, object, &name, cx);
        return;
    }
    let help = if api_table::is_lifecycle(&name) {
        format!(
            "`{name}` is part of jweixin's configuration, which `@wecom/jssdk` does in one `ww.register({{...}})` (an agent's identity as its `agentId` and `getAgentConfigSignature`); `ww` has no `{name}` to test or pass on"
        )
    } else {
        describe(text, &name).1
    };
    let diagnostic = Diagnostic::new(
        RuleId::WxApi,
        range,
        format!("`{text}` reads a member of the legacy JS-SDK"),
        help,
    );
    // A feature test of a member `ww` has too: the same test on `ww`.
    let on_ww = matches!(name.as_str(), "invoke" | "on")
        || api_table::lookup(ApiKind::Method, &name).is_some_and(|row| row.compat != Compat::NoEquivalent);
    // A member no jweixin build has is undefined on both objects: the test keeps its result.
    let on_neither = !api_table::is_legacy_member(&name);
    let fix = match cx.ww_object(object) {
        // jweixin adds `invoke` and `on` to its object only once `wx.config({ beta: true })`
        // (1.6: any configuration; WeCom's build: an agent configuration too) has run, where
        // `ww.invoke` is always there: the test that was false before the configuration is
        // true (helper-30: a page that configured only when `wx.invoke` was missing no longer
        // configured at all).
        Some(edits) if tested && matches!(name.as_str(), "invoke" | "on") => cx.fix(
            format!(
                "Test `ww.{name}` instead of `{text}`. Unsafe: jweixin defines `{text}` only once `wx.config({{ beta: true }})` has run, and `ww.{name}` is always there, so a test made before the configuration turns from false to true"
            ),
            Applicability::Unsafe,
            edits,
        ),
        Some(edits) if tested && on_ww && api_table::in_every_legacy_build(&name) => cx.fix(
            format!("Test `ww.{name}` instead of `{text}`"),
            Applicability::Safe,
            edits,
        ),
        // (helper-31: `if (wx.updateAppMessageShareData) ... else wx.onMenuShareAppMessage(...)`
        // took the old branch on jweixin-1.2.0 and the new one on `ww`)
        Some(edits) if tested && on_ww => cx.fix(
            format!(
                "Test `ww.{name}` instead of `{text}`. Unsafe: not every jweixin build has `{name}` (jweixin-1.2.0 has not), and `ww.{name}` is always there, so the test may turn from false to true"
            ),
            Applicability::Unsafe,
            edits,
        ),
        Some(edits) if tested && on_neither => cx.fix(
            format!(
                "Test `ww.{name}` instead of `{text}`; neither SDK has `{name}`, so the test gives the same result"
            ),
            Applicability::Safe,
            edits,
        ),
        _ if tested => Err(format!("`@wecom/jssdk` has no `{name}`")),
        _ => Err("the member is read as a value, not called, and the code that uses it is not here".to_string()),
    };
    cx.report_with(diagnostic, fix);
}

/// A member no jweixin build has, on the global SDK of a unit whose page loads jweixin
/// (`UnitFacts::page_loads_sdk`): the code keeps a value of its own on jweixin's object
/// (`wx.localId = res.localId`, then `wx.playVoice({ localId: wx.localId })`). `ww` is another
/// object, and the page that loads it has no `wx`, so the unit stays on jweixin until it is
/// changed by hand. (Elsewhere such a member is mini-program code, which `is_sdk_member` skips.)
fn report_own_member(range: std::ops::Range<usize>, object: &SdkRef, name: &str, cx: &mut RuleContext) {
    if !cx.options.unit.page_loads_sdk || !matches!(object.origin, Origin::Global | Origin::WindowProperty { .. }) {
        return;
    }
    let text = cx.text(range.clone()).to_string();
    let diagnostic = Diagnostic::new(
        RuleId::WxObject,
        range,
        format!("`{text}` keeps a value of the page's own on the legacy JS-SDK object"),
        format!(
            "jweixin has no `{name}`: the code stores its own value on the `wx` object its page loads. Keep it in a variable of your own (or on `window`), then run the fix again"
        ),
    );
    cx.report_unfixed(
        diagnostic,
        "the page that loads `@wecom/jssdk` has no `wx`, and `ww` is another object",
    );
}

/// Whether `name` is worth a finding. On the global `wx`, a name that no jweixin build has
/// (`wx.showToast`, `wx.request`) is mini-program code (uni-app `#ifdef MP-WEIXIN` blocks),
/// not the web SDK; on an imported legacy package every member is legacy.
fn is_sdk_member(name: &str, object: Option<&SdkRef>) -> bool {
    api_table::is_legacy_member(name)
        || matches!(
            object.map(|o| &o.origin),
            Some(Origin::Imported { .. } | Origin::Alias { .. }) | None
        )
}

/// The message and help for member `name` of the SDK, written as `text`.
fn describe(text: &str, name: &str) -> (String, String) {
    if name == "miniProgram" {
        return (
            format!("`{text}` uses the WeChat mini-program bridge of the legacy JS-SDK"),
            "`@wecom/jssdk` has no `miniProgram`: keep jweixin on pages that run inside a mini-program web-view"
                .to_string(),
        );
    }
    match api_table::lookup(ApiKind::Method, name) {
        Some(row) => match row.compat {
            Compat::Identical => (
                format!("`{text}` is a legacy JS-SDK method"),
                format!("use `ww.{name}(...)`: same options and callbacks; it waits for `ww.register` and returns a promise that rejects on failure"),
            ),
            Compat::NoEquivalent => (format!("`{text}` has no `@wecom/jssdk` equivalent"), note_summary(row.notes)),
            Compat::ParamsDiffer | Compat::ResultDiffers => (
                format!("`{text}` is a legacy JS-SDK method that behaves differently in `@wecom/jssdk`"),
                format!("`ww.{name}` exists but differs: {}", note_summary(row.notes)),
            ),
        },
        None => (
            format!("`{text}` is not a method of the legacy JS-SDK"),
            format!("neither jweixin nor `@wecom/jssdk` has `{name}`: check the name"),
        ),
    }
}
