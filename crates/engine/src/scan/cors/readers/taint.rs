//! Values an attacker controls: the request's `Origin` header, and any other part of
//! the request (query and body parameters, other headers such as the Referer,
//! cookies, the path, request or session attributes), followed through local
//! variables (`x = req.query.o; y = x.trim()`), constants, and helper functions of the
//! same file (`return request.getParameter("o")`).

use crate::scan::cors::patterns::builtin_patterns;

builtin_patterns! {
    /// A read of the request in one of the languages read (JS/TS, Java, Python, Go, PHP,
    /// C#, Ruby).
    request_read = concat!(
        r"\breq(?:uest)?\s*\.\s*(?:query|params|body|headers|cookies|url|get\s*\(|header\s*\(|param\s*\()",
        r"|\burl\s*\.\s*parse\s*\(\s*req",
        r"|\bsearchParams\s*\.\s*get\s*\(",
        r"|\bevent\s*(?:\.\s*(?:headers|queryStringParameters|multiValueHeaders|body)\b|\[\s*['\x22](?:headers|queryStringParameters|body))",
        r"|\.\s*headers\s*\.\s*get\s*\(",
        r"|\b(?:ctx|c)\s*\.\s*(?:req\s*\.\s*(?:header|query|param)|request\s*\.|query\b|get\s*\(|GetHeader\s*\(|Query\s*\(|Param\s*\(|DefaultQuery\s*\(|PostForm\s*\()",
        r"|\.\s*get(?:Parameter(?:Values|Names|Map)?|Headers?|QueryString|PathInfo|RequestURI|RequestURL|Cookies|Attribute)\s*\(",
        r"|\brequest\s*\.\s*(?:GET|POST|args|form|values|META|COOKIES|query_params|json|data|get_json|match_info|rel_url)\b",
        r"|\bself\s*\.\s*headers\b|\binput\s*\(\s*\)",
        r"|\bcherrypy\s*\.\s*request\b",
        r"|\.\s*Header\s*\.\s*(?:Get|Values)\s*\(|\.\s*Header\s*\[|\.\s*URL\s*\.\s*(?:Query|RawQuery|Path)\b|\.\s*(?:FormValue|PostFormValue|Cookie)\s*\(",
        r"|\$_(?:GET|POST|REQUEST|COOKIE|SERVER)\b|\$request\s*->|->\s*getHeaderLine\s*\(|->\s*getQueryParams\s*\(",
        r"|\b(?:Request|HttpContext\s*\.\s*Request)\s*\.\s*(?:Headers|Query|Form|Cookies)\b",
        r"|\bparams\s*\[|\brequest\s*\.\s*env\b",
    );
    /// An identifier (a word that may name a variable).
    identifier = r"[A-Za-z_$][\w$]*";
}

/// Words that are never variables of the program.
const KEYWORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "nil",
    "None",
    "undefined",
    "this",
    "self",
    "new",
    "return",
    "const",
    "let",
    "var",
    "String",
    "string",
    "int",
    "if",
    "else",
    "and",
    "or",
    "not",
    "in",
    "is",
    "typeof",
    "await",
    "length",
    "split",
    "trim",
    "toString",
    "replaceFirst",
    "replace",
    "get",
    "Get",
];

/// How deep variables and helpers are followed.
const MAX_DEPTH: usize = 5;

/// Whether `expr` (written before `before` in `text`) carries a value the request's
/// sender chose. Identifiers whose name says `origin` count when nothing else tells.
pub fn is_tainted(text: &str, expr: &str, before: usize) -> bool {
    tainted(text, expr, before, 0, true, &mut { MAX_LOOKUPS })
}

/// Whether `expr` reads the request, directly or through variables and helpers (an
/// unresolved name that says `origin` does not count: `origin: allowedOrigins` may
/// be an import).
pub fn reads_request(text: &str, expr: &str, before: usize) -> bool {
    tainted(text, expr, before, 0, false, &mut { MAX_LOOKUPS })
}

/// Variables and helpers looked up per question at most: a name used in a name used
/// in … cannot multiply the work (each lookup reads up to 32 KiB).
const MAX_LOOKUPS: usize = 48;

