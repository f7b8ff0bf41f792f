//! JavaScript / TypeScript: the `cors` package (Express, NestJS `enableCors`,
//! Firebase Functions v1), `@fastify/cors`, `hono/cors`, Firebase Functions v2
//! `onRequest({ cors })`, and headers set by hand (Express, Next.js config,
//! middleware and route handlers, Supabase Edge Functions, Lambda proxy responses).
//!
//! Semantics (package sources): `origin: '*'` sends a literal `*` even with
//! `credentials: true` (browsers refuse it); `origin: true` or a callback that allows
//! everything reflects; RegExp origins are tested with `RegExp.test` (unanchored);
//! no options at all means `*`.

mod source;

use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, MatchMode, OriginEntry, OriginRule, Policy, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;
use crate::scan::cors::readers::code_headers;
use crate::scan::cors::readers::matchers::{checks, origin_literals};
use crate::scan::cors::readers::syntax::{
    alternatives, inside, key_value, matching, regex_literal, skip_ws, split_top, string_value,
    Lang, MAX_SITES,
};
use source::Source;

builtin_patterns! {
    /// `cors(`, `enableCors(`, `require('cors')(`.
    cors_call = r#"(?:\b(?:cors|Cors|corsMiddleware|enableCors)\s*\(|require\s*\(\s*['"]cors['"]\s*\)\s*\()"#;
    /// Fastify's `.register(cors, `.
    fastify_register = r#"\.\s*register\s*\(\s*(?:cors|fastifyCors|require\s*\(\s*['"]@fastify/cors['"]\s*\)|import\s*\(\s*['"]@fastify/cors['"]\s*\))\s*,"#;
    /// `onRequest({`, `onCall({`, `create(AppModule, {` (options holding `cors`).
    options_with_cors = r"\b(?:onRequest|onCall|create)\s*\(\s*(?:AppModule\s*,\s*)?\{|\bnew\s+ApolloServer\s*\(\s*\{";
    /// `list.includes(` / `.has(` / `.indexOf(`: a list tested for membership.
    list_use = r"(\w+)\s*\.\s*(?:includes|has|indexOf)\s*\(";
}

pub fn parse(text: &str, format: Format) -> Vec<Parsed> {
    let src = Source::new(text);
    let loc = &src.loc;
    let mut out = Vec::new();
    let package_format = match format {
        Format::Fastify
        | Format::Hono
        | Format::Nestjs
        | Format::FirebaseFunctions
        | Format::Apollo => format,
        _ => Format::Express,
    };
    for m in cors_call().find_iter(text).take(MAX_SITES) {
        let before = text[..m.start()].trim_end();
        let method_of = before.strip_suffix('.').map(str::trim_end);
        if before.ends_with("function") || method_of.is_some_and(|o| !o.ends_with("app")) {
            continue;
        }
        let open = m.end() - 1;
        let (inner, base) = inside(text, open, Lang::Js);
        let f = if m.as_str().starts_with("enableCors") {
            Format::Nestjs
        } else {
            package_format
        };
        let args = split_top(inner, Lang::Js);
        let opts = args.first().map(|(a, off)| (*a, base + off));
        out.push(Parsed::new(f, options_policy(&src, opts, m.start())));
    }
    for m in fastify_register().find_iter(text).take(MAX_SITES) {
        let start = skip_ws(text, m.end());
        let end = if text[start..].starts_with('{') {
            matching(text, start, Lang::Js)
        } else {
            start
        };
        let opts = text
            .get(start..end)
            .filter(|s| !s.is_empty())
            .map(|s| (s, start));
        out.push(Parsed::new(
            Format::Fastify,
            options_policy(&src, opts, m.start()),
        ));
    }
    for m in options_with_cors().find_iter(text).take(MAX_SITES) {
        let open = m.end() - 1;
        let (inner, base) = inside(text, open, Lang::Js);
        for (item, off) in split_top(inner, Lang::Js) {
            let Some((key, v, voff)) = key_value(item) else {
                continue;
            };
            if key != "cors" {
                continue;
            }
            let vat = base + off + voff;
            // Nest's and Apollo's `cors` option is the `cors` package's options.
            let apollo = m.as_str().contains("ApolloServer");
            let is_nest = m.as_str().starts_with("create") || apollo;
            let f = if apollo {
                Format::Apollo
            } else if is_nest {
                Format::Nestjs
            } else {
                Format::FirebaseFunctions
            };
            let p = match v.trim() {
                // Nest `cors: true` = enableCors() = '*'; Firebase v2 `cors: true` reflects.
                "true" if is_nest => options_policy(&src, None, vat),
                "true" => {
                    let mut p = js_policy(loc, vat);
                    p.dynamic = true;
                    p.origins.push(OriginEntry {
                        rule: OriginRule::Reflect,
                        at: loc.span(vat),
                    });
                    p
                }
                "false" => continue,
                _ if is_nest && v.trim_start().starts_with('{') => {
                    options_policy(&src, Some((v, vat)), vat)
                }
                _ => {
                    let mut p = js_policy(loc, vat);
                    p.dynamic = true;
                    p.origins = js_origins(&src, v, vat, 0);
                    p
                }
            };
            out.push(Parsed::new(f, p));
        }
    }
    let manual_format = match format {
        Format::NextjsConfig
        | Format::NextjsMiddleware
        | Format::SupabaseEdge
        | Format::LambdaProxy
        | Format::Workers => format,
        _ => Format::ExpressHeaders,
    };
    for p in code_headers::policies(text, Lang::Js) {
        out.push(Parsed::new(manual_format, p));
    }
    out.extend(origin_lists(&src));
    out.retain(|p| !p.policy.is_empty());
    out
}

