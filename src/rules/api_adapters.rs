//! Adapters for the direct methods whose `ww` form behaves differently in a mechanical way:
//! the fix writes, in the user's file, the few lines that give the callbacks what jweixin gave.
//!
//! * `wx.checkJsApi({ jsApiList, success })` becomes `ww.invoke('checkJsApi', { jsApiList:
//!   <client names> }, adapter)`: `ww.checkJsApi` would wait for the handshake, parse
//!   `checkResult` on every platform, flatten it and add web names next to the client names.
//!   The adapter parses it on Android only and renames the client names to web names, as
//!   jweixin did.
//! * `wx.chooseWXPay({...})` becomes `ww.invoke('getBrandWCPayRequest', <the fields jweixin
//!   sent: `timeStamp` from `timestamp` as text, `signType` 'SHA1' by default>, adapter)`:
//!   `ww.chooseWXPay` reports `getBrandWCPayRequest:ok` and waits for the handshake. The
//!   adapter writes the name the page's build wrote (`chooseWXPay` in WeChat's builds,
//!   `getBrandWCPayRequest` in WeCom's), so it needs the unit to show that build
//!   (project/sdk_build.rs).
//! * `wx.openEnterpriseChat({...})` becomes `ww.invoke('openEnterpriseChat', <the keys the WeCom
//!   jweixin build sent>, adapter)`: `ww.openEnterpriseChat` adds `chatId: ''` and others.
//! * `wx.onVoiceRecordEnd/onVoicePlayEnd/onSearchBeacons({ complete })` become
//!   `ww.<event>(adapter)`: `ww` hands the raw client event to a function.
//! * `wx.onMenuShareAppMessage({ title, trigger, ... })` (and the other four shares both jweixin
//!   builds define) becomes `ww.on('menu:share:appmessage', function (ev) {...}.bind(options))`:
//!   `ww.onMenuShare*` never calls `trigger`. The listener does what jweixin's did: `trigger`
//!   with the tap event, then `ww.invoke('sendAppMessage', <jweixin's fields>, adapter)`. The
//!   page's options stay as written, bound as `this`, so they are evaluated when the card is
//!   bound and read when the user shares, as jweixin read them. jweixin's default title was the
//!   page title when jweixin loaded, so the card needs a `title` written as text.
//!
//! Each adapter turns the client's reply into jweixin's result (`errMsg` in jweixin's spelling
//! instead of `err_msg`, no `errCode`/`err_code`/`err_desc`/`err_detail`), then calls the page's
//! `success`, `cancel` or `fail` by its status, and `complete`, with the result, as jweixin's
//! result handler did. The page's options stay as written, as the argument of `.bind(...)` on
//! the adapter function: evaluated where jweixin evaluated them, and the callbacks called on
//! them (`this`), as jweixin called them. What an adapter reads at fix time must be written in
//! place (`checkJsApi`'s literal `jsApiList`, `openEnterpriseChat`'s options, a share card's
//! title); otherwise the fix says why it is not offered as safe.

use swc_ecma_ast::{Expr, Lit, MemberProp, ObjectLit, Prop, PropOrSpread};
use swc_ecma_visit::{Visit, VisitWith};

use super::context::{CodeStyle, RuleContext, SdkCall};
use super::options::prop_name;
use super::walk::CallStyle;
use crate::fix::Edit;
use crate::parse::range_of;
use crate::sdk::unwrap;
use crate::source::layout;

/// The methods this module adapts.
pub(crate) const ADAPTED: &[&str] = &[
    "checkJsApi",
    "openEnterpriseChat",
    "onVoiceRecordEnd",
    "onVoicePlayEnd",
    "onSearchBeacons",
    "onMenuShareTimeline",
    "onMenuShareAppMessage",
    "onMenuShareQQ",
    "onMenuShareWeibo",
    "onMenuShareQZone",
    "chooseWXPay",
];

/// The callbacks jweixin's result handler calls, in its order.
const CALLBACKS: &[&str] = &["success", "cancel", "fail", "complete"];

