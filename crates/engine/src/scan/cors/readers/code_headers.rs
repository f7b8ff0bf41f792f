//! CORS headers set by hand in server code, in any language:
//! `res.setHeader('Access-Control-Allow-Origin', origin)`, `headers.set(...)`,
//! `{ 'Access-Control-Allow-Origin': x }`, `w.Header().Set("...", x)`,
//! `response.headers["..."] = x`, `{ key: '...', value: '...' }` (next.config.js).
//!
//! A value that is the request's origin is reflection unless a check guards it; the
//! check (matcher, regex, membership, equality) is read from the code before the
//! header is set (see [`matchers`](super::matchers)).

use super::header_policy::{policy_from_headers, HeaderSet, HeaderValue};
use super::matchers::{checks, origin_literals};
use super::syntax::{matching, string_value, Lang};
use crate::scan::cors::model::{Locator, OriginEntry, Policy, Span, VaryOrigin};
use crate::scan::cors::patterns::builtin_patterns;

/// How far back (bytes) the guard of an echoed origin is looked for.
const GUARD_WINDOW: usize = 1500;

builtin_patterns! {
    /// A quoted CORS header name (or `Vary`).
    header_name = r#"(?i)["'`](access-control-(?:allow-origin|allow-credentials|allow-methods|allow-headers|max-age|allow-private-network)|vary)["'`]"#;
    /// `Vary: Origin` set anywhere (`res.vary('Origin')`, a `Vary` header, a literal).
    vary_origin = r#"(?i)(?:["'`]vary["'`]\s*[,:\]=]+\s*\(?\s*["'`][^"'`\n]*origin|\.\s*vary\s*\(\s*["'`]origin|Vary:\s*Origin)"#;
    /// `source:`/`path:`/`matcher:` of a Next.js-style header rule.
    rule_source = r#"(?:source|path|matcher)\s*:\s*["'`]([^"'`\n]{1,200})["'`]"#;
    /// A bracketed list (an allowlist literal).
    bracketed_list = r"[\[{(][^\[\]{}()]{0,2000}[\]})]";
}

/// Headers set in `text`, grouped by the nearest preceding `source:` (Next.js
/// config) — one group when there is none. Returns the policies.
pub fn policies(text: &str, lang: Lang) -> Vec<Policy> {
    let loc = Locator::new(text);
    let sources: Vec<(usize, String)> = rule_source()
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str().to_owned())))
        .collect();
    let mut groups: Vec<(Option<String>, Span, Vec<HeaderSet>)> = Vec::new();
    for m in header_name()
        .captures_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let (Some(whole), Some(name)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let Some((expr, expr_at)) = value_expr(text, whole.end(), lang) else {
            continue;
        };
        let name = name.as_str().to_ascii_lowercase();
        let at = loc.span(expr_at);
        let value = classify(text, &name, expr, expr_at, whole.start(), &loc);
        let scope = sources
            .iter()
            .rev()
            .find(|(s, _)| *s < whole.start())
            .map(|(_, v)| v.clone());
        let header = HeaderSet { name, value, at };
        match groups.iter_mut().find(|g| g.0 == scope) {
            Some(g) => g.2.push(header),
            None => groups.push((scope, at, vec![header])),
        }
    }
    let vary = vary_origin().is_match(text);
    groups
        .into_iter()
        .filter_map(|(scope, at, headers)| {
            let mut p = policy_from_headers(&headers, scope, at)?;
            if vary {
                p.vary = VaryOrigin::Present;
            }
            Some(p)
        })
        .collect()
}

/// The expression a header name is set to, after `,` `:` `] =` `=` or `, value:`.
fn value_expr(text: &str, after_name: usize, lang: Lang) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    let mut i = super::syntax::skip_ws(text, after_name);
    match b.get(i)? {
        b',' | b':' | b'=' => i += 1,
        b']' => {
            i = super::syntax::skip_ws(text, i + 1);
            if b.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    i = super::syntax::skip_ws(text, i);
    // next.config.js / vercel-style `{ key: 'X', value: 'v' }`
    if text[i..].starts_with("value") {
        let j = super::syntax::skip_ws(text, i + 5);
        if b.get(j) == Some(&b':') {
            i = super::syntax::skip_ws(text, j + 1);
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

fn classify(
    text: &str,
    name: &str,
    expr: &str,
    expr_at: usize,
    name_at: usize,
    loc: &Locator,
) -> HeaderValue {
    if let Some(s) = string_value(expr) {
        return HeaderValue::Literal(s);
    }
    let resolved = resolve_identifier(text, expr, name_at);
    let expr_l = resolved.unwrap_or(expr).to_ascii_lowercase();
    if let Some(s) = resolved.and_then(string_value) {
        return HeaderValue::Literal(s);
    }
    match name {
        "access-control-allow-origin" if expr_l.contains("origin") => {}
        "access-control-allow-headers" if expr_l.contains("access-control-request-headers") => {
            return HeaderValue::ReflectRequestHeaders;
        }
        "access-control-allow-credentials" if expr_l.trim() == "true" => {
            return HeaderValue::Literal("true".into())
        }
        _ => return HeaderValue::Unknown,
    }
    let mut from = name_at.saturating_sub(GUARD_WINDOW);
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
    {
        for list in bracketed_list().find_iter(region) {
            for (rule, off) in origin_literals(list.as_str()) {
                if !entries.iter().any(|e| e.rule == rule) {
                    entries.push(OriginEntry {
                        rule,
                        at: loc.span(from + list.start() + off),
                    });
                }
            }
        }
    }
    HeaderValue::Origins(entries)
}

/// `o` in `setHeader(ACAO, o)`: the expression `o` was last assigned, if it is a
/// plain identifier assigned before `before`.
fn resolve_identifier<'a>(text: &'a str, expr: &str, before: usize) -> Option<&'a str> {
    if expr.is_empty()
        || !expr
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        return None;
    }
    // Only the code shortly before the header is searched (bounded work per site).
    let mut from = before.saturating_sub(16 * 1024);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let head = text.get(from..before)?;
    let mut best = None;
    for (i, _) in head.match_indices(expr) {
        let after = &head[i + expr.len()..];
        let before_ok = !head[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let rest = after.trim_start();
        let assign = rest
            .strip_prefix(":=")
            .or_else(|| rest.strip_prefix('=').filter(|r| !r.starts_with('=')));
        if let (true, Some(value)) = (before_ok, assign) {
            let value = value.trim_start();
            let end = value.find([';', '\n']).unwrap_or(value.len());
            best = Some(value[..end].trim());
        }
    }
    best
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
