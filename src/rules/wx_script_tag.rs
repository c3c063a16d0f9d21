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
//! Also found: a jweixin (or jwxwork) script named in a string of the code, which loads it
//! while the page runs or has a framework load it (`script.src = '//res.wx.qq.com/open/js/
//! jweixin-1.6.0.js'`, `useScriptTag(...)`, `document.write('<script src=...>')`, Nuxt's
//! `head.script`, a JSX `<script src>` in Next.js's `_document.js`). No fix: when and how the
//! code loads it, and what waits for it, are the code's, so its unit stays on jweixin until
//! it is switched by hand; and `check` keeps failing while a page still loads jweixin this
//! way (helper-23 found code moved to `ww` by hand that `check` passed while such a loader
//! still loaded jweixin).
//!
//! The same in a server template's own code, outside its scripts and tags (Yii's
//! `registerScriptFile('.../jweixin-1.0.0.js')`, an asset bundle's `$js = ['js/jweixin-1.0.0.js']`,
//! Laravel's `Html::script(...)`): a quoted string that names a jweixin script is a finding
//! without a fix (helper-22: `check` passed such apps).
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

/// Whether a source is a `<script>` element of its own (not a template helper's tag).
fn is_script_element(text: &str, source: &ScriptSrc) -> bool {
    text[source.tag.clone()]
        .get(..7)
        .is_some_and(|start| start.eq_ignore_ascii_case("<script"))
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
            // A helper tag (`<%= javascript_include_tag ... %>`) may write other scripts too.
            .with_fix(is_script_element(&file.text, s).then(|| {
                Fix::new(
                    "Remove the jwxwork script. Unsafe: code this page loads from other files might still use `WWOpenData` or `wx.agentConfig`",
                    Applicability::Unsafe,
                    vec![Edit::delete(element(&file.text, s))],
                )
            })),
        })
        .collect()
}

