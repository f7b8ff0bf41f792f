//! Raw HTTP headers copied from DevTools or `curl -i` / `curl -v`, with or without
//! the request that produced them.
//!
//! A response alone cannot tell reflection from an allowlist hit: `ACAO:
//! https://app.acme.com` is right if the request came from the app. Only when the
//! request's `Origin` is pasted too, and it is one the owner would not list, is the
//! echo proven.

use crate::scan::cors::model::site::registrable_domain;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{Locator, OriginRule, Span};
use crate::scan::cors::readers::header_policy::{is_cors_header, policy_from_headers, HeaderSet};

/// Parses one pasted exchange (several responses are read as one policy each).
pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut request_origin: Option<String> = None;
    let mut host: Option<String> = None;
    let mut path: Option<String> = None;
    let mut url: Option<String> = None;
    let mut headers: Vec<HeaderSet> = Vec::new();
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("curl ") {
            url = curl_url(trimmed);
            if let Some(o) = curl_origin(trimmed) {
                request_origin = Some(o);
            }
            continue;
        }
        // curl -v marks request lines with '>' and response lines with '<'.
        let (is_request, body) = match trimmed.as_bytes().first() {
            Some(b'>') => (true, trimmed[1..].trim_start()),
            Some(b'<') => (false, trimmed[1..].trim_start()),
            _ => (false, trimmed),
        };
        let body_lower = body.to_ascii_lowercase();
        if let Some(rest) = [
            "get ", "post ", "put ", "options ", "head ", "delete ", "patch ",
        ]
        .iter()
        .find_map(|m| body_lower.starts_with(m).then(|| &body[m.len()..]))
        {
            path = rest.split_whitespace().next().map(str::to_owned);
            continue;
        }
        let Some((name, value)) = split_header(body) else {
            continue;
        };
        let name_l = name.to_ascii_lowercase();
        match name_l.as_str() {
            "origin" => {
                request_origin = Some(value.trim().to_owned());
                continue;
            }
            "host" | ":authority" => {
                host = Some(value.trim().to_owned());
                continue;
            }
            ":path" => {
                path = Some(value.trim().to_owned());
                continue;
            }
            _ => {}
        }
        if is_request || !is_cors_header(&name_l) {
            continue;
        }
        let value_at =
            start + lead + (body.as_ptr() as usize - trimmed.as_ptr() as usize) + name.len() + 1;
        let at = loc.span(value_at.min(text.len()));
        headers.push(HeaderSet::literal(&name_l, value, at));
    }
    let Some(mut policy) = policy_from_headers(
        &headers,
        None,
        headers.first().map_or(Span::default(), |h| h.at),
    ) else {
        return Vec::new();
    };
    let target = url.unwrap_or_else(|| match (&host, &path) {
        (Some(h), p) => format!("https://{h}{}", p.as_deref().unwrap_or("/")),
        (None, Some(p)) if p.starts_with("http") => p.clone(),
        _ => "https://your-api.example/path".to_owned(),
    });
    let curl = format!("curl -s -D - -o /dev/null -H 'Origin: https://evil.example' '{target}'");
    let mut parsed = Parsed::new(Format::RawHeaders, policy.clone());
    parsed.curl = Some(curl);
    let acao_exact = policy
        .origins
        .iter()
        .position(|o| matches!(o.rule, OriginRule::Exact(_)));
    if let Some(i) = acao_exact {
        let OriginRule::Exact(sent) = policy.origins[i].rule.clone() else {
            return vec![parsed];
        };
        match &request_origin {
            Some(req)
                if req.trim_end_matches('/').eq_ignore_ascii_case(&sent)
                    && is_foreign_probe(req, host.as_deref()) =>
            {
                policy.origins[i].rule = OriginRule::Reflect;
                policy.dynamic = true;
                parsed.policy = policy;
                parsed.proven_reflection = Some(req.clone());
            }
            Some(req) if req.trim_end_matches('/').eq_ignore_ascii_case(&sent) => {
                // The app's own origin echoed back: an allowlist hit or reflection;
                // only a probe from a foreign origin tells.
                parsed.policy.dynamic = true;
                parsed.unproven_reflection = Some(policy.origins[i].at);
            }
            Some(_) => {}
            None => parsed.unproven_reflection = Some(policy.origins[i].at),
        }
    }
    vec![parsed]
}

