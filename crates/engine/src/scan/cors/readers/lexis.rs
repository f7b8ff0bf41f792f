//! Comments and strings, the way each language writes them, so that no comment
//! anywhere changes what a reader sees: every reader runs on a copy of the text whose
//! comments are blanked ([`blank_comments`]: each comment byte becomes a space, line
//! breaks stay), so byte offsets, lines and columns are the original's.
//!
//! Strings are respected (`"https://app.acme.com"` holds no comment, nor does a JS
//! regex literal `/https:\/\//`); an unclosed `'`/`"` string ends at the line break,
//! so a stray quote in a fragment cannot hide the rest of the file.

use std::borrow::Cow;

use crate::scan::cors::model::Family;

/// How a language writes comments and strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexis {
    /// `//` starts a line comment.
    pub slashes: bool,
    /// `/* … */` block comments.
    pub block: bool,
    /// `#` starts a line comment.
    pub hash: HashComments,
    /// String delimiters (`"`, `'`, `` ` ``).
    pub quotes: &'static [u8],
    /// `"""`/`'''` strings (Python, TOML, Java text blocks).
    pub triple_quotes: bool,
    /// Backslash escapes inside strings.
    pub escapes: bool,
    /// JavaScript regex literals.
    pub regex_literals: bool,
    /// `<!-- … -->` (XML).
    pub markup: bool,
}

/// Where `#` starts a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashComments {
    No,
    /// Anywhere outside strings (Python, Ruby, shell-like configs, PHP, HCL).
    Anywhere,
    /// After whitespace or at a line start (YAML: `a#b` is a value).
    AfterSpace,
    /// Only as a line's first non-blank character (Apache, `_headers`).
    LineStart,
}

const NONE: Lexis = Lexis {
    slashes: false,
    block: false,
    hash: HashComments::No,
    quotes: b"",
    triple_quotes: false,
    escapes: true,
    regex_literals: false,
    markup: false,
};

impl Lexis {
    /// The lexis of a format family.
    pub fn of(family: Family) -> Lexis {
        let c_like = Lexis {
            slashes: true,
            block: true,
            quotes: b"\"'",
            ..NONE
        };
        match family {
            Family::JavaScript => Lexis {
                quotes: b"\"'`",
                regex_literals: true,
                ..c_like
            },
            Family::Go => Lexis {
                quotes: b"\"'`",
                ..c_like
            },
            Family::Java => Lexis {
                triple_quotes: true,
                ..c_like
            },
            Family::DotNet | Family::Json => c_like,
            Family::Php | Family::Hcl => Lexis {
                hash: HashComments::Anywhere,
                ..c_like
            },
            Family::Python | Family::Toml => Lexis {
                hash: HashComments::Anywhere,
                quotes: b"\"'",
                triple_quotes: true,
                ..NONE
            },
            Family::Ruby | Family::Nginx => Lexis {
                hash: HashComments::Anywhere,
                quotes: b"\"'",
                ..NONE
            },
            Family::Yaml => Lexis {
                hash: HashComments::AfterSpace,
                quotes: b"\"'",
                escapes: false,
                ..NONE
            },
            Family::Apache | Family::HeadersFile => Lexis {
                hash: HashComments::LineStart,
                quotes: b"\"",
                ..NONE
            },
            Family::Xml => Lexis {
                markup: true,
                ..NONE
            },
            Family::RawHeaders => NONE,
        }
    }
}

/// What a byte of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Code,
    String,
    Comment,
}

/// The class of every byte of `text` under `lexis`.
pub fn classify(text: &str, lexis: Lexis) -> Vec<Class> {
    let b = text.as_bytes();
    let mut out = vec![Class::Code; b.len()];
    let mut i = 0;
    let mut line_start = true;
    let mut prev_sig = b'(';
    while i < b.len() {
        let c = b[i];
        let rest = &b[i..];
        let comment_end = if lexis.slashes && rest.starts_with(b"//") {
            Some(line_end(b, i))
        } else if lexis.block && rest.starts_with(b"/*") {
            Some(find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2))
        } else if lexis.markup && rest.starts_with(b"<!--") {
            Some(find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3))
        } else if c == b'#' && hash_starts_comment(b, i, lexis.hash, line_start) {
            Some(line_end(b, i))
        } else {
            None
        };
        if let Some(end) = comment_end {
            out[i..end].iter_mut().for_each(|x| *x = Class::Comment);
            i = end;
            continue;
        }
        if lexis.quotes.contains(&c) {
            let end = string_end(b, i, lexis);
            out[i..end].iter_mut().for_each(|x| *x = Class::String);
            i = end;
            prev_sig = b'a';
            line_start = false;
            continue;
        }
        if lexis.regex_literals && c == b'/' && b"(,=:[!&|?{};".contains(&prev_sig) {
            let end = regex_end(b, i);
            out[i..end].iter_mut().for_each(|x| *x = Class::String);
            i = end;
            prev_sig = b'a';
            continue;
        }
        if c == b'\n' {
            line_start = true;
        } else if !c.is_ascii_whitespace() {
            line_start = false;
            prev_sig = c;
        }
        i += 1;
    }
    out
}

