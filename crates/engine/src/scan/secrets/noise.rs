//! Noise: values that look random but are not secrets — integrity hashes, data
//! URIs and embedded fonts, docker digests, public keys and certificates — and,
//! for fallback (generic) rules only, shapes that are ids rather than keys.
//!
//! Each check returns the reason shown by `--explain`.

use crate::finding::Context;

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
pub fn fallback_reason(secret: &str, quoted: bool, context: Context) -> Option<String> {
    let v = secret
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '`')
        .trim_end_matches('.');
    let code = matches!(context, Context::SourceCode | Context::ClientBundle);
    if code && !quoted && is_identifier(v) {
        return Some("noise: an unquoted name in code (a variable), not a value".into());
    }
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
    if is_path(v) {
        return Some("noise: a path or resource name".into());
    }
    if ends_with_version(v) {
        return Some("noise: a package name and version".into());
    }
    if is_constant_name(v) {
        return Some("noise: a constant or snake_case name".into());
    }
    if is_domain_name(&lower) {
        return Some("noise: a domain name".into());
    }
    if v.contains(['(', ')', '[', ']', '{', '}']) || v.contains("=>") {
        return Some("noise: a code expression (a call, index or literal), not a value".into());
    }
    if is_code_expression(v) || is_made_of_words(v) {
        return Some("noise: an identifier or words, not a random value".into());
    }
    if let Some(text) = base64_text(v) {
        return Some(format!("noise: base64 of plain text ({text:?}), not a key"));
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

/// `zones/us-central1-a`, `projects/my-project/keyRings/my-ring`: slash-separated
/// parts that are lowercase names or words (random base64 with `/` is not).
fn is_path(v: &str) -> bool {
    v.contains('/')
        && !v.contains(['+', '='])
        && v.split('/').filter(|p| !p.is_empty()).all(|p| {
            p.len() <= 3 || p.bytes().all(|b| !b.is_ascii_uppercase()) || is_made_of_words(p)
        })
}

/// `HTTP_X_CLOUD_TRACE_CONTEXT`, `ref_token_abc123`: one case, words joined
/// by underscores (at least two of them).
fn is_constant_name(v: &str) -> bool {
    let one_case =
        !v.bytes().any(|b| b.is_ascii_lowercase()) || !v.bytes().any(|b| b.is_ascii_uppercase());
    v.matches('_').count() >= 2
        && one_case
        && v.trim_start_matches('_')
            .starts_with(|c: char| c.is_ascii_alphabetic())
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && v.trim_start_matches('_').split('_').all(|p| !p.is_empty())
}

/// `jjwt-jackson-0.11.2`, `lib:1.2`: a name ending in a dotted version.
fn ends_with_version(v: &str) -> bool {
    let Some(cut) = v.rfind(['-', ':', '@']) else {
        return false;
    };
    let version = &v[cut + 1..];
    let parts: Vec<&str> = version.split('.').collect();
    (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && v[..cut].bytes().any(|b| b.is_ascii_alphabetic())
}

fn is_identifier(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `a.b.c`, `this.props.token`, `getToken()`: member access and calls. Each
/// part must read like a name (short, lowercase, or words): three random
/// parts joined by dots are a token, not code.
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
    let name_like = |s: &str| {
        s.len() <= 3
            || (s.len() <= 24
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
            || (s.contains('_')
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
            || is_made_of_words(s)
    };
    v.contains('.') && v.split('.').all(|p| ident(p) && name_like(p))
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

/// Identifiers and phrases: `SOCKS5_CUSTOM_AUTH_END`, `RawKeyboardImpl3`,
/// `application/pgp-signature`. The value is split at punctuation and
/// camelCase humps; a segment is a word when it has three or more letters with
/// a vowel and at most two digits, trailing (`Impl3`, `SOCKS5`). The value is
/// "made of words" when at least two segments are words and they hold at least
/// 70% of its letters, with at most one short piece in five. Random keys split into short pieces, or keep digits in
/// the middle of their segments, and almost never pass: 8 of 30 000 random
/// keys of 16–63 characters did (all short, mixed-case), and a test holds the
/// rate under 1 in 2 000. Fallback rules only; provider rules never use this.
fn is_made_of_words(v: &str) -> bool {
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = v.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            segments.push(std::mem::take(&mut current));
            continue;
        }
        let hump = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || (chars[i - 1].is_ascii_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if hump {
            segments.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    segments.push(current);
    let letters = v.chars().filter(char::is_ascii_alphabetic).count();
    let is_word = |s: &String| {
        let stem = s.trim_end_matches(|c: char| c.is_ascii_digit());
        s.len() - stem.len() <= 2
            && stem.len() >= 3
            && stem.chars().all(|c| c.is_ascii_alphabetic())
            && stem.chars().any(|c| "aeiouyAEIOUY".contains(c))
    };
    let wordy: Vec<&String> = segments.iter().filter(|s| is_word(s)).collect();
    let in_words: usize = wordy
        .iter()
        .map(|s| s.trim_end_matches(|c: char| c.is_ascii_digit()).len())
        .sum();
    // Identifiers have at most the odd short piece (`t.`, `NO_`); random mixed
    // case breaks into many one- and two-letter humps.
    let pieces = segments.iter().filter(|s| !s.is_empty()).count();
    let short = segments
        .iter()
        .filter(|s| !s.is_empty() && s.len() < 3)
        .count();
    wordy.len() >= 2 && in_words * 10 >= letters * 8 && short <= (pieces / 5).max(1)
}

/// Base64 that decodes to readable text with spaces (`dGhlIHNhbXBsZSBub25jZQ==`
/// is "the sample nonce"): an encoded phrase, not a key. `user:password` pairs
/// (basic auth) are not excused.
fn base64_text(v: &str) -> Option<String> {
    if v.len() < 16
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return None;
    }
    let bytes = crate::scan::jwt::base64_decode(v.as_bytes())?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let printable = text.chars().all(|c| c == ' ' || c.is_ascii_graphic());
    (printable && text.contains(' ') && !text.contains(':')).then(|| text.to_string())
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
        ];
        for (text, secret, why) in &cases {
            let r = around(text, secret).unwrap_or_default();
            assert!(r.contains(why), "{secret}: {r:?}");
        }
        assert_eq!(around(&format!("KEY=\"{key}\""), &key), None);
    }

    /// Random keys must almost never look like words or code (measured: 8 in
    /// 30 000, all short mixed-case values; the bound is 1 in 2 000).
    #[test]
    fn random_values_are_not_words() {
        let mut rng = fake::FakeRng::seeded("words");
        let alphabets: [&[u8]; 4] = [
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            b"0123456789abcdef",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        ];
        let mut flagged = Vec::new();
        for i in 0..30_000 {
            let v = rng.string(alphabets[i % 4], 16 + i % 48);
            if let Some(r) = fallback_reason(&v, true, Context::ServerEnv) {
                flagged.push((v, r));
            }
        }
        assert!(
            flagged.len() <= 15,
            "{} flagged: {:?}",
            flagged.len(),
            &flagged[..flagged.len().min(10)]
        );
    }

    #[test]
    fn unquoted_names_in_code_are_variables() {
        assert!(fallback_reason("tString2x", false, Context::SourceCode).is_some());
        assert!(fallback_reason("tString2x", false, Context::ServerEnv).is_none());
        assert!(fallback_reason("tString2x", true, Context::SourceCode).is_none());
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
            ("response.data.accessToken", env, true),
            (
                "eyDuZMeKxEK8FILQ0cq.eyOAS7uRT50CI2G55w5.qBvLE3hXq2",
                env,
                false,
            ),
            ("getAccessToken()", bundle, true),
            ("resetPasswordConfirmation", env, true),
            ("forgot-password-link", bundle, true),
            ("3f2504e0-4f89-11d3-9a0c-0305e82c3301", bundle, true),
            ("3f2504e0-4f89-11d3-9a0c-0305e82c3301", env, false),
            ("da39a3ee5e6b4b0d3255bfef95601890afd80709", bundle, true),
            ("da39a3ee5e6b4b0d3255bfef95601890afd80709", env, false),
            ("Zq7Wx9Lm3Np5Rt8Vb2", bundle, false),
            ("my-project-12345.firebaseapp.com", env, true),
            ("SOCKS5_CUSTOM_AUTH_END", env, true),
            ("HTTP_X_CLOUD_TRACE_CONTEXT", env, true),
            ("jjwt-jackson-0.11.2", env, true),
            ("_private_key_pkcs12", env, true),
            ("Oauth2ClientCredentials.", env, true),
            ("zones/us-central1-a", env, true),
            (
                "projects/my-project/locations/global/keyRings/my-keyring/cryptoKeys/my-key",
                env,
                true,
            ),
            ("self._private_key_pkcs12", env, true),
            ("_appengine_ndb.NDB_KEY", env, true),
            ("ieCx/NcW06PcT7Ep1X6LUTc/hLvUDYyz", env, false),
            ("RawKeyboardImpl3", env, true),
            ("application/pgp-signature", env, true),
            ("decodeURIComponent(url.password)", env, true),
            ("dGhlIHNhbXBsZSBub25jZQ==", env, true),
            ("dXNlcjpwYXNzd29yZDEyMw==", env, false),
            ("k3.Zq7Wx9Lm3Np5Rt8Vb2-x", env, false),
            ("s3cr3t-Pa55w0rd!", bundle, false),
        ] {
            assert_eq!(
                fallback_reason(v, true, ctx).is_some(),
                dropped,
                "{v} in {ctx:?}"
            );
        }
    }
}