/// jweixin's table of web API names and the client names it sent (`checkJsApi`, events), for
/// the names on which jweixin-1.2.0 and WeCom's jweixin build agree. The names only one build
/// maps (`onMenuShareWechat`, `previewFile`, `chooseWXPay`, ...) are left out: what jweixin
/// returned for them depends on the build the page loads.
const CLIENT_NAMES: &[(&str, &str)] = &[
    ("onMenuShareTimeline", "menu:share:timeline"),
    ("onMenuShareAppMessage", "menu:share:appmessage"),
    ("onMenuShareQQ", "menu:share:qq"),
    ("onMenuShareWeibo", "menu:share:weiboApp"),
    ("onMenuShareQZone", "menu:share:QZone"),
    ("previewImage", "imagePreview"),
    ("getLocation", "geoLocation"),
    ("openProductSpecificView", "openProductViewWithPid"),
    ("addCard", "batchAddCard"),
    ("openCard", "batchViewCard"),
    ("openEnterpriseRedPacket", "getRecevieBizHongBaoRequest"),
    ("startSearchBeacons", "startMonitoringBeacons"),
    ("stopSearchBeacons", "stopMonitoringBeacons"),
    ("onSearchBeacons", "onBeaconsInRange"),
    ("consumeAndShareCard", "consumedShareCard"),
    ("openAddress", "editAddress"),
];

/// Names whose `checkJsApi` key differs between jweixin builds (WeCom's build maps them to
/// themselves and so deletes the key; jweixin-1.2.0 keeps or renames it).
const BUILD_DEPENDENT: &[&str] = &[
    "onMenuShareWechat",
    "previewFile",
    "chooseWXPay",
    "getBrandWCPayRequest",
    "getUserOpenID",
    "notifyNativeEvent",
];

/// The keys WeCom's jweixin build sent for `openEnterpriseChat`: (sent key, option it reads).
const ENTERPRISE_CHAT_KEYS: &[(&str, &str)] = &[
    ("useridlist", "userIds"),
    ("chatname", "groupName"),
    ("userIds", "userIds"),
    ("groupName", "groupName"),
    ("openIds", "openIds"),
    ("chatId", "chatId"),
    ("externalUserIds", "externalUserIds"),
];

/// The share methods jweixin-1.2.0 and WeCom's build define alike: the client event, the share
/// command, and the keys it sent, each with the option it reads and its default (`title` has
/// none here: jweixin's default was the page title when jweixin loaded, which the adapter
/// cannot know, so an adapter needs a title written as text).
type ShareKeys = &'static [(&'static str, &'static str, Option<&'static str>)];
const SHARES: &[(&str, &str, &str, ShareKeys)] = &[
    (
        "onMenuShareTimeline",
        "menu:share:timeline",
        "shareTimeline",
        &[
            ("title", "title", None),
            ("desc", "title", None),
            ("img_url", "imgUrl", Some("''")),
            ("link", "link", Some("location.href")),
            ("type", "type", Some("'link'")),
            ("data_url", "dataUrl", Some("''")),
        ],
    ),
    (
        "onMenuShareAppMessage",
        "menu:share:appmessage",
        "sendAppMessage",
        &[
            ("title", "title", None),
            ("desc", "desc", Some("''")),
            ("link", "link", Some("location.href")),
            ("img_url", "imgUrl", Some("''")),
            ("type", "type", Some("'link'")),
            ("data_url", "dataUrl", Some("''")),
        ],
    ),
    ("onMenuShareQQ", "menu:share:qq", "shareQQ", SHORT_SHARE),
    ("onMenuShareWeibo", "menu:share:weiboApp", "shareWeiboApp", SHORT_SHARE),
    ("onMenuShareQZone", "menu:share:QZone", "shareQZone", SHORT_SHARE),
];
const SHORT_SHARE: ShareKeys = &[
    ("title", "title", None),
    ("desc", "desc", Some("''")),
    ("img_url", "imgUrl", Some("''")),
    ("link", "link", Some("location.href")),
];

/// The share method `name`'s client event, command and keys.
fn share(name: &str) -> Option<(&'static str, &'static str, ShareKeys)> {
    SHARES
        .iter()
        .find(|(method, ..)| *method == name)
        .map(|(_, event, command, keys)| (*event, *command, *keys))
}

fn has_key(object: &ObjectLit, key: &str) -> bool {
    object.props.iter().any(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) => prop_name(&kv.key).as_deref() == Some(key),
            Prop::Method(m) => prop_name(&m.key).as_deref() == Some(key),
            Prop::Shorthand(i) => i.sym == key,
            _ => false,
        },
        PropOrSpread::Spread(_) => false,
    })
}

