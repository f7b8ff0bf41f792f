//! Judging one regex match: is it a finding, and if so what verdict and
//! severity; if not, why not (the reason `--explain` shows).

use super::matcher::RawMatch;
use super::{assignment, noise, placeholder, shape, userinfo, verdict};
use crate::catalog::secrets::{Allowlist, Decode, Rule};
use crate::finding::{Context, Severity, Verdict};
use crate::scan::entropy::shannon;
use crate::scan::jwt::{self, JwtClaims};

/// What a match turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The rule does not apply (a JWT rule whose claims differ): not a
    /// candidate at all, so nothing to explain.
    NotApplicable,
    /// A candidate that is not a finding, and why.
    Dropped(String),
    Accepted(Accepted),
}

/// The judgement on an accepted match.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub verdict: Verdict,
    pub severity: Severity,
    pub entropy: f64,
    pub jwt: Option<JwtClaims>,
    pub public_env_name: Option<String>,
}

/// Everything a judgement depends on besides the match.
pub struct Judge<'a> {
    pub context: Context,
    pub file: &'a str,
    /// Seconds since the epoch, for JWT expiry; `None` leaves expiry unknown.
    pub now: Option<i64>,
    pub global: &'a Allowlist,
}

impl Judge<'_> {
    /// Judges match `m` of `rule` in `text`.
    pub fn judge(&self, rule: &Rule, text: &[u8], m: &RawMatch) -> Outcome {
        let secret = &text[m.secret_start..m.secret_end];
        let claims = match rule.decode {
            Some(Decode::Jwt) => match jwt::decode(secret, self.now) {
                Some(c) => Some(c),
                None if rule.claims.is_empty() => {
                    return Outcome::Dropped("not a JWT: its header or payload is not JSON".into())
                }
                None => return Outcome::NotApplicable,
            },
            None => None,
        };
        if let Some(c) = &claims {
            if !rule
                .claims
                .iter()
                .all(|(k, v)| c.get(k) == Some(v.as_str()))
            {
                return Outcome::NotApplicable;
            }
        }
        let entropy = shannon(secret);
        if let Some(min) = rule.entropy {
            if entropy < min {
                return Outcome::Dropped(format!(
                    "entropy {entropy:.2} is below the rule's minimum {min}"
                ));
            }
        }
        let line = line_around(text, m.secret_start, m.secret_end);
        let whole = &text[name_start(text, m.start)..m.end];
        // A password in a URL to a real server is someone's password, however
        // weak: only template slots and bare role words stay placeholders.
        let real_host = userinfo::remote_host(text, m.secret_end).is_some();
        for list in [&rule.allowlist, self.global] {
            if let Some(why) = list.allows(secret, whole, line, self.file, !real_host) {
                return Outcome::Dropped(why);
            }
        }
        if let Some(path) = &rule.path {
            if !path.is_match(self.file) {
                return Outcome::NotApplicable;
            }
        }
        let secret_text = String::from_utf8_lossy(secret);
        let placeholder = if real_host {
            placeholder::reason_on_real_host(&secret_text)
        } else {
            placeholder::reason(&secret_text)
        };
        if let Some(why) = placeholder {
            return Outcome::Dropped(why);
        }
        if let Some(why) = decoded_placeholder(secret) {
            return Outcome::Dropped(why);
        }
        if claims.is_some() {
            if let Some(claim) = jwt::sample_claim(secret) {
                return Outcome::Dropped(format!(
                    "placeholder: a documentation sample token ({claim})"
                ));
            }
        }
        let around = noise::Surroundings {
            text,
            start: m.secret_start,
            end: m.secret_end,
        };
        if let Some(why) = noise::reason(&around) {
            return Outcome::Dropped(why);
        }
        if !rule.assigned_to.is_empty() {
            let heads: Vec<&str> = rule.assigned_to.iter().map(String::as_str).collect();
            let (start, end) = (m.secret_start, m.secret_end);
            if let Some(why) = assignment::reason(text, start, end, &heads, self.file, self.context)
            {
                return Outcome::Dropped(why);
            }
        }
        if rule.fallback {
            let quoted =
                m.secret_start > 0 && matches!(text[m.secret_start - 1], b'"' | b'\'' | b'`');
            let words_may_be_values = rule.assigned_to.iter().any(|w| w == "password")
                && !assignment::quotes_literals(self.file, self.context);
            if let Some(why) =
                shape::fallback_reason(&secret_text, quoted, self.context, words_may_be_values)
            {
                return Outcome::Dropped(why);
            }
            if let Some(why) = documented_example(text, m.start) {
                return Outcome::Dropped(why);
            }
        }
        let before = &text[m.secret_start.saturating_sub(160)..m.secret_start];
        let public_env_name = verdict::public_env_name(before);
        // A generic match in a test or fixture file is most likely a fixture:
        // reported, but as a test value, not as a secret to rotate.
        let verdict =
            if rule.fallback && rule.verdict == Verdict::Secret && verdict::is_test_file(self.file)
            {
                Verdict::Test
            } else {
                rule.verdict
            };
        let mut severity = verdict::severity(
            rule.severity,
            verdict,
            self.context,
            public_env_name.is_some(),
        );
        if claims.as_ref().and_then(|c| c.expired) == Some(true) {
            severity = severity.min(Severity::Low);
        }
        Outcome::Accepted(Accepted {
            verdict,
            severity,
            entropy: (entropy * 100.0).round() / 100.0,
            jwt: claims,
            public_env_name,
        })
    }
}

