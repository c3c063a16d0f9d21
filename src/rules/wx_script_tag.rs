//! `wx-script-tag`: an HTML `<script src>` that loads the legacy SDK (`jweixin-1.2.0.js`,
//! `jweixin-1.6.0.js`, WeCom's `jwxwork-1.0.0.js`, a self-hosted copy).
//!
//! What it finds: `<script src="...">` tags in `.html`/`.htm` pages and `.vue` files whose file
//! name is `jweixin*.js` or `jwxwork*.js`.
//!
//! Why: `@wecom/jssdk`'s browser build defines the global `ww` (and no `wx`). The page loads
//! it from the WeCom CDN instead. `jwxwork` added `wx.agentConfig`, which `ww.register` now
//! covers; pages that use the open-data component (`WWOpenData`) still need it.
//!
//! Before:
//!
//! ```html
//! <script src="https://res.wx.qq.com/open/js/jweixin-1.2.0.js"></script>
//! ```
//!
//! After:
//!
//! ```html
//! <script src="https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js"></script>
//! ```

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleId;
use crate::source::{ScriptSrc, SourceFile};

/// Which legacy build a script URL loads, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegacyScript {
    Jweixin,
    Jwxwork,
}

pub(crate) fn classify(src: &str) -> Option<LegacyScript> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    if !file.ends_with(".js") {
        return None;
    }
    if file.starts_with("jweixin") {
        Some(LegacyScript::Jweixin)
    } else if file.starts_with("jwxwork") {
        Some(LegacyScript::Jwxwork)
    } else {
        None
    }
}

pub(crate) fn check(file: &SourceFile, sources: &[ScriptSrc]) -> Vec<Diagnostic> {
    let uses_open_data = file.text.contains("WWOpenData");
    sources
        .iter()
        .filter_map(|s| Some((s, classify(&s.src)?)))
        .map(|(s, kind)| match kind {
            LegacyScript::Jweixin => Diagnostic::new(
                RuleId::WxScriptTag,
                s.tag.clone(),
                format!("`{}` loads the legacy JS-SDK", s.src),
                "load `@wecom/jssdk` instead, e.g. `https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js` (global `ww`)",
            ),
            LegacyScript::Jwxwork if uses_open_data => Diagnostic::new(
                RuleId::WxScriptTag,
                s.tag.clone(),
                format!("`{}` loads the legacy WeCom agent SDK", s.src),
                "keep it while the page uses the open-data component (`WWOpenData`); `ww.register` replaces its `wx.agentConfig`",
            )
            .with_severity(Severity::Warning),
            LegacyScript::Jwxwork => Diagnostic::new(
                RuleId::WxScriptTag,
                s.tag.clone(),
                format!("`{}` loads the legacy WeCom agent SDK", s.src),
                "remove it: `ww.register({ getAgentConfigSignature })` replaces `wx.agentConfig`, and the page does not use `WWOpenData`",
            ),
        })
        .collect()
}