/// A share card's title must be text the adapter can see, and nothing may change it before the
/// share: jweixin fell back to the page title as it was when jweixin loaded.
fn share_title(object: &ObjectLit) -> Result<(), String> {
    let why = "jweixin's default title (the page title when jweixin loaded) cannot be known, so the card needs a `title` written as text that no spread or `trigger` can change";
    if object.props.iter().any(|p| matches!(p, PropOrSpread::Spread(_))) {
        return Err(why.to_string());
    }
    let titles = object
        .props
        .iter()
        .filter(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) => prop_name(&kv.key).as_deref() == Some("title"),
                Prop::Shorthand(i) => i.sym == "title",
                Prop::Method(m) => prop_name(&m.key).as_deref() == Some("title"),
                _ => false,
            },
            PropOrSpread::Spread(_) => false,
        })
        .count();
    let text_title = match prop_value(object, "title").map(unwrap) {
        Some(Expr::Lit(Lit::Str(s))) => !s.value.is_empty(),
        Some(Expr::Tpl(t)) => t.exprs.is_empty() && t.quasis.iter().any(|q| !q.raw.is_empty()),
        _ => false,
    };
    if titles != 1 || !text_title {
        return Err(why.to_string());
    }
    // `trigger` runs with the options as `this` and could change the title first.
    for prop in &object.props {
        let PropOrSpread::Prop(prop) = prop else { continue };
        let (is_trigger, plain) = match &**prop {
            Prop::KeyValue(kv) if prop_name(&kv.key).as_deref() == Some("trigger") => {
                (true, matches!(unwrap(&kv.value), Expr::Fn(_) | Expr::Arrow(_)))
            }
            Prop::Method(m) if prop_name(&m.key).as_deref() == Some("trigger") => (true, true),
            Prop::Shorthand(i) if i.sym == "trigger" => (true, false),
            _ => (false, false),
        };
        if is_trigger && (!plain || reads_this(prop)) {
            return Err(format!(
                "{why} (its `trigger` {})",
                if plain {
                    "reads `this`"
                } else {
                    "is not a function written in place"
                }
            ));
        }
    }
    Ok(())
}

/// An adapter fix: its edits (besides the callee's), its title, and how its call reaches the
/// client.
pub(crate) struct Adapter {
    pub edits: Vec<Edit>,
    pub title: String,
    pub style: CallStyle,
}

/// The adapter for `call` of method `name` (one of [`ADAPTED`]), or why it cannot be written.
pub(crate) fn adapt(call: &SdkCall, cx: &RuleContext, name: &str) -> Result<Adapter, String> {
    adapt_with(call, cx, name, false)
}

/// The adapter of a share card without `trigger` (`ww`'s own share method is its usual fix):
/// for a share a named `ww` call would move behind a `ww.invoke`/`ww.on` written after it,
/// since the adapter binds with `ww.on`, which keeps its place (wx_api).
pub(crate) fn adapt_share_in_order(call: &SdkCall, cx: &RuleContext, name: &str) -> Result<Adapter, String> {
    if share(name).is_none() {
        return Err(format!("`{name}` is not a share card"));
    }
    adapt_with(call, cx, name, true)
}

