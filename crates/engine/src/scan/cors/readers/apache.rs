//! Apache httpd / `.htaccess`: `Header set|add|merge|append`, `SetEnvIf Origin`,
//! scoped by `<FilesMatch>`, `<Location>`, `<Directory>`.
//!
//! `%{Origin}i` echoes the request header; `%{VAR}e` with `env=VAR` is only sent when
//! a `SetEnvIf Origin "regex"` set VAR, so that regex is proved (PCRE search).

use std::collections::HashMap;

use super::header_policy::{policy_from_headers, HeaderSet, HeaderValue};

use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{Locator, MatchMode, OriginEntry, OriginRule, Span, VaryOrigin};

fn words(line: &str, base: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quoted => {
                cur.push(c);
                if let Some((_, n)) = chars.next() {
                    cur.push(n);
                }
            }
            '"' => {
                if !quoted && cur.is_empty() {
                    start = i;
                }
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push((std::mem::take(&mut cur), base + start));
                }
            }
            c => {
                if cur.is_empty() && !quoted {
                    start = i;
                }
                cur.push(c);
            }
        }
    }
    if !cur.is_empty() {
        out.push((cur, base + start));
    }
    out
}

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut env: HashMap<String, Vec<OriginEntry>> = HashMap::new();
    let mut scopes: Vec<String> = Vec::new();
    let mut groups: Vec<(String, Span, Vec<HeaderSet>)> = Vec::new();
    let mut vary = false;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let base = start + (line.len() - trimmed.len());
        if trimmed.starts_with("</") {
            scopes.pop();
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('<') {
            let inner = rest.trim_end_matches('>');
            let (kind, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let kind_l = kind.to_ascii_lowercase();
            let scope = if kind_l.starts_with("ifmodule")
                || kind_l.starts_with("virtualhost")
                || kind_l.starts_with("if")
            {
                scopes.last().cloned().unwrap_or_default()
            } else {
                arg.trim().trim_matches('"').to_owned()
            };
            scopes.push(scope);
            continue;
        }
        let w = words(trimmed, base);
        let Some((directive, _)) = w.first() else {
            continue;
        };
        match directive.to_ascii_lowercase().as_str() {
            d @ ("setenvif" | "setenvifnocase")
                if w.len() >= 4 && w[1].0.eq_ignore_ascii_case("origin") =>
            {
                let flags = if d == "setenvifnocase" { "i" } else { "" };
                let rule = OriginRule::regex(&w[2].0, flags, Flavor::Pcre, MatchMode::Search);
                let var = w[3]
                    .0
                    .split('=')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('!')
                    .to_owned();
                env.entry(var).or_default().push(OriginEntry {
                    rule,
                    at: loc.span(w[2].1),
                });
            }
            "header" => {
                let mut i = 1;
                if w.get(i).is_some_and(|x| {
                    x.0.eq_ignore_ascii_case("always") || x.0.eq_ignore_ascii_case("onsuccess")
                }) {
                    i += 1;
                }
                let action = w
                    .get(i)
                    .map(|x| x.0.to_ascii_lowercase())
                    .unwrap_or_default();
                if !matches!(
                    action.as_str(),
                    "set" | "add" | "append" | "merge" | "setifempty"
                ) || w.len() < i + 3
                {
                    continue;
                }
                let name = w[i + 1].0.to_ascii_lowercase();
                let (value, at) = (&w[i + 2].0, loc.span(w[i + 2].1));
                let cond_env = w
                    .get(i + 3)
                    .and_then(|x| x.0.strip_prefix("env="))
                    .map(|v| v.trim_start_matches('!').to_owned());
                if name == "vary" && value.to_ascii_lowercase().contains("origin") {
                    vary = true;
                }
                let value = header_value(value, at, cond_env.as_deref(), &env);
                let scope = scopes.last().cloned().unwrap_or_default();
                let header = HeaderSet { name, value, at };
                match groups.iter_mut().find(|g| g.0 == scope) {
                    Some(g) => g.2.push(header),
                    None => groups.push((scope, loc.span(base), vec![header])),
                }
            }
            _ => {}
        }
    }
    groups
        .into_iter()
        .filter_map(|(scope, at, headers)| {
            let mut p = policy_from_headers(&headers, (!scope.is_empty()).then_some(scope), at)?;
            if vary {
                p.vary = VaryOrigin::Present;
            }
            Some(Parsed::new(Format::Apache, p))
        })
        .collect()
}

fn header_value(
    value: &str,
    at: Span,
    cond_env: Option<&str>,
    env: &HashMap<String, Vec<OriginEntry>>,
) -> HeaderValue {
    let lower = value.to_ascii_lowercase();
    let guarded = cond_env.and_then(|v| env.get(v));
    if lower.contains("%{origin}i") || lower.contains("%{http_origin}") {
        return HeaderValue::Origins(guarded.cloned().unwrap_or_else(|| {
            vec![OriginEntry {
                rule: OriginRule::Reflect,
                at,
            }]
        }));
    }
    if lower.contains("%{access-control-request-headers}i") {
        return HeaderValue::ReflectRequestHeaders;
    }
    if let Some(var) = lower.strip_prefix("%{").and_then(|v| v.strip_suffix("}e")) {
        let entry = env
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(var))
            .map(|(_, v)| v.clone());
        return entry.map_or(HeaderValue::Unknown, HeaderValue::Origins);
    }
    HeaderValue::Literal(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setenvif_regex_guards_the_echoed_origin() {
        let text = "SetEnvIf Origin \"acme\\.com$\" AccessControlAllowOrigin=$0\nHeader set Access-Control-Allow-Origin %{AccessControlAllowOrigin}e env=AccessControlAllowOrigin\nHeader set Access-Control-Allow-Credentials true\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        let o = &ps[0].policy.origins[0];
        assert!(matches!(&o.rule, OriginRule::Pattern(p) if p.source == "acme\\.com$"));
        assert_eq!(o.at.line, 1);
        assert!(ps[0].policy.credentials.is_some());
    }

    #[test]
    fn files_match_scope_is_kept() {
        let text = "<FilesMatch \"\\.(ttf|woff2?)$\">\n  Header set Access-Control-Allow-Origin \"*\"\n</FilesMatch>\n";
        let ps = parse(text);
        assert_eq!(ps[0].policy.scope.as_deref(), Some("\\.(ttf|woff2?)$"));
    }
}
