//! Small HTML-tokenizer subset shared by the `.vue` and `.html` extractors: tags, attributes, comments and raw-text ends.
//!
//! Everything works on bytes and only ever stops on ASCII delimiters (or the end of the text), so every
//! offset it returns is a char boundary of the original `&str`. Nothing here indexes out of bounds.

use std::ops::Range;

use super::blocks::{ScriptSrc, ScriptTiming};

/// One attribute of a tag; `value` is `None` for a boolean attribute and excludes quotes otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: Range<usize>,
    pub value: Option<Range<usize>>,
}

/// A start tag `<name ...>` or end tag `</name ...>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// From `<` to just past `>`.
    pub range: Range<usize>,
    pub name: Range<usize>,
    pub end_tag: bool,
    /// The tag ends with `/>`.
    pub self_closing: bool,
    pub attrs: Vec<Attr>,
}

impl Tag {
    /// Whether the tag name is `name` (ASCII case-insensitive).
    pub fn is(&self, text: &str, name: &str) -> bool {
        slice(text, &self.name).eq_ignore_ascii_case(name)
    }

    /// The first attribute called `name` (ASCII case-insensitive), as HTML keeps the first of duplicates.
    pub fn attr(&self, text: &str, name: &str) -> Option<&Attr> {
        self.attrs
            .iter()
            .find(|a| slice(text, &a.name).eq_ignore_ascii_case(name))
    }

    /// Value text of attribute `name`: `Some("")` for a boolean attribute, `None` when absent.
    pub fn attr_value<'t>(&self, text: &'t str, name: &str) -> Option<&'t str> {
        let attr = self.attr(text, name)?;
        Some(attr.value.as_ref().map_or("", |v| slice(text, v)))
    }

    /// The `src` of a `<script src=...>` start tag, if it has one (or only Thymeleaf's
    /// `th:src`). A boolean `src` gives an empty value range placed right after the attribute
    /// name.
    pub fn script_src(&self, text: &str) -> Option<ScriptSrc> {
        let value_of = |attr: &Attr| attr.value.clone().unwrap_or(attr.name.end..attr.name.end);
        let th_src = self.attr(text, "th:src").map(value_of);
        let value = match self.attr(text, "src") {
            Some(attr) => value_of(attr),
            None => th_src.clone()?,
        };
        let th_src = th_src.filter(|th| *th != value);
        let module = self
            .attr_value(text, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("module"));
        let timing = if self.attr(text, "async").is_some() {
            ScriptTiming::Async
        } else if module || self.attr(text, "defer").is_some() {
            ScriptTiming::Deferred
        } else {
            ScriptTiming::Parser
        };
        Some(ScriptSrc {
            tag: self.range.clone(),
            src: slice(text, &value).to_owned(),
            value,
            th_src,
            timing,
        })
    }
}

/// `text[range]`, or `""` if the range is not a valid char range (never happens for ranges made here).
pub fn slice<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    text.get(range.clone()).unwrap_or("")
}

/// HTML whitespace (CR included, as the HTML input stream turns it into LF).
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

pub fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| b == needle).map(|p| from + p)
}

pub fn find_seq(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = bytes.get(from..)?;
    if needle.is_empty() || rest.len() < needle.len() {
        return None;
    }
    rest.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// Repeated forward searches for one needle: remembers the last hit, and that there is none, so many
/// unclosed openers (`{{`, `<?`) in a large file do not rescan it to the end each time.
pub struct ForwardFind {
    needle: &'static [u8],
    last: Option<Option<usize>>,
}

impl ForwardFind {
    pub fn new(needle: &'static [u8]) -> Self {
        ForwardFind { needle, last: None }
    }

    /// Same as `find_seq(bytes, from, needle)`, given the same `bytes` on every call.
    pub fn find(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        match self.last {
            Some(None) => return None,
            Some(Some(hit)) if hit >= from => return Some(hit),
            _ => {}
        }
        let hit = find_seq(bytes, from, self.needle);
        self.last = Some(hit);
        hit
    }
}

/// Whether a start tag `<x` or end tag `</x` (x an ASCII letter) begins at `i`.
pub fn starts_tag(bytes: &[u8], i: usize) -> bool {
    if bytes.get(i) != Some(&b'<') {
        return false;
    }
    let name_at = if bytes.get(i + 1) == Some(&b'/') { i + 2 } else { i + 1 };
    bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic)
}

