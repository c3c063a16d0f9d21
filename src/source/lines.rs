//! Byte offsets to 1-based line and column numbers, the way editors count them.

/// Line starts of one file, built once and shared by every diagnostic of that file.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`. Columns count Unicode scalar values from the
/// start of the line, starting at 1; a UTF-8 byte order mark does not count.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    bom_len: usize,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![bom_len];
        // Line breaks are few: find them with memchr rather than looking at every byte.
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[bom_len..]).map(|i| i + bom_len) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts, bom_len }
    }

    /// The line and column of a byte offset into `text` (the same text the index was built from).
    pub fn locate(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len()).max(self.bom_len);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        LineColumn {
            line: line + 1,
            column: text[start..end].chars().count() + 1,
        }
    }

    /// The byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: usize) -> (usize, usize) {
        let p = LineIndex::new(text).locate(text, offset);
        (p.line, p.column)
    }

    #[test]
    fn counts_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(at(text, 0), (1, 1));
        assert_eq!(at(text, 2), (2, 1));
        assert_eq!(at(text, 5), (3, 1));
        assert_eq!(at(text, 7), (4, 1));
    }

    #[test]
    fn bom_is_not_a_column_and_columns_are_characters() {
        let text = "\u{feff}微信 wx";
        assert_eq!(at(text, 3), (1, 1));
        assert_eq!(at(text, text.find("wx").unwrap()), (1, 4));
    }
}
