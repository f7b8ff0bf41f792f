//! Policies built from explicit response headers: raw headers, `_headers`,
//! netlify.toml, vercel.json, firebase.json, next.config.js, nginx, Apache and the
//! header-setting calls in server code all end up as a list of [`HeaderSet`]s.

use crate::scan::cors::model::{
    AnyWithCredentials, OriginEntry, OriginRule, Policy, Span, VaryOrigin,
};

/// What an `Access-Control-*` (or `Vary`) header is set to.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
    /// A fixed value as written.
    Literal(String),
    /// An origin computed from the request (reflection, or an echo behind checks).
    Origins(Vec<OriginEntry>),
    /// Request headers echoed back (`$http_access_control_request_headers`...).
    ReflectRequestHeaders,
    /// A value we cannot evaluate (an environment variable...).
    Unknown,
}

/// One header set by the input.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderSet {
    /// Lower-case header name.
    pub name: String,
    pub value: HeaderValue,
    pub at: Span,
}

impl HeaderSet {
    pub fn literal(name: &str, value: &str, at: Span) -> HeaderSet {
        HeaderSet {
            name: name.trim().to_ascii_lowercase(),
            value: HeaderValue::Literal(clean(value)),
            at,
        }
    }
}

/// Strips whitespace and one layer of quotes.
pub fn clean(value: &str) -> String {
    let v = value.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v);
    v.trim().to_owned()
}

/// Is this a header the CORS policy is made of?
pub fn is_cors_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n.starts_with("access-control-") || n == "vary"
}

/// An origin literal as an origin rule (`*`, `null`, or one exact origin).
pub fn origin_rule(value: &str) -> Option<OriginRule> {
    let v = clean(value);
    match v.to_ascii_lowercase().as_str() {
        "" => None,
        "*" => Some(OriginRule::Any),
        "null" => Some(OriginRule::Null),
        lower => Some(OriginRule::Exact(lower.trim_end_matches('/').to_owned())),
    }
}

/// Builds the policy of one scope from its headers; `None` when no CORS header is set.
pub fn policy_from_headers(
    headers: &[HeaderSet],
    scope: Option<String>,
    at: Span,
) -> Option<Policy> {
    let mut p = Policy::new(at, AnyWithCredentials::Literal, VaryOrigin::Absent, false);
    p.scope = scope;
    let mut any_cors = false;
    for h in headers {
        let lit = match &h.value {
            HeaderValue::Literal(s) => Some(s.as_str()),
            _ => None,
        };
        match h.name.as_str() {
            "access-control-allow-origin" => {
                any_cors = true;
                match &h.value {
                    HeaderValue::Literal(s) => {
                        if let Some(rule) = origin_rule(s) {
                            p.origins.push(OriginEntry { rule, at: h.at });
                        }
                    }
                    HeaderValue::Origins(entries) => {
                        p.dynamic = true;
                        p.origins.extend(entries.iter().cloned());
                    }
                    HeaderValue::ReflectRequestHeaders | HeaderValue::Unknown => {}
                }
            }
            "access-control-allow-credentials" => {
                any_cors = true;
                if lit.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                    p.credentials = Some(h.at);
                }
            }
            "access-control-allow-methods" => {
                any_cors = true;
                if let Some(v) = lit {
                    p.methods_at = Some(h.at);
                    let methods = split_list(v);
                    if methods.iter().any(|m| m == "*") {
                        p.methods_any = true;
                    }
                    p.methods = methods
                        .into_iter()
                        .filter(|m| m != "*")
                        .map(|m| m.to_ascii_uppercase())
                        .collect();
                }
            }
            "access-control-allow-headers" => {
                any_cors = true;
                match &h.value {
                    HeaderValue::Literal(v) if split_list(v).iter().any(|x| x == "*") => {
                        p.headers_any = Some(h.at)
                    }
                    HeaderValue::ReflectRequestHeaders => p.headers_any = Some(h.at),
                    _ => {}
                }
            }
            "access-control-max-age" => {
                any_cors = true;
                if let Some(age) = lit.and_then(|v| v.trim().parse::<u64>().ok()) {
                    p.max_age = Some((age, h.at));
                }
            }
            "access-control-allow-private-network" => {
                any_cors = true;
                if lit.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                    p.private_network = Some(h.at);
                }
            }
            "vary" if lit.is_some_and(|v| v.to_ascii_lowercase().contains("origin")) => {
                p.vary = VaryOrigin::Present;
            }
            _ => {}
        }
    }
    any_cors.then_some(p)
}

/// Splits a comma- or space-separated header list.
pub fn split_list(v: &str) -> Vec<String> {
    v.split([',', ' '])
        .map(|s| s.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32) -> Span {
        Span { line, column: 1 }
    }

    #[test]
    fn headers_become_a_policy() {
        let hs = vec![
            HeaderSet::literal("Access-Control-Allow-Origin", "'*'", at(1)),
            HeaderSet::literal("Access-Control-Allow-Credentials", "true", at(2)),
            HeaderSet::literal("Access-Control-Allow-Methods", "GET, *", at(3)),
            HeaderSet::literal("Access-Control-Max-Age", "604800", at(4)),
            HeaderSet::literal("Vary", "Accept-Encoding, Origin", at(5)),
        ];
        let p = policy_from_headers(&hs, None, at(1)).unwrap();
        assert_eq!(p.origins[0].rule, OriginRule::Any);
        assert_eq!(p.credentials, Some(at(2)));
        assert!(p.methods_any);
        assert_eq!(p.max_age, Some((604_800, at(4))));
        assert_eq!(p.vary, VaryOrigin::Present);
    }

    #[test]
    fn unrelated_headers_make_no_policy() {
        let hs = vec![HeaderSet::literal(
            "Cache-Control",
            "public, max-age=31536000",
            at(1),
        )];
        assert!(policy_from_headers(&hs, None, at(1)).is_none());
    }
}
