//! JSON Web Tokens decoded without verification: enough to read who a token
//! speaks for (`role`, `iss`, Supabase's project `ref`) and when it expires.

pub use crate::finding::JwtClaims;

/// Decodes standard or URL-safe base64, with or without padding. `None` on any
/// character outside the alphabets or an impossible length.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let text = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Decodes a compact JWT (`header.payload.signature`) without verifying it.
/// `now` (seconds since the epoch) decides `expired`; the engine has no clock of
/// its own because it also runs in a browser worker. `None` if the text is not a
/// JWT whose header and payload are JSON objects.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::jwt::decode;
/// // {"alg":"HS256"} . {"role":"anon","exp":100} . sig
/// let c = decode(b"eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiIsImV4cCI6MTAwfQ.c2ln", Some(200)).unwrap();
/// assert_eq!(c.role.as_deref(), Some("anon"));
/// assert_eq!(c.expired, Some(true));
/// ```
pub fn decode(token: &[u8], now: Option<i64>) -> Option<JwtClaims> {
    // A JWT wrapped in base64 ("ZXlK..." is base64 of "eyJ"), as Kubernetes
    // secrets and some config stores keep tokens.
    if token.starts_with(b"ZXlK") {
        let inner = base64_decode(token)?;
        return inner
            .starts_with(b"eyJ")
            .then(|| decode(&inner, now))
            .flatten();
    }
    let mut parts = token.split(|&b| b == b'.');
    let (header, payload) = (parts.next()?, parts.next()?);
    let header: serde_json::Value = serde_json::from_slice(&base64_decode(header)?).ok()?;
    let payload: serde_json::Value = serde_json::from_slice(&base64_decode(payload)?).ok()?;
    let (header, payload) = (header.as_object()?, payload.as_object()?);
    let text = |key: &str| payload.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let exp = payload.get("exp").and_then(|v| {
        v.as_i64()
            .or_else(|| v.as_f64().map(|f| f as i64))
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    Some(JwtClaims {
        role: text("role"),
        iss: text("iss"),
        project_ref: text("ref"),
        sub: text("sub"),
        exp,
        expired: exp.zip(now).map(|(e, n)| e < n),
        alg: header
            .get("alg")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::secrets::fake::{fake_jwt, FakeRng};

    #[test]
    fn base64_variants_decode() {
        assert_eq!(base64_decode(b"Zm9vYg==").unwrap(), b"foob");
        assert_eq!(base64_decode(b"Zm9vYg").unwrap(), b"foob");
        assert_eq!(base64_decode(b"-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64_decode(b"+/8=").unwrap(), vec![0xfb, 0xff]);
        assert!(base64_decode(b"Zm9v!").is_none());
        assert!(base64_decode(b"Z").is_none());
    }

    #[test]
    fn supabase_keys_decode_to_their_role_and_project() {
        let mut rng = FakeRng::seeded("t");
        let key = fake_jwt(
            r#"{"iss":"supabase","ref":"abcdefghijklmnop","role":"service_role","iat":1700000000,"exp":2000000000}"#,
            &mut rng,
        );
        let c = decode(key.as_bytes(), Some(1_800_000_000)).unwrap();
        assert_eq!(c.role.as_deref(), Some("service_role"));
        assert_eq!(c.iss.as_deref(), Some("supabase"));
        assert_eq!(c.project_ref.as_deref(), Some("abcdefghijklmnop"));
        assert_eq!(c.get("ref"), Some("abcdefghijklmnop"));
        assert_eq!(c.exp, Some(2_000_000_000));
        assert_eq!(c.expired, Some(false));
        assert_eq!(c.alg.as_deref(), Some("HS256"));
        assert_eq!(decode(key.as_bytes(), None).unwrap().expired, None);
    }

    #[test]
    fn base64_wrapped_jwts_decode() {
        let mut rng = FakeRng::seeded("b64");
        let key = fake_jwt(r#"{"role":"anon"}"#, &mut rng);
        let wrapped = crate::catalog::secrets::fake::base64_padded(key.as_bytes());
        assert_eq!(
            decode(wrapped.as_bytes(), None).unwrap().role.as_deref(),
            Some("anon")
        );
        assert!(decode(b"ZXlKbm90IGEgand0", None).is_none());
    }

    #[test]
    fn non_jwts_are_refused() {
        for t in [
            &b""[..],
            b"eyJ",
            b"eyJhbGciOiJIUzI1NiJ9",
            b"abc.def.ghi",
            b"eyJhbGciOiJIUzI1NiJ9.WzFd.sig", // payload is an array
            b"\xff\xfe.\x00.x",
        ] {
            assert!(decode(t, None).is_none(), "{t:?}");
        }
    }
}
