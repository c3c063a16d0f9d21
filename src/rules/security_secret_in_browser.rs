//! `security-secret-in-browser`: front-end code asks for an access token with the app secret
//! (WeCom's `cgi-bin/gettoken?corpid=...&corpsecret=...`, WeChat's `cgi-bin/token`), or holds
//! a secret as a literal next to a corp id.
//!
//! What it finds, in front-end code only (see "Where the security rules look" below):
//!
//! - a string literal, template literal or `+` chain with a literal part that contains
//!   `cgi-bin/gettoken`, `gettoken?corpid=`, `corpsecret=` or `cgi-bin/token` (the URL may be
//!   built from parts: `BASE + '/cgi-bin/gettoken?corpid=' + id + '&corpsecret=' + secret`,
//!   or its parameters passed separately), unless every secret it passes in the URL is a
//!   placeholder (`corpsecret=SECRET`, as in an API's documentation page): a secret the code
//!   fills in (`'&corpsecret=' + secret`) or one that looks like a secret is a finding;
//! - a string literal that looks like a secret held by a name ending in `corpsecret`
//!   (written `corpsecret`, `corpSecret`, `CorpSecret`, `CORPSECRET`, `corp_secret` or
//!   `CORP_SECRET`), or by any other name ending in `secret` (`secret`, `appSecret`,
//!   `AGENT_SECRET`: written with `secret`, `Secret` or `SECRET`, the literal opening within
//!   160 characters after that word) when a name ending in `corpid` or `appid` (`corpId`,
//!   `CORP_ID`, `appId`, `wxAppID`, compared without case or `_`) sits beside it: in the same
//!   object literal, or declared or assigned in the same list of statements.
//!
//! Looks like a secret: 16 to 256 characters of `A-Z a-z 0-9 _ -` with letters and digits and
//! at least 8 different characters (a WeCom secret has 43, a WeChat AppSecret 32 hex digits),
//! without the words `your`, `xxx`, `example`, `placeholder`, `replace`, `secret`, `ticket`,
//! `token` or `dummy` (spaces around it do not count). So `''`, `'your-secret'`,
//! `'YOUR_CORP_SECRET'` and `'xxxxxxxxxxxxxxxx'`
//! are placeholders, not findings. A secret read from elsewhere (`process.env.SECRET`, a form
//! field posted to the team's own server) is not reported: only a literal or a call to the
//! token endpoint shows that the browser holds it.
//!
//! What leaks: the app secret. With the corp id it buys an access token for the corp's whole
//! server API as that app (contacts, messages, customer data, approvals), from anywhere,
//! until the secret is reset in the WeCom admin console. Every visitor of the page, and
//! every copy of the bundle, has it.
//!
//! Before:
//!
//! ```js
//! const CORP_ID = 'ww1234567890abcdef';
//! const SECRET = 'kQ3xZ8vN2mW5tY7uI9oP1aS4dF6gH0jK-lZ_xC2vB8n';
//! axios.get('https://qyapi.weixin.qq.com/cgi-bin/gettoken', { params: { corpid: CORP_ID, corpsecret: SECRET } })
//!   .then((res) => axios.get('https://qyapi.weixin.qq.com/cgi-bin/get_jsapi_ticket?access_token=' + res.data.access_token))
//!   .then((res) => wx.config({ ...sign(res.data.ticket) }));
//! ```
//!
//! After: the secret, the token and the ticket stay on the server, which calls `gettoken`
//! and `get_jsapi_ticket`, caches both, and signs; the page fetches only the signature:
//!
//! ```js
//! ww.register({
//!   corpId: CORP_ID,
//!   jsApiList: ['scanQRCode'],
//!   getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json()),
//! });
//! ```
//!
//! Then reset the secret in the WeCom admin console: the one in the code is public.
//!
//! Fix: none. The token endpoint must move to the server, and the secret must be reset.

use super::security_walk::{BuiltString, NamedValue};
use super::RuleId;
use crate::credentials::{self, CORP_ID_SPELLINGS, CORP_SECRET_SPELLINGS, NAME_TO_LITERAL, SECRET_SPELLINGS};
use crate::diagnostic::Diagnostic;

