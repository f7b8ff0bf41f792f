//! Noise: values that look random but are not secrets — integrity hashes, data
//! URIs and embedded fonts, docker digests, public keys and certificates — and,
//! for fallback (generic) rules only, shapes that are ids rather than keys.
//!
//! Each check returns the reason shown by `--explain`.

use crate::engine::finding::Context;

/// Longest run of base64 text that is looked at around a candidate.
const BLOB_SCAN: usize = 64 * 1024;
/// A base64 run this long around a candidate is embedded data, not a key.
const BLOB_MIN: usize = 1024;

/// What a candidate is surrounded by.
pub struct Surroundings<'a> {
    /// The whole text the candidate was found in.
    pub text: &'a [u8],
    /// The secret's span in `text`.
    pub start: usize,
    pub end: usize,
}

impl Surroundings<'_> {
    fn secret(&self) -> &[u8] {
        &self.text[self.start..self.end]
    }

    fn before(&self, n: usize) -> &[u8] {
        &self.text[self.start.saturating_sub(n)..self.start]
    }
}

/// Why a candidate from any rule is noise, if it is.
pub fn reason(s: &Surroundings) -> Option<String> {
    let before = s.before(96);
    let before_lower = before.to_ascii_lowercase();
    for prefix in [&b"sha256-"[..], b"sha384-", b"sha512-"] {
        if before_lower.ends_with(prefix) {
            return Some("noise: a subresource integrity hash (sha…-), not a secret".into());
        }
    }
    if before_lower.ends_with(b"@sha256:") || before_lower.ends_with(b"sha256:") {
        return Some("noise: a content digest (sha256:…), not a secret".into());
    }
    for prefix in [
        &b"ssh-rsa "[..],
        b"ssh-ed25519 ",
        b"ssh-dss ",
        b"ecdsa-sha2-nistp256 ",
        b"ecdsa-sha2-nistp384 ",
        b"ecdsa-sha2-nistp521 ",
        b"sk-ssh-ed25519@openssh.com ",
    ] {
        if before.ends_with(prefix) {
            return Some("noise: an SSH public key, safe to share".into());
        }
    }
    let secret = s.secret();
    for marker in [
        &b"BEGIN CERTIFICATE"[..],
        b"BEGIN PUBLIC KEY",
        b"BEGIN RSA PUBLIC KEY",
        b"BEGIN PGP PUBLIC KEY",
        b"BEGIN SSH2 PUBLIC KEY",
    ] {
        if contains(secret, marker) {
            return Some("noise: a certificate or public key, safe to share".into());
        }
    }
    if in_data_uri(s) {
        return Some("noise: inside a data: URI (an embedded image, font or file)".into());
    }
    if let Some(len) = base64_blob_len(s) {
        return Some(format!(
            "noise: inside a {len}-byte base64 blob (an embedded font, image or file)"
        ));
    }
    None
}

/// Why a candidate from a fallback rule is noise in this context, if it is:
/// the shapes of ids, hashes, numbers, paths and code rather than keys.
pub fn fallback_reason(secret: &str, context: Context) -> Option<String> {
    let v = secret.trim_matches(|c: char| c == '"' || c == '\'' || c == '`');
    if !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Some("noise: a number, date or version".into());
    }
    let lower = v.to_ascii_lowercase();
    if lower.contains("://") || v.starts_with('/') || v.starts_with("./") || v.starts_with("../") {
        return Some("noise: a URL or path".into());
    }
    for ext in [
        ".js", ".mjs", ".css", ".map", ".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".json",
        ".html", ".woff", ".woff2", ".ttf", ".ico",
    ] {
        if lower.ends_with(ext) {
            return Some("noise: a file name (a build asset or chunk)".into());
        }
    }
    if is_domain_name(&lower) {
        return Some("noise: a domain name".into());
    }
    if is_code_expression(v) {
        return Some("noise: a code expression or identifier, not a value".into());
    }
    if context == Context::ClientBundle {
        if is_uuid(v) {
            return Some("noise: a UUID in a bundle (an id, not a key)".into());
        }
        if matches!(v.len(), 32 | 40 | 64) && v.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some("noise: a hex digest in a bundle (a content or commit hash)".into());
        }
    }
    None
}

/// `a.b.c`, `this.props.token`, `getToken()`, `someIdentifier`, `kebab-words`,
/// `snake_words`: code or names, not secret values. A value with a digit or a
/// symbol outside identifiers is not treated as code.
fn is_code_expression(v: &str) -> bool {
    if v.is_empty() {
        return false;
    }
    let v = v.strip_suffix("()").unwrap_or(v);
    let ident = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let dotted = v.contains('.') && v.split('.').all(ident);
    let words = v
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '-' | '$'));
    dotted || words
}