/// If a comment `<!--...-->`, a bogus comment `<!...>` (doctype, CDATA) or a processing instruction
/// `<?...>` starts at `i`, the offset just past it (the end of the text if it is never closed).
pub fn skip_non_element(bytes: &[u8], i: usize) -> Option<usize> {
    let rest = bytes.get(i..)?;
    if rest.starts_with(b"<!--") {
        let body = i + 4;
        // `<!-->` and `<!--->` are complete (empty) comments.
        if bytes.get(body) == Some(&b'>') {
            return Some(body + 1);
        }
        if bytes.get(body..body + 2) == Some(b"->") {
            return Some(body + 2);
        }
        let mut j = body;
        while let Some(dash) = find_seq(bytes, j, b"--") {
            match bytes.get(dash + 2) {
                Some(b'>') => return Some(dash + 3),
                Some(b'!') if bytes.get(dash + 3) == Some(&b'>') => return Some(dash + 4),
                _ => j = dash + 1,
            }
        }
        return Some(bytes.len());
    }
    if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
        return Some(find_byte(bytes, i + 2, b'>').map_or(bytes.len(), |gt| gt + 1));
    }
    None
}

/// Parses the tag at `start`, which must satisfy [`starts_tag`]. `None` means the text ends inside the
/// tag (HTML then drops it); `None` is also returned if `start` is not a tag start at all.
pub fn parse_tag(text: &str, start: usize) -> Option<Tag> {
    let b = text.as_bytes();
    if !starts_tag(b, start) {
        return None;
    }
    let end_tag = b.get(start + 1) == Some(&b'/');
    let mut i = if end_tag { start + 2 } else { start + 1 };
    let name_start = i;
    i = skip_while(b, i, |c| !is_space(c) && c != b'/' && c != b'>');
    let name = name_start..i;
    let mut attrs = Vec::new();
    let done = |end: usize, self_closing: bool, attrs: Vec<Attr>| Tag {
        range: start..end,
        name: name.clone(),
        end_tag,
        self_closing,
        attrs,
    };
    loop {
        i = skip_while(b, i, is_space);
        match *b.get(i)? {
            b'>' => return Some(done(i + 1, false, attrs)),
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    return Some(done(i + 1, true, attrs));
                }
                continue;
            }
            _ => {}
        }
        // Attribute name: the first char may be anything (even `=`), then up to a delimiter.
        let attr_start = i;
        i = skip_while(b, i + 1, |c| !is_space(c) && !matches!(c, b'/' | b'>' | b'='));
        let attr_name = attr_start..i;
        i = skip_while(b, i, is_space);
        if b.get(i) != Some(&b'=') {
            attrs.push(Attr {
                name: attr_name,
                value: None,
            });
            continue;
        }
        i = skip_while(b, i + 1, is_space);
        let value = match *b.get(i)? {
            quote @ (b'"' | b'\'') => {
                let close = quoted_value_end(b, i + 1, quote)?;
                let value = i + 1..close;
                i = close + 1;
                value
            }
            b'>' => i..i,
            _ => {
                let value_start = i;
                i = skip_while(b, i, |c| !is_space(c) && c != b'>');
                value_start..i
            }
        };
        attrs.push(Attr {
            name: attr_name,
            value: Some(value),
        });
    }
}

/// The closing quote of an attribute value starting at `from`. Server-template code inside the
/// value is skipped whole, since the server runs before the browser reads the quotes:
/// `src="<%= url("a.js") %>"`, `src="@Url.Content("~/a.js")"`, `src="{{ static("a.js") }}"`.
fn quoted_value_end(b: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    loop {
        let c = *b.get(i)?;
        if c == quote {
            return Some(i);
        }
        let skip_to = |close: &[u8]| find_seq(b, i + 2, close).map(|at| at + close.len());
        let skipped = match (c, b.get(i + 1).copied()) {
            (b'<', Some(b'%')) => skip_to(b"%>"),
            (b'<', Some(b'?')) => skip_to(b"?>"),
            (b'{', Some(b'{')) => skip_to(b"}}"),
            (b'{', Some(b'%')) => skip_to(b"%}"),
            (b'@', Some(n)) if n.is_ascii_alphabetic() => razor_call_end(b, i + 1),
            _ => None,
        };
        i = match skipped {
            Some(end) if end > i => end,
            _ => i + 1,
        };
    }
}

