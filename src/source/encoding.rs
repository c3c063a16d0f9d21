//! Files that are not UTF-8: legacy Chinese pages and scripts are often GBK (GB18030), and
//! Visual Studio projects hold UTF-16 files with a byte order mark. They are
//! read into text only when the decoding is lossless (encoding the text again gives back the
//! very bytes read), and a fixed file is written back in its own encoding, so bytes outside the
//! edits stay as they were.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// How a file's bytes map to its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    #[default]
    Utf8,
    /// UTF-16 with its byte order mark (kept in the text as U+FEFF).
    Utf16 { big_endian: bool },
    /// An ASCII-compatible legacy encoding: GB18030 (which covers GBK and GB2312).
    Legacy(&'static Encoding),
}

impl TextEncoding {
    /// The encoding's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16 { big_endian: false } => "UTF-16LE",
            TextEncoding::Utf16 { big_endian: true } => "UTF-16BE",
            TextEncoding::Legacy(e) if e == GB18030 => "GBK/GB18030",
            TextEncoding::Legacy(e) => e.name(),
        }
    }

    /// The bytes of `text` in this encoding, or why it cannot be written in it (a character
    /// the legacy encoding has no code for).
    pub fn encode(self, text: &str) -> Result<Vec<u8>, String> {
        match self {
            TextEncoding::Utf8 => Ok(text.as_bytes().to_vec()),
            TextEncoding::Utf16 { big_endian } => Ok(text
                .encode_utf16()
                .flat_map(|unit| {
                    if big_endian {
                        unit.to_be_bytes()
                    } else {
                        unit.to_le_bytes()
                    }
                })
                .collect()),
            TextEncoding::Legacy(encoding) => {
                let (bytes, _, unmappable) = encoding.encode(text);
                if unmappable {
                    return Err(format!(
                        "the fixed text has a character {} cannot encode; the file was not written",
                        self.name()
                    ));
                }
                Ok(bytes.into_owned())
            }
        }
    }
}

/// Decodes bytes that are not UTF-8, when that is lossless: UTF-16 with a byte order mark (and
/// the NUL bytes of its ASCII characters), else GB18030. Anything else (Latin-1 text, say) is
/// left to the caller's error: decoding it as GB18030 fails on most such files, and guessing
/// among single-byte encodings would be a guess.
pub fn decode_other(bytes: &[u8]) -> Option<(String, TextEncoding)> {
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some((UTF_16LE, false)),
        [0xFE, 0xFF, ..] => Some((UTF_16BE, true)),
        _ => None,
    };
    if let Some((encoding, big_endian)) = utf16 {
        if !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
            return None;
        }
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        let found = TextEncoding::Utf16 { big_endian };
        return lossless(bytes, text.into_owned(), found);
    }
    if bytes.contains(&0) {
        return None;
    }
    let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    lossless(bytes, text.into_owned(), TextEncoding::Legacy(GB18030))
}

fn lossless(bytes: &[u8], text: String, encoding: TextEncoding) -> Option<(String, TextEncoding)> {
    (encoding.encode(&text).ok()? == bytes).then_some((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_round_trips_and_ascii_stays_ascii() {
        // "企业微信" in GBK, then ASCII code
        let mut bytes = vec![0xC6, 0xF3, 0xD2, 0xB5, 0xCE, 0xA2, 0xD0, 0xC5];
        bytes.extend_from_slice(b"\nwx.config({});\n");
        let (text, encoding) = decode_other(&bytes).unwrap();
        assert_eq!(text, "企业微信\nwx.config({});\n");
        assert_eq!(encoding.name(), "GBK/GB18030");
        let fixed = text.replace("wx.config", "ww.register");
        let mut expected = bytes[..8].to_vec();
        expected.extend_from_slice(b"\nww.register({});\n");
        assert_eq!(encoding.encode(&fixed).unwrap(), expected);
    }

    #[test]
    fn latin1_and_binary_are_not_guessed() {
        // "café" in Latin-1: 0xE9 followed by a space is not GB18030
        assert!(decode_other(b"// caf\xE9 au lait\nvar a = 1;\n").is_none());
        assert!(decode_other(b"\x89PNG\r\n\x1a\n\x00\x00").is_none());
        // a byte order mark on bytes without the NUL bytes of UTF-16 text
        assert!(decode_other(b"\xff\xfe wx.config").is_none());
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "/// <reference path=\"a.js\" />"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let (text, encoding) = decode_other(&bytes).unwrap();
        assert_eq!(text, "\u{FEFF}/// <reference path=\"a.js\" />");
        assert_eq!(encoding.encode(&text).unwrap(), bytes);
    }

    #[test]
    fn a_character_the_legacy_encoding_lacks_is_an_error() {
        let big5 = TextEncoding::Legacy(encoding_rs::BIG5);
        assert!(big5.encode("\u{1F600}").unwrap_err().contains("Big5 cannot encode"));
    }
}
