//! Tables: row level security off (`rls-disabled`, `policy-rls-disabled`), policies
//! that let anyone or any user through (`policy-always-true`, `policy-any-user`),
//! policies that trust `user_metadata`, and unindexed policy and foreign-key
//! columns.

use std::collections::BTreeMap;

use super::{
    display_key, join_words, op_word, owner, personal_columns, who_phrase, Issue, Owner, Source,
};
use crate::scan::access::fix::sql::{self as fix, SqlWriter};
use crate::scan::access::gate::{Gate, Who};
use crate::scan::access::judge::Ctx;
use crate::scan::access::model::{effective, Key, Loc, Policy, Privs, Table};
use crate::scan::access::sql::predicate::{caller_columns, classify};
use crate::scan::access::sql::statement::Command;

const OPS: [Command; 4] = [
    Command::Select,
    Command::Insert,
    Command::Update,
    Command::Delete,
];

/// Judges every table in an exposed schema.
pub fn judge(ctx: &Ctx, out: &mut Vec<Issue>) {
    for (key, t) in &ctx.schema.tables {
        if !ctx.exposed.contains(&key.0) {
            continue;
        }
        let table = TableFacts::new(ctx, t);
        if t.rls {
            for (i, p) in t.policies.iter().enumerate().filter(|(_, p)| p.permissive) {
                policy(ctx, key, &table, i, p, out);
            }
        } else {
            rls_off(ctx, key, t, out);
        }
        for (i, p) in t.policies.iter().enumerate() {
            user_metadata(key, &table, i, p, out);
        }
        unindexed(key, t, out);
    }
}

/// The operations `role` has privileges for.
fn granted(t: &Table, role: &str) -> Vec<Command> {
    let privs = effective(&t.grants, role);
    OPS.into_iter()
        .filter(|op| privs.has(Privs::of(*op)))
        .collect()
}

fn words_of(ops: &[Command]) -> Vec<&'static str> {
    ops.iter().map(|op| op_word(*op)).collect()
}

/// The owner condition and fix policies for a table, when its owner is known.
fn owner_fix(
    ctx: &Ctx,
    w: &SqlWriter,
    key: &Key,
    owner: Option<&Owner>,
    ops: &[Command],
) -> Option<String> {
    let owner = owner?;
    let cond = fix::owner_condition(w, ctx.schema, key, owner, &ctx.words.owner_columns);
    Some(fix::owner_policies(w, key, &cond, ops))
}

fn rls_off(ctx: &Ctx, key: &Key, t: &Table, out: &mut Vec<Issue>) {
    let w = SqlWriter::new(t.style);
    let name = display_key(key);
    if ctx.supabase && t.known {
        let anon = granted(t, "anon");
        let signed = granted(t, "authenticated");
        let reached = ctx.reaches_table(key);
        let (variant, who, ops) = if !anon.is_empty() {
            (None, Who::Anyone, anon)
        } else if !signed.is_empty() {
            (
                if reached {
                    None
                } else {
                    Some("signed-in-only")
                },
                Who::SignedIn,
                signed,
            )
        } else {
            (Some("no-api-grants"), Who::Nobody, Vec::new())
        };
        let exposure = if ops.is_empty() {
            format!("No API role can reach `{name}` today, but nothing protects its rows.")
        } else {
            format!(
                "{} can {} every row of `{name}`.",
                who_phrase(who),
                join_words(&words_of(&ops))
            )
        };
        let own = owner(ctx.schema, t, ctx.words);
        let policies = owner_fix(ctx, &w, key, own.as_ref(), &OPS).unwrap_or_else(|| {
            if ctx.words.is_public_table(&key.1) && personal_columns(t, ctx.words).is_empty() {
                format!(
                    "create policy {} on {}\n  for select to anon, authenticated\n  using (true);\n-- writes: from your server (service role) only, or add a policy for the role that may write",
                    w.ident(&format!("Anyone can read {}", key.1.replace('_', " "))),
                    w.table(key)
                )
            } else {
                "-- no policy yet means no API access at all: add one policy per command each role needs,\n-- checking ownership with (select auth.uid()) = <owner column>".to_owned()
            }
        });
        out.push(Issue {
            class: "rls-disabled",
            variant,
            at: t.rls_at.clone().unwrap_or_else(|| t.at.clone()),
            object: name.clone(),
            source: Source::Sql,
            who,
            ops: words_of(&ops),
            exposure,
            fix: w.finish(&format!("{}\n\n{policies}", fix::enable_rls(&w, key))),
            cites: None,
            note: own.map(|o| format!("owner column: {}", o.column)),
        });
    }
    if !t.policies.is_empty() && (t.known || t.rls_at.is_some()) {
        let names: Vec<String> = t
            .policies
            .iter()
            .map(|p| format!("\"{}\"", p.name))
            .collect();
        out.push(Issue {
            class: "policy-rls-disabled",
            variant: None,
            at: t.policies[0].at.clone(),
            object: name.clone(),
            source: Source::Sql,
            who: Who::Anyone,
            ops: Vec::new(),
            exposure: format!(
                "The policies on `{name}` ({}) are ignored: row level security is off.",
                names.join(", ")
            ),
            fix: w.finish(&fix::enable_rls(&w, key)),
            cites: None,
            note: None,
        });
    }
}