fn split_header(line: &str) -> Option<(&str, &str)> {
    // Pseudo-headers (`:authority: x`) start with a colon.
    let (skip, rest) = if let Some(r) = line.strip_prefix(':') {
        (1, r)
    } else {
        (0, line)
    };
    let idx = rest.find(':')?;
    let name = &line[..idx + skip];
    if name.is_empty() || name.contains(' ') || name.len() > 64 {
        return None;
    }
    Some((name, &line[idx + skip + 1..]))
}

/// The URL argument of a curl command line.
fn curl_url(cmd: &str) -> Option<String> {
    cmd.split_whitespace()
        .map(|t| t.trim_matches(['\'', '"']))
        .rfind(|t| t.starts_with("http://") || t.starts_with("https://"))
        .map(str::to_owned)
}

/// The `Origin` a curl command line sends (`-H 'Origin: x'`).
fn curl_origin(cmd: &str) -> Option<String> {
    let lower = cmd.to_ascii_lowercase();
    let i = lower.find("origin:")?;
    let rest = &cmd[i + "origin:".len()..];
    let value: String = rest
        .trim_start()
        .chars()
        .take_while(|c| !matches!(c, '\'' | '"' | ' '))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Is the request's Origin one the site's owner would not have listed (a probe)?
fn is_foreign_probe(origin: &str, host: Option<&str>) -> bool {
    let o = origin.to_ascii_lowercase();
    let o_host = o
        .split("://")
        .nth(1)
        .unwrap_or(&o)
        .split([':', '/'])
        .next()
        .unwrap_or("")
        .to_owned();
    if o == "null" {
        return false;
    }
    let probe_words = [
        "evil",
        "attacker",
        "example.",
        ".example",
        "test.",
        "malicious",
        "hacker",
    ];
    if probe_words.iter().any(|w| o_host.contains(w)) {
        return true;
    }
    match host {
        Some(h) => {
            let h = h.to_ascii_lowercase();
            let h = h.split(':').next().unwrap_or("");
            registrable_domain(&o_host) != registrable_domain(h)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_probe_origin_is_proven_reflection() {
        let text = "curl -i -H 'Origin: https://evil.example' https://api.acme.com/me\nHTTP/2 200\naccess-control-allow-origin: https://evil.example\naccess-control-allow-credentials: true\n";
        let p = &parse(text)[0];
        assert_eq!(p.policy.origins[0].rule, OriginRule::Reflect);
        assert_eq!(p.policy.origins[0].at.line, 3);
        assert!(p
            .curl
            .as_deref()
            .unwrap()
            .contains("https://api.acme.com/me"));
    }

    #[test]
    fn a_response_alone_cannot_prove_reflection() {
        let text = "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.acme.com\nAccess-Control-Allow-Credentials: true\nVary: Origin\n";
        let p = &parse(text)[0];
        assert_eq!(
            p.policy.origins[0].rule,
            OriginRule::Exact("https://app.acme.com".into())
        );
        assert!(p.unproven_reflection.is_some());
    }

    #[test]
    fn pseudo_headers_and_curl_v_markers_are_read() {
        let text = "> GET /v1/me HTTP/2\n> :authority: api.acme.com\n> origin: https://www.other-site.com\n< access-control-allow-origin: https://www.other-site.com\n< access-control-allow-credentials: true\n";
        let p = &parse(text)[0];
        assert_eq!(p.policy.origins[0].rule, OriginRule::Reflect);
    }
}
