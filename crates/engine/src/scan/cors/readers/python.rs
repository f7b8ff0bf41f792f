//! Python: FastAPI/Starlette `CORSMiddleware`, Flask-CORS (`CORS(...)`,
//! `@cross_origin(...)`, `CORS_*` config), django-cors-headers settings (current and
//! legacy names).
//!
//! Semantics: Starlette, Flask-CORS and django-cors-headers all *reflect* the Origin
//! when "all origins" meets credentials. Starlette's `allow_origin_regex` is a
//! `re.fullmatch`; Flask-CORS and Django use `re.match` (anchored at the start only).
//! Flask-CORS treats an origin string containing any of `*\]?$^[]()` as a regex.

use super::header_policy::split_list;

use super::syntax::{find_word, inside, key_value, split_top, string_value, Lang};
use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, MatchMode, OriginEntry, OriginRule, Policy, Span, VaryOrigin,
};

pub fn parse(text: &str, _format: Format) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    out.extend(starlette(text, &loc));
    out.extend(flask(text, &loc));
    if let Some(p) = django(text, &loc) {
        out.push(p);
    }
    out.extend(chalice(text, &loc));
    // Headers set by hand: Django `response["…"]`, Flask/aiohttp `headers={…}`,
    // `self.send_header(…)`, a Lambda or Chalice handler's headers dict.
    for p in super::code_headers::policies(text, super::syntax::Lang::Hash) {
        out.push(Parsed::new(Format::PythonHeaders, p));
    }
    out
}

/// The value of a module-level `NAME = [...]` (or `NAME = "..."`) and its offset, so
/// `allow_origins=origins` reads the list it names.
fn resolve<'a>(text: &'a str, ident: &str) -> Option<(&'a str, usize)> {
    if ident.is_empty() || !ident.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(rest) = line.strip_prefix(ident) else {
            continue;
        };
        let rest_t = rest.trim_start();
        if !rest_t.starts_with('=') || rest_t.starts_with("==") {
            continue;
        }
        let vstart =
            super::syntax::skip_ws(text, start + ident.len() + (rest.len() - rest_t.len()) + 1);
        let tail = &text[vstart..];
        let end = if tail.starts_with(['[', '(', '{']) {
            super::syntax::matching(tail, 0, Lang::Hash)
        } else {
            tail.find('\n').unwrap_or(tail.len())
        };
        return Some((&tail[..end.min(tail.len())], vstart));
    }
    None
}

/// Strings of a value, following one module-level name.
fn strings_in(text: &str, v: &str, base: usize) -> Vec<(String, usize)> {
    match resolve(text, v.trim()) {
        Some((value, at)) => strings(value, at),
        None => strings(v, base),
    }
}

/// A Python value: list/tuple/set of strings, or one string; with offsets.
fn strings(v: &str, base: usize) -> Vec<(String, usize)> {
    let t = v.trim_start();
    let lead = v.len() - t.len();
    if t.starts_with(['[', '(', '{']) {
        let (inner, off) = inside(t, 0, Lang::Hash);
        return split_top(inner, Lang::Hash)
            .into_iter()
            .filter_map(|(item, at)| string_value(item).map(|s| (s, base + lead + off + at)))
            .collect();
    }
    string_value(t)
        .map(|s| vec![(s, base + lead)])
        .unwrap_or_default()
}

fn is_true(v: &str) -> bool {
    v.trim() == "True"
}

fn set_methods_headers(p: &mut Policy, key: &str, v: &str, at: Span) {
    let values: Vec<String> = strings(v, 0)
        .into_iter()
        .flat_map(|(s, _)| split_list(&s))
        .collect();
    match key {
        "allow_methods" | "methods" | "CORS_ALLOW_METHODS" | "CORS_METHODS" => {
            p.methods_at = Some(at);
            p.methods_any = values.iter().any(|m| m == "*");
            p.methods = values
                .into_iter()
                .filter(|m| m != "*")
                .map(|m| m.to_ascii_uppercase())
                .collect();
        }
        "allow_headers" | "CORS_ALLOW_HEADERS" if values.iter().any(|h| h == "*") => {
            p.headers_any = Some(at)
        }
        _ => {}
    }
}

