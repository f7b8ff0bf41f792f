//! Fixes, ready to paste: SQL written like the input ([`sql`]) and Firebase rules
//! text ([`rules`]).

pub mod rules;
pub mod sql;
