//! What a secret finding carries beyond the common fields.

use serde::{Deserialize, Serialize};

use super::Verdict;

/// What a secret finding carries beyond the common [`Finding`](super::Finding) fields.
///
/// It never holds the secret itself: only [`SecretDetail::masked`] and a
/// [`SecretDetail::fingerprint`] (a truncated hash of rule id and secret).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretDetail {
    pub verdict: Verdict,
    /// The value with all but a few characters masked; never the value itself.
    pub masked: String,
    /// Who issued the credential ("Stripe", "Supabase"...).
    pub provider: String,
    /// Byte offsets of the secret in the file as given (for a source map: in
    /// the `.map` file; for UTF-16: in the UTF-16 bytes).
    pub start: usize,
    pub end: usize,
    /// 16 hex digits of SHA-256(rule id, secret): stable when lines move; the
    /// key of an ignore file.
    pub fingerprint: String,
    /// Shannon entropy of the secret in bits per byte, rounded to 2 decimals.
    pub entropy: f64,
    /// Where it was found, in words ("in your front-end bundle: every visitor
    /// can read it").
    pub location: String,
    /// What to do: where to revoke or rotate.
    pub remediation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate_url: Option<String>,
    /// An extra line shown with the finding (e.g. the Firebase key caveat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Claims of a decoded JWT (read without verifying the signature).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<JwtClaims>,
    /// The variable name when its prefix ships it to the browser
    /// (`VITE_`, `NEXT_PUBLIC_`, `REACT_APP_`, `EXPO_PUBLIC_`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_env_name: Option<String>,
}

/// The claims of a decoded JWT that decide what a leaked token means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Supabase project ref (the subdomain of `<ref>.supabase.co`).
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "ref")]
    pub project_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Whether `exp` is before the scan's clock; `None` without `exp` or a clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<bool>,
    /// The header's `alg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
}

impl JwtClaims {
    /// The value of a claim by name, as text (for rule `claims` conditions).
    pub fn get(&self, name: &str) -> Option<&str> {
        match name {
            "role" => self.role.as_deref(),
            "iss" => self.iss.as_deref(),
            "ref" => self.project_ref.as_deref(),
            "sub" => self.sub.as_deref(),
            "alg" => self.alg.as_deref(),
            _ => None,
        }
    }
}
