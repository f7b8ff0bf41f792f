//! Go: `rs/cors` (`cors.Options{...}`, `cors.AllowAll()`), `gin-contrib/cors`
//! (`cors.Config{...}`, `config.AllowOrigins = ...`, `cors.Default()`), Echo
//! (`middleware.CORSConfig{...}`, `middleware.CORS()`), and `net/http` headers.
//!
//! Semantics (sources): `"*"` is sent literally (browsers refuse it with
//! credentials), except Echo with `UnsafeWildcardOriginWithAllowCredentials`, which
//! reflects; `AllowOriginFunc` decides per origin; rs/cors `https://*acme.com` is a
//! plain prefix/suffix match; gin `/regex/` entries use `MatchString` (unanchored).

use super::code_headers;
use super::matchers::checks;
use super::syntax::{inside, key_value, split_top, string_value, Lang};
use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, MatchMode, OriginEntry, OriginRule, Policy, Span, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;

builtin_patterns! {
    /// `cors.Options{`, `cors.Config{`, `middleware.CORSConfig{`.
    options_literal = r"\b(?:cors\s*\.\s*Options|cors\s*\.\s*Config|middleware\s*\.\s*CORSConfig)\s*\{";
    /// `config.AllowOrigins = ` (gin style), at the start of a line.
    field_assignment = r"(?m)^\s*(\w+)\s*\.\s*(Allow\w+|MaxAge)\s*=\s*";
    /// `cors.AllowAll()`, `cors.Default()`, `middleware.CORS()`.
    shortcut_call = r"\b(?:cors\s*\.\s*AllowAll|cors\s*\.\s*Default|middleware\s*\.\s*CORS)\s*\(\s*\)";
}

fn go_policy(loc: &Locator, at: usize) -> Policy {
    Policy::new(
        loc.span(at),
        AnyWithCredentials::Literal,
        VaryOrigin::FrameworkAdds,
        false,
    )
}

pub fn parse(text: &str, format: Format) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let lib_format = match format {
        Format::GoGin | Format::GoEcho => format,
        _ => Format::GoRsCors,
    };
    let mut out = Vec::new();
    // The variable each literal policy is assigned to (empty when none).
    let mut named: Vec<String> = Vec::new();
    for m in options_literal()
        .find_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let f = if m.as_str().contains("CORS") {
            Format::GoEcho
        } else if m.as_str().contains("Config") {
            Format::GoGin
        } else {
            lib_format
        };
        let (inner, base) = inside(text, m.end() - 1, Lang::CLike);
        let mut p = go_policy(&loc, m.start());
        for (item, off) in split_top(inner, Lang::CLike) {
            if let Some((key, v, voff)) = key_value(item) {
                field(&mut p, &loc, &key, v, base + off + voff, f);
            }
        }
        // `config := cors.Config{…}` / `var opts = cors.Options{…}`: later
        // `config.AllowOrigins = …` lines belong to this policy.
        let head = &text[text[..m.start()].rfind('\n').map_or(0, |n| n + 1)..m.start()];
        let var = head
            .trim_end()
            .trim_end_matches(['=', ':'])
            .trim_end()
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .to_owned();
        named.push(var);
        out.push(Parsed::new(f, p));
    }
    // gin style: config := cors.DefaultConfig(); config.AllowOrigins = []string{...}
    // Each receiver is its own policy, merged into the literal assigned to it.
    let field_format = if format == Format::GoRsCors {
        Format::GoRsCors
    } else {
        Format::GoGin
    };
    let mut assigned: Vec<(String, Policy)> = Vec::new();
    for c in field_assignment()
        .captures_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let (Some(whole), Some(receiver), Some(key)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let start = whole.end();
        let line_end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let mut end = line_end;
        if let Some(open) = text[start..line_end].find('{') {
            end = super::syntax::matching(text, start + open, Lang::CLike).max(line_end);
        }
        let value = &text[start..end.min(text.len())];
        let receiver = receiver.as_str();
        if let Some(i) = named.iter().position(|n| n == receiver) {
            let f = out[i].format;
            field(&mut out[i].policy, &loc, key.as_str(), value, start, f);
            continue;
        }
        let i = match assigned.iter().position(|(r, _)| r == receiver) {
            Some(i) => i,
            None => {
                assigned.push((receiver.to_owned(), go_policy(&loc, whole.start())));
                assigned.len() - 1
            }
        };
        field(
            &mut assigned[i].1,
            &loc,
            key.as_str(),
            value,
            start,
            field_format,
        );
    }
    for (_, p) in assigned {
        if !p.is_empty() {
            out.push(Parsed::new(field_format, p));
        }
    }
    for m in shortcut_call()
        .find_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let mut p = go_policy(&loc, m.start());
        p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: loc.span(m.start()),
        });
        let f = if m.as_str().contains("CORS") {
            Format::GoEcho
        } else if m.as_str().contains("Default") {
            Format::GoGin
        } else {
            Format::GoRsCors
        };
        out.push(Parsed::new(f, p));
    }
    for p in code_headers::policies(text, Lang::CLike) {
        out.push(Parsed::new(Format::GoNetHttp, p));
    }
    out.retain(|p| !p.policy.is_empty());
    for p in out.iter_mut().filter(|p| p.format == Format::GoGin) {
        refuse_conflicting_origins(&mut p.policy);
    }
    out
}

/// gin-contrib/cors `Validate()`: `AllowAllOrigins` with `AllowOrigins` (or an
/// `AllowOriginFunc`) is a "conflict settings" error and `cors.New` panics, so such
/// a config never serves: its other origins are moot.
fn refuse_conflicting_origins(p: &mut Policy) {
    let any = p.origins.iter().any(|o| o.rule == OriginRule::Any);
    if any && p.origins.iter().any(|o| o.rule != OriginRule::Any) {
        p.origins.retain(|o| o.rule == OriginRule::Any);
        p.any_with_credentials = AnyWithCredentials::Rejects;
    }
}

