//! The byte test that lets most files skip parsing: legacy use needs one of a few markers.
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

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::api_table;
use crate::source::FileKind;

/// Substrings that mark legacy use on their own.
const MARKERS: &[&[u8]] = &[
    b"jWeixin",
    b"jweixin",
    b"weixin-js-sdk",
    b"weixin-jsapi",
    b"jwxwork",
    b"wecomjsdk",
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

/// Receivers whose `.wx` is the global SDK object.
const GLOBAL_OBJECTS: &[&[u8]] = &[b"window", b"self", b"globalThis", b"top", b"parent", b"frames"];

/// ASCII identifier bytes. Non-ASCII bytes count as boundaries: a byte order mark or a
/// no-break space before `wx` must not hide it (a Unicode identifier only costs a parse).
fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether a file of `kind` may contain legacy SDK use and must be parsed.
pub fn may_use_legacy(kind: FileKind, bytes: &[u8]) -> bool {
    let found = SEARCHER
        .find_iter(bytes)
        .any(|found| found.pattern().as_usize() < MARKERS.len() || classify_wx(bytes, found.start()) != WxUse::Other);
    found || ((kind.is_page() || kind == FileKind::Vue) && SCRIPT_NAMES.is_match(bytes))
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
    use super::may_use_legacy;
    use crate::source::{FileKind, ScriptLang};

    const JS: FileKind = FileKind::Script {
        lang: ScriptLang::Js,
        dts: false,
    };

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
}