fn adapt_with(call: &SdkCall, cx: &RuleContext, name: &str, share_without_trigger: bool) -> Result<Adapter, String> {
    let [arg] = call.args else {
        return Err("it is not given exactly one options argument".to_string());
    };
    if arg.spread.is_some() {
        return Err("its options are spread".to_string());
    }
    let object = match unwrap(&arg.expr) {
        Expr::Object(object) => Some(object),
        _ => None,
    };
    let literal = || object.ok_or_else(|| "its options are not an object literal".to_string());
    if share(name).is_some() && !share_without_trigger && !literal().is_ok_and(|o| has_key(o, "trigger")) {
        // Without a `trigger`, `ww`'s own share method is the fix (wx_api).
        return Err("it has no `trigger` written in its options".to_string());
    }
    let writer = Writer::new(call, cx);
    let target = if share(name).is_some() {
        "on"
    } else if name.starts_with("on") {
        name
    } else {
        "invoke"
    };
    let mut edits = call.ww_callee(cx, target)?;
    let (head, title) = match name {
        "checkJsApi" => {
            let object = literal()?;
            let list = check_list(object)?;
            // jweixin replaced the names in the options' own `jsApiList` with client names: a
            // callback reading `this.jsApiList` would see the difference.
            callbacks(object, &["jsApiList"])?;
            let params = format!("{{ jsApiList: [{}] }}", writer.names(&list));
            let body = writer.on_options(writer.check_js_api_body(&list));
            (
                format!("{}, {params}, {}", writer.quote(name), writer.function("res", &body, true)),
                "Call `ww.invoke('checkJsApi', ...)` with jweixin's client names, and rebuild jweixin's `checkResult` (parsed on Android only, keyed by web names) for the callbacks".to_string(),
            )
        }
        "chooseWXPay" => {
            let build = cx.options.unit.legacy_build.ok_or(
                "jweixin named the payment in its results after the build the page loads (`chooseWXPay:ok` in WeChat's, `getBrandWCPayRequest:ok` in WeCom's), and the tool cannot tell which build every page of this code loads, or it is a 1.6 build, whose later copies also report each payment to WeChat (an npm package, a copy it cannot read, `jwxwork`, pages that differ, or no page)",
            )?;
            let params = payment_params(literal()?, cx)?;
            let body = writer.on_options(writer.result_body(build.payment_result_name(), false, true));
            (
                format!(
                    "{}, {params}, {}",
                    writer.quote("getBrandWCPayRequest"),
                    writer.function("res", &body, true)
                ),
                format!(
                    "Call `ww.invoke('getBrandWCPayRequest', ...)` with the fields jweixin sent, and hand the callbacks jweixin's result (`errMsg` `{}:ok`, as the {} build the page loads wrote it)",
                    build.payment_result_name(),
                    build.vendor()
                ),
            )
        }
        "openEnterpriseChat" => {
            let params = enterprise_chat_params(literal()?, cx)?;
            let body = writer.on_options(writer.result_body(name, false, true));
            (
                format!("{}, {params}, {}", writer.quote(name), writer.function("res", &body, true)),
                "Call `ww.invoke('openEnterpriseChat', ...)` with the keys WeCom's jweixin build sent (no `chatId: ''` the page did not give), and hand the callbacks jweixin's result".to_string(),
            )
        }
        _ => match share(name) {
            Some((event, command, keys)) => {
                share_title(literal()?)?;
                let ww = call
                    .object
                    .map_or(Ok("ww".to_string()), |o| super::object_form::ww_text(cx, o))?;
                let body = writer.share_body(name, command, keys, &ww);
                (
                    format!("{}, {}", writer.quote(event), writer.function("ev", &body, true)),
                    format!(
                        "Bind the share card with `ww.on({})` and share with `ww.invoke({}, ...)` as jweixin did: `trigger` first, then the share with the options' fields, then the callbacks with jweixin's result",
                        writer.quote(event),
                        writer.quote(command)
                    ),
                )
            }
            None => {
                let body = writer.on_options(writer.result_body(name, true, true));
                (
                    writer.function("res", &body, true),
                    format!("Call `ww.{name}` with a function that hands the callbacks jweixin's result (`errMsg`, no `err_msg`) for each event"),
                )
            }
        },
    };
    // `function (res) {...}.bind(<the page's options, as written>)`: the options are evaluated
    // where jweixin evaluated them, and the callbacks are called on them, as jweixin called them.
    let arg_range = range_of(&*arg.expr);
    edits.push(Edit::insert(arg_range.start, format!("{head}.bind(")));
    edits.push(Edit::insert(arg_range.end, ")"));
    let mut title = title;
    if name.starts_with("on") {
        title.push_str(
            ". Difference inherent to @wecom/jssdk: the listener waits for the client bridge instead of being dropped",
        );
    } else {
        edits.push(call.catch_edit(cx));
        title.push_str(". Differences inherent to @wecom/jssdk: the call waits for the client bridge instead of being dropped, and its promise (ignored) rejects on failure");
    }
    Ok(Adapter {
        edits,
        title,
        style: CallStyle::Direct,
    })
}

