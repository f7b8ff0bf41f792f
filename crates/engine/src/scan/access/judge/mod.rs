//! Deciding the classes: each judge reads a model (the replayed schema, the
//! Firebase rules, the front end's calls) and returns [`Issue`]s, which
//! [`super::analyze`] turns into findings with the class table's text.

pub(crate) mod client;
pub(crate) mod firebase;
pub(crate) mod objects;
pub(crate) mod tables;

use crate::catalog::access::Words;
use crate::scan::access::client::{Call, Target};
use crate::scan::access::gate::Who;
use crate::scan::access::model::{Key, Loc, Schema, Table};
use crate::scan::access::sql::expr::Expr;
use crate::scan::access::sql::predicate;
use crate::scan::access::sql::statement::Command;

/// What the judges read.
pub struct Ctx<'a> {
    pub schema: &'a Schema,
    /// Schemas the Supabase API serves (`public`, plus `[api] schemas` in
    /// `supabase/config.toml`).
    pub exposed: &'a [String],
    /// The SQL is a Supabase project's (its API exposes the exposed schemas).
    pub supabase: bool,
    pub words: &'a Words,
    pub calls: &'a [Call],
    /// Seconds since the Unix epoch (test-mode dates); `None`: unknown.
    pub now: Option<i64>,
}

impl Ctx<'_> {
    /// Whether the front end reaches this table.
    pub fn reaches_table(&self, key: &Key) -> bool {
        self.calls.iter().any(|c| match &c.target {
            Target::Table { schema, name } => {
                *name == key.1 && schema.as_deref().unwrap_or("public") == key.0
            }
            _ => false,
        })
    }
}

/// What kind of input a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Sql,
    FirestoreRules,
    StorageRules,
    RtdbRules,
    Client,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Sql => "sql",
            Source::FirestoreRules => "firestore-rules",
            Source::StorageRules => "storage-rules",
            Source::RtdbRules => "rtdb-rules",
            Source::Client => "client",
        }
    }
}

/// One problem found, before it becomes a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub class: &'static str,
    pub variant: Option<&'static str>,
    pub at: Loc,
    /// The table, view, function, bucket or rules path (`public.bookings`).
    pub object: String,
    pub source: Source,
    pub who: Who,
    /// Operations in plain words, in order: read, add, change, delete, call…
    pub ops: Vec<&'static str>,
    /// Who can do what, in one sentence.
    pub exposure: String,
    /// The fix as SQL or rules text.
    pub fix: String,
    /// For a front-end finding: the schema or rules line that leaves it open.
    pub cites: Option<Loc>,
    pub note: Option<String>,
}

/// Plain words for a command.
pub fn op_word(op: Command) -> &'static str {
    match op {
        Command::Select => "read",
        Command::Insert => "add",
        Command::Update => "change",
        Command::Delete => "delete",
        Command::All => "read, add, change and delete",
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Who, in a sentence's subject.
pub fn who_phrase(who: Who) -> &'static str {
    match who {
        Who::Anyone => "Anyone with your site's public key",
        Who::SignedIn => "Any signed-in user (and anyone can sign up)",
        Who::Scoped => "Some users",
        Who::Nobody => "Nobody",
    }
}

/// `public.todos`, or `todos` for tables in `public`.
pub fn display_key(key: &Key) -> String {
    if key.0 == "public" {
        key.1.clone()
    } else {
        format!("{}.{}", key.0, key.1)
    }
}

/// The column a table's rows belong to someone by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub column: String,
    /// An organisation (tenant) column rather than a user column.
    pub tenant: bool,
}

fn references_auth_users(schema: &Schema, target: &Key) -> bool {
    if target.0 == "auth" && target.1 == "users" {
        return true;
    }
    // A profiles-like table whose key is the user's id.
    schema.tables.get(target).is_some_and(|t| {
        t.foreign_keys.iter().any(|f| {
            f.target.0 == "auth"
                && f.target.1 == "users"
                && f.columns.len() == 1
                && t.primary.first() == f.columns.first()
        })
    })
}

/// The owner column of a table: a foreign key to `auth.users` (directly or through
/// a profiles table), a column the table's policies compare with the caller, or a
/// column named like an owner or an organisation.
pub fn owner(schema: &Schema, table: &Table, words: &Words) -> Option<Owner> {
    for fk in &table.foreign_keys {
        if fk.columns.len() == 1 && references_auth_users(schema, &fk.target) {
            return Some(Owner {
                column: fk.columns[0].clone(),
                tenant: false,
            });
        }
    }
    let compared: Vec<predicate::CallerColumn> = table
        .policies
        .iter()
        .flat_map(|p| p.using.iter().chain(p.check.iter()))
        .flat_map(|pr| predicate::caller_columns(&pr.expr))
        .filter(|c| table.column(&c.column).is_some() || table.columns.is_empty())
        .collect();
    if let Some(c) = compared.iter().find(|c| c.direct).or(compared.first()) {
        return Some(Owner {
            column: c.column.clone(),
            tenant: !c.direct,
        });
    }
    let named = |list: &[String]| {
        table
            .columns
            .iter()
            .find(|c| list.iter().any(|w| w.eq_ignore_ascii_case(&c.name)))
    };
    if let Some(c) = named(&words.owner_columns) {
        return Some(Owner {
            column: c.name.clone(),
            tenant: false,
        });
    }
    named(&words.tenant_columns).map(|c| Owner {
        column: c.name.clone(),
        tenant: true,
    })
}

/// Columns holding personal or secret values.
pub fn personal_columns<'t>(table: &'t Table, words: &Words) -> Vec<&'t str> {
    table
        .columns
        .iter()
        .filter(|c| {
            words
                .personal_columns
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&c.name))
        })
        .map(|c| c.name.as_str())
        .collect()
}

/// Whether any expression of the policies reads `user_metadata`.
pub fn reads_user_metadata(e: &Expr) -> bool {
    predicate::classify(e, &[]).user_metadata
}
