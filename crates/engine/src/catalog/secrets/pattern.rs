//! Rule regexes, compiled the first time they are needed.
//!
//! Compiling all ~340 built-in rule regexes took 0.1–0.2 s of CPU before a
//! scan read its first byte, and most scans need a handful of them: a rule's
//! regex only runs near a hit of one of its keywords. So a built-in rule keeps
//! its pattern as text and compiles it when the keyword prefilter first hits
//! (once per process: the result is kept in a [`OnceLock`]).
//!
//! Nothing is silently skipped: every built-in pattern and allowlist regex is
//! compiled by a unit test (`every_built_in_pattern_compiles`), and rules from
//! a user's file are compiled when the file loads ([`Pattern::eager`]), so a
//! bad one is refused with the file and rule named. A built-in pattern that
//! failed anyway (impossible in a build whose tests passed) stops the scan
//! with the rule named rather than scanning without it.
//!
//! Rules without keywords (only possible in a user's gitleaks file) run on
//! every byte of every file, so deferring their compilation would gain
//! nothing: they are compiled at load like every user rule.

use std::sync::OnceLock;

use super::MAX_WINDOW;

/// A rule's regex with the capture group that holds the secret and the
/// window (bytes around a keyword hit) it is run on.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Compiled as a byte regex so that invalid UTF-8 never stops a scan; built
    /// with the regex crate's own engine (`regex_automata::meta`, configured as
    /// `regex::bytes::Regex` configures it) for its anchored searches.
    pub regex: regex_automata::meta::Regex,
    /// The capture group that holds the secret (0 = the whole match).
    pub secret_group: usize,
    /// How far (bytes) around a keyword hit the regex is run: its longest
    /// possible match (or the rule's `max_len`), capped at [`MAX_WINDOW`].
    pub window: usize,
    /// Every match starts with one of these (lower-case ASCII) literals, when
    /// the regex says so: a finite set of prefixes, none empty. The matcher
    /// runs a rule whose every literal starts with one of its keywords only
    /// where a keyword starts (see `scan::secrets::matcher`).
    pub leading: Option<Vec<Vec<u8>>>,
}

/// A rule's regex as written, compiled on first use.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// The rule's `secret_group`, if it set one.
    declared_group: Option<usize>,
    /// The rule's `max_len`, if it set one.
    max_len: Option<usize>,
    compiled: OnceLock<Result<Compiled, String>>,
}

impl Pattern {
    /// A pattern compiled when [`Pattern::compiled`] is first called.
    pub fn lazy(source: &str, secret_group: Option<usize>, max_len: Option<usize>) -> Pattern {
        Pattern {
            source: source.to_string(),
            declared_group: secret_group,
            max_len,
            compiled: OnceLock::new(),
        }
    }

    /// A pattern compiled now; the error is the reason it does not compile.
    pub fn eager(
        source: &str,
        secret_group: Option<usize>,
        max_len: Option<usize>,
    ) -> Result<Pattern, String> {
        let pattern = Pattern::lazy(source, secret_group, max_len);
        pattern.compiled().map_err(str::to_string)?;
        Ok(pattern)
    }

    /// The regex as written in the rule.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the regex has been compiled yet (for tests of laziness).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The compiled regex, compiling it on the first call.
    pub fn compiled(&self) -> Result<&Compiled, &str> {
        self.compiled
            .get_or_init(|| compile(&self.source, self.declared_group, self.max_len))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The compiled regex of a pattern that is known to compile (a built-in
    /// one, checked by a unit test, or one compiled at load).
    ///
    /// # Panics
    /// If it does not compile: scanning on without the rule would hide keys
    /// it exists to find.
    pub fn expect_compiled(&self, rule: &str) -> &Compiled {
        self.compiled().unwrap_or_else(|e| {
            panic!("rule \"{rule}\" has a broken regex (a unit test compiles every built-in rule): {e}")
        })
    }
}

/// An allowlist regex, compiled on first use like a rule's [`Pattern`].
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    compiled: OnceLock<Result<regex::bytes::Regex, String>>,
}

impl LazyRegex {
    pub fn lazy(source: &str) -> LazyRegex {
        LazyRegex {
            source: source.to_string(),
            compiled: OnceLock::new(),
        }
    }

