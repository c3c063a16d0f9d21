//! Which jweixin build a unit's pages load: WeChat's (`res.wx.qq.com/open/js/jweixin-1.x.js`)
//! or WeCom's (`res.wx.qq.com/wwopen/js/jsapi/jweixin-1.0.0.js`). The two agree on almost
//! everything, but not on the name of the payment call in its results: jweixin wrote `errMsg`
//! with the web name its reverse name table gives for the client call `getBrandWCPayRequest`,
//! which is `chooseWXPay` in WeChat's builds and `getBrandWCPayRequest` itself in WeCom's, whose
//! table maps that name to itself (it adds a method of that name). Run under the oracle:
//! `chooseWXPay:ok` with jweixin-1.2.0 and WeChat's jweixin-1.0.0, `getBrandWCPayRequest:ok`
//! with WeCom's build.
//!
//! WeChat's later 1.6 builds (npm `weixin-js-sdk@1.6.5`) also send a usage report after each
//! payment (`getNetworkType`, then an image beacon), which no `ww` code sends; the 1.0 to 1.5
//! builds and the first 1.6.0 (npm `weixin-js-sdk@1.6.0`, `jweixin-module`) do not. So a 1.6
//! address, which may serve either, leaves the build unknown, as do the npm packages (the
//! version installed is not known here).
//!
//! A tag's address says which build it is; a copy on the site's disk is read (a few tens of
//! kilobytes, once per copy) for its name table and its report. A page that also loads
//! `jwxwork-1.0.0.js` (which patches the WeChat build, and whose source is not published), a
//! renamed copy, or an import of a local file leaves the build unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use memchr::memmem;

use crate::rules::wx_script_tag::{classify, LegacyScript};

/// A jweixin build, as far as the results it hands the callbacks differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyBuild {
    /// WeChat's jweixin (1.0.0 to 1.6.0, and the npm packages that ship it).
    WeChat,
    /// WeCom's own jweixin-1.0.0 (`/wwopen/js/jsapi/`), which has `wx.agentConfig`.
    WeCom,
}

impl LegacyBuild {
    /// The API name jweixin wrote in `errMsg` for the payment call (`chooseWXPay:ok`).
    pub fn payment_result_name(self) -> &'static str {
        match self {
            LegacyBuild::WeChat => "chooseWXPay",
            LegacyBuild::WeCom => "getBrandWCPayRequest",
        }
    }

    /// Whose build it is, for messages.
    pub fn vendor(self) -> &'static str {
        match self {
            LegacyBuild::WeChat => "WeChat",
            LegacyBuild::WeCom => "WeCom",
        }
    }
}

/// What one SDK source of a file says about the build: known from its address or package,
/// a copy on disk to read (`src` as written), or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildSource {
    Known(LegacyBuild),
    OnDisk(String),
    Unknown,
}

/// The build a legacy `<script src>` loads.
pub fn of_tag(src: &str) -> BuildSource {
    let lower = src.to_ascii_lowercase();
    match classify(src) {
        Some(LegacyScript::Jwxwork) | None => BuildSource::Unknown,
        Some(LegacyScript::Jweixin) if lower.contains("/wwopen/") => BuildSource::Known(LegacyBuild::WeCom),
        Some(LegacyScript::Jweixin)
            if ["res.wx.qq.com/open/js/", "res2.wx.qq.com/open/js/"]
                .iter()
                .any(|host| lower.contains(host)) =>
        {
            match minor_version(&lower) {
                Some(minor) if minor < 6 => BuildSource::Known(LegacyBuild::WeChat),
                _ => BuildSource::Unknown,
            }
        }
        Some(LegacyScript::Jweixin) if lower.contains("://") || lower.starts_with("//") => BuildSource::Unknown,
        Some(LegacyScript::Jweixin) => BuildSource::OnDisk(src.to_string()),
    }
}

/// The `X` of a `jweixin-1.X.Y.js` address.
fn minor_version(lower: &str) -> Option<u32> {
    let file = lower.split(['?', '#']).next()?.rsplit('/').next()?;
    let version = file.strip_prefix("jweixin-1.")?;
    version.split('.').next()?.parse().ok()
}

