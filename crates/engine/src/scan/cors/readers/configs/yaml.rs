//! API Gateway CORS in SAM / CloudFormation YAML (`CorsConfiguration` of HTTP APIs,
//! `Cors` of REST APIs, S3 `CorsConfiguration.CorsRules`), read line by line so CFN
//! tags (`!Ref`, `!Sub`) and fragments do not stop it.

use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, OriginEntry, OriginRule, Policy, Span, VaryOrigin,
};
use crate::scan::cors::readers::header_policy::origin_rule;

/// The key currently collecting `- item` lines.
#[derive(Clone, Copy, PartialEq)]
enum ListKey {
    Origins,
    Methods,
    Headers,
    Other,
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    let mut current: Option<(Policy, usize)> = None;
    let mut list = ListKey::Other;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let content = line.split(" #").next().unwrap_or(line);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let lead = start + indent;
        // A new CORS block, or the end of one when indentation returns.
        let key = trimmed
            .trim_start_matches("- ")
            .split(':')
            .next()
            .unwrap_or("")
            .trim();
        if matches!(key, "Cors" | "CorsConfiguration" | "CorsRules") && trimmed.contains(':') {
            if let Some((p, _)) = current.take() {
                push(&mut out, p);
            }
            let mut p = Policy::new(
                loc.span(lead),
                AnyWithCredentials::Rejects,
                VaryOrigin::FrameworkAdds,
                false,
            );
            // REST `Cors: "'*'"` (a single string value).
            let inline = trimmed.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
            if !inline.is_empty() && !inline.starts_with('!') {
                add_origins(
                    &mut p,
                    inline,
                    loc.span(lead + trimmed.find(inline).unwrap_or(0)),
                );
            }
            current = Some((p, indent));
            list = ListKey::Other;
            continue;
        }
        let Some((policy, block_indent)) = current.as_mut() else {
            continue;
        };
        if indent <= *block_indent && !trimmed.starts_with('-') {
            if let Some((p, _)) = current.take() {
                push(&mut out, p);
            }
            continue;
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .filter(|_| !trimmed.contains(": "))
        {
            let at = loc.span(lead + 2);
            match list {
                ListKey::Origins => add_origins(policy, item, at),
                ListKey::Methods => add_methods(policy, item, at),
                ListKey::Headers => add_headers(policy, item, at),
                ListKey::Other => {}
            }
            continue;
        }
        let entry = trimmed.trim_start_matches("- ");
        let Some((k, v)) = entry.split_once(':') else {
            continue;
        };
        let value = v.trim();
        let at = loc.span(
            lead + trimmed.len() - entry.len() + k.len() + 1 + (v.len() - v.trim_start().len()),
        );
        list = ListKey::Other;
        match k.trim() {
            "AllowOrigins" | "AllowOrigin" | "AllowedOrigins" => {
                list = ListKey::Origins;
                add_origins(policy, value, at);
            }
            "AllowMethods" | "AllowedMethods" => {
                list = ListKey::Methods;
                add_methods(policy, value, at);
            }
            "AllowHeaders" | "AllowedHeaders" => {
                list = ListKey::Headers;
                add_headers(policy, value, at);
            }
            "AllowCredentials" if unquote(value).eq_ignore_ascii_case("true") => {
                policy.credentials = Some(at)
            }
            "MaxAge" | "MaxAgeSeconds" => {
                if let Ok(n) = unquote(value).parse::<u64>() {
                    policy.max_age = Some((n, at));
                }
            }
            _ => {}
        }
    }
    if let Some((p, _)) = current.take() {
        push(&mut out, p);
    }
    out
}

fn push(out: &mut Vec<Parsed>, p: Policy) {
    if !p.is_empty() {
        out.push(Parsed::new(Format::SamYaml, p));
    }
}

/// Strips YAML quotes and the REST API's quotes-in-quotes (`"'https://a.com'"`).
fn unquote(v: &str) -> String {
    let mut s = v.trim();
    for _ in 0..2 {
        s = s
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| s.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .unwrap_or(s)
            .trim();
    }
    s.to_owned()
}

/// Items of a flow list (`['a', 'b']`) or one scalar.
fn items(v: &str) -> Vec<String> {
    let v = v.trim();
    if v.is_empty() || v.starts_with('!') {
        return Vec::new();
    }
    let inner = v
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(v);
    inner
        .split(',')
        .map(unquote)
        .filter(|s| !s.is_empty())
        .collect()
}

fn add_origins(p: &mut Policy, v: &str, at: Span) {
    for o in items(v) {
        let rule = if o.contains('*') && o != "*" {
            OriginRule::wildcard(&o)
        } else {
            origin_rule(&o).unwrap_or(OriginRule::Any)
        };
        p.origins.push(OriginEntry { rule, at });
    }
}

fn add_methods(p: &mut Policy, v: &str, at: Span) {
    for m in items(v) {
        p.methods_at.get_or_insert(at);
        if m == "*" {
            p.methods_any = true;
        } else {
            p.methods
                .extend(m.split(',').map(|x| x.trim().to_ascii_uppercase()));
        }
    }
}

fn add_headers(p: &mut Policy, v: &str, at: Span) {
    if items(v).iter().any(|h| h == "*") {
        p.headers_any = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_api_cors_configuration_with_lists() {
        let text = "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      CorsConfiguration:\n        AllowOrigins:\n          - 'https://*'\n        AllowCredentials: true\n        AllowMethods: ['GET', 'POST']\n      StageName: !Ref Stage\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        let p = &ps[0].policy;
        assert!(matches!(p.origins[0].rule, OriginRule::Pattern(_)));
        assert_eq!(p.origins[0].at.line, 7);
        assert_eq!(p.credentials.map(|s| s.line), Some(8));
        assert_eq!(p.methods, ["GET", "POST"]);
    }

    #[test]
    fn rest_api_quotes_in_quotes() {
        let ps = parse("    Cors:\n      AllowOrigin: \"'https://app.acme.com'\"\n      AllowHeaders: \"'*'\"\n");
        assert_eq!(
            ps[0].policy.origins[0].rule,
            OriginRule::Exact("https://app.acme.com".into())
        );
        let ps = parse("      Cors: \"'*'\"\n");
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
    }
}