/// The jweixin (or jwxwork) script a string of the code names, if any: a file name starting
/// with `jweixin`/`jwxwork` and ending in `.js`, alone or in a path, a URL or a tag.
pub(crate) fn named_in_code(value: &str) -> Option<(LegacyScript, &str)> {
    let lower = value.to_ascii_lowercase();
    for needle in ["jweixin", "jwxwork"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(needle).map(|i| i + from) {
            let end = value[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
                .map_or(value.len(), |i| i + at);
            let name = &value[at..end];
            let preceded = at == 0 || matches!(value.as_bytes()[at - 1], b'/' | b'\\' | b'"' | b'\'' | b'=' | b' ');
            if preceded && name.to_ascii_lowercase().ends_with(".js") {
                return classify(name).map(|kind| (kind, name));
            }
            // a URL whose version the code adds (`'.../jweixin-' + v + '.js'`, a template
            // literal's `jweixin-${v}.js`): the string ends with the name's start
            if preceded && at > 0 && end == value.len() && name.len() == needle.len() + 1 && name.ends_with('-') {
                let kind = if needle == "jweixin" {
                    LegacyScript::Jweixin
                } else {
                    LegacyScript::Jwxwork
                };
                return Some((kind, name));
            }
            from = at + needle.len();
        }
    }
    None
}

/// A string of the code that names a jweixin script (`named_in_code`): a finding without a
/// fix (see the module's documentation).
pub(crate) fn check_string(range: std::ops::Range<usize>, value: &str, cx: &mut crate::rules::RuleContext) {
    // (most strings name no script of the SDK: one search, no allocation)
    if !crate::prefilter::names_sdk_script(value.as_bytes()) {
        return;
    }
    // An address or a tag, not a message or a test's expectation (`console.warn('load
    // jweixin-1.6.0.js first')`, `expect(html).toContain('jweixin-1.6.0.js')`): a path, no
    // spaces outside a tag, in a file that is not a test.
    let tag = value.contains("<scri") || value.contains("src=");
    if !(tag || (value.contains('/') && !value.contains(char::is_whitespace))) || is_test_file(&cx.file.path) {
        return;
    }
    let Some((kind, name)) = named_in_code(value) else {
        return;
    };
    cx.report_unfixed(
        loading_finding(
            kind,
            name,
            range,
            "the code loads",
            match kind {
                LegacyScript::Jweixin => LOAD_WECOM_THERE,
                LegacyScript::Jwxwork => AGENT_SDK_REPLACED,
            },
        ),
        "the code loads the SDK itself, and when it does and what waits for it are the code's",
    );
}

/// Where the code loads jweixin: the help of a finding about a string of the code.
const LOAD_WECOM_THERE: &str = "load `@wecom/jssdk` there instead (e.g. `https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js`, global `ww`), with the code that uses it";
/// The help of a finding about jwxwork loaded by a string of the code.
const AGENT_SDK_REPLACED: &str = "`ww.register({ getAgentConfigSignature })` replaces its `wx.agentConfig`; stop loading it unless the app uses the open-data component (`WWOpenData`, `<ww-open-data>`)";

/// The finding for code that loads `name`, a legacy script of `kind` (`loads` says who:
/// "the code loads", "the server code has the page load"), with `help`; its caller drops the
/// fix, saying why.
fn loading_finding(
    kind: LegacyScript,
    name: &str,
    range: std::ops::Range<usize>,
    loads: &str,
    help: &str,
) -> Diagnostic {
    let (what, severity) = match kind {
        LegacyScript::Jweixin => ("the legacy JS-SDK", Severity::Error),
        LegacyScript::Jwxwork => ("the legacy WeCom agent SDK", Severity::Warning),
    };
    // (`jweixin-` where the code adds the version)
    let shown = match name.ends_with('-') {
        true => format!("{name}<version>.js"),
        false => name.to_string(),
    };
    Diagnostic::new(RuleId::WxScriptTag, range, format!("{loads} `{shown}`, {what}"), help).with_severity(severity)
}

/// Whether `at` is inside a comment of the markup, a template language or the server code
/// (`<!-- -->`, FreeMarker's `<#-- -->`, JSP's `<%-- --%>`, Razor's `@* *@`, Blade's `{{-- --}}`,
/// Twig's `{# #}`, Smarty's `{* *}`, ERB's `<%# %>`, `/* */`), over several lines or not.
fn in_comment(text: &str, at: usize) -> bool {
    const PAIRS: &[(&str, &str)] = &[
        ("<!--", "-->"),
        ("<#--", "-->"),
        ("<%--", "--%>"),
        ("@*", "*@"),
        ("{{--", "--}}"),
        ("{#", "#}"),
        ("{*", "*}"),
        ("<%#", "%>"),
        ("/*", "*/"),
    ];
    let before = &text[..at];
    PAIRS.iter().any(|(open, close)| {
        before
            .rfind(open)
            .is_some_and(|o| !before[o + open.len()..].contains(close))
    })
}

/// A server template's own code that names a jweixin script in a quoted string, outside its
/// script blocks (whose strings the walker reads), its script tags and its comments: findings
/// without a fix (see the module's documentation).
pub(crate) fn check_server_code(file: &SourceFile, extracted: &crate::source::Extracted) -> Vec<Diagnostic> {
    let text = &file.text;
    let mut found = Vec::new();
    let inside = |at: usize| {
        extracted.blocks.iter().any(|b| b.range.contains(&at)) || extracted.sources.iter().any(|s| s.tag.contains(&at))
    };
    let pug = matches!(file.kind, crate::source::FileKind::Template(crate::source::Engine::Pug));
    for needle in ["jweixin", "jwxwork"] {
        for (at, _) in text.match_indices(needle) {
            if inside(at)
                || in_comment(text, at)
                || (pug && crate::source::indented::in_pug_comment(text, at))
                || found.iter().any(|d: &Diagnostic| d.range.contains(&at))
            {
                continue;
            }
            let line = &text[layout::line_start(text, at)..at];
            // (line comments; block comments are `in_comment`'s)
            if ["//", "*", "#"].iter().any(|c| line.trim_start().starts_with(c)) {
                continue;
            }
            // (a line comment after a PHP open tag on the same line: `<?php //echo base_url('.../jweixin-1.0.0.js');?>`,
            // helper-37, Jiumiking/MingShop)
            if let Some(php) = line.rfind("<?") {
                let code = &line[php..];
                if !code.contains("?>") && (code.contains("//") || code.contains(" #")) {
                    continue;
                }
            }
            // the quoted string around it, on its line
            let Some(open) = line.rfind(['"', '\'']) else { continue };
            let quote = line.as_bytes()[open] as char;
            let start = layout::line_start(text, at) + open;
            let Some(close) = text[at..layout::line_end(text, at)].find(quote).map(|i| i + at) else {
                continue;
            };
            let value = &text[start + 1..close];
            let Some((kind, name)) = named_in_code(value) else {
                continue;
            };
            let mut diagnostic = loading_finding(
                kind,
                name,
                start..close + 1,
                "the server code has the page load",
                "have it load `@wecom/jssdk` instead (e.g. `https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.3.1.js`, global `ww`), with the code that uses it",
            );
            diagnostic.drop_fix("the server code loads the SDK through the framework, which the tool does not rewrite");
            found.push(diagnostic);
        }
    }
    found
}

/// Whether a file holds tests (`*.spec.js`, `*.test.ts`, `__tests__/`, `tests/`, `e2e/`), whose
/// strings name the SDK to check a page, not to load it.
fn is_test_file(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.contains(".spec.")
        || name.contains(".test.")
        || path.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            matches!(&*c, "__tests__" | "tests" | "test" | "e2e" | "cypress")
        })
}
