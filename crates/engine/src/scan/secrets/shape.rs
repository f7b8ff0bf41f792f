//! The shapes that make a generic rule's value an id, a name or a word rather
//! than a key: numbers, versions, paths, file and domain names, code
//! expressions, constants, identifiers and words (told by [`super::words`]),
//! CSS colours, base64 of plain text, and UUIDs and digests in bundles.
//!
//! Fallback (generic) rules only: a provider rule's format is specific enough.
//! Each check returns the reason shown by `--explain`.

use super::words;
use crate::finding::Context;

/// Why a candidate from a fallback rule is noise in this context, if it is:
/// the shapes of ids, hashes, numbers, paths and code rather than keys.
/// `words_may_be_values`: a password outside code (`DB_PASSWORD=whiteduke` in
/// a `.env`) may be a plain word; in code, a word next to "password" is a
/// label, an enum member or a test value.
pub fn fallback_reason(
    secret: &str,
    quoted: bool,
    context: Context,
    words_may_be_values: bool,
) -> Option<String> {
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
    if is_colour(&lower) {
        return Some("noise: a CSS colour, not a value".into());
    }
    if is_code_expression(v)
        || is_made_of_words(v)
        || (!words_may_be_values && words::is_wordlike(v))
    {
        return Some("noise: an identifier or words, not a random value".into());
    }
    if let Some(text) = base64_text(v).or_else(|| hex_text(v)) {
        return Some(format!(
            "noise: base64 or hex of plain text ({text:?}), not a key"
        ));
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

/// `zones/us-central1-a`, `projects/my-project/keyRings/my-ring`,
/// `io.modelcontextprotocol/subscriptionId`: slash-separated parts that are
/// lowercase names or words (random base64 with `/` is not).
fn is_path(v: &str) -> bool {
    v.contains('/')
        && !v.contains(['+', '='])
        && v.split('/').filter(|p| !p.is_empty()).all(|p| {
            p.len() <= 3
                || p.bytes().all(|b| !b.is_ascii_uppercase())
                || is_made_of_words(p)
                || words::is_wordlike(p)
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
    // Symbols other than name and path punctuation (`&`, `*`, `@`, `!`…) are
    // what people add to make a password of words.
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b' '))
    {
        return false;
    }
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
    // Vowels alone do not make words: `T7OWX9ATDTVE1ITA1HON9MAASLBDWNZA`
    // splits at its digits into vowel-bearing pieces, but the letter model
    // reads it as random characters.
    wordy.len() >= 2
        && in_words * 10 >= letters * 8
        && short <= (pieces / 5).max(1)
        && words::margin(v) >= 0
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

/// Hex that decodes to readable text with spaces (`4361726e6974…` is
/// "Carnitas, literally…"): an encoded phrase, not random bytes.
fn hex_text(v: &str) -> Option<String> {
    if v.len() < 16 || !v.len().is_multiple_of(2) || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Vec<u8> = (0..v.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&v[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let printable = text.chars().all(|c| c == ' ' || c.is_ascii_graphic());
    (printable && text.contains(' ')).then(|| text.to_string())
}

fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}
/// `#689a1d`, `#fff`, `#ffffff80`, `rgb(…)`, `hsl(…)`.
fn is_colour(lower: &str) -> bool {
    if let Some(hex) = lower.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    ["rgb(", "rgba(", "hsl(", "hsla(", "oklch(", "var(--"]
        .iter()
        .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random keys must almost never look like words or code (measured: 8 in
    /// 30 000, all short mixed-case values; the bound is 1 in 2 000).
    #[test]
    fn random_values_are_not_words() {
        let mut rng = crate::catalog::secrets::fake::FakeRng::seeded("words");
        let alphabets: [&[u8]; 5] = [
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            b"0123456789abcdef",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        ];
        let mut flagged = Vec::new();
        for i in 0..30_000 {
            let v = rng.string(alphabets[i % 5], 16 + i % 48);
            if let Some(r) = fallback_reason(&v, true, Context::ServerEnv, false) {
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
        assert!(fallback_reason("xK9mQ2pLw", false, Context::SourceCode, false).is_some());
        assert!(fallback_reason("xK9mQ2pLw", false, Context::ServerEnv, false).is_none());
        assert!(fallback_reason("xK9mQ2pLw", true, Context::SourceCode, false).is_none());
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
            ("io.modelcontextprotocol/subscriptionId", env, true),
            (
                "4361726e697461732c206c69746572616c6c79206d65616e696e6720226c6974",
                env,
                true,
            ),
            ("dXNlcjpwYXNzd29yZDEyMw==", bundle, false),
            (
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                env,
                false,
            ),
        ] {
            assert_eq!(
                fallback_reason(v, true, ctx, false).is_some(),
                dropped,
                "{v} in {ctx:?}"
            );
        }
    }
}
