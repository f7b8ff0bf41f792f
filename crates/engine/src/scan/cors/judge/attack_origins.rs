//! Attacker origins derived from an origin pattern: the host the developer meant to
//! allow (`https://app.acme.com`), and the origins an attacker can obtain that look
//! like it (`https://acme.com.evil.net`, `https://evilacme.com`, `https://appxacme.com`,
//! `https://evil.vercel.app`, `https://evil.acme.com`, `http://app.acme.com`, `null`).
//!
//! Who owns a host (its registrable domain, its hosting platform) comes from the
//! Public Suffix List ([`site`](crate::scan::cors::model::site)).
//!
//! The pattern is read by instantiating it (wildcards filled with a word, the first
//! alternative of each group, optional parts kept) and by collecting its domain-like
//! literals; both are tolerant of any input and never fail.

use super::prover::Threat;
use crate::scan::cors::model::site::{hosting_suffix, registrable_domain};

/// An example of the origin the developer meant to allow (`https://app.acme.com`).
pub fn legit_origin(regex: &str) -> Option<String> {
    let with_app = instantiate(regex);
    let host_app = host_of(&with_app)?;
    // `.*acme\.com` would give `appacme.com`: when a wildcard is glued to a label,
    // the empty instance (`acme.com`) is what the developer meant.
    let glued = host_app.split('.').any(|l| l.contains("app") && l != "app");
    let (inst, host) = match (glued, host_of(&instantiate_with(regex, ""))) {
        (true, Some(h))
            if h.contains('.')
                && h.split('.')
                    .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-')) =>
        {
            (instantiate_with(regex, ""), h)
        }
        _ => (with_app, host_app),
    };
    if host.contains('.') {
        let scheme = if inst.starts_with("http://") {
            "http"
        } else {
            "https"
        };
        Some(format!("{scheme}://{host}"))
    } else {
        None
    }
}

fn host_of(origin_like: &str) -> Option<String> {
    let rest = origin_like
        .split_once("://")
        .map_or(origin_like, |(_, r)| r);
    let host: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_alphanumeric())
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect::<String>()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Domain-like literals in the pattern (`acme.com` from `https://.*acme\.com`).
fn literal_hosts(regex: &str) -> Vec<String> {
    let unescaped = regex.replace(r"\.", ".").to_ascii_lowercase();
    let mut hosts = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, hosts: &mut Vec<String>| {
        let h = current.trim_matches(|c| c == '.' || c == '-').to_owned();
        let tld_ok = h
            .rsplit('.')
            .next()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if h.contains('.') && tld_ok && !hosts.contains(&h) {
            hosts.push(h);
        }
        current.clear();
    };
    for c in unescaped.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            current.push(c);
        } else {
            flush(&mut current, &mut hosts);
        }
    }
    flush(&mut current, &mut hosts);
    hosts
}

