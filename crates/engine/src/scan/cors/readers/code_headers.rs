//! CORS headers set by hand in server code, in any language:
//! `res.setHeader('Access-Control-Allow-Origin', origin)`, `headers.set(...)`,
//! `{ 'Access-Control-Allow-Origin': x }`, `w.Header().Set("...", x)`,
//! `response.headers["..."] = x`, `{ key: '...', value: '...' }` (next.config.js).
//!
//! A value that is the request's origin is reflection unless a check guards it; the
//! check (matcher, regex, membership, equality) is read from the code before the
//! header is set (see [`matchers`](super::matchers)).

use super::header_policy::{policy_from_headers, HeaderSet, HeaderValue};
use super::matchers::{checks, membership_lists, origin_literals};
use super::scopes::Scopes;
use super::syntax::{find_word, matching, skip_ws, string_value, Lang, MAX_SITES};
use super::taint::{is_tainted, last_assignment};
use crate::scan::cors::model::{Locator, OriginEntry, Policy, Span, VaryOrigin};
use crate::scan::cors::patterns::builtin_patterns;

/// How far back (bytes) allowlist literals for an echoed origin are looked for.
const GUARD_WINDOW: usize = 1500;

/// The CORS headers (and `Vary`), lower case.
const HEADERS: &str = "access-control-(?:allow-origin|allow-credentials|allow-methods|allow-headers|max-age|allow-private-network)|vary";

