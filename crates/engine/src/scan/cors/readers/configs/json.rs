//! JSON configuration: `vercel.json` and Firebase Hosting `firebase.json` headers,
//! AWS S3 CORS rules, Google Cloud Storage `cors.json`.

use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, OriginEntry, OriginRule, Policy, VaryOrigin,
};
use crate::scan::cors::patterns::builtin_patterns;
use crate::scan::cors::readers::header_policy::{origin_rule, policy_from_headers, HeaderSet};
use crate::scan::json::{self, Kind, Value as Json};

pub fn parse(text: &str, format: Format) -> Vec<Parsed> {
    let loc = Locator::new(text);
    match json::parse(text.as_bytes()) {
        Ok(doc) => match format {
            Format::S3Json => s3(&doc, &loc),
            Format::GcsJson => gcs(&doc, &loc),
            _ => header_rules(&doc, &loc, format),
        },
        // A fragment: fall back to key/value pairs found in the text.
        Err(_) => fragment(text, &loc, format),
    }
}

/// `{"headers": [{"source": ..., "headers": [{"key", "value"}]}]}`, for vercel.json,
/// and the same under `hosting` (object or array of sites) for firebase.json.
fn header_rules(doc: &Json<'_>, loc: &Locator, format: Format) -> Vec<Parsed> {
    let mut blocks: Vec<&Json<'_>> = Vec::new();
    let mut roots = vec![doc];
    if let Some(h) = doc.get("hosting") {
        match &h.kind {
            Kind::Array(sites) => roots.extend(sites.iter()),
            _ => roots.push(h),
        }
    }
    for root in roots {
        if let Some(list) = root.get("headers").and_then(Json::as_array) {
            blocks.extend(list.iter());
        }
    }
    if let Kind::Array(items) = &doc.kind {
        blocks.extend(items.iter().filter(|i| i.get("headers").is_some()));
    }
    let mut out = Vec::new();
    for block in blocks {
        let scope = ["source", "glob", "regex"]
            .iter()
            .find_map(|k| block.get(k).and_then(Json::as_str))
            .map(|s| s.into_owned());
        let mut headers = Vec::new();
        for h in block.get("headers").and_then(Json::as_array).unwrap_or(&[]) {
            let (Some(key), Some(value)) = (h.get("key").and_then(Json::as_str), h.get("value"))
            else {
                continue;
            };
            if let Some(v) = value.scalar_text() {
                headers.push(HeaderSet::literal(&key, &v, loc.span(value.at)));
            }
        }
        if let Some(p) = policy_from_headers(&headers, scope, loc.span(block.at)) {
            out.push(Parsed::new(format, p));
        }
    }
    out
}

fn rules_of<'a, 'b>(doc: &'a Json<'b>, wrapper: &str) -> Vec<&'a Json<'b>> {
    match (&doc.kind, doc.get(wrapper)) {
        (Kind::Array(items), _) => items.iter().collect(),
        (_, Some(w)) => w.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
        (Kind::Object(_), None) => vec![doc],
        _ => Vec::new(),
    }
}

fn s3(doc: &Json<'_>, loc: &Locator) -> Vec<Parsed> {
    let mut out = Vec::new();
    let doc = doc.get("CORSConfiguration").unwrap_or(doc);
    for rule in rules_of(doc, "CORSRules") {
        let mut p = Policy::new(
            loc.span(rule.at),
            AnyWithCredentials::Literal,
            VaryOrigin::FrameworkAdds,
            false,
        );
        for (o, at) in rule
            .get("AllowedOrigins")
            .or_else(|| rule.get("AllowedOrigin"))
            .map(Json::strings)
            .unwrap_or_default()
        {
            let span = loc.span(at);
            let rule = if o.trim() == "*" {
                OriginRule::Any
            } else {
                // S3 answers a matched non-`*` origin with ACAC: true.
                p.credentials.get_or_insert(span);
                if o.contains('*') {
                    OriginRule::wildcard(&o)
                } else {
                    origin_rule(&o).unwrap_or(OriginRule::Any)
                }
            };
            p.origins.push(OriginEntry { rule, at: span });
        }
        methods_and_headers(
            &mut p,
            rule,
            loc,
            &["AllowedMethods", "AllowedMethod"],
            &["AllowedHeaders", "AllowedHeader"],
            &["MaxAgeSeconds"],
        );
        if !p.is_empty() {
            out.push(Parsed::new(Format::S3Json, p));
        }
    }
    out
}

