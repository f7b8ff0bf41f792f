//! Rails `rack-cors`: `allow do ... origins ...; resource ... end` blocks.
//!
//! Semantics (rack-cors source): `origins '*'` with `credentials: true` raises at
//! boot; regexes are matched with `=~` (anywhere in the origin); a bare host such as
//! `'acme.com'` compiles to `^[a-z][a-z0-9.+-]*://acme\.com$` and so also allows
//! `http://acme.com`; `origins { |source, env| true }` reflects every origin.

use super::matchers::checks;
use super::syntax::{key_value, regex_literal, split_top, string_value, Lang};
use crate::scan::cors::model::Flavor;
use crate::scan::cors::model::Format;
use crate::scan::cors::model::Parsed;
use crate::scan::cors::model::{
    AnyWithCredentials, Locator, MatchMode, OriginEntry, OriginPattern, OriginRule, PatternKind,
    Policy, VaryOrigin,
};

pub fn parse(text: &str) -> Vec<Parsed> {
    let loc = Locator::new(text);
    let mut out = Vec::new();
    let mut origins: Option<Policy> = None;
    let mut resources = 0usize;
    let lines: Vec<(usize, &str)> = {
        let mut off = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let s = off;
                off += l.len();
                (s, l)
            })
            .collect()
    };
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        let trimmed = line.trim();
        let lead = start + (line.len() - line.trim_start().len());
        if let Some(args) = trimmed.strip_prefix("origins") {
            if let (Some(p), 0) = (origins.take(), resources) {
                push(&mut out, p);
            }
            resources = 0;
            // Join continuation lines (a trailing comma, or an open block).
            let mut joined = args.to_owned();
            let mut j = i;
            while (joined.trim_end().ends_with(',') || opens_block(&joined))
                && j + 1 < lines.len()
                && j - i < 40
            {
                j += 1;
                joined.push_str(lines[j].1);
                if joined.contains('}') || joined.trim_end().ends_with("end") {
                    break;
                }
            }
            let mut p = Policy::new(
                loc.span(lead),
                AnyWithCredentials::Rejects,
                VaryOrigin::FrameworkAdds,
                false,
            );
            let args_at = lead + "origins".len();
            read_origins(&mut p, &joined, args_at, &loc);
            origins = Some(p);
            i = j + 1;
            continue;
        }
        if let Some(args) = trimmed.strip_prefix("resource") {
            if let Some(base) = origins.as_ref() {
                let mut joined = args.to_owned();
                let mut j = i;
                while joined.trim_end().ends_with(',') && j + 1 < lines.len() && j - i < 20 {
                    j += 1;
                    joined.push_str(lines[j].1);
                }
                let mut p = base.clone();
                read_resource(&mut p, &joined, lead + "resource".len(), &loc);
                push(&mut out, p);
                resources += 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    if let (Some(p), 0) = (origins, resources) {
        push(&mut out, p);
    }
    out
}

fn opens_block(s: &str) -> bool {
    (s.contains('{') && !s.contains('}')) || (s.contains(" do") && !s.contains("end"))
}

fn push(out: &mut Vec<Parsed>, p: Policy) {
    if !p.is_empty() {
        out.push(Parsed::new(Format::Rails, p));
    }
}

fn read_origins(p: &mut Policy, args: &str, base: usize, loc: &Locator) {
    let t = args.trim_start();
    let lead = args.len() - t.len();
    if t.starts_with('{') || t.starts_with("do") {
        let c = checks(t);
        let at = loc.span(base + lead);
        p.dynamic = true;
        if c.unguarded() && (c.allows_all || t.contains("true")) {
            p.origins.push(OriginEntry {
                rule: OriginRule::Reflect,
                at,
            });
        }
        for (rule, off) in c.rules {
            p.origins.push(OriginEntry {
                rule,
                at: loc.span(base + lead + off),
            });
        }
        return;
    }
    let t = t.trim_start_matches('(').trim_end().trim_end_matches(')');
    for (item, off) in split_top(t, Lang::Js) {
        let at = loc.span(base + lead + off);
        if let Some((src, flags)) = regex_literal(item) {
            p.dynamic = true;
            p.origins.push(OriginEntry {
                rule: OriginRule::regex(&src, &flags, Flavor::Ruby, MatchMode::Search),
                at,
            });
        } else if let Some(s) = string_value(item) {
            let rule = if s.trim() == "*" {
                Some(OriginRule::Any)
            } else if s.starts_with("http://") || s.starts_with("https://") || s == "null" {
                OriginRule::literal(&s)
            } else if !s.contains('*') && !s.is_empty() {
                p.dynamic = true;
                Some(bare_host(&s))
            } else {
                None
            };
            if let Some(rule) = rule {
                p.origins.push(OriginEntry { rule, at });
            }
        }
    }
}

/// rack-cors compiles a bare host to "any scheme, this host".
fn bare_host(host: &str) -> OriginRule {
    OriginRule::Pattern(OriginPattern {
        source: host.to_owned(),
        regex: Some(format!("^[a-z][a-z0-9.+-]*://{}$", regex::escape(host))),
        mode: MatchMode::Search,
        kind: PatternKind::Wildcard,
        case_insensitive: true,
    })
}

fn read_resource(p: &mut Policy, args: &str, base: usize, loc: &Locator) {
    let t = args.trim_start().trim_start_matches('(');
    let lead = args.len() - t.len();
    for (idx, (item, off)) in split_top(t.trim_end().trim_end_matches(')'), Lang::Js)
        .into_iter()
        .enumerate()
    {
        if idx == 0 {
            p.scope = string_value(item);
            continue;
        }
        let item = item.trim_start_matches(':');
        let Some((key, v, voff)) = key_value(item) else {
            continue;
        };
        let vat = loc.span(base + lead + off + voff);
        match key.as_str() {
            "headers" if v.contains(":any") || v.contains("'*'") => p.headers_any = Some(vat),
            "methods" => {
                p.methods_at = Some(vat);
                if v.contains(":any") || v.contains("'*'") {
                    p.methods_any = true;
                } else {
                    p.methods = v
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .filter(|m| !m.is_empty())
                        .map(str::to_ascii_uppercase)
                        .collect();
                }
            }
            "credentials" if v.trim() == "true" => p.credentials = Some(vat),
            "max_age" => {
                if let Ok(n) = v.trim().replace('_', "").parse::<u64>() {
                    p.max_age = Some((n, vat));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_resources_combine() {
        let text = "Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins /acme\\.com/\n    resource '/api/*', headers: :any, methods: [:get, :post], credentials: true\n  end\n  allow do\n    origins '*'\n    resource '/public/*', headers: :any, methods: :get\n  end\nend\n";
        let ps = parse(text);
        assert_eq!(ps.len(), 2);
        assert!(
            matches!(&ps[0].policy.origins[0].rule, OriginRule::Pattern(p) if p.kind == PatternKind::Regex)
        );
        assert_eq!(ps[0].policy.origins[0].at.line, 3);
        assert_eq!(ps[0].policy.credentials.map(|s| s.line), Some(4));
        assert_eq!(ps[1].policy.scope.as_deref(), Some("/public/*"));
        assert!(ps[1].policy.credentials.is_none());
    }

    #[test]
    fn block_returning_true_reflects_and_bare_hosts_allow_http() {
        let ps = parse("origins { |source, env| true }\nresource '*', credentials: true\n");
        assert_eq!(ps[0].policy.origins[0].rule, OriginRule::Reflect);
        let ps = parse("origins 'acme.com'\n");
        assert!(
            matches!(&ps[0].policy.origins[0].rule, OriginRule::Pattern(p) if p.source == "acme.com")
        );
    }
}