builtin_patterns! {
    /// A quoted CORS header name (or `Vary`), possibly padded (`'  vary '`).
    header_name = format!(r#"(?i)["'`]\s*({HEADERS})\s*["'`]"#);
    /// A whole header line in one string (PHP `header("Access-Control-Allow-Origin: *")`):
    /// the opening quote, the name, up to the value.
    header_line = format!(r#"(?i)(["'`])\s*({HEADERS})\s*:[ \t]*"#);
    /// A constant or variable holding a CORS header name: `HeaderAllowOrigin = "…"`,
    /// `String headerName = "…"`, `$h = '…'`.
    header_constant = format!(r#"(?i)([A-Za-z_$][\w$]*)\s*(?::\s*[\w.]+\s*)?:?=\s*["'`]({HEADERS})["'`]"#);
    /// `Vary: Origin` set anywhere (`res.vary('Origin')`, a `Vary` header, a literal).
    vary_origin = r#"(?i)(?:["'`]vary["'`]\s*(?:[,:\]=]|=>)+\s*\(?\s*["'`][^"'`\n]*origin|\.\s*vary\s*\(\s*["'`]origin|\bVary\s*:\s*["'`]?[^"'`\n]*origin)"#;
    /// `source:`/`path:`/`matcher:` of a Next.js-style header rule.
    rule_source = r#"(?:source|path|matcher)\s*:\s*["'`]([^"'`\n]{1,200})["'`]"#;
    /// A bracketed list (an allowlist literal).
    bracketed_list = r"[\[{(][^\[\]{}()]{0,2000}[\]})]";
}

/// One place a header is set: where its name ends, the name, and where the statement
/// starts (for grouping).
struct Site {
    name_start: usize,
    name_end: usize,
    name: String,
    /// The value follows in the same string (`"Name: value"`), opened by this quote.
    inline: Option<u8>,
}

/// Every place a CORS header is named: quoted names, and constants that hold one.
fn sites(text: &str) -> Vec<Site> {
    let mut out: Vec<Site> = header_name()
        .captures_iter(text)
        .filter_map(|m| {
            let (whole, name) = (m.get(0)?, m.get(1)?);
            Some(Site {
                name_start: whole.start(),
                name_end: whole.end(),
                name: name.as_str().to_ascii_lowercase(),
                inline: None,
            })
        })
        .take(MAX_SITES)
        .collect();
    for c in header_line().captures_iter(text).take(MAX_SITES) {
        let (Some(whole), Some(quote), Some(name)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        out.push(Site {
            name_start: whole.start(),
            name_end: whole.end(),
            name: name.as_str().to_ascii_lowercase(),
            inline: quote.as_str().bytes().next(),
        });
    }
    for c in header_constant().captures_iter(text).take(64) {
        let (Some(ident), Some(name)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let ident = ident.as_str();
        for at in find_word(text, ident).into_iter().take(MAX_SITES) {
            let after = skip_ws(text, at + ident.len());
            // A use as an argument or key (`Set(HeaderAllowOrigin, v)`), not the
            // declaration (`HeaderAllowOrigin = "…"`).
            if matches!(text.as_bytes().get(after), Some(b',' | b':' | b']')) {
                out.push(Site {
                    name_start: at,
                    name_end: at + ident.len(),
                    name: name.as_str().to_ascii_lowercase(),
                    inline: None,
                });
            }
        }
    }
    out.sort_by_key(|s| s.name_start);
    out.truncate(MAX_SITES);
    out
}

/// Headers set in `text`, grouped by handler (function body) and, in Next.js-style
/// configs, by the nearest preceding `source:`. Returns the policies.
pub fn policies(text: &str, lang: Lang) -> Vec<Policy> {
    let loc = Locator::new(text);
    let scopes = Scopes::new(text, lang);
    let sources: Vec<(usize, String)> = rule_source()
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str().to_owned())))
        .collect();
    // (Next.js source, handler start) → headers with where each is named.
    type Key = (Option<String>, usize);
    type Group = (Key, Span, Vec<(HeaderSet, usize)>);
    let mut groups: Vec<Group> = Vec::new();
    for site in sites(text) {
        let body = scopes.of(site.name_start);
        let (value, at) = if let Some(quote) = site.inline {
            let Some(found) = inline_value(text, &site, quote, body, lang, &loc) else {
                continue;
            };
            found
        } else {
            let Some((expr, expr_at)) = value_expr(text, site.name_end, lang) else {
                continue;
            };
            let value = classify(
                text,
                &site.name,
                expr,
                expr_at,
                site.name_start,
                body,
                lang,
                &loc,
            );
            (value, loc.span(expr_at))
        };
        let scope = sources
            .iter()
            .rev()
            .find(|(s, _)| *s < site.name_start)
            .map(|(_, v)| v.clone());
        let header = HeaderSet {
            name: site.name,
            value,
            at,
        };
        let key = (scope, body.0);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2.push((header, site.name_start)),
            None => groups.push((key, at, vec![(header, site.name_start)])),
        }
    }
    // A handler that sets the origin on two paths (`if … { ACAO: * } else { ACAO:
    // origin; ACAC: true }`) has one policy per path: each origin with the headers
    // that can be sent with it.
    let mut split = Vec::new();
    for (key, at, headers) in groups {
        let origins: Vec<usize> = headers
            .iter()
            .filter(|(h, _)| h.name == "access-control-allow-origin")
            .map(|(_, o)| *o)
            .collect();
        if origins.len() < 2 {
            split.push((
                key,
                at,
                headers.into_iter().map(|(h, _)| h).collect::<Vec<_>>(),
            ));
            continue;
        }
        for &origin_at in &origins {
            let path: Vec<HeaderSet> = headers
                .iter()
                .filter(|(h, o)| {
                    if h.name == "access-control-allow-origin" {
                        *o == origin_at
                    } else {
                        scopes.same_path(*o, origin_at)
                    }
                })
                .map(|(h, _)| h.clone())
                .collect();
            split.push((key.clone(), at, path));
        }
    }
    let vary_at: Vec<usize> = vary_origin().find_iter(text).map(|m| m.start()).collect();
    split
        .into_iter()
        .filter_map(|((scope, body), at, headers)| {
            let mut p = policy_from_headers(&headers, scope, at)?;
            // `Vary: Origin` counts in the same handler, or set for every response.
            if vary_at
                .iter()
                .any(|&v| scopes.of(v).0 == body || scopes.is_top_level(v))
            {
                p.vary = VaryOrigin::Present;
            }
            Some(p)
        })
        .collect()
}

/// The value of a header written as one string (`"Name: value"`): the literal, or
/// what is interpolated (`"…: $origin"`, `"…: {$_GET['o']}"`) or concatenated
/// (`"…: " . $origin`) into it.
fn inline_value(
    text: &str,
    site: &Site,
    quote: u8,
    body: (usize, usize),
    lang: Lang,
    loc: &Locator,
) -> Option<(HeaderValue, Span)> {
    let b = text.as_bytes();
    let start = site.name_end;
    let mut end = start;
    while end < b.len() && b[end] != quote && b[end] != b'\n' {
        end += if b[end] == b'\\' { 2 } else { 1 };
    }
    let end = end.min(text.len());
    let literal = text.get(start..end)?;
    let at = loc.span(start);
    let dynamic = |expr: &str, expr_at: usize| {
        classify(
            text,
            &site.name,
            expr,
            expr_at,
            site.name_start,
            body,
            lang,
            loc,
        )
    };
    if quote == b'"' && literal.contains('$') {
        let var_at = literal.find('$')?;
        let var = literal[var_at..].trim_matches(|c| c == '{' || c == '}' || c == ' ');
        let var = var.trim_end_matches('}');
        return Some((dynamic(var, start + var_at), loc.span(start + var_at)));
    }
    if literal.trim().is_empty() {
        // `"Access-Control-Allow-Origin: " . $origin` (PHP) or `+ origin` (JS).
        let after = skip_ws(text, end + 1);
        let rest = text.get(after..)?;
        let op = rest.strip_prefix('.').or_else(|| rest.strip_prefix('+'))?;
        let expr_at = after + 1 + (op.len() - op.trim_start().len());
        let expr = op.trim_start();
        let len = expr.find([',', ')', ';', '\n']).unwrap_or(expr.len());
        let expr = expr[..len].trim();
        return Some((dynamic(expr, expr_at), loc.span(expr_at)));
    }
    Some((HeaderValue::Literal(literal.trim().to_owned()), at))
}

/// The expression a header name is set to, after `,` `:` `] =` `=` or `, value:`.
fn value_expr(text: &str, after_name: usize, lang: Lang) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    let mut i = skip_ws(text, after_name);
    match b.get(i)? {
        b'=' if b.get(i + 1) == Some(&b'>') => i += 2,
        b',' | b':' | b'=' => i += 1,
        b']' => {
            i = skip_ws(text, i + 1);
            if b.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    i = skip_ws(text, i);
    // next.config.js / vercel-style `{ key: 'X', value: 'v' }`
    if text[i..].starts_with("value") {
        let j = skip_ws(text, i + 5);
        if b.get(j) == Some(&b':') {
            i = skip_ws(text, j + 1);
        }
    }
    let start = i;
    let limit = text.len().min(start + 400);
    while i < limit {
        match b[i] {
            b'(' | b'[' | b'{' => i = matching(text, i, lang),
            b'"' | b'\'' | b'`' => {
                let q = b[i];
                i += 1;
                while i < limit && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b',' | b')' | b'}' | b';' | b'\n' | b']' => break,
            _ => i += 1,
        }
    }
    let end = i.min(text.len());
    let expr = text.get(start..end)?.trim();
    (!expr.is_empty()).then_some((expr, start))
}

#[allow(clippy::too_many_arguments)]
fn classify(
    text: &str,
    name: &str,
    expr: &str,
    expr_at: usize,
    name_at: usize,
    body: (usize, usize),
    lang: Lang,
    loc: &Locator,
) -> HeaderValue {
    if let Some(s) = string_value(expr) {
        return HeaderValue::Literal(s);
    }
    // JS sends `null` as the text "null" (`res.setHeader(ACAO, null)`).
    if lang == Lang::Js && expr == "null" {
        return HeaderValue::Literal("null".into());
    }
    let resolved = last_assignment(text, expr, name_at)
        .filter(|_| is_identifier(expr))
        .map(|(v, _)| v);
    if let Some(s) = resolved.and_then(string_value) {
        return HeaderValue::Literal(s);
    }
    let expr_l = resolved.unwrap_or(expr).to_ascii_lowercase();
    match name {
        "access-control-allow-origin" if is_tainted(text, expr, expr_at) => {}
        "access-control-allow-headers" if expr_l.contains("access-control-request-headers") => {
            return HeaderValue::ReflectRequestHeaders;
        }
        "access-control-allow-credentials" if expr_l.trim() == "true" => {
            return HeaderValue::Literal("true".into())
        }
        _ => return HeaderValue::Unknown,
    }
    // The guard: the checks written in this handler before the header is set.
    let mut from = body.0.max(name_at.saturating_sub(4 * GUARD_WINDOW));
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let end = (expr_at + expr.len()).min(text.len());
    let region = &text[from..end];
    let c = checks(region);
    let at = loc.span(expr_at);
    let unguarded = c.unguarded();
    let mut entries = c.origin_entries(loc, from, at);
    if unguarded {
        return HeaderValue::Origins(entries);
    }
    // The origins of the allowlists the checks test: lists written in the handler,
    // and the lists the membership checks name (`allowed.includes(origin)`).
    let mut lists: Vec<(&str, usize)> = bracketed_list()
        .find_iter(region)
        .filter(|m| {
            // A call's arguments (`setHeader("…", "…")`) are not a list.
            !(m.as_str().starts_with('(')
                && region[..m.start()]
                    .trim_end()
                    .ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        })
        .map(|m| (m.as_str(), from + m.start()))
        .collect();
    for name in membership_lists(region) {
        if let Some(list) = last_assignment(text, name, name_at) {
            lists.push(list);
        }
    }
    for (list, list_at) in lists {
        for (rule, off) in origin_literals(list) {
            if !entries.iter().any(|e| e.rule == rule) {
                entries.push(OriginEntry {
                    rule,
                    at: loc.span(list_at + off),
                });
            }
        }
    }
    HeaderValue::Origins(entries)
}

fn is_identifier(expr: &str) -> bool {
    !expr.is_empty()
        && expr
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::OriginRule;

    fn origins(text: &str) -> Vec<OriginRule> {
        policies(text, Lang::Js)
            .into_iter()
            .flat_map(|p| p.origins.into_iter().map(|o| o.rule))
            .collect()
    }

    #[test]
    fn unguarded_echo_is_reflection() {
        let t = "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});";
        let ps = policies(t, Lang::Js);
        assert_eq!(ps[0].origins[0].rule, OriginRule::Reflect);
        assert_eq!(ps[0].origins[0].at.line, 2);
        assert!(ps[0].credentials.is_some());
        assert_eq!(ps[0].vary, VaryOrigin::Absent);
    }

    #[test]
    fn membership_guard_is_safe_but_listed_null_is_kept() {
        let t = "const allowed = ['https://app.acme.com', 'null'];\nconst origin = req.headers.origin;\nif (allowed.includes(origin)) {\n  res.setHeader('Access-Control-Allow-Origin', origin);\n  res.vary('Origin');\n}";
        let o = origins(t);
        assert!(o.contains(&OriginRule::Null));
        assert!(!o.contains(&OriginRule::Reflect));
    }

    #[test]
    fn next_config_pairs_are_grouped_by_source() {
        let t = "async headers() {\n return [\n  { source: '/fonts/:file*', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] },\n  { source: '/api/:path*', headers: [\n    { key: 'Access-Control-Allow-Origin', value: '*' },\n    { key: 'Access-Control-Allow-Credentials', value: 'true' } ] },\n ];\n}";
        let ps = policies(t, Lang::Js);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].scope.as_deref(), Some("/api/:path*"));
        assert!(ps[1].credentials.is_some());
        assert!(ps[0].credentials.is_none());
    }

    #[test]
    fn identifiers_are_resolved_once() {
        let t =
            "o := r.Header.Get(\"Origin\")\nw.Header().Set(\"Access-Control-Allow-Origin\", o)\n";
        assert_eq!(origins(t), vec![OriginRule::Reflect]);
    }
}
