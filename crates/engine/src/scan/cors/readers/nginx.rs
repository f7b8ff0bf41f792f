//! nginx: `add_header`, `map $http_origin`, `if ($http_origin ~* ...)`, `set`, per
//! `location`.
//!
//! `$http_origin` echoed with no `map`/`if` guard is reflection; behind a guard the
//! guard's regex is proved with nginx's semantics (PCRE search; `~*` ignores case).

use std::collections::HashMap;

use super::header_policy::{policy_from_headers, HeaderSet, HeaderValue};

use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{Locator, MatchMode, OriginEntry, OriginRule, Span, VaryOrigin};

/// One statement: its words (quotes removed) with offsets, and how it ended.
struct Statement {
    words: Vec<(String, usize)>,
    start: usize,
    opens_block: bool,
    closes_block: bool,
    text: String,
}

fn statements(text: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_start = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            cur.push(c);
            if c == '\\' {
                if let Some((_, n)) = chars.next() {
                    cur.push(n);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '#' => {
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' => {
                quote = Some(c);
                cur_start.get_or_insert(i);
                cur.push(c);
            }
            ';' | '{' | '}' => {
                let start = cur_start.take().unwrap_or(i);
                let words = split_words(&cur, start);
                out.push(Statement {
                    words,
                    start,
                    opens_block: c == '{',
                    closes_block: false,
                    text: std::mem::take(&mut cur),
                });
                if c == '}' {
                    out.push(Statement {
                        words: Vec::new(),
                        start: i,
                        opens_block: false,
                        closes_block: true,
                        text: String::new(),
                    });
                }
            }
            _ => {
                if !c.is_whitespace() {
                    cur_start.get_or_insert(i);
                }
                if cur_start.is_some() {
                    cur.push(c);
                }
            }
        }
    }
    out
}

fn split_words(s: &str, base: usize) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                if cur.is_empty() {
                    start = i;
                }
                quote = Some(c);
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    words.push((std::mem::take(&mut cur), base + start));
                }
            }
            (None, c) => {
                if cur.is_empty() {
                    start = i;
                }
                cur.push(c);
            }
        }
    }
    if !cur.is_empty() {
        words.push((cur, base + start));
    }
    words
}