/// What the policy judge needs about a table, computed once: its owner column,
/// personal columns, and each policy's `USING` and `WITH CHECK` classified.
struct TableFacts<'a> {
    t: &'a Table,
    owner: Option<Owner>,
    personal: Vec<&'a str>,
    using: Vec<Option<Gate>>,
    check: Vec<Option<Gate>>,
}

impl<'a> TableFacts<'a> {
    fn new(ctx: &Ctx, t: &'a Table) -> TableFacts<'a> {
        let classify_all =
            |pick: fn(&Policy) -> Option<&crate::scan::access::sql::statement::Predicate>| {
                t.policies
                    .iter()
                    .map(|p| pick(p).map(|pr| classify(&pr.expr, &ctx.schema.functions)))
                    .collect()
            };
        TableFacts {
            t,
            owner: owner(ctx.schema, t, ctx.words),
            personal: personal_columns(t, ctx.words),
            using: classify_all(|p| p.using.as_ref()),
            check: classify_all(|p| p.check.as_ref()),
        }
    }

    /// Policy `i`'s expression for `op`, as [`Policy::expr_for`] picks it.
    fn expr_gate(&self, i: usize, op: Command) -> Option<&Gate> {
        if op == Command::Insert {
            self.check[i].as_ref().or(self.using[i].as_ref())
        } else {
            self.using[i].as_ref()
        }
    }

    /// [`gate`], from the classified expressions.
    fn gate(&self, i: usize, role: &str, op: Command) -> Option<Gate> {
        let t = self.t;
        let p = &t.policies[i];
        if !p.applies_to(role)
            || !p.command.covers(op)
            || !effective(&t.grants, role).has(Privs::of(op))
        {
            return None;
        }
        let restrictive = t
            .policies
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.permissive && q.applies_to(role) && q.command.covers(op))
            .fold(Gate::open(), |acc, (j, _)| {
                acc.and(self.expr_gate(j, op).unwrap_or(&Gate::open()))
            });
        Some(
            self.expr_gate(i, op)
                .cloned()
                .unwrap_or_else(Gate::closed)
                .and(&restrictive),
        )
    }
}

/// What `role` reaches through policy `p` for `op`, with the table's restrictive
/// policies applied; `None` when the role has no grant or the policy does not
/// apply.
pub(crate) fn gate(ctx: &Ctx, t: &Table, p: &Policy, role: &str, op: Command) -> Option<Gate> {
    if !p.applies_to(role)
        || !p.command.covers(op)
        || !effective(&t.grants, role).has(Privs::of(op))
    {
        return None;
    }
    // A policy without the expression a command needs grants nothing (permissive)
    // and restricts nothing (restrictive), as in PostgreSQL.
    let of = |q: &Policy, missing: fn() -> Gate| {
        q.expr_for(op, op == Command::Insert)
            .map_or_else(missing, |e| classify(e, &ctx.schema.functions))
    };
    let restrictive = t
        .policies
        .iter()
        .filter(|q| !q.permissive && q.applies_to(role) && q.command.covers(op))
        .fold(Gate::open(), |acc, q| acc.and(&of(q, Gate::open)));
    Some(of(p, Gate::closed).and(&restrictive))
}

