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
//!
//! Fix (R1): the `src` of a jweixin tag becomes the `@wecom/jssdk` CDN build
//! (`--cdn-url`, default 2.3.1, which lacks `selectExternalChat`, `createTodo`, `viewTodo` and
//! `selectDatazoneDoc/File`). Every other fix in the page carries this edit, so the page never
//! mixes the two SDKs. **Safe**. A `jwxwork` tag is a warning (the open-data component still
//! needs it, semantics.md R1): on a page that does not itself use `WWOpenData` it gets an
//! **unsafe** fix that removes it, since code loaded from other files might still use it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Applicability, Edit, Fix};
use crate::rules::{RuleId, RuleOptions};
use crate::source::{layout, ScriptSrc, SourceFile};

/// Which legacy build a script URL loads, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegacyScript {
    Jweixin,
    Jwxwork,
}

pub(crate) fn classify(src: &str) -> Option<LegacyScript> {
    let (path, _) = crate::source::template::script_path(src);
    let file = path.rsplit(['/', '\\']).next().unwrap_or(&path).to_ascii_lowercase();
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

/// The edits that switch a page's jweixin script tags to `@wecom/jssdk`; every fix in the
/// file carries them.
pub(crate) fn switch_edits(sources: &[ScriptSrc], options: &RuleOptions) -> Vec<Edit> {
    let mut edits = Vec::new();
    for s in sources
        .iter()
        .filter(|s| classify(&s.src) == Some(LegacyScript::Jweixin))
    {
        edits.push(Edit::replace(s.value.clone(), options.cdn_url.clone()));
        // Thymeleaf renders `th:src` in place of `src`; its value is a link expression.
        if let Some(th_src) = &s.th_src {
            edits.push(Edit::replace(th_src.clone(), format!("@{{{}}}", options.cdn_url)));
        }
    }
    edits
}

/// The whole `<script ...></script>` element of a tag, with its line when it stands alone.
fn element(text: &str, tag: &ScriptSrc) -> std::ops::Range<usize> {
    let lower = text[tag.tag.end..].to_ascii_lowercase();
    let end = lower
        .find("</script")
        .and_then(|close| lower[close..].find('>').map(|gt| tag.tag.end + close + gt + 1))
        .unwrap_or(tag.tag.end);
    layout::statement_deletion(text, tag.tag.start..end)
}

pub(crate) fn check(file: &SourceFile, sources: &[ScriptSrc], switch: &[Edit]) -> Vec<Diagnostic> {
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
            )
            .with_fix(Some(Fix::new(
                "Load the `@wecom/jssdk` browser build (global `ww`) instead; the page's `wx` uses become `ww`",
                Applicability::Safe,
                switch.to_vec(),
            ))),
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
                "`ww.register({ getAgentConfigSignature })` replaces its `wx.agentConfig`; remove it unless the app uses the open-data component (`WWOpenData`, `<ww-open-data>`)",
            )
            .with_severity(Severity::Warning)
            .with_fix(Some(Fix::new(
                "Remove the jwxwork script. Unsafe: code this page loads from other files might still use `WWOpenData` or `wx.agentConfig`",
                Applicability::Unsafe,
                vec![Edit::delete(element(&file.text, s))],
            ))),
        })
        .collect()
}
