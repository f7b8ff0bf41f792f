//! Reads the origin checks written in code (`endsWith`, `startsWith`, `includes`,
//! `indexOf`, regex tests, list membership, equality) in JavaScript, Python, Ruby, Go
//! and C#, and turns them into origin rules the prover can run.
//!
//! The question asked of a code region is: before the origin is echoed, what check
//! guards it? No check means reflection; a matcher or regex becomes a pattern to
//! prove; membership and equality are safe (their literal origins are still checked
//! for `null` and `http://`).

use std::sync::OnceLock;

use regex::Regex;

use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::{
    Locator, MatchMode, OriginEntry, OriginPattern, OriginRule, PatternKind, Span,
};

/// A string literal in single, double or back quotes (capture groups 1..=3).
const QSTR: &str = r#"(?:"([^"\n]{0,300})"|'([^'\n]{0,300})'|`([^`\n]{0,300})`)"#;

/// The checks found in a region, with byte offsets relative to the region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checks {
    pub rules: Vec<(OriginRule, usize)>,
    /// Safe membership or equality checks were found.
    pub safe_check: bool,
    /// Code that allows every origin (`callback(null, true)`, `return true`...).
    pub allows_all: bool,
}

impl Checks {
    /// No check of any kind guards the origin.
    pub fn unguarded(&self) -> bool {
        self.rules.is_empty() && !self.safe_check
    }

    /// The origins these checks let in, for a matcher whose text starts at `base`:
    /// reflection (at `at`) when nothing guards the origin, else each check's rule where
    /// it is written.
    pub fn origin_entries(self, loc: &Locator, base: usize, at: Span) -> Vec<OriginEntry> {
        if self.unguarded() {
            return vec![OriginEntry {
                rule: OriginRule::Reflect,
                at,
            }];
        }
        self.rules
            .into_iter()
            .map(|(rule, off)| OriginEntry {
                rule,
                at: loc.span(base + off),
            })
            .collect()
    }
}

struct Matchers {
    suffix: Regex,
    prefix: Regex,
    contains: Regex,
    go_contains: Regex,
    py_in: Regex,
    js_regex_test: Regex,
    js_regex_match: Regex,
    js_new_regexp: Regex,
    py_re: Regex,
    go_re: Regex,
    ruby_re: Regex,
    cs_re: Regex,
    equality: Regex,
    membership: Regex,
    allow_all: Regex,
}

