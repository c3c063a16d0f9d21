//! The legacy SDK called from code in an event attribute: `<button onclick="wx.closeWindow()">`,
//! `<a href="javascript:wx.closeWindow()">`, or such markup in a string a script inserts
//! (`.attr('onclick', 'wx.closeWindow()')`). Reported under `wx-object`.
//!
//! No rule parses attribute code, so without this finding a page whose only other legacy use
//! is its jweixin tag looked ready to move: `fix` switched the tag and the link threw
//! `ReferenceError: wx is not defined`. The finding has no fix (the page's unit stays on
//! jweixin until it is changed by hand): attribute values may hold HTML entities, and in a
//! `javascript:` URL a named `ww` call's promise would become the page's new content unless the
//! call is wrapped in `void`.

use memchr::memmem;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::sdk::handlers::in_event_attribute;

/// Findings for the global SDK read in event attributes of `text`, outside the ranges of
/// `reported` (what the script rules already found there).
pub fn check(text: &str, reported: &[Diagnostic]) -> Vec<Diagnostic> {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut found = Vec::new();
    for name in crate::sdk::GLOBAL_NAMES {
        let needle = format!("{name}.");
        for at in memmem::find_iter(bytes, needle.as_bytes()) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let global = match before {
                Some(b'.') => text[..at - 1].ends_with("window"),
                Some(b) => !ident(b),
                None => true,
            };
            let member = bytes.get(at + needle.len()).is_some_and(|b| b.is_ascii_alphabetic());
            if !global || !member || reported.iter().any(|d| d.range.contains(&at)) || !in_event_attribute(text, at) {
                continue;
            }
            found.push(Diagnostic::new(
                RuleId::WxObject,
                at..at + name.len(),
                format!("`{name}` is the legacy JS-SDK object, called from an event attribute"),
                format!(
                    "the tool does not rewrite code in attributes, and moving the page to `@wecom/jssdk` (which defines no `{name}`) breaks it: call `ww` there by hand (in an `href=\"javascript:...\"`, as `void ww.closeWindow()`, or a promise becomes the page), or move the handler into a script"
                ),
            ));
        }
    }
    found.sort_by_key(|d| d.range.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        check(text, &[]).iter().map(|d| d.range.start).collect()
    }

    #[test]
    fn finds_the_sdk_in_event_attributes_and_script_links_only() {
        let page = r#"<a href="javascript:window.close();wx.closeWindow()">x</a>
<button onclick="window.wx.scanQRCode()">y</button>
<script>wx.config({}); var s = 'wx.ready';</script>
<p title="wx.config">z</p>"#;
        let first = page.find("wx.closeWindow").unwrap();
        let second = page.find("wx.scanQRCode").unwrap();
        assert_eq!(starts(page), [first, second]);
        assert!(starts("$('#b').attr('onclick', 'jWeixin.closeWindow()');").len() == 1);
        assert!(starts("<button onclick=\"mywx.close()\">").is_empty());
    }
}