fn gcs(doc: &Json<'_>, loc: &Locator) -> Vec<Parsed> {
    let mut out = Vec::new();
    for rule in rules_of(doc, "cors") {
        let mut p = Policy::new(
            loc.span(rule.at),
            AnyWithCredentials::Literal,
            VaryOrigin::FrameworkAdds,
            false,
        );
        for (o, at) in rule.get("origin").map(Json::strings).unwrap_or_default() {
            let rule = if o.contains('*') && o.trim() != "*" {
                Some(OriginRule::wildcard(&o))
            } else {
                origin_rule(&o)
            };
            if let Some(rule) = rule {
                p.origins.push(OriginEntry {
                    rule,
                    at: loc.span(at),
                });
            }
        }
        methods_and_headers(
            &mut p,
            rule,
            loc,
            &["method"],
            &["responseHeader"],
            &["maxAgeSeconds"],
        );
        if !p.is_empty() {
            out.push(Parsed::new(Format::GcsJson, p));
        }
    }
    out
}

fn methods_and_headers(
    p: &mut Policy,
    rule: &Json<'_>,
    loc: &Locator,
    m: &[&str],
    h: &[&str],
    age: &[&str],
) {
    if let Some(ms) = m.iter().find_map(|k| rule.get(k)) {
        p.methods_at = Some(loc.span(ms.at));
        for (method, _) in ms.strings() {
            if method.trim() == "*" {
                p.methods_any = true;
            } else {
                p.methods.push(method.trim().to_ascii_uppercase());
            }
        }
    }
    if let Some(hs) = h.iter().find_map(|k| rule.get(k)) {
        if let Some((_, at)) = hs.strings().into_iter().find(|(v, _)| v.trim() == "*") {
            p.headers_any = Some(loc.span(at));
        }
    }
    if let Some(a) = age.iter().find_map(|k| rule.get(k)) {
        if let Some(n) = a.scalar_text().and_then(|s| s.parse::<f64>().ok()) {
            if n >= 0.0 {
                p.max_age = Some((n as u64, loc.span(a.at)));
            }
        }
    }
}

builtin_patterns! {
    /// `"key": "Access-Control-…", "value": "…"` in a fragment.
    key_value_pair = r#"(?i)"key"\s*:\s*"((?:access-control-[a-z-]+)|vary)"\s*,\s*"value"\s*:\s*"([^"\n]{0,500})""#;
}

/// Key/value pairs in a JSON fragment that does not parse on its own.
fn fragment(text: &str, loc: &Locator, format: Format) -> Vec<Parsed> {
    let headers: Vec<HeaderSet> = key_value_pair()
        .captures_iter(text)
        .filter_map(|c| {
            let (k, v) = (c.get(1)?, c.get(2)?);
            Some(HeaderSet::literal(
                k.as_str(),
                v.as_str(),
                loc.span(v.start()),
            ))
        })
        .collect();
    let format = if matches!(format, Format::S3Json | Format::GcsJson) {
        Format::VercelJson
    } else {
        format
    };
    let at = headers.first().map(|h| h.at).unwrap_or_default();
    policy_from_headers(&headers, None, at)
        .map(|p| Parsed::new(format, p))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vercel_headers_with_scope_and_value_lines() {
        let text = "{\n  \"headers\": [\n    {\n      \"source\": \"/api/(.*)\",\n      \"headers\": [\n        { \"key\": \"Access-Control-Allow-Credentials\", \"value\": \"true\" },\n        { \"key\": \"Access-Control-Allow-Origin\", \"value\": \"*\" }\n      ]\n    }\n  ]\n}\n";
        let ps = parse(text, Format::VercelJson);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/api/(.*)"));
        assert_eq!(ps[0].policy.origins[0].at.line, 7);
        assert_eq!(ps[0].policy.credentials.map(|s| s.line), Some(6));
    }

    #[test]
    fn s3_rules_in_both_shapes() {
        let a = parse(
            "[{\"AllowedOrigins\":[\"http://*.acme.com\"],\"AllowedMethods\":[\"GET\"]}]",
            Format::S3Json,
        );
        let b = parse("{\"CORSRules\":[{\"AllowedOrigins\":[\"http://*.acme.com\"],\"AllowedMethods\":[\"GET\"]}]}", Format::S3Json);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].policy.origins[0].rule, b[0].policy.origins[0].rule);
        assert!(matches!(
            a[0].policy.origins[0].rule,
            OriginRule::Pattern(_)
        ));
        assert!(a[0].policy.credentials.is_some());
    }

    #[test]
    fn fragments_fall_back_to_pairs() {
        let ps = parse(
            "{ \"key\": \"Access-Control-Allow-Origin\", \"value\": \"*\" },",
            Format::VercelJson,
        );
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
    }
}