fn max_age(v: &str) -> Option<u64> {
    let compact: String = v.split_whitespace().collect();
    let v = compact.as_str();
    if let Ok(n) = v.parse::<u64>() {
        return Some(n);
    }
    // timedelta(days=7) / 60 * 60 * 24
    if let Some(days) = v
        .strip_prefix("timedelta(days=")
        .and_then(|d| d.trim_end_matches(')').parse::<u64>().ok())
    {
        return Some(days * 86_400);
    }
    let product: Option<u64> = v
        .split('*')
        .map(|f| f.trim().parse::<u64>().ok())
        .try_fold(1u64, |acc, f| f.map(|f| acc.saturating_mul(f)));
    product
}

fn starlette(text: &str, loc: &Locator) -> Vec<Parsed> {
    let mut out = Vec::new();
    for at in find_word(text, "CORSMiddleware")
        .into_iter()
        .take(super::syntax::MAX_SITES)
    {
        // add_middleware(CORSMiddleware, ...) or Middleware(CORSMiddleware, ...)
        let Some(open) = text[..at].rfind('(').filter(|o| at - o < 40) else {
            continue;
        };
        let (inner, base) = inside(text, open, Lang::Hash);
        let mut p = Policy::new(
            loc.span(at),
            AnyWithCredentials::Reflects,
            VaryOrigin::FrameworkAdds,
            false,
        );
        for (item, off) in split_top(inner, Lang::Hash) {
            let Some((key, v, voff)) = key_value(item) else {
                continue;
            };
            let vat = base + off + voff;
            let span = loc.span(vat);
            match key.as_str() {
                "allow_origins" => {
                    for (o, oat) in strings_in(text, v, vat) {
                        if let Some(rule) = OriginRule::literal(&o) {
                            p.origins.push(OriginEntry {
                                rule,
                                at: loc.span(oat),
                            });
                        }
                    }
                }
                "allow_origin_regex" => {
                    if let Some(src) = string_value(v) {
                        p.origins.push(OriginEntry {
                            rule: OriginRule::regex(&src, "", Flavor::Python, MatchMode::Full),
                            at: span,
                        });
                        p.dynamic = true;
                    }
                }
                "allow_credentials" if is_true(v) => p.credentials = Some(span),
                "allow_private_network" if is_true(v) => p.private_network = Some(span),
                "max_age" => p.max_age = max_age(v).map(|n| (n, span)),
                k => set_methods_headers(&mut p, k, v, span),
            }
        }
        if !p.is_empty() {
            out.push(Parsed::new(Format::Fastapi, p));
        }
    }
    out
}

/// Flask-CORS origin strings: regex when they contain a regex character.
fn flask_origin(o: &str) -> Option<OriginRule> {
    if o == "*" {
        return Some(OriginRule::Any);
    }
    if o.contains(['*', '\\', ']', '?', '$', '^', '[', '(', ')']) {
        return Some(OriginRule::regex(o, "i", Flavor::Python, MatchMode::Start));
    }
    OriginRule::literal(o)
}

fn flask_options(
    text: &str,
    p: &mut Policy,
    inner: &str,
    base: usize,
    loc: &Locator,
) -> Vec<(String, String, usize)> {
    let mut resources = Vec::new();
    for (item, off) in split_top(inner, Lang::Hash) {
        let Some((key, v, voff)) = key_value(item) else {
            continue;
        };
        let vat = base + off + voff;
        let span = loc.span(vat);
        match key.as_str() {
            "origins" | "CORS_ORIGINS" => {
                p.origins.clear();
                for (o, oat) in strings_in(text, v, vat) {
                    if let Some(rule) = flask_origin(&o) {
                        p.origins.push(OriginEntry {
                            rule,
                            at: loc.span(oat),
                        });
                    }
                }
            }
            "supports_credentials" | "CORS_SUPPORTS_CREDENTIALS" if is_true(v) => {
                p.credentials = Some(span)
            }
            "allow_private_network" if is_true(v) => p.private_network = Some(span),
            "max_age" | "CORS_MAX_AGE" => p.max_age = max_age(v).map(|n| (n, span)),
            "send_wildcard" if is_true(v) => {
                p.any_with_credentials = AnyWithCredentials::Rejects;
                p.any_reflects = false;
            }
            "resources" if v.trim_start().starts_with('{') => {
                let (rin, roff) = inside(v.trim_start(), 0, Lang::Hash);
                let rbase = vat + (v.len() - v.trim_start().len()) + roff;
                for (ritem, rio) in split_top(rin, Lang::Hash) {
                    if let Some((path, rv, rvo)) = key_value(ritem) {
                        resources.push((path, rv.to_owned(), rbase + rio + rvo));
                    }
                }
            }
            k => set_methods_headers(p, k, v, span),
        }
    }
    resources
}

