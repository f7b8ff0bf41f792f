//! Generated fake secrets for rule examples, tests and benchmarks.
//!
//! Rule files hold templates, never realistic-looking keys: `{{alnum:24}}`,
//! `{{hex:32}}`, `{{HEX:32}}`, `{{lower:N}}`, `{{upper:N}}`, `{{digits:N}}`,
//! `{{base64:N}}`, `{{base64url:N}}` expand to N characters of that class, and
//! `{{jwt:{"role":"anon"}}}` to a JWT with that payload and a random (invalid)
//! signature; `{{jwtb64:{...}}}` to the same JWT wrapped in padded base64 (as
//! Kubernetes secrets store tokens). The characters come from a small PRNG seeded by the rule id, so
//! test runs are deterministic.
//!
//! # Example
//! ```
//! use shipcheck_engine::catalog::secrets::fake;
//! let a = fake::expand("KEY=sk_live_{{alnum:24}}", "stripe-secret-key").unwrap();
//! assert_eq!(a.len(), "KEY=sk_live_".len() + 24);
//! assert_eq!(a, fake::expand("KEY=sk_live_{{alnum:24}}", "stripe-secret-key").unwrap());
//! ```

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const HEX_UPPER: &[u8] = b"0123456789ABCDEF";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Longest run a template may ask for; keeps a typo from allocating gigabytes.
const MAX_LEN: usize = 100_000;

/// A tiny deterministic PRNG (SplitMix64): good enough to make fakes look random.
#[derive(Debug, Clone)]
pub struct FakeRng(u64);

impl FakeRng {
    /// A generator seeded from a string (FNV-1a of its bytes).
    pub fn seeded(seed: &str) -> FakeRng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        FakeRng(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `len` characters drawn from `alphabet`.
    pub fn string(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
}

fn alphabet(class: &str) -> Option<&'static [u8]> {
    Some(match class {
        "alnum" => ALNUM,
        "hex" => HEX,
        "HEX" => HEX_UPPER,
        "lower" => LOWER,
        "upper" => UPPER,
        "digits" => DIGITS,
        "base64" => BASE64,
        "base64url" => BASE64URL,
        _ => return None,
    })
}

/// Expands every `{{...}}` template in `template`, seeding the generator with
/// `seed` (the rule id). Errors name the template that is wrong.
pub fn expand(template: &str, seed: &str) -> Result<String, String> {
    let mut rng = FakeRng::seeded(seed);
    expand_with(template, &mut rng)
}

/// Like [`expand`], drawing from a caller-owned generator (benchmarks use one
/// generator for a whole corpus).
pub fn expand_with(template: &str, rng: &mut FakeRng) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let jwt = after
            .strip_prefix("jwt:")
            .map(|p| (p, false))
            .or_else(|| after.strip_prefix("jwtb64:").map(|p| (p, true)));
        if let Some((payload, wrapped)) = jwt {
            let json_len = json_object_len(payload).ok_or_else(|| {
                format!("unterminated JSON object in {{{{jwt:...}}}} of {template:?}")
            })?;
            let json = &payload[..json_len];
            if !payload[json_len..].starts_with("}}") {
                return Err(format!(
                    "expected }}}} after the JWT payload in {template:?}"
                ));
            }
            serde_json::from_str::<serde_json::Value>(json)
                .map_err(|e| format!("invalid JWT payload {json}: {e}"))?;
            let token = fake_jwt(json, rng);
            if wrapped {
                out.push_str(&base64_padded(token.as_bytes()));
            } else {
                out.push_str(&token);
            }
            rest = &payload[json_len + 2..];
            continue;
        }
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unterminated template in {template:?}"))?;
        let spec = &after[..end];
        let whole = format!("{{{{{spec}}}}}");
        let (class, len) = spec
            .split_once(':')
            .ok_or_else(|| format!("template {whole} needs a class and a length"))?;
        let chars = alphabet(class)
            .ok_or_else(|| format!("unknown template class \"{class}\" in \"{whole}\""))?;
        let len: usize = len
            .parse()
            .ok()
            .filter(|n| (1..=MAX_LEN).contains(n))
            .ok_or_else(|| format!("bad length in \"{whole}\" (1 to {MAX_LEN})"))?;
        out.push_str(&rng.string(chars, len));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Byte length of the JSON object at the start of `s` (brace counting that
/// respects strings), or `None` if it does not close.
fn json_object_len(s: &str) -> Option<usize> {
    if !s.starts_with('{') {
        return None;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in s.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Base64url without padding, as JWTs use.
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Standard base64 with `=` padding.
pub fn base64_padded(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// A JWT with an HS256 header, the given JSON payload and a random signature.
pub fn fake_jwt(payload_json: &str, rng: &mut FakeRng) -> String {
    format!(
        "{}.{}.{}",
        base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        base64url(payload_json.as_bytes()),
        rng.string(BASE64URL, 43)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_expands_to_its_alphabet_and_length() {
        for (class, chars) in [
            ("alnum", ALNUM),
            ("hex", HEX),
            ("HEX", HEX_UPPER),
            ("lower", LOWER),
            ("upper", UPPER),
            ("digits", DIGITS),
            ("base64", BASE64),
            ("base64url", BASE64URL),
        ] {
            let s = expand(&format!("<{{{{{class}:40}}}}>"), "seed").unwrap();
            let inner = &s[1..s.len() - 1];
            assert_eq!(inner.len(), 40, "{class}");
            assert!(
                inner.bytes().all(|b| chars.contains(&b)),
                "{class}: {inner}"
            );
        }
    }

    #[test]
    fn expansion_is_deterministic_per_seed() {
        let t = "{{alnum:32}}";
        assert_eq!(expand(t, "a").unwrap(), expand(t, "a").unwrap());
        assert_ne!(expand(t, "a").unwrap(), expand(t, "b").unwrap());
    }

    #[test]
    fn jwt_template_carries_its_payload() {
        let s = expand(r#"key={{jwt:{"role":"anon","nested":{"a":"}}"}}}}!"#, "x").unwrap();
        let jwt = s.strip_prefix("key=").unwrap().strip_suffix('!').unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(parts[0].starts_with("eyJ"));
        assert_eq!(
            parts[1],
            base64url(br#"{"role":"anon","nested":{"a":"}}"}}"#)
        );
    }

    #[test]
    fn jwtb64_wraps_the_token_in_base64() {
        let s = expand(r#"{{jwtb64:{"role":"anon"}}}"#, "x").unwrap();
        assert!(s.starts_with("ZXlK"), "{s}");
    }

    #[test]
    fn bad_templates_are_errors() {
        for (t, msg) in [
            ("{{alnum}}", "needs a class and a length"),
            ("{{alnum:0}}", "bad length"),
            ("{{alnum:x}}", "bad length"),
            ("{{word:3}}", "unknown template class \"word\""),
            ("{{alnum:3", "unterminated template"),
            ("{{jwt:{\"a\":1}", "expected }}"),
            ("{{jwt:{\"a\":}}}", "invalid JWT payload"),
            ("{{jwt:nope}}", "unterminated JSON object"),
        ] {
            let e = expand(t, "s").unwrap_err();
            assert!(e.contains(msg), "{t}: {e}");
        }
    }

    #[test]
    fn base64url_matches_known_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64_padded(b"f"), "Zg==");
        assert_eq!(base64_padded(b"fo"), "Zm8=");
        assert_eq!(base64_padded(&[0xfb, 0xff]), "+/8=");
    }
}
