//! The byte test that lets most files skip parsing: legacy use needs one of a few markers,
//! and the security rules need one of the credential spellings in `credentials.rs`.
//!
//! A file passes when it names a legacy package or the `jWeixin` global, or when the word `wx`
//! appears the way the SDK object is used: a legacy member (`wx.config`, `wx.invoke`),
//! `window.wx`, `this.$wx`, `typeof wx`, or any other reference to a `wx` (`= wx;`,
//! `(wx)`, `wx === undefined`, `{...wx}`). What cannot be a use the rules report does not
//! count: `wx` inside a longer name or a string, a property of something else (`a.wx`), a
//! member the SDK does not have (`wx.prototype`, `wx.getSystemInfoSync`), a declaration or
//! an assignment (`var wx`, `wx = ...`) and an object key. The test must never turn away a
//! file with findings (the fuzz target checks exactly that), so a minified bundle whose
//! mangler named a local `wx` passes and costs a parse: skipping such files when they
//! declare a `wx` of their own was tried, and the fuzzer found a file where a global `wx`
//! and a local one live side by side. The parser and the resolver decide what really is the
//! SDK.
//!
//! A second search looks for the credential spellings of `credentials.rs` for the security
//! rules (case-sensitive, like the first: a case-insensitive search cost 16% of the real
//! tree's CPU; and separate, because short patterns such as `ecret` slow down a searcher
//! that also looks for `wx` far more than a second pass costs). Seven anchors are searched:
//! `icket`, `ICKET`, `ecret`, `ECRET`, `gettoken`, `cgi-bin/` and `getSignature`. An anchor
//! inside a strong spelling (`jsapi_ticket`, `corpSecret`, `cgi-bin/token`, `gettoken`)
//! passes the file; a weak one only with what confirms it: `ticket` with a ticket-shaped
//! literal opening within 160 bytes after it (`ticket = '...'`), `getSignature` after `ww.`
//! or in a file that names `@wecom/jssdk`, `secret` with a secret-shaped literal within 160
//! bytes and a corp id's name anywhere in the file. `Secret` alone would pass React's bundles
//! (`__SECRET_INTERNALS`) and `getSignature` TypeScript's checker: 100 MB of the benchmark's
//! npm tree, which then costs a parse.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem;

use crate::api_table;
use crate::credentials::{self, CORP_ID_SPELLINGS, CORP_SECRET_SPELLINGS, JSAPI_TICKET_SPELLINGS};
use crate::source::FileKind;

/// Substrings that mark legacy use on their own.
const MARKERS: &[&[u8]] = &[
    b"jWeixin",
    b"jweixin",
    b"weixin-js-sdk",
    b"weixin-jsapi",
    b"jwxwork",
    b"wecomjsdk",
    // (vux's plugin that installs jweixin on components)
    b"WechatPlugin",
];
/// One searcher for every marker and `wx` (the last pattern), so each file is read once.
/// No marker starts with `x`, so a `wx` match never hides the start of a marker.
static SEARCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(MARKERS.iter().copied().chain([&b"wx"[..]]))
        .expect("the prefilter's patterns are valid")
});

/// The SDK's script names in any case, as the script-tag rule reads them
/// (`JWeixin-1.2.0.js`), for pages only: a case-insensitive search is several times slower.
static SCRIPT_NAMES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["jweixin", "jwxwork"])
        .expect("the prefilter's patterns are valid")
});

/// Whether `text` names a script of the legacy SDK (`jweixin`, `jwxwork`, any case): a page's
/// tag, and a string of the code that loads one (rules/wx_script_tag.rs).
pub(crate) fn names_sdk_script(text: &[u8]) -> bool {
    SCRIPT_NAMES.is_match(text)
}

/// Receivers whose `.wx` is the global SDK object.
const GLOBAL_OBJECTS: &[&[u8]] = &[b"window", b"self", b"globalThis", b"top", b"parent", b"frames"];

