//! Turning one input file into the texts that are scanned ("units"): the file
//! itself, its UTF-16 decoding, or each `sourcesContent` entry of a source map,
//! and mapping offsets in a unit back to the file.

use crate::finding::Context;
use crate::scan::input::{self, Encoding, Kind};
use crate::scan::sourcemap;
use crate::scan::summary::FileStatus;

/// One text to scan. `Debug` shows its size, never its text.
pub(crate) struct Unit {
    /// `None`: the file's own bytes.
    owned: Option<Vec<u8>>,
    /// For source-map entries: the original source's name.
    pub origin: Option<String>,
    pub map: OffsetMap,
}

/// How an offset in a unit becomes an offset in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OffsetMap {
    Identity,
    Utf16 { has_bom: bool },
    MapEntry { literal_start: usize },
}

impl std::fmt::Debug for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unit")
            .field(
                "owned",
                &self.owned.as_ref().map(|t| format!("<{} bytes>", t.len())),
            )
            .field("origin", &self.origin)
            .field("map", &self.map)
            .finish()
    }
}

impl Unit {
    pub fn text<'a>(&'a self, raw: &'a [u8]) -> &'a [u8] {
        self.owned.as_deref().unwrap_or(raw)
    }

    /// The offset in the file of offset `at` in this unit.
    pub fn file_offset(&self, raw: &[u8], at: usize) -> usize {
        match self.map {
            OffsetMap::Identity => at,
            OffsetMap::Utf16 { has_bom } => {
                let text = self.text(raw);
                let decoded = std::str::from_utf8(text).unwrap_or_default();
                input::utf16_offset(decoded, at, has_bom)
            }
            OffsetMap::MapEntry { literal_start } => sourcemap::raw_offset(raw, literal_start, at),
        }
    }
}

/// A file ready to scan.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub status: FileStatus,
    pub context: Context,
    pub units: Vec<Unit>,
}

/// Classifies, decodes and splits one file.
pub(crate) fn prepare(name: &str, raw: &[u8], hint: Option<Context>) -> Prepared {
    let head = &raw[..raw.len().min(64 * 1024)];
    let skipped = |status: FileStatus| Prepared {
        status,
        context: hint.unwrap_or_else(|| super::context::detect(name, head)),
        units: Vec::new(),
    };
    let (encoding, note, owned) = match input::classify(raw) {
        Kind::Empty => return skipped(FileStatus::Empty),
        Kind::Binary(reason) => return skipped(FileStatus::Skipped { reason: format!("binary: {reason}") }),
        Kind::Utf8 => (Encoding::Utf8, None, None),
        Kind::Utf8Lossy { invalid_sequences } => (
            Encoding::Utf8Lossy,
            Some(format!(
                "not valid UTF-8 ({invalid_sequences} invalid sequence{}): decoded lossily, scanned byte by byte",
                if invalid_sequences == 1 { "" } else { "s" }
            )),
            None,
        ),
        Kind::Utf16 { big_endian, has_bom } => {
            let text = input::decode_utf16(raw, big_endian);
            let encoding = if big_endian { Encoding::Utf16be } else { Encoding::Utf16le };
            let note = format!(
                "decoded from UTF-16{}{}",
                if big_endian { "BE" } else { "LE" },
                if has_bom { "" } else { " (no byte order mark)" }
            );
            (encoding, Some(note), Some((text.into_bytes(), has_bom)))
        }
    };
    if let Some((text, has_bom)) = owned {
        let context = hint
            .unwrap_or_else(|| super::context::detect(name, &text[..text.len().min(64 * 1024)]));
        return Prepared {
            status: FileStatus::Scanned { encoding, note },
            context,
            units: vec![Unit {
                owned: Some(text),
                origin: None,
                map: OffsetMap::Utf16 { has_bom },
            }],
        };
    }
    let context = hint.unwrap_or_else(|| super::context::detect(name, head));
    let whole = Unit {
        owned: None,
        origin: None,
        map: OffsetMap::Identity,
    };
    if !sourcemap::looks_like(name, head) {
        return Prepared {
            status: FileStatus::Scanned { encoding, note },
            context,
            units: vec![whole],
        };
    }
    match sourcemap::parse(raw) {
        Ok(map) => {
            let with_content = map.entries.len();
            let note = format!(
                "source map: scanned {with_content} of {} original source{} (sourcesContent)",
                map.sources.max(with_content),
                if map.sources.max(with_content) == 1 {
                    ""
                } else {
                    "s"
                }
            );
            let units = map
                .entries
                .into_iter()
                .map(|e| Unit {
                    owned: Some(e.content),
                    origin: Some(e.source),
                    map: OffsetMap::MapEntry {
                        literal_start: e.literal_start,
                    },
                })
                .collect();
            Prepared {
                status: FileStatus::Scanned {
                    encoding,
                    note: Some(note),
                },
                context: hint.unwrap_or(Context::ClientBundle),
                units,
            }
        }
        Err(e) => Prepared {
            status: FileStatus::Scanned {
                encoding,
                note: Some(format!(
                    "looks like a source map but is not valid JSON ({e}): scanned as text"
                )),
            },
            context,
            units: vec![whole],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_maps_become_one_unit_per_source() {
        let raw = br#"{"version":3,"sources":["a.ts","b.ts"],"sourcesContent":["A\nB",null],"mappings":""}"#;
        let p = prepare("app.js.map", raw, None);
        assert_eq!(p.context, Context::ClientBundle);
        assert_eq!(p.units.len(), 1);
        assert_eq!(p.units[0].origin.as_deref(), Some("a.ts"));
        assert_eq!(p.units[0].text(raw), b"A\nB");
        let at = p.units[0].file_offset(raw, 2);
        assert_eq!(raw[at], b'B');
        match p.status {
            FileStatus::Scanned { note: Some(n), .. } => assert!(n.contains("1 of 2"), "{n}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_maps_are_scanned_as_text() {
        let raw = br#"{"version":3,"sources":["a.ts"],"sourcesContent":["A"#;
        let p = prepare("app.js.map", raw, None);
        assert_eq!(p.units.len(), 1);
        assert_eq!(p.units[0].text(raw), raw);
    }

    #[test]
    fn binary_and_empty_files_have_no_units() {
        assert_eq!(
            prepare("x.png", b"\x89PNG\r\n\x1a\nabc", None).units.len(),
            0
        );
        assert_eq!(prepare("x", b"", None).status, FileStatus::Empty);
    }
}
