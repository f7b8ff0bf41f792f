//! Proves origin-matching flaws by running attacker origins through the pattern with
//! the framework's own match mode.
//!
//! A pattern is never judged by its looks ("no `$`, so bad"): we derive the host it
//! was meant to allow, build origins an attacker can obtain from that host
//! (`https://acme.com.evil.net`, `https://evilacme.com`, `https://appxacme.com` for an
//! unescaped dot, `https://evil.acme.com`, `http://app.acme.com`, `null`...), and
//! report the ones that get in. Rust's `regex` crate runs in linear time, so a
//! hostile pattern cannot stall the scan; its compiled size is capped too.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use super::attack_origins::{candidates, legit_origin};
use crate::scan::cors::model::{MatchMode, OriginPattern};

/// What kind of attacker an admitted origin stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threat {
    /// An unrelated origin (`https://evil.example`): the pattern admits anyone.
    AnyOrigin,
    /// The allowed host followed by attacker text (`https://acme.com.evil.net`).
    AppendedHost,
    /// Attacker text glued before the allowed host (`https://evilacme.com`).
    PrefixedHost,
    /// An unescaped `.` matches any character (`https://appxacme.com`).
    UnescapedDot,
    /// A sibling on a hosting platform anyone can sign up to (`https://evil.vercel.app`).
    PublicSuffixTenant,
    /// Any subdomain of the owner's domain (`https://evil.acme.com`).
    Subdomain,
    /// The allowed host over plain `http://`.
    InsecureScheme,
    /// The opaque `null` origin.
    Null,
}

/// One attacker origin that the pattern admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub origin: String,
    pub threat: Threat,
}

/// The result of proving one pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    /// The pattern compiled; these attacker origins get in (empty: none we tried).
    Checked {
        hits: Vec<Hit>,
        legit: Option<String>,
    },
    /// The pattern could not be compiled or translated; the reason says why.
    Uncheckable(String),
}

/// Compiles a translated pattern with the framework's match mode.
pub fn compile(regex: &str, mode: MatchMode, case_insensitive: bool) -> Result<Regex, String> {
    let anchored = match mode {
        MatchMode::Full => format!("^(?:{regex})$"),
        MatchMode::Start => format!("^(?:{regex})"),
        MatchMode::Search => regex.to_owned(),
    };
    RegexBuilder::new(&anchored)
        .case_insensitive(case_insensitive)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            let last = msg
                .lines()
                .last()
                .unwrap_or("invalid pattern")
                .trim()
                .to_owned();
            format!("the pattern does not compile: {last}")
        })
}

