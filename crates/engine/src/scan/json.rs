//! The engine's one JSON reader, for source maps and for the CORS configurations
//! founders paste (vercel.json, firebase.json, S3 and GCS CORS rules).
//!
//! Written here rather than taken from `serde_json` because both callers need what
//! serde's data model drops: the byte offset of every value (a finding names the
//! line that sets an origin; a secret found in a source map's `sourcesContent` is
//! mapped back to its position in the raw map), and tolerance for JSONC (comments and
//! trailing commas, as in hand-edited and tsconfig-like files). Strings are kept raw
//! and decoded on demand, so a multi-megabyte `mappings` string costs no copy.
//! Nesting is capped ([`MAX_DEPTH`]); every error names the byte where reading
//! stopped; nothing panics.

use std::borrow::Cow;
use std::fmt;

/// Deepest nesting read; deeper input is refused, not recursed into.
pub const MAX_DEPTH: usize = 64;

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Value<'a> {
    pub at: usize,
    pub kind: Kind<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number as written.
    Number(&'a str),
    String(Str<'a>),
    Array(Vec<Value<'a>>),
    /// Members in the order written; duplicate keys are kept.
    Object(Vec<(Str<'a>, Value<'a>)>),
}

/// A string literal, kept raw (its escapes were checked while reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Str<'a> {
    /// The bytes between the quotes, escapes undecoded.
    raw: &'a [u8],
    /// Offset of the opening quote in the whole text.
    pub at: usize,
}

/// Where and why reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for Error {}

/// Reads `text` as one JSON(C) value, followed by nothing but whitespace or comments.
pub fn parse(text: &[u8]) -> Result<Value<'_>, Error> {
    let mut r = Reader { b: text, i: 0 };
    r.skip_blank();
    let v = r.value(0)?;
    r.skip_blank();
    if r.i < text.len() {
        return Err(r.error("unexpected text after the JSON value"));
    }
    Ok(v)
}

impl<'a> Str<'a> {
    /// The decoded bytes (UTF-8 when the input was).
    pub fn decode(&self) -> Cow<'a, [u8]> {
        if !self.raw.contains(&b'\\') {
            return Cow::Borrowed(self.raw);
        }
        let mut out = Vec::with_capacity(self.raw.len());
        let mut i = 0;
        while i < self.raw.len() {
            i = decode_one(self.raw, i, &mut out);
        }
        Cow::Owned(out)
    }

    /// The decoded text; bytes that are not UTF-8 become U+FFFD.
    pub fn text(&self) -> Cow<'a, str> {
        match self.decode() {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(v) => Cow::Owned(String::from_utf8_lossy(&v).into_owned()),
        }
    }

    /// Whether the decoded text equals `s`, ASCII case ignored.
    pub fn eq_ignore_ascii_case(&self, s: &str) -> bool {
        self.decode().eq_ignore_ascii_case(s.as_bytes())
    }
}

/// The offset in the raw text of byte `decoded` of the string literal whose opening
/// quote is at `literal_start` (so a match inside a decoded string maps back).
pub fn raw_offset(raw: &[u8], literal_start: usize, decoded: usize) -> usize {
    let mut pos = literal_start + 1;
    let mut done = 0;
    let mut buf = Vec::with_capacity(4);
    while done < decoded && pos < raw.len() && raw[pos] != b'"' {
        buf.clear();
        let next = decode_one(raw, pos, &mut buf);
        done += buf.len();
        pos = next;
    }
    pos
}