/// The build a copy of jweixin is, from its text: WeCom's maps `getBrandWCPayRequest` to
/// itself in its name table; WeChat's maps only `chooseWXPay` to it. `None` for anything else.
pub fn of_text(text: &[u8]) -> Option<LegacyBuild> {
    const NAME: &[u8] = b"getBrandWCPayRequest";
    let mut maps_pay = false;
    for at in memmem::find_iter(text, NAME) {
        // `<key>: 'getBrandWCPayRequest'`: which key maps to the client name here?
        let before = trim_end(&text[..at]);
        let Some(before) = before.strip_suffix(b"'").or(before.strip_suffix(b"\"")) else {
            continue;
        };
        let Some(before) = trim_end(before).strip_suffix(b":") else {
            continue;
        };
        let key = trim_end(before);
        let key = key.strip_suffix(b"'").or(key.strip_suffix(b"\"")).unwrap_or(key);
        if key.ends_with(NAME) {
            return Some(LegacyBuild::WeCom);
        }
        if key.ends_with(b"chooseWXPay") {
            maps_pay = true;
        }
    }
    // WeChat's later 1.6 build reports each payment (`B({ jsApiName: "chooseWXPay" })`).
    let reports_payment = memmem::find_iter(text, b"jsApiName").any(|at| {
        let after = &text[at + b"jsApiName".len()..];
        let after = &after[..after.len().min(24)];
        memmem::find(after, b"chooseWXPay").is_some()
    });
    (maps_pay && !reports_payment).then_some(LegacyBuild::WeChat)
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    &bytes[..end]
}

/// The one build every SDK source of a unit loads, or `None` where they differ or one is not
/// known. `sources`: (the page or module, what it says); `cache` keeps each copy read once.
pub fn of_unit<'s>(
    sources: impl Iterator<Item = (&'s Path, &'s BuildSource)>,
    cache: &mut HashMap<PathBuf, Option<LegacyBuild>>,
) -> Option<LegacyBuild> {
    let mut found = None;
    for (page, source) in sources {
        let build = match source {
            BuildSource::Known(build) => Some(*build),
            BuildSource::Unknown => None,
            BuildSource::OnDisk(src) => super::resolve::script_on_disk(page, src).and_then(|path| {
                *cache
                    .entry(path.clone())
                    .or_insert_with(|| std::fs::read(&path).ok().and_then(|bytes| of_text(&bytes)))
            }),
        };
        match (build, found) {
            (None, _) => return None,
            (Some(b), Some(f)) if b != f => return None,
            (Some(b), _) => found = Some(b),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_say_which_build() {
        assert_eq!(
            of_tag("https://res.wx.qq.com/open/js/jweixin-1.2.0.js"),
            BuildSource::Known(LegacyBuild::WeChat)
        );
        assert_eq!(
            of_tag("//res2.wx.qq.com/open/js/jweixin-1.4.0.js?v=2"),
            BuildSource::Known(LegacyBuild::WeChat)
        );
        assert_eq!(
            of_tag("//res2.wx.qq.com/open/js/jweixin-1.6.0.js"),
            BuildSource::Unknown
        );
        assert_eq!(
            of_tag("https://res.wx.qq.com/wwopen/js/jsapi/jweixin-1.0.0.js"),
            BuildSource::Known(LegacyBuild::WeCom)
        );
        assert_eq!(of_tag("https://cdn.example.com/jweixin-1.2.0.js"), BuildSource::Unknown);
        assert_eq!(
            of_tag("https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js"),
            BuildSource::Unknown
        );
        assert_eq!(
            of_tag("${ctx}/js/jweixin-1.0.0.js"),
            BuildSource::OnDisk("${ctx}/js/jweixin-1.0.0.js".to_string())
        );
    }

    #[test]
    fn a_copy_says_which_build_by_its_name_table() {
        let wechat = br#"p={config:"preVerifyJSAPI",chooseWXPay:"getBrandWCPayRequest",openAddress:"editAddress"}"#;
        let wecom =
            b"var p = {\n  chooseWXPay: 'getBrandWCPayRequest',\n  getBrandWCPayRequest: 'getBrandWCPayRequest',\n};";
        assert_eq!(of_text(wechat), Some(LegacyBuild::WeChat));
        assert_eq!(of_text(wecom), Some(LegacyBuild::WeCom));
        assert_eq!(of_text(b"wx.chooseWXPay({}); // getBrandWCPayRequest"), None);
        let reporting = br#"a={chooseWXPay:"getBrandWCPayRequest"};chooseWXPay:function(e){k(a.chooseWXPay,x(e),e),B({jsApiName:"chooseWXPay"})}"#;
        assert_eq!(of_text(reporting), None);
    }

    #[test]
    fn a_unit_has_a_build_only_where_every_source_agrees() {
        let page = Path::new("/nowhere/index.html");
        let wechat = BuildSource::Known(LegacyBuild::WeChat);
        let wecom = BuildSource::Known(LegacyBuild::WeCom);
        let mut cache = HashMap::new();
        assert_eq!(
            of_unit([(page, &wechat), (page, &wechat)].into_iter(), &mut cache),
            Some(LegacyBuild::WeChat)
        );
        assert_eq!(of_unit([(page, &wechat), (page, &wecom)].into_iter(), &mut cache), None);
        assert_eq!(
            of_unit([(page, &wechat), (page, &BuildSource::Unknown)].into_iter(), &mut cache),
            None
        );
        assert_eq!(of_unit(std::iter::empty(), &mut cache), None);
    }
}