/// Origin allowlists declared under a name that says so (`corsOrigins`, `CORS`,
/// `allowedOrigins`) holding regex literals: their patterns are proved even where the
/// file does not show which CORS call uses them (a pasted `cors.ts`). Credentials
/// are unknown here; a call that uses the list is judged with its own.
fn origin_lists(src: &Source) -> Vec<Parsed> {
    let mut names: Vec<&str> = src
        .names()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l.contains("cors") || l.contains("origin")
        })
        .collect();
    names.sort_unstable();
    let mut out = Vec::new();
    for name in names.into_iter().take(16) {
        let Some((value, at)) = src.resolve(name) else {
            continue;
        };
        let t = value.trim_start();
        let is_regex_list = regex_literal(t).is_some()
            || t.starts_with('[') && {
                let (inner, _) = inside(t, 0, Lang::Js);
                split_top(inner, Lang::Js)
                    .iter()
                    .any(|(item, _)| regex_literal(item).is_some())
            };
        if !is_regex_list {
            continue;
        }
        let mut p = js_policy(&src.loc, at);
        p.dynamic = true;
        p.vary = VaryOrigin::FrameworkAdds;
        p.origins = js_origins(src, value, at, 0)
            .into_iter()
            .filter(|o| matches!(o.rule, OriginRule::Pattern(_)))
            .collect();
        out.push(Parsed::new(Format::Express, p));
    }
    out
}

fn js_policy(loc: &Locator, at: usize) -> Policy {
    Policy::new(
        loc.span(at),
        AnyWithCredentials::Literal,
        VaryOrigin::FrameworkAdds,
        true,
    )
}

/// The policy of one `cors(options)`-style call; `None` options mean the defaults.
fn options_policy(src: &Source, opts: Option<(&str, usize)>, call_at: usize) -> Policy {
    let loc = &src.loc;
    let mut p = js_policy(loc, call_at);
    let mut origin_set = false;
    let resolved = opts.and_then(|(o, at)| {
        let t = o.trim();
        if t.starts_with('{') {
            Some((t, at + (o.len() - o.trim_start().len())))
        } else {
            src.resolve(t).and_then(|(v, vat)| {
                v.trim_start()
                    .starts_with('{')
                    .then_some((v.trim_start(), vat + (v.len() - v.trim_start().len())))
            })
        }
    });
    if let Some((obj, obj_at)) = resolved {
        let (inner, base) = inside(obj, 0, Lang::Js);
        for (item, off) in split_top(inner, Lang::Js) {
            let shorthand = item.trim_start_matches("async ").trim_start();
            if shorthand.starts_with("origin")
                && shorthand["origin".len()..].trim_start().starts_with('(')
            {
                // Method shorthand: `origin(origin, callback) { ... }`
                origin_set = true;
                p.origins = callback_origins(src, item, obj_at + base + off);
                p.dynamic = true;
                continue;
            }
            let Some((key, v, voff)) = key_value(item) else {
                continue;
            };
            let vat = obj_at + base + off + voff;
            let span = loc.span(vat);
            match key.as_str() {
                "origin" => {
                    origin_set = true;
                    p.origins = js_origins(src, v, vat, 0);
                    p.dynamic = !p.origins.iter().all(|o| o.rule == OriginRule::Any);
                }
                "credentials" if v.trim() == "true" => p.credentials = Some(span),
                "methods" | "allowMethods" => {
                    p.methods_at = Some(span);
                    let list = string_list(v);
                    p.methods_any = list.iter().any(|m| m == "*");
                    p.methods = list
                        .into_iter()
                        .filter(|m| m != "*")
                        .map(|m| m.to_ascii_uppercase())
                        .collect();
                }
                "allowedHeaders" | "allowHeaders" if string_list(v).iter().any(|h| h == "*") => {
                    p.headers_any = Some(span)
                }
                "maxAge" => {
                    if let Ok(n) = v.trim().replace('_', "").parse::<u64>() {
                        p.max_age = Some((n, span));
                    } else if let Some(n) = product(v) {
                        p.max_age = Some((n, span));
                    }
                }
                _ => {}
            }
        }
    }
    if !origin_set && opts.is_none_or(|(o, _)| o.trim().starts_with('{') || resolved.is_some()) {
        // Package default: '*' (the cors package, Fastify, Hono, NestJS enableCors()).
        p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: loc.span(call_at),
        });
    }
    p
}