/// ASCII identifier bytes. Non-ASCII bytes count as boundaries: a byte order mark or a
/// no-break space before `wx` must not hide it (a Unicode identifier only costs a parse).
pub(crate) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether a file of `kind` may contain legacy SDK use and must be parsed.
pub fn may_use_legacy(kind: FileKind, bytes: &[u8]) -> bool {
    let found = SEARCHER.find_iter(bytes).any(|found| {
        found.pattern().as_usize() < MARKERS.len()
            || classify_wx(bytes, found.start()) != WxUse::Other
            || ((kind == FileKind::Vue || kind.is_page()) && opens_attribute_value(bytes, found.start()))
    });
    found || ((kind.is_page() || kind == FileKind::Vue) && names_sdk_script(bytes))
}

/// Whether the `wx` at `pos` starts a quoted attribute value (`@click="wx.closeWindow()"`,
/// `v-if="wx"`, `onclick="wx.scanQRCode()"`): in a `.vue` template that is an expression
/// reading the component's `wx` property, which may hold the SDK object (sdk/stores.rs); in a
/// page or a template partial, code in an event attribute that calls the SDK
/// (rules/event_attributes.rs).
fn opens_attribute_value(bytes: &[u8], pos: usize) -> bool {
    pos >= 2
        && matches!(bytes[pos - 1], b'"' | b'\'')
        && bytes[pos - 2] == b'='
        && bytes.get(pos + 2).is_none_or(|&b| !is_ident(b))
}

/// What the byte test found in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    /// The file may use the legacy SDK: the legacy rules must see it.
    pub legacy: bool,
    /// The file may hold a credential or sign in the page: the security rules must see it.
    pub secrets: bool,
}

impl Scan {
    /// Every rule runs (for a file checked without the byte test).
    pub const EVERYTHING: Scan = Scan {
        legacy: true,
        secrets: true,
    };

    /// Whether the file must be parsed at all.
    pub fn any(self) -> bool {
        self.legacy || self.secrets
    }
}

/// The byte test for every rule: the legacy markers, then the credential spellings.
pub fn scan(kind: FileKind, bytes: &[u8]) -> Scan {
    Scan {
        legacy: may_use_legacy(kind, bytes),
        secrets: may_hold_secrets(bytes),
    }
}

/// The anchors of the credential spellings, in the order of [`Anchor`].
const ANCHORS: &[&str] = &[
    "icket",
    "ICKET",
    "ecret",
    "ECRET",
    "gettoken",
    "cgi-bin/",
    "getSignature",
];

static ANCHOR_SEARCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(ANCHORS)
        .expect("the prefilter's patterns are valid")
});

/// Whether `bytes` end at `end` with one of `spellings`.
fn spelling_ends_at(bytes: &[u8], end: usize, spellings: &[&str]) -> bool {
    spellings.iter().any(|s| bytes[..end].ends_with(s.as_bytes()))
}

/// Whether the security rules may find something in a file (see the module's notes).
pub fn may_hold_secrets(bytes: &[u8]) -> bool {
    let mut secret_literal = false;
    let mut get_signature = false;
    for found in ANCHOR_SEARCHER.find_iter(bytes) {
        let (at, end) = (found.start(), found.end());
        let decisive = match ANCHORS[found.pattern().as_usize()] {
            "icket" | "ICKET" => {
                spelling_ends_at(bytes, end, JSAPI_TICKET_SPELLINGS)
                    || credentials::literal_near(bytes, at, credentials::ticket_shaped)
            }
            "ecret" | "ECRET" => {
                if spelling_ends_at(bytes, end, CORP_SECRET_SPELLINGS) {
                    true
                } else {
                    secret_literal = secret_literal || credentials::literal_near(bytes, at, credentials::secret_shaped);
                    false
                }
            }
            "gettoken" => true,
            "cgi-bin/" => bytes[end..].starts_with(b"token"),
            _ => {
                get_signature = true;
                credentials::on_ww(bytes, at)
            }
        };
        if decisive {
            return true;
        }
    }
    (secret_literal
        && CORP_ID_SPELLINGS
            .iter()
            .any(|s| memmem::find(bytes, s.as_bytes()).is_some()))
        || (get_signature && memmem::find(bytes, credentials::WECOM_PACKAGE.as_bytes()).is_some())
}

