//! `wx-agent-config`: a `wx.agentConfig({...})` call, the legacy WeCom application identity.
//!
//! What it finds: `wx.agentConfig(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` sets the application identity in the same `ww.register({...})` as the
//! corp configuration: `agentid` becomes `agentId`, the signature comes back from
//! `getAgentConfigSignature`, and `success`/`fail`/`complete` become `onAgentConfigSuccess`,
//! `onAgentConfigFail` and `onAgentConfigComplete`. Its `jsApiList` joins the register list.
//! On WeCom 3.0.24 and later, `ww` then skips the corp configuration entirely, unless something
//! asks for it.
//!
//! Before:
//!
//! ```js
//! wx.agentConfig({ corpid: sig.corpId, agentid: sig.agentId, timestamp: sig.t, nonceStr: sig.n,
//!                  signature: sig.s, jsApiList: ['selectEnterpriseContact'], success: pick });
//! ```
//!
//! After (merged into the page's `ww.register`):
//!
//! ```js
//! agentId: sig.agentId,
//! getAgentConfigSignature: () => ({ timestamp: sig.t, nonceStr: sig.n, signature: sig.s }),
//! onAgentConfigSuccess: pick,
//! ```
//!
//! Fix: merged into the page's `ww.register` by the `wx-config` fix when `wx.agentConfig` is a
//! statement after `wx.config` in the same function, or in its `wx.ready` callback. Its
//! `corpid` should be written as the config's `appId`: `ww.register` takes one `corpId` for
//! both. Another expression (`agentInfo.corpId` beside `configInfo.corpId`) makes the fix
//! **unsafe**, since the tool cannot see the two values are the same
//! (`fixtures/wx-agent-config/corpid-mismatch`); two different string literals are two corps,
//! and get no fix (`corpid-two-literals`). Merged, its values are read where the config is:
//! no fix when it reads a name the ready callback declares (`const app = await ...` in an
//! async callback) or one set on the way, or runs after an `await` (issue 9, class 1). Its
//! `success`/`fail`/`complete` become `onAgentConfigSuccess`/`Fail`/`Complete`; one that reads
//! its argument is wrapped to get jweixin's `{ errMsg: 'agentConfig:...' }` back (`ww` says
//! `agentConfig:functionnotexist` where jweixin said `function not exist`, the check pages
//! make to ask for an upgrade).
//!
//! Where `wx.agentConfig` is a statement of the `wx.ready` callback, jweixin sent it once the
//! corp configuration had replied. The getter then waits for that reply,
//! `getAgentConfigSignature: () => ww.ensureCorpConfigReady().catch(() => {}).then(() => ({...}))`,
//! and the ready callback waits for the corp configuration alone
//! (`ww.ensureCorpConfigReady().catch(() => {}).then(...)`): both handshakes run in jweixin's
//! order on every client, so `wx.error`'s handler (`onConfigFail`) runs after a failed corp
//! configuration on WeCom 3.0.24+ too, and the callback runs before the agent configuration
//! replies, as it did (`fixtures/wx-agent-config/ready-code-beside-agent`). Still
//! **unsafe** when that callback calls the SDK itself: `ww` sends the agent configuration a few
//! microtasks after the callback ran and its named APIs wait for the agent's reply, so the
//! calls reach the client in another order (`fixtures/wx-agent-config/ready-calls-sdk-beside-agent`).
//! Where `wx.agentConfig` follows `wx.config` in the same function, jweixin sent it at once;
//! the getter answers at once, and the fix is **unsafe** when a ready callback with code of
//! its own exists beside the hooks: `ww` runs it after the agent configuration, jweixin before
//! its reply. A
//! `wx.agentConfig` in a file with no `wx.config` at all becomes a `ww.register` of its own,
//! an **unsafe** fix: on WeCom before 3.0.24 `ww` needs a corp signature first (the legacy
//! page failed there too). No fix when the file calls `wx.config` elsewhere (another
//! function): merge by hand.
//!
//! Options built at run time (`wx.agentConfig(res.agent)`, `{ ...res.agent, success }`,
//! `Object.assign(...)`) are evaluated once into `wxAgentConfig` where the config was, and
//! `ww.register` reads `agentid`, `jsApiList` (`|| []`) and the signature from it, the nonce
//! and the signature made strings as jweixin made them; its `success`/`fail`/`complete` are
//! called, when the value has them, as its methods, with jweixin's `{ errMsg: 'agentConfig:...' }`.
//! **Unsafe** unless a `corpid` written beside the spread is the config's `appId`: `ww.register`
//! sends one `corpId` to both configurations.

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    let diagnostic = Diagnostic::new(
        RuleId::WxAgentConfig,
        call.callee.clone(),
        format!("`{callee}(...)` sets the application identity with the legacy JS-SDK"),
        "move it into `ww.register({ agentId, getAgentConfigSignature, onAgentConfigSuccess, onAgentConfigFail })`, together with the corp configuration",
    );
    match cx.plans.get(&call.call.start).map(|p| p.fix.clone()) {
        Some(fix) => cx.report_with(diagnostic, fix),
        None if cx.config_calls > 0 => cx.report_unfixed(
            diagnostic,
            "it is not a statement in the function that calls `wx.config` (after it) or in that call's `wx.ready` callback, so the tool cannot tell which `ww.register` it joins; by hand, give that `ww.register` `agentId` and a `getAgentConfigSignature` that makes the request this code makes before `wx.agentConfig`, and its `success`/`fail` as `onAgentConfigSuccess`/`onAgentConfigFail`",
        ),
        None => cx.report_unfixed(
            diagnostic,
            "it is not a statement of its own here (it is part of a larger expression)",
        ),
    }
}
