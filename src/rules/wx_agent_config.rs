//! `wx-agent-config`: a `wx.agentConfig({...})` call, the legacy WeCom application identity.
//!
//! What it finds: `wx.agentConfig(...)` through any form of the SDK object.
//!
//! Why: `@wecom/jssdk` sets the application identity in the same `ww.register({...})` as the
//! corp configuration: `agentid` becomes `agentId`, the signature comes back from
//! `getAgentConfigSignature`, and `success`/`fail`/`complete` become `onAgentConfigSuccess`,
//! `onAgentConfigFail` and `onAgentConfigComplete`. Its `jsApiList` joins the register list.
//! On WeCom 3.0.24 and later, `ww` then skips the corp configuration entirely.
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

use crate::diagnostic::Diagnostic;
use crate::rules::{RuleContext, RuleId, SdkCall};

pub(crate) fn check(call: &SdkCall, cx: &mut RuleContext) {
    let callee = call.callee_text(cx);
    cx.report(Diagnostic::new(
        RuleId::WxAgentConfig,
        call.callee.clone(),
        format!("`{callee}(...)` sets the application identity with the legacy JS-SDK"),
        "move it into `ww.register({ agentId, getAgentConfigSignature, onAgentConfigSuccess, onAgentConfigFail })`, together with the corp configuration",
    ));
}