/// `my-app-123.firebaseapp.com`: labels of letters, digits and dashes, the last
/// one letters only.
fn is_domain_name(lower: &str) -> bool {
    let labels: Vec<&str> = lower.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels.last().is_some_and(|tld| {
            (2..=24).contains(&tld.len()) && tld.bytes().all(|b| b.is_ascii_lowercase())
        })
}

fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
}

/// The run of base64 characters directly before the secret (bounded).
fn base64_run_before(s: &Surroundings) -> usize {
    s.text[s.start.saturating_sub(BLOB_SCAN)..s.start]
        .iter()
        .rev()
        .take_while(|&&b| is_base64_byte(b))
        .count()
}

fn in_data_uri(s: &Surroundings) -> bool {
    let run = base64_run_before(s);
    let head_end = s.start - run;
    let head = &s.text[head_end.saturating_sub(128)..head_end];
    let lower = head.to_ascii_lowercase();
    lower.ends_with(b";base64,") && contains(&lower, b"data:")
        || lower.ends_with(b"base64,") && contains(&lower, b"data:")
}

/// The length of the base64 run around the secret when it is embedded data: at
/// least [`BLOB_MIN`] bytes and more than twice the secret.
fn base64_blob_len(s: &Surroundings) -> Option<usize> {
    let secret = s.secret();
    if !secret.iter().all(|&b| is_base64_byte(b) || b == b'.') {
        return None;
    }
    let before = base64_run_before(s);
    let after = s.text[s.end..s.text.len().min(s.end + BLOB_SCAN)]
        .iter()
        .take_while(|&&b| is_base64_byte(b))
        .count();
    let total = before + secret.len() + after;
    (total >= BLOB_MIN && total > 2 * secret.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::secrets::fake;

    fn around(text: &str, secret: &str) -> Option<String> {
        let start = text.find(secret).unwrap();
        reason(&Surroundings {
            text: text.as_bytes(),
            start,
            end: start + secret.len(),
        })
    }

    /// The noise list: each of these must be dropped, with its reason.
    #[test]
    fn noise_is_dropped_with_its_reason() {
        let blob = "QUJD".repeat(400);
        let key = fake::expand("sk_live_{{alnum:24}}", "noise").unwrap();
        let aws = fake::expand("AKIA{{upper:16}}", "noise").unwrap();
        let cases: Vec<(String, &str, &str)> = vec![
            (
                r#"<script integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC">"#.into(),
                "oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
                "integrity",
            ),
            (
                "image: node@sha256:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b".into(),
                "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b",
                "digest",
            ),
            (
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx7fQ2sRk9Vq3mT8wZp0nYcL4hJd6uB1eGa5oFr2tXs me@laptop".into(),
                "AAAAC3NzaC1lZDI1NTE5AAAAIKx7fQ2sRk9Vq3mT8wZp0nYcL4hJd6uB1eGa5oFr2tXs",
                "SSH public key",
            ),
            (
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----".into(),
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                "certificate",
            ),
            (
                format!("url(data:font/woff2;base64,{blob}{aws}{blob})"),
                aws.as_str(),
                "data: URI",
            ),
            (
                format!("x=\"{blob}{key}{blob}\""),
                key.as_str(),
                "base64 blob",
            ),
        ];
        for (text, secret, why) in &cases {
            let r = around(text, secret).unwrap_or_default();
            assert!(r.contains(why), "{secret}: {r:?}");
        }
        assert_eq!(around(&format!("KEY=\"{key}\""), &key), None);
    }

    #[test]
    fn fallback_shapes_depend_on_context() {
        let bundle = Context::ClientBundle;
        let env = Context::ServerEnv;
        for (v, ctx, dropped) in [
            ("20240115", env, true),
            ("1.2.3-4", env, true),
            ("https://api.example.org/v1", env, true),
            ("/static/js/main.js", bundle, true),
            ("main.4f3a9c1b.chunk.js", bundle, true),
            ("this.props.authToken", bundle, true),
            ("getAccessToken()", bundle, true),
            ("resetPasswordConfirmation", env, true),
            ("forgot-password-link", bundle, true),
            ("3f2504e0-4f89-11d3-9a0c-0305e82c3301", bundle, true),
            ("3f2504e0-4f89-11d3-9a0c-0305e82c3301", env, false),
            ("da39a3ee5e6b4b0d3255bfef95601890afd80709", bundle, true),
            ("da39a3ee5e6b4b0d3255bfef95601890afd80709", env, false),
            ("Zq7Wx9Lm3Np5Rt8Vb2", bundle, false),
            ("my-project-12345.firebaseapp.com", env, true),
            ("k3.Zq7Wx9Lm3Np5Rt8Vb2-x", env, false),
            ("s3cr3t-Pa55w0rd!", bundle, false),
        ] {
            assert_eq!(fallback_reason(v, ctx).is_some(), dropped, "{v} in {ctx:?}");
        }
    }
}