/// The end of a Razor call in an attribute (`Url.Content("~/a.js")`) starting at `from`: a
/// dotted name and a parenthesised argument list; `None` for anything else.
fn razor_call_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
    {
        i += 1;
    }
    if b.get(i) != Some(&b'(') {
        return None;
    }
    let mut depth = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\n' | b'>' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Start of the first end tag `</name` (case-insensitive) at or after `from` that is followed by
/// whitespace, `/`, `>` or the end of the text: where raw text (script, style) stops.
pub fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let name = name.as_bytes();
    let mut i = from;
    while let Some(lt) = find_byte(bytes, i, b'<') {
        let name_at = lt + 2;
        let matches_name = bytes.get(lt + 1) == Some(&b'/')
            && bytes
                .get(name_at..name_at + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name));
        if matches_name {
            match bytes.get(name_at + name.len()) {
                None => return Some(lt),
                Some(&c) if is_space(c) || c == b'/' || c == b'>' => return Some(lt),
                _ => {}
            }
        }
        i = lt + 1;
    }
    None
}

/// Skips raw text (the body of a `<script>`/`<style>`-like element starting at `from`) and its end tag:
/// returns (end of the body, offset just past the end tag). Both are the end of the text if unclosed.
pub fn skip_raw_text(text: &str, from: usize, name: &str) -> (usize, usize) {
    let len = text.len();
    match find_end_tag(text.as_bytes(), from, name) {
        Some(body_end) => {
            let after = parse_tag(text, body_end).map_or(len, |t| t.range.end);
            (body_end, after)
        }
        None => (len, len),
    }
}

fn skip_while(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while bytes.get(i).is_some_and(|&c| keep(c)) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Tag {
        parse_tag(text, 0).expect("tag parses")
    }

    fn attrs(text: &str) -> Vec<(&str, Option<&str>)> {
        tag(text)
            .attrs
            .iter()
            .map(|a| (slice(text, &a.name), a.value.as_ref().map(|v| slice(text, v))))
            .collect()
    }

    #[test]
    fn parses_attribute_forms() {
        let t = "<SCRIPT\n  Setup\tlang='ts' src=x.js data-x=\"a>b\" e= f>rest";
        let parsed = tag(t);
        assert!(parsed.is(t, "script"));
        assert!(!parsed.end_tag && !parsed.self_closing);
        assert_eq!(&t[parsed.range.clone()], &t[..t.len() - 4]);
        assert_eq!(
            attrs(t),
            vec![
                ("Setup", None),
                ("lang", Some("ts")),
                ("src", Some("x.js")),
                ("data-x", Some("a>b")),
                ("e", Some("f")),
            ]
        );
        assert_eq!(parsed.attr_value(t, "LANG"), Some("ts"));
        assert_eq!(parsed.attr_value(t, "setup"), Some(""));
        assert_eq!(parsed.attr_value(t, "type"), None);
    }

    #[test]
    fn self_closing_end_tags_and_odd_forms() {
        let t = tag("<script src=\"a.js\"/>");
        assert!(t.self_closing);
        // Unquoted values swallow the slash, as in HTML.
        let text = "<script src=a.js/>";
        let t = tag(text);
        assert!(!t.self_closing);
        assert_eq!(t.attr_value(text, "src"), Some("a.js/"));
        let t = tag("</Template >");
        assert!(t.end_tag && t.is("</Template >", "template"));
        assert_eq!(attrs("<a =x b=>"), vec![("=x", None), ("b", Some(""))]);
        assert_eq!(attrs("<a b=\"1\"c='2'>"), vec![("b", Some("1")), ("c", Some("2"))]);
    }

    #[test]
    fn unterminated_or_non_tags() {
        for text in [
            "<script",
            "<script src=\"a.js",
            "<a b",
            "<a b=",
            "<a b='x'",
            "</a",
            "<a /",
        ] {
            assert_eq!(parse_tag(text, 0), None, "{text}");
        }
        for text in ["< a>", "<1>", "</ a>", "<", "</", "<中>", "x"] {
            assert!(!starts_tag(text.as_bytes(), 0), "{text}");
            assert_eq!(parse_tag(text, 0), None, "{text}");
        }
        assert_eq!(parse_tag("<a>", 5), None);
    }

    #[test]
    fn comments_and_bogus_markup() {
        let skip = |t: &str| skip_non_element(t.as_bytes(), 0);
        assert_eq!(skip("<!-- a -- b -->x"), Some(15));
        assert_eq!(skip("<!-->x"), Some(5));
        assert_eq!(skip("<!--->x"), Some(6));
        assert_eq!(skip("<!-- a --!>x"), Some(11));
        assert_eq!(skip("<!-- open"), Some(9));
        assert_eq!(skip("<!DOCTYPE html>x"), Some(15));
        assert_eq!(skip("<?xml v?>x"), Some(9));
        assert_eq!(skip("<![CDATA["), Some(9));
        assert_eq!(skip("<a>"), None);
        assert_eq!(skip(""), None);
    }

    #[test]
    fn end_tag_search() {
        let b = "x</scripts></SCRIPT\n>".as_bytes();
        assert_eq!(find_end_tag(b, 0, "script"), Some(11));
        assert_eq!(find_end_tag(b"</script", 0, "script"), Some(0));
        assert_eq!(find_end_tag(b"</scrip", 0, "script"), None);
        assert_eq!(skip_raw_text("a</style>b", 0, "style"), (1, 9));
        assert_eq!(skip_raw_text("a</style", 0, "style"), (1, 8));
        assert_eq!(skip_raw_text("abc", 0, "style"), (3, 3));
    }

    #[test]
    fn script_src_ranges() {
        let text = "<script defer src='x.js' src=y>";
        let s = tag(text).script_src(text).expect("src");
        assert_eq!(&text[s.value.clone()], "x.js");
        assert_eq!(s.src, "x.js");
        assert_eq!(s.tag, 0..text.len());
        let text = "<script src>";
        let s = tag(text).script_src(text).expect("src");
        assert_eq!((s.value, s.src.as_str()), (11..11, ""));
        assert_eq!(tag("<script>").script_src("<script>"), None);
    }
}

