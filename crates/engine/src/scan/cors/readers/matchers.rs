//! Reads the origin checks written in code (`endsWith`, `startsWith`, `includes`,
//! `indexOf`, regex tests, list membership, equality) in JavaScript, Python, Ruby, Go
//! and C#, and turns them into origin rules the prover can run.
//!
//! The question asked of a code region is: before the origin is echoed, what check
//! guards it? No check means reflection; a matcher or regex becomes a pattern to
//! prove; membership and equality are safe (their literal origins are still checked
//! for `null` and `http://`).

use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::{
    Locator, MatchMode, OriginEntry, OriginPattern, OriginRule, PatternKind, Span,
};
use crate::scan::cors::patterns::builtin_patterns;

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
    /// A conditional whose every branch allows (`if (…) cb(null, true); else cb(null,
    /// true)`): its checks decide nothing.
    pub every_branch_allows: bool,
}

impl Checks {
    /// No check of any kind guards the origin.
    pub fn unguarded(&self) -> bool {
        self.rules.is_empty() && !self.safe_check || self.every_branch_allows
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

/// A JS/Ruby regex literal `/body/flags` (groups: body, flags).
const JS_RE_LIT: &str = r"/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[]){1,300})/([a-z]{0,6})";

/// `pattern` with every `QSTR` replaced by [`QSTR`].
fn with_qstr(pattern: &str) -> String {
    pattern.replace("QSTR", QSTR)
}

builtin_patterns! {
    /// `.endsWith('x')`, Ruby `.end_with?('x')`, Go `strings.HasSuffix(o, "x")`.
    suffix_call = with_qstr(r"(?i)(?:\.\s*(?:endsWith|end_with\?)\s*\(?\s*|strings\s*\.\s*HasSuffix\s*\(\s*[\w.()\[\]\s]+?\s*,\s*)QSTR");
    /// `.startsWith('x')`, Ruby `.start_with?('x')`, Go `strings.HasPrefix(o, "x")`.
    prefix_call = with_qstr(r"(?i)(?:\.\s*(?:startsWith|start_with\?)\s*\(?\s*|strings\s*\.\s*HasPrefix\s*\(\s*[\w.()\[\]\s]+?\s*,\s*)QSTR");
    /// `origin.includes('x')` and the like: a substring test on the origin.
    contains_call = with_qstr(r"(?i)\b\w*origin\w*(?:\s*\.\s*\w+)*\s*\.\s*(?:includes|indexOf|contains|include\?|search|find|IndexOf)\s*\(\s*QSTR");
    /// Go `strings.HasSuffix(origin, suffix)` / `HasPrefix` / JS `.endsWith(suffix)` with
    /// a variable (groups: kind, variable).
    matcher_with_variable = r"(?i)(?:\.\s*(endsWith|startsWith)\s*\(\s*|strings\s*\.\s*(HasSuffix|HasPrefix)\s*\(\s*[\w.]+\s*,\s*)([A-Za-z_$][\w$]*)\s*\)";
    /// Go `strings.Contains(origin, "x")`.
    go_contains_call = with_qstr(r"(?i)strings\s*\.\s*(?:Contains|Index)\s*\(\s*\w*origin\w*\s*,\s*QSTR");
    /// Python `"x" in origin`.
    py_in_origin = with_qstr(r"(?i)QSTR\s+in\s+\w*origin");
    /// JS `/re/.test(`.
    js_regex_test = format!(r"{JS_RE_LIT}\s*\.\s*test\s*\(");
    /// JS `.match(/re/`.
    js_regex_match = format!(r"\.\s*match\s*\(\s*{JS_RE_LIT}");
    /// JS `new RegExp('re', 'flags')`.
    js_new_regexp = with_qstr(r"new\s+RegExp\s*\(\s*QSTR\s*(?:,\s*QSTR)?");
    /// Python `re.match|search|fullmatch(r"re"`.
    py_re_call = r#"re\s*\.\s*(match|search|fullmatch)\s*\(\s*r?(?:"([^"\n]{0,300})"|'([^'\n]{0,300})')"#;
    /// Go `regexp.MustCompile(`re`)`.
    go_re_call = r#"regexp\s*\.\s*(?:MustCompile|Compile)\s*\(\s*(?:`([^`\n]{0,300})`|"((?:\\.|[^"\\\n]){0,300})")"#;
    /// Ruby `=~ /re/`, `match?(/re/`.
    ruby_re_match = format!(r"(?:=~|match\?\(|match\()\s*{JS_RE_LIT}");
    /// C# `Regex.IsMatch(origin, @"re"`.
    cs_re_call = r#"Regex\s*\.\s*IsMatch\s*\(\s*[\w.\s]+?\s*,\s*@?"([^"\n]{0,300})""#;
    /// `origin === 'x'` either way round.
    equality = with_qstr(r"(?i)(?:\w*origin\w*\s*(?:===?|!==?)\s*QSTR|QSTR\s*(?:===?|!==?)\s*\w*origin\w*)");
    /// `list.includes(origin)`, `origin in list`, `slices.Contains(l, origin)`, `m[origin]`.
    membership = r"(?i)(?:\.\s*(?:includes|has|indexOf|contains|include\?|Contains|find|index|count)\s*\(\s*\w*origin\w*\s*\)|\b\w*origin\w*\s+(?:not\s+)?in\s+[\w.\[]|slices\s*\.\s*Contains\s*\(\s*\w+\s*,\s*\w*origin|in_array\s*\(\s*\$\w*origin|\[\s*\$?\w*origin\w*\s*\])";
    /// Code that allows every origin: `callback(null, true)`, `return true`, `=> true`.
    allow_all = r"(?i)(?:callback|cb|next|done)\s*\(\s*null\s*,\s*true\s*\)|return\s+true\b|=>\s*true\b|_\s*=>\s*true";
    /// A quoted string literal.
    quoted_string = QSTR;
    /// An `else` (or ternary's second branch) that allows too.
    else_allows = r"(?i)\belse\s*\{?\s*(?:return\s+)?(?:callback|cb|next|done)\s*\(\s*null\s*,\s*true\s*\)|\belse\s*\{?\s*return\s+true\b|\?\s*true\s*:\s*true\b";
    /// A path that refuses (`cb(new Error(…))`, `cb(null, false)`, `return false`).
    denies = r"(?i)(?:callback|cb|next|done)\s*\(\s*(?:null\s*,\s*false|new\s+Error|err)|return\s+false\b|=>\s*false\b";
    /// The origin compared with a variable (`v == origin`), or passed to a validating
    /// function whose verdict guards the echo (`if allowedOrigin(origin)`,
    /// `ok := isAllowed(list, origin)`); length and emptiness tests do not count.
    compared_or_validated = r"(?i)\b[a-z_$][\w$]*\s*===?\s*\$?\w*origin\w*\b|\b\w*origin\w*\s*===?\s*[a-z_$][\w$]*\b|(?:\b(?:if|elif|and|or|return)|&&|\|\||:=|=)\s*\(?\s*!?\s*(?:[a-z_$][\w$]*\.)?(?:is|check|valid|allow|verify|trust|match)\w*\s*\([^()]*\borigin\b";
    /// The list a membership check tests (group 1..=5).
    membership_list = r"(?i)([A-Za-z_$][\w$]*)\s*\.\s*(?:includes|has|indexOf|contains|include\?|Contains|count|index)\s*\(\s*\$?\w*origin|\b\w*origin\w*\s+(?:not\s+)?in\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*\[\s*\w*origin\w*\s*\]|slices\s*\.\s*Contains\s*\(\s*(\w+)|in_array\s*\(\s*\$\w*origin\w*\s*,\s*\$?(\w+)";
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
    for c in suffix_call().captures_iter(region) {
        if let Some((lit, at)) = quoted(&c, 1) {
            out.rules.push((
                literal_pattern(&lit, MatchMode::Full, |e| format!(".*{e}")),
                at,
            ));
        }
    }
    for c in matcher_with_variable().captures_iter(region) {
        let (Some(kind), Some(var)) = (c.get(1).or_else(|| c.get(2)), c.get(3)) else {
            continue;
        };
        // The variable's literal, when the region assigns one (`suffix := ".acme.com"`).
        let assigned = format!(
            r#"\b{}\s*:?=\s*["'`]([^"'`\n]{{1,200}})["'`]"#,
            regex::escape(var.as_str())
        );
        let Some(lit) = regex::Regex::new(&assigned)
            .ok()
            .and_then(|re| re.captures(region)?.get(1).map(|m| m.as_str().to_owned()))
        else {
            continue;
        };
        let suffix = kind.as_str().to_ascii_lowercase().contains("suffix")
            || kind.as_str().to_ascii_lowercase().starts_with("ends");
        let wrap: fn(&str) -> String = if suffix {
            |e| format!(".*{e}")
        } else {
            |e| format!("{e}.*")
        };
        out.rules
            .push((literal_pattern(&lit, MatchMode::Full, wrap), var.start()));
    }
    for c in prefix_call().captures_iter(region) {
        if let Some((lit, at)) = quoted(&c, 1) {
            out.rules.push((
                literal_pattern(&lit, MatchMode::Full, |e| format!("{e}.*")),
                at,
            ));
        }
    }
    for re in [contains_call(), go_contains_call(), py_in_origin()] {
        for c in re.captures_iter(region) {
            if let Some((lit, at)) = quoted(&c, 1) {
                out.rules.push((
                    literal_pattern(&lit, MatchMode::Search, |e| e.to_owned()),
                    at,
                ));
            }
        }
    }
    for re in [js_regex_test(), js_regex_match()] {
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
    for c in js_new_regexp().captures_iter(region) {
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
    for c in py_re_call().captures_iter(region) {
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
    for c in go_re_call().captures_iter(region) {
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
    for c in ruby_re_match().captures_iter(region) {
        if let Some(src) = c.get(1) {
            let flags = c.get(2).map_or("", |f| f.as_str());
            out.rules.push((
                OriginRule::regex(src.as_str(), flags, Flavor::Ruby, MatchMode::Search),
                src.start(),
            ));
        }
    }
    for c in cs_re_call().captures_iter(region) {
        if let Some(src) = c.get(1) {
            out.rules.push((
                OriginRule::regex(src.as_str(), "", Flavor::Pcre, MatchMode::Search),
                src.start(),
            ));
        }
    }
    for c in equality().captures_iter(region) {
        let Some((lit, at)) = quoted(&c, 1).or_else(|| quoted(&c, 4)) else {
            continue;
        };
        // `origin != ""` only tests that an Origin was sent: not a check of which.
        if lit.trim().is_empty() {
            continue;
        }
        out.safe_check = true;
        // `origin != 'null'` excludes; only `==` lets a literal in.
        let negated = c.get(0).is_some_and(|m| m.as_str().contains('!'));
        if let Some(rule) = OriginRule::literal(&lit).filter(|_| !negated) {
            out.rules.push((rule, at));
        }
    }
    if membership().is_match(region) || compared_or_validated().is_match(region) {
        out.safe_check = true;
    }
    out.allows_all = allow_all().is_match(region);
    out.every_branch_allows = else_allows().is_match(region) && !denies().is_match(region);
    out
}

/// The names of the lists that membership checks in `region` test.
pub fn membership_lists(region: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in membership_list().captures_iter(region).take(16) {
        if let Some(m) = (1..=5).find_map(|i| c.get(i)) {
            if !out.contains(&m.as_str()) {
                out.push(m.as_str());
            }
        }
    }
    out
}

/// Origin-looking string literals in `text` (allowlists), with offsets.
pub fn origin_literals(text: &str) -> Vec<(OriginRule, usize)> {
    quoted_string()
        .captures_iter(text)
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
