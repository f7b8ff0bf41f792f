//! ASP.NET Core CORS policies: `AddCors(o => o.AddPolicy(..., p => p.WithOrigins(...)...))`
//! and `app.UseCors(p => ...)` fluent chains.
//!
//! Semantics (source): `AllowAnyOrigin()` with `AllowCredentials()` throws;
//! `SetIsOriginAllowed(_ => true)` with credentials reflects; wildcard origins need
//! `SetIsOriginAllowedToAllowWildcardSubdomains()` and then match any subdomain.

use super::code_headers;
use super::matchers::checks;
use super::syntax::{inside, split_top, string_value, Lang};
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, OriginEntry, OriginRule, Policy, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;

builtin_patterns! {
    /// The CORS calls of a policy builder chain.
    call = r"\b(AddPolicy|AddDefaultPolicy|UseCors|WithOrigins|AllowAnyOrigin|SetIsOriginAllowed|SetIsOriginAllowedToAllowWildcardSubdomains|AllowCredentials|AllowAnyMethod|WithMethods|AllowAnyHeader|WithHeaders|SetPreflightMaxAge)\s*\(";
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out: Vec<Policy> = Vec::new();
    let mut current: Option<Policy> = None;
    let mut wildcard_subdomains = false;
    let new_policy = |at| {
        Policy::new(
            loc.span(at),
            AnyWithCredentials::Rejects,
            VaryOrigin::FrameworkAdds,
            false,
        )
    };
    for c in call().captures_iter(text).take(super::syntax::MAX_SITES) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let name = name.as_str();
        if matches!(name, "AddPolicy" | "AddDefaultPolicy" | "UseCors") {
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some(new_policy(whole.start()));
            continue;
        }
        let p = current.get_or_insert_with(|| new_policy(whole.start()));
        let (inner, base) = inside(text, whole.end() - 1, Lang::CLike);
        let span = loc.span(whole.start());
        match name {
            "WithOrigins" => {
                for (item, off) in split_top(inner, Lang::CLike) {
                    if let Some(o) = string_value(item) {
                        let rule = if o.contains('*') {
                            Some(OriginRule::wildcard(&o))
                        } else {
                            OriginRule::literal(&o)
                        };
                        if let Some(rule) = rule {
                            p.origins.push(OriginEntry {
                                rule,
                                at: loc.span(base + off),
                            });
                        }
                    }
                }
            }
            "AllowAnyOrigin" => p.origins.push(OriginEntry {
                rule: OriginRule::Any,
                at: span,
            }),
            "SetIsOriginAllowed" => {
                p.dynamic = true;
                p.origins
                    .extend(checks(inner).origin_entries(&loc, base, span));
            }
            "SetIsOriginAllowedToAllowWildcardSubdomains" => wildcard_subdomains = true,
            "AllowCredentials" => p.credentials = Some(span),
            "AllowAnyMethod" => {
                p.methods_any = true;
                p.methods_at = Some(span);
            }
            "WithMethods" => {
                p.methods_at = Some(span);
                p.methods.extend(
                    split_top(inner, Lang::CLike)
                        .into_iter()
                        .filter_map(|(i, _)| string_value(i))
                        .map(|m| m.to_ascii_uppercase()),
                );
            }
            "AllowAnyHeader" => p.headers_any = Some(span),
            "SetPreflightMaxAge" => {
                if let Some(n) = timespan_seconds(inner) {
                    p.max_age = Some((n, span));
                }
            }
            _ => {}
        }
    }
    if let Some(p) = current.take() {
        out.push(p);
    }
    if !wildcard_subdomains {
        // Without SetIsOriginAllowedToAllowWildcardSubdomains a `*` origin never matches.
        for p in &mut out {
            p.origins
                .retain(|o| !matches!(&o.rule, OriginRule::Pattern(x) if x.source.contains('*')));
        }
    }
    let mut parsed: Vec<Parsed> = out
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| Parsed::new(Format::Aspnet, p))
        .collect();
    for p in code_headers::policies(text, Lang::CLike) {
        parsed.push(Parsed::new(Format::Aspnet, p));
    }
    parsed
}

fn timespan_seconds(arg: &str) -> Option<u64> {
    let compact: String = arg.split_whitespace().collect();
    let t = compact.as_str();
    let n = t.split(['(', ')']).nth(1)?.trim().parse::<f64>().ok()?;
    let secs = if t.contains("FromDays") {
        n * 86_400.0
    } else if t.contains("FromHours") {
        n * 3_600.0
    } else if t.contains("FromMinutes") {
        n * 60.0
    } else {
        n
    };
    (secs >= 0.0).then_some(secs as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluent_chains() {
        let ps = parse("builder.Services.AddCors(o => o.AddPolicy(\"x\", p => p\n  .SetIsOriginAllowed(_ => true)\n  .AllowAnyHeader()\n  .AllowCredentials()));");
        let p = &ps[0].policy;
        assert_eq!(p.origins[0].rule, OriginRule::Reflect);
        assert_eq!(p.origins[0].at.line, 2);
        assert!(p.credentials.is_some());
        let ps = parse("p.WithOrigins(\"https://*.acme.com\").SetIsOriginAllowedToAllowWildcardSubdomains().SetPreflightMaxAge(TimeSpan.FromDays(7))");
        assert!(matches!(
            &ps[0].policy.origins[0].rule,
            OriginRule::Pattern(_)
        ));
        assert_eq!(ps[0].policy.max_age.map(|m| m.0), Some(604_800));
    }
}
