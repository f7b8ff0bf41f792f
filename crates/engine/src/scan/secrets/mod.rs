//! Secret scanning: provider key formats, verdicts (secret / public / test),
//! context-aware severity, masking.
//!
//! The pipeline for one text: the keyword prefilter picks rules and windows
//! ([`matcher`]), each regex match is judged ([`judge`]: claims, entropy,
//! allowlists, [`placeholder`]s, [`noise`], inline ignore comments), and what
//! survives becomes a [`Finding`](crate::finding::Finding) whose
//! [`SecretDetail`] holds only a masked value. The job that drives this over
//! many files in bounded steps is [`crate::scan::ScanJob`].

pub mod assignment;
pub mod judge;
mod letters;
pub mod matcher;
pub mod noise;
pub mod placeholder;
pub mod shape;
pub mod verdict;
pub mod words;

#[cfg(test)]
mod rule_examples;

use serde::{Deserialize, Serialize};

use crate::finding::Verdict;
use crate::scan::jwt::JwtClaims;

/// What a secret finding carries beyond the common [`Finding`](crate::finding::Finding) fields.
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
