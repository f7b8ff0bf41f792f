//! Source maps: the original sources a bundler shipped next to the bundle.
//!
//! Each `sourcesContent` entry is scanned as its own text so that a finding can
//! name the original file and line (`src/lib/stripe.ts:12`) as well as the
//! position in the `.map` file. A small JSON walker (rather than `serde_json`)
//! is used because it keeps the byte offset of every string literal, which maps
//! a position in a decoded entry back to the raw map.

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
    let mut p = Parser { raw, pos: 0 };
    let mut map = SourceMap::default();
    p.object(&mut map, 0)?;
    Ok(map)
}

/// The offset in the raw map of byte `decoded` of the string literal starting
/// (opening quote) at `literal_start`.
pub fn raw_offset(raw: &[u8], literal_start: usize, decoded: usize) -> usize {
    let mut pos = literal_start + 1;
    let mut done = 0;
    let mut buf = Vec::with_capacity(4);
    while done < decoded {
        buf.clear();
        match step(raw, pos, &mut buf) {
            Ok(Some(next)) => {
                done += buf.len();
                pos = next;
            }
            _ => break,
        }
    }
    pos
}

/// Decodes one unit of a JSON string at `pos` into `out`; returns the next
/// position, or `None` at the closing quote.
fn step(raw: &[u8], pos: usize, out: &mut Vec<u8>) -> Result<Option<usize>, String> {
    let Some(&b) = raw.get(pos) else {
        return Err("unterminated string".into());
    };
    match b {
        b'"' => Ok(None),
        b'\\' => {
            let Some(&e) = raw.get(pos + 1) else {
                return Err("unterminated escape".into());
            };
            let simple = match e {
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                b'/' => Some(b'/'),
                b'b' => Some(8),
                b'f' => Some(12),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                return Ok(Some(pos + 2));
            }
            if e != b'u' {
                return Err(format!("invalid escape \\{} at byte {pos}", e as char));
            }
            let hi = hex4(raw, pos + 2)?;
            let mut next = pos + 6;
            let c = if (0xd800..0xdc00).contains(&hi) && raw.get(next..next + 2) == Some(b"\\u") {
                match hex4(raw, next + 2) {
                    Ok(lo) if (0xdc00..0xe000).contains(&lo) => {
                        next += 6;
                        char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                    }
                    _ => None,
                }
            } else {
                char::from_u32(hi)
            };
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            Ok(Some(next))
        }
        _ => {
            out.push(b);
            Ok(Some(pos + 1))
        }
    }
}

fn hex4(raw: &[u8], pos: usize) -> Result<u32, String> {
    raw.get(pos..pos + 4)
        .and_then(|h| std::str::from_utf8(h).ok())
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .ok_or_else(|| format!("invalid \\u escape at byte {pos}"))
}

/// A string literal's decoded bytes and the offset of its opening quote.
type Literal = (Vec<u8>, usize);

struct Parser<'a> {
    raw: &'a [u8],
    pos: usize,
}

/// Deepest nesting the walker follows; deeper input is refused, not recursed.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn ws(&mut self) {
        while self.raw.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), String> {
        self.ws();
        if self.raw.get(self.pos) == Some(&b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", b as char, self.pos))
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.raw.get(self.pos).copied()
    }

    /// A string literal at the cursor: (decoded bytes, offset of its quote).
    fn string(&mut self) -> Result<Literal, String> {
        self.expect(b'"')?;
        let start = self.pos - 1;
        let mut out = Vec::new();
        while let Some(next) = step(self.raw, self.pos, &mut out)? {
            self.pos = next;
        }
        self.pos += 1;
        Ok((out, start))
    }

    fn object(&mut self, map: &mut SourceMap, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        self.expect(b'{')?;
        let mut names: Vec<String> = Vec::new();
        let mut contents: Vec<Option<Literal>> = Vec::new();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            let (key, _) = self.string()?;
            self.expect(b':')?;
            match key.as_slice() {
                b"sources" => {
                    names = self
                        .string_array()?
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| match s {
                            Some((n, _)) => String::from_utf8_lossy(&n).into_owned(),
                            None => format!("source #{}", i + 1),
                        })
                        .collect();
                }
                b"sourcesContent" => contents = self.string_array()?,
                b"sections" => self.sections(map, depth)?,
                _ => self.skip_value(depth)?,
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.pos)),
            }
        }
        map.sources += names.len();
        for (i, c) in contents.into_iter().enumerate() {
            if let Some((content, literal_start)) = c {
                let source = names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("source #{}", i + 1));
                map.entries.push(Entry {
                    source,
                    content,
                    literal_start,
                });
            }
        }
        Ok(())
    }

    fn sections(&mut self, map: &mut SourceMap, depth: usize) -> Result<(), String> {
        self.expect(b'[')?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.expect(b'{')?;
            loop {
                let (key, _) = self.string()?;
                self.expect(b':')?;
                if key == b"map" {
                    self.object(map, depth + 2)?;
                } else {
                    self.skip_value(depth + 1)?;
                }
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(format!("expected ',' or '}}' at byte {}", self.pos)),
                }
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected ',' or ']' at byte {}", self.pos)),
            }
        }
    }

    /// An array of strings or nulls.
    fn string_array(&mut self) -> Result<Vec<Option<Literal>>, String> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(out);
        }
        loop {
            if self.peek() == Some(b'n') && self.raw[self.pos..].starts_with(b"null") {
                self.pos += 4;
                out.push(None);
            } else {
                out.push(Some(self.string()?));
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => return Err(format!("expected ',' or ']' at byte {}", self.pos)),
            }
        }
    }

    /// Skips any JSON value without recursion (nesting is counted).
    fn skip_value(&mut self, depth: usize) -> Result<(), String> {
        let mut nesting = 0usize;
        loop {
            match self.peek() {
                None => return Err("unexpected end of input".into()),
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'{' | b'[') => {
                    nesting += 1;
                    if depth + nesting > MAX_DEPTH {
                        return Err("nested too deeply".into());
                    }
                    self.pos += 1;
                    continue;
                }
                Some(b'}' | b']') => {
                    if nesting == 0 {
                        return Err(format!("unexpected bracket at byte {}", self.pos));
                    }
                    nesting -= 1;
                    self.pos += 1;
                }
                Some(b',' | b':') if nesting > 0 => {
                    self.pos += 1;
                    continue;
                }
                Some(_) => {
                    let start = self.pos;
                    while self.raw.get(self.pos).is_some_and(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
                    }) {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        return Err(format!("unexpected byte at {}", self.pos));
                    }
                }
            }
            if nesting == 0 {
                return Ok(());
            }
        }
    }
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
