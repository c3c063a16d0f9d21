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
//! ```
//!
//! After:
//!
//! ```js
//! ww.register({ corpId: sig.corpId, jsApiList: ['getContext'],
//!               getConfigSignature: () => ({ timestamp: sig.timestamp, nonceStr: sig.nonceStr, signature: sig.signature }) });
//! ```

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    cx.report(Diagnostic::new(
        RuleId::WxConfig,
        call.callee.clone(),
        format!("`{callee}(...)` configures the legacy JS-SDK"),
        "configure `@wecom/jssdk` with `ww.register({ corpId, jsApiList, getConfigSignature })`: `appId` becomes `corpId` and `getConfigSignature` returns `{ timestamp, nonceStr, signature }`",
    ));
}