/// Attacker origins to try, most damning first.
pub(crate) fn candidates(regex: &str, legit: Option<&str>) -> Vec<(String, Threat)> {
    let mut hosts: Vec<String> = literal_hosts(regex);
    if let Some(h) = legit.and_then(host_of) {
        if !hosts.contains(&h) {
            hosts.push(h);
        }
    }
    let mut bases = hosts.clone();
    for h in &hosts {
        let d = registrable_domain(h);
        if !bases.contains(&d) {
            bases.push(d);
        }
    }
    let mut out = vec![("https://evil.example".to_owned(), Threat::AnyOrigin)];
    if let Some(c) = evil_instance(regex, &bases) {
        out.push(c);
    }
    for h in &bases {
        out.push((format!("https://{h}.evil.net"), Threat::AppendedHost));
        out.push((format!("https://{h}-evil.net"), Threat::AppendedHost));
    }
    for h in &bases {
        if registrable_domain(h) == *h && hosting_suffix(h).is_none() {
            out.push((format!("https://evil{h}"), Threat::PrefixedHost));
        }
    }
    for h in &bases {
        for (i, _) in h.match_indices('.') {
            let mut v = h.clone();
            v.replace_range(i..i + 1, "x");
            let v = if v.contains('.') {
                v
            } else {
                format!("{v}.net")
            };
            if registrable_domain(&v) != registrable_domain(h) {
                out.push((format!("https://{v}"), Threat::UnescapedDot));
            }
        }
    }
    for h in &bases {
        if let Some(ps) = hosting_suffix(h) {
            out.push((format!("https://evil.{ps}"), Threat::PublicSuffixTenant));
            if *h != ps {
                let owner = registrable_domain(h);
                let label = owner.trim_end_matches(ps.as_str()).trim_end_matches('.');
                out.push((
                    format!("https://{label}-evil.{ps}"),
                    Threat::PublicSuffixTenant,
                ));
                out.push((
                    format!("https://evil{label}.{ps}"),
                    Threat::PublicSuffixTenant,
                ));
            }
        }
    }
    for h in &bases {
        out.push((format!("https://evil.{h}"), Threat::Subdomain));
    }
    for h in &hosts {
        out.push((format!("http://{h}"), Threat::InsecureScheme));
    }
    for h in &bases {
        out.push((format!("http://evil.{h}"), Threat::InsecureScheme));
    }
    out.push(("null".to_owned(), Threat::Null));
    out
}

/// The pattern instantiated with `evil` for its wildcards, classified by who can
/// own the resulting host.
fn evil_instance(regex: &str, bases: &[String]) -> Option<(String, Threat)> {
    let inst = instantiate_with(regex, "evil");
    let host = host_of(&inst)?;
    if !host.contains("evil") || !host.contains('.') {
        return None;
    }
    let scheme = if inst.starts_with("http://") {
        "http"
    } else {
        "https"
    };
    let origin = format!("{scheme}://{host}");
    let site = registrable_domain(&host);
    let threat =
        if hosting_suffix(&host).is_some() && bases.iter().any(|b| registrable_domain(b) != site) {
            Threat::PublicSuffixTenant
        } else if bases.iter().any(|b| registrable_domain(b) == site) {
            Threat::Subdomain
        } else if bases.iter().any(|b| host.ends_with(b.as_str())) {
            Threat::PrefixedHost
        } else if bases.iter().any(|b| host.starts_with(b.as_str())) {
            Threat::AppendedHost
        } else {
            return None;
        };
    Some((origin, threat))
}

/// Builds one string the pattern was meant to match: wildcards become `app`, the
/// first alternative of each group is taken, optional parts are kept.
pub fn instantiate(regex: &str) -> String {
    instantiate_with(regex, "app")
}

/// Like [`instantiate`], with `filler` for every wildcard (`evil` builds the origin an
/// attacker would register).
pub fn instantiate_with(regex: &str, filler: &str) -> String {
    let chars: Vec<char> = regex.chars().collect();
    let mut i = 0;
    let mut out = String::new();
    inst_seq(&chars, &mut i, &mut out, 0, filler);
    out
}

