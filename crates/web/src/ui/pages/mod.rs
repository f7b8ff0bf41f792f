//! One module per route.

pub mod checklist;
pub mod estimate;
pub mod home;
pub mod not_found;
pub mod readiness;
pub mod report;
pub mod risk;
pub mod scan;
