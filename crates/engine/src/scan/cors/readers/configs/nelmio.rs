//! Symfony NelmioCorsBundle (`config/packages/nelmio_cors.yaml`): `defaults` and
//! per-path blocks under `paths`, each path inheriting the defaults.
//!
//! Semantics (bundle source): an allowed origin is answered with the request's own
//! Origin, so `allow_origin: ['*']` with `allow_credentials: true` reflects every
//! origin; with `origin_regex: true` the entries are regexes matched anywhere in the
//! origin (`preg_match`, case-insensitive) unless anchored.

use crate::scan::cors::model::{
    AnyWithCredentials, Flavor, Format, Locator, MatchMode, OriginEntry, OriginRule, Parsed,
    Policy, Span, VaryOrigin,
};
use crate::scan::cors::readers::header_policy::split_list;

/// The values of a YAML flow list (`['a', "b"]`) or one scalar.
fn items(v: &str) -> Vec<String> {
    let v = v.trim();
    let inner = v
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(v);
    inner
        .split(',')
        .map(|s| s.trim().trim_matches(['\'', '"']).to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// One block's settings: (key, value, offset of the value).
type Block<'a> = Vec<(String, &'a str, usize)>;

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut defaults: Block = Vec::new();
    let mut paths: Vec<(String, usize, Block)> = Vec::new();
    let mut section = "";
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['\'', '"']);
        let value_at = start + indent + trimmed.find(':').unwrap_or(0) + 1;
        match (key, value.trim()) {
            ("defaults", "") => section = "defaults",
            ("paths", "") => section = "paths",
            (_, "") if section == "paths" || section == "path" => {
                paths.push((key.to_owned(), start + indent, Vec::new()));
                section = "path";
            }
            (k, v) => {
                let at = value_at + (value.len() - value.trim_start().len());
                let entry = (k.to_owned(), v, at);
                match section {
                    "defaults" => defaults.push(entry),
                    "path" => {
                        if let Some(p) = paths.last_mut() {
                            p.2.push(entry);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut out = Vec::new();
    if paths.is_empty() {
        if let Some(p) = policy(&defaults, None, &loc) {
            out.push(p);
        }
    }
    for (path, at, block) in &paths {
        let mut merged = defaults.clone();
        merged.extend(block.iter().cloned());
        if let Some(mut p) = policy(&merged, Some(path.clone()), &loc) {
            p.policy.at = loc.span(*at);
            out.push(p);
        }
    }
    out
}

fn policy(block: &Block, scope: Option<String>, loc: &Locator) -> Option<Parsed> {
    let mut p = Policy::new(
        Span::default(),
        AnyWithCredentials::Reflects,
        VaryOrigin::FrameworkAdds,
        false,
    );
    p.scope = scope;
    let regex = block
        .iter()
        .rev()
        .find(|(k, _, _)| k == "origin_regex")
        .is_some_and(|(_, v, _)| v.trim() == "true");
    // Later settings (a path's) replace earlier ones (the defaults).
    let last = |key: &str| block.iter().rev().find(|(k, _, _)| k == key);
    if let Some((_, v, at)) = last("allow_origin") {
        p.dynamic = true;
        for o in items(v) {
            let rule = if o == "*" {
                Some(OriginRule::Any)
            } else if o.starts_with('%') {
                None // an environment variable: unknown here
            } else if regex {
                Some(OriginRule::regex(&o, "i", Flavor::Pcre, MatchMode::Search))
            } else {
                OriginRule::literal(&o)
            };
            if let Some(rule) = rule {
                p.origins.push(OriginEntry {
                    rule,
                    at: loc.span(*at),
                });
            }
        }
    }
    if let Some((_, v, at)) = last("allow_credentials") {
        if v.trim() == "true" {
            p.credentials = Some(loc.span(*at));
        }
    }
    if let Some((_, v, at)) = last("allow_methods") {
        p.methods_at = Some(loc.span(*at));
        let methods: Vec<String> = items(v).iter().flat_map(|m| split_list(m)).collect();
        p.methods_any = methods.iter().any(|m| m == "*");
        p.methods = methods
            .into_iter()
            .filter(|m| m != "*")
            .map(|m| m.to_ascii_uppercase())
            .collect();
    }
    if let Some((_, v, at)) = last("allow_headers") {
        if items(v).iter().any(|h| h == "*") {
            p.headers_any = Some(loc.span(*at));
        }
    }
    if let Some((_, v, at)) = last("max_age") {
        if let Ok(n) = v.trim().parse::<u64>() {
            p.max_age = Some((n, loc.span(*at)));
        }
    }
    (!p.is_empty()).then(|| Parsed::new(Format::Nelmio, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inherit_the_defaults() {
        let text = "nelmio_cors:\n    defaults:\n        allow_credentials: true\n        allow_origin: ['https://app.acme.com']\n    paths:\n        '^/api/':\n            allow_origin: ['*']\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Any);
        assert_eq!(ps[0].policy.origins[0].at.line, 7);
        assert!(ps[0].policy.credentials.is_some());
        assert_eq!(ps[0].policy.scope.as_deref(), Some("^/api/"));
    }
}