fn policy(ctx: &Ctx, key: &Key, table: &TableFacts, i: usize, p: &Policy, out: &mut Vec<Issue>) {
    let w = SqlWriter::new(p.style);
    let name = display_key(key);
    let own = table.owner.clone();
    let personal = &table.personal;
    let per_user = own.is_some() || !personal.is_empty();
    let public_by_design = personal.is_empty()
        && (ctx.words.is_public_table(&key.1) || ctx.words.says_public(&p.name));
    let ops_where = |role: &str, pred: &dyn Fn(&Gate) -> bool, ops: &[Command]| -> Vec<Command> {
        ops.iter()
            .copied()
            .filter(|op| table.gate(i, role, *op).is_some_and(|g| pred(&g)))
            .collect()
    };
    let all_rows = |who: Who| move |g: &Gate| g.all_rows_to().is_some_and(|x| x <= who);
    let some_rows = |who: Who| move |g: &Gate| g.some_rows_to().is_some_and(|x| x <= who);
    let writes = [Command::Insert, Command::Update, Command::Delete];

    let anon_write_all = ops_where("anon", &all_rows(Who::Anyone), &writes);
    let anon_write_some = ops_where("anon", &some_rows(Who::Anyone), &writes);
    let anon_read_all = ops_where("anon", &all_rows(Who::Anyone), &[Command::Select]);
    let user_write_all = ops_where("authenticated", &all_rows(Who::SignedIn), &writes);
    let user_read_all = ops_where(
        "authenticated",
        &all_rows(Who::SignedIn),
        &[Command::Select],
    );
    let user_write_open = ops_where(
        "authenticated",
        &|g: &Gate| g.is_open(),
        &[Command::Update, Command::Delete],
    );

    let changes = |ops: &[Command]| {
        ops.iter()
            .any(|op| matches!(op, Command::Update | Command::Delete))
    };
    let (class, variant, who, ops): (&str, Option<&str>, Who, Vec<Command>) =
        if changes(&anon_write_all) {
            ("policy-always-true", None, Who::Anyone, anon_write_all)
        } else if !anon_write_all.is_empty() {
            (
                "policy-always-true",
                Some("anyone-insert"),
                Who::Anyone,
                anon_write_all,
            )
        } else if !anon_write_some.is_empty() {
            (
                "policy-always-true",
                Some("no-identity-write"),
                Who::Anyone,
                anon_write_some,
            )
        } else if !anon_read_all.is_empty() && per_user && !public_by_design {
            (
                "policy-always-true",
                Some("anyone-read"),
                Who::Anyone,
                anon_read_all,
            )
        } else if per_user && !user_write_all.is_empty() {
            (
                "policy-any-user",
                Some("write"),
                Who::SignedIn,
                user_write_all,
            )
        } else if per_user && !user_read_all.is_empty() && !public_by_design {
            ("policy-any-user", None, Who::SignedIn, user_read_all)
        } else if !per_user && !user_write_open.is_empty() {
            (
                "policy-always-true",
                Some("signed-in-write"),
                Who::SignedIn,
                user_write_open,
            )
        } else if per_user && rewrites_owner(table, i, p) {
            (
                "policy-always-true",
                Some("any-new-values"),
                Who::Scoped,
                vec![Command::Update],
            )
        } else {
            ("", None, Who::Nobody, Vec::new())
        };
    if !class.is_empty() {
        let rows = if per_user {
            "every user's rows"
        } else {
            "every row"
        };
        let exposure = format!(
            "{} can {} {rows} of `{name}`.",
            who_phrase(who),
            join_words(&words_of(&ops))
        );
        let fixed = policy_fix(ctx, &w, key, p, own.as_ref(), per_user);
        out.push(Issue {
            class,
            variant,
            at: p.at.clone(),
            object: format!("{name} (policy \"{}\")", p.name),
            source: Source::Sql,
            who,
            ops: words_of(&ops),
            exposure,
            fix: w.finish(&fixed),
            cites: None,
            note: own.map(|o| format!("owner column: {}", o.column)),
        });
    }
}

/// An update policy that limits which rows a user may touch but accepts any new
/// values (`WITH CHECK (true)`): the row's owner column can be rewritten.
fn rewrites_owner(table: &TableFacts, i: usize, p: &Policy) -> bool {
    p.command.covers(Command::Update)
        && (p.applies_to("anon") || p.applies_to("authenticated"))
        && table.check[i].as_ref().is_some_and(Gate::is_open)
        && table.using[i].as_ref().is_some_and(|g| !g.is_open())
}

