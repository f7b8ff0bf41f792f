//! `netlify.toml` `[[headers]]` blocks, read line by line so that a fragment (or a
//! file with an unrelated TOML error) still yields its headers with their lines.

use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{Locator, Span};
use crate::scan::cors::readers::header_policy::{
    clean, is_cors_header, policy_from_headers, HeaderSet,
};

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    let mut scope: Option<String> = None;
    let mut block_at = Span::default();
    let mut headers: Vec<HeaderSet> = Vec::new();
    let mut offset = 0usize;
    let flush =
        |scope: &Option<String>, at: Span, headers: &mut Vec<HeaderSet>, out: &mut Vec<Parsed>| {
            if let Some(p) = policy_from_headers(headers, scope.clone(), at) {
                out.push(Parsed::new(Format::NetlifyToml, p));
            }
            headers.clear();
        };
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim();
        if trimmed.starts_with("[[") {
            flush(&scope, block_at, &mut headers, &mut out);
            scope = None;
            block_at = loc.span(start);
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with('[') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = clean(key);
        let value = value.split(" #").next().unwrap_or(value);
        if key == "for" || key == "path" {
            scope = Some(clean(value));
        } else if is_cors_header(&key) {
            let lead = line.len() - line.trim_start().len();
            let eq = line[lead..].find('=').unwrap_or(0);
            let vlead = line[lead + eq + 1..].len() - line[lead + eq + 1..].trim_start().len();
            headers.push(HeaderSet::literal(
                &key,
                value,
                loc.span(start + lead + eq + 1 + vlead),
            ));
        }
    }
    flush(&scope, block_at, &mut headers, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::OriginRule;

    #[test]
    fn reads_blocks_with_scope_and_lines() {
        let text = "[build]\n  publish = \"dist\"\n\n[[headers]]\n  for = \"/api/*\"\n  [headers.values]\n    Access-Control-Allow-Origin = \"null\"\n    \"Access-Control-Allow-Credentials\" = \"true\"\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/api/*"));
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Null);
        assert_eq!(ps[0].policy.origins[0].at.line, 7);
        assert!(ps[0].policy.credentials.is_some());
    }
}