/// How a block constrains `$http_origin`.
#[derive(Clone)]
enum Block {
    Location(String),
    /// `if ($http_origin ~* pattern)`: the rules the condition admits.
    OriginIf(Vec<OriginEntry>),
    Map(String),
    /// A block inside a location that the fixed snippet leaves out, contents and all
    /// (its opening may hold a credential).
    Withheld,
    Other,
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut stack: Vec<Block> = Vec::new();
    let mut maps: HashMap<String, Vec<OriginEntry>> = HashMap::new();
    let mut vars: HashMap<String, Vec<OriginEntry>> = HashMap::new();
    let mut groups: Vec<(String, Span, Vec<HeaderSet>)> = Vec::new();
    let mut vary = false;
    // Each location's directives other than its CORS headers, for the fixed snippet.
    let mut kept: HashMap<String, Vec<String>> = HashMap::new();
    for st in statements(text) {
        if st.closes_block {
            if let Some((scope, depth)) = kept_place(&stack).filter(|p| p.1 > 0) {
                keep(&mut kept, scope, depth - 1, "}".into());
            }
            stack.pop();
            continue;
        }
        let Some((head, _)) = st.words.first() else {
            if st.opens_block {
                stack.push(Block::Other);
            }
            continue;
        };
        let head = head.to_ascii_lowercase();
        if st.opens_block {
            let block = match head.as_str() {
                "location" => Block::Location(
                    st.words[1..]
                        .iter()
                        .map(|w| w.0.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                "map" if st.words.get(1).is_some_and(|w| w.0 == "$http_origin") => {
                    Block::Map(st.words.get(2).map(|w| w.0.clone()).unwrap_or_default())
                }
                "if" => if_block(&st, &loc),
                _ => Block::Other,
            };
            let mut block = block;
            if matches!(block, Block::Other) {
                if let Some((scope, depth)) = kept_place(&stack) {
                    let opening = one_line(&st.text);
                    let line = if may_hold_a_credential(&opening) {
                        block = Block::Withheld;
                        format!("# your `{head}` block here (not copied: it may hold a credential)")
                    } else {
                        format!("{opening} {{")
                    };
                    keep(&mut kept, scope, depth, line);
                }
            }
            stack.push(block);
            continue;
        }
        if let Some(Block::Map(var)) = stack.last() {
            if let Some(entry) = map_entry(&st, &loc) {
                maps.entry(var.clone()).or_default().push(entry);
            } else {
                maps.entry(var.clone()).or_default();
            }
            continue;
        }
        if let Some((scope, depth)) = kept_place(&stack) {
            if !is_cors_header(&head, &st.words) {
                let directive = one_line(&st.text);
                // Fixed snippets are shown and exported: a directive that may carry a
                // credential (`proxy_set_header Authorization "Bearer …"`) is not copied.
                let line = if may_hold_a_credential(&directive) {
                    format!("# your `{head}` directive here (not copied: it may hold a credential)")
                } else {
                    format!("{directive};")
                };
                keep(&mut kept, scope, depth, line);
            }
        }
        let guard = stack.iter().rev().find_map(|b| match b {
            Block::OriginIf(rules) => Some(rules.clone()),
            _ => None,
        });
        match head.as_str() {
            "set" if st.words.len() >= 3 && st.words[2].0.contains("$http_origin") => {
                let at = loc.span(st.words[2].1);
                let rules = guard.unwrap_or_else(|| {
                    vec![OriginEntry {
                        rule: OriginRule::Reflect,
                        at,
                    }]
                });
                vars.entry(st.words[1].0.clone()).or_default().extend(rules);
            }
            "add_header" | "more_set_headers" if st.words.len() >= 3 => {
                let (name, value, at) = if head == "more_set_headers" {
                    let (n, v) = st.words[1].0.split_once(':').unwrap_or(("", ""));
                    (
                        n.trim().to_owned(),
                        v.trim().to_owned(),
                        loc.span(st.words[1].1),
                    )
                } else {
                    (
                        st.words[1].0.clone(),
                        st.words[2].0.clone(),
                        loc.span(st.words[2].1),
                    )
                };
                let name_l = name.to_ascii_lowercase();
                if name_l == "vary" && value.to_ascii_lowercase().contains("origin") {
                    vary = true;
                }
                let value = header_value(&value, at, guard.as_ref(), &maps, &vars);
                let scope = stack
                    .iter()
                    .rev()
                    .find_map(|b| match b {
                        Block::Location(l) => Some(l.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let header = HeaderSet {
                    name: name_l,
                    value,
                    at,
                };
                match groups.iter_mut().find(|g| g.0 == scope) {
                    Some(g) => g.2.push(header),
                    None => groups.push((scope, loc.span(st.start), vec![header])),
                }
            }
            _ => {}
        }
    }
    groups
        .into_iter()
        .filter_map(|(scope, at, headers)| {
            let scope = (!scope.is_empty()).then_some(scope);
            let kept = kept
                .remove(scope.as_deref().unwrap_or(""))
                .unwrap_or_default();
            let mut p = policy_from_headers(&headers, scope, at)?;
            p.kept = kept;
            if vary {
                p.vary = VaryOrigin::Present;
            }
            Some(Parsed::new(Format::Nginx, p))
        })
        .collect()
}

/// Lines kept per location at most.
const MAX_KEPT: usize = 64;

/// Where a statement sits for the fixed snippet: its innermost `location`'s scope and
/// how many blocks deeper it is; `None` outside any location, and inside an origin
/// guard or a `map` (CORS logic the snippet replaces).
fn kept_place(stack: &[Block]) -> Option<(&str, usize)> {
    let i = stack
        .iter()
        .rposition(|b| matches!(b, Block::Location(_)))?;
    if stack[i + 1..]
        .iter()
        .any(|b| matches!(b, Block::OriginIf(_) | Block::Map(_) | Block::Withheld))
    {
        return None;
    }
    match &stack[i] {
        Block::Location(scope) => Some((scope, stack.len() - 1 - i)),
        _ => None,
    }
}

/// Records one line of a location's own directives, indented by its depth.
fn keep(kept: &mut HashMap<String, Vec<String>>, scope: &str, depth: usize, line: String) {
    let lines = kept.entry(scope.to_owned()).or_default();
    if lines.len() < MAX_KEPT {
        lines.push(format!("{}{line}", "    ".repeat(depth)));
    }
}

/// A statement on one line (nginx allows line breaks between words).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a directive may hold a credential: it mentions what credentials are made
/// of, or carries a key-like value (16 or more key characters in a row, letters and
/// digits mixed). Such a directive is not copied into a fixed snippet.
fn may_hold_a_credential(directive: &str) -> bool {
    let l = directive.to_ascii_lowercase();
    let named = [
        "auth", "key", "token", "secret", "passw", "bearer", "cookie", "@",
    ]
    .iter()
    .any(|w| l.contains(w));
    let key_like = directive
        .split(|c: char| !(c.is_ascii_alphanumeric() || "+/=_-".contains(c)))
        .any(|run| {
            run.len() >= 16
                && run.bytes().any(|b| b.is_ascii_alphabetic())
                && run.bytes().any(|b| b.is_ascii_digit())
        });
    named || key_like
}

/// `add_header` / `more_set_headers` of a CORS header or `Vary` (what the fixed
/// snippet writes itself).
fn is_cors_header(head: &str, words: &[(String, usize)]) -> bool {
    let name = match head {
        "add_header" => words.get(1).map(|w| w.0.as_str()),
        "more_set_headers" => words
            .get(1)
            .map(|w| w.0.split_once(':').map_or(w.0.as_str(), |(n, _)| n)),
        _ => None,
    };
    name.is_some_and(|n| {
        let n = n.trim().to_ascii_lowercase();
        n.starts_with("access-control-") || n == "vary"
    })
}

fn if_block(st: &Statement, loc: &Locator) -> Block {
    let t = &st.text;
    let (Some(open), Some(close)) = (t.find('('), t.rfind(')')) else {
        return Block::Other;
    };
    if close <= open {
        return Block::Other;
    }
    let cond = &t[open + 1..close];
    let words = split_words(cond, st.start + open + 1);
    if words.first().is_none_or(|w| w.0 != "$http_origin") || words.len() < 3 {
        return Block::Other;
    }
    let (op, (pat, at)) = (words[1].0.as_str(), &words[2]);
    let span = loc.span(*at);
    let rule = match op {
        "~" => OriginRule::regex(pat, "", Flavor::Pcre, MatchMode::Search),
        "~*" => OriginRule::regex(pat, "i", Flavor::Pcre, MatchMode::Search),
        "=" => OriginRule::Exact(pat.to_ascii_lowercase()),
        _ => return Block::Other,
    };
    Block::OriginIf(vec![OriginEntry { rule, at: span }])
}

fn map_entry(st: &Statement, loc: &Locator) -> Option<OriginEntry> {
    let (key, at) = st.words.first()?;
    let value = &st.words.get(1)?.0;
    let at = loc.span(*at);
    let passes = value.contains("$http_origin") || value.starts_with("http") || value == "*";
    if !passes {
        return None;
    }
    let rule = if key == "default" {
        if value.contains("$http_origin") {
            OriginRule::Reflect
        } else if value == "*" {
            OriginRule::Any
        } else {
            OriginRule::Exact(value.to_ascii_lowercase())
        }
    } else if let Some(p) = key.strip_prefix("~*") {
        OriginRule::regex(p, "i", Flavor::Pcre, MatchMode::Search)
    } else if let Some(p) = key.strip_prefix('~') {
        OriginRule::regex(p, "", Flavor::Pcre, MatchMode::Search)
    } else if key.eq_ignore_ascii_case("null") {
        OriginRule::Null
    } else {
        OriginRule::Exact(key.to_ascii_lowercase())
    };
    Some(OriginEntry { rule, at })
}

fn header_value(
    value: &str,
    at: Span,
    guard: Option<&Vec<OriginEntry>>,
    maps: &HashMap<String, Vec<OriginEntry>>,
    vars: &HashMap<String, Vec<OriginEntry>>,
) -> HeaderValue {
    if value.contains("$http_origin") {
        return HeaderValue::Origins(guard.cloned().unwrap_or_else(|| {
            vec![OriginEntry {
                rule: OriginRule::Reflect,
                at,
            }]
        }));
    }
    if value.contains("$http_access_control_request_headers") {
        return HeaderValue::ReflectRequestHeaders;
    }
    if let Some(var) = value.strip_prefix('$') {
        let name = format!("${var}");
        if let Some(entries) = maps.get(&name).or_else(|| vars.get(&name)) {
            return HeaderValue::Origins(entries.clone());
        }
        return HeaderValue::Unknown;
    }
    HeaderValue::Literal(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unguarded_http_origin_is_reflection() {
        let text = "server {\n  location /api/ {\n    add_header Access-Control-Allow-Origin $http_origin;\n    add_header Access-Control-Allow-Credentials true;\n    proxy_pass http://backend;\n  }\n}\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Reflect);
        assert_eq!(ps[0].policy.origins[0].at.line, 3);
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/api/"));
        assert!(ps[0].policy.dynamic);
    }

    #[test]
    fn if_guard_becomes_a_pattern_and_map_entries_are_read() {
        let text = "if ($http_origin ~* (acme.com)) {\n  add_header Access-Control-Allow-Origin \"$http_origin\";\n}\n";
        let ps = parse(text);
        assert!(
            matches!(&ps[0].policy.origins[0].rule, OriginRule::Pattern(p) if p.source == "(acme.com)" && p.case_insensitive)
        );
        let text = "map $http_origin $cors {\n  default \"\";\n  \"~^https://(www|app)\\.acme\\.com$\" $http_origin;\n}\nadd_header Access-Control-Allow-Origin $cors always;\nadd_header Vary Origin always;\n";
        let ps = parse(text);
        assert_eq!(ps[0].policy.origins.len(), 1);
        assert_eq!(ps[0].policy.vary, VaryOrigin::Present);
    }
    #[test]
    fn the_fixed_snippet_keeps_the_location_s_own_directives() {
        let text = "server {\n  location /api/ {\n    if ($request_method = OPTIONS) {\n      add_header Access-Control-Allow-Origin $http_origin;\n      return 204;\n    }\n    if ($http_x_api_key = \"k-12345678901234567890\") {\n      return 403;\n    }\n    if ($http_origin ~* (acme)) {\n      set $cors $http_origin;\n    }\n    add_header Access-Control-Allow-Origin $http_origin always;\n    add_header Access-Control-Allow-Credentials true always;\n    add_header Vary Origin;\n    proxy_set_header Host   $host;\n    set $stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc;\n    proxy_set_header Authorization \"Bearer sk_live_abc\";\n    proxy_pass\n      http://backend;\n  }\n}\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        assert_eq!(
            ps[0].policy.kept,
            vec![
                "if ($request_method = OPTIONS) {",
                "    return 204;",
                "}",
                "# your `if` block here (not copied: it may hold a credential)",
                "proxy_set_header Host $host;",
                "# your `set` directive here (not copied: it may hold a credential)",
                "# your `proxy_set_header` directive here (not copied: it may hold a credential)",
                "proxy_pass http://backend;",
            ]
        );
    }
    #[test]
    fn credential_like_directives_are_recognised() {
        for d in [
            "set $stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "set $aws wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "proxy_pass https://user:pass@backend",
            "proxy_set_header X-Api-Key abc",
        ] {
            assert!(may_hold_a_credential(d), "{d}");
        }
        for d in [
            "proxy_pass http://127.0.0.1:3000",
            "try_files $uri $uri/ /index.html",
            "proxy_set_header Host $host",
            "return 204",
        ] {
            assert!(!may_hold_a_credential(d), "{d}");
        }
    }
}
