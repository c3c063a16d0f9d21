//! What WeCom credentials look like in source text: the jsapi_ticket a page signs with, access
//! tokens, and app (corp) secrets. The `security-*` rules and the byte prefilter share these
//! spellings and shapes, so the prefilter passes every file a security rule can report: each
//! finding rests on source text that holds one of the spellings below, and a finding that
//! rests on a weak spelling (one that also occurs in unrelated code, such as `Secret` in
//! React's internals) also needs what confirms it (a literal of the right shape, a corp id's
//! name, a `ww` receiver) in the same file.

/// The signature string's key, and the name of the ticket's parameter.
pub(crate) const JSAPI_TICKET_SPELLINGS: &[&str] = &["jsapi_ticket", "JSAPI_TICKET"];
/// The corp secret's usual names (and its query parameter, `corpsecret=`).
pub(crate) const CORP_SECRET_SPELLINGS: &[&str] = &[
    "corpsecret",
    "corpSecret",
    "CorpSecret",
    "CORPSECRET",
    "corp_secret",
    "CORP_SECRET",
];

/// `ticket` as it is written inside names (`ticket`, `jsapiTicket`, `JSAPI_TICKET`).
pub(crate) const TICKET_SPELLINGS: &[&str] = &["icket", "ICKET"];
/// `secret` inside names (`secret`, `appSecret`, `CORP_SECRET`).
pub(crate) const SECRET_SPELLINGS: &[&str] = &["ecret", "ECRET"];
/// A corp id's or app id's name (`corpid`, `corpId`, `CORP_ID`, `appId`, `APPID`, `wxAppID`).
pub(crate) const CORP_ID_SPELLINGS: &[&str] = &[
    "orpid", "orpId", "orpID", "ORPID", "orp_id", "ORP_ID", "ppid", "ppId", "ppID", "PPID", "pp_id", "PP_ID",
];
/// The method that signs in the page.
pub(crate) const GET_SIGNATURE: &str = "getSignature";
/// The package whose bindings may be `ww` under another name.
pub(crate) const WECOM_PACKAGE: &str = "@wecom/jssdk";

/// How far after the `ticket` or `secret` in a name its literal may start, in bytes: room
/// for `JSAPI_TICKET: string =` and a line break, not for a literal elsewhere in the file.
pub(crate) const NAME_TO_LITERAL: usize = 160;

/// Whether `text` holds one of `spellings`.
pub(crate) fn spelled(text: &str, spellings: &[&str]) -> bool {
    spellings.iter().any(|s| text.contains(s))
}

/// The offsets in `text` where one of `spellings` starts.
pub(crate) fn spelled_at<'t>(text: &'t str, spellings: &'t [&str]) -> impl Iterator<Item = usize> + 't {
    spellings
        .iter()
        .flat_map(move |s| text.match_indices(s).map(|(at, _)| at))
}

/// A name with its case and separators taken out: `JSAPI_TICKET`, `jsapiTicket` and
/// `jsapi-ticket` all become `jsapiticket`.
pub(crate) fn normalized_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '$' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Placeholders people write where a real credential goes.
const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "xxx",
    "example",
    "placeholder",
    "replace",
    "secret",
    "ticket",
    "token",
    "dummy",
];

fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
}

/// Whether a string literal's text (between its quotes, as written, spaces around it taken
/// off) looks like a jsapi_ticket or an access token: 64 to 1024 characters of `A-Z a-z 0-9 _ -` with upper- and lower-case
/// letters and digits (WeCom's sample ticket `sM4AOVdW...` has 86; access tokens are longer),
/// and none of the placeholder words.
pub(crate) fn ticket_shaped(value: &str) -> bool {
    let value = value.trim_matches(' ');
    let bytes = value.as_bytes();
    (64..=1024).contains(&bytes.len())
        && bytes.iter().all(|&b| token_byte(b))
        && bytes.iter().any(u8::is_ascii_uppercase)
        && bytes.iter().any(u8::is_ascii_lowercase)
        && bytes.iter().any(u8::is_ascii_digit)
        && !is_placeholder(value)
}

/// Whether a string literal's text (spaces around it taken off) looks like an app secret:
/// 16 to 256 characters of
/// `A-Z a-z 0-9 _ -` with letters and digits and at least 8 different characters (a WeCom
/// secret has 43, a WeChat AppSecret 32 hex digits), and none of the placeholder words, so
/// `'your-secret'`, `'YOUR_CORP_SECRET'`, `'xxxxxxxxxxxxxxxx'` and `''` do not count.
pub(crate) fn secret_shaped(value: &str) -> bool {
    let value = value.trim_matches(' ');
    let bytes = value.as_bytes();
    let mut seen = [false; 128];
    for &b in bytes {
        seen[usize::from(b & 0x7f)] = true;
    }
    (16..=256).contains(&bytes.len())
        && bytes.iter().all(|&b| token_byte(b))
        && bytes.iter().any(u8::is_ascii_alphabetic)
        && bytes.iter().any(u8::is_ascii_digit)
        && seen.iter().filter(|&&s| s).count() >= 8
        && !is_placeholder(value)
}

