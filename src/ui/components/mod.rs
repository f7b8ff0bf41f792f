//! Reusable pieces of the layout.

pub mod charts;
pub mod footer;
pub mod header;
pub mod notices;
pub mod planned;
pub mod privacy_badge;