fn product(v: &str) -> Option<u64> {
    v.split('*')
        .map(|f| f.trim().replace('_', "").parse::<u64>().ok())
        .try_fold(1u64, |acc, f| f.map(|f| acc.saturating_mul(f)))
}

/// Strings of a JS array or one string (`'GET,POST'` is split too).
fn string_list(v: &str) -> Vec<String> {
    let t = v.trim();
    let items: Vec<String> = if t.starts_with('[') {
        let (inner, _) = inside(t, 0, Lang::Js);
        split_top(inner, Lang::Js)
            .into_iter()
            .filter_map(|(i, _)| string_value(i))
            .collect()
    } else {
        string_value(t).into_iter().collect()
    };
    items
        .iter()
        .flat_map(|s| s.split(',').map(|x| x.trim().to_owned()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The origin rules a JS `origin` option value stands for.
fn js_origins(src: &Source, v: &str, at: usize, depth: usize) -> Vec<OriginEntry> {
    if depth > 3 || !src.read_one() {
        return Vec::new();
    }
    let t = v.trim();
    let at = at + (v.len() - v.trim_start().len());
    let span = src.loc.span(at);
    let one = |rule| vec![OriginEntry { rule, at: span }];
    if t == "true" {
        return one(OriginRule::Reflect);
    }
    if t == "false" || t.is_empty() {
        return Vec::new();
    }
    if let Some(s) = string_value(t) {
        return match s.trim() {
            "*" => one(OriginRule::Any),
            other if other.contains('*') => Vec::new(),
            other => OriginRule::literal(other).map(one).unwrap_or_default(),
        };
    }
    if let Some((src, flags)) = regex_literal(t) {
        return one(OriginRule::regex(
            &src,
            &flags,
            Flavor::JavaScript,
            MatchMode::Search,
        ));
    }
    if t.starts_with('[') {
        let (inner, base) = inside(t, 0, Lang::Js);
        return split_top(inner, Lang::Js)
            .into_iter()
            .flat_map(|(item, off)| js_origins(src, item, at + base + off, depth + 1))
            .collect();
    }
    if t.starts_with("new Set(") {
        let open = t.find('(').unwrap_or(0);
        let (inner, base) = inside(t, open, Lang::Js);
        return js_origins(src, inner, at + base, depth + 1);
    }
    if t.starts_with("new RegExp") {
        return checks(t)
            .rules
            .into_iter()
            .map(|(rule, _)| OriginEntry { rule, at: span })
            .collect();
    }
    if is_function(t) {
        return callback_origins(src, t, at);
    }
    // `isProd ? 'https://acme.com' : true`, `process.env.WEB_URL || '*'`: every value
    // the option can take counts, for the branch a deploy may well run (an unset
    // NODE_ENV, a missing variable) is the one an attacker gets.
    if let Some(values) = alternatives(t) {
        return values
            .into_iter()
            .flat_map(|(value, off)| js_origins(src, value, at + off, depth + 1))
            .collect();
    }
    if t.contains("=>") {
        return callback_origins(src, t, at);
    }
    // A value the request's sender chose (`url.parse(req.url, true).query.origin`).
    if super::taint::reads_request(src.text, t, at) {
        return one(OriginRule::Reflect);
    }
    match src.resolve(t) {
        Some((value, vat)) => js_origins(src, value, vat, depth + 1),
        None => Vec::new(),
    }
}

/// Whether a JS value is a function: `function`, `async`, `(a, b) => …`, `a => …`.
fn is_function(t: &str) -> bool {
    if t.starts_with("function") || t.starts_with("async") {
        return true;
    }
    let after_params = if t.starts_with('(') {
        matching(t, 0, Lang::Js)
    } else {
        t.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(t.len())
    };
    t.get(after_params..)
        .is_some_and(|rest| rest.trim_start().starts_with("=>"))
}

/// Lists one origin callback is read for at most (a real one tests one or two).
const MAX_LISTS: usize = 16;

/// An origin callback: reflection unless it checks the origin; its checks otherwise.
fn callback_origins(src: &Source, body: &str, at: usize) -> Vec<OriginEntry> {
    let loc = &src.loc;
    let c = checks(body);
    let unguarded = c.unguarded();
    let mut out = c.origin_entries(loc, at, loc.span(at));
    if unguarded {
        return out;
    }
    // Lists the callback checks membership in: their literal origins (for `null`, http).
    {
        // Each list once: a callback that tests one list a thousand times reads it once.
        let mut lists: Vec<&str> = Vec::new();
        for cap in list_use().captures_iter(body) {
            let Some(name) = cap.get(1).map(|m| m.as_str()) else {
                continue;
            };
            if lists.contains(&name) {
                continue;
            }
            lists.push(name);
            if lists.len() > MAX_LISTS || !src.read_one() {
                break;
            }
            if let Some((value, vat)) = src.resolve(name) {
                for (rule, off) in origin_literals(value) {
                    if !out.iter().any(|e| e.rule == rule) {
                        out.push(OriginEntry {
                            rule,
                            at: loc.span(vat + off),
                        });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::PatternKind;

    fn rules(text: &str) -> Vec<OriginRule> {
        parse(text, Format::Express)
            .into_iter()
            .flat_map(|p| p.policy.origins.into_iter().map(|o| o.rule))
            .collect()
    }

    #[test]
    fn cors_options_in_their_forms() {
        assert_eq!(rules("app.use(cors())"), vec![OriginRule::Any]);
        assert_eq!(
            rules("app.use(cors({ origin: true, credentials: true }))"),
            vec![OriginRule::Reflect]
        );
        assert_eq!(
            rules("app.use(cors({ origin: (o, cb) => cb(null, true) }))"),
            vec![OriginRule::Reflect]
        );
        assert!(
            matches!(&rules("app.use(cors({ origin: [/acme\\.com$/, 'https://a.io'] }))")[0], OriginRule::Pattern(p) if p.kind == PatternKind::Regex)
        );
        let opts = "const corsOptions = { origin: ['https://app.acme.com', 'null'], credentials: true };\napp.use(cors(corsOptions));";
        assert_eq!(
            rules(opts),
            vec![
                OriginRule::Exact("https://app.acme.com".into()),
                OriginRule::Null
            ]
        );
    }

    #[test]
    fn callbacks_with_allowlists_are_safe() {
        let t = "const allowed = new Set(['https://app.acme.com']);\napp.use(cors({\n  origin(origin, cb) { if (!origin || allowed.has(origin)) return cb(null, true); cb(new Error('no')); },\n  credentials: true,\n}));";
        let r = parse(t, Format::Express);
        assert_eq!(r.len(), 1);
        assert!(r[0]
            .policy
            .origins
            .iter()
            .all(|o| matches!(o.rule, OriginRule::Exact(_))));
    }

    #[test]
    fn firebase_v2_and_fastify() {
        let r = parse(
            "exports.api = onRequest({ cors: true, region: 'eu' }, handler);",
            Format::FirebaseFunctions,
        );
        assert_eq!(r[0].policy.origins[0].rule, OriginRule::Reflect);
        assert!(r[0].policy.credentials.is_none());
        let r = parse(
            "await fastify.register(require('@fastify/cors'), { origin: true, credentials: true })",
            Format::Fastify,
        );
        assert_eq!(r[0].format, Format::Fastify);
        assert!(r[0].policy.credentials.is_some());
    }
}
