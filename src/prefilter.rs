//! The byte test that lets most files skip parsing: legacy use needs one of a few markers.
//!
//! A file passes when it names a legacy package or the `jWeixin` global, or when the word `wx`
//! appears the way the SDK object is used (`wx.config`, `wx.invoke`, `window.wx`, `wx[...]`, an
//! alias such as `= wx;`, `typeof wx`). Minified bundles where `wx` is a mangled name
//! (`wx(`, `wx=`, `wx.prototype`) do not pass. Missing a marker only costs a parse; the parser
//! and the resolver decide what really is the SDK.

use memchr::memmem;

use crate::api_table;

/// Substrings that mark legacy use on their own.
const MARKERS: &[&[u8]] = &[
    b"jWeixin",
    b"jweixin",
    b"weixin-js-sdk",
    b"weixin-jsapi",
    b"jwxwork",
    b"wecomjsdk",
];
/// Receivers whose `.wx` is the global SDK object.
const GLOBAL_OBJECTS: &[&[u8]] = &[b"window", b"self", b"globalThis", b"top", b"parent", b"frames"];

/// ASCII identifier bytes. Non-ASCII bytes count as boundaries: a byte order mark or a
/// no-break space before `wx` must not hide it (a Unicode identifier only costs a parse).
fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether a file's bytes may contain legacy SDK use and must be parsed.
pub fn may_use_legacy(bytes: &[u8]) -> bool {
    if MARKERS.iter().any(|m| memmem::find(bytes, m).is_some()) {
        return true;
    }
    memmem::find_iter(bytes, b"wx").any(|pos| wx_used_as_sdk(bytes, pos))
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

fn wx_used_as_sdk(bytes: &[u8], pos: usize) -> bool {
    let after = pos + 2;
    if bytes.get(after).is_some_and(|&b| is_ident(b)) {
        return false;
    }
    let prev = pos.checked_sub(1).map(|p| bytes[p]);
    match prev {
        // `this.$wx`: the SDK stored on a Vue instance.
        Some(b'$') => return pos < 2 || !is_ident(bytes[pos - 2]),
        Some(b) if is_ident(b) => return false,
        // `window['wx']`
        Some(q @ (b'\'' | b'"')) => return bytes.get(after) == Some(&q) && pos >= 2 && bytes[pos - 2] == b'[',
        _ => {}
    }
    let next = skip_space_forward(bytes, after);
    match bytes.get(next) {
        Some(b'.') | Some(b'?') if member_is_legacy(bytes, next) => return true,
        Some(b'[') => return true,
        _ => {}
    }
    if prev == Some(b'.') {
        return GLOBAL_OBJECTS.contains(&word_before(bytes, pos - 1));
    }
    let before = prev_non_space(bytes, pos);
    if before.is_some_and(|p| word_before(bytes, p + 1) == b"typeof") {
        return true;
    }
    // A value use: `= wx;`, `(wx)`, `wx || null`, `return wx`.
    let value_end = matches!(
        bytes.get(next),
        None | Some(b';' | b',' | b')' | b']' | b'}' | b'|' | b'&' | b'?' | b':')
    ) || bytes[after..next].contains(&b'\n');
    let value_start = match before {
        None => true,
        Some(p) => {
            matches!(bytes[p], b'=' | b'(' | b',' | b':' | b'!' | b'|' | b'&' | b'?' | b'[')
                || word_before(bytes, p + 1) == b"return"
        }
    };
    value_start && value_end && !matches!(bytes.get(next), Some(b'=') if bytes.get(next + 1) != Some(&b'='))
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
    std::str::from_utf8(&bytes[start..end]).is_ok_and(api_table::is_legacy_member)
}

#[cfg(test)]
mod tests {
    use super::may_use_legacy;

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
        ] {
            assert!(may_use_legacy(src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn rejects_mangled_names_and_other_words() {
        for src in [
            "function wx(a){return a}wx(1)",
            "var wx=function(){};wx.prototype.x=1",
            "const wxid = 1; wxPay()",
            "// the wechat sdk",
            "a.wx = 1",
        ] {
            assert!(!may_use_legacy(src.as_bytes()), "{src}");
        }
    }
}
