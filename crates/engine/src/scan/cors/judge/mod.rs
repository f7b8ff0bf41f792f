//! Judges a normalised [`Policy`] into issues: which class, which variant, where, and
//! which attacker origin gets in.

pub mod attack_origins;
pub mod prover;

use super::model::{AnyWithCredentials, OriginRule, PatternKind, Policy, Span, VaryOrigin};
use prover::{prove, Proof, Threat};

/// One problem in one policy, before it is dressed as a [`Finding`](crate::finding::Finding).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub class: &'static str,
    pub variant: Option<&'static str>,
    pub at: Span,
    pub attacker_origin: Option<String>,
    pub credentials: bool,
    /// Extra detail for the reader (how the pattern was proved, why it was not).
    pub note: Option<String>,
}

/// Max-Age above this many seconds is excessive (jub0bs/cors, MDN).
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// Judges one policy.
pub fn judge(policy: &Policy) -> Vec<Issue> {
    let creds = policy.credentials.is_some();
    let mut out: Vec<Issue> = Vec::new();
    let issue = |class, variant, at, attacker: Option<&str>, note: Option<String>| Issue {
        class,
        variant,
        at,
        attacker_origin: attacker.map(str::to_owned),
        credentials: creds,
        note,
    };
    let mut any_origin = false;
    for entry in &policy.origins {
        match &entry.rule {
            OriginRule::Any => {
                any_origin = true;
                if creds {
                    let (variant, attacker) = match policy.any_with_credentials {
                        AnyWithCredentials::Reflects => (None, Some("https://evil.example")),
                        AnyWithCredentials::Literal => (Some("literal"), None),
                        AnyWithCredentials::Rejects => (Some("rejects"), None),
                    };
                    out.push(issue(
                        "wildcard-with-credentials",
                        variant,
                        entry.at,
                        attacker,
                        None,
                    ));
                } else if policy.any_reflects {
                    let evil = Some("https://evil.example");
                    out.push(issue("reflected-origin", None, entry.at, evil, None));
                } else if !is_public_scope(policy.scope.as_deref()) {
                    let variant = (!policy.methods.is_empty() && policy.allows_write_methods()
                        || policy.methods_any)
                        .then_some("write-methods");
                    out.push(issue("wildcard-origin", variant, entry.at, None, None));
                }
            }
            OriginRule::Reflect => {
                any_origin = true;
                let class = if creds {
                    "reflected-origin-with-credentials"
                } else {
                    "reflected-origin"
                };
                out.push(issue(
                    class,
                    None,
                    entry.at,
                    Some("https://evil.example"),
                    None,
                ));
            }
            OriginRule::Null => out.push(issue("null-origin", None, entry.at, Some("null"), None)),
            OriginRule::Exact(origin) => {
                if let Some(host) = origin.strip_prefix("http://") {
                    let local = is_local_host(host);
                    out.push(issue(
                        "insecure-scheme-trusted",
                        local.then_some("localhost"),
                        entry.at,
                        (!local).then_some(origin.as_str()),
                        None,
                    ));
                }
            }
            OriginRule::Pattern(p) => match prove(p) {
                Proof::Uncheckable(reason) => {
                    out.push(issue(
                        "unanchored-regex",
                        Some("uncheckable"),
                        entry.at,
                        None,
                        Some(reason),
                    ));
                }
                Proof::Checked { mut hits, .. } => {
                    // A foreign origin getting in is the finding; subdomain and http
                    // variants of the same pattern would only repeat it.
                    let foreign = |t: Threat| {
                        matches!(
                            t,
                            Threat::AnyOrigin
                                | Threat::AppendedHost
                                | Threat::PrefixedHost
                                | Threat::UnescapedDot
                                | Threat::PublicSuffixTenant
                        )
                    };
                    if let Some(first) = hits.iter().position(|h| foreign(h.threat)) {
                        let keep = hits[first].clone();
                        hits.retain(|h| h.threat == Threat::Null);
                        hits.insert(0, keep);
                    }
                    let how = format!(
                        "proved by matching it the way the framework does ({})",
                        p.mode.as_str()
                    );
                    for hit in hits {
                        let (class, variant) = match (hit.threat, p.kind) {
                            (Threat::AnyOrigin, _) => {
                                any_origin = true;
                                let c = if creds {
                                    "reflected-origin-with-credentials"
                                } else {
                                    "reflected-origin"
                                };
                                (c, None)
                            }
                            (Threat::PrefixedHost, _) => ("suffix-or-prefix-match", None),
                            (Threat::AppendedHost | Threat::UnescapedDot, PatternKind::Regex) => {
                                ("unanchored-regex", None)
                            }
                            (Threat::AppendedHost | Threat::UnescapedDot, _) => {
                                ("suffix-or-prefix-match", None)
                            }
                            (Threat::PublicSuffixTenant, _) => {
                                ("wildcard-subdomain", Some("public-suffix"))
                            }
                            (Threat::Subdomain, _) => ("wildcard-subdomain", None),
                            (Threat::InsecureScheme, _) => {
                                let host = hit.origin.trim_start_matches("http://");
                                (
                                    "insecure-scheme-trusted",
                                    is_local_host(host).then_some("localhost"),
                                )
                            }
                            (Threat::Null, _) => ("null-origin", None),
                        };
                        if out.iter().any(|i| i.class == class && i.at == entry.at) {
                            continue;
                        }
                        out.push(issue(
                            class,
                            variant,
                            entry.at,
                            Some(&hit.origin),
                            Some(how.clone()),
                        ));
                    }
                }
            },
        }
    }
    if let Some(at) = policy.private_network {
        out.push(issue(
            "private-network-access",
            any_origin.then_some("any-origin"),
            at,
            None,
            None,
        ));
    }
    let widens = any_origin && (creds || policy.allows_write_methods());
    if policy.methods_any && widens {
        out.push(issue(
            "overly-permissive-methods",
            None,
            policy.methods_at.unwrap_or(policy.at),
            None,
            None,
        ));
    }
    if let Some(at) = policy.headers_any {
        if widens {
            out.push(issue("overly-permissive-headers", None, at, None, None));
        }
    }
    if let Some((age, at)) = policy.max_age {
        if age > MAX_AGE_LIMIT {
            out.push(issue(
                "excessive-max-age",
                None,
                at,
                None,
                Some(format!("max-age {age} s > {MAX_AGE_LIMIT} s")),
            ));
        }
    }
    // Without `Vary: Origin` a cache can serve one origin's answer to another. Where
    // every origin is echoed without credentials the answer is no worse than `*`
    // (which needs no Vary), so only allowlists, patterns and credentialed echoes count.
    let selective = policy
        .origins
        .iter()
        .any(|o| !matches!(o.rule, OriginRule::Reflect | OriginRule::Any));
    if policy.dynamic && policy.vary == VaryOrigin::Absent && (selective || creds) {
        let at = policy
            .origins
            .iter()
            .find(|o| !matches!(o.rule, OriginRule::Any))
            .map_or(policy.at, |o| o.at);
        out.push(issue("missing-vary-origin", None, at, None, None));
    }
    out
}

