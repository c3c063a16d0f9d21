//! `wx-config`: a `wx.config({...})` call, the legacy SDK's page configuration.
//!
//! What it finds: `wx.config(...)`, also as `jWeixin.config`, `window.wx.config`, an imported or
//! aliased SDK object's `config`, or `config(...)` taken out of the SDK object.
//!
//! Why: `@wecom/jssdk` has no `config`. One `ww.register({...})` replaces `wx.config`,
//! `wx.agentConfig`, `wx.error` and the `wx.ready` queue: `appId` becomes `corpId`, the
//! `timestamp`/`nonceStr`/`signature` come back from a `getConfigSignature` function, and
//! `jsApiList` must be carried over (without it `ww` authorises nothing).
//!
//! Before:
//!
//! ```js
//! wx.config({ beta: true, appId: sig.corpId, timestamp: sig.timestamp,
//!             nonceStr: sig.nonceStr, signature: sig.signature, jsApiList: ['getContext'] });
//! wx.error(function (res) { console.error(res.errMsg); });
//! ```
//!
//! After:
//!
//! ```js
//! ww.register({ corpId: sig.corpId, getConfigSignature: () => ({ timestamp: sig.timestamp, nonceStr: sig.nonceStr, signature: sig.signature }), jsApiList: ['getContext'], onConfigFail: function (res) { console.error(res.errMsg); } });
//! ```
//!
//! Fix: one fix, shared with `wx-ready`, `wx-error` and `wx-agent-config`, rewrites the call in
//! place when `wx.config` is a statement of its own and the `wx.ready`/`wx.error`/
//! `wx.agentConfig` calls are statements of the same function (`wx.agentConfig` and a leading
//! `wx.error` may also sit in the `wx.ready` callback; a `wx.ready` written before the config
//! moves to just after it). The config object keeps its text and comments: `appId` is renamed
//! `corpId`, `beta`/`debug`/`check` are dropped (with their lines and comments), the signature
//! values move into `getConfigSignature` (one per line, each followed by its comment, where
//! they were written one per line with comments), the agent config's `jsApiList` joins the list, and the handlers are
//! added as `onConfigFail`, `onAgentConfigSuccess`, ...; a handler that reads its argument is
//! wrapped to get jweixin's `{ errMsg: 'config:...' }` back. **Safe**, naming what
//! `@wecom/jssdk` does differently (the handler fires once per retry, the captured signature
//! goes stale after a WeCom in-app URL change), and noting a dropped `debug: true` (`ww` has no
//! debug mode, so results are no longer alerted). A computed signature value
//! (`result.data.timestamp.toString()`) is evaluated once, into a variable declared just before
//! `ww.register` (`wxTimestamp`, `wxNonceStr`, `wxSignature`), where jweixin evaluated it, and
//! the getter returns the variable. **Unsafe** when `check: false` is dropped, a signature
//! value is computed where it cannot be declared first (in options held in a variable; after a
//! property whose value calls something; at the top level of a classic script whose statement
//! reads `this` or `arguments`: elsewhere at the top level, where the variable would be a
//! global the page's scripts share, the declarations and `ww.register` go in a block, or in
//! `void function () { ... }();` where the file writes `var`), the lists must be joined at run
//! time, `wx.error`'s handler throws while ready callbacks have code (jweixin then skipped
//! them; also callbacks that wait on the registration gate, in another function or a later
//! script), or agent hooks and a ready callback both run (`ww` runs the ready callbacks after
//! the agent configuration, jweixin before its reply), or the options have no `beta: true` while
//! the page calls `wx.invoke`/`wx.on` (in this block, another script block of the page or another
//! file of its unit: jweixin created them only for `beta`, so the legacy call threw, where
//! `ww.invoke` runs), or the
//! configuration may run more than once (in a loop, a listener, a component's hook, a function
//! called from several places) with the same literal `jsApiList` each time: jweixin sent a
//! handshake for each call, `ww.register` one per page address, and no `ww` code can send the
//! second (repeated_config.rs; jweixin also ran waiting ready callbacks again at each later
//! reply, which the title names too). No fix when
//! such a configuration's list may change between runs (a later run's APIs would not be
//! authorised), or on a page that runs another script which configures too.
//!
//! Options built at run time (`wx.config(res.data)`, `{ ...sig, jsApiList: [...] }`,
//! `Object.assign({}, defaults, sig)`, a variable set in another function) are evaluated once,
//! where `wx.config` evaluated them, into a fresh variable (`wxConfig`, or `wxConfig2` when the
//! file has that name), and `ww.register` reads `appId`, `jsApiList` and the signature from it:
//!
//! ```js
//! const wxConfig = res.data;
//! ww.register({
//!   corpId: wxConfig.appId,
//!   jsApiList: wxConfig.jsApiList || [],
//!   getConfigSignature: () => ({ timestamp: wxConfig.timestamp, nonceStr: wxConfig.nonceStr, signature: wxConfig.signature }),
//! });
//! ```
//!
//! A key the value lacks is sent as `undefined`, as jweixin sent it (`|| []`: a missing list
//! authorises nothing, where `ww` would authorise its default `['config']`); a missing `appId`
//! makes `ww.register` throw `Missing corpId`, a difference the title names. **Safe** on the
//! same terms as a literal, except **unsafe** when the block calls `wx.invoke`/`wx.on` and no
//! `beta: true` is written beside the value (jweixin created them only for `beta`, and the tool
//! cannot see it in the value). At the top level of a classic script (a Laravel page's
//! `wx.config({!! $js->config([...]) !!});`), where the variable would be a global every script
//! of the page shares, the variable and `ww.register` go in a block or a function run at once,
//! as computed signature values do; no fix where that statement reads `this` or `arguments`,
//! or when `wx.config` does not start its statement.
//! No fix when keys written out are unknown
//! (`noncestr`), `appId` is missing or empty, there are several `wx.config` or `wx.error`
//! calls, the configuration may run more than once with options the tool cannot read or a
//! list that may change (above), a statement that merges in reads a name
//! the `wx.ready` callback declares or code on the way sets (it would read something else), or
//! the code it moves calls the SDK through an alias (a later round could not see those calls).

use crate::diagnostic::Diagnostic;
use crate::rules::ready_gate;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let diagnostic = Diagnostic::new(
        RuleId::WxConfig,
        call.callee.clone(),
        format!("`{callee}(...)` configures the legacy JS-SDK"),
        "configure `@wecom/jssdk` with `ww.register({ corpId, jsApiList, getConfigSignature })`: `appId` becomes `corpId` and `getConfigSignature` returns `{ timestamp, nonceStr, signature }`",
    );
    match cx.plans.get(&call.call.start).map(|p| p.fix.clone()) {
        Some(fix) => {
            let fix = fix.map(|fix| ready_gate::declared_for_others(cx, fix));
            cx.report_with(diagnostic, fix)
        }
        None => cx.report_unfixed(
            diagnostic,
            "`wx.config` is not a statement of its own here (it is part of a larger expression), so the tool cannot place `ww.register`",
        ),
    }
}
