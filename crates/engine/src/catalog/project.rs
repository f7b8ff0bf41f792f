//! What the project model reads as data (`rules/project/*.toml`):
//!
//! - `stack.toml`: the technologies a dropped project can be built with (frameworks,
//!   backends, auth, payments, AI SDKs, hosting…) and the manifest names or files that
//!   show each one;
//! - `patterns.toml`: the code patterns the evidence detectors look for (an auth check,
//!   a body read, a database write, a Stripe signature check…), one regular expression
//!   per language, each with lines it must match and lines it must not, checked here
//!   when the file loads;
//! - `items.toml`: the evidence items that are not checklist questions
//!   (`regression-tests`, `stripe-webhook-unverified`): their wording, polarity and
//!   severity.
//!
//! The detectors themselves (which patterns, in which files, make an answer) are code
//! in `crate::project::detect`; the patterns they name must exist here (a test in each
//! detector asks for every id it uses).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::catalog::assess::Answer;
use crate::finding::Severity;

const STACK_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/project/stack.toml"
));
const PATTERNS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/project/patterns.toml"
));
const ITEMS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/project/items.toml"
));

/// The languages a pattern can be written for. A file's language comes from its
/// extension (`crate::project::code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// JavaScript and TypeScript (`js`, `jsx`, `ts`, `tsx`, `mjs`, `cjs`, `mts`,
    /// `cts`, and the script of `vue`, `svelte`, `astro` files).
    Js,
    /// Python.
    Py,
    /// YAML (CI workflows).
    Yaml,
    /// JSON (`package.json` scripts).
    Json,
    /// HTML (script tags).
    Html,
    /// `.env` files (`KEY=value` lines).
    Env,
    /// TOML (`supabase/config.toml`).
    Toml,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::Js,
        Lang::Py,
        Lang::Yaml,
        Lang::Json,
        Lang::Html,
        Lang::Env,
        Lang::Toml,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Js => "js",
            Lang::Py => "py",
            Lang::Yaml => "yaml",
            Lang::Json => "json",
            Lang::Html => "html",
            Lang::Env => "env",
            Lang::Toml => "toml",
        }
    }
}

/// The kind of a technology in the stack.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum TechKind {
    Framework,
    Backend,
    Database,
    Auth,
    Payments,
    Ai,
    Hosting,
    ErrorTracking,
    Logging,
    Email,
    RateLimit,
    Validation,
    Testing,
}

impl TechKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TechKind::Framework => "framework",
            TechKind::Backend => "backend",
            TechKind::Database => "database",
            TechKind::Auth => "auth",
            TechKind::Payments => "payments",
            TechKind::Ai => "ai",
            TechKind::Hosting => "hosting",
            TechKind::ErrorTracking => "error-tracking",
            TechKind::Logging => "logging",
            TechKind::Email => "email",
            TechKind::RateLimit => "rate-limit",
            TechKind::Validation => "validation",
            TechKind::Testing => "testing",
        }
    }

    /// The kind as a founder reads it.
    pub fn label(self) -> &'static str {
        match self {
            TechKind::Framework => "Framework",
            TechKind::Backend => "Backend",
            TechKind::Database => "Database",
            TechKind::Auth => "Sign-in",
            TechKind::Payments => "Payments",
            TechKind::Ai => "AI",
            TechKind::Hosting => "Hosting",
            TechKind::ErrorTracking => "Error tracking",
            TechKind::Logging => "Logging",
            TechKind::Email => "Email",
            TechKind::RateLimit => "Rate limiting",
            TechKind::Validation => "Input validation",
            TechKind::Testing => "Testing",
        }
    }

    /// Kinds that are a third-party service the app integrates (counted as the
    /// estimate's "integrations").
    pub fn is_integration(self) -> bool {
        matches!(
            self,
            TechKind::Backend
                | TechKind::Auth
                | TechKind::Payments
                | TechKind::Ai
                | TechKind::ErrorTracking
                | TechKind::Email
        )
    }
}

