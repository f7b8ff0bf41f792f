//! Reusable pieces of the layout.

pub mod charts;
pub mod finding_row;
pub mod findings_view;
pub mod footer;
pub mod header;
pub mod notices;
pub mod planned;
pub mod privacy_badge;
pub mod scan_input;
pub mod scan_progress;
pub mod share_link;