fn flask(text: &str, loc: &Locator) -> Vec<Parsed> {
    let mut out = Vec::new();
    let calls = find_word(text, "CORS")
        .into_iter()
        .chain(find_word(text, "cross_origin"))
        .take(super::syntax::MAX_SITES);
    for at in calls {
        let open = super::syntax::skip_ws(
            text,
            at + if text[at..].starts_with("CORS") {
                4
            } else {
                12
            },
        );
        if text.as_bytes().get(open) != Some(&b'(') {
            continue;
        }
        let (inner, base) = inside(text, open, Lang::Hash);
        // Flask-CORS defaults: origins '*' (reflected), all methods, headers '*'.
        let mut p = Policy::new(
            loc.span(at),
            AnyWithCredentials::Reflects,
            VaryOrigin::FrameworkAdds,
            true,
        );
        p.any_reflects = true;
        p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: loc.span(at),
        });
        let resources = flask_options(text, &mut p, inner, base, loc);
        if resources.is_empty() {
            out.push(Parsed::new(Format::Flask, p));
            continue;
        }
        for (path, v, vat) in resources {
            let mut rp = p.clone();
            rp.scope = Some(path);
            let t = v.trim_start();
            if t.starts_with('{') {
                let (rin, roff) = inside(t, 0, Lang::Hash);
                flask_options(text, &mut rp, rin, vat + roff, loc);
            }
            out.push(Parsed::new(Format::Flask, rp));
        }
    }
    out
}

/// Chalice `CORSConfig(allow_origin=…, allow_credentials=True, …)`: one origin, sent
/// as written (so `'*'` with credentials is the inert literal); `cors=True` on a
/// route is `allow_origin='*'`.
fn chalice(text: &str, loc: &Locator) -> Vec<Parsed> {
    let mut out = Vec::new();
    for at in find_word(text, "CORSConfig")
        .into_iter()
        .take(super::syntax::MAX_SITES)
    {
        let open = super::syntax::skip_ws(text, at + "CORSConfig".len());
        if text.as_bytes().get(open) != Some(&b'(') {
            continue;
        }
        let (inner, base) = inside(text, open, Lang::Hash);
        let mut p = Policy::new(
            loc.span(at),
            AnyWithCredentials::Literal,
            VaryOrigin::Absent,
            true,
        );
        let mut origin_set = false;
        for (item, off) in split_top(inner, Lang::Hash) {
            let Some((key, v, voff)) = key_value(item) else {
                continue;
            };
            let span = loc.span(base + off + voff);
            match key.as_str() {
                "allow_origin" => {
                    origin_set = true;
                    if let Some(rule) = string_value(v).and_then(|o| OriginRule::literal(&o)) {
                        p.origins.push(OriginEntry { rule, at: span });
                    }
                }
                "allow_credentials" if is_true(v) => p.credentials = Some(span),
                "max_age" => p.max_age = max_age(v).map(|n| (n, span)),
                k => set_methods_headers(&mut p, k, v, span),
            }
        }
        if !origin_set {
            p.origins.push(OriginEntry {
                rule: OriginRule::Any,
                at: loc.span(at),
            });
        }
        out.push(Parsed::new(Format::PythonHeaders, p));
    }
    out
}