/// Runs attacker origins derived from the pattern's intended host through it.
pub fn prove(pattern: &OriginPattern) -> Proof {
    let Some(regex) = &pattern.regex else {
        return Proof::Uncheckable("the pattern could not be translated".into());
    };
    let compiled = match compile(regex, pattern.mode, pattern.case_insensitive) {
        Ok(r) => r,
        Err(e) => return Proof::Uncheckable(e),
    };
    let legit = legit_origin(regex);
    let mut hits: Vec<Hit> = Vec::new();
    for (origin, threat) in candidates(regex, legit.as_deref()) {
        if hits.iter().any(|h| h.threat == threat) || legit.as_deref() == Some(origin.as_str()) {
            continue;
        }
        if compiled.is_match(&origin) {
            hits.push(Hit { origin, threat });
            if threat == Threat::AnyOrigin {
                break;
            }
        }
    }
    Proof::Checked { hits, legit }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::cors::model::{translate, Flavor, PatternKind};

    fn pattern(src: &str, flavor: Flavor, mode: MatchMode) -> OriginPattern {
        OriginPattern {
            source: src.to_owned(),
            regex: translate(src, flavor).ok(),
            mode,
            kind: PatternKind::Regex,
            case_insensitive: false,
        }
    }

    fn first_hit(src: &str, flavor: Flavor, mode: MatchMode) -> Option<(String, Threat)> {
        match prove(&pattern(src, flavor, mode)) {
            Proof::Checked { hits, .. } => hits.into_iter().next().map(|h| (h.origin, h.threat)),
            Proof::Uncheckable(e) => panic!("{src}: {e}"),
        }
    }

    /// (pattern, flavor, mode, expected first admitted origin and threat; None = safe)
    type Case = (
        &'static str,
        Flavor,
        MatchMode,
        Option<(&'static str, Threat)>,
    );
    const CASES: &[Case] = &[
        (
            r"acme\.com",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://acme.com.evil.net", Threat::AppendedHost)),
        ),
        (
            r"acme\.com$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://evilacme.com", Threat::PrefixedHost)),
        ),
        (
            r"^https:\/\/(app|admin)\.acme\.com$",
            Flavor::JavaScript,
            MatchMode::Search,
            None,
        ),
        (
            r"^https://app.acme.com$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://appxacme.com", Threat::UnescapedDot)),
        ),
        (
            r"https://app\.acme\.com",
            Flavor::Python,
            MatchMode::Start,
            Some(("https://app.acme.com.evil.net", Threat::AppendedHost)),
        ),
        (
            r"https://app\.acme\.com",
            Flavor::Python,
            MatchMode::Full,
            None,
        ),
        (
            r"https://(app|admin)\.acme\.com",
            Flavor::Python,
            MatchMode::Full,
            None,
        ),
        (
            r"https://.*acme\.com",
            Flavor::Python,
            MatchMode::Full,
            Some(("https://evilacme.com", Threat::PrefixedHost)),
        ),
        (
            r"https://.*\.acme\.com",
            Flavor::Python,
            MatchMode::Full,
            Some(("https://evil.acme.com", Threat::Subdomain)),
        ),
        (
            r"^https://.*\.vercel\.app$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://evil.vercel.app", Threat::PublicSuffixTenant)),
        ),
        (
            r"^https://acme-[a-z0-9-]+\.vercel\.app$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://acme-evil.vercel.app", Threat::PublicSuffixTenant)),
        ),
        (
            r"\.web\.app$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://evil.web.app", Threat::PublicSuffixTenant)),
        ),
        // A registrable domain under a two-label public suffix (co.uk): the owner is
        // acme.co.uk, so evilacme.co.uk is a stranger, not a subdomain.
        (
            r"https://.*acme\.co\.uk",
            Flavor::Python,
            MatchMode::Full,
            Some(("https://evilacme.co.uk", Threat::PrefixedHost)),
        ),
        (
            r"^https://app.acme.co.uk$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://appxacme.co.uk", Threat::UnescapedDot)),
        ),
        (
            r"^https://([a-z]+\.)?acme\.co\.uk$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("https://evil.acme.co.uk", Threat::Subdomain)),
        ),
        (
            r"^http(s)?://(.+\.)?acme\.com$",
            Flavor::Pcre,
            MatchMode::Search,
            Some(("https://evil.acme.com", Threat::Subdomain)),
        ),
        (
            r"^https?://app\.acme\.com$",
            Flavor::Pcre,
            MatchMode::Search,
            Some(("http://app.acme.com", Threat::InsecureScheme)),
        ),
        (
            r"(acme.com)",
            Flavor::Pcre,
            MatchMode::Search,
            Some(("https://acme.com.evil.net", Threat::AppendedHost)),
        ),
        (
            r".*",
            Flavor::Ruby,
            MatchMode::Search,
            Some(("https://evil.example", Threat::AnyOrigin)),
        ),
        (
            r"\Ahttps://app\.acme\.com\z",
            Flavor::Ruby,
            MatchMode::Search,
            None,
        ),
        (
            r"^https://app\.acme\.com$|^null$",
            Flavor::JavaScript,
            MatchMode::Search,
            Some(("null", Threat::Null)),
        ),
    ];

    #[test]
    fn prover_table() {
        let mut failures = Vec::new();
        for (src, flavor, mode, want) in CASES {
            let got = first_hit(src, *flavor, *mode);
            let want = want.map(|(o, t)| (o.to_owned(), t));
            if got != want {
                failures.push(format!("{src} ({mode:?}): want {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn suffix_matcher_admits_prefixed_host() {
        // endsWith('acme.com') is the full-match pattern `.*acme\.com`.
        let got = first_hit(
            &format!(".*{}", regex::escape("acme.com")),
            Flavor::Pcre,
            MatchMode::Full,
        );
        assert_eq!(
            got,
            Some(("https://evilacme.com".into(), Threat::PrefixedHost))
        );
    }

    #[test]
    fn uncompilable_patterns_are_reported_not_guessed() {
        let p = OriginPattern {
            source: "(".into(),
            regex: Some("(".into()),
            mode: MatchMode::Search,
            kind: PatternKind::Regex,
            case_insensitive: false,
        };
        assert!(matches!(prove(&p), Proof::Uncheckable(e) if e.contains("does not compile")));
    }
}
