//! Noise: values that look random but are not secrets — integrity hashes, data
//! URIs and embedded fonts, docker digests, public keys and certificates. (The
//! shapes that make a generic rule's value an id or a word rather than a key
//! are in [`super::shape`].)
//!
//! Each check returns the reason shown by `--explain`.

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
    // `CLOUDFLARE_WORKFLOW_RETRIES_BACKOFF_TYPE` after `cloudflare…: `: a
    // constant's name where a rule expected a key (a type annotation, an enum).
    if is_capitals_name(secret) {
        return Some("noise: a constant's name (words in capitals), not a key".into());
    }
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

/// Three or more parts of capital letters joined by `_`, read as words by the
/// letter model: no key is drawn from capitals without digits in that shape.
fn is_capitals_name(secret: &[u8]) -> bool {
    let Ok(v) = std::str::from_utf8(secret) else {
        return false;
    };
    let parts: Vec<&str> = v.split('_').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase()))
        && super::words::margin(v) > 0
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
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
    use crate::catalog::secrets::fake;

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
            (
                "[CLOUDFLARE_WORKFLOW_RETRIES]?: CLOUDFLARE_WORKFLOW_RETRIES_BACKOFF_TYPE;".into(),
                "CLOUDFLARE_WORKFLOW_RETRIES_BACKOFF_TYPE",
                "constant's name",
            ),
        ];
        for (text, secret, why) in &cases {
            let r = around(text, secret).unwrap_or_default();
            assert!(r.contains(why), "{secret}: {r:?}");
        }
        assert_eq!(around(&format!("KEY=\"{key}\""), &key), None);
    }
}