fn matchers() -> &'static Option<Matchers> {
    static M: OnceLock<Option<Matchers>> = OnceLock::new();
    M.get_or_init(|| {
        let re = |s: &str| Regex::new(&s.replace("QSTR", QSTR)).ok();
        let js_re_lit = r"/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[]){1,300})/([a-z]{0,6})";
        Some(Matchers {
            suffix: re(r"(?i)(?:\.\s*(?:endsWith|end_with\?)\s*\(?\s*|strings\.HasSuffix\s*\(\s*[\w.()\[\]]+\s*,\s*)QSTR")?,
            prefix: re(r"(?i)(?:\.\s*(?:startsWith|start_with\?)\s*\(?\s*|strings\.HasPrefix\s*\(\s*[\w.()\[\]]+\s*,\s*)QSTR")?,
            contains: re(r"(?i)\b\w*origin\w*(?:\.\w+)*\s*\.\s*(?:includes|indexOf|contains|include\?|search|find|IndexOf)\s*\(\s*QSTR")?,
            go_contains: re(r"(?i)strings\.(?:Contains|Index)\s*\(\s*\w*origin\w*\s*,\s*QSTR")?,
            py_in: re(r"(?i)QSTR\s+in\s+\w*origin")?,
            js_regex_test: re(&format!(r"{js_re_lit}\s*\.\s*test\s*\("))?,
            js_regex_match: re(&format!(r"\.\s*match\s*\(\s*{js_re_lit}"))?,
            js_new_regexp: re(r"new\s+RegExp\s*\(\s*QSTR\s*(?:,\s*QSTR)?")?,
            py_re: re(r#"re\.(match|search|fullmatch)\(\s*r?(?:"([^"\n]{0,300})"|'([^'\n]{0,300})')"#)?,
            go_re: re(r#"regexp\.(?:MustCompile|Compile)\(\s*(?:`([^`\n]{0,300})`|"((?:\\.|[^"\\\n]){0,300})")"#)?,
            ruby_re: re(&format!(r"(?:=~|match\?\(|match\()\s*{js_re_lit}"))?,
            cs_re: re(r#"Regex\.IsMatch\(\s*[\w.]+\s*,\s*@?"([^"\n]{0,300})""#)?,
            equality: re(r"(?i)(?:\w*origin\w*\s*(?:===?|!==?)\s*QSTR|QSTR\s*(?:===?|!==?)\s*\w*origin\w*)")?,
            membership: re(r"(?i)(?:\.\s*(?:includes|has|indexOf|contains|include\?|Contains|find|index|count)\s*\(\s*\w*origin\w*\s*\)|\b\w*origin\w*\s+(?:not\s+)?in\s+[\w.\[]|slices\.Contains\s*\(\s*\w+\s*,\s*\w*origin|\[\s*\w*origin\w*\s*\])")?,
            allow_all: re(r"(?i)(?:callback|cb|next|done)\s*\(\s*null\s*,\s*true\s*\)|return\s+true\b|=>\s*true\b|_\s*=>\s*true")?,
        })
    })
}

fn quoted(c: &regex::Captures<'_>, first: usize) -> Option<(String, usize)> {
    (first..first + 3).find_map(|i| c.get(i).map(|m| (m.as_str().to_owned(), m.start())))
}

fn literal_pattern(lit: &str, mode: MatchMode, wrap: fn(&str) -> String) -> OriginRule {
    OriginRule::Pattern(OriginPattern {
        source: lit.to_owned(),
        regex: Some(wrap(&regex::escape(&lit.to_ascii_lowercase()))),
        mode,
        kind: PatternKind::Matcher,
        case_insensitive: true,
    })
}

/// Finds the origin checks in `region`.
pub fn checks(region: &str) -> Checks {
    let mut out = Checks::default();
    let Some(m) = matchers() else { return out };
    for c in m.suffix.captures_iter(region) {
        if let Some((lit, at)) = quoted(&c, 1) {
            out.rules.push((
                literal_pattern(&lit, MatchMode::Full, |e| format!(".*{e}")),
                at,
            ));
        }
    }
    for c in m.prefix.captures_iter(region) {
        if let Some((lit, at)) = quoted(&c, 1) {
            out.rules.push((
                literal_pattern(&lit, MatchMode::Full, |e| format!("{e}.*")),
                at,
            ));
        }
    }
    for re in [&m.contains, &m.go_contains, &m.py_in] {
        for c in re.captures_iter(region) {
            if let Some((lit, at)) = quoted(&c, 1) {
                out.rules.push((
                    literal_pattern(&lit, MatchMode::Search, |e| e.to_owned()),
                    at,
                ));
            }
        }
    }
    for re in [&m.js_regex_test, &m.js_regex_match] {
        for c in re.captures_iter(region) {
            if let Some(src) = c.get(1) {
                let flags = c.get(2).map_or("", |f| f.as_str());
                out.rules.push((
                    OriginRule::regex(src.as_str(), flags, Flavor::JavaScript, MatchMode::Search),
                    src.start(),
                ));
            }
        }
    }
    for c in m.js_new_regexp.captures_iter(region) {
        if let Some((src, at)) = quoted(&c, 1) {
            let flags = quoted(&c, 4).map(|f| f.0).unwrap_or_default();
            // A JS string literal doubles its backslashes.
            let src = src.replace(r"\\", r"\");
            out.rules.push((
                OriginRule::regex(&src, &flags, Flavor::JavaScript, MatchMode::Search),
                at,
            ));
        }
    }
    for c in m.py_re.captures_iter(region) {
        let mode = match c.get(1).map_or("", |f| f.as_str()) {
            "match" => MatchMode::Start,
            "fullmatch" => MatchMode::Full,
            _ => MatchMode::Search,
        };
        if let Some(src) = c.get(2).or_else(|| c.get(3)) {
            out.rules.push((
                OriginRule::regex(src.as_str(), "", Flavor::Python, mode),
                src.start(),
            ));
        }
    }
    for c in m.go_re.captures_iter(region) {
        if let Some(src) = c.get(1).or_else(|| c.get(2)) {
            let s = if c.get(2).is_some() {
                src.as_str().replace(r"\\", r"\")
            } else {
                src.as_str().to_owned()
            };
            out.rules.push((
                OriginRule::regex(&s, "", Flavor::Pcre, MatchMode::Search),
                src.start(),
            ));
        }
    }
    for c in m.ruby_re.captures_iter(region) {
        if let Some(src) = c.get(1) {
            let flags = c.get(2).map_or("", |f| f.as_str());
            out.rules.push((
                OriginRule::regex(src.as_str(), flags, Flavor::Ruby, MatchMode::Search),
                src.start(),
            ));
        }
    }
    for c in m.cs_re.captures_iter(region) {
        if let Some(src) = c.get(1) {
            out.rules.push((
                OriginRule::regex(src.as_str(), "", Flavor::Pcre, MatchMode::Search),
                src.start(),
            ));
        }
    }
    for c in m.equality.captures_iter(region) {
        out.safe_check = true;
        if let Some((lit, at)) = quoted(&c, 1).or_else(|| quoted(&c, 4)) {
            if let Some(rule) = OriginRule::literal(&lit) {
                out.rules.push((rule, at));
            }
        }
    }
    if m.membership.is_match(region) {
        out.safe_check = true;
    }
    out.allows_all = m.allow_all.is_match(region);
    out
}

/// Origin-looking string literals in `text` (allowlists), with offsets.
pub fn origin_literals(text: &str) -> Vec<(OriginRule, usize)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = RE.get_or_init(|| Regex::new(QSTR).ok()).as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| quoted(&c, 1))
        .filter_map(|(lit, at)| {
            OriginRule::literal(&lit)
                .filter(|r| !matches!(r, OriginRule::Any))
                .map(|r| (r, at))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(region: &str) -> Vec<String> {
        checks(region)
            .rules
            .into_iter()
            .map(|(r, _)| match r {
                OriginRule::Pattern(p) => format!("{:?}:{}", p.mode, p.regex.unwrap_or_default()),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn matchers_in_each_language_become_patterns() {
        assert_eq!(
            kinds("if (origin.endsWith('acme.com'))"),
            [r"Full:.*acme\.com"]
        );
        assert_eq!(
            kinds("strings.HasSuffix(origin, \"acme.com\")"),
            [r"Full:.*acme\.com"]
        );
        assert_eq!(kinds("origin.end_with?('acme.com')"), [r"Full:.*acme\.com"]);
        assert_eq!(
            kinds("origin.startsWith(\"https://acme.com\")"),
            [r"Full:https://acme\.com.*"]
        );
        assert_eq!(
            kinds("if (origin.indexOf('acme.com') !== -1)"),
            [r"Search:acme\.com"]
        );
        assert_eq!(kinds("if \"acme.com\" in origin:"), [r"Search:acme\.com"]);
        assert_eq!(
            kinds("if (/^https:\\/\\/acme\\.com$/.test(origin))"),
            [r"Search:^https://acme\.com$"]
        );
        assert_eq!(
            kinds("if re.match(r\"https://acme\\.com\", origin):"),
            [r"Start:https://acme\.com"]
        );
        assert_eq!(
            kinds("regexp.MustCompile(`^https://acme\\.com$`).MatchString(origin)"),
            [r"Search:^https://acme\.com$"]
        );
    }

    #[test]
    fn membership_and_equality_are_safe_checks() {
        let c = checks("if (!origin || allowed.includes(origin)) return cb(null, true);");
        assert!(c.safe_check && c.rules.is_empty() && c.allows_all);
        let c = checks("if (origin === 'https://app.acme.com' || origin === 'null')");
        assert!(c.safe_check);
        assert!(c.rules.iter().any(|(r, _)| *r == OriginRule::Null));
        assert!(checks("if (req.method === 'OPTIONS') {}").unguarded());
        assert!(checks("callback(null, true)").unguarded());
    }

    #[test]
    fn list_membership_on_a_list_named_origins_is_not_a_substring_check() {
        assert!(kinds("allowedOrigins.includes(origin)").is_empty());
        assert!(kinds("ALLOWED_ORIGINS.indexOf(origin) > -1").is_empty());
    }
}
