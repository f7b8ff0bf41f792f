//! Deciding what a file is before scanning it: text, UTF-16 text, text with
//! invalid UTF-8, binary, or empty. Never panics, whatever the bytes.

use serde::{Deserialize, Serialize};

/// How many leading bytes are sniffed for binary content.
const SNIFF: usize = 8 * 1024;

/// What a file turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Nothing to scan.
    Empty,
    /// Not text; the reason says what it looked like.
    Binary(String),
    /// UTF-8 text (possibly with a BOM).
    Utf8,
    /// Mostly UTF-8, with this many invalid sequences: scanned byte-wise (regexes
    /// run on bytes, so offsets stay exact), shown with replacement characters.
    Utf8Lossy { invalid_sequences: usize },
    /// UTF-16 (with a BOM, or detected from its zero bytes); decoded to UTF-8.
    Utf16 { big_endian: bool, has_bom: bool },
}

/// The encoding a scanned file was read with, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Lossy,
    Utf16le,
    Utf16be,
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"%PDF-", "a PDF document"),
    (
        b"PK\x03\x04",
        "a zip archive (also .jar, .docx, .xlsx, .apk)",
    ),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x00\x01\x00", "an icon"),
];

/// Decides what `bytes` are.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::input::{classify, Kind};
/// assert_eq!(classify(b""), Kind::Empty);
/// assert_eq!(classify(b"KEY=value\n"), Kind::Utf8);
/// assert!(matches!(classify(b"\x89PNG\r\n\x1a\n...."), Kind::Binary(_)));
/// assert_eq!(classify(b"caf\xe9 KEY=1"), Kind::Utf8Lossy { invalid_sequences: 1 });
/// ```
pub fn classify(bytes: &[u8]) -> Kind {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Kind::Empty;
    }
    if bytes.starts_with(b"\xff\xfe") {
        return Kind::Utf16 {
            big_endian: false,
            has_bom: true,
        };
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Kind::Utf16 {
            big_endian: true,
            has_bom: true,
        };
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Kind::Binary(format!("looks like {what}"));
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if let Some(big_endian) = utf16_without_bom(head) {
        return Kind::Utf16 {
            big_endian,
            has_bom: false,
        };
    }
    if head.contains(&0) {
        return Kind::Binary("contains NUL bytes".to_string());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if controls * 10 > head.len() {
        return Kind::Binary(format!(
            "{}% of the first bytes are control characters",
            controls * 100 / head.len()
        ));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Kind::Utf8;
    }
    let (mut invalid_sequences, mut invalid_bytes) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        if !chunk.invalid().is_empty() {
            invalid_sequences += 1;
            invalid_bytes += chunk.invalid().len();
        }
    }
    if invalid_bytes * 4 > bytes.len() {
        return Kind::Binary(format!(
            "{}% of the bytes are not valid UTF-8 text",
            invalid_bytes * 100 / bytes.len()
        ));
    }
    Kind::Utf8Lossy { invalid_sequences }
}

/// UTF-16 without a BOM shows as ASCII with a zero byte after (LE) or before
/// (BE) almost every character.
fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zero_odd = head
        .chunks_exact(2)
        .filter(|p| p[1] == 0 && p[0] != 0)
        .count();
    let zero_even = head
        .chunks_exact(2)
        .filter(|p| p[0] == 0 && p[1] != 0)
        .count();
    if zero_odd * 10 >= pairs * 9 {
        Some(false)
    } else if zero_even * 10 >= pairs * 9 {
        Some(true)
    } else {
        None
    }
}

/// Decodes UTF-16 to UTF-8 (unpaired surrogates become U+FFFD), skipping a BOM.
pub fn decode_utf16(bytes: &[u8], big_endian: bool) -> String {
    let start = if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        2
    } else {
        0
    };
    let units = bytes[start..].chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The byte offset in the UTF-16 file of byte offset `offset` of its UTF-8
/// decoding (used to report exact `start`/`end` for UTF-16 files).
pub fn utf16_offset(decoded: &str, offset: usize, has_bom: bool) -> usize {
    let prefix = decoded.get(..offset).unwrap_or(decoded);
    let units: usize = prefix.chars().map(char::len_utf16).sum();
    units * 2 + if has_bom { 2 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xff, 0xfe] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn kinds() {
        assert_eq!(classify(b"   \n\t"), Kind::Empty);
        assert_eq!(classify("héllo wörld".as_bytes()), Kind::Utf8);
        assert_eq!(classify(b"\xef\xbb\xbfKEY=1"), Kind::Utf8);
        assert!(matches!(classify(b"PK\x03\x04rest"), Kind::Binary(r) if r.contains("zip")));
        assert!(matches!(classify(b"abc\x00def"), Kind::Binary(r) if r.contains("NUL")));
        assert!(
            matches!(classify(&[1u8, 2, 3, 4, 5, 6, b'a', b'b']), Kind::Binary(r) if r.contains("control"))
        );
        assert!(matches!(classify(&[0xff; 64]), Kind::Binary(r) if r.contains("UTF-8")));
        assert_eq!(
            classify(b"ok \xff\xfe? ok, still mostly text \xc3"),
            Kind::Utf8Lossy {
                invalid_sequences: 3
            }
        );
    }

    #[test]
    fn utf16_with_and_without_bom_decodes() {
        let text = "API_KEY=abc€def\n";
        let with = utf16le(text, true);
        assert_eq!(
            classify(&with),
            Kind::Utf16 {
                big_endian: false,
                has_bom: true
            }
        );
        assert_eq!(decode_utf16(&with, false), text);
        let without = utf16le(text, false);
        assert_eq!(
            classify(&without),
            Kind::Utf16 {
                big_endian: false,
                has_bom: false
            }
        );
        assert_eq!(decode_utf16(&without, false), text);
        let mut be = vec![0xfe, 0xff];
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_utf16(&be, true), text);
        // "abc€" is 4 UTF-16 units: offset of "def" is 2 (BOM) + 8 + 2 * 4.
        let off = text.find("def").unwrap();
        assert_eq!(
            utf16_offset(text, off, true),
            2 + 2 * "API_KEY=abc€".encode_utf16().count()
        );
    }

    #[test]
    fn odd_lengths_and_lone_surrogates_do_not_panic() {
        assert_eq!(decode_utf16(b"\xff\xfeA\x00B", false), "A");
        assert_eq!(decode_utf16(b"\xff\xfe\x00\xd8", false), "\u{fffd}");
    }
}