fn is_local_host(host_port: &str) -> bool {
    let host = host_port.split([':', '/']).next().unwrap_or("");
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
}

/// Is this path scope clearly public, read-only content (fonts, static assets,
/// public JSON), where `*` is the right answer?
pub fn is_public_scope(scope: Option<&str>) -> bool {
    let Some(scope) = scope else { return false };
    let s = scope.to_ascii_lowercase();
    if s.contains("api") || s.contains("graphql") || s.contains("auth") {
        return false;
    }
    const PUBLIC_MARKERS: [&str; 22] = [
        "font", "woff", "ttf", "otf", "eot", ".css", ".svg", ".png", ".jpg", ".jpeg", ".gif",
        ".webp", ".ico", "/static", "/assets", "/public", "/cdn", "/images", "/img", ".json",
        "/data/", ".js",
    ];
    PUBLIC_MARKERS.iter().any(|m| s.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::{MatchMode, OriginEntry, OriginPattern};

    fn policy(rule: OriginRule, creds: bool, any: AnyWithCredentials) -> Policy {
        let mut p = Policy::new(
            Span { line: 1, column: 1 },
            any,
            VaryOrigin::FrameworkAdds,
            false,
        );
        p.origins.push(OriginEntry {
            rule,
            at: Span { line: 2, column: 3 },
        });
        if creds {
            p.credentials = Some(Span { line: 3, column: 1 });
        }
        p
    }

    fn classes(p: &Policy) -> Vec<(&'static str, Option<&'static str>)> {
        judge(p).into_iter().map(|i| (i.class, i.variant)).collect()
    }

    #[test]
    fn any_with_credentials_follows_framework_semantics() {
        let reflects = policy(OriginRule::Any, true, AnyWithCredentials::Reflects);
        assert_eq!(
            classes(&reflects),
            vec![("wildcard-with-credentials", None)]
        );
        assert_eq!(
            judge(&reflects)[0].attacker_origin.as_deref(),
            Some("https://evil.example")
        );
        let literal = policy(OriginRule::Any, true, AnyWithCredentials::Literal);
        assert_eq!(
            classes(&literal),
            vec![("wildcard-with-credentials", Some("literal"))]
        );
        let rejects = policy(OriginRule::Any, true, AnyWithCredentials::Rejects);
        assert_eq!(
            classes(&rejects),
            vec![("wildcard-with-credentials", Some("rejects"))]
        );
    }

    #[test]
    fn wildcard_on_public_scope_is_not_a_finding() {
        let mut p = policy(OriginRule::Any, false, AnyWithCredentials::Literal);
        assert_eq!(classes(&p), vec![("wildcard-origin", None)]);
        p.scope = Some("/fonts/:file*".into());
        assert!(classes(&p).is_empty());
        p.scope = Some("/api/public.json".into());
        assert_eq!(classes(&p), vec![("wildcard-origin", None)]);
    }

    #[test]
    fn http_origins_are_insecure_except_localhost() {
        let p = policy(
            OriginRule::Exact("http://app.acme.com".into()),
            true,
            AnyWithCredentials::Literal,
        );
        assert_eq!(classes(&p), vec![("insecure-scheme-trusted", None)]);
        let p = policy(
            OriginRule::Exact("http://localhost:3000".into()),
            true,
            AnyWithCredentials::Literal,
        );
        assert_eq!(
            classes(&p),
            vec![("insecure-scheme-trusted", Some("localhost"))]
        );
        let p = policy(
            OriginRule::Exact("https://app.acme.com".into()),
            true,
            AnyWithCredentials::Literal,
        );
        assert!(classes(&p).is_empty());
    }

    #[test]
    fn matcher_bypass_is_a_suffix_match_and_regex_bypass_is_unanchored() {
        let pat = |kind, src: &str, mode| {
            OriginRule::Pattern(OriginPattern {
                source: src.into(),
                regex: Some(src.into()),
                mode,
                kind,
                case_insensitive: false,
            })
        };
        let p = policy(
            pat(PatternKind::Matcher, r"acme\.com", MatchMode::Search),
            true,
            AnyWithCredentials::Literal,
        );
        assert_eq!(classes(&p), vec![("suffix-or-prefix-match", None)]);
        let p = policy(
            pat(PatternKind::Regex, r"acme\.com", MatchMode::Search),
            true,
            AnyWithCredentials::Literal,
        );
        assert_eq!(classes(&p), vec![("unanchored-regex", None)]);
        let p = policy(
            pat(
                PatternKind::Regex,
                r"^https://acme\.com$",
                MatchMode::Search,
            ),
            true,
            AnyWithCredentials::Literal,
        );
        assert!(classes(&p).is_empty());
    }

    #[test]
    fn methods_and_headers_any_need_an_any_origin_policy() {
        let mut p = policy(
            OriginRule::Exact("https://app.acme.com".into()),
            true,
            AnyWithCredentials::Literal,
        );
        p.methods_any = true;
        p.headers_any = Some(Span { line: 4, column: 1 });
        assert!(classes(&p).is_empty());
        let mut p = policy(OriginRule::Reflect, true, AnyWithCredentials::Literal);
        p.methods_any = true;
        p.headers_any = Some(Span { line: 4, column: 1 });
        assert_eq!(
            classes(&p),
            vec![
                ("reflected-origin-with-credentials", None),
                ("overly-permissive-methods", None),
                ("overly-permissive-headers", None)
            ]
        );
    }

    #[test]
    fn max_age_above_one_day_and_missing_vary_on_dynamic_answers() {
        let mut p = policy(
            OriginRule::Exact("https://app.acme.com".into()),
            false,
            AnyWithCredentials::Literal,
        );
        p.max_age = Some((86_400, Span::default()));
        assert!(classes(&p).is_empty());
        p.max_age = Some((86_401, Span::default()));
        p.dynamic = true;
        p.vary = VaryOrigin::Absent;
        assert_eq!(
            classes(&p),
            vec![("excessive-max-age", None), ("missing-vary-origin", None)]
        );
    }
}
