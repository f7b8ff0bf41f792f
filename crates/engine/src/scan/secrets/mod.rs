//! Secret scanning: provider key formats, verdicts (secret / public / test),
//! context-aware severity, masking.
//!
//! The pipeline for one text: the keyword prefilter picks rules and windows
//! ([`matcher`]), each regex match is judged ([`judge`]: claims, entropy,
//! allowlists, [`placeholder`]s, [`noise`], inline ignore comments), and what
//! survives becomes a [`Finding`](crate::finding::Finding) whose
//! [`SecretDetail`] holds only a masked value. The job that drives this over
//! many files in bounded steps is [`crate::scan::ScanJob`].

pub mod assignment;
pub mod judge;
mod letters;
pub mod matcher;
pub mod noise;
pub mod placeholder;
pub mod shape;
pub mod userinfo;
pub mod verdict;
pub mod words;

#[cfg(test)]
mod rule_examples;

pub use crate::finding::SecretDetail;