/// Whether a quoted literal (`'...'`, `"..."` or `` `...` ``) whose text passes `shaped`
/// opens at `quote`.
fn literal_at(bytes: &[u8], quote: usize, shaped: fn(&str) -> bool) -> bool {
    let spaces = |from: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    };
    let start = quote + 1 + spaces(quote + 1);
    let len = bytes[start.min(bytes.len())..]
        .iter()
        .position(|&b| !token_byte(b))
        .unwrap_or(bytes.len().saturating_sub(start));
    let end = start + len + spaces(start + len);
    bytes.get(end) == Some(&bytes[quote]) && std::str::from_utf8(&bytes[start..start + len]).is_ok_and(shaped)
}

/// Whether a literal whose text passes `shaped` opens within [`NAME_TO_LITERAL`] bytes after
/// `at`: the byte form of `name = 'literal'` for a spelling at `at` inside the name.
pub(crate) fn literal_near(bytes: &[u8], at: usize, shaped: fn(&str) -> bool) -> bool {
    let end = bytes.len().min(at + NAME_TO_LITERAL + 1);
    memchr::memchr3_iter(b'\'', b'"', b'`', &bytes[at.min(end)..end]).any(|q| literal_at(bytes, at + q, shaped))
}

/// Whether `getSignature` at `at` is called on an object spelled `ww` (`ww.getSignature`,
/// `window.ww?.getSignature`, spaces allowed around the dot).
pub(crate) fn on_ww(bytes: &[u8], at: usize) -> bool {
    let mut i = at;
    let skip_space = |i: &mut usize| {
        while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
            *i -= 1;
        }
    };
    skip_space(&mut i);
    if i == 0 || bytes[i - 1] != b'.' {
        return false;
    }
    i -= 1;
    if i > 0 && bytes[i - 1] == b'?' {
        i -= 1;
    }
    skip_space(&mut i);
    i >= 2
        && &bytes[i - 2..i] == b"ww"
        && (i == 2 || !(bytes[i - 3].is_ascii_alphanumeric() || matches!(bytes[i - 3], b'_' | b'$')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_and_secrets_have_their_shapes() {
        // WeCom's sample ticket from its signature guide.
        assert!(ticket_shaped(
            "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"
        ));
        assert!(!ticket_shaped("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy"));
        assert!(!ticket_shaped(&"a1B".repeat(30).replace('B', "+")));
        assert!(secret_shaped("951de22437e726628b4222172a4e40b5"));
        assert!(secret_shaped("2zhTvCQivYovR3oPOZF6S-y62rodvC7OMDFF6bKneTY"));
        for placeholder in [
            "your-secret",
            "YOUR_CORP_SECRET_HERE",
            "xxxxxxxxxxxxxxxx1",
            "",
            "my-app-secret-12345678",
        ] {
            assert!(!secret_shaped(placeholder), "{placeholder}");
        }
    }

    #[test]
    fn literals_are_found_in_bytes_as_the_rules_see_them() {
        let ticket = "Zq8vT3mK1pLx7Rw2Nc5Hy9Bd4Gs6Jf0Ua-Ee_Oi8Kl3Mn5Po7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3Gh5Ij7Kl9Mn1Op3Qr";
        let near = |src: String| literal_near(src.as_bytes(), src.find("icket").unwrap(), ticket_shaped);
        assert!(near(format!("var ticket = '{ticket}';")));
        assert!(near(format!("ticket = `{ticket}`")));
        assert!(near(format!("ticket = '{ticket} '")));
        assert!(near(format!("const JSAPI_ticket: string =\n    \"{ticket}\";")));
        assert!(!near(format!("ticket = '{ticket}\";")));
        assert!(!near(format!("ticket = 1; // {ticket}")));
        assert!(!near(format!(
            "ticket = f();{}\nother = '{ticket}';",
            " ".repeat(NAME_TO_LITERAL)
        )));
    }

    #[test]
    fn get_signature_on_ww() {
        for (src, expected) in [
            ("ww.getSignature(t)", true),
            ("window.ww ?. getSignature(t)", true),
            ("ww\n  .getSignature(t)", true),
            ("www.getSignature(t)", false),
            ("checker.getSignature(t)", false),
            ("getSignature(t)", false),
        ] {
            let at = src.find(GET_SIGNATURE).unwrap();
            assert_eq!(on_ww(src.as_bytes(), at), expected, "{src}");
        }
    }
}
