//! CORS analysis of pasted configuration and server code.

use serde::{Deserialize, Serialize};

/// What a CORS finding carries beyond the common [`Finding`](crate::engine::finding::Finding) fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorsDetail {
    /// An origin an attacker controls that the policy lets in, where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attacker_origin: Option<String>,
    /// The corrected snippet, in the same format and framework as the input.
    pub fixed_snippet: String,
}
