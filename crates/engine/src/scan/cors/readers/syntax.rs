//! Just enough of the syntax of JavaScript/TypeScript, Python, Ruby, Go, Java and C#
//! to pull configuration out of code: matching brackets (skipping strings, comments
//! and JS regex literals), top-level comma splitting, `key: value` / `key=value`
//! pairs, and string literals. Tolerant of fragments; bounded work.

/// The language whose comment and string rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// JavaScript / TypeScript (also Java, C# and Go: `//` comments, no regex literals
    /// except in JS).
    Js,
    /// Python and Ruby: `#` comments.
    Hash,
    /// C-like without regex literals (Go, Java, C#).
    CLike,
}

/// Call sites (or header sets) read per file at most: caps the work on pathological
/// inputs (a file with thousands of `cors(` calls) so each file costs linear time.
pub const MAX_SITES: usize = 256;

/// Bytes scanned at most when looking for a closing bracket.
const MAX_SCAN: usize = 64 * 1024;

/// The index just past the bracket that closes the one at `open` (`(`, `[` or `{`);
/// the end of the scanned window when it never closes.
pub fn matching(text: &str, open: usize, lang: Lang) -> usize {
    let b = text.as_bytes();
    let end = text.len().min(open.saturating_add(MAX_SCAN));
    let mut depth = 0usize;
    let mut i = open;
    let mut prev_sig = b'(';
    while i < end {
        let c = b[i];
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i, end);
                prev_sig = b'a';
                continue;
            }
            b'#' if lang == Lang::Hash => {
                i = skip_line(b, i, end);
                continue;
            }
            b'/' if lang != Lang::Hash && b.get(i + 1) == Some(&b'/') => {
                i = skip_line(b, i, end);
                continue;
            }
            b'/' if lang != Lang::Hash && b.get(i + 1) == Some(&b'*') => {
                i = text
                    .get(i + 2..end)
                    .and_then(|s| s.find("*/"))
                    .map_or(end, |e| i + 2 + e + 2);
                continue;
            }
            b'/' if lang == Lang::Js && b"(,=:[!&|?{};".contains(&prev_sig) => {
                i = skip_regex(b, i, end);
                prev_sig = b'a';
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            prev_sig = c;
        }
        i += 1;
    }
    end
}

fn skip_line(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// Index after the string starting at `i` (a quote character).
fn skip_string(b: &[u8], i: usize, end: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            c if c == q => return j + 1,
            b'\n' if q != b'`' => return j,
            _ => j += 1,
        }
    }
    end
}

/// Index after the JS regex literal starting at `i` (a `/`), flags included.
fn skip_regex(b: &[u8], i: usize, end: usize) -> usize {
    let mut j = i + 1;
    let mut in_class = false;
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            b'[' => {
                in_class = true;
                j += 1;
            }
            b']' => {
                in_class = false;
                j += 1;
            }
            b'/' if !in_class => {
                j += 1;
                while j < end && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return j;
            }
            b'\n' => return j,
            _ => j += 1,
        }
    }
    end
}

/// Splits the inside of a bracket pair at top-level commas: `(item, offset)`, the
/// offset relative to `text`.
pub fn split_top(text: &str, lang: Lang) -> Vec<(&str, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' | b'{' => {
                i = matching(text, i, lang);
                continue;
            }
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i, b.len());
                continue;
            }
            b'/' if lang == Lang::Js
                && (i == 0 || b"(,=:[!&|?{};".contains(&last_sig(b, i)))
                && b.get(i + 1) != Some(&b'/') =>
            {
                i = skip_regex(b, i, b.len());
                continue;
            }
            b'/' if lang != Lang::Hash && b.get(i + 1) == Some(&b'/') => {
                i = skip_line(b, i, b.len());
                continue;
            }
            b'#' if lang == Lang::Hash => {
                i = skip_line(b, i, b.len());
                continue;
            }
            b',' => {
                push_item(text, start, i, &mut out);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    push_item(text, start, b.len().min(text.len()), &mut out);
    out
}

fn last_sig(b: &[u8], i: usize) -> u8 {
    b[..i]
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
        .unwrap_or(b'(')
}

fn push_item<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<(&'a str, usize)>) {
    let Some(raw) = text.get(start..end) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let item = raw.trim();
    if !item.is_empty() {
        out.push((item, start + lead));
    }
}

/// The inside of the bracket pair opening at `open`, and its offset.
pub fn inside(text: &str, open: usize, lang: Lang) -> (&str, usize) {
    let end = matching(text, open, lang);
    let inner_end = if end > open + 1
        && end <= text.len()
        && matches!(text.as_bytes()[end - 1], b')' | b']' | b'}')
    {
        end - 1
    } else {
        end.min(text.len())
    };
    (text.get(open + 1..inner_end).unwrap_or(""), open + 1)
}

