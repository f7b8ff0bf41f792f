//! Supabase / PostgreSQL SQL: a tolerant lexer and statement splitter, readers for
//! the statements that decide access, and their replay into a
//! [`Schema`](super::model::Schema).

pub mod expr;
pub mod lexer;
pub mod predicate;
pub mod replay;
pub mod split;
pub mod statement;

mod grant;
mod policy;
mod routine;
mod rows;
mod table;
