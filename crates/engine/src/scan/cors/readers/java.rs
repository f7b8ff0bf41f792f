//! Spring: `@CrossOrigin(...)`, `CorsRegistry` chains (`addMapping(...).allowedOrigins(...)`)
//! and `CorsConfiguration` setters.
//!
//! Semantics (Spring 5.3+ source): `allowedOrigins("*")` with credentials throws at
//! startup; `allowedOriginPatterns("*")` with credentials reflects every origin;
//! patterns like `https://*.acme.com` match any subdomain (full match).

use super::code_headers;
use crate::scan::cors::patterns::builtin_patterns;

use super::syntax::{inside, key_value, split_top, string_value, Lang};
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, OriginEntry, OriginRule, Policy, VaryOrigin,
};

builtin_patterns! {
    /// `@CrossOrigin`, the `CorsRegistry` chain calls and `CorsConfiguration` setters.
    call = r"(?x)
            @CrossOrigin\b
          | \b(?:addMapping|allowedOrigins|allowedOriginPatterns|allowCredentials|allowedMethods|allowedHeaders|maxAge|allowPrivateNetwork
              |setAllowedOrigins|setAllowedOriginPatterns|addAllowedOrigin|addAllowedOriginPattern|setAllowCredentials|setAllowedMethods
              |addAllowedMethod|setAllowedHeaders|addAllowedHeader|setMaxAge|setAllowPrivateNetwork)\s*\(
          | new\s+CorsConfiguration\s*\(";
}

/// String arguments of a call, flattening `List.of(...)`, `Arrays.asList(...)`, `{...}`.
fn string_args(args: &str, base: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (item, off) in split_top(args, Lang::CLike) {
        if let Some(s) = string_value(item) {
            out.push((s, base + off));
        } else if let Some(open) = item.find(['(', '{']) {
            let (inner, ib) = inside(item, open, Lang::CLike);
            out.extend(string_args(inner, base + off + ib));
        }
    }
    out
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out: Vec<Policy> = Vec::new();
    let mut current: Option<Policy> = None;
    for m in call().find_iter(text).take(super::syntax::MAX_SITES) {
        let name = m.as_str().trim_end_matches('(').trim();
        if name.starts_with("@CrossOrigin") || name == "addMapping" || name.starts_with("new") {
            if let Some(p) = current.take() {
                out.push(p);
            }
            let mut p = Policy::new(
                loc.span(m.start()),
                AnyWithCredentials::Rejects,
                VaryOrigin::FrameworkAdds,
                false,
            );
            if name.starts_with("@CrossOrigin") {
                annotation(&mut p, text, m.end(), &loc);
            }
            if name == "addMapping" {
                let (inner, _) = inside(text, m.end() - 1, Lang::CLike);
                p.scope = string_value(inner);
            }
            current = Some(p);
            continue;
        }
        let p = current.get_or_insert_with(|| {
            Policy::new(
                loc.span(m.start()),
                AnyWithCredentials::Rejects,
                VaryOrigin::FrameworkAdds,
                false,
            )
        });
        let (inner, base) = inside(text, m.end() - 1, Lang::CLike);
        let args = string_args(inner, base);
        let span = loc.span(base + (inner.len() - inner.trim_start().len()));
        let lower_inner = inner.trim().to_ascii_lowercase();
        match name {
            "allowedOrigins" | "setAllowedOrigins" | "addAllowedOrigin" => {
                for (o, at) in args {
                    if let Some(rule) = OriginRule::literal(&o) {
                        p.origins.push(OriginEntry {
                            rule,
                            at: loc.span(at),
                        });
                    }
                }
            }
            "allowedOriginPatterns" | "setAllowedOriginPatterns" | "addAllowedOriginPattern" => {
                for (o, at) in args {
                    p.origins.push(OriginEntry {
                        rule: pattern(&o, &mut p.any_with_credentials),
                        at: loc.span(at),
                    });
                    p.dynamic = true;
                }
            }
            "allowCredentials" | "setAllowCredentials"
                if lower_inner == "true" || lower_inner == "boolean.true" =>
            {
                p.credentials = Some(span)
            }
            "allowPrivateNetwork" | "setAllowPrivateNetwork" if lower_inner == "true" => {
                p.private_network = Some(span)
            }
            "allowedMethods" | "setAllowedMethods" | "addAllowedMethod" => {
                p.methods_at = Some(span);
                for (mth, _) in args {
                    if mth == "*" {
                        p.methods_any = true;
                    } else {
                        p.methods.push(mth.to_ascii_uppercase());
                    }
                }
            }
            "allowedHeaders" | "setAllowedHeaders" | "addAllowedHeader"
                if args.iter().any(|(h, _)| h == "*") =>
            {
                p.headers_any = Some(span)
            }
            "maxAge" | "setMaxAge" => {
                if let Some(n) = seconds(inner) {
                    p.max_age = Some((n, span));
                }
            }
            _ => {}
        }
    }
    if let Some(p) = current.take() {
        out.push(p);
    }
    let mut parsed: Vec<Parsed> = out
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| Parsed::new(Format::Spring, p))
        .collect();
    for p in code_headers::policies(text, Lang::CLike) {
        parsed.push(Parsed::new(Format::Spring, p));
    }
    parsed
}

/// A Spring origin pattern; `*` alone means "reflect any origin" with credentials.
fn pattern(o: &str, any: &mut AnyWithCredentials) -> OriginRule {
    let o = o.trim();
    if o == "*" {
        *any = AnyWithCredentials::Reflects;
        return OriginRule::Any;
    }
    if o.contains('*') {
        return OriginRule::wildcard(&o.replace(":[*]", ""));
    }
    OriginRule::literal(o).unwrap_or(OriginRule::Any)
}

fn seconds(arg: &str) -> Option<u64> {
    let compact: String = arg.split_whitespace().collect();
    let t = compact.trim_end_matches(['L', 'l']);
    if let Ok(n) = t.replace('_', "").parse::<u64>() {
        return Some(n);
    }
    let num = |s: &str| {
        s.split(['(', ')'])
            .nth(1)
            .and_then(|n| n.trim().trim_end_matches(['L', 'l']).parse::<u64>().ok())
    };
    if t.contains("ofDays") {
        return num(t).map(|d| d * 86_400);
    }
    if t.contains("ofHours") {
        return num(t).map(|h| h * 3_600);
    }
    t.split('*')
        .map(|f| f.trim().trim_end_matches(['L', 'l']).parse::<u64>().ok())
        .try_fold(1u64, |a, f| f.map(|f| a.saturating_mul(f)))
}

fn annotation(p: &mut Policy, text: &str, after: usize, loc: &Locator) {
    let open = super::syntax::skip_ws(text, after);
    if text.as_bytes().get(open) != Some(&b'(') {
        // Bare @CrossOrigin: all origins, no credentials.
        p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: p.at,
        });
        return;
    }
    let (inner, base) = inside(text, open, Lang::CLike);
    let mut origins_set = false;
    for (item, off) in split_top(inner, Lang::CLike) {
        let (key, v, voff) = key_value(item).unwrap_or(("value".into(), item, 0));
        let vat = base + off + voff;
        let span = loc.span(vat);
        match key.as_str() {
            "value" | "origins" => {
                origins_set = true;
                for (o, at) in string_args(v, vat) {
                    if let Some(rule) = OriginRule::literal(&o) {
                        p.origins.push(OriginEntry {
                            rule,
                            at: loc.span(at),
                        });
                    }
                }
            }
            "originPatterns" => {
                origins_set = true;
                for (o, at) in string_args(v, vat) {
                    p.origins.push(OriginEntry {
                        rule: pattern(&o, &mut p.any_with_credentials),
                        at: loc.span(at),
                    });
                }
            }
            "allowCredentials" if string_value(v).is_some_and(|s| s == "true") => {
                p.credentials = Some(span)
            }
            "allowedHeaders" if string_args(v, vat).iter().any(|(h, _)| h == "*") => {
                p.headers_any = Some(span)
            }
            "maxAge" => p.max_age = seconds(v).map(|n| (n, span)),
            _ => {}
        }
    }
    if !origins_set {
        p.origins.push(OriginEntry {
            rule: OriginRule::Any,
            at: p.at,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_star_with_credentials_reflects_but_origins_star_rejects() {
        let ps = parse(
            "config.setAllowedOriginPatterns(List.of(\"*\"));\nconfig.setAllowCredentials(true);",
        );
        assert_eq!(
            ps[0].policy.any_with_credentials,
            AnyWithCredentials::Reflects
        );
        assert_eq!(ps[0].policy.credentials.map(|s| s.line), Some(2));
        let ps =
            parse("registry.addMapping(\"/api/**\").allowedOrigins(\"*\").allowCredentials(true);");
        assert_eq!(
            ps[0].policy.any_with_credentials,
            AnyWithCredentials::Rejects
        );
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/api/**"));
    }

    #[test]
    fn annotations() {
        let ps = parse("@CrossOrigin(origins = \"https://app.acme.com\", allowCredentials = \"true\")\n@GetMapping(\"/me\")");
        assert_eq!(
            ps[0].policy.origins[0].rule,
            OriginRule::Exact("https://app.acme.com".into())
        );
        assert!(ps[0].policy.credentials.is_some());
        let ps = parse("@CrossOrigin\n@RestController");
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
    }
}
