//! CORS analysis of pasted configuration and server code.

use serde::{Deserialize, Serialize};

use crate::engine::finding::Finding;

/// What a CORS finding carries beyond the common [`Finding`](crate::engine::finding::Finding) fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorsDetail {
    /// An origin an attacker controls that the policy lets in, where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attacker_origin: Option<String>,
    /// The corrected snippet, in the same format and framework as the input.
    pub fixed_snippet: String,
}

/// Analyzes one pasted text or file for CORS misconfigurations; `hint` is an
/// optional format id that overrides detection.
pub fn analyze(file: &str, text: &str, hint: Option<&str>) -> Vec<Finding> {
    // Replaced by the CORS analyzer (branch cors).
    let _ = (file, text, hint);
    Vec::new()
}