    pub fn eager(source: &str) -> Result<LazyRegex, String> {
        let re = LazyRegex::lazy(source);
        re.compiled().map_err(str::to_string)?;
        Ok(re)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the regex has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    pub fn compiled(&self) -> Result<&regex::bytes::Regex, &str> {
        self.compiled
            .get_or_init(|| {
                regex::bytes::Regex::new(&self.source).map_err(|e| {
                    format!(
                        "allowlist regex does not compile: {}",
                        one_line(&e.to_string())
                    )
                })
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether the regex matches `hay`.
    ///
    /// # Panics
    /// If the regex does not compile (see [`Pattern::expect_compiled`]).
    pub fn is_match(&self, hay: &[u8]) -> bool {
        self.compiled()
            .unwrap_or_else(|e| panic!("{e} (a unit test compiles every built-in allowlist)"))
            .is_match(hay)
    }
}

/// Compiles a rule regex; returns it with the secret group (defaulting to 1
/// when the regex has groups, else 0) and the window a match can span.
fn compile(
    pattern: &str,
    secret_group: Option<usize>,
    max_len: Option<usize>,
) -> Result<Compiled, String> {
    let regex = regex_automata::meta::Builder::new()
        // As `regex::bytes::RegexBuilder` builds it (leftmost-first, empty
        // matches anywhere, patterns over bytes), with a 32 MiB NFA limit.
        .configure(
            regex_automata::meta::Config::new()
                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                .utf8_empty(false)
                .nfa_size_limit(Some(32 << 20))
                .hybrid_cache_capacity(2 << 20),
        )
        .syntax(regex_automata::util::syntax::Config::new().utf8(false))
        .build(pattern)
        .map_err(|e| {
            // The regex crate words the error better (what and where).
            let reason = regex::bytes::RegexBuilder::new(pattern)
                .size_limit(32 << 20)
                .build()
                .err()
                .map_or_else(|| e.to_string(), |e| e.to_string());
            format!("regex does not compile: {}", one_line(&reason))
        })?;
    let groups = regex.captures_len() - 1;
    let group = secret_group.unwrap_or(if groups > 0 { 1 } else { 0 });
    if group > groups {
        return Err(format!(
            "secret_group {group} does not exist (the regex has {groups} capture group{})",
            if groups == 1 { "" } else { "s" }
        ));
    }
    // A long bounded repetition (`{64,8000}`) costs megabytes of compiled
    // automaton; a rule may instead write `+` and state its longest match.
    let window = max_len.map_or_else(|| match_window(pattern), |n| n.min(MAX_WINDOW));
    Ok(Compiled {
        regex,
        secret_group: group,
        window,
        leading: leading_literals(pattern),
    })
}

/// The literals every match of `pattern` starts with, lower-cased, if the regex
/// allows only finitely many and none is empty: `(?i)(?:key|token)=` gives
/// `key` and `token` in every case; `\b` and `^` are not bytes and do not
/// count, so `\b(sk_live_…)` gives `sk_live_`; a class of more than two bytes
/// (`[^0-9a-z]`, or a letter in Unicode case-insensitive mode, which has more
/// than two cases) where a match may start gives none.
fn leading_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_class(2)
        .limit_literal_len(64)
        .limit_total(10_000)
        .extract(&hir);
    let mut literals: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    if literals.is_empty() || literals.iter().any(Vec::is_empty) {
        return None;
    }
    literals.sort_unstable();
    literals.dedup();
    Some(literals)
}

/// How many repetitions an unbounded `*` or `+` is assumed to span when a
/// rule's window is sized (`[ \t]*` before a YAML value, `\s+` between words).
pub const UNBOUNDED_REPEAT: usize = 64;

/// The longest match the regex can produce, counting each unbounded repetition
/// as [`UNBOUNDED_REPEAT`] repetitions, capped at [`MAX_WINDOW`]: the text a
/// keyword hit must be searched around so that no match containing it is cut
/// off.
fn match_window(pattern: &str) -> usize {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .map_or(MAX_WINDOW, |hir| capped_len(&hir).min(MAX_WINDOW))
}

fn capped_len(hir: &regex_syntax::hir::Hir) -> usize {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(lit) => lit.0.len(),
        HirKind::Class(Class::Unicode(c)) => c.maximum_len().unwrap_or(4),
        HirKind::Class(Class::Bytes(_)) => 1,
        HirKind::Repetition(r) => {
            let times = r
                .max
                .map_or(UNBOUNDED_REPEAT.max(r.min as usize), |m| m as usize);
            capped_len(&r.sub).saturating_mul(times)
        }
        HirKind::Capture(c) => capped_len(&c.sub),
        HirKind::Concat(parts) => parts.iter().map(capped_len).fold(0, usize::saturating_add),
        HirKind::Alternation(parts) => parts.iter().map(capped_len).max().unwrap_or(0),
    }
}

/// Regex errors come with a multi-line caret diagram; keep the last line (the
/// reason) and the pattern excerpt so a message stays on one line.
pub(super) fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '^' || c == ' '))
        .collect();
    lines.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_patterns_compile_on_first_use_only() {
        let p = Pattern::lazy(r"\b(acme_[a-z]{4})\b", None, None);
        assert!(!p.is_compiled());
        let c = p.compiled().unwrap();
        assert_eq!((c.secret_group, c.window), (1, 9));
        assert!(p.is_compiled());
    }

