//! The legacy API table (`data/api-table.tsv`, a copy of `shared/sdk/api-table.tsv`): for each
//! legacy method, `wx.invoke` name and client event, its `ww` equivalent and how compatible it is.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/api-table.tsv");

/// Which column-2 group a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKind {
    /// Part of the configuration: `config`, `agentConfig`, `ready`, `error` and their keys.
    Config,
    /// A direct method: `wx.chooseImage(...)`.
    Method,
    /// A client API name passed to `wx.invoke`.
    Invoke,
    /// A client event name passed to `wx.on`.
    Event,
}

/// How the `ww` equivalent compares with the legacy API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    Identical,
    ParamsDiffer,
    ResultDiffers,
    NoEquivalent,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct ApiRow {
    pub legacy: &'static str,
    pub kind: ApiKind,
    /// The replacement as the table writes it, e.g. `ww.getCurExternalContact` or `ww.invoke('historyBack')`.
    pub ww: &'static str,
    pub compat: Compat,
    pub notes: &'static str,
}

impl ApiRow {
    /// The named `ww` function this row maps to (`ww.previewImage` -> `previewImage`), if the
    /// replacement is a plain named API rather than `ww.invoke`/`ww.on`/`ww.register`.
    pub fn ww_name(&self) -> Option<&'static str> {
        let name = self.ww.strip_prefix("ww.")?;
        let name = name.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next()?;
        (!name.is_empty() && !matches!(name, "invoke" | "on" | "register")).then_some(name)
    }
}

struct Table {
    rows: FxHashMap<ApiKind, FxHashMap<&'static str, ApiRow>>,
}

fn table() -> &'static Table {
    static CELL: OnceLock<Table> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut rows: FxHashMap<ApiKind, FxHashMap<&'static str, ApiRow>> = FxHashMap::default();
        for line in TABLE.lines().skip(1) {
            let mut cols = line.split('\t');
            let (Some(legacy), Some(kind), Some(ww), Some(compat)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let kind = match kind {
                "config" => ApiKind::Config,
                "method" => ApiKind::Method,
                "invoke" => ApiKind::Invoke,
                "event" => ApiKind::Event,
                _ => continue,
            };
            let compat = match compat {
                "identical" => Compat::Identical,
                "params-differ" => Compat::ParamsDiffer,
                "result-differs" => Compat::ResultDiffers,
                _ => Compat::NoEquivalent,
            };
            let notes = cols.next().unwrap_or("");
            rows.entry(kind).or_default().insert(
                legacy,
                ApiRow {
                    legacy,
                    kind,
                    ww,
                    compat,
                    notes,
                },
            );
        }
        Table { rows }
    })
}

/// The row for `name` in group `kind`.
pub fn lookup(kind: ApiKind, name: &str) -> Option<&'static ApiRow> {
    table().rows.get(&kind)?.get(name)
}

/// `ww` functions that return nothing (they bind an event listener), read from
/// `@wecom/jssdk@2.4.4` `dist/wecom.js`: appending `.catch(...)` to them would throw.
const RETURNS_NOTHING: &[&str] = &[
    "register",
    "onSearchBeacons",
    "onBLEConnectionStateChange",
    "onBLECharacteristicValueChange",
    "onBluetoothAdapterStateChange",
    "onBluetoothDeviceFound",
    "onBeaconUpdate",
    "onBeaconServiceChange",
    "onLocationChange",
    "onNetworkStatusChange",
    "onGetWifiList",
    "onWifiConnected",
    "onVoiceRecordEnd",
    "onVoicePlayEnd",
    "onHistoryBack",
    "onUserCaptureScreen",
    "onMenuShareAppMessage",
    "onMenuShareTimeline",
    "onMenuShareWechat",
    "onMenuShareQQ",
    "onMenuShareWeibo",
    "onMenuShareQZone",
];

/// Whether the `ww` function `name` returns a promise (most do; event binders do not).
pub fn returns_promise(name: &str) -> bool {
    !RETURNS_NOTHING.contains(&name)
}

/// Whether `name` is one of jweixin's configuration calls (`wx.config`, `wx.ready`, `wx.error`,
/// `wx.agentConfig`), which `ww.register` replaces; they are not in the API table.
pub fn is_lifecycle(name: &str) -> bool {
    matches!(name, "config" | "ready" | "error" | "agentConfig")
}

