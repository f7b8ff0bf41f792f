//! Terraform (HCL): `cors_rule` (AWS S3, Azure storage), `cors_configuration`
//! (API Gateway v2 HTTP APIs), `cors_config` (CloudFront response headers policies),
//! `cors` (Google Cloud Storage buckets; Azure app service and function `site_config`),
//! and REST API (v1) integration responses that set `method.response.header.Access-
//! Control-…` parameters.
//!
//! Semantics (provider docs): S3 and Azure storage answer a matched non-`*` origin with
//! `Access-Control-Allow-Credentials: true`; API Gateway and Azure app service refuse
//! `*` with credentials; one `*` in an origin is a whole-origin wildcard.

use super::header_policy::{policy_from_headers, HeaderSet};
use super::syntax::{inside, matching, split_top, string_value, Lang};
use crate::scan::cors::model::{
    AnyWithCredentials, Format, Locator, OriginEntry, OriginRule, Parsed, Policy, Span, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;

builtin_patterns! {
    /// A CORS block.
    cors_block = r"\b(cors_rule|cors_configuration|cors_config|cors)\s*\{";
    /// An attribute at the start of a line: `name = `.
    attribute = r"(?m)^[ \t]*(\w+)[ \t]*=[ \t]*";
    /// A nested block holding `items` (CloudFront).
    items_block = r"\b(access_control_allow_origins|access_control_allow_methods|access_control_allow_headers)\s*\{";
    /// A REST API response parameter setting a CORS header (value in single quotes).
    method_response_header = r#"(?i)"method\.response\.header\.(access-control-[a-z-]+)"\s*=\s*"'([^'"\n]*)'""#;
    /// A resource block's opening.
    resource = r#"(?m)^\s*resource\s+"([\w-]+)"\s+"[\w-]+"\s*\{"#;
}

/// The attributes of a block body: name → (value text, offset).
fn attributes(text: &str, open: usize) -> Vec<(String, &str, usize)> {
    let (body, base) = inside(text, open, Lang::CLike);
    let mut out = Vec::new();
    for c in attribute().captures_iter(body) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let start = whole.end();
        let rest = &body[start..];
        let end = if rest.starts_with(['[', '{']) {
            matching(body, start, Lang::CLike)
        } else {
            start + rest.find('\n').unwrap_or(rest.len())
        };
        out.push((
            name.as_str().to_owned(),
            body[start..end.min(body.len())].trim(),
            base + start,
        ));
    }
    // CloudFront: `access_control_allow_origins { items = [...] }`.
    for c in items_block().captures_iter(body) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        for (k, v, at) in attributes(body, whole.end() - 1) {
            if k == "items" {
                out.push((name.as_str().to_owned(), v, base + at));
            }
        }
    }
    out
}

