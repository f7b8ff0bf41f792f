//! Secret scanning: provider key formats, verdicts (secret / public / test), masking.

use serde::{Deserialize, Serialize};

use crate::engine::finding::Verdict;

/// What a secret finding carries beyond the common [`Finding`](crate::engine::finding::Finding) fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecretDetail {
    pub verdict: Verdict,
    /// The value with all but a few characters masked; never the value itself.
    pub masked: String,
}