/// The names of `jsApiList: ['a', 'b']`, which must be a literal list of string literals.
fn check_list(object: &ObjectLit) -> Result<Vec<String>, String> {
    let value = prop_value(object, "jsApiList").ok_or("it has no `jsApiList` written in place")?;
    let Expr::Array(array) = unwrap(value) else {
        return Err(
            "its `jsApiList` is not a literal list, so the client names it sends are only known at run time"
                .to_string(),
        );
    };
    let mut names = Vec::new();
    for element in &array.elems {
        match element.as_ref().map(|e| (e.spread.is_some(), unwrap(&e.expr))) {
            Some((false, Expr::Lit(Lit::Str(s)))) => {
                let name = s
                    .value
                    .as_atom()
                    .map(|a| a.to_string())
                    .ok_or("a name in `jsApiList` is not text")?;
                if BUILD_DEPENDENT.contains(&name.as_str()) {
                    return Err(format!(
                        "jweixin builds differ on the `checkResult` key of `{name}` (WeCom's build deletes it), so the result depends on the build the page loads"
                    ));
                }
                names.push(name);
            }
            _ => return Err("its `jsApiList` holds something other than literal names".to_string()),
        }
    }
    Ok(names)
}

/// `{ useridlist: <userIds>, chatname: <groupName>, ... }`: the keys WeCom's jweixin build sent,
/// for the options the page gives (an absent option was sent as `undefined`, which the client
/// never sees).
fn enterprise_chat_params(object: &ObjectLit, cx: &RuleContext) -> Result<String, String> {
    let mut parts = Vec::new();
    for (sent, option) in ENTERPRISE_CHAT_KEYS {
        let Some(value) = prop_value(object, option) else {
            continue;
        };
        if !is_plain_read(value) {
            return Err(format!(
                "its `{option}` is computed by an expression that jweixin evaluated once and the adapter would evaluate twice"
            ));
        }
        parts.push(format!("{sent}: {}", cx.text(range_of(value))));
    }
    Ok(if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", parts.join(", "))
    })
}

/// `{ timeStamp: <timestamp> + '', nonceStr: ..., package: ..., paySign: ..., signType: <signType>
/// || 'SHA1' }`: what jweixin sent for `chooseWXPay` (the same in every build), from the
/// options the page gives. An option it does not give was sent as `undefined`, which the
/// client never sees, except `timestamp`, which jweixin turned into the text `'undefined'`.
fn payment_params(object: &ObjectLit, cx: &RuleContext) -> Result<String, String> {
    if object.props.iter().any(|p| matches!(p, PropOrSpread::Spread(_))) {
        return Err("its options spread another object, whose keys are only known at run time".to_string());
    }
    // Every key written as a name or text, once: a computed key, a getter or a key written
    // twice would make the adapter send other values than jweixin read.
    let mut keys: Vec<String> = Vec::new();
    for prop in &object.props {
        let PropOrSpread::Prop(prop) = prop else { continue };
        let key = match &**prop {
            Prop::KeyValue(kv) => prop_name(&kv.key),
            Prop::Method(m) => prop_name(&m.key),
            Prop::Shorthand(i) => Some(i.sym.to_string()),
            _ => None,
        };
        match key {
            Some(key) if !keys.contains(&key) => keys.push(key),
            Some(key) => return Err(format!("its options write `{key}` twice")),
            None => return Err(
                "its options have a computed key or an accessor, whose value the adapter cannot read as jweixin did"
                    .to_string(),
            ),
        }
    }
    let value = |option: &str| -> Result<Option<&str>, String> {
        // `{ nonceStr, paySign }`: the name is the value
        let shorthand = object.props.iter().find_map(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::Shorthand(i) if i.sym == option => Some(range_of(i)),
                _ => None,
            },
            PropOrSpread::Spread(_) => None,
        });
        if let Some(range) = shorthand {
            return Ok(Some(cx.text(range)));
        }
        let Some(value) = prop_value(object, option) else {
            return Ok(None);
        };
        if !is_plain_read(value) {
            return Err(format!(
                "its `{option}` is computed by an expression that jweixin evaluated once and the adapter would evaluate twice"
            ));
        }
        Ok(Some(cx.text(range_of(value))))
    };
    let quote = |s: &str| cx.style.string(s);
    let timestamp = value("timestamp")?.ok_or(
        "it gives no `timestamp` written in place (jweixin sent the text `'undefined'` for `timeStamp`; a `timeStamp` key is not read)",
    )?;
    let mut parts = vec![format!("timeStamp: {timestamp} + {}", quote(""))];
    for key in ["nonceStr", "package", "paySign"] {
        if let Some(value) = value(key)? {
            parts.push(format!("{key}: {value}"));
        }
    }
    parts.push(match value("signType")? {
        Some(value) => format!("signType: {value} || {}", quote("SHA1")),
        None => format!("signType: {}", quote("SHA1")),
    });
    Ok(format!("{{ {} }}", parts.join(", ")))
}