/// One technology of `stack.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tech {
    pub id: String,
    pub name: String,
    pub kind: TechKind,
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub with: Vec<String>,
    #[serde(default)]
    pub python: Vec<String>,
    #[serde(default)]
    pub files: Vec<String>,
}

impl Tech {
    /// Whether the npm name `name` is one of this technology's packages (a trailing
    /// `*` matches any rest).
    pub fn has_package(&self, name: &str) -> bool {
        self.packages.iter().any(|p| name_matches(p, name))
    }

    /// Whether the PyPI name `name` is one of its Python packages.
    pub fn has_python(&self, name: &str) -> bool {
        let name = python_name(name);
        self.python.iter().any(|p| python_name(p) == name)
    }
}

/// A PyPI name compared the way pip does: lower case, `_` and `.` as `-`.
pub fn python_name(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix) && name.len() > prefix.len(),
        None => pattern == name,
    }
}

/// One code pattern of `patterns.toml`, compiled.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    /// What a hit means, in a sentence (shown in `docs/evidence.md`).
    pub about: String,
    /// The expression for each language it is written for.
    pub regexes: BTreeMap<Lang, Regex>,
}

impl Pattern {
    /// Whether `line` (of a file in `lang`) matches.
    pub fn is_match(&self, lang: Lang, line: &str) -> bool {
        self.regexes.get(&lang).is_some_and(|r| r.is_match(line))
    }
}

/// An evidence item that is not a checklist question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub risky_answer: Answer,
    pub severity: Severity,
}

