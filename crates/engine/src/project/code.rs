//! The project's own code, prepared once for every detector: each source file's
//! language, its lines with comments blanked out (line numbers kept), and where each
//! pattern of `rules/project/patterns.toml` matched.
//!
//! Also the few structural questions detectors ask of code: where a function or
//! block ends, which local file an import names, and which functions check who is
//! calling (so that a handler calling `requireUser()` counts as checked).
//!
//! The comment stripper is hand-written: it only has to know strings (`'`, `"`, and
//! template literals, which may span lines), `//` and `/* */` in JavaScript and `#` in
//! Python. A real parser per language would be most of the worker's budget for that.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::manifest::parent;
use super::tree::{base_name, Role, Tree, TreeFile};
use crate::catalog::project::{Lang, ProjectRules};
use crate::scan::context::looks_minified;

/// One source file, prepared.
#[derive(Debug, Clone)]
pub struct CodeFile {
    pub path: String,
    pub lang: Lang,
    /// The lines, comments replaced by nothing; `lines[0]` is line 1.
    pub lines: Vec<String>,
    /// `(pattern index, line)` for every hit, sorted.
    hits: Vec<(usize, u32)>,
}

impl CodeFile {
    /// Prepares a file's text.
    pub fn new(path: &str, lang: Lang, text: &str, rules: &ProjectRules) -> CodeFile {
        let lines = match lang {
            Lang::Js => strip_js(text),
            Lang::Py | Lang::Yaml | Lang::Toml | Lang::Env => strip_hash(text, lang == Lang::Py),
            Lang::Json | Lang::Html => text.lines().map(str::to_owned).collect(),
        };
        let mut hits = Vec::new();
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            found.clear();
            rules.matching(lang, line, &mut found);
            hits.extend(found.iter().map(|&p| (p, i as u32 + 1)));
        }
        hits.sort_unstable();
        CodeFile {
            path: path.to_owned(),
            lang,
            lines,
            hits,
        }
    }

    /// The lines (1-based) where pattern `p` matched.
    pub fn lines_of(&self, p: usize) -> impl Iterator<Item = u32> + '_ {
        let start = self.hits.partition_point(|&(q, _)| q < p);
        self.hits[start..]
            .iter()
            .take_while(move |&&(q, _)| q == p)
            .map(|&(_, l)| l)
    }

    pub fn has(&self, p: usize) -> bool {
        self.lines_of(p).next().is_some()
    }

    /// The first line of `range` (1-based, end excluded) where `p` matched.
    pub fn first_in(&self, p: usize, range: &Range<u32>) -> Option<u32> {
        self.lines_of(p).find(|l| range.contains(l))
    }

    pub fn has_in(&self, p: usize, range: &Range<u32>) -> bool {
        self.first_in(p, range).is_some()
    }

    /// Line `n` (1-based), comment-free; "" past the end.
    pub fn line(&self, n: u32) -> &str {
        self.lines
            .get(n.saturating_sub(1) as usize)
            .map_or("", String::as_str)
    }

    /// One past the last line.
    pub fn end(&self) -> u32 {
        self.lines.len() as u32 + 1
    }

    pub fn name(&self) -> &str {
        base_name(&self.path)
    }

    /// The lines of the block that starts on line `start`: for JavaScript, up to the
    /// brace that closes the first `{` opened at or after `start`; for Python, the
    /// lines indented deeper than `start`. Ends at most at the file's end.
    pub fn block(&self, start: u32) -> Range<u32> {
        match self.lang {
            Lang::Py => self.indented_block(start),
            _ => self.braced_block(start),
        }
    }

    /// The block of the `catch` / `except` on line `start`: braces are counted from
    /// the keyword on (a `} catch (e) {` line first closes the `try`).
    pub fn catch_block(&self, start: u32) -> Range<u32> {
        match self.lang {
            Lang::Py => self.indented_block(start),
            _ => {
                let at = self.line(start).find("catch").unwrap_or(0);
                self.braced_block_from(start, at)
            }
        }
    }

    fn braced_block(&self, start: u32) -> Range<u32> {
        self.braced_block_from(start, 0)
    }

    fn braced_block_from(&self, start: u32, column: usize) -> Range<u32> {
        let first = self.line(start);
        let first = first.get(column..).unwrap_or("");
        // On the first line, braces closed on it (a destructured parameter, an object
        // argument) are not the block: the block opens at the first `{` left open.
        let mut open: Vec<usize> = Vec::new();
        let mut any = false;
        for (i, c) in first.char_indices() {
            match c {
                '{' => {
                    open.push(i);
                    any = true;
                }
                '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        let mut depth = match open.len() {
            0 => {
                let t = first.trim_end();
                if any || t.ends_with(';') || t.ends_with(')') {
                    return start..start + 1;
                }
                0
            }
            n => n as i32,
        };
        let mut opened = depth > 0;
        for n in start + 1..self.end() {
            for c in self.line(n).chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                if opened && depth <= 0 {
                    return start..n + 1;
                }
            }
            // A signature may run over a few lines before its body opens.
            if !opened && n > start + 40 {
                return start..n + 1;
            }
        }
        start..self.end()
    }

    fn indented_block(&self, start: u32) -> Range<u32> {
        let indent = |s: &str| s.len() - s.trim_start().len();
        // Decorators (one line or several) belong to the `def` below them.
        let mut head = start;
        if self.line(start).trim_start().starts_with('@') {
            head = (start..self.end().min(start + 30))
                .find(|&n| {
                    let t = self.line(n).trim_start();
                    t.starts_with("def ") || t.starts_with("async def ")
                })
                .unwrap_or(start);
        }
        let base = indent(self.line(head));
        // A signature may run over several lines: the body starts after the line
        // where its brackets close.
        let mut depth = 0i32;
        let mut sig_end = head;
        for n in head..self.end().min(head + 40) {
            for c in self.line(n).chars() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
            }
            sig_end = n;
            if depth <= 0 {
                break;
            }
        }
        let mut last = sig_end;
        for n in sig_end + 1..self.end() {
            let line = self.line(n);
            if line.trim().is_empty() {
                continue;
            }
            if indent(line) <= base {
                break;
            }
            last = n;
        }
        start..last + 1
    }

    /// Where function `name` is defined in this file (its whole body).
    pub fn definition(&self, name: &str) -> Option<Range<u32>> {
        let forms: Vec<String> = match self.lang {
            Lang::Py => vec![format!("def {name}("), format!("async def {name}(")],
            _ => vec![
                format!("function {name}("),
                format!("function {name} ("),
                format!("const {name} ="),
                format!("let {name} ="),
                format!("const {name}: "),
            ],
        };
        (1..self.end())
            .find(|&n| {
                let line = self.line(n);
                forms.iter().any(|f| {
                    line.find(f.as_str()).is_some_and(|at| {
                        at == 0 || !line.as_bytes()[at - 1].is_ascii_alphanumeric()
                    })
                })
            })
            .map(|n| self.block(n))
    }

    /// Names of functions defined in this file.
    pub fn defined_functions(&self) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for n in 1..self.end() {
            let line = self.line(n).trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let line = line.strip_prefix("default ").unwrap_or(line);
            let line = line.strip_prefix("async ").unwrap_or(line);
            let name = if let Some(rest) = line.strip_prefix("function ") {
                ident(rest.trim_start())
            } else if let Some(rest) = line.strip_prefix("def ") {
                ident(rest)
            } else if let Some(rest) = line
                .strip_prefix("const ")
                .or_else(|| line.strip_prefix("let "))
            {
                let name = ident(rest);
                let after = rest[name.len()..].trim_start();
                let after = after.split_once('=').map_or("", |(_, a)| a.trim_start());
                let param = ident(after);
                let is_fn = after.starts_with("async")
                    || after.starts_with("function")
                    || (after.starts_with('(') && after.contains("=>"))
                    || (!param.is_empty() && after[param.len()..].trim_start().starts_with("=>"));
                if is_fn {
                    name
                } else {
                    ""
                }
            } else {
                ""
            };
            if !name.is_empty() {
                out.push((name.to_owned(), n));
            }
        }
        out
    }

    /// Local modules this file imports, with the names it takes from each:
    /// `import { a, b as c } from './x'`, `import x from '@/lib/x'`,
    /// `const { a } = require('../x')`, `from .x import a` (Python).
    pub fn imports(&self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for line in &self.lines {
            let t = line.trim();
            if self.lang == Lang::Py {
                if let Some(rest) = t.strip_prefix("from ") {
                    if let Some((module, names)) = rest.split_once(" import ") {
                        let names = names
                            .trim_matches(['(', ')'])
                            .split(',')
                            .map(|n| n.split(" as ").next().unwrap_or("").trim().to_owned())
                            .filter(|n| !n.is_empty())
                            .collect();
                        out.push((module.trim().to_owned(), names));
                    }
                }
                continue;
            }
            let spec = quoted_after(t, " from ")
                .or_else(|| quoted_after(t, "require("))
                .filter(|s| s.starts_with('.') || s.starts_with("@/") || s.starts_with("~/"));
            let Some(spec) = spec else { continue };
            let names = match (t.find('{'), t.find('}')) {
                (Some(a), Some(b)) if a < b => t[a + 1..b]
                    .split(',')
                    .map(|n| {
                        let n = n.trim();
                        n.rsplit(" as ").next().unwrap_or(n).trim().to_owned()
                    })
                    .filter(|n| !n.is_empty())
                    .collect(),
                _ => {
                    let head = t.trim_start_matches("import ").trim_start_matches("const ");
                    vec![ident(head).to_owned()]
                }
            };
            out.push((spec.to_owned(), names));
        }
        out
    }
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The string literal right after `marker` (`from './x'` → `./x`).
fn quoted_after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let rest = rest.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let body = &rest[1..];
    Some(&body[..body.find(quote)?])
}