/// An expression that reads a value without side effects: a literal, a name, `a.b.c`, or
/// lists and templates of those.
fn is_plain_read(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Lit(_) | Expr::Ident(_) | Expr::This(_) => true,
        Expr::Member(m) => {
            is_plain_read(&m.obj)
                && match &m.prop {
                    MemberProp::Ident(_) => true,
                    MemberProp::Computed(c) => matches!(unwrap(&c.expr), Expr::Lit(_)),
                    MemberProp::PrivateName(_) => false,
                }
        }
        Expr::Array(a) => a
            .elems
            .iter()
            .all(|e| e.as_ref().is_none_or(|e| e.spread.is_none() && is_plain_read(&e.expr))),
        Expr::Tpl(t) => t.exprs.iter().all(|e| is_plain_read(e)),
        _ => false,
    }
}

/// The value of key `key` in `object`, written `key: value`.
fn prop_value<'a>(object: &'a ObjectLit, key: &str) -> Option<&'a Expr> {
    object.props.iter().find_map(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) if prop_name(&kv.key).as_deref() == Some(key) => Some(&*kv.value),
            _ => None,
        },
        PropOrSpread::Spread(_) => None,
    })
}

/// The page's callbacks, as written: `(name, text of the whole property)`. Every other key must
/// be one of `data_keys` (read at call time); a callback must be a function written in place
/// that does not read `this` (jweixin called it on the page's options object).
fn callbacks(object: &ObjectLit, data_keys: &[&str]) -> Result<Vec<(String, std::ops::Range<usize>)>, String> {
    let mut found = Vec::new();
    for prop in &object.props {
        let PropOrSpread::Prop(prop) = prop else {
            return Err("its options spread another object".to_string());
        };
        let (key, is_function) = match &**prop {
            Prop::KeyValue(kv) => (
                prop_name(&kv.key),
                matches!(unwrap(&kv.value), Expr::Fn(_) | Expr::Arrow(_)),
            ),
            Prop::Method(m) => (prop_name(&m.key), true),
            Prop::Shorthand(i) => (Some(i.sym.to_string()), false),
            _ => (None, false),
        };
        let Some(key) = key else {
            return Err("its options have a computed or accessor key".to_string());
        };
        if data_keys.contains(&key.as_str()) {
            if matches!(&**prop, Prop::KeyValue(_)) {
                continue;
            }
            return Err(format!("its `{key}` is not written `{key}: value`"));
        }
        if !CALLBACKS.contains(&key.as_str()) {
            return Err(format!("its options have a key `{key}` the adapter does not know"));
        }
        if !is_function {
            return Err(format!(
                "its `{key}` is not a function written in place, and the adapter would read it when the reply comes"
            ));
        }
        if reads_this(prop) {
            return Err(format!(
                "its `{key}` reads `this`, which jweixin set to the options object"
            ));
        }
        if found.iter().any(|(k, _)| k == &key) {
            return Err(format!("its options give `{key}` twice"));
        }
        found.push((key, range_of(&**prop)));
    }
    Ok(found)
}

/// Whether a callback property reads `this` of its own function (arrows inherit it, so an
/// arrow callback reading `this` reads the enclosing function's, the same in both forms).
fn reads_this(prop: &Prop) -> bool {
    #[derive(Default)]
    struct ThisFinder {
        found: bool,
    }
    impl Visit for ThisFinder {
        fn visit_this_expr(&mut self, _: &swc_ecma_ast::ThisExpr) {
            self.found = true;
        }
        fn visit_function(&mut self, f: &swc_ecma_ast::Function) {
            // A nested `function` has its own `this`; only the callback's own body counts.
            let _ = f;
        }
    }
    let body = match prop {
        Prop::KeyValue(kv) => match unwrap(&kv.value) {
            Expr::Fn(f) => f.function.body.as_ref(),
            _ => return false,
        },
        Prop::Method(m) => m.function.body.as_ref(),
        _ => return false,
    };
    let mut finder = ThisFinder::default();
    if let Some(body) = body {
        body.visit_with(&mut finder);
    }
    finder.found
}

/// Writes adapter code in the block's style, indented for the line the call is on.
struct Writer {
    style: CodeStyle,
    /// Indentation of the call's line, and one level deeper.
    base: String,
    unit: &'static str,
}

