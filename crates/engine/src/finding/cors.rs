//! What a CORS finding carries beyond the common fields.

use serde::{Deserialize, Serialize};

/// What a CORS finding carries beyond the common [`Finding`](super::Finding) fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorsDetail {
    /// An origin an attacker controls that the policy lets in, where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attacker_origin: Option<String>,
    /// The corrected snippet, in the same format and framework as the input.
    pub fixed_snippet: String,
    /// The format id the input was read as (see [`crate::scan::cors::ALL_FORMATS`]).
    #[serde(default)]
    pub format: String,
    /// The normalised policy, in one line.
    #[serde(default)]
    pub policy: String,
    /// Whether the policy allows credentials (cookies, HTTP auth).
    #[serde(default)]
    pub credentials: bool,
    /// The variant of the class that applied (`literal`, `public-suffix`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// How the flaw was proved, or why it could not be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For raw headers: the `curl` line that tells reflection from an allowlist hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curl: Option<String>,
}
