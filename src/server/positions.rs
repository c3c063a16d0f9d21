//! LSP positions (0-based line, column in UTF-16 code units, the protocol's default and the
//! only encoding every client supports) to and from byte offsets of a document's text.
//!
//! The tool's own `LineIndex` counts Unicode characters and hides a byte order mark, as the
//! command line shows positions; the protocol counts UTF-16 units of the text the editor sent,
//! so a Chinese character is one unit and an emoji two. Lines end at `\n`, `\r\n` or a lone
//! `\r`, as in both.

use lsp_types::{Position, Range};

/// Where each line of one text starts.
#[derive(Debug, Clone)]
pub(crate) struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    pub(crate) fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineMap { starts }
    }

    /// The position of a byte offset (clamped to the text, moved back to a character start).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub(crate) fn range(&self, text: &str, bytes: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(text, bytes.start), self.position(text, bytes.end))
    }

    /// The byte offset of a position. As the protocol says, a line past the end means the end
    /// of the text and a column past the end of its line means the line's end (before its line
    /// break); a column inside a surrogate pair means the character's start.
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| {
            let line_text = &text[start..next];
            next - (line_text.len() - line_text.trim_end_matches(['\n', '\r']).len())
        });
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = c.len_utf16();
            if units + width > wanted {
                return start + i;
            }
            units += width;
        }
        end
    }

    pub(crate) fn byte_range(&self, text: &str, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end);
        start.min(end)..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_chinese_one_emoji_two() {
        let text = "let a = '企业微信😀'; wx.ready(f)\n";
        let map = LineMap::new(text);
        let wx = text.find("wx").unwrap();
        // 'let a = ' is 8, the quote 1, four Chinese characters 4, the emoji 2, then `'; ` 3.
        assert_eq!(map.position(text, wx), Position::new(0, 18));
        assert_eq!(map.offset(text, Position::new(0, 18)), wx);
        // Inside the emoji's surrogate pair: its start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(map.offset(text, Position::new(0, 14)), emoji);
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr_and_columns_clamp_to_the_line() {
        let text = "a\nbc\r\nd\re";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 2), Position::new(1, 0));
        assert_eq!(map.position(text, 6), Position::new(2, 0));
        assert_eq!(map.position(text, 8), Position::new(3, 0));
        assert_eq!(map.offset(text, Position::new(1, 99)), 4);
        assert_eq!(map.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(map.position(text, text.len()), Position::new(3, 1));
    }

    #[test]
    fn a_byte_order_mark_is_one_unit_of_the_first_line() {
        let text = "\u{feff}wx";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 3), Position::new(0, 1));
    }
}