impl Writer {
    fn new(call: &SdkCall, cx: &RuleContext) -> Self {
        let base = layout::indentation(&cx.file.text, call.call.start).to_string();
        let unit = if base.starts_with('\t') { "\t" } else { "  " };
        Writer {
            style: cx.style,
            base,
            unit,
        }
    }

    fn quote(&self, value: &str) -> String {
        self.style.string(value)
    }

    /// `['a', 'menu:share:appmessage']`'s inside: the client names jweixin sent.
    fn names(&self, list: &[String]) -> String {
        list.iter()
            .map(|name| self.quote(client_name(name)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A function of one parameter `param` running `body`; `bound`: a `function` whatever the
    /// style, because it reads the `this` it is bound to.
    fn function(&self, param: &str, body: &[String], bound: bool) -> String {
        let nl = self.style.newline;
        let param = match (self.style.typescript, bound) {
            (true, true) => format!("this: any, {param}: any"),
            (true, false) => format!("{param}: any"),
            (false, _) => param.to_string(),
        };
        let head = if self.style.arrows && !bound {
            format!("({param}) => {{")
        } else {
            format!("function ({param}) {{")
        };
        let inner = format!("{}{}", self.base, self.unit);
        let mut out = head;
        for line in body {
            out.push_str(nl);
            if !line.is_empty() {
                // Lines of moved text carry their own indentation after the first line.
                out.push_str(&inner);
                out.push_str(line);
            }
        }
        out.push_str(nl);
        out.push_str(&self.base);
        out.push('}');
        out
    }

    /// `body` after a line naming the page's options, which the function is bound to.
    fn on_options(&self, body: Vec<String>) -> Vec<String> {
        let mut lines = vec![
            "// `this`: the page's options, on which jweixin called the callbacks".to_string(),
            format!("{} options = this;", self.style.const_keyword()),
        ];
        lines.extend(body);
        lines
    }

    /// The body of a share card's listener, bound to the page's options: jweixin's binder
    /// (`trigger` with the tap event, then the event turned into jweixin's result), then the
    /// share command with the options' fields, and the callbacks with jweixin's result.
    fn share_body(&self, name: &str, command: &str, keys: ShareKeys, ww: &str) -> Vec<String> {
        let unit = self.unit;
        let mut body = vec![
            "// jweixin's share card: `trigger` with the tap, then the share with these options".to_string(),
            format!("{} options = this;", self.style.const_keyword()),
            "if (options.trigger) options.trigger(ev);".to_string(),
        ];
        body.extend(
            self.result_body(name, true, false)
                .into_iter()
                .skip(1)
                .map(|l| l.replace("res.", "ev.")),
        );
        let fields = keys
            .iter()
            .map(|(key, option, default)| {
                let read = format!("options.{option}");
                match default {
                    Some(default) => {
                        let default = if default.starts_with('\'') {
                            self.quote(default.trim_matches('\''))
                        } else {
                            default.to_string()
                        };
                        format!("{key}: {read} || {default}")
                    }
                    None => format!("{key}: {read}"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut reply = self.result_body(command, false, true);
        reply.iter_mut().for_each(|l| l.insert_str(0, unit));
        body.push(format!(
            "{ww}.invoke({}, {{ {fields} }}, {}",
            self.quote(command),
            self.callback_head()
        ));
        body.extend(reply);
        body.push(format!("}}){};", self.style.catch_all()));
        body
    }

    fn callback_head(&self) -> String {
        let param = if self.style.typescript { "res: any" } else { "res" };
        if self.style.arrows {
            format!("({param}) => {{")
        } else {
            format!("function ({param}) {{")
        }
    }

    /// The body of the `checkJsApi` adapter: jweixin's `checkResult`, then its result handler.
    fn check_js_api_body(&self, list: &[String]) -> Vec<String> {
        let q = |s: &str| self.quote(s);
        let mut body = vec![
            "// jweixin parsed `checkResult` on Android only and keyed it by web API names".to_string(),
            format!("{} checkResult = res.checkResult;", self.style.let_keyword()),
            format!(
                "if (checkResult && /android/i.test(navigator.userAgent)) checkResult = res.checkResult = JSON.parse(checkResult);"
            ),
        ];
        let renamed: Vec<&str> =
            list.iter()
                .map(|n| n.as_str())
                .filter(|n| client_name(n) != *n)
                .fold(Vec::new(), |mut seen, n| {
                    if !seen.contains(&n) {
                        seen.push(n);
                    }
                    seen
                });
        if !renamed.is_empty() {
            let unit = self.unit;
            body.push(format!("if (checkResult && typeof checkResult === {}) {{", q("object")));
            for web in renamed {
                let client = client_name(web);
                let read = if client.chars().all(|c| c.is_ascii_alphanumeric()) {
                    format!("checkResult.{client}")
                } else {
                    format!("checkResult[{}]", q(client))
                };
                body.push(format!("{unit}if ({} in checkResult) {{", q(client)));
                body.push(format!("{unit}{unit}checkResult.{web} = {read};"));
                body.push(format!("{unit}{unit}delete {read};"));
                body.push(format!("{unit}}}"));
            }
            body.push("}".to_string());
        }
        body.extend(self.result_body("checkJsApi", false, true));
        body
    }

    /// jweixin's result handler for API `name`: `errMsg` from the client's `err_msg` in
    /// jweixin's spelling, the raw error fields removed, then the callbacks by status. An event
    /// (`raw`) comes as the client sent it, and jweixin kept an `errMsg` the client sent; a reply
    /// through `ww.invoke` already has one that `ww` added, so it is written again.
    fn result_body(&self, name: &str, raw: bool, dispatch: bool) -> Vec<String> {
        let unit = self.unit;
        let q = |s: &str| self.quote(s);
        let pad = if raw { unit } else { "" };
        let mut body = vec![
            "// what jweixin handed its callbacks: `errMsg` in its own spelling, no `err_msg`/`errCode`".to_string(),
        ];
        let formatter = [
            format!(
                "{} keyword = res.err_msg ? res.err_msg.substring(res.err_msg.indexOf({}) + 1) : {};",
                self.style.let_keyword(),
                q(":"),
                q("ok")
            ),
            format!("if (keyword === {}) keyword = {};", q("confirm"), q("ok")),
            format!("if (keyword === {}) keyword = {};", q("failed"), q("fail")),
            format!(
                "if (keyword.indexOf({}) !== -1) keyword = keyword.substring(7);",
                q("failed_")
            ),
            format!(
                "if (keyword.indexOf({}) !== -1) keyword = keyword.substring(5);",
                q("fail_")
            ),
            format!("keyword = keyword.replace(/_/g, {}).toLowerCase();", q(" ")),
            format!(
                "if (keyword === {} || keyword === {}) keyword = {};",
                q("access denied"),
                q("no permission to execute"),
                q("permission denied")
            ),
            format!("res.errMsg = {} + (keyword || {});", q(&format!("{name}:")), q("fail")),
            "delete res.err_msg;".to_string(),
        ];
        if !raw {
            // `ww.invoke` added `errMsg` and `errCode` at the end; jweixin's keys come in its order.
            body.push("delete res.errMsg;".to_string());
            body.push("delete res.errCode;".to_string());
            if name == "openEnterpriseChat" {
                body.push("res.errCode = res.err_code;".to_string());
            }
        }
        body.push("delete res.err_code;".to_string());
        body.push("delete res.err_desc;".to_string());
        body.push("delete res.err_detail;".to_string());
        if raw {
            body.push("if (!res.errMsg) {".to_string());
        }
        body.extend(formatter.into_iter().map(|l| format!("{pad}{l}")));
        if raw {
            body.push("}".to_string());
        }
        if !dispatch {
            return body;
        }
        // jweixin's order: `success`, `cancel` or `fail` by status, then `complete`, each called
        // on the page's options.
        body.push(format!(
            "{} status = res.errMsg.substring(res.errMsg.indexOf({}) + 1);",
            self.style.const_keyword(),
            q(":")
        ));
        body.push(format!("if (status === {}) {{", q("ok")));
        body.push(format!("{unit}if (options.success) options.success(res);"));
        body.push(format!("}} else if (status === {}) {{", q("cancel")));
        body.push(format!("{unit}if (options.cancel) options.cancel(res);"));
        body.push("} else if (options.fail) {".to_string());
        body.push(format!("{unit}options.fail(res);"));
        body.push("}".to_string());
        body.push("if (options.complete) options.complete(res);".to_string());
        body
    }
}

/// The client name jweixin sent for web API name `name`.
fn client_name(name: &str) -> &str {
    CLIENT_NAMES
        .iter()
        .find(|(web, _)| *web == name)
        .map_or(name, |(_, client)| *client)
}
