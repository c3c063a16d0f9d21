//! `wx-ready`: a `wx.ready(fn)` call, the legacy queue that runs once configuration replied.
//!
//! What it finds: `wx.ready(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` has no `ready`. Legacy `wx.ready` ran its callback once, with no
//! argument, after the configuration replied, *whether it succeeded or failed*.
//! `ww.ensureConfigReady().catch(() => {}).then(fn)` keeps that, but only when `ww.register`
//! has already run; `ww.ensureConfigReady().then(fn)` skips `fn` when configuration fails, and
//! `onConfigSuccess` may never fire (WeCom 3.0.24+ with an agent signature) or fire repeatedly.
//! Dropping the gate is wrong too: `ww.invoke` and `ww.on` do not wait for configuration.
//!
//! Before:
//!
//! ```js
//! wx.config({...});
//! wx.ready(function () { wx.invoke('getContext', {}, onContext); });
//! ```
//!
//! After:
//!
//! ```js
//! ww.register({...});
//! ww.ensureConfigReady().catch(() => {}).then(function () { ww.invoke('getContext', {}, onContext).catch(() => {}); });
//! ```
//!
//! Fix: with the page's `ww.register` (the `wx-config` fix) when `wx.ready` comes after
//! `wx.config` in the same function, so `register` provably runs first. A callback written as
//! a function without parameters is passed as it is; a reference `fn` becomes
//! `() => fn()` (`.then(fn)` would hand it `{ params, result }`). A `wx.ready` whose callback
//! only held `wx.agentConfig` is removed with it. **Safe**, noting that the callback now always
//! runs asynchronously. Where the callback held `wx.agentConfig` and other code, the merged
//! register's agent getter waits for the corp configuration and the callback waits for the
//! corp configuration alone, `ww.ensureCorpConfigReady().catch(() => {}).then(...)`, so it runs
//! before the agent configuration replies, as it did (`wx_agent_config.rs`). A `wx.ready` registered before the config, in the same statement
//! list or in an enclosing function while the config waits in a one-shot callback, moves to
//! just after it (jweixin ran it after the reply anyway). Where `wx.config` is in another
//! function of the same script, the file's one configuration, run at most once, with no agent
//! configuration (whose reply `ww.ensureConfigReady()` would wait for too): a
//! registration gate declared at the top of the script (`wwRegistered`, resolved right after
//! `ww.register`) that the callback waits for before `ww.ensureConfigReady()`, as jweixin
//! queued it until the configuration ran. **Safe**, noting that a wait registered after a
//! failed configuration makes `ww` try the handshake again. Where `wx.config` is in another
//! file, an **unsafe** fix: it is right only if `ww.register` has run before this code does;
//! otherwise `ww.ensureConfigReady()` fails at once and the callback runs unconfigured. Where
//! the migration unit proves that `ww.register` runs first (an earlier script of every page
//! that loads this one, or a module it imports, calls it at its top level; for a view, every
//! layout that loads the SDK, before rendering it), the fix is **safe** and its title says
//! why. Where it proves instead that an earlier classic script of every such page configures
//! the SDK once, in a statement of its own inside a function or callback (`$.get(url, function
//! (sign) { wx.config({...}); })`), and is the unit's only script that could: that script's fix
//! declares the registration gate at its top level (a page global) and resolves it after its
//! `ww.register`, and this callback waits on it, `wwRegistered.then(() =>
//! ww.ensureConfigReady()).catch(() => {}).then(...)`. **Safe**, with the same notes as the
//! gate in one script.