/// Items of a `[]string{...}` literal (or one string).
fn strings(v: &str, at: usize) -> Vec<(String, usize)> {
    let t = v.trim();
    let lead = v.len() - v.trim_start().len();
    match t.find('{') {
        Some(open) => {
            let (inner, base) = inside(t, open, Lang::CLike);
            split_top(inner, Lang::CLike)
                .into_iter()
                .filter_map(|(i, off)| string_value(i).map(|s| (s, at + lead + base + off)))
                .collect()
        }
        None => string_value(t)
            .map(|s| vec![(s, at + lead)])
            .unwrap_or_default(),
    }
}

fn field(p: &mut Policy, loc: &Locator, key: &str, v: &str, at: usize, f: Format) {
    let span: Span = loc.span(at);
    let truthy = v.trim().trim_end_matches(',') == "true";
    match key {
        "AllowedOrigins" | "AllowOrigins" => {
            for (o, oat) in strings(v, at) {
                let o = o.trim().to_owned();
                let rule = if o == "*" {
                    Some(OriginRule::Any)
                } else if o.len() > 2 && o.starts_with('/') && o.ends_with('/') {
                    p.dynamic = true;
                    Some(OriginRule::regex(
                        &o[1..o.len() - 1],
                        "",
                        Flavor::Pcre,
                        MatchMode::Search,
                    ))
                } else if o.contains('*') {
                    p.dynamic = true;
                    Some(OriginRule::wildcard(&o))
                } else {
                    OriginRule::literal(&o)
                };
                if let Some(rule) = rule {
                    p.origins.push(OriginEntry {
                        rule,
                        at: loc.span(oat),
                    });
                }
            }
        }
        "AllowAllOrigins" if truthy => p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: span,
        }),
        "AllowOriginFunc" | "AllowOriginRequestFunc" | "AllowOriginVaryRequestFunc" => {
            p.dynamic = true;
            p.origins.extend(checks(v).origin_entries(loc, at, span));
        }
        "AllowCredentials" if truthy => p.credentials = Some(span),
        "AllowPrivateNetwork" if truthy => p.private_network = Some(span),
        "UnsafeWildcardOriginWithAllowCredentials" if truthy && f == Format::GoEcho => {
            p.any_with_credentials = AnyWithCredentials::Reflects
        }
        "AllowedMethods" | "AllowMethods" => {
            p.methods_at = Some(span);
            for (m, _) in strings(v, at) {
                if m == "*" {
                    p.methods_any = true;
                } else {
                    p.methods.push(m.to_ascii_uppercase());
                }
            }
            if v.contains("http.Method") {
                p.methods.extend(v.split("http.Method").skip(1).map(|m| {
                    m.chars()
                        .take_while(|c| c.is_alphabetic())
                        .collect::<String>()
                        .to_ascii_uppercase()
                }));
            }
        }
        "AllowedHeaders" | "AllowHeaders" if strings(v, at).iter().any(|(h, _)| h == "*") => {
            p.headers_any = Some(span)
        }
        "MaxAge" => {
            if let Some(n) = duration_seconds(v, f) {
                p.max_age = Some((n, span));
            }
        }
        _ => {}
    }
}

/// Seconds of a Go MaxAge: an int (rs/cors, Echo: seconds) or a `time.Duration`
/// expression (gin: `12 * time.Hour`).
fn duration_seconds(v: &str, f: Format) -> Option<u64> {
    // Comments were blanked to spaces: `12 * time . Hour` is `12*time.Hour`.
    let compact: String = v.split_whitespace().collect();
    let t = compact.trim_end_matches(',');
    let mut total: u64 = 1;
    let mut unit_seen = false;
    for factor in t.split('*').map(str::trim) {
        let n = match factor {
            "time.Second" => 1,
            "time.Minute" => 60,
            "time.Hour" => 3_600,
            other => match other.replace('_', "").parse::<u64>() {
                Ok(n) => n,
                Err(_) => return None,
            },
        };
        if factor.starts_with("time.") {
            unit_seen = true;
        }
        total = total.saturating_mul(n);
    }
    if !unit_seen && f == Format::GoGin {
        // A bare number in gin is nanoseconds.
        return Some(total / 1_000_000_000);
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rs_cors_origin_func_and_suffix_wildcard() {
        let ps = parse("c := cors.New(cors.Options{\n\tAllowOriginFunc: func(origin string) bool { return true },\n\tAllowCredentials: true,\n})", Format::GoRsCors);
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Reflect);
        assert_eq!(ps[0].policy.credentials.map(|s| s.line), Some(3));
        let ps = parse(
            "cors.Options{AllowedOrigins: []string{\"https://*acme.com\"}}",
            Format::GoRsCors,
        );
        assert!(matches!(
            &ps[0].policy.origins[0].rule,
            OriginRule::Pattern(_)
        ));
    }

    #[test]
    fn gin_assignments_and_durations() {
        let ps = parse("config := cors.DefaultConfig()\nconfig.AllowAllOrigins = true\nconfig.AllowCredentials = true\nconfig.MaxAge = 12 * time.Hour\n", Format::GoGin);
        let p = &ps[0].policy;
        assert_eq!(p.origins[0].rule, OriginRule::Any);
        assert_eq!(p.max_age.map(|m| m.0), Some(43_200));
        assert_eq!(ps[0].format, Format::GoGin);
    }
}
