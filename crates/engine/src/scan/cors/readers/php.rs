//! PHP: headers set by hand (`header("Access-Control-Allow-Origin: …")`, Symfony
//! `$response->headers->set(…)` and `new Response(…, [...])`, Slim `withHeader`,
//! Laravel `->header(…)`), and Laravel's `config/cors.php` (fruitcake/php-cors).
//!
//! Semantics (php-cors source): `'allowed_origins' => ['*']` sends `*` without
//! credentials, but with `'supports_credentials' => true` it echoes the request's
//! Origin; `allowed_origins_patterns` are `preg_match`ed (anywhere unless anchored);
//! an origin with `*` becomes a whole-origin wildcard pattern.

use super::code_headers;
use super::syntax::{inside, split_top, string_value, Lang};
use crate::scan::cors::model::{
    AnyWithCredentials, Flavor, Format, Locator, MatchMode, OriginEntry, OriginRule, Parsed,
    Policy, VaryOrigin,
};

pub fn parse(text: &str, format: Format) -> Vec<Parsed> {
    let mut out: Vec<Parsed> = laravel(text).into_iter().collect();
    let code_format = if format == Format::Laravel {
        Format::Php
    } else {
        format
    };
    for p in code_headers::policies(text, Lang::CLike) {
        out.push(Parsed::new(code_format, p));
    }
    out
}

/// The strings of a PHP array value (`['a', 'b']`, `array('a')`) or one string.
fn strings(v: &str, base: usize) -> Vec<(String, usize)> {
    let t = v.trim_start();
    let lead = v.len() - t.len();
    let open = if t.starts_with('[') {
        Some(0)
    } else if t.to_ascii_lowercase().starts_with("array") {
        t.find('(')
    } else {
        None
    };
    match open {
        Some(o) => {
            let (inner, off) = inside(t, o, Lang::CLike);
            split_top(inner, Lang::CLike)
                .into_iter()
                .filter_map(|(i, at)| string_value(i).map(|s| (s, base + lead + off + at)))
                .collect()
        }
        None => string_value(t)
            .map(|s| vec![(s, base + lead)])
            .unwrap_or_default(),
    }
}

/// Laravel `config/cors.php`: `return ['paths' => …, 'allowed_origins' => …];`.
fn laravel(text: &str) -> Option<Parsed> {
    let key_at = |key: &str| {
        ["'", "\""].iter().find_map(|q| {
            let needle = format!("{q}{key}{q}");
            let at = text.find(&needle)?;
            let rest = &text[at + needle.len()..];
            let arrow = rest.find("=>")?;
            rest[..arrow].trim().is_empty().then(|| {
                let vstart = at + needle.len() + arrow + 2;
                let v = &text[vstart..];
                let end = if v.trim_start().starts_with(['[', 'a', 'A']) {
                    let open = vstart + v.find(['[', '(']).unwrap_or(0);
                    super::syntax::matching(text, open, Lang::CLike)
                } else {
                    vstart + v.find([',', '\n', ']']).unwrap_or(v.len())
                };
                (&text[vstart..end.min(text.len())], vstart)
            })
        })
    };
    let (origins, origins_at) = key_at("allowed_origins")?;
    let loc = Locator::new(text);
    let mut p = Policy::new(
        loc.span(origins_at),
        AnyWithCredentials::Reflects,
        VaryOrigin::FrameworkAdds,
        true,
    );
    for (o, at) in strings(origins, origins_at) {
        let rule = if o.trim() == "*" {
            Some(OriginRule::Any)
        } else if o.contains('*') {
            p.dynamic = true;
            Some(OriginRule::wildcard(&o))
        } else {
            OriginRule::literal(&o)
        };
        if let Some(rule) = rule {
            p.origins.push(OriginEntry {
                rule,
                at: loc.span(at),
            });
        }
    }
    if let Some((patterns, at)) = key_at("allowed_origins_patterns") {
        for (src, pat_at) in strings(patterns, at) {
            // PHP patterns carry delimiters: `#^https://…$#`, `/…/i`.
            let d = src.chars().next().unwrap_or('/');
            let body = src
                .strip_prefix(d)
                .and_then(|r| r.rfind(d).map(|e| (&r[..e], &r[e + 1..])));
            let (regex, flags) = body.unwrap_or((src.as_str(), ""));
            p.dynamic = true;
            p.origins.push(OriginEntry {
                rule: OriginRule::regex(regex, flags, Flavor::Pcre, MatchMode::Search),
                at: loc.span(pat_at),
            });
        }
    }
    if let Some((v, at)) = key_at("supports_credentials") {
        if v.trim().eq_ignore_ascii_case("true") {
            p.credentials = Some(loc.span(at));
        }
    }
    if let Some((v, at)) = key_at("allowed_methods") {
        let methods = strings(v, at);
        p.methods_at = Some(loc.span(at));
        p.methods_any = methods.iter().any(|(m, _)| m == "*");
        p.methods = methods
            .into_iter()
            .map(|(m, _)| m.to_ascii_uppercase())
            .filter(|m| m != "*")
            .collect();
    }
    if let Some((v, at)) = key_at("allowed_headers") {
        if strings(v, at).iter().any(|(h, _)| h == "*") {
            p.headers_any = Some(loc.span(at));
        }
    }
    if let Some((v, at)) = key_at("max_age") {
        if let Ok(n) = v.trim().parse::<u64>() {
            p.max_age = Some((n, loc.span(at)));
        }
    }
    if let Some((v, at)) = key_at("paths") {
        p.scope = strings(v, at).first().map(|(s, _)| s.clone());
    }
    (!p.is_empty()).then(|| Parsed::new(Format::Laravel, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str, format: Format) -> Vec<OriginRule> {
        parse(text, format)
            .into_iter()
            .flat_map(|p| p.policy.origins.into_iter().map(|o| o.rule))
            .collect()
    }

    #[test]
    fn header_lines_in_one_string() {
        assert_eq!(
            rules(
                "<?php\nheader(\"Access-Control-Allow-Origin: *\");",
                Format::Php
            ),
            vec![OriginRule::Any]
        );
        assert_eq!(
            rules(
                "<?php\nheader(\"Access-Control-Allow-Origin: {$_GET['o']}\", true);",
                Format::Php
            ),
            vec![OriginRule::Reflect]
        );
        assert_eq!(
            rules("<?php\n$o = $_SERVER['HTTP_ORIGIN'];\nheader('Access-Control-Allow-Origin: ' . $o);", Format::Php),
            vec![OriginRule::Reflect]
        );
        assert!(rules(
            "<?php\nheader(\"Access-Control-Allow-Origin: $ok\");",
            Format::Php
        )
        .is_empty());
    }

    #[test]
    fn laravel_config() {
        let text = "<?php\nreturn [\n    'paths' => ['api/*'],\n    'allowed_origins' => ['*'],\n    'allowed_origins_patterns' => ['#acme\\.com#'],\n    'supports_credentials' => true,\n];\n";
        let ps = parse(text, Format::Laravel);
        let p = &ps[0].policy;
        assert_eq!(p.origins[0].rule, OriginRule::Any);
        assert!(matches!(&p.origins[1].rule, OriginRule::Pattern(x) if x.source == "acme\\.com"));
        assert_eq!(p.credentials.map(|s| s.line), Some(6));
        assert_eq!(p.any_with_credentials, AnyWithCredentials::Reflects);
    }
}