/// `key: value` or `key = value` (not `==`), with the key unquoted and the value's
/// offset relative to `item`.
pub fn key_value(item: &str) -> Option<(String, &str, usize)> {
    let b = item.as_bytes();
    let (key, after) = if matches!(b.first(), Some(b'"') | Some(b'\'')) {
        let end = skip_string(b, 0, b.len());
        (item.get(1..end.saturating_sub(1))?.to_owned(), end)
    } else {
        let end =
            item.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.'))?;
        let mut key = item[..end].to_owned();
        // Python raw-string keys in dicts: r"/api/*"
        if key == "r" && matches!(b.get(1), Some(b'"') | Some(b'\'')) {
            let s_end = skip_string(b, 1, b.len());
            key = item.get(2..s_end.saturating_sub(1))?.to_owned();
            return sep_value(item, s_end).map(|(v, at)| (key, v, at));
        }
        (key, end)
    };
    sep_value(item, after).map(|(v, at)| (key, v, at))
}

fn sep_value(item: &str, after: usize) -> Option<(&str, usize)> {
    let rest = item.get(after..)?;
    let trimmed = rest.trim_start();
    let sep_at = after + rest.len() - trimmed.len();
    let colon = trimmed.starts_with(':') && !trimmed.starts_with("::");
    let equals =
        trimmed.starts_with('=') && !trimmed.starts_with("==") && !trimmed.starts_with("=>");
    let value_start = if colon || equals {
        sep_at + 1
    } else if trimmed.starts_with("=>") {
        // Ruby hash rockets: `:credentials => true`
        sep_at + 2
    } else {
        return None;
    };
    let v = item.get(value_start..)?;
    let lead = v.len() - v.trim_start().len();
    Some((v.trim(), value_start + lead))
}