/// A policy that trusts `user_metadata` (judged whether or not row level security
/// is on yet: the policy itself is wrong).
fn user_metadata(key: &Key, table: &TableFacts, i: usize, p: &Policy, out: &mut Vec<Issue>) {
    let w = SqlWriter::new(p.style);
    let name = display_key(key);
    let metadata = [&table.using[i], &table.check[i]]
        .into_iter()
        .flatten()
        .any(|g| g.user_metadata);
    if metadata {
        let text = |pr: Option<&crate::scan::access::sql::statement::Predicate>| {
            pr.map(|x| x.text.replace("user_metadata", "app_metadata"))
        };
        out.push(Issue {
            class: "policy-user-metadata",
            variant: None,
            at: p.at.clone(),
            object: format!("{name} (policy \"{}\")", p.name),
            source: Source::Sql,
            who: Who::SignedIn,
            ops: Vec::new(),
            exposure: format!(
                "Any signed-in user can set the user_metadata this policy on `{name}` trusts, and so pass it."
            ),
            fix: w.finish(&fix::alter_policy(&w, key, &p.name, text(p.using.as_ref()).as_deref(), text(p.check.as_ref()).as_deref())),
            cites: None,
            note: None,
        });
    }
}

/// The fix for a policy that lets too many through: its condition becomes the
/// ownership check (for signed-in users), or, with no owner column, the policy goes
/// and writes move to the server.
fn policy_fix(
    ctx: &Ctx,
    w: &SqlWriter,
    key: &Key,
    p: &Policy,
    own: Option<&Owner>,
    per_user: bool,
) -> String {
    if own.is_none() && per_user && p.command == Command::Select {
        // Personal data with no owner column: who may read it is a business rule.
        return format!(
            "{}\n-- or let each person read only their own row, with a column holding their user id:\n--   using ((select auth.uid()) = <user id column>)",
            fix::alter_policy(
                w,
                key,
                &p.name,
                Some("(select auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'"),
                None
            )
        );
    }
    let Some(own) = own.filter(|_| per_user) else {
        return format!(
            "{}\n-- then only your server (service role) can do this; if a role must (admins, a contact form),\n-- add a policy for that role with a condition that checks who is asking",
            fix::drop_policy(w, key, &p.name)
        );
    };
    let cond = fix::owner_condition(w, ctx.schema, key, own, &ctx.words.owner_columns);
    let (using, check) = match p.command {
        Command::Select | Command::Delete => (Some(cond.as_str()), None),
        Command::Insert => (None, Some(cond.as_str())),
        Command::Update | Command::All => (Some(cond.as_str()), Some(cond.as_str())),
    };
    let mut sql = format!(
        "alter policy {} on {}\n  to authenticated",
        w.ident(&p.name),
        w.table(key)
    );
    if let Some(u) = using {
        sql.push_str(&format!("\n  using ({u})"));
    }
    if let Some(c) = check {
        sql.push_str(&format!("\n  with check ({c})"));
    }
    sql.push(';');
    sql
}

/// Columns compared with the caller in policies, and foreign-key columns, with no
/// index that starts with them.
fn unindexed(key: &Key, t: &Table, out: &mut Vec<Issue>) {
    if !t.known {
        return;
    }
    // Columns (one, or a foreign key's several in order) → where, and whether a
    // policy filters on them.
    let mut cols: BTreeMap<Vec<String>, (Loc, bool)> = BTreeMap::new();
    if t.rls {
        for p in &t.policies {
            for pr in p.using.iter().chain(p.check.iter()) {
                for c in caller_columns(&pr.expr) {
                    if t.column(&c.column).is_some() {
                        cols.entry(vec![c.column]).or_insert((p.at.clone(), true));
                    }
                }
            }
        }
    }
    for fk in &t.foreign_keys {
        if !fk.columns.is_empty() {
            cols.entry(fk.columns.clone())
                .or_insert((fk.at.clone(), false));
        }
    }
    let w = SqlWriter::new(t.style);
    for (columns, (at, in_policy)) in cols {
        if t.is_indexed_on(&columns) {
            continue;
        }
        let name = display_key(key);
        let col = columns.join(", ");
        out.push(Issue {
            class: "unindexed-policy-column",
            variant: (!in_policy).then_some("foreign-key"),
            at,
            object: format!("{name}.{col}"),
            source: Source::Sql,
            who: Who::Nobody,
            ops: Vec::new(),
            exposure: if in_policy {
                format!("Row level security filters every request on `{name}` by `{col}`, which has no index.")
            } else {
                format!("`{name}.{col}` is a foreign key with no index.")
            },
            fix: w.finish(&fix::create_index(&w, key, &columns)),
            cites: None,
            note: None,
        });
    }
}