/// Where the name a match begins in starts: rules that begin at a keyword
/// (`token…`) leave the rest of the name (`csrf_`) before the match, and
/// allowlists on the whole match should see it. At most 64 bytes back.
fn name_start(text: &[u8], start: usize) -> usize {
    let lo = start.saturating_sub(64);
    let ident = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$');
    start
        - text[lo..start]
            .iter()
            .rev()
            .take_while(|b| ident(b))
            .count()
}

/// Base64 of readable text whose parts are placeholders (`username:password`).
fn decoded_placeholder(secret: &[u8]) -> Option<String> {
    if secret.len() < 8
        || !secret
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return None;
    }
    let bytes = jwt::base64_decode(secret)?;
    let text = std::str::from_utf8(&bytes).ok()?;
    if !text.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return None;
    }
    let placeholder = placeholder::reason(text).is_some()
        || (text.contains(':')
            && text
                .split(':')
                .all(|part| placeholder::reason(part).is_some()));
    placeholder.then(|| format!("placeholder: base64 of {text:?}"))
}

/// "For example: …", "e.g. …" earlier on the line: the value is documentation.
fn documented_example(text: &[u8], match_start: usize) -> Option<String> {
    let before = &text[match_start.saturating_sub(80)..match_start];
    let line = before.rsplit(|&b| b == b'\n').next().unwrap_or(before);
    let lower = line.to_ascii_lowercase();
    let says = [&b"example"[..], b"e.g."]
        .iter()
        .any(|w| contains(&lower, w));
    says.then(|| "placeholder: shown as an example on its line".to_string())
}

/// How far either side of a secret "its line" reaches: a one-line bundle's
/// line is the whole file, and an ignore comment belongs next to the value.
pub const LINE_REACH: usize = 1024;

/// The line holding `start..end`, at most [`LINE_REACH`] bytes either side.
pub fn line_around(text: &[u8], start: usize, end: usize) -> &[u8] {
    let lo = start.saturating_sub(LINE_REACH);
    let hi = (end + LINE_REACH).min(text.len());
    let s = memchr::memrchr(b'\n', &text[lo..start]).map_or(lo, |i| lo + i + 1);
    let e = memchr::memchr(b'\n', &text[end..hi]).map_or(hi, |i| end + i);
    &text[s..e]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::secrets::{fake, RuleSet};

    fn judge_text(rule_id: &str, text: &str, context: Context) -> Vec<Outcome> {
        let set = RuleSet::built_in();
        let index = set.rules().iter().position(|r| r.id == rule_id).unwrap();
        let rule = &set.rules()[index];
        let judge = Judge {
            context,
            file: "f",
            now: Some(1_900_000_000),
            global: &set.allowlist,
        };
        let bytes = text.as_bytes();
        let compiled = rule.pattern.compiled().unwrap();
        compiled
            .regex
            .captures_iter(bytes)
            .map(|c| {
                let whole = c.get_match().unwrap();
                let s = c.get_group(compiled.secret_group).unwrap();
                let m = RawMatch {
                    rule: index,
                    start: whole.start(),
                    end: whole.end(),
                    secret_start: s.start,
                    secret_end: s.end,
                };
                judge.judge(rule, bytes, &m)
            })
            .collect()
    }

    #[test]
    fn public_names_raise_a_secret_to_critical_anywhere() {
        let text = fake::expand("VITE_STRIPE_KEY=sk_live_{{alnum:24}}\n", "public").unwrap();
        let out = judge_text("stripe-secret-key", &text, Context::ServerEnv);
        match &out[0] {
            Outcome::Accepted(a) => {
                assert_eq!(a.severity, Severity::Critical);
                assert_eq!(a.public_env_name.as_deref(), Some("VITE_STRIPE_KEY"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn line_around_is_bounded() {
        let text = b"one\ntwo three\nfour";
        assert_eq!(line_around(text, 8, 13), b"two three");
        let long = vec![b'a'; 3 * LINE_REACH];
        assert_eq!(
            line_around(&long, LINE_REACH + 5, LINE_REACH + 6).len(),
            2 * LINE_REACH + 1
        );
    }
}