/// Robustness checks shared by the extractors' tests: output invariants and generated nasty inputs.
#[cfg(test)]
pub mod test_support {
    use std::ops::Range;

    use super::super::blocks::Extracted;

    /// Every range is in bounds, on char boundaries, nested where it should be, and in file order.
    pub fn assert_sane(text: &str, out: &Extracted) {
        let valid = |r: &Range<usize>| r.start <= r.end && text.get(r.clone()).is_some();
        let mut last_end = 0;
        for b in &out.blocks {
            assert!(valid(&b.range), "{:?} in {text:?}", b.range);
            assert!(b.range.start >= last_end, "overlap in {text:?}");
            last_end = b.range.end;
            let mut last_tag_end = b.range.start;
            for t in &b.template_tags {
                assert!(valid(&t.range), "{t:?} in {text:?}");
                assert!(last_tag_end <= t.range.start && t.range.end <= b.range.end, "{text:?}");
                last_tag_end = t.range.end;
            }
        }
        let mut last_end = 0;
        for s in &out.sources {
            assert!(valid(&s.tag) && valid(&s.value), "{s:?} in {text:?}");
            assert!(s.tag.start >= last_end, "{text:?}");
            assert!(s.tag.start <= s.value.start && s.value.end <= s.tag.end, "{text:?}");
            if let Some(th) = &s.th_src {
                assert!(valid(th) && s.tag.start <= th.start && th.end <= s.tag.end, "{text:?}");
            }
            assert_eq!(text.get(s.value.clone()), Some(s.src.as_str()));
            last_end = s.tag.end;
        }
    }

    /// Runs `extract` on every char-boundary prefix of `text` and checks the output.
    pub fn check_prefixes(text: &str, extract: impl Fn(&str) -> Extracted) {
        for (cut, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix = &text[..cut];
            assert_sane(prefix, &extract(prefix));
        }
    }

    /// Deterministic pseudo-random documents glued from markup fragments that stress the scanners.
    pub fn random_docs(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "<script",
            "<SCRIPT",
            "</script>",
            "</script",
            "<template",
            "</template>",
            "<style>",
            "</style>",
            "<!--",
            "-->",
            "<!",
            "<?",
            "?>",
            "<%",
            "%>",
            "{{",
            "}}",
            "{%",
            "%}",
            "<",
            ">",
            "/>",
            "/",
            "\"",
            "'",
            "=",
            " ",
            "\r\n",
            "\n",
            " src=",
            " lang=ts",
            " type=module",
            " setup",
            "中",
            "文字",
            "\u{feff}",
            "a",
            "x.js",
            "<docs>",
            "</docs>",
            "<div>",
            "{",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = next() % 40;
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }
}