/// Every source file's code, prepared, and the names of the project's functions that
/// check who is calling.
#[derive(Debug, Clone, Default)]
pub struct Code {
    pub files: Vec<CodeFile>,
    by_path: BTreeMap<String, usize>,
    /// Functions whose body holds an auth check (`requireUser`, `getSessionOrThrow`).
    pub auth_helpers: BTreeSet<String>,
    /// The same names, as one automaton (a line is searched once for all of them).
    helper_finder: Option<aho_corasick::AhoCorasick>,
}

/// Names that are never taken for auth helpers: the handlers themselves.
const NOT_HELPERS: [&str; 13] = [
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "handler",
    "default",
    "loader",
    "action",
    "load",
    "middleware",
    "main",
    "app",
];

impl Code {
    /// Prepares the tree's source files (build output and lockfiles are not code;
    /// minified files are not the founder's code).
    pub fn prepare(tree: &Tree, rules: &ProjectRules) -> Code {
        let mut files = Vec::new();
        for file in tree.with_role(Role::Source) {
            let Some(lang) = lang_of(file) else { continue };
            let Some(text) = file.text() else { continue };
            if lang == Lang::Js && looks_minified(text.as_bytes()) {
                continue;
            }
            files.push(CodeFile::new(&file.path, lang, text, rules));
        }
        Code::from_files(files, rules)
    }