    #[test]
    fn errors_name_the_reason() {
        let cases = [
            (
                r"(unclosed",
                None,
                "regex does not compile: regex parse error: (unclosed error: unclosed group",
            ),
            (
                r"(a)",
                Some(2),
                "secret_group 2 does not exist (the regex has 1 capture group)",
            ),
            (
                r"a",
                Some(1),
                "secret_group 1 does not exist (the regex has 0 capture groups)",
            ),
        ];
        for (source, group, expected) in cases {
            assert_eq!(
                Pattern::lazy(source, group, None).compiled().unwrap_err(),
                expected
            );
            assert_eq!(Pattern::eager(source, group, None).unwrap_err(), expected);
        }
        assert!(LazyRegex::eager("(x")
            .unwrap_err()
            .starts_with("allowlist regex does not compile"));
    }

    #[test]
    #[should_panic(expected = "rule \"broken\" has a broken regex")]
    fn a_broken_pattern_stops_the_scan_loudly() {
        Pattern::lazy("(", None, None).expect_compiled("broken");
    }

    #[test]
    fn leading_literals_are_the_prefixes_every_match_starts_with() {
        let lits = |p: &str| -> Option<Vec<String>> {
            leading_literals(p).map(|v| {
                v.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect()
            })
        };
        assert_eq!(
            lits(r"(?i-u)(?:key|TOKEN)[0-9a-z_]*="),
            Some(vec!["key".into(), "token".into()])
        );
        assert_eq!(
            lits(r"\b(sk_live_[0-9a-z]{24})\b"),
            Some(vec!["sk_live_".into()])
        );
        // A class too wide to spell out, an optional start, anything at all.
        assert_eq!(lits(r"(?i-u)(?:^|[^0-9a-z])pass="), None);
        assert_eq!(lits(r"[a-z]?key"), None);
        assert_eq!(lits(r"(?:x)?key"), Some(vec!["key".into(), "xkey".into()]));
        assert_eq!(lits(r".*key"), None);
        // Unicode case folding gives `k` three forms (K, k and the Kelvin sign).
        assert_eq!(lits(r"(?i)key"), None);
    }

    #[test]
    fn max_len_overrides_the_window() {
        let p = Pattern::lazy(r"acme_[a-z]+", None, Some(300));
        assert_eq!(p.compiled().unwrap().window, 300);
        let huge = Pattern::lazy(r"acme_[a-z]+", None, Some(usize::MAX));
        assert_eq!(huge.compiled().unwrap().window, MAX_WINDOW);
    }
}
