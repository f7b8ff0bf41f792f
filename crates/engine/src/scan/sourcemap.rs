//! Source maps: the original sources a bundler shipped next to the bundle.
//!
//! Each `sourcesContent` entry is scanned as its own text so that a finding can
//! name the original file and line (`src/lib/stripe.ts:12`) as well as the
//! position in the `.map` file. The map is read with the engine's JSON reader
//! ([`json`](super::json)), which keeps the offset of every string literal: that
//! maps a position in a decoded entry back to the raw map ([`raw_offset`]).

use super::json::{self, Kind, Str, Value};

pub use super::json::raw_offset;

/// One original source with its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The matching `sources` name, or `source #N` when the map has none.
    pub source: String,
    /// The decoded content (JSON escapes resolved).
    pub content: Vec<u8>,
    /// Offset of the string literal's opening quote in the raw map.
    pub literal_start: usize,
}

/// What a source map holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    pub entries: Vec<Entry>,
    /// Number of `sources` names (entries whose content is `null` count here).
    pub sources: usize,
}

/// Whether a file is a source map: by name, or by its first bytes for pastes.
pub fn looks_like(name: &str, head: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let trimmed = head.trim_ascii_start();
    let has = |k: &[u8]| head.windows(k.len()).any(|w| w == k);
    trimmed.starts_with(b"{")
        && (name.to_ascii_lowercase().ends_with(".map")
            || (has(b"\"version\"") && has(b"\"mappings\"") && has(b"\"sources\"")))
}

/// Parses the `sources`/`sourcesContent` of a map (also of index maps with
/// `sections`). Errors say where the JSON went wrong.
pub fn parse(raw: &[u8]) -> Result<SourceMap, String> {
    let doc = json::parse(raw).map_err(|e| e.to_string())?;
    let mut map = SourceMap::default();
    read_map(&doc, &mut map)?;
    Ok(map)
}

/// One map object: its sources, their contents, and the maps of its sections.
fn read_map(doc: &Value<'_>, map: &mut SourceMap) -> Result<(), String> {
    let members = doc
        .as_object()
        .ok_or_else(|| format!("expected '{{' at byte {}", doc.at))?;
    let mut names: Vec<String> = Vec::new();
    let mut contents: Vec<Option<Str<'_>>> = Vec::new();
    for (key, value) in members {
        match &*key.decode() {
            b"sources" => {
                names = strings_or_nulls(value)?
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| match s {
                        Some(s) => s.text().into_owned(),
                        None => format!("source #{}", i + 1),
                    })
                    .collect();
            }
            b"sourcesContent" => contents = strings_or_nulls(value)?,
            b"sections" => {
                let sections = value
                    .as_array()
                    .ok_or_else(|| format!("expected '[' at byte {}", value.at))?;
                for section in sections {
                    if let Some(inner) = section.get("map") {
                        read_map(inner, map)?;
                    }
                }
            }
            _ => {}
        }
    }
    map.sources += names.len();
    for (i, c) in contents.into_iter().enumerate() {
        if let Some(literal) = c {
            let source = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("source #{}", i + 1));
            map.entries.push(Entry {
                source,
                content: literal.decode().into_owned(),
                literal_start: literal.at,
            });
        }
    }
    Ok(())
}

/// An array of strings or nulls.
fn strings_or_nulls<'a>(value: &Value<'a>) -> Result<Vec<Option<Str<'a>>>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("expected '[' at byte {}", value.at))?;
    items
        .iter()
        .map(|item| match &item.kind {
            Kind::String(s) => Ok(Some(*s)),
            Kind::Null => Ok(None),
            _ => Err(format!("expected a string or null at byte {}", item.at)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_their_source_names_and_decoded_content() {
        let raw = br#"{"version":3,"file":"a.js","sources":["src/a.ts","src/b.ts","src/c.ts"],
            "sourcesContent":["line1\nconst k = \"x\u00e9\";\n",null,"\ud83d\ude00 ok"],"names":[],"mappings":"AAAA;"}"#;
        let map = parse(raw).unwrap();
        assert_eq!(map.sources, 3);
        assert_eq!(map.entries.len(), 2);
        assert_eq!(map.entries[0].source, "src/a.ts");
        assert_eq!(
            map.entries[0].content,
            "line1\nconst k = \"xé\";\n".as_bytes()
        );
        assert_eq!(map.entries[1].source, "src/c.ts");
        assert_eq!(map.entries[1].content, "😀 ok".as_bytes());
        assert_eq!(raw[map.entries[0].literal_start], b'"');
    }

    #[test]
    fn raw_offsets_undo_the_escapes() {
        let raw = br#"{"sourcesContent":["a\nb\"c\u00e9d KEY"]}"#;
        let map = parse(raw).unwrap();
        let e = &map.entries[0];
        let decoded = e.content.windows(3).position(|w| w == b"KEY").unwrap();
        let at = raw_offset(raw, e.literal_start, decoded);
        assert_eq!(&raw[at..at + 3], b"KEY");
    }

    #[test]
    fn index_maps_with_sections_are_read() {
        let raw = br#"{"version":3,"sections":[{"offset":{"line":0,"column":0},
            "map":{"version":3,"sources":["x.js"],"sourcesContent":["X"],"mappings":""}}]}"#;
        let map = parse(raw).unwrap();
        assert_eq!(map.entries[0].source, "x.js");
        assert_eq!(map.entries[0].content, b"X");
    }

    #[test]
    fn malformed_maps_are_errors_not_panics() {
        for raw in [
            &b""[..],
            b"{",
            b"{\"sources\":[1]}",
            b"{\"sourcesContent\":[\"abc",
            b"{\"sourcesContent\":[\"\\u12\"]}",
            b"{\"a\":]}",
            b"{\"x\":{\"y\":[1,2,{\"z\":\"\\q\"}]}}",
        ] {
            assert!(parse(raw).is_err(), "{:?}", String::from_utf8_lossy(raw));
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn detection_by_name_or_shape() {
        assert!(looks_like("app.js.map", b"  {\"version\":3"));
        assert!(looks_like(
            "paste",
            br#"{"version":3,"sources":[],"mappings":""}"#
        ));
        assert!(!looks_like("paste", br#"{"version":3}"#));
        assert!(!looks_like("app.js.map", b"not json"));
    }
}