/// The value of a string literal (`'x'`, `"x"`, `` `x` ``, `r"x"`, `@"x"`, Python
/// triple quotes); `None` when `v` is not one string literal. Escapes are undone for
/// non-raw strings (so `"a\\.com"` gives `a\.com`).
pub fn string_value(v: &str) -> Option<String> {
    let v = v.trim();
    let (raw, body) = match v.as_bytes().first()? {
        b'r' | b'R' | b'@' => (true, &v[1..]),
        b'b' | b'u' | b'f' if v.len() > 1 && matches!(v.as_bytes()[1], b'"' | b'\'') => {
            (false, &v[1..])
        }
        _ => (false, v),
    };
    let q = *body.as_bytes().first()?;
    if !matches!(q, b'"' | b'\'' | b'`') {
        return None;
    }
    let body = if body.starts_with("\"\"\"") || body.starts_with("'''") {
        body.get(3..body.len().checked_sub(3)?)?
    } else {
        let end = skip_string(body.as_bytes(), 0, body.len());
        if end != body.len() || body.len() < 2 || body.as_bytes()[end - 1] != q {
            return None;
        }
        &body[1..end - 1]
    };
    if raw || q == b'`' {
        Some(body.to_owned())
    } else {
        Some(unescape(body))
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('\\' | '\'' | '"' | '`')) => out.push(n),
                Some('n') => out.push('\n'),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A JS/Ruby regex literal `/body/flags`: `(body, flags)`.
pub fn regex_literal(v: &str) -> Option<(String, String)> {
    let v = v.trim();
    if !v.starts_with('/') || v.len() < 2 {
        return None;
    }
    let end = skip_regex(v.as_bytes(), 0, v.len());
    if end != v.len() {
        return None;
    }
    let body_end = v[..end].rfind('/')?;
    if body_end == 0 {
        return None;
    }
    Some((v[1..body_end].to_owned(), v[body_end + 1..end].to_owned()))
}

/// Byte offsets of every whole-word, case-sensitive occurrence of `word`.
pub fn find_word(text: &str, word: &str) -> Vec<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The next non-space character's index at or after `from`.
pub fn skip_ws(text: &str, from: usize) -> usize {
    text.get(from..).map_or(text.len(), |rest| {
        from + rest.len() - rest.trim_start().len()
    })
}

/// The values a JS expression can take when it is a condition or a fallback, each with
/// its offset in `text`: the two branches of a top-level `cond ? a : b` (nested
/// ternaries give all their leaves), or every operand of a top-level `a || b` /
/// `a ?? b` chain. `None` when `text` is neither. So `origin: isProd ? 'https://acme.com'
/// : true` is read as both `'https://acme.com'` and `true`, and
/// `origin: process.env.WEB_URL || '*'` as its fallback `'*'`.
pub fn alternatives(text: &str) -> Option<Vec<(&str, usize)>> {
    let ops = top_level_ops(text);
    // A ternary: the first `?`, and the `:` that closes it (nested `?` open more).
    if let Some(q) = ops.iter().position(|&(_, op)| op == "?") {
        let mut depth = 0usize;
        let colon = ops[q + 1..].iter().find_map(|&(at, op)| match op {
            "?" => {
                depth += 1;
                None
            }
            ":" if depth == 0 => Some(at),
            ":" => {
                depth -= 1;
                None
            }
            _ => None,
        })?;
        let then_start = ops[q].0 + 1;
        let mut out = Vec::new();
        for (part, at) in [
            (text.get(then_start..colon)?, then_start),
            (text.get(colon + 1..)?, colon + 1),
        ] {
            let lead = part.len() - part.trim_start().len();
            let (part, at) = (part.trim(), at + lead);
            match alternatives(part) {
                Some(inner) => out.extend(inner.into_iter().map(|(p, o)| (p, at + o))),
                None if !part.is_empty() => out.push((part, at)),
                None => {}
            }
        }
        return Some(out);
    }
    let cuts: Vec<usize> = ops
        .iter()
        .filter(|&&(_, op)| op == "||" || op == "??")
        .map(|&(at, _)| at)
        .collect();
    if cuts.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in cuts.iter().copied().chain([text.len()]) {
        push_item(text, start, end, &mut out);
        start = end + 2;
    }
    Some(out)
}

/// The top-level `?`, `:`, `||` and `??` of a JS expression (outside brackets, strings,
/// comments and regex literals; `?.` is not a `?`), with their offsets.
fn top_level_ops(text: &str) -> Vec<(usize, &'static str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' | b'{' => {
                i = matching(text, i, Lang::Js);
                continue;
            }
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i, b.len());
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = skip_line(b, i, b.len());
                continue;
            }
            b'/' if i == 0 || b"(,=:[!&|?{};".contains(&last_sig(b, i)) => {
                i = skip_regex(b, i, b.len());
                continue;
            }
            b'|' if b.get(i + 1) == Some(&b'|') => {
                out.push((i, "||"));
                i += 2;
                continue;
            }
            b'?' if b.get(i + 1) == Some(&b'?') => {
                out.push((i, "??"));
                i += 2;
                continue;
            }
            b'?' if b.get(i + 1) == Some(&b'.')
                && !b.get(i + 2).is_some_and(u8::is_ascii_digit) => {}
            b'?' => out.push((i, "?")),
            b':' => out.push((i, ":")),
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_skip_strings_comments_and_regexes() {
        let t = "cors({ origin: /a\\)b[)]/, x: ')', // )\n y: [1] }) tail";
        let end = matching(t, 4, Lang::Js);
        assert_eq!(&t[end..], " tail");
        let t = "CORS(app, origins=['a)'])  # )\nnext";
        assert_eq!(&t[matching(t, 4, Lang::Hash)..], "  # )\nnext");
    }

    #[test]
    fn top_level_items_and_pairs() {
        let (inner, _) = inside(
            "{ origin: ['a', 'b'], credentials: true, 'maxAge': 10 }",
            0,
            Lang::Js,
        );
        let items = split_top(inner, Lang::Js);
        assert_eq!(items.len(), 3);
        let (k, v, _) = key_value(items[0].0).unwrap();
        assert_eq!((k.as_str(), v), ("origin", "['a', 'b']"));
        assert_eq!(key_value("'maxAge': 10").unwrap().0, "maxAge");
        assert_eq!(key_value("allow_credentials=True").unwrap().1, "True");
        assert!(key_value("a == b").is_none());
        assert_eq!(
            key_value(r#"r"/api/*": {"origins": "*"}"#).unwrap().0,
            "/api/*"
        );
    }

    #[test]
    fn string_and_regex_literals() {
        assert_eq!(
            string_value("'https://a.com'").as_deref(),
            Some("https://a.com")
        );
        assert_eq!(string_value(r#""a\\.com""#).as_deref(), Some(r"a\.com"));
        assert_eq!(string_value(r#"r"a\.com""#).as_deref(), Some(r"a\.com"));
        assert_eq!(string_value("`x`").as_deref(), Some("x"));
        assert_eq!(string_value("x"), None);
        assert_eq!(
            regex_literal(r"/acme\.com$/i"),
            Some((r"acme\.com$".into(), "i".into()))
        );
        assert_eq!(regex_literal("/"), None);
    }

    #[test]
    fn unclosed_input_does_not_panic() {
        for t in ["(", "{'", "/", "([/", "\"\\", "é(", "(é"] {
            let _ = matching(t, 0, Lang::Js);
            let _ = split_top(t, Lang::Js);
            let _ = key_value(t);
            let _ = string_value(t);
            let _ = regex_literal(t);
        }
    }
    #[test]
    fn alternatives_are_the_branches_and_fallbacks() {
        let vals = |t: &str| {
            alternatives(t).map(|v| {
                v.into_iter()
                    .map(|(p, at)| {
                        assert_eq!(&t[at..at + p.len()], p, "offset of {p}");
                        p.to_owned()
                    })
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            vals("isProd ? 'https://acme.com' : true"),
            Some(vec!["'https://acme.com'".into(), "true".into()])
        );
        assert_eq!(
            vals("a ? b ? 'x' : 'y' : c"),
            Some(vec!["'x'".into(), "'y'".into(), "c".into()])
        );
        assert_eq!(
            vals("process.env.WEB_URL || '*'"),
            Some(vec!["process.env.WEB_URL".into(), "'*'".into()])
        );
        assert_eq!(vals("env.A ?? env.B ?? true").map(|v| v.len()), Some(3));
        assert_eq!(vals("cfg?.origin"), None);
        assert_eq!(vals("'a ? b : c'"), None);
        assert_eq!(vals("f(a ? b : c)"), None);
        assert_eq!(vals("/a|b?/"), None);
        assert_eq!(vals("'https://acme.com'"), None);
    }
}