use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Fix};
use crate::rules::ready_form::ready_call_edits;
use crate::rules::{object_form, ready_gate};
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let diagnostic = Diagnostic::new(
        RuleId::WxReady,
        call.callee.clone(),
        format!("`{callee}(...)` waits on the legacy JS-SDK's configuration"),
        "after `ww.register(...)`, use `ww.ensureConfigReady().catch(() => {}).then(() => ...)`: it runs the callback once configuration replied, even when it failed, as `wx.ready` did",
    );
    if let Some(fix) = cx.plans.get(&call.call.start).map(|p| p.fix.clone()) {
        cx.report_with(diagnostic, fix);
        return;
    }
    let Some(object) = call.object else {
        cx.report_unfixed(diagnostic, "`ready` was taken out of the SDK object");
        return;
    };
    if let Some((from, why)) = &cx.options.unit.registered_before {
        if cx.config_calls == 0 && call.call.start >= *from {
            let mut unsafe_because = Vec::new();
            let fix = ready_call_edits(cx, call.callee.clone(), object, call.args, false, &mut unsafe_because).and_then(|edits| {
                let title = format!(
                    "Wait with `ww.ensureConfigReady().catch(() => {{}}).then(...)`: {why}; the callback now always runs asynchronously"
                );
                cx.fix_unless(title, &unsafe_because, edits)
            });
            cx.report_with(diagnostic, fix);
            return;
        }
    }
    // The page's registration gate: declared by an earlier script (`gate_before`), or by this
    // one, which runs before the configuring script (`gate_declared_here`).
    let unit = &cx.options.unit;
    let page_gate = match (&unit.gate_before, &unit.gate_declared_here) {
        (Some((from, why)), _) if call.call.start >= *from => Some((why, None)),
        (_, Some(why)) => cx.gate_declared_at.map(|at| (why, Some(at))),
        _ => None,
    };
    if let (Some((why, declare_at)), 0) = (page_gate, cx.config_calls) {
        let mut unsafe_because = Vec::new();
        let fix = ready_call_edits(cx, call.callee.clone(), object, call.args, false, &mut unsafe_because).and_then(|mut edits| {
            edits[0].text = ready_gate::gated_callee(&cx.style, &object_form::ww_text(cx, object)?);
            let declaring = match declare_at {
                Some(at) => {
                    edits.push(ready_gate::declaration(&cx.file.text, &cx.style, at));
                    ", declaring the gate at the top of this script"
                }
                None => "",
            };
            let title = format!(
                "Wait for the page's `ww.register` and its reply with `{}.then(...)`{declaring}: {why}; jweixin queued the callback until `wx.config` had run and replied, and the gate does the same. Differences inherent to @wecom/jssdk: the callback now always runs asynchronously, and one that waits after a failed configuration makes `ww` try the handshake again (`onConfigFail` fires once per retry)",
                ready_gate::GATE
            );
            cx.fix_unless(title, &unsafe_because, edits)
        });
        cx.report_with(diagnostic, fix);
        return;
    }
    if let Some(fix) = gated_fix(call, object, cx) {
        cx.report_with(diagnostic, fix);
        return;
    }
    // a page's script blocks are checked one by one: its configuration may be in another one
    let here = if cx.file.kind.is_page() { "script block" } else { "file" };
    let elsewhere = if cx.config_calls > 0 {
        format!("`wx.config` is in another function of this {here}")
    } else {
        format!("this {here} has no `wx.config`")
    };
    let mut unsafe_because = vec![format!(
        "{elsewhere}, so the callback waits for a `ww.register` that may not have run yet; then `ww.ensureConfigReady()` fails at once and the callback runs unconfigured, where jweixin waited"
    )];
    let fix = ready_call_edits(cx, call.callee.clone(), object, call.args, false, &mut unsafe_because).and_then(|edits| {
        let title = format!(
            "Wait with `ww.ensureConfigReady().catch(() => {{}}).then(...)`; the callback now always runs asynchronously. Unsafe: {}",
            unsafe_because.join("; ")
        );
        cx.fix(title, Applicability::Unsafe, edits)
    });
    cx.report_with(diagnostic, fix);
}

/// The registration gate (ready_gate.rs), where this block's one `wx.config` is a statement
/// whose `ww.register` fix is safe (so it runs at most once) and the ready call is elsewhere.
fn gated_fix(call: &SdkCall, object: &crate::sdk::SdkRef, cx: &RuleContext) -> Option<Result<Fix, String>> {
    let site = cx.ready_gate.as_ref()?;
    // With an agent configuration in the register, `ww.ensureConfigReady()` waits for it too,
    // where jweixin ran the ready callbacks after the corp configuration alone (generated page
    // 19191: the ready callback's call and the agent hook's call swapped).
    if cx.sdk.agent_config_calls > 0 {
        return None;
    }
    let config_at = cx.sdk.config_at?;
    let config_safe = cx
        .plans
        .get(&config_at)
        .is_some_and(|p| matches!(&p.fix, Ok(f) if f.applicability == Applicability::Safe));
    if !config_safe {
        return None;
    }
    let mut unsafe_because = Vec::new();
    let fix = ready_call_edits(cx, call.callee.clone(), object, call.args, false, &mut unsafe_because).and_then(|mut edits| {
        let ww = object_form::ww_text(cx, object)?;
        let (gate, callee) =
            ready_gate::gate_edits(&cx.file.text, &cx.style, site, &ww, cx.options.unit.gate_declared_earlier);
        edits[0].text = callee;
        edits.extend(gate);
        let title = format!(
            "Wait for this file's `ww.register` (in another function) and its reply with `{}.then(...)`: jweixin queued the callback until `wx.config` had run and replied, and a gate declared at the top of the script, resolved right after `ww.register`, does the same. Differences inherent to @wecom/jssdk: the callback now always runs asynchronously, and one that waits after a failed configuration makes `ww` try the handshake again (`onConfigFail` fires once per retry)",
            ready_gate::GATE
        );
        cx.fix_unless(title, &unsafe_because, edits)
    });
    Some(fix)
}
