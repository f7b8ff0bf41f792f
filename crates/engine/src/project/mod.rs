//! A whole project, dropped as a folder or a zip: its files, its manifests, what it is
//! built with, and the checklist questions its code answers.
//!
//! Layered above [`crate::scan`] (the secret and CORS scanners read its files) and
//! below [`crate::assess`] (evidence answers feed the assessment).

pub mod archive;
pub mod code;
pub mod evidence;
pub mod manifest;
pub mod stack;
pub mod tree;