/// Decodes the unit at `i` (a byte or an escape checked while reading) into `out`;
/// returns the index after it.
fn decode_one(raw: &[u8], i: usize, out: &mut Vec<u8>) -> usize {
    if raw[i] != b'\\' {
        out.push(raw[i]);
        return i + 1;
    }
    let Some(&e) = raw.get(i + 1) else {
        out.push(b'\\');
        return i + 1;
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
        return i + 2;
    }
    let Some(hi) = hex4(raw, i + 2) else {
        out.push(b'\\');
        return i + 1;
    };
    let mut next = i + 6;
    let c = if (0xd800..0xdc00).contains(&hi) && raw.get(next..next + 2) == Some(b"\\u") {
        match hex4(raw, next + 2) {
            Some(lo) if (0xdc00..0xe000).contains(&lo) => {
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
    next
}

fn hex4(raw: &[u8], at: usize) -> Option<u32> {
    let h = raw.get(at..at + 4)?;
    if !h.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
}

impl<'a> Value<'a> {
    /// The member `key` of an object (ASCII case ignored: the formats read are
    /// written by hand); the last one when a key is repeated.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match &self.kind {
            Kind::Object(m) => m
                .iter()
                .rev()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            Kind::String(s) => Some(s.text()),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Str<'a>, Value<'a>)]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A string, number or boolean as text (header values are written all three ways;
    /// a whole number loses a trailing `.0`).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.text().into_owned()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Number(n) => Some(match n.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                _ => (*n).to_owned(),
            }),
            _ => None,
        }
    }

    /// The strings of an array (other items skipped), or the string itself, each
    /// with its offset.
    pub fn strings(&self) -> Vec<(String, usize)> {
        match &self.kind {
            Kind::String(s) => vec![(s.text().into_owned(), self.at)],
            Kind::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(|s| (s.into_owned(), v.at)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &'static str) -> Error {
        Error { at: self.i, what }
    }

    /// Skips whitespace, `// line` and `/* block */` comments.
    fn skip_blank(&mut self) {
        loop {
            while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
                self.i += 1;
            }
            let rest = &self.b[self.i.min(self.b.len())..];
            if rest.starts_with(b"//") {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            } else if rest.starts_with(b"/*") {
                self.i = rest[2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(self.b.len(), |end| self.i + 2 + end + 2);
            } else {
                return;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        let at = self.i;
        let rest = &self.b[at.min(self.b.len())..];
        let kind = match rest.first() {
            None => return Err(self.error("unexpected end of JSON")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') if rest.starts_with(b"true") => {
                self.i += 4;
                Kind::Bool(true)
            }
            Some(b'f') if rest.starts_with(b"false") => {
                self.i += 5;
                Kind::Bool(false)
            }
            Some(b'n') if rest.starts_with(b"null") => {
                self.i += 4;
                Kind::Null
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let len = rest
                    .iter()
                    .position(|c| !matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                    .unwrap_or(rest.len());
                let n = std::str::from_utf8(&rest[..len]).unwrap_or("");
                if n.parse::<f64>().is_err() {
                    return Err(self.error("bad number"));
                }
                self.i += len;
                Kind::Number(n)
            }
            Some(_) => return Err(self.error("unexpected character")),
        };
        Ok(Value { at, kind })
    }

    fn object(&mut self, depth: usize) -> Result<Kind<'a>, Error> {
        self.i += 1;
        let mut members = Vec::new();
        loop {
            self.skip_blank();
            match self.b.get(self.i) {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Kind::Object(members));
                }
                Some(b'"') => {}
                _ => return Err(self.error("expected a key")),
            }
            let key = self.string()?;
            self.skip_blank();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.error("expected ':'"));
            }
            self.i += 1;
            self.skip_blank();
            members.push((key, self.value(depth + 1)?));
            self.skip_blank();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind<'a>, Error> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            if self.b.get(self.i) == Some(&b']') {
                self.i += 1;
                return Ok(Kind::Array(items));
            }
            items.push(self.value(depth + 1)?);
            self.skip_blank();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    /// A string literal at the cursor (a quote); its escapes are checked.
    fn string(&mut self) -> Result<Str<'a>, Error> {
        let at = self.i;
        let mut j = at + 1;
        loop {
            match self.b.get(j) {
                None => {
                    self.i = at;
                    return Err(self.error("unterminated string"));
                }
                Some(b'"') => break,
                Some(b'\\') => {
                    let ok = match self.b.get(j + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            j += 2;
                            true
                        }
                        Some(b'u') if hex4(self.b, j + 2).is_some() => {
                            j += 6;
                            true
                        }
                        _ => false,
                    };
                    if !ok {
                        self.i = j;
                        return Err(self.error("invalid escape"));
                    }
                }
                Some(_) => j += 1,
            }
        }
        self.i = j + 1;
        Ok(Str {
            raw: &self.b[at + 1..j],
            at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_comments_and_trailing_commas() {
        let text = "{\n  // comment\n  \"a\": [\"x\", \"y\",],\n  /* c */ \"b\": true,\n  \"n\": 3600.0\n}";
        let v = parse(text.as_bytes()).unwrap();
        let a = v.get("A").unwrap();
        assert_eq!(&text[a.at..a.at + 1], "[");
        let items: Vec<String> = a.strings().into_iter().map(|s| s.0).collect();
        assert_eq!(items, ["x", "y"]);
        assert_eq!(v.get("b").unwrap().scalar_text().as_deref(), Some("true"));
        assert_eq!(v.get("n").unwrap().scalar_text().as_deref(), Some("3600"));
    }

    #[test]
    fn strings_decode_on_demand_and_map_back() {
        let raw = br#"["a\nb\"c\u00e9d KEY \ud83d\ude00 x"]"#;
        let v = parse(raw).unwrap();
        let Kind::String(s) = &v.as_array().unwrap()[0].kind else {
            panic!("not a string")
        };
        let decoded = s.decode();
        assert_eq!(&*decoded, "a\nb\"céd KEY 😀 x".as_bytes());
        let key = decoded.windows(3).position(|w| w == b"KEY").unwrap();
        let at = raw_offset(raw, s.at, key);
        assert_eq!(&raw[at..at + 3], b"KEY");
        let x = decoded.iter().rposition(|&b| b == b'x').unwrap();
        assert_eq!(raw[raw_offset(raw, s.at, x)], b'x');
    }

    #[test]
    fn bad_input_is_an_error_naming_the_byte() {
        for bad in [
            &b""[..],
            b"{",
            b"[1,",
            b"{\"a\" 1}",
            b"\"abc",
            b"\x00\x01",
            b"{\"a\":\"\\u12\"}",
            b"{\"a\":\"\\q\"}",
            b"-",
            b"[\"\xc3",
            b"{\"a\":]}",
            b"{\"a\":1} x",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.at <= bad.len(), "{e}");
            assert!(e.to_string().contains("at byte"), "{e}");
        }
        let deep = "[".repeat(10_000);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("nested too deeply"));
    }

    #[test]
    fn repeated_keys_read_the_last_and_non_ascii_survives() {
        let v = parse("{\"k\": 1, \"K\": \"é\"}".as_bytes()).unwrap();
        assert_eq!(v.get("k").unwrap().as_str().as_deref(), Some("é"));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }
}
