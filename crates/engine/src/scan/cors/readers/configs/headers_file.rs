//! `_headers` files (Netlify, Cloudflare Pages): a path line, then indented
//! `Name: value` lines for that path.

use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{Locator, Span};
use crate::scan::cors::readers::header_policy::{is_cors_header, policy_from_headers, HeaderSet};

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    let mut scope: Option<(String, Span)> = None;
    let mut headers: Vec<HeaderSet> = Vec::new();
    let mut offset = 0usize;
    let flush =
        |scope: &Option<(String, Span)>, headers: &mut Vec<HeaderSet>, out: &mut Vec<Parsed>| {
            let at = scope.as_ref().map_or(Span::default(), |s| s.1);
            if let Some(p) = policy_from_headers(headers, scope.as_ref().map(|s| s.0.clone()), at) {
                out.push(Parsed::new(Format::HeadersFile, p));
            }
            headers.clear();
        };
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented
            && (trimmed.starts_with('/') || trimmed.starts_with("http"))
            && !trimmed.contains(": ")
        {
            flush(&scope, &mut headers, &mut out);
            scope = Some((trimmed.to_owned(), loc.span(start)));
            continue;
        }
        let Some((name, value)) = trimmed.split_once(':') else {
            continue;
        };
        if !is_cors_header(name) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let at = loc.span(start + lead + name.len() + 1);
        headers.push(HeaderSet::literal(name, value, at));
    }
    flush(&scope, &mut headers, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_block_is_its_own_policy() {
        let text = "/fonts/*\n  Access-Control-Allow-Origin: *\n\n/api/*\n  Access-Control-Allow-Origin: *\n  Access-Control-Allow-Credentials: true\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].policy.scope.as_deref(), Some("/fonts/*"));
        assert!(ps[0].policy.credentials.is_none());
        assert_eq!(ps[1].policy.credentials.map(|s| s.line), Some(6));
        assert_eq!(ps[1].policy.origins[0].at.line, 5);
    }
}