fn inst_seq(chars: &[char], i: &mut usize, out: &mut String, depth: usize, filler: &str) {
    while *i < chars.len() {
        let c = chars[*i];
        match c {
            ')' if depth > 0 => {
                *i += 1;
                return;
            }
            '|' => {
                skip_to_group_end(chars, i, depth);
                return;
            }
            '^' | '$' => *i += 1,
            '(' => {
                *i += 1;
                if chars.get(*i) == Some(&'?') {
                    // (?:  (?P<n>  (?<n>  (?i)  (?i:
                    let mut j = *i + 1;
                    while j < chars.len() && !matches!(chars[j], ':' | ')' | '>') {
                        j += 1;
                    }
                    if chars.get(j) == Some(&')') {
                        *i = j + 1;
                        continue;
                    }
                    *i = j + 1;
                }
                if depth < 32 {
                    inst_seq(chars, i, out, depth + 1, filler);
                } else {
                    skip_to_group_end(chars, i, depth + 1);
                }
                skip_quantifier(chars, i);
            }
            '[' => {
                let (first, end) = class_first_char(chars, *i);
                *i = end;
                if is_repeat(chars.get(*i)) {
                    out.push_str(filler);
                } else {
                    out.push(first);
                }
                skip_quantifier(chars, i);
            }
            '.' => {
                *i += 1;
                if is_repeat(chars.get(*i)) {
                    out.push_str(filler);
                } else {
                    out.push('.');
                }
                skip_quantifier(chars, i);
            }
            '\\' => {
                let n = chars.get(*i + 1).copied().unwrap_or('\\');
                *i += 2;
                let wild = matches!(n, 'w' | 'd' | 'S' | 'W' | 'D');
                if wild && is_repeat(chars.get(*i)) {
                    out.push_str(if n == 'd' { "1" } else { filler });
                } else {
                    match n {
                        'd' => out.push('1'),
                        'w' | 'S' | 'W' | 'D' => out.push('a'),
                        'A' | 'z' | 'Z' | 'b' | 'B' | 's' => {}
                        other => out.push(other),
                    }
                }
                skip_quantifier(chars, i);
            }
            '*' | '+' | '?' | '{' => skip_quantifier(chars, i),
            _ => {
                out.push(c);
                *i += 1;
                skip_quantifier(chars, i);
            }
        }
    }
}

fn is_repeat(c: Option<&char>) -> bool {
    matches!(c, Some('*') | Some('+') | Some('{'))
}

fn skip_quantifier(chars: &[char], i: &mut usize) {
    while let Some(&c) = chars.get(*i) {
        match c {
            '*' | '+' | '?' => *i += 1,
            '{' => {
                while *i < chars.len() && chars[*i] != '}' {
                    *i += 1;
                }
                *i += 1;
            }
            _ => return,
        }
    }
}

/// The first literal character a class allows and the index after the class.
fn class_first_char(chars: &[char], start: usize) -> (char, usize) {
    let mut j = start + 1;
    let negated = chars.get(j) == Some(&'^');
    if negated {
        j += 1;
    }
    let mut first = None;
    let mut k = j;
    while k < chars.len() {
        let c = chars[k];
        if c == ']' && k > j {
            break;
        }
        if c == '\\' {
            if first.is_none() {
                first = chars.get(k + 1).map(|&e| match e {
                    'w' => 'a',
                    'd' => '1',
                    other => other,
                });
            }
            k += 2;
            continue;
        }
        if first.is_none() {
            first = Some(c);
        }
        k += 1;
    }
    let pick = if negated { 'a' } else { first.unwrap_or('a') };
    (pick, (k + 1).min(chars.len()))
}

fn skip_to_group_end(chars: &[char], i: &mut usize, depth: usize) {
    let mut level = 0usize;
    while *i < chars.len() {
        match chars[*i] {
            '\\' => *i += 1,
            '[' => {
                let (_, end) = class_first_char(chars, *i);
                *i = end;
                continue;
            }
            '(' => level += 1,
            ')' if level == 0 && depth > 0 => {
                *i += 1;
                return;
            }
            ')' => level = level.saturating_sub(1),
            _ => {}
        }
        *i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instantiation_builds_the_intended_origin() {
        assert_eq!(
            instantiate(r"^https:\/\/(app|admin)\.acme\.com$"),
            "https://app.acme.com"
        );
        assert_eq!(
            instantiate(r"^https?://([a-z0-9-]+\.)?acme\.com$"),
            "https://app.acme.com"
        );
        assert_eq!(
            legit_origin(r"(?i)^https://www\.acme\.io$").as_deref(),
            Some("https://www.acme.io")
        );
        assert_eq!(
            legit_origin(r"https://.*acme\.com").as_deref(),
            Some("https://acme.com")
        );
        assert_eq!(
            legit_origin(r"https://.*\.acme\.com").as_deref(),
            Some("https://app.acme.com")
        );
    }
}
