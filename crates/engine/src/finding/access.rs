//! What a database-access finding carries beyond the common fields.

use serde::{Deserialize, Serialize};

/// What an access finding carries beyond the common [`Finding`](super::Finding) fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessDetail {
    /// Who can do what, in plain words ("Anyone with your site's public key can
    /// delete every row of `bookings`.").
    pub exposure: String,
    /// The table, view, function, bucket or rules path.
    pub object: String,
    /// `sql`, `firestore-rules`, `storage-rules`, `rtdb-rules` or `client`.
    pub source: String,
    /// `anyone`, `signed-in`, `scoped` or `nobody`.
    pub who: String,
    /// What they can do: `read`, `add`, `change`, `delete`, `call`…
    #[serde(default)]
    pub operations: Vec<String>,
    /// The fix as SQL or rules text, in the input's own dialect, ready to paste.
    pub fixed_snippet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// For a front-end finding: the schema or rules line that leaves the data open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cites: Option<Citation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A file and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub file: String,
    pub line: u32,
}