fn skip_space_forward(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The index of the last non-space byte before `i`, if any.
fn prev_non_space(bytes: &[u8], i: usize) -> Option<usize> {
    bytes[..i].iter().rposition(|b| !b.is_ascii_whitespace())
}

fn word_before(bytes: &[u8], end: usize) -> &[u8] {
    let start = bytes[..end].iter().rposition(|&b| !is_ident(b)).map_or(0, |p| p + 1);
    &bytes[start..end]
}

/// How one occurrence of the letters `wx` is used.
#[derive(Debug, PartialEq, Eq)]
enum WxUse {
    /// Not a reference to a global `wx`, or one the rules do not report (`a.wx`, `wx = ...`,
    /// `var wx`, `{ wx: 1 }`, `wx.prototype`).
    Other,
    /// The way the SDK object is used.
    Sdk,
    /// A bare value: the SDK, or a local of the same name (the resolver tells).
    Value,
}

fn classify_wx(bytes: &[u8], pos: usize) -> WxUse {
    let after = pos + 2;
    if bytes.get(after).is_some_and(|&b| is_ident(b)) {
        return WxUse::Other;
    }
    let prev = pos.checked_sub(1).map(|p| bytes[p]);
    match prev {
        // `this.$wx`: the SDK stored on a Vue instance.
        Some(b'$') if pos < 2 || !is_ident(bytes[pos - 2]) => return WxUse::Sdk,
        Some(b) if is_ident(b) => return WxUse::Other,
        // `window['wx']`
        Some(q @ (b'\'' | b'"')) if bytes.get(after) == Some(&q) && pos >= 2 && bytes[pos - 2] == b'[' => {
            return WxUse::Sdk
        }
        Some(b'\'' | b'"') => return WxUse::Other,
        _ => {}
    }
    let next = skip_space_forward(bytes, after);
    match bytes.get(next) {
        Some(b'.' | b'?') if member_is_legacy(bytes, next) => return WxUse::Sdk,
        // `wx.prototype`, `wx.getSystemInfoSync`: a member the legacy SDK does not have.
        Some(b'.') => return WxUse::Other,
        _ => {}
    }
    if prev == Some(b'.') {
        if pos >= 3 && &bytes[pos - 3..pos] == b"..." {
            return WxUse::Value;
        }
        // The receiver: `window.wx`, `window .wx`, `window?.wx`.
        let mut receiver_end = prev_non_space(bytes, pos - 1);
        if receiver_end.is_some_and(|r| bytes[r] == b'?') {
            receiver_end = prev_non_space(bytes, receiver_end.unwrap_or(0));
        }
        return match receiver_end {
            None => WxUse::Other,
            // A Unicode space (`self\u{feff}.wx`), a comment or a parenthesised receiver: the
            // parser decides.
            Some(r) if bytes[r] >= 0x80 || matches!(bytes[r], b'/' | b')' | b']') => WxUse::Value,
            Some(r) if GLOBAL_OBJECTS.contains(&word_before(bytes, r + 1)) => WxUse::Sdk,
            Some(_) => WxUse::Other,
        };
    }
    let before = prev_non_space(bytes, pos);
    let word = before.map(|p| word_before(bytes, p + 1));
    if word == Some(b"typeof") {
        return WxUse::Sdk;
    }
    // Declared (`var wx`, `function wx`), assigned (`wx = ...`, a parameter `wx => ...`), or an
    // object key (`{ wx: 1 }`): not a use of the SDK object.
    // An assignment only where `wx` is the whole target: `wx=` after `/` is part of `a/wx=`.
    let assigned = bytes.get(next) == Some(&b'=')
        && bytes.get(next + 1) != Some(&b'=')
        && before.is_none_or(|p| matches!(bytes[p], b';' | b'{' | b'}' | b'(' | b',' | b'=' | b'[' | b'?' | b':'));
    let key = bytes.get(next) == Some(&b':') && before.is_some_and(|p| matches!(bytes[p], b'{' | b','));
    if assigned || key || matches!(word, Some(b"var" | b"let" | b"const" | b"function" | b"class")) {
        return WxUse::Other;
    }
    WxUse::Value
}

/// Whether `.name` or `?.name` at `dot` names a legacy SDK member.
fn member_is_legacy(bytes: &[u8], dot: usize) -> bool {
    let mut i = dot;
    if bytes[i] == b'?' {
        if bytes.get(i + 1) != Some(&b'.') {
            return false;
        }
        i += 1;
    }
    let start = skip_space_forward(bytes, i + 1);
    let end = bytes[start..]
        .iter()
        .position(|&b| !is_ident(b))
        .map_or(bytes.len(), |p| start + p);
    // A name the bytes do not spell plainly (`wx./**/config`, `wx.\u0063onfig`, `wx.#x`,
    // `wx?.[name]`, a non-ASCII name) may still be an SDK member: let the parser decide.
    if start == end || matches!(bytes.get(end), Some(b'\\') | Some(0x80..)) {
        return bytes.get(start).is_some();
    }
    std::str::from_utf8(&bytes[start..end]).is_ok_and(api_table::is_legacy_member)
}

#[cfg(test)]
mod tests {
    use super::{may_hold_secrets, may_use_legacy, ANCHORS};
    use crate::credentials::{GET_SIGNATURE, SECRET_SPELLINGS, TICKET_SPELLINGS};
    use crate::source::{FileKind, ScriptLang};

    const JS: FileKind = FileKind::Script {
        lang: ScriptLang::Js,
        dts: false,
    };

    #[test]
    fn attribute_code_that_calls_the_sdk_passes_in_pages_and_templates() {
        let partial = b"<button onclick=\"wx.scanQRCode({ needResult: 1 })\">scan</button>\n";
        let php = FileKind::Template(crate::source::template::Engine::Php);
        assert!(may_use_legacy(php, partial));
        assert!(may_use_legacy(FileKind::Html, partial));
        assert!(may_use_legacy(
            FileKind::Vue,
            b"<template><p v-if=\"wx\"></p></template>"
        ));
        // in a script, a string that starts with `wx.` is text
        assert!(!may_use_legacy(JS, b"var s = \"wx.scanQRCode\";"));
    }

    #[test]
    fn passes_legacy_shapes() {
        for src in [
            "wx.config({})",
            "window.wx.invoke('a')",
            "var sdk = window.wx;",
            "const w = wx || null",
            "if (typeof wx === 'undefined') {}",
            "foo(wx)",
            "wx ?. ready(f)",
            "wx[name]()",
            "window['wx'].ready()",
            "this.$wx.config()",
            "import jweixin from 'jweixin'",
            "x = jWeixin",
            "\u{feff}wx.on('a', f)",
            "\u{a0}wx.config({})",
            // Every kind of reference the rules report (each once missed by a narrower test).
            "const o = { wx, a: 1 };",
            "const o = {...wx};",
            "s = `${wx}`;",
            "export default wx;",
            "const f = () => wx;",
            "if (wx === undefined) {}",
            "'config' in wx",
            "await wx",
            "wx(1)",
            "new wx()",
            "wx++",
            "class A extends wx {}",
            "for (const k of wx) {}",
            "x = -wx",
            "x = wx ? 1 : 2",
            "(wx as any).config()",
            "const ydk = window/wx= self.x;",
            "x = self\u{feff}.wx",
            "x = window .wx",
            "x = window?.wx",
            "x = window/* the page */.wx",
            "x = (window).wx",
            "let y = <any>wx;",
            // Member names the bytes do not spell plainly.
            "wx./* set up */config({})",
            "wx.\\u0063onfig({})",
            "wx.con\\u0066ig({})",
            "wx.#onfig({})",
            "wx?.[name]()",
            // A file with its own `wx` still passes on an SDK-shaped use: the resolver decides.
            "var wx = getSdk(); wx.config({})",
            "let wx, sbx; wx = this.stack.pop(); this.width = wx;",
        ] {
            assert!(may_use_legacy(JS, src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn rejects_mangled_names_and_other_words() {
        for src in [
            "var wx=function(){};wx.prototype.x=1",
            "let wx; wx = 1;",
            "const o = { wx: 1, a: 2 };",
            "x = wx.getSystemInfoSync()",
            "const wxid = 1; wxPay()",
            "// the wechat sdk",
            "a.wx = 1",
        ] {
            assert!(!may_use_legacy(JS, src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn pages_pass_on_the_script_name_in_any_case() {
        let page = b"<script src=\"https://res.wx.qq.com/open/js/JWeixin-1.6.0.js\"></script>";
        assert!(may_use_legacy(FileKind::Html, page));
        assert!(may_use_legacy(FileKind::Vue, page));
        assert!(!may_use_legacy(JS, b"const url = 'JWEIXIN';"));
    }

    #[test]
    fn anchors_cover_the_weak_spellings() {
        for spelling in TICKET_SPELLINGS.iter().chain(SECRET_SPELLINGS).chain([&GET_SIGNATURE]) {
            assert!(ANCHORS.contains(spelling), "{spelling}");
        }
    }

    #[test]
    fn passes_what_the_security_rules_weigh() {
        let ticket = "Zq8vT3mK1pLx7Rw2Nc5Hy9Bd4Gs6Jf0Ua-Ee_Oi8Kl3Mn5Po7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3Gh5Ij7Kl9Mn1Op3Qr";
        for src in [
            "s = 'jsapi_ticket=' + t".to_string(),
            "s = `JSAPI_TICKET=${t}`".to_string(),
            "u = base + '/gettoken?corpid=' + id".to_string(),
            "u = 'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential'".to_string(),
            "p = { corpSecret: s }".to_string(),
            "ww.getSignature(t)".to_string(),
            "window.ww ?. getSignature(t)".to_string(),
            "import { getSignature } from '@wecom/jssdk'; getSignature(t)".to_string(),
            format!("const JSAPI_TICKET: string =\n  '{ticket}';"),
            "const c = { appId: 'wx1', appSecret: '5f1e2d3c4b5a69788796a5b4c3d2e1f0' }".to_string(),
        ] {
            assert!(may_hold_secrets(src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn rejects_what_only_looks_alike() {
        let ticket = "Zq8vT3mK1pLx7Rw2Nc5Hy9Bd4Gs6Jf0Ua-Ee_Oi8Kl3Mn5Po7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3Gh5Ij7Kl9Mn1Op3Qr";
        for src in [
            "openTicket(ticket); sha1('nonce=' + n)".to_string(),
            "checker.getSignature(node); www.getSignature(x)".to_string(),
            format!(
                "var __SECRET_INTERNALS = React; var PPID = 1;{}\nvar k = '5f1e2d3c4b5a69788796a5b4c3d2e1f0';",
                " ".repeat(200)
            ),
            format!("var ticket = f();{}\nvar other = '{ticket}';", " ".repeat(200)),
            "const c = { appSecret: '5f1e2d3c4b5a69788796a5b4c3d2e1f0' }".to_string(),
            "fetch('/api/tokens')".to_string(),
        ] {
            assert!(!may_hold_secrets(src.as_bytes()), "{src}");
        }
    }
}