/// Everything the project model reads as data, validated.
#[derive(Debug)]
pub struct ProjectRules {
    techs: Vec<Tech>,
    patterns: Vec<Pattern>,
    items: Vec<Item>,
    /// For each language, every pattern written for it, as one set (one pass per line).
    sets: BTreeMap<Lang, (RegexSet, Vec<usize>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StackFile {
    tech: Vec<Tech>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternsFile {
    pattern: Vec<PatternDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternDef {
    id: String,
    about: String,
    #[serde(default)]
    js: Option<String>,
    #[serde(default)]
    py: Option<String>,
    #[serde(default)]
    yaml: Option<String>,
    #[serde(default)]
    json: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    env: Option<String>,
    #[serde(default)]
    toml: Option<String>,
    #[serde(default, rename = "match")]
    matches: Vec<ExampleDef>,
    #[serde(default, rename = "ignore")]
    ignores: Vec<ExampleDef>,
}

/// One example line: `{ js = "…" }` or `{ py = "…" }` (an unknown language is refused
/// by `Lang`'s reader).
type ExampleDef = BTreeMap<Lang, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemsFile {
    item: Vec<ItemDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemDef {
    id: String,
    text: String,
    risky_answer: String,
    severity: String,
}

impl ProjectRules {
    /// The built-in data, parsed once (a test checks it parses; should it not, every
    /// list is empty and no evidence is given, rather than a panic in the page).
    pub fn built_in() -> &'static ProjectRules {
        static RULES: OnceLock<ProjectRules> = OnceLock::new();
        RULES.get_or_init(|| {
            ProjectRules::parse(STACK_TOML, PATTERNS_TOML, ITEMS_TOML).unwrap_or_else(|_| {
                ProjectRules {
                    techs: Vec::new(),
                    patterns: Vec::new(),
                    items: Vec::new(),
                    sets: BTreeMap::new(),
                }
            })
        })
    }

    /// Parses and checks the three files; the error names the file and the entry.
    pub fn parse(stack: &str, patterns: &str, items: &str) -> Result<ProjectRules, String> {
        let techs = parse_stack(stack)?;
        let patterns = parse_patterns(patterns)?;
        let items = parse_items(items)?;
        let mut sets = BTreeMap::new();
        for lang in Lang::ALL {
            let mut sources = Vec::new();
            let mut index = Vec::new();
            for (i, p) in patterns.iter().enumerate() {
                if let Some(r) = p.regexes.get(&lang) {
                    sources.push(r.as_str().to_owned());
                    index.push(i);
                }
            }
            let set = regex::RegexSetBuilder::new(&sources)
                .dfa_size_limit(32 << 20)
                .build()
                .map_err(|e| format!("patterns.toml: the {} set: {e}", lang.as_str()))?;
            sets.insert(lang, (set, index));
        }
        Ok(ProjectRules {
            techs,
            patterns,
            items,
            sets,
        })
    }

    pub fn techs(&self) -> &[Tech] {
        &self.techs
    }

    pub fn tech(&self, id: &str) -> Option<&Tech> {
        self.techs.iter().find(|t| t.id == id)
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The position of pattern `id` in [`ProjectRules::patterns`].
    pub fn pattern_index(&self, id: &str) -> Option<usize> {
        self.patterns.iter().position(|p| p.id == id)
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The positions of every pattern of `lang` that matches `line`.
    pub fn matching(&self, lang: Lang, line: &str, out: &mut Vec<usize>) {
        if let Some((set, index)) = self.sets.get(&lang) {
            out.extend(set.matches(line).into_iter().map(|i| index[i]));
        }
    }
}

fn parse_stack(text: &str) -> Result<Vec<Tech>, String> {
    let file: StackFile = toml::from_str(text).map_err(|e| format!("stack.toml: {e}"))?;
    let mut seen: Vec<&str> = Vec::new();
    for t in &file.tech {
        let at = |m: &str| format!("stack.toml: tech {:?}: {m}", t.id);
        if !is_kebab(&t.id) {
            return Err(at("the id is not kebab-case"));
        }
        if seen.contains(&t.id.as_str()) {
            return Err(at("defined twice"));
        }
        seen.push(&t.id);
        if t.name.trim().is_empty() {
            return Err(at("no name"));
        }
        if t.packages.is_empty() && t.python.is_empty() && t.files.is_empty() {
            return Err(at("no signal (packages, python or files)"));
        }
        if !t.with.is_empty() && t.packages.is_empty() {
            return Err(at("`with` needs `packages`"));
        }
        if let Some(bad) = t
            .files
            .iter()
            .find(|f| f.starts_with('/') || f.contains(".."))
        {
            return Err(at(&format!("file {bad:?} must be a relative path")));
        }
    }
    Ok(file.tech)
}

fn parse_patterns(text: &str) -> Result<Vec<Pattern>, String> {
    let file: PatternsFile = toml::from_str(text).map_err(|e| format!("patterns.toml: {e}"))?;
    let mut out: Vec<Pattern> = Vec::new();
    for def in file.pattern {
        let at = |m: &str| format!("patterns.toml: pattern {:?}: {m}", def.id);
        if !is_kebab(&def.id) {
            return Err(at("the id is not kebab-case"));
        }
        if out.iter().any(|p| p.id == def.id) {
            return Err(at("defined twice"));
        }
        if def.about.trim().is_empty() {
            return Err(at("no `about`"));
        }
        let sources = [
            (Lang::Js, &def.js),
            (Lang::Py, &def.py),
            (Lang::Yaml, &def.yaml),
            (Lang::Json, &def.json),
            (Lang::Html, &def.html),
            (Lang::Env, &def.env),
            (Lang::Toml, &def.toml),
        ];
        let mut regexes = BTreeMap::new();
        for (lang, source) in sources {
            if let Some(source) = source {
                let re = Regex::new(&ascii_classes(source))
                    .map_err(|e| at(&format!("the {} expression: {e}", lang.as_str())))?;
                regexes.insert(lang, re);
            }
        }
        if regexes.is_empty() {
            return Err(at("no expression for any language"));
        }
        for lang in regexes.keys() {
            let has = |list: &[ExampleDef]| list.iter().any(|e| e.contains_key(lang));
            if !has(&def.matches) || !has(&def.ignores) {
                return Err(at(&format!(
                    "the {} expression needs at least one `match` and one `ignore` example",
                    lang.as_str()
                )));
            }
        }
        for (want, list) in [(true, &def.matches), (false, &def.ignores)] {
            for example in list {
                for (lang, line) in example {
                    let Some(re) = regexes.get(lang) else {
                        return Err(at(&format!(
                            "an example in {} but no {} expression",
                            lang.as_str(),
                            lang.as_str()
                        )));
                    };
                    if re.is_match(line) != want {
                        let verb = if want { "does not match" } else { "matches" };
                        return Err(at(&format!(
                            "the {} expression {verb} its example {line:?}",
                            lang.as_str()
                        )));
                    }
                }
            }
        }
        out.push(Pattern {
            id: def.id,
            about: def.about,
            regexes,
        });
    }
    Ok(out)
}

/// The pattern with `\b`, `\w`, `\s` and `\d` made ASCII. Code is ASCII where these
/// matter, and Unicode classes make the automaton of a whole set too large for the
/// regex crate's lazy DFA, which then falls back to its PikeVM (measured: a set of 40
/// patterns over the 940 KB of a Bolt project, 2.8 s; see `docs/evidence.md`).
fn ascii_classes(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 32);
    let mut in_class = false;
    let mut class_start = false;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        let starting = class_start;
        class_start = false;
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let ascii = match (n, in_class) {
                    ('w', true) => Some("0-9A-Za-z_"),
                    ('d', true) => Some("0-9"),
                    ('s', true) => Some("\\t\\n\\x0B\\x0C\\r "),
                    ('w' | 'W' | 's' | 'S' | 'd' | 'D' | 'b' | 'B', false) => None,
                    _ => {
                        out.push('\\');
                        out.push(n);
                        continue;
                    }
                };
                match ascii {
                    Some(class) => out.push_str(class),
                    None => {
                        out.push_str("(?-u:\\");
                        out.push(n);
                        out.push(')');
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push(c);
            }
            '^' if starting => {
                class_start = true;
                out.push(c);
            }
            ']' if in_class && !starting => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn parse_items(text: &str) -> Result<Vec<Item>, String> {
    let file: ItemsFile = toml::from_str(text).map_err(|e| format!("items.toml: {e}"))?;
    let mut out: Vec<Item> = Vec::new();
    for def in file.item {
        let at = |m: &str| format!("items.toml: item {:?}: {m}", def.id);
        if !is_kebab(&def.id) || out.iter().any(|i| i.id == def.id) {
            return Err(at("the id is not kebab-case or is defined twice"));
        }
        let risky_answer = match Answer::parse(&def.risky_answer) {
            Some(a @ (Answer::Yes | Answer::No)) => a,
            _ => return Err(at("risky_answer must be \"yes\" or \"no\"")),
        };
        let severity = Severity::parse(&def.severity).ok_or_else(|| at("unknown severity"))?;
        out.push(Item {
            id: def.id,
            text: def.text,
            risky_answer,
            severity,
        });
    }
    Ok(out)
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_data_parses_with_every_example_checked() {
        let rules = ProjectRules::parse(STACK_TOML, PATTERNS_TOML, ITEMS_TOML)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(rules.techs().len() > 40, "{}", rules.techs().len());
        assert!(rules.patterns().len() > 20);
        assert_eq!(
            rules
                .items()
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>(),
            ["regression-tests", "stripe-webhook-unverified"]
        );
        assert!(std::ptr::eq(
            ProjectRules::built_in(),
            ProjectRules::built_in()
        ));
        assert_eq!(
            ProjectRules::built_in().patterns().len(),
            rules.patterns().len()
        );
    }

    #[test]
    fn items_are_not_questions() {
        let catalog = crate::catalog::assess::Catalog::built_in();
        for item in ProjectRules::built_in().items() {
            assert!(catalog.question(&item.id).is_none(), "{}", item.id);
        }
    }

    #[test]
    fn package_names_match_exactly_or_by_prefix() {
        let rules = ProjectRules::built_in();
        let sentry = rules.tech("sentry").unwrap();
        assert!(sentry.has_package("@sentry/nextjs"));
        assert!(!sentry.has_package("@sentry/"));
        assert!(!sentry.has_package("sentry"));
        assert!(sentry.has_python("Sentry_SDK"));
        let next = rules.tech("nextjs").unwrap();
        assert!(next.has_package("next") && !next.has_package("next-auth"));
    }

    #[test]
    fn one_set_per_language_finds_the_same_patterns_as_each_expression() {
        let rules = ProjectRules::built_in();
        let line = "const { data: { user } } = await supabase.auth.getUser();";
        let mut hits = Vec::new();
        rules.matching(Lang::Js, line, &mut hits);
        let expected: Vec<usize> = (0..rules.patterns().len())
            .filter(|&i| rules.patterns()[i].is_match(Lang::Js, line))
            .collect();
        hits.sort_unstable();
        assert_eq!(hits, expected);
        assert!(hits.contains(&rules.pattern_index("auth-check").unwrap()));
    }

    #[test]
    fn classes_are_made_ascii_inside_and_outside_brackets() {
        assert_eq!(
            ascii_classes(r"\bfoo\s*\(\w+"),
            r"(?-u:\b)foo(?-u:\s)*\((?-u:\w)+"
        );
        assert_eq!(
            ascii_classes(r"[\w.-]+[^\s)]"),
            r"[0-9A-Za-z_.-]+[^\t\n\x0B\x0C\r )]"
        );
        assert_eq!(ascii_classes(r"[]\w]\."), r"[]0-9A-Za-z_]\.");
        assert_eq!(ascii_classes(r"\$\{"), r"\$\{");
        for p in ProjectRules::built_in().patterns() {
            for r in p.regexes.values() {
                assert!(
                    !r.as_str().contains(r"\w") || r.as_str().contains(r"(?-u:\w)"),
                    "{}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_entry_named() {
        let stack =
            "[[tech]]\nid = \"x\"\nname = \"X\"\nkind = \"framework\"\npackages = [\"x\"]\n";
        let items =
            "[[item]]\nid = \"i\"\ntext = \"t\"\nrisky_answer = \"no\"\nseverity = \"low\"\n";
        let pattern = |body: &str| format!("[[pattern]]\nid = \"p\"\nabout = \"a\"\n{body}");
        let cases = [
            (
                pattern("js = 'ab'\nmatch = [{ js = \"xx\" }]\nignore = [{ js = \"cd\" }]\n"),
                "patterns.toml: pattern \"p\": the js expression does not match its example \"xx\"",
            ),
            (
                pattern("js = 'ab'\nmatch = [{ js = \"ab\" }]\nignore = [{ js = \"abc\" }]\n"),
                "patterns.toml: pattern \"p\": the js expression matches its example \"abc\"",
            ),
            (
                pattern("js = 'ab'\nmatch = [{ js = \"ab\" }]\n"),
                "patterns.toml: pattern \"p\": the js expression needs at least one `match` and one `ignore` example",
            ),
            (
                pattern("js = 'ab'\nmatch = [{ js = \"ab\" }, { py = \"ab\" }]\nignore = [{ js = \"c\" }]\n"),
                "patterns.toml: pattern \"p\": an example in py but no py expression",
            ),
            (
                pattern("js = '(ab'\nmatch = [{ js = \"ab\" }]\nignore = [{ js = \"c\" }]\n"),
                "patterns.toml: pattern \"p\": the js expression: ",
            ),
        ];
        for (patterns, want) in cases {
            let err = ProjectRules::parse(stack, &patterns, items).unwrap_err();
            assert!(err.starts_with(want), "{err}");
        }
        let bad_stack = "[[tech]]\nid = \"x\"\nname = \"X\"\nkind = \"framework\"\n";
        let ok_patterns =
            pattern("js = 'ab'\nmatch = [{ js = \"ab\" }]\nignore = [{ js = \"c\" }]\n");
        assert_eq!(
            ProjectRules::parse(bad_stack, &ok_patterns, items).unwrap_err(),
            "stack.toml: tech \"x\": no signal (packages, python or files)"
        );
        let bad_item =
            "[[item]]\nid = \"i\"\ntext = \"t\"\nrisky_answer = \"unsure\"\nseverity = \"low\"\n";
        assert_eq!(
            ProjectRules::parse(stack, &ok_patterns, bad_item).unwrap_err(),
            "items.toml: item \"i\": risky_answer must be \"yes\" or \"no\""
        );
        assert!(ProjectRules::parse(stack, &ok_patterns, items).is_ok());
    }
}