/// Whether `name` is a member of the legacy SDK object: a lifecycle call, `invoke`/`on`, or a
/// direct method of any jweixin build (including the `miniProgram` namespace).
pub fn is_legacy_member(name: &str) -> bool {
    is_lifecycle(name)
        || matches!(name, "invoke" | "on" | "miniProgram" | "checkJsApi")
        || lookup(ApiKind::Method, name).is_some()
}

/// The methods every jweixin build a page may load has, as jweixin-1.2.0 defines them
/// (semantics.md 2.4; later builds and WeCom's keep them): a feature test of one of them is
/// true on jweixin as on `ww`. A test of another (`updateAppMessageShareData`, 1.4 and
/// later; `onHistoryBack`, WeCom's build) depends on the build the page loads.
pub fn in_every_legacy_build(name: &str) -> bool {
    const JWEIXIN_1_2_0: [&str; 44] = [
        "checkJsApi",
        "onMenuShareTimeline",
        "onMenuShareAppMessage",
        "onMenuShareQQ",
        "onMenuShareWeibo",
        "onMenuShareQZone",
        "startRecord",
        "stopRecord",
        "onVoiceRecordEnd",
        "playVoice",
        "pauseVoice",
        "stopVoice",
        "onVoicePlayEnd",
        "uploadVoice",
        "downloadVoice",
        "translateVoice",
        "chooseImage",
        "previewImage",
        "uploadImage",
        "downloadImage",
        "getLocalImgData",
        "getNetworkType",
        "openLocation",
        "getLocation",
        "hideOptionMenu",
        "showOptionMenu",
        "closeWindow",
        "hideMenuItems",
        "showMenuItems",
        "hideAllNonBaseMenuItem",
        "showAllNonBaseMenuItem",
        "scanQRCode",
        "openAddress",
        "openProductSpecificView",
        "addCard",
        "chooseCard",
        "openCard",
        "consumeAndShareCard",
        "chooseWXPay",
        "openEnterpriseRedPacket",
        "startSearchBeacons",
        "stopSearchBeacons",
        "onSearchBeacons",
        "openEnterpriseChat",
    ];
    JWEIXIN_1_2_0.contains(&name)
}

/// Methods of the WeChat mini-program's global `wx` that no jweixin build has (network, storage,
/// navigation, interface, login): code that calls one of them on the global `wx` runs in a
/// mini-program, where `wx` is not the web SDK.
const MINI_PROGRAM_ONLY: [&str; 36] = [
    "authorize",
    "canIUse",
    "checkSession",
    "clearStorage",
    "clearStorageSync",
    "connectSocket",
    "createCanvasContext",
    "createSelectorQuery",
    "downloadFile",
    "getSetting",
    "getStorage",
    "getStorageSync",
    "getSystemInfo",
    "getSystemInfoSync",
    "getUserInfo",
    "getUserProfile",
    "hideLoading",
    "hideToast",
    "login",
    "navigateBack",
    "navigateTo",
    "openSetting",
    "pageScrollTo",
    "reLaunch",
    "redirectTo",
    "removeStorage",
    "removeStorageSync",
    "request",
    "requestPayment",
    "setNavigationBarTitle",
    "setStorage",
    "setStorageSync",
    "showLoading",
    "showModal",
    "showToast",
    "switchTab",
];

/// Whether `name` is a method only the mini-program's global `wx` has ([`MINI_PROGRAM_ONLY`]).
pub fn is_mini_program_only(name: &str) -> bool {
    MINI_PROGRAM_ONLY.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mini_program_methods_are_sorted_and_not_legacy() {
        assert!(MINI_PROGRAM_ONLY.windows(2).all(|w| w[0] < w[1]));
        for name in MINI_PROGRAM_ONLY {
            assert!(!is_legacy_member(name), "{name} is a jweixin member");
        }
        assert!(is_mini_program_only("request"));
        assert!(!is_mini_program_only("getLocation"));
    }

    #[test]
    fn reads_rows_of_each_kind() {
        let row = lookup(ApiKind::Invoke, "getCurExternalContact").unwrap();
        assert_eq!(row.compat, Compat::Identical);
        assert_eq!(row.ww_name(), Some("getCurExternalContact"));
        assert_eq!(lookup(ApiKind::Invoke, "historyBack").unwrap().ww_name(), None);
        assert_eq!(
            lookup(ApiKind::Method, "getBrandWCPayRequest").unwrap().compat,
            Compat::NoEquivalent
        );
        assert!(is_legacy_member("chooseImage"));
        assert!(!is_legacy_member("prototype"));
    }
}
