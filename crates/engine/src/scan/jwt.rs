//! JSON Web Tokens decoded without verification: enough to read who a token
//! speaks for (`role`, `iss`, Supabase's project `ref`) and when it expires.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

pub use crate::finding::JwtClaims;

/// Lenient decoding: tokens in the wild drop or keep their padding, and a
/// value is judged, not validated, so stray trailing bits do not matter.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes standard or URL-safe base64 (told apart by `-`/`_`), with or
/// without padding. `None` on any character outside the alphabet or an
/// impossible length.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let url_safe = text.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url_safe { &URL_SAFE } else { &STANDARD };
    engine.decode(text).ok()
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

/// Claims of the documentation's sample tokens (jwt.io's `John Doe` with
/// `sub` 1234567890, and the like): a token carrying one is a copied example.
const SAMPLE_CLAIMS: &[(&str, &str)] = &[
    ("name", "John Doe"),
    ("name", "Jane Doe"),
    ("sub", "1234567890"),
];

/// The sample claim (`name: "John Doe"`) that makes `token` a documentation
/// example, if it carries one.
pub fn sample_claim(token: &[u8]) -> Option<String> {
    let payload = token.split(|&b| b == b'.').nth(1)?;
    let json: serde_json::Value = serde_json::from_slice(&base64_decode(payload)?).ok()?;
    SAMPLE_CLAIMS.iter().find_map(|(key, value)| {
        (json.get(key).and_then(|v| v.as_str()) == Some(value)).then(|| format!("{key}: {value:?}"))
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
    fn documentation_samples_are_told() {
        let mut rng = FakeRng::seeded("sample");
        let sample = fake_jwt(
            r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#,
            &mut rng,
        );
        assert_eq!(
            sample_claim(sample.as_bytes()).as_deref(),
            Some("name: \"John Doe\"")
        );
        let real = fake_jwt(r#"{"sub":"user-42","name":"Ada"}"#, &mut rng);
        assert_eq!(sample_claim(real.as_bytes()), None);
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
