//! Fixes as SQL, written the way the input writes SQL: quoted identifiers and
//! upper-case keywords for a `pg_dump`-style file, plain lower case for a
//! hand-written migration.

use crate::scan::access::judge::Owner;
use crate::scan::access::model::{Key, Schema};
use crate::scan::access::sql::lexer::{Lexer, Tok};
use crate::scan::access::sql::statement::{Command, Style};

/// Keywords the fixes use (upper-cased for an upper-case input).
const KEYWORDS: &[&str] = &[
    "alter",
    "table",
    "enable",
    "row",
    "level",
    "security",
    "create",
    "policy",
    "on",
    "for",
    "select",
    "insert",
    "update",
    "delete",
    "to",
    "using",
    "with",
    "check",
    "and",
    "or",
    "not",
    "exists",
    "from",
    "where",
    "revoke",
    "grant",
    "execute",
    "function",
    "view",
    "set",
    "index",
    "drop",
    "in",
    "all",
    "invoker",
    "security_invoker",
    "search_path",
    "if",
    "true",
    "false",
    "is",
];

/// Writes SQL in one style.
#[derive(Debug, Clone, Copy)]
pub struct SqlWriter {
    pub style: Style,
}

impl SqlWriter {
    pub fn new(style: Style) -> SqlWriter {
        SqlWriter { style }
    }

    /// Plain lower-case SQL (for fixes with no statement to imitate).
    pub fn default_style() -> SqlWriter {
        SqlWriter::new(Style::default())
    }

    /// An identifier, quoted when the input quotes or when it must be.
    pub fn ident(&self, name: &str) -> String {
        let plain = !name.is_empty()
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain && !self.style.quoted {
            name.to_owned()
        } else {
            format!("\"{}\"", name.replace('"', "\"\""))
        }
    }

    pub fn table(&self, key: &Key) -> String {
        format!("{}.{}", self.ident(&key.0), self.ident(&key.1))
    }

    /// A string constant.
    pub fn string(&self, s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// Applies the input's keyword case to lower-case SQL written by this module.
    pub fn finish(&self, sql: &str) -> String {
        if !self.style.upper {
            return sql.to_owned();
        }
        let mut out = String::with_capacity(sql.len());
        let mut last = 0;
        for t in Lexer::new(sql) {
            out.push_str(&sql[last..t.start]);
            let text = t.text(sql);
            if t.kind == Tok::Word && KEYWORDS.contains(&text) {
                out.push_str(&text.to_ascii_uppercase());
            } else {
                out.push_str(text);
            }
            last = t.end;
        }
        out.push_str(&sql[last..]);
        out
    }
}

/// `alter table … enable row level security;`
pub fn enable_rls(w: &SqlWriter, key: &Key) -> String {
    format!("alter table {} enable row level security;", w.table(key))
}

/// A table that lists who belongs to which organisation: it has the tenant column
/// and a user column.
fn membership_table<'s>(
    schema: &'s Schema,
    tenant_column: &str,
    user_columns: &[String],
) -> Option<(&'s Key, String)> {
    schema.tables.iter().find_map(|(k, t)| {
        if t.column(tenant_column).is_none() || k.0 != "public" {
            return None;
        }
        let user = t.columns.iter().find(|c| user_columns.contains(&c.name))?;
        Some((k, user.name.clone()))
    })
}

/// The ownership condition for rows of `key`: `(select auth.uid()) = user_id`, or
/// membership of the row's organisation.
pub fn owner_condition(
    w: &SqlWriter,
    schema: &Schema,
    key: &Key,
    owner: &Owner,
    user_columns: &[String],
) -> String {
    let col = w.ident(&owner.column);
    if !owner.tenant {
        return format!("(select auth.uid()) = {col}");
    }
    match membership_table(schema, &owner.column, user_columns).filter(|(k, _)| *k != key) {
        Some((members, user)) => format!(
            "exists (select 1 from {} m where m.{col} = {}.{col} and m.{} = (select auth.uid()))",
            w.table(members),
            w.ident(&key.1),
            w.ident(&user)
        ),
        None => format!(
            "{col} in (select {col} from public.memberships where user_id = (select auth.uid())) -- replace memberships with your table of (organisation, user) rows"
        ),
    }
}

/// One policy per command for owners (`select`, `insert`, `update`, `delete`).
pub fn owner_policies(w: &SqlWriter, key: &Key, condition: &str, ops: &[Command]) -> String {
    let table = w.table(key);
    let noun = key.1.replace('_', " ");
    ops.iter()
        .map(|op| {
            let (verb, clause) = match op {
                Command::Select => ("read", format!("using ({condition})")),
                Command::Insert => ("add", format!("with check ({condition})")),
                Command::Update => (
                    "change",
                    format!("using ({condition}) with check ({condition})"),
                ),
                Command::Delete => ("delete", format!("using ({condition})")),
                Command::All => (
                    "manage",
                    format!("using ({condition}) with check ({condition})"),
                ),
            };
            let name = w.ident(&format!("Owners can {verb} their {noun}"));
            format!(
                "create policy {name} on {table}\n  for {} to authenticated\n  {clause};",
                op.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces a policy's condition (`ALTER POLICY` keeps its command and roles).
pub fn alter_policy(
    w: &SqlWriter,
    key: &Key,
    policy: &str,
    using: Option<&str>,
    check: Option<&str>,
) -> String {
    let mut out = format!("alter policy {} on {}", w.ident(policy), w.table(key));
    if let Some(u) = using {
        out.push_str(&format!("\n  using ({u})"));
    }
    if let Some(c) = check {
        out.push_str(&format!("\n  with check ({c})"));
    }
    out.push(';');
    out
}

pub fn drop_policy(w: &SqlWriter, key: &Key, policy: &str) -> String {
    format!("drop policy {} on {};", w.ident(policy), w.table(key))
}

pub fn create_index(w: &SqlWriter, key: &Key, columns: &[String]) -> String {
    let cols: Vec<String> = columns.iter().map(|c| w.ident(c)).collect();
    format!("create index on {} ({});", w.table(key), cols.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_the_input_style() {
        let key: Key = ("public".into(), "todos".into());
        let plain = SqlWriter::new(Style::default());
        assert_eq!(
            plain.finish(&enable_rls(&plain, &key)),
            "alter table public.todos enable row level security;"
        );
        let dump = SqlWriter::new(Style {
            quoted: true,
            upper: true,
        });
        assert_eq!(
            dump.finish(&enable_rls(&dump, &key)),
            "ALTER TABLE \"public\".\"todos\" ENABLE ROW LEVEL SECURITY;"
        );
        assert_eq!(plain.ident("Todo Items"), "\"Todo Items\"");
        assert_eq!(plain.string("it's"), "'it''s'");
    }

    #[test]
    fn owner_policies_cover_each_command() {
        let key: Key = ("public".into(), "todos".into());
        let w = SqlWriter::new(Style::default());
        let sql = owner_policies(
            &w,
            &key,
            "(select auth.uid()) = user_id",
            &[Command::Select, Command::Update],
        );
        assert!(sql.contains("create policy \"Owners can read their todos\" on public.todos\n  for select to authenticated\n  using ((select auth.uid()) = user_id);"), "{sql}");
        assert!(sql.contains("for update to authenticated\n  using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);"));
    }
}
