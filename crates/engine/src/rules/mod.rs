//! Rules as data: TOML files compiled into the binary, and the loaders that check
//! them.
//!
//! Every rule carries its own test cases (positive and negative examples); a test
//! loads every built-in file and runs every example through the real scanner, so a
//! rule that does not detect what it claims cannot be committed.

pub mod secrets;
