//! Scanners for pasted or dropped files: leaked secrets and CORS misconfigurations.

pub mod cors;
pub mod secrets;
