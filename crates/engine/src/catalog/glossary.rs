//! The glossary (`crates/engine/rules/glossary.toml`): engineering words a founder
//! meets on the pages (p95, CORS, RLS, tenant isolation, SARIF), each with a
//! definition in plain words, and where they occur in a text so a page can explain
//! them in place.
//!
//! A word is found as a whole word, ignoring case: letters, digits, `-` and `_` on
//! either side make it part of something else (`cors-wildcard` is a rule id, not the
//! word CORS). Each term's examples and counter-examples are checked when it loads.

use std::sync::OnceLock;

use serde::Deserialize;

/// `rules/glossary.toml`, converted to JSON by `build.rs`: the app reads it, and links
/// no TOML parser.
const GLOSSARY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/glossary.json"));

/// One word and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// As the pages write it.
    pub term: String,
    /// Other spellings of the same thing.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub definition: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

impl Term {
    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A piece of a text: plain, or one occurrence of a glossary term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'t, 'g> {
    pub text: &'t str,
    pub term: Option<&'g Term>,
}

/// The glossary's terms, in data order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    terms: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    term: Vec<Term>,
}

impl Glossary {
    /// The glossary compiled into this build (validated once; a broken file is a
    /// build defect, caught by the tests below).
    pub fn built_in() -> &'static Glossary {
        static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
        GLOSSARY.get_or_init(|| {
            serde_json::from_str::<GlossaryFile>(GLOSSARY_JSON)
                .map_err(|e| e.to_string())
                .and_then(Glossary::checked)
                .unwrap_or_else(|e| panic!("glossary.toml: {e}"))
        })
    }

    /// Parses and validates glossary data; the error names the term at fault.
    pub fn parse(text: &str) -> Result<Glossary, String> {
        let file: GlossaryFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Glossary::checked(file)
    }

    /// The glossary of a file read, if every term is sound.
    fn checked(file: GlossaryFile) -> Result<Glossary, String> {
        let glossary = Glossary { terms: file.term };
        let mut seen: Vec<String> = Vec::new();
        for t in &glossary.terms {
            if t.definition.trim().is_empty() {
                return Err(format!("{:?} has no definition", t.term));
            }
            for s in t.spellings() {
                let key = s.to_lowercase();
                // ASCII only: spans match byte-wise, ignoring ASCII case.
                if s.trim().is_empty() || !s.is_ascii() || seen.contains(&key) {
                    return Err(format!(
                        "{:?}: empty, non-ASCII or repeated spelling {s:?}",
                        t.term
                    ));
                }
                seen.push(key);
            }
            if t.examples.is_empty() {
                return Err(format!("{:?} has no example", t.term));
            }
            for e in &t.examples {
                if !glossary.find(e).iter().any(|f| f.term == t.term) {
                    return Err(format!("{:?} not found in its example {e:?}", t.term));
                }
            }
            for e in &t.counter_examples {
                if glossary.find(e).iter().any(|f| f.term == t.term) {
                    return Err(format!("{:?} found in its counter-example {e:?}", t.term));
                }
            }
        }
        Ok(glossary)
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// `text` cut into plain pieces and glossary terms, in order; joined back they give
    /// `text` unchanged. Where spellings overlap, the longest one at a position wins.
    pub fn spans<'t>(&self, text: &'t str) -> Vec<Span<'t, '_>> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let (mut plain_from, mut i) = (0, 0);
        while i < bytes.len() {
            let at_start = i == 0 || !is_word_byte(bytes[i - 1]);
            let found = at_start
                .then(|| {
                    self.terms
                        .iter()
                        .flat_map(|t| t.spellings().map(move |s| (t, s.len())))
                        .filter(|(t, len)| {
                            let end = i + len;
                            end <= bytes.len()
                                && t.spellings().any(|s| {
                                    // Byte-wise: a match is ASCII, so never cuts a character.
                                    s.len() == *len
                                        && bytes[i..end].eq_ignore_ascii_case(s.as_bytes())
                                })
                                && (end == bytes.len() || !is_word_byte(bytes[end]))
                        })
                        .max_by_key(|(_, len)| *len)
                })
                .flatten();
            match found {
                Some((term, len)) => {
                    if plain_from < i {
                        out.push(Span {
                            text: &text[plain_from..i],
                            term: None,
                        });
                    }
                    out.push(Span {
                        text: &text[i..i + len],
                        term: Some(term),
                    });
                    i += len;
                    plain_from = i;
                }
                None => i += 1,
            }
        }
        if plain_from < text.len() {
            out.push(Span {
                text: &text[plain_from..],
                term: None,
            });
        }
        out
    }

    /// The terms `text` uses, each once, in glossary order.
    pub fn find(&self, text: &str) -> Vec<&Term> {
        let used: Vec<&Term> = self.spans(text).iter().filter_map(|s| s.term).collect();
        self.terms
            .iter()
            .filter(|t| used.iter().any(|u| u.term == t.term))
            .collect()
    }
}

/// Letters, digits, `-` and `_`: what makes a match part of a longer word or an id.
/// Bytes of multi-byte characters count as word bytes (never a boundary inside one).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_glossary_loads_with_the_five_words_the_pages_use() {
        let g = Glossary::built_in();
        let terms: Vec<&str> = g.terms().iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["p95", "CORS", "RLS", "tenant isolation", "SARIF"]);
    }

    #[test]
    fn spans_cut_a_text_into_plain_pieces_and_whole_word_terms() {
        let g = Glossary::built_in();
        // (text, [(piece, the term it is)])
        type Case<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);
        let cases: &[Case] = &[
            (
                "Critical API p95 under 300 ms.",
                &[
                    ("Critical API ", None),
                    ("p95", Some("p95")),
                    (" under 300 ms.", None),
                ],
            ),
            (
                "Lock CORS and enable Row Level Security.",
                &[
                    ("Lock ", None),
                    ("CORS", Some("CORS")),
                    (" and enable ", None),
                    ("Row Level Security", Some("RLS")),
                    (".", None),
                ],
            ),
            (
                "cors-wildcard-credentials",
                &[("cors-wildcard-credentials", None)],
            ),
            (
                "tenant isolation",
                &[("tenant isolation", Some("tenant isolation"))],
            ),
            ("é CORS", &[("é ", None), ("CORS", Some("CORS"))]),
            ("a — b", &[("a — b", None)]),
            ("—", &[("—", None)]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, Option<&str>)> = g
                .spans(text)
                .iter()
                .map(|s| (s.text, s.term.map(|t| t.term.as_str())))
                .collect();
            assert_eq!(&got, want, "{text:?}");
            let joined: String = g.spans(text).iter().map(|s| s.text).collect();
            assert_eq!(&joined, text);
        }
    }

    #[test]
    fn broken_glossary_data_is_refused_with_the_term_named() {
        let cases = [
            ("[[term]]\nterm = \"X\"\ndefinition = \"\"\nexamples = [\"X\"]", "no definition"),
            ("[[term]]\nterm = \"X\"\ndefinition = \"d\"\nexamples = [\"Y\"]", "not found in its example"),
            (
                "[[term]]\nterm = \"X\"\ndefinition = \"d\"\nexamples = [\"X\"]\ncounter_examples = [\"a X\"]",
                "counter-example",
            ),
            ("[[term]]\nterm = \"X\"\ndefinition = \"d\"\nexamples = [\"X\"]\nwhere = 1", "unknown field"),
        ];
        for (text, want) in cases {
            let e = Glossary::parse(text).unwrap_err();
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }
}