fn django(text: &str, loc: &Locator) -> Option<Parsed> {
    let mut p = Policy::new(
        Span::default(),
        AnyWithCredentials::Reflects,
        VaryOrigin::FrameworkAdds,
        true,
    );
    let mut seen = false;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.starts_with("CORS_") {
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let value_at = start + line.find('=').unwrap_or(0) + 1;
        let vstart = super::syntax::skip_ws(text, value_at);
        let rest = &text[vstart..];
        let value = if rest.starts_with(['[', '(', '{']) {
            let end = super::syntax::matching(rest, 0, Lang::Hash);
            &rest[..end.min(rest.len())]
        } else {
            rest.lines()
                .next()
                .unwrap_or("")
                .split(" #")
                .next()
                .unwrap_or("")
        };
        let span = loc.span(vstart);
        if !seen {
            p.at = loc.span(start);
            seen = true;
        }
        match name {
            "CORS_ALLOW_ALL_ORIGINS" | "CORS_ORIGIN_ALLOW_ALL" if is_true(value) => {
                p.origins.push(OriginEntry {
                    rule: OriginRule::Any,
                    at: span,
                });
            }
            "CORS_ALLOWED_ORIGINS" | "CORS_ORIGIN_WHITELIST" => {
                for (o, at) in strings(value, vstart) {
                    if let Some(rule) = OriginRule::literal(&o) {
                        p.origins.push(OriginEntry {
                            rule,
                            at: loc.span(at),
                        });
                    }
                }
            }
            "CORS_ALLOWED_ORIGIN_REGEXES" | "CORS_ORIGIN_REGEX_WHITELIST" => {
                for (src, at) in strings(value, vstart) {
                    p.dynamic = true;
                    p.origins.push(OriginEntry {
                        rule: OriginRule::regex(&src, "", Flavor::Python, MatchMode::Start),
                        at: loc.span(at),
                    });
                }
            }
            "CORS_ALLOW_CREDENTIALS" if is_true(value) => p.credentials = Some(span),
            "CORS_ALLOW_PRIVATE_NETWORK" if is_true(value) => p.private_network = Some(span),
            "CORS_PREFLIGHT_MAX_AGE" => p.max_age = max_age(value).map(|n| (n, span)),
            "CORS_URLS_REGEX" => p.scope = string_value(value),
            "CORS_ORIGINS" | "CORS_SUPPORTS_CREDENTIALS" => {
                // Flask-CORS config keys written as app.config entries.
                let mut fp = p.clone();
                flask_options(
                    text,
                    &mut fp,
                    &format!("{name}={value}"),
                    vstart.saturating_sub(name.len() + 1),
                    loc,
                );
                p = fp;
            }
            k => set_methods_headers(&mut p, k, value, span),
        }
    }
    (seen && !p.is_empty()).then(|| Parsed::new(Format::Django, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starlette_wildcard_with_credentials_reflects() {
        let ps = parse("app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"*\"],\n    allow_credentials=True,\n)", Format::Fastapi);
        assert_eq!(ps.len(), 1);
        let p = &ps[0].policy;
        assert_eq!(p.origins[0].rule, OriginRule::Any);
        assert_eq!(p.origins[0].at.line, 3);
        assert_eq!(p.any_with_credentials, AnyWithCredentials::Reflects);
        assert_eq!(p.credentials.map(|s| s.line), Some(4));
    }

    #[test]
    fn flask_default_origins_and_regex_strings() {
        let ps = parse("CORS(app, supports_credentials=True)", Format::Flask);
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
        let ps = parse(
            "CORS(app, origins=[r\"https://app\\.acme\\.com\"])",
            Format::Flask,
        );
        assert!(
            matches!(&ps[0].policy.origins[0].rule, OriginRule::Pattern(p) if p.mode == MatchMode::Start)
        );
        let ps = parse(
            "CORS(app, resources={r\"/api/*\": {\"origins\": [\"https://app.acme.com\"]}})",
            Format::Flask,
        );
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/api/*"));
        assert_eq!(
            ps[0].policy.origins,
            vec![OriginEntry {
                rule: OriginRule::Exact("https://app.acme.com".into()),
                at: ps[0].policy.origins[0].at
            }]
        );
    }

    #[test]
    fn django_settings_with_legacy_names() {
        let text = "CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOW_CREDENTIALS = True\nCORS_ORIGIN_REGEX_WHITELIST = [\n    r\"^https://\\w+\\.acme\\.com\",\n]\n";
        let ps = parse(text, Format::Django);
        let p = &ps[0].policy;
        assert_eq!(p.origins[0].rule, OriginRule::Any);
        assert_eq!(p.credentials.map(|s| s.line), Some(2));
        assert!(matches!(&p.origins[1].rule, OriginRule::Pattern(x) if x.mode == MatchMode::Start));
        assert_eq!(p.origins[1].at.line, 4);
    }
}
