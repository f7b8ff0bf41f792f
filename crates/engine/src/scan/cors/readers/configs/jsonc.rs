//! A small, tolerant JSON reader that keeps byte offsets, so findings can name the
//! line that sets an origin. Accepts comments and trailing commas (JSONC, as in
//! `vercel.json` fragments), caps nesting depth, and never panics.

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub at: usize,
    pub value: JsonValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Keys keep their order; duplicates are kept as written.
    Object(Vec<(String, Json)>),
}

const MAX_DEPTH: usize = 64;

/// Parses `text` as JSON(C). Errors say where parsing stopped.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
        text,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(format!(
            "unexpected text after the JSON value at byte {}",
            p.i
        ));
    }
    Ok(v)
}

impl Json {
    /// The member `key` of an object (case-insensitive, as the formats we read are
    /// written by hand).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            JsonValue::Object(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match &self.value {
            JsonValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A string, number or bool as text (header values are written all three ways).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            JsonValue::String(s) => Some(s.clone()),
            JsonValue::Bool(b) => Some(b.to_string()),
            JsonValue::Number(n) => Some(if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                n.to_string()
            }),
            _ => None,
        }
    }

    /// Strings of an array, or the string itself.
    pub fn strings(&self) -> Vec<(String, usize)> {
        match &self.value {
            JsonValue::String(s) => vec![(s.clone(), self.at)],
            JsonValue::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(|s| (s.to_owned(), v.at)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn ws(&mut self) {
        loop {
            if self.i >= self.b.len() {
                return;
            }
            while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
            if self.b[self.i..].starts_with(b"//") {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            } else if self.b[self.i..].starts_with(b"/*") {
                match self.text[self.i + 2..].find("*/") {
                    Some(end) => self.i += end + 4,
                    None => self.i = self.b.len(),
                }
            } else {
                return;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(format!("JSON nested deeper than {MAX_DEPTH} levels"));
        }
        let at = self.i;
        let value = match self.b.get(self.i) {
            None => return Err("unexpected end of JSON".into()),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                JsonValue::Bool(true)
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                JsonValue::Bool(false)
            }
            Some(b'n') if self.b[self.i..].starts_with(b"null") => {
                self.i += 4;
                JsonValue::Null
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let start = self.i;
                self.i += 1;
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'
                    )
                {
                    self.i += 1;
                }
                let n = self.text[start..self.i]
                    .parse::<f64>()
                    .map_err(|_| format!("bad number at byte {start}"))?;
                JsonValue::Number(n)
            }
            Some(_) => return Err(format!("unexpected character at byte {}", self.i)),
        };
        Ok(Json { at, value })
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, String> {
        self.i += 1;
        let mut members = Vec::new();
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(JsonValue::Object(members));
                }
                Some(b'"') => {}
                _ => return Err(format!("expected a key at byte {}", self.i)),
            }
            let key = self.string()?;
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(format!("expected ':' at byte {}", self.i));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.i)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, String> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.b.get(self.i) == Some(&b']') {
                self.i += 1;
                return Ok(JsonValue::Array(items));
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(format!("expected ',' or ']' at byte {}", self.i)),
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let e = self.b.get(self.i + 1).copied().unwrap_or(b'\\');
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'u' => {
                            let hex = self.text.get(self.i + 2..self.i + 6).unwrap_or("");
                            out.push(
                                u32::from_str_radix(hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('\u{fffd}'),
                            );
                            self.i += 4;
                        }
                        other => out.push(other as char),
                    }
                    self.i += 2;
                }
                _ => {
                    // Copy one whole UTF-8 character.
                    match self.text.get(self.i..).and_then(|s| s.chars().next()) {
                        Some(ch) => {
                            out.push(ch);
                            self.i += ch.len_utf8();
                        }
                        None => self.i += 1,
                    }
                }
            }
        }
        Err(format!("unterminated string starting at byte {start}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_tolerates_comments_and_trailing_commas() {
        let text = "{\n  // comment\n  \"a\": [\"x\", \"y\",],\n  /* c */ \"b\": true,\n}";
        let v = parse(text).unwrap();
        let a = v.get("A").unwrap();
        assert_eq!(&text[a.at..a.at + 1], "[");
        assert_eq!(
            a.strings().iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert_eq!(v.get("b").unwrap().scalar_text().as_deref(), Some("true"));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            "",
            "{",
            "[1,",
            "{\"a\" 1}",
            "\"abc",
            "\u{0}\u{1}",
            "{\"a\":\"\\u12\"}",
            "-",
            "[\"é",
        ] {
            let _ = parse(bad);
        }
        assert!(parse("{\"a\":1} x").is_err());
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().contains("nested deeper"));
    }
}
