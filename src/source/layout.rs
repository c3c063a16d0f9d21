//! Text layout around a byte offset: line starts and ends, indentation, comments between
//! tokens, the range to delete when a whole statement goes away, and where a name is written
//! as a whole word.

use std::ops::Range;

/// Where `name` is written in `text` as a whole word (not part of a longer identifier), code,
/// strings and comments alike: the offsets into `text`.
pub fn word_mentions<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    text.match_indices(name)
        .map(|(at, _)| at)
        .filter(move |&at| !ident(text[..at].chars().next_back()) && !ident(text[at + name.len()..].chars().next()))
}

/// Start of the line that holds `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Offset of the line terminator at or after `offset` (or the end of the text).
pub fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i)
}

/// The lines of `range` of `text`, without their terminators.
pub fn line_ranges(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let line = at..line_end(text, at).min(range.end);
        at = next_line_start(text, at);
        Some(line)
    })
}

/// Offset just after the line terminator at or after `offset`.
pub fn next_line_start(text: &str, offset: usize) -> usize {
    let end = line_end(text, offset);
    let bytes = text.as_bytes();
    match bytes.get(end) {
        Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => end,
    }
}

/// The leading whitespace of the line that holds `offset`.
pub fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// One level of indentation in the style of `indent`: a tab where it has one, else two spaces.
pub fn indent_unit(indent: &str) -> &'static str {
    if indent.contains('\t') {
        "\t"
    } else {
        "  "
    }
}

/// Whether only spaces and tabs stand between the line start and `offset`.
pub fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// Skips whitespace and comments from `pos`; returns the offset of the next token.
pub fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while pos < bytes.len() && (bytes[pos] as char).is_ascii_whitespace() {
            pos += 1;
        }
        if bytes[pos..].starts_with(b"//") {
            pos = line_end(text, pos);
        } else if bytes[pos..].starts_with(b"/*") {
            pos = text[pos + 2..].find("*/").map_or(text.len(), |i| pos + 2 + i + 2);
        } else {
            return pos;
        }
    }
}

/// Whether the rest of the line after `offset` is only a comma, spaces and a comment.
pub fn ends_line(text: &str, offset: usize) -> bool {
    let end = line_end(text, offset);
    let rest = text[offset..end].trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(';').unwrap_or(rest).trim_start();
    rest.is_empty() || rest.starts_with("//") || (rest.starts_with("/*") && rest.ends_with("*/"))
}

/// The range that removes a statement: its whole lines when it stands alone on them
/// (a trailing comment on its last line goes with it), otherwise the statement and the
/// spaces after it.
pub fn statement_deletion(text: &str, range: Range<usize>) -> Range<usize> {
    if starts_line(text, range.start) && ends_line(text, range.end) {
        return line_start(text, range.start)..next_line_start(text, range.end);
    }
    let after = text[range.end..].len() - text[range.end..].trim_start_matches([' ', '\t']).len();
    range.start..range.end + after
}

/// The range that removes a statement standing alone on its lines, as
/// [`statement_deletion`], and also the blank line after it where removing the statement
/// would leave two blank lines in a row (or a blank line right after a `{`): a lifecycle call
/// set apart by blank lines above and below leaves one blank line, not two.
pub fn statement_removal(text: &str, range: Range<usize>) -> Range<usize> {
    let deletion = statement_deletion(text, range);
    if !is_line_start(text, deletion.start) || deletion.end >= text.len() || !is_line_start(text, deletion.end) {
        return deletion;
    }
    let after_end = next_line_start(text, deletion.end);
    if !text[deletion.end..after_end].trim().is_empty() {
        return deletion;
    }
    let above = previous_line(text, deletion.start).map(str::trim_end);
    // a blank line above, or the line that opens the block or the `<script>` element
    if above.is_some_and(|line| line.is_empty() || line.ends_with('{') || line.ends_with('>')) {
        return deletion.start..after_end;
    }
    deletion
}

/// Whether `offset` is the start of a line.
fn is_line_start(text: &str, offset: usize) -> bool {
    line_start(text, offset) == offset
}

/// The line above the one `offset` is on, without its terminator; `None` on the first line.
fn previous_line(text: &str, offset: usize) -> Option<&str> {
    let start = line_start(text, offset);
    if start == 0 {
        return None;
    }
    let mut end = start - 1;
    if end > 0 && text.as_bytes()[end] == b'\n' && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    Some(&text[line_start(text, end)..end])
}

/// Shifts the lines after the first of a moved piece of code from one indentation to another.
/// Code with template literals is moved as it is, so that no string changes.
pub fn reindent(text: &str, from: &str, to: &str) -> String {
    if from == to || text.contains('`') || !text.contains('\n') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        match line.strip_prefix(from) {
            Some(rest) if i > 0 => {
                out.push_str(to);
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Whether `at` is inside an HTML comment (`<!-- ... -->`, over several lines or not).
pub fn in_html_comment(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before
        .rfind("<!--")
        .is_some_and(|open| before.rfind("-->").is_none_or(|close| close < open))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletes_whole_lines_or_just_the_statement() {
        let text = "a();\n  wx.error(f); // handler\r\nb();";
        let start = text.find("wx").unwrap();
        let end = text.find("; //").unwrap() + 1;
        assert_eq!(
            &text[statement_deletion(text, start..end)],
            "  wx.error(f); // handler\r\n"
        );
        let text = "a(); wx.error(f); b();";
        let start = text.find("wx").unwrap();
        assert_eq!(&text[statement_deletion(text, start..start + 12)], "wx.error(f); ");
    }

    #[test]
    fn removing_a_statement_between_blank_lines_leaves_one() {
        let text = "a();\n\n  wx.error(f);\n\n  b();\n";
        let start = text.find("wx").unwrap();
        let end = text.find("\n\n  b").unwrap();
        let range = statement_removal(text, start..end);
        assert_eq!(
            format!("{}{}", &text[..range.start], &text[range.end..]),
            "a();\n\n  b();\n"
        );
        // a blank line only below: kept
        let text = "a();\n  wx.error(f);\n\n  b();\n";
        let start = text.find("wx").unwrap();
        let end = text.find("\n\n  b").unwrap();
        let range = statement_removal(text, start..end);
        assert_eq!(
            format!("{}{}", &text[..range.start], &text[range.end..]),
            "a();\n\n  b();\n"
        );
        // right after an opening brace, CRLF
        let text = "f() {\r\n  wx.error(f);\r\n\r\n  b();\r\n}";
        let start = text.find("wx").unwrap();
        let end = text.find("\r\n\r\n").unwrap();
        let range = statement_removal(text, start..end);
        assert_eq!(
            format!("{}{}", &text[..range.start], &text[range.end..]),
            "f() {\r\n  b();\r\n}"
        );
    }

    #[test]
    fn reindents_moved_code_but_not_template_literals() {
        assert_eq!(
            reindent("f() {\n      a();\n    }", "    ", "  "),
            "f() {\n    a();\n  }"
        );
        assert_eq!(
            reindent("f() {\n    `x\n    y`\n}", "    ", "  "),
            "f() {\n    `x\n    y`\n}"
        );
    }

    #[test]
    fn skips_comments_between_tokens() {
        let text = "a /* x */ // y\n , b";
        assert_eq!(&text[skip_trivia(text, 1)..], ", b");
        assert_eq!(indentation("x\n\t  y", 4), "\t  ");
    }
}