    pub fn from_files(files: Vec<CodeFile>, rules: &ProjectRules) -> Code {
        let by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        let mut code = Code {
            files,
            by_path,
            auth_helpers: BTreeSet::new(),
            helper_finder: None,
        };
        if let Some(auth) = rules.pattern_index("auth-check") {
            for f in &code.files {
                if !matches!(f.lang, Lang::Js | Lang::Py) || !f.has(auth) {
                    continue;
                }
                for (name, line) in f.defined_functions() {
                    if NOT_HELPERS.contains(&name.as_str()) || name.len() < 4 {
                        continue;
                    }
                    if f.has_in(auth, &f.block(line)) {
                        code.auth_helpers.insert(name);
                    }
                }
            }
        }
        code.helper_finder = aho_corasick::AhoCorasick::new(&code.auth_helpers).ok();
        code
    }

    /// The first auth helper `line` calls or names as a whole word.
    pub fn helper_in<'a>(&self, line: &'a str) -> Option<&'a str> {
        let finder = self.helper_finder.as_ref()?;
        let bytes = line.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
        finder.find_overlapping_iter(line).find_map(|m| {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            (!before.is_some_and(word) && !after.is_some_and(word))
                .then(|| &line[m.start()..m.end()])
        })
    }

    pub fn file(&self, path: &str) -> Option<&CodeFile> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    pub fn index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The file a local import names: relative to the importer, or `@/` / `~/` from
    /// the importer's package root or its `src/`; extensions and `index` files tried
    /// the way bundlers do.
    pub fn resolve(&self, from: &str, spec: &str, package_dir: &str) -> Option<usize> {
        let base = if let Some(rest) = spec.strip_prefix("@/").or_else(|| spec.strip_prefix("~/")) {
            let root = if package_dir.is_empty() {
                String::new()
            } else {
                format!("{package_dir}/")
            };
            vec![format!("{root}{rest}"), format!("{root}src/{rest}")]
        } else if spec.starts_with('.') {
            vec![join(parent(from), spec)]
        } else {
            return None;
        };
        const EXTS: [&str; 7] = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".py"];
        for b in base {
            for ext in EXTS {
                if let Some(i) = self.index(&format!("{b}{ext}")) {
                    return Some(i);
                }
            }
            for ext in [".ts", ".tsx", ".js", ".jsx"] {
                if let Some(i) = self.index(&format!("{b}/index{ext}")) {
                    return Some(i);
                }
            }
        }
        None
    }
}