/// `text` with its comments blanked (each comment byte a space, line breaks kept).
pub fn blank_comments(text: &str, lexis: Lexis) -> Cow<'_, str> {
    let classes = classify(text, lexis);
    if !classes.contains(&Class::Comment) {
        return Cow::Borrowed(text);
    }
    let blanked: Vec<u8> = text
        .bytes()
        .zip(&classes)
        .map(|(byte, class)| match (class, byte) {
            (Class::Comment, b'\n') => b'\n',
            (Class::Comment, _) => b' ',
            (_, byte) => byte,
        })
        .collect();
    // Only whole comments are blanked, and a comment never ends inside a multi-byte
    // character (its delimiters are ASCII), so the bytes stay UTF-8.
    Cow::Owned(
        String::from_utf8(blanked)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

fn hash_starts_comment(b: &[u8], i: usize, rule: HashComments, line_start: bool) -> bool {
    match rule {
        HashComments::No => false,
        // PHP 8 attributes `#[Route(...)]` are code.
        HashComments::Anywhere => b.get(i + 1) != Some(&b'['),
        HashComments::AfterSpace => i == 0 || b[i - 1].is_ascii_whitespace(),
        HashComments::LineStart => line_start,
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The index after the string opening at `i`.
fn string_end(b: &[u8], i: usize, lexis: Lexis) -> usize {
    let q = b[i];
    if lexis.triple_quotes && b[i..].starts_with(&[q, q, q]) {
        return find(b, i + 3, &[q, q, q]).map_or(b.len(), |e| e + 3);
    }
    let multiline = q == b'`';
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if lexis.escapes => j += 2,
            c if c == q => return j + 1,
            b'\n' if !multiline => return j,
            _ => j += 1,
        }
    }
    b.len()
}

/// The index after the JS regex literal opening at `i` (a `/`).
fn regex_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut in_class = false;
    while j < b.len() {
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
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return j;
            }
            b'\n' => return j,
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(text: &str, family: Family) -> String {
        blank_comments(text, Lexis::of(family)).into_owned()
    }

    #[test]
    fn comments_go_and_strings_stay_in_each_language() {
        let cases = [
            (
                Family::JavaScript,
                "cors({ origin: '*', // x\n credentials: /* y */ true, re: /a\\/\\/b/ })",
                "cors({ origin: '*',     \n credentials:         true, re: /a\\/\\/b/ })",
            ),
            (
                Family::JavaScript,
                "const u = 'https://a.com'; // c",
                "const u = 'https://a.com';     ",
            ),
            (
                Family::Python,
                "CORS(app, # c\n  origins=\"#x\", s='''a # b''')",
                "CORS(app,    \n  origins=\"#x\", s='''a # b''')",
            ),
            (
                Family::Go,
                "s := `//x` // c\nt := \"/*\" /* d */",
                "s := `//x`     \nt := \"/*\"        ",
            ),
            (
                Family::Php,
                "header('A: *'); # c\n#[Route('/')]\n// d",
                "header('A: *');    \n#[Route('/')]\n    ",
            ),
            (
                Family::Yaml,
                "AllowOrigin: \"'https://a#b'\" # c\nx: a#b",
                "AllowOrigin: \"'https://a#b'\"    \nx: a#b",
            ),
            (
                Family::Apache,
                "# c\nHeader set X \"a # b\"",
                "   \nHeader set X \"a # b\"",
            ),
            (
                Family::Xml,
                "<a><!-- <AllowedOrigin>*</AllowedOrigin> --></a>",
                "<a>                                         </a>",
            ),
        ];
        for (family, text, want) in cases {
            assert_eq!(blank(text, family), want, "{family:?}: {text}");
        }
    }

    #[test]
    fn offsets_and_characters_survive() {
        let text = "a = 'é' # ü€\nb = 1";
        let out = blank(text, Family::Python);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), 2);
        assert!(out.starts_with("a = 'é'"));
    }

    #[test]
    fn unclosed_strings_end_at_the_line() {
        let out = blank("x = 'open\ny = 1 // c", Family::JavaScript);
        assert_eq!(out, "x = 'open\ny = 1     ");
        for t in ["'", "\"", "`", "/*", "/", "#", "\"\"\"", "é'"] {
            for f in [Family::JavaScript, Family::Python, Family::Go, Family::Yaml] {
                let _ = blank(t, f);
            }
        }
    }
}
