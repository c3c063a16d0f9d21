//! Property test of the byte prefilter against the security rules: sources assembled from
//! the pieces the rules weigh (names in several cases, separators of any length, tickets,
//! secrets and placeholders, `getSignature` receivers with spaces and comments, token URLs),
//! and the check that a file the rules report is never one the prefilter turns away. The
//! fix loop's shortcut check relies on it (`invariants::check_pipeline`, also run here).

use std::path::PathBuf;

use jweixin_migrate::pipeline::check_source;
use jweixin_migrate::prefilter;
use jweixin_migrate::rules::RuleOptions;
use jweixin_migrate::source::{FileKind, ScriptLang, SourceFile};
use proptest::prelude::*;

const TICKET: &str = "Zq8vT3mK1pLx7Rw2Nc5Hy9Bd4Gs6Jf0Ua-Ee_Oi8Kl3Mn5Po7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3Gh5Ij7Kl9Mn1Op3Qr";
const SECRET: &str = "kQ3xZ8vN2mW5tY7uI9oP1aS4dF6gH0jK-lZ_xC2vB8n";

fn name() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("ticket"),
        Just("Ticket"),
        Just("TICKET"),
        Just("tIcKeT"),
        Just("secret"),
        Just("Secret"),
        Just("SECRET"),
        Just("corpSecret"),
        Just("CORP_SECRET"),
        Just("Corp_Secret"),
        Just("corpId"),
        Just("APP_ID"),
        Just("appid"),
        Just("jsapi_ticket"),
        Just("JsApi_Ticket"),
        Just("value"),
    ];
    (
        prop_oneof![Just(""), Just("my"), Just("wx_"), Just("$")],
        word,
        prop_oneof![Just(""), Just("Value"), Just("_2")],
    )
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

fn literal() -> impl Strategy<Value = String> {
    let quote = prop_oneof![Just('\''), Just('"'), Just('`')];
    let text = prop_oneof![
        Just(TICKET.to_string()),
        Just(SECRET.to_string()),
        Just("your-secret".to_string()),
        Just(String::new()),
        Just(format!("{}\\u0041", &TICKET[..70])),
        Just(format!(" {TICKET}  ")),
    ];
    (quote, text).prop_map(|(q, t)| format!("{q}{t}{q}"))
}

fn separator() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(" = "), Just(": "), Just(": string =\n  "), Just(" /* c */ = ")],
        0..200usize,
    )
        .prop_map(|(s, pad)| format!("{s}{}", " ".repeat(pad)))
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), separator(), literal()).prop_map(|(n, s, l)| format!("var {n}{s}{l};")),
        (name(), literal()).prop_map(|(n, l)| format!("o = {{ {n}: {l} }};")),
        (name(), literal()).prop_map(|(n, l)| format!("o = {{ '{n}': {l}, corpId: 'x' }};")),
        (
            prop_oneof![
                Just("ww."),
                Just("ww ?. "),
                Just("ww\n."),
                Just("ww /* c */ ."),
                Just("sdk."),
                Just("www.")
            ],
            literal()
        )
            .prop_map(|(r, l)| format!("{r}getSignature({l});")),
        prop_oneof![
            Just("s = 'jsapi_ticket=' + t;".to_string()),
            Just("s = 'JSAPI_TICKET=' + t;".to_string()),
            Just("s = 'jsapi_Ticket=' + t;".to_string()),
            Just("s = `noncestr=${n}&jsapi_ticket=${t}`;".to_string()),
            Just("u = base + '/cgi-bin/gettoken?corpid=' + id + '&corpsecret=' + s;".to_string()),
            Just("u = 'https://api.weixin.qq.com/cgi-bin/token?secret=SECRET';".to_string()),
            Just("u = '/gettoken?corpid=ID&corpsecret=SECRET';".to_string()),
            Just("import * as sdk from '@wecom/jssdk';".to_string()),
            Just("import { getSignature as sign } from '@wecom/jssdk';".to_string()),
            Just("sign(t); sdk.getSignature(t);".to_string()),
            Just("p = { jsapi_ticket: t, nonceStr: n };".to_string()),
        ],
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_prefilter_passes_every_file_the_security_rules_report(
        statements in proptest::collection::vec(statement(), 1..6),
    ) {
        let text = format!("{}\nwindow.x = 1;\n", statements.join("\n"));
        let kind = FileKind::Script { lang: ScriptLang::Ts, dts: false };
        let file = SourceFile::new(PathBuf::from("a.ts"), kind, text.clone());
        let found = check_source(&file, &RuleOptions::default());
        if found.iter().any(|d| d.rule.is_security()) {
            prop_assert!(prefilter::scan(kind, text.as_bytes()).secrets, "turned away:\n{text}");
        }
        let mut bytes = vec![1u8];
        bytes.extend(text.as_bytes());
        jweixin_migrate::invariants::check_pipeline(&bytes);
    }
}