/// `dir` joined with a relative `spec` (`./a`, `../b/c`).
fn join(dir: &str, spec: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The language a file is read in, or `None` for files no detector reads.
pub fn lang_of(file: &TreeFile) -> Option<Lang> {
    let name = file.name();
    let lower = name.to_ascii_lowercase();
    if is_env_file(&lower) {
        return Some(Lang::Env);
    }
    if lower.ends_with(".d.ts") {
        return None;
    }
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    Some(match ext {
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "vue" | "svelte"
        | "astro" => Lang::Js,
        "py" => Lang::Py,
        "yml" | "yaml" if is_ci_config(&file.path) => Lang::Yaml,
        "json" if name == "package.json" => Lang::Json,
        "html" | "htm" => Lang::Html,
        "toml" => Lang::Toml,
        _ => return None,
    })
}

/// `.env`, `.env.local`, `.env.production`… but not a committed template
/// (`.env.example`, `.env.sample`, `.env.template`).
pub fn is_env_file(lower_name: &str) -> bool {
    (lower_name == ".env" || lower_name.starts_with(".env."))
        && ![
            ".example",
            ".sample",
            ".template",
            ".dist",
            ".tpl",
            ".defaults",
        ]
        .iter()
        .any(|t| lower_name.ends_with(t))
}

/// A CI configuration: GitHub Actions workflows, GitLab, CircleCI, Bitbucket, Azure.
pub fn is_ci_config(path: &str) -> bool {
    let name = base_name(path);
    path.contains(".github/workflows/")
        || path.ends_with(".circleci/config.yml")
        || matches!(
            name,
            ".gitlab-ci.yml" | "bitbucket-pipelines.yml" | "azure-pipelines.yml"
        )
}

/// JavaScript/TypeScript with comments blanked, strings kept, line count kept.
fn strip_js(text: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Code,
        Block,
        Str(char),
        Template,
        /// A regular-expression literal; `true` inside a `[...]` class.
        Regex(bool),
    }
    let mut state = S::Code;
    let mut out = Vec::new();
    for line in text.lines() {
        let mut kept = String::with_capacity(line.len());
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match state {
                S::Code => match (c, next) {
                    ('/', Some('/')) => break,
                    ('/', Some('*')) => {
                        state = S::Block;
                        i += 1;
                    }
                    ('/', _) if regex_may_start(&kept) => {
                        state = S::Regex(false);
                        kept.push(c);
                    }
                    ('\'' | '"', _) => {
                        state = S::Str(c);
                        kept.push(c);
                    }
                    ('`', _) => {
                        state = S::Template;
                        kept.push(c);
                    }
                    _ => kept.push(c),
                },
                S::Block => {
                    if c == '*' && next == Some('/') {
                        state = S::Code;
                        i += 1;
                    }
                }
                S::Str(q) => {
                    kept.push(c);
                    if c == '\\' {
                        if let Some(n) = next {
                            kept.push(n);
                            i += 1;
                        }
                    } else if c == q {
                        state = S::Code;
                    }
                }
                S::Regex(in_class) => {
                    kept.push(c);
                    match c {
                        '\\' => {
                            if let Some(n) = next {
                                kept.push(n);
                                i += 1;
                            }
                        }
                        '[' => state = S::Regex(true),
                        ']' if in_class => state = S::Regex(false),
                        '/' if !in_class => state = S::Code,
                        _ => {}
                    }
                }
                S::Template => {
                    kept.push(c);
                    if c == '\\' {
                        if let Some(n) = next {
                            kept.push(n);
                            i += 1;
                        }
                    } else if c == '`' {
                        state = S::Code;
                    }
                }
            }
            i += 1;
        }
        // A quote left open at the end of a line was not a string (a regex, a JSX
        // apostrophe): start the next line as code.
        if matches!(state, S::Str(_) | S::Regex(_)) {
            state = S::Code;
        }
        out.push(kept);
    }
    out
}