const HELP: &str = "call the token endpoint from your server only, with the secret kept there (reset it in the WeCom admin console: it is public now), and have the page fetch signatures from your server: `getConfigSignature: (url) => fetch('/api/wecom/signature?url=' + encodeURIComponent(url)).then((r) => r.json())`. Not fixed automatically: the endpoint is server code";

/// The token endpoint's spellings in a URL, and what each one is.
const TOKEN_URLS: &[(&str, &str)] = &[
    ("cgi-bin/gettoken", "calls WeCom's `gettoken` with the corp secret"),
    ("gettoken?corpid=", "calls WeCom's `gettoken` with the corp secret"),
    ("corpsecret=", "builds a URL with the corp secret (`corpsecret=`)"),
    ("cgi-bin/token", "calls WeChat's `cgi-bin/token` with the app secret"),
];

/// What a literal part of a string says about the token endpoint, if anything.
fn token_url(piece: &str) -> Option<&'static str> {
    // Every spelling has a `/` or a `=`; most strings a page builds have neither.
    memchr::memchr2(b'/', b'=', piece.as_bytes())?;
    TOKEN_URLS.iter().find_map(|(spelling, what)| {
        piece.match_indices(spelling).find_map(|(at, _)| {
            let next = piece.as_bytes().get(at + spelling.len());
            // `cgi-bin/token` must end there: `cgi-bin/tokenize` is another path.
            let whole = *spelling != "cgi-bin/token" || !next.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            whole.then_some(*what)
        })
    })
}

/// The values the secret parameters (`corpsecret=`, `secret=`) take in the literal parts of
/// a URL: `None` for a value the code fills in (the literal part ends at the `=`).
fn secret_values<'p>(pieces: &[&'p str]) -> Vec<Option<&'p str>> {
    pieces
        .iter()
        .flat_map(|piece| {
            piece.match_indices("secret=").map(move |(at, key)| {
                let rest = &piece[at + key.len()..];
                let end = rest.find(['&', '#', '\'', '"', '`']).unwrap_or(rest.len());
                (end > 0).then(|| &rest[..end])
            })
        })
        .collect()
}

/// A string the code builds that addresses the token endpoint, unless every secret it
/// passes is a placeholder (`corpsecret=SECRET` in an API's documentation page).
pub(crate) fn check_string(built: &BuiltString) -> Option<Diagnostic> {
    let what = built.pieces.iter().find_map(|p| token_url(p))?;
    let values = secret_values(&built.pieces);
    let real = values.is_empty() || values.iter().any(|v| v.is_none_or(credentials::secret_shaped));
    if !real {
        return None;
    }
    Some(Diagnostic::new(
        RuleId::SecuritySecretInBrowser,
        built.range.clone(),
        format!("front-end code {what}: the secret is sent to every visitor"),
        HELP,
    ))
}

/// Secret literals among names declared side by side.
pub(crate) fn check_names(names: &[NamedValue]) -> Vec<Diagnostic> {
    let beside_corp_id = names.iter().any(|n| {
        let normalized = n.normalized();
        (normalized.ends_with("corpid") || normalized.ends_with("appid"))
            && credentials::spelled(n.name, CORP_ID_SPELLINGS)
    });
    names
        .iter()
        .filter_map(|n| {
            let (range, text) = n.literal.clone()?;
            let normalized = n.normalized();
            let corp_secret = normalized.ends_with("corpsecret") && credentials::spelled(n.name, CORP_SECRET_SPELLINGS);
            let close = credentials::spelled_at(n.name, SECRET_SPELLINGS)
                .any(|at| range.start <= n.name_range.start + at + NAME_TO_LITERAL);
            let secret = normalized.ends_with("secret") && close && beside_corp_id;
            ((corp_secret || secret) && credentials::secret_shaped(text)).then(|| {
                Diagnostic::new(
                    RuleId::SecuritySecretInBrowser,
                    range,
                    format!(
                        "`{}` holds what looks like an app secret, written into front-end code",
                        n.name.trim_matches(['\'', '"'])
                    ),
                    HELP,
                )
            })
        })
        .collect()
}