/// The strings of an HCL list (or one string), with offsets.
fn strings(v: &str, at: usize) -> Vec<(String, usize)> {
    if v.starts_with('[') {
        let (inner, off) = inside(v, 0, Lang::CLike);
        return split_top(inner, Lang::CLike)
            .into_iter()
            .filter_map(|(i, o)| string_value(i).map(|s| (s, at + off + o)))
            .collect();
    }
    string_value(v).map(|s| vec![(s, at)]).unwrap_or_default()
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    let resources: Vec<(usize, &str)> = resource()
        .captures_iter(text)
        .filter_map(|r| Some((r.get(0)?.start(), r.get(1)?.as_str())))
        .collect();
    for c in cors_block()
        .captures_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let (Some(whole), Some(kind)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let attrs = attributes(text, whole.end() - 1);
        let has = |k: &str| attrs.iter().any(|(n, _, _)| n == k);
        // Who answers, and what `*` with credentials does there.
        let (any, per_origin_credentials) = match kind.as_str() {
            "cors_rule" => (AnyWithCredentials::Literal, true),
            "cors" if has("origin") => (AnyWithCredentials::Literal, false),
            "cors_config" => (AnyWithCredentials::Literal, false),
            _ => (AnyWithCredentials::Rejects, false),
        };
        let mut p = Policy::new(
            loc.span(whole.start()),
            any,
            VaryOrigin::FrameworkAdds,
            false,
        );
        for (name, v, at) in &attrs {
            let span = loc.span(*at);
            match name.as_str() {
                "allowed_origins" | "allow_origins" | "origin" | "access_control_allow_origins" => {
                    for (o, oat) in strings(v, *at) {
                        let o = o.trim().to_owned();
                        let rule = if o == "*" {
                            Some(OriginRule::Any)
                        } else if o.contains('*') {
                            p.dynamic = true;
                            Some(OriginRule::wildcard(&o))
                        } else {
                            Some(OriginRule::Exact(
                                o.to_ascii_lowercase().trim_end_matches('/').to_owned(),
                            ))
                        };
                        if per_origin_credentials && o != "*" {
                            p.credentials.get_or_insert(loc.span(oat));
                        }
                        if let Some(rule) = rule {
                            p.origins.push(OriginEntry {
                                rule,
                                at: loc.span(oat),
                            });
                        }
                    }
                }
                "allow_credentials"
                | "support_credentials"
                | "access_control_allow_credentials"
                    if v.trim() == "true" =>
                {
                    p.credentials = Some(span)
                }
                "allowed_methods" | "allow_methods" | "method" | "access_control_allow_methods" => {
                    p.methods_at = Some(span);
                    for (m, _) in strings(v, *at) {
                        if m == "*" || m.eq_ignore_ascii_case("ALL") {
                            p.methods_any = true;
                        } else {
                            p.methods.push(m.to_ascii_uppercase());
                        }
                    }
                }
                "allowed_headers"
                | "allow_headers"
                | "response_header"
                | "access_control_allow_headers"
                    if strings(v, *at).iter().any(|(h, _)| h == "*") =>
                {
                    p.headers_any = Some(span)
                }
                "max_age_seconds"
                | "max_age"
                | "max_age_in_seconds"
                | "access_control_max_age_sec" => {
                    if let Ok(n) = v.trim().parse::<u64>() {
                        p.max_age = Some((n, span));
                    }
                }
                _ => {}
            }
        }
        // The resource the block belongs to (`aws_s3_bucket_cors_configuration`):
        // the fixed snippet is written for it.
        p.scope = resources
            .iter()
            .rev()
            .find(|(at, _)| *at < whole.start())
            .map(|(_, t)| t.to_string());
        if !p.is_empty() {
            out.push(Parsed::new(Format::Terraform, p));
        }
    }
    out.extend(rest_api(text, &loc));
    out
}

/// REST API (v1) responses: `"method.response.header.Access-Control-Allow-Origin" =
/// "'*'"`, one policy per resource block.
fn rest_api(text: &str, loc: &Locator) -> Vec<Parsed> {
    let starts: Vec<usize> = resource().find_iter(text).map(|m| m.start()).collect();
    let mut groups: Vec<(usize, Span, Vec<HeaderSet>)> = Vec::new();
    for c in method_response_header()
        .captures_iter(text)
        .take(super::syntax::MAX_SITES)
    {
        let (Some(name), Some(value)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let block = starts
            .iter()
            .rev()
            .find(|&&s| s < name.start())
            .copied()
            .unwrap_or(0);
        let at = loc.span(value.start());
        let header = HeaderSet::literal(name.as_str(), value.as_str(), at);
        match groups.iter_mut().find(|g| g.0 == block) {
            Some(g) => g.2.push(header),
            None => groups.push((block, at, vec![header])),
        }
    }
    groups
        .into_iter()
        .filter_map(|(_, at, headers)| {
            policy_from_headers(
                &headers,
                Some("aws_api_gateway_integration_response".into()),
                at,
            )
        })
        .map(|p| Parsed::new(Format::Terraform, p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_each_provider() {
        let s3 = "resource \"aws_s3_bucket_cors_configuration\" \"x\" {\n  cors_rule {\n    allowed_methods = [\"PUT\", \"POST\"]\n    allowed_origins = [\"*\"]\n  }\n}\n";
        let ps = parse(s3);
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
        assert_eq!(ps[0].policy.origins[0].at.line, 4);
        let api = "resource \"aws_apigatewayv2_api\" \"a\" {\n  cors_configuration {\n    allow_origins     = [\"https://*\"]\n    allow_credentials = true\n  }\n}\n";
        let ps = parse(api);
        assert!(matches!(
            ps[0].policy.origins[0].rule,
            OriginRule::Pattern(_)
        ));
        assert!(ps[0].policy.credentials.is_some());
        let cf = "resource \"aws_cloudfront_response_headers_policy\" \"p\" {\n  cors_config {\n    access_control_allow_credentials = false\n    access_control_allow_origins {\n      items = [\"*\"]\n    }\n  }\n}\n";
        assert_eq!(parse(cf)[0].policy.origins[0].rule, OriginRule::Any);
        let rest = "resource \"aws_api_gateway_integration_response\" \"r\" {\n  response_parameters = {\n    \"method.response.header.Access-Control-Allow-Origin\" = \"'*'\"\n  }\n}\n";
        assert_eq!(parse(rest)[0].policy.origins[0].rule, OriginRule::Any);
    }
}