fn tainted(
    text: &str,
    expr: &str,
    before: usize,
    depth: usize,
    by_name: bool,
    budget: &mut usize,
) -> bool {
    if request_read().is_match(expr) {
        return true;
    }
    if depth >= MAX_DEPTH {
        return false;
    }
    for m in identifier().find_iter(expr).take(16) {
        let word = m.as_str().trim_start_matches('$');
        if word.is_empty() || KEYWORDS.contains(&word) || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // A member after a dot (`x.origin`) is not a variable of its own.
        if expr[..m.start()].trim_end().ends_with('.') {
            continue;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some((value, at)) = last_assignment(text, m.as_str(), before) {
            if tainted(text, value, at, depth + 1, by_name, budget) {
                return true;
            }
            continue;
        }
        let args = expr[m.end()..].trim_start();
        if let Some(returns) = args
            .starts_with('(')
            .then(|| helper_returns(text, word))
            .flatten()
        {
            let args_tainted = request_read().is_match(args);
            if args_tainted
                || returns
                    .iter()
                    .any(|(r, at)| tainted(text, r, *at, depth + 1, by_name, budget))
            {
                return true;
            }
            continue;
        }
        if by_name && word.to_ascii_lowercase().contains("origin") && !is_constant_name(word) {
            return true;
        }
    }
    false
}

fn is_constant_name(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The value last assigned to `name` before `before` (`name = v`, `name := v`,
/// `Type name = v`, `$name = v`), with its offset.
pub fn last_assignment<'a>(text: &'a str, name: &str, before: usize) -> Option<(&'a str, usize)> {
    let mut from = before.saturating_sub(32 * 1024);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = before.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let head = text.get(from..to)?;
    let mut best = None;
    for (i, _) in head.match_indices(name) {
        let prev = head[..i].chars().next_back();
        if prev.is_some_and(|c| is_ident_char(c) || c == '.') {
            continue;
        }
        if head[i + name.len()..]
            .chars()
            .next()
            .is_some_and(is_ident_char)
        {
            continue;
        }
        let rest = &head[i + name.len()..];
        let trimmed = rest.trim_start();
        // `name: Type = v` (TS), `name = v`, `name := v`; not `==`, `=>`.
        let typed = trimmed
            .strip_prefix(':')
            .filter(|r| !r.starts_with('='))
            .and_then(|r| r.find('=').map(|e| &r[e..]))
            .filter(|r| !r.starts_with("=="));
        let value = trimmed
            .strip_prefix(":=")
            .or_else(|| {
                trimmed
                    .strip_prefix('=')
                    .filter(|r| !r.starts_with(['=', '>']))
            })
            .or_else(|| typed.and_then(|r| r.strip_prefix('=')));
        if let Some(v) = value {
            let v_start = head.len() - v.len();
            let v = v.trim_start();
            let lead = head.len() - v_start - v.len();
            let end = statement_end(v);
            best = Some((v[..end].trim_end(), from + v_start + lead));
        }
    }
    best
}

/// The end of the expression at the start of `v`: the first `;` or line break outside
/// brackets and strings.
fn statement_end(v: &str) -> usize {
    let b = v.as_bytes();
    let mut depth = 0i32;
    let mut quote = None;
    let mut i = 0;
    while i < b.len() && i < 2000 {
        let c = b[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => return i,
                b')' | b']' | b'}' => depth -= 1,
                b';' | b'\n' if depth <= 0 => return i,
                b',' if depth == 0 => return i,
                _ => {}
            },
        }
        i += 1;
    }
    // The cap (or an escape's skip) can stop inside a multi-byte character: end at
    // the character's start, so the caller can slice there (found by the fuzzer).
    let mut end = i.min(b.len());
    while !v.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The `return` expressions of a function `name` defined in `text`, with offsets.
fn helper_returns<'a>(text: &'a str, name: &str) -> Option<Vec<(&'a str, usize)>> {
    let def = [
        format!("function {name}("),
        format!("def {name}("),
        format!("func {name}("),
        format!(" {name}("),
    ];
    let at = def.iter().find_map(|d| {
        text.match_indices(d.as_str()).find_map(|(i, _)| {
            let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let line = &text[line_start..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            // A definition: a keyword or a return type before the name, a body after.
            let is_def = d.starts_with("function")
                || d.starts_with("def")
                || d.starts_with("func")
                || (line.trim_end().ends_with('{')
                    && !line.contains('=')
                    && !line.trim_start().starts_with("return"));
            is_def.then_some(i)
        })
    })?;
    let body_start = text[at..].find(['{', ':']).map(|o| at + o)?;
    let body_end = (body_start + 4000).min(text.len());
    let mut end = body_end;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let body = &text[body_start..end];
    let mut out = Vec::new();
    let mut depth = 0i32;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth <= 0 && body.starts_with('{') {
                    break;
                }
            }
            _ => {}
        }
        if body[i..].starts_with("return ")
            && !body[..i].chars().next_back().is_some_and(is_ident_char)
        {
            let v = &body[i + 7..];
            let e = statement_end(v);
            out.push((v[..e].trim(), body_start + i + 7));
        }
        if out.len() > 8 {
            break;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taints(text: &str, expr: &str) -> bool {
        is_tainted(text, expr, text.len())
    }

    #[test]
    fn request_values_and_what_they_flow_into() {
        let java = "String p = request.getParameter(\"x\");\nString q = request.getQueryString();\nString[] a = q.split(\"=\");\nString last = a[a.length - 1];\nString path = request.getPathInfo().replaceFirst(\"/\", \"\");\n";
        assert!(taints(java, "p"));
        assert!(taints(java, "path"));
        assert!(taints(
            "let o = url.parse(req.url, true).query.origin;\n",
            "o"
        ));
        assert!(taints("$u = $_GET[\"foo\"];\n", "$u"));
        assert!(taints("origin := r.Header.Get(\"Origin\")\n", "origin"));
        assert!(taints("h = request.GET[\"o\"]\n", "h"));
        assert!(taints("", "input()"));
        assert!(!taints("const o = 'https://app.acme.com';\n", "o"));
        assert!(!taints("var origin = \"https://some-origin\"\n", "origin"));
        assert!(!taints("", "ALLOWED_ORIGIN"));
    }

    #[test]
    fn helpers_of_the_same_file() {
        let text = "function pick(req) {\n  return req.query.origin;\n}\nfunction fixed() {\n  return 'https://a.com';\n}\n";
        assert!(taints(text, "pick(req)"));
        assert!(!taints(text, "fixed()"));
        let java = "public String getFromList(String key){\n  HashMap<String, String> m = new HashMap<>();\n  m.put(\"key\", \"https://example.com\");\n  return m.get(key);\n}\n";
        assert!(!taints(java, "getFromList(\"key\")"));
    }
    #[test]
    fn a_long_statement_ends_on_a_character_boundary() {
        let v = format!("{}é tail", "a".repeat(1999));
        let end = statement_end(&v);
        assert!(v.is_char_boundary(end));
        assert!(end <= 2000);
    }
}