/// Whether a `/` after `before` starts a regular expression (not a division): it
/// follows an operator, an opening bracket, a keyword like `return`, or nothing.
fn regex_may_start(before: &str) -> bool {
    let t = before.trim_end();
    match t.chars().last() {
        None => true,
        Some(c) if "(,=:[!&|?{};+-*%<>~^".contains(c) => true,
        Some(_) => ["return", "typeof", "case", "in", "of"].iter().any(|k| {
            t.ends_with(k) && !t[..t.len() - k.len()].ends_with(|c: char| c.is_alphanumeric())
        }),
    }
}

/// `#` comments blanked (Python, YAML, TOML, env files), strings kept.
fn strip_hash(text: &str, python: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_triple: Option<&str> = None;
    for line in text.lines() {
        if python {
            if let Some(q) = in_triple {
                if line.contains(q) {
                    in_triple = None;
                }
                out.push(line.to_owned());
                continue;
            }
            for q in ["\"\"\"", "'''"] {
                if line.matches(q).count() % 2 == 1 {
                    in_triple = Some(q);
                }
            }
        }
        let mut kept = String::with_capacity(line.len());
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '#' => break,
                None if c == '"' || c == '\'' => quote = Some(c),
                None => {}
            }
            kept.push(c);
        }
        out.push(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static ProjectRules {
        ProjectRules::built_in()
    }

    #[test]
    fn js_comments_go_strings_and_line_numbers_stay() {
        let text = "const a = 'x // y'; // gone\n/* a\n  b */ const b = `t ${c} // kept`;\nconst re = /\\/\\//; const d = \"it's\";\n";
        let lines = strip_js(text);
        assert_eq!(
            lines,
            [
                "const a = 'x // y'; ",
                "",
                " const b = `t ${c} // kept`;",
                "const re = /\\/\\//; const d = \"it's\";",
            ]
        );
        let multi = strip_js("const p = `line one\n// not a comment ${x}\n`; // c\n");
        assert_eq!(multi[1], "// not a comment ${x}");
        assert_eq!(multi[2], "`; ");
    }

    #[test]
    fn hash_comments_go_outside_strings() {
        let lines = strip_hash("x = '#not' # yes\n\"\"\"doc # kept\n\"\"\"\n# all\n", true);
        assert_eq!(lines, ["x = '#not' ", "\"\"\"doc # kept", "\"\"\"", ""]);
    }

    #[test]
    fn hits_are_per_line_and_comments_do_not_hit() {
        let f = CodeFile::new(
            "app/api/x/route.ts",
            Lang::Js,
            "// const { data } = await supabase.auth.getUser();\nexport async function POST(req) {\n  const { data: { user } } = await supabase.auth.getUser();\n}\n",
            rules(),
        );
        let auth = rules().pattern_index("auth-check").unwrap();
        let route = rules().pattern_index("route-method-export").unwrap();
        assert_eq!(f.lines_of(auth).collect::<Vec<_>>(), [3]);
        assert_eq!(f.lines_of(route).collect::<Vec<_>>(), [2]);
        assert!(f.has_in(auth, &(2..4)) && !f.has_in(auth, &(1..3)));
        assert_eq!(f.block(2), 2..5);
    }

    #[test]
    fn blocks_definitions_and_imports() {
        let js = CodeFile::new(
            "src/lib/auth.ts",
            Lang::Js,
            "import { createClient } from './supabase/server';\nimport db, { x as y } from '@/lib/db';\nexport async function requireUser() {\n  const s = createClient();\n  if (x) { y(); }\n}\nexport const helper = async () => {\n  return 1;\n};\nconst LIMIT = 5;\n",
            rules(),
        );
        assert_eq!(js.definition("requireUser"), Some(3..7));
        assert_eq!(js.definition("helper"), Some(7..10));
        assert_eq!(js.definition("nope"), None);
        let destructured = CodeFile::new(
            "r.ts",
            Lang::Js,
            "export async function action({ request }: Args) {\n  await x({ a: 1 });\n}\nexport const POST = async ({ request }) => {\n  return 1;\n};\napp.get('/', (q, r) => r.json({ ok: true }));\nexport async function GET(\n  req: Request,\n) {\n  return 2;\n}\n",
            rules(),
        );
        assert_eq!(destructured.block(1), 1..4);
        assert_eq!(destructured.block(4), 4..7);
        assert_eq!(destructured.block(7), 7..8);
        assert_eq!(destructured.block(8), 8..13);
        let names: Vec<String> = js.defined_functions().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["requireUser", "helper"]);
        assert_eq!(
            js.imports(),
            [
                (
                    "./supabase/server".to_owned(),
                    vec!["createClient".to_owned()]
                ),
                ("@/lib/db".to_owned(), vec!["y".to_owned()]),
            ]
        );
        let py = CodeFile::new(
            "app/api/routes/items.py",
            Lang::Py,
            "from app.api.deps import CurrentUser, SessionDep\n\n@router.get(\"/\")\ndef read_items(session: SessionDep):\n    x = 1\n\n    return x\n\ndef other():\n    pass\n",
            rules(),
        );
        assert_eq!(py.block(3), 3..8);
        let multi = CodeFile::new(
            "users.py",
            Lang::Py,
            "@router.patch(\n    \"/{user_id}\",\n    dependencies=[Depends(get_current_active_superuser)],\n)\ndef update_user(\n    session: SessionDep,\n):\n    return 1\n\nx = 2\n",
            rules(),
        );
        assert_eq!(multi.block(1), 1..9);
        assert_eq!(py.definition("other"), Some(9..11));
        assert_eq!(py.imports()[0].1, ["CurrentUser", "SessionDep"]);
    }

    #[test]
    fn imports_resolve_like_a_bundler_and_auth_helpers_are_found() {
        let tree = Tree::from_files(vec![
            ("web/src/lib/auth.ts".into(), b"export async function requireUser() {\n  const { data } = await supabase.auth.getUser();\n  return data.user;\n}\n".to_vec()),
            ("web/src/lib/db/index.ts".into(), b"export const db = 1;\n".to_vec()),
            ("web/src/app/api/x/route.ts".into(), b"import { requireUser } from '@/lib/auth';\nimport { db } from '../../../lib/db';\n".to_vec()),
            ("web/types.d.ts".into(), b"declare const x: number;".to_vec()),
            ("web/.env.example".into(), b"A=1".to_vec()),
            ("web/.env.local".into(), b"A=1".to_vec()),
        ]);
        let code = Code::prepare(&tree, rules());
        let paths: Vec<&str> = code.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "web/.env.local",
                "web/src/app/api/x/route.ts",
                "web/src/lib/auth.ts",
                "web/src/lib/db/index.ts"
            ]
        );
        let from = "web/src/app/api/x/route.ts";
        assert_eq!(
            code.resolve(from, "@/lib/auth", "web"),
            code.index("web/src/lib/auth.ts")
        );
        assert_eq!(
            code.resolve(from, "../../../lib/db", "web"),
            code.index("web/src/lib/db/index.ts")
        );
        assert_eq!(code.resolve(from, "react", "web"), None);
        assert_eq!(
            code.auth_helpers.iter().collect::<Vec<_>>(),
            ["requireUser"]
        );
    }

    #[test]
    fn languages_come_from_names() {
        let f = |p: &str| TreeFile {
            path: p.into(),
            role: Role::Source,
            bytes: Vec::new(),
        };
        for (p, want) in [
            ("a.tsx", Some(Lang::Js)),
            ("Comp.svelte", Some(Lang::Js)),
            ("main.py", Some(Lang::Py)),
            (".github/workflows/ci.yml", Some(Lang::Yaml)),
            ("docker-compose.yml", None),
            ("package.json", Some(Lang::Json)),
            ("tsconfig.json", None),
            (".env.production", Some(Lang::Env)),
            (".env.sample", None),
            ("index.html", Some(Lang::Html)),
            ("supabase/config.toml", Some(Lang::Toml)),
            ("types.d.ts", None),
            ("README.md", None),
        ] {
            assert_eq!(lang_of(&f(p)), want, "{p}");
        }
    }
}
