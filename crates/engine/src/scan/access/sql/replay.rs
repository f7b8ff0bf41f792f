//! Replaying statements into a [`Schema`], in order, the way PostgreSQL would apply
//! them: names resolve through the search path, a later `ENABLE ROW LEVEL
//! SECURITY`, `DROP POLICY` or `REVOKE` counts, new objects take the default
//! privileges in force when they are created.
//!
//! A file is replayed in steps ([`FileReplay::step`]) so the web worker can report
//! progress through a large dump.

use std::collections::BTreeSet;

use super::split::Splitter;
use super::statement::{
    self, AlterAction, Constraint, FuncRef, Grant, GrantObject, Privilege, QName, RlsChange,
    Statement, Stmt, Tx, Value,
};
use crate::scan::access::model::{
    effective, Bucket, Column, ForeignKey, Function, Grants, Key, Loc, Policy, Privs, Schema,
    Table, View,
};
use crate::scan::position::LineCursor;

/// Whether `text` is a schema dump whose grants are written out in full
/// (`pg_dump`, `supabase db dump`): then a table has only the grants the dump lists,
/// not the project's defaults.
pub fn lists_its_grants(text: &str) -> bool {
    let dump = text.contains("PostgreSQL database dump")
        || text.contains("SET default_table_access_method")
        || text.contains("pg_catalog.set_config('search_path', '', false)");
    dump && (text.contains("GRANT ALL ON TABLE") || text.contains("GRANT SELECT ON TABLE"))
}

/// Where a file's replay stopped, to go on later (the web worker replays a large
/// dump in steps, between which it owns no borrow of the text).
#[derive(Debug, Clone, Default)]
pub struct Resume {
    offset: usize,
    lines: LineCursor,
    explicit_grants: Option<bool>,
    tx: Vec<(Option<String>, Schema)>,
}

impl Resume {
    /// Bytes of the file replayed so far.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// One file being replayed.
pub struct FileReplay<'a> {
    file: String,
    text: &'a str,
    splitter: Splitter<'a>,
    lines: LineCursor,
    explicit_grants: bool,
    /// Open transaction and savepoints, with the schema as it was when each
    /// began (`None`: the `BEGIN`).
    tx: Vec<(Option<String>, Schema)>,
}

impl<'a> FileReplay<'a> {
    pub fn new(file: &str, text: &'a str) -> FileReplay<'a> {
        FileReplay::resume(file, text, Resume::default())
    }

    /// Goes on from where [`FileReplay::suspend`] stopped.
    pub fn resume(file: &str, text: &'a str, r: Resume) -> FileReplay<'a> {
        FileReplay {
            file: file.to_owned(),
            text,
            splitter: Splitter::at(text, r.offset),
            lines: r.lines,
            explicit_grants: r.explicit_grants.unwrap_or_else(|| lists_its_grants(text)),
            tx: r.tx,
        }
    }

    pub fn suspend(&self) -> Resume {
        Resume {
            offset: self.splitter.offset(),
            lines: self.lines.clone(),
            explicit_grants: Some(self.explicit_grants),
            tx: self.tx.clone(),
        }
    }

    /// Replays statements until about `budget` more bytes are read; `true` when the
    /// file is done.
    pub fn step(&mut self, schema: &mut Schema, budget: usize) -> bool {
        let stop = self.splitter.offset().saturating_add(budget.max(1));
        while self.splitter.offset() < stop {
            let before = self.splitter.recovered;
            let Some(tokens) = self.splitter.next_statement() else {
                return true;
            };
            let st = statement::read(tokens, self.text);
            schema.recovered += self.splitter.recovered - before;
            let (line, _) = self.lines.locate(self.text.as_bytes(), st.at);
            let loc = Loc {
                file: self.file.clone(),
                line,
            };
            schema.statements += 1;
            if let Stmt::Transaction(tx) = st.stmt {
                self.transaction(schema, tx);
                continue;
            }
            apply(schema, st, loc, self.explicit_grants);
        }
        false
    }

    pub fn offset(&self) -> usize {
        self.splitter.offset()
    }

    /// Transaction control: a rolled-back change never happened. (A file's
    /// transaction ends with the file, as each migration runs on its own.)
    fn transaction(&mut self, schema: &mut Schema, tx: Tx) {
        let restore = |schema: &mut Schema, mut saved: Schema| {
            saved.statements = schema.statements;
            saved.recovered = schema.recovered;
            *schema = saved;
        };
        match tx {
            Tx::Begin => {
                if self.tx.is_empty() {
                    self.tx.push((None, schema.clone()));
                }
            }
            Tx::Commit => self.tx.clear(),
            Tx::Rollback => {
                if let Some((_, saved)) = self.tx.drain(..).next() {
                    restore(schema, saved);
                }
            }
            Tx::Savepoint(name) => self.tx.push((Some(name), schema.clone())),
            Tx::RollbackTo(name) => {
                if let Some(i) = self
                    .tx
                    .iter()
                    .rposition(|(n, _)| n.as_deref() == Some(&name))
                {
                    self.tx.truncate(i + 1);
                    restore(schema, self.tx[i].1.clone());
                }
            }
            Tx::Release(name) => {
                if let Some(i) = self
                    .tx
                    .iter()
                    .rposition(|(n, _)| n.as_deref() == Some(&name))
                {
                    self.tx.truncate(i);
                }
            }
        }
    }
}

/// Replays one whole file.
pub fn replay_file(schema: &mut Schema, file: &str, text: &str) {
    let mut r = FileReplay::new(file, text);
    while !r.step(schema, usize::MAX) {}
}

fn create_key(schema: &Schema, q: &QName) -> Key {
    let default = schema
        .search_path
        .iter()
        .find(|s| !s.starts_with('$') && s.as_str() != "pg_temp" && s.as_str() != "pg_catalog")
        .cloned()
        .unwrap_or_else(|| "public".into());
    (q.schema.clone().unwrap_or(default), q.name.clone())
}

/// Resolves an existing relation's name through the search path.
fn find_key(schema: &Schema, q: &QName, exists: impl Fn(&Key) -> bool) -> Key {
    if q.schema.is_none() {
        for s in &schema.search_path {
            let key = (s.clone(), q.name.clone());
            if exists(&key) {
                return key;
            }
        }
    }
    create_key(schema, q)
}

fn table_key(schema: &Schema, q: &QName) -> Key {
    find_key(schema, q, |k| schema.tables.contains_key(k))
}

fn default_table_grants(schema: &Schema, on: &str, explicit: bool) -> Grants {
    let mut grants = Grants::new();
    if explicit {
        return grants;
    }
    for scope in [None, Some(on.to_owned())] {
        for (role, privs) in schema.defaults.tables.get(&scope).into_iter().flatten() {
            let entry = grants.entry(role.clone()).or_default();
            *entry = entry.with(*privs);
        }
    }
    grants
}

fn default_execute(schema: &Schema, on: &str, explicit: bool) -> BTreeSet<String> {
    let scopes = if explicit {
        vec![None]
    } else {
        vec![None, Some(on.to_owned())]
    };
    scopes
        .into_iter()
        .flat_map(|scope| {
            schema
                .defaults
                .functions
                .get(&scope)
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

fn supabase_signal(st: &Stmt) -> bool {
    let api_role = |r: &String| matches!(r.as_str(), "anon" | "authenticated" | "service_role");
    let auth_call = |e: &super::expr::Expr| {
        e.any(&|x| matches!(x, super::expr::Expr::Call { name, .. } if name.first().is_some_and(|n| n == "auth")))
    };
    match st {
        Stmt::CreatePolicy(p) => {
            p.roles.iter().any(api_role)
                || p.using.as_ref().is_some_and(|u| auth_call(&u.expr))
                || p.check.as_ref().is_some_and(|u| auth_call(&u.expr))
        }
        Stmt::Grant(g) | Stmt::DefaultPrivileges { grant: g, .. } => {
            g.grantees.iter().any(api_role)
        }
        Stmt::CreateTable(t) => t
            .columns
            .iter()
            .filter_map(|c| c.references.as_ref())
            .chain(t.constraints.iter().filter_map(|c| match c {
                Constraint::Foreign { target, .. } => Some(target),
                _ => None,
            }))
            .any(|r| r.table.is("auth", "users")),
        Stmt::InsertRows { .. } | Stmt::UpdateRows { .. } => true,
        _ => false,
    }
}

/// Applies one statement.
pub fn apply(schema: &mut Schema, st: Statement, loc: Loc, explicit_grants: bool) {
    if supabase_signal(&st.stmt) {
        schema.supabase_signals += 1;
    }
    let style = st.style;
    match st.stmt {
        Stmt::CreateTable(ct) => {
            let key = create_key(schema, &ct.name);
            if schema.tables.get(&key).is_some_and(|t| t.known) {
                return; // CREATE TABLE IF NOT EXISTS on an existing table
            }
            let mut t = schema
                .tables
                .remove(&key)
                .unwrap_or_else(|| Table::new(loc.clone(), style));
            t.known = true;
            t.at = loc.clone();
            t.style = style;
            // A table Supabase creates (storage.objects) keeps the grants the platform
            // gives it when a script creates it again.
            if t.grants.is_empty() {
                t.grants = default_table_grants(schema, &key.0, explicit_grants);
            }
            for c in &ct.columns {
                t.columns.push(Column {
                    name: c.name.clone(),
                    ty: c.ty.clone(),
                    at: loc.clone(),
                });
                if c.primary {
                    t.primary = vec![c.name.clone()];
                }
                if c.unique {
                    t.uniques.push(vec![c.name.clone()]);
                }
                if let Some(r) = &c.references {
                    let target = table_key(schema, &r.table);
                    t.foreign_keys.push(ForeignKey {
                        columns: vec![c.name.clone()],
                        target,
                        at: loc.clone(),
                    });
                }
            }
            for c in ct.constraints {
                add_constraint(schema, &mut t, c, &loc);
            }
            schema.tables.insert(key, t);
        }
        Stmt::AlterTable { name, actions } => {
            let mut key = table_key(schema, &name);
            for action in actions {
                if !schema.tables.contains_key(&key) {
                    if !matches!(action, AlterAction::Rls(_)) {
                        continue;
                    }
                    // A table created outside this input: remember what is known.
                    schema
                        .tables
                        .insert(key.clone(), Table::new(loc.clone(), style));
                }
                match action {
                    AlterAction::RenameTo(new) => {
                        if let Some(t) = schema.tables.remove(&key) {
                            key = (key.0.clone(), new);
                            schema.tables.insert(key.clone(), t);
                        }
                    }
                    AlterAction::SetSchema(new) => {
                        if let Some(t) = schema.tables.remove(&key) {
                            key = (new, key.1.clone());
                            schema.tables.insert(key.clone(), t);
                        }
                    }
                    AlterAction::AddConstraint(c) => {
                        if let Some(mut t) = schema.tables.remove(&key) {
                            add_constraint(schema, &mut t, c, &loc);
                            schema.tables.insert(key.clone(), t);
                        }
                    }
                    other => continue_alter(schema, &key, other, &loc),
                }
            }
        }
        Stmt::DropTables(names) => {
            for n in names {
                let key = table_key(schema, &n);
                schema.tables.remove(&key);
            }
        }
        Stmt::DropViews(names) => {
            for n in names {
                let key = find_key(schema, &n, |k| schema.views.contains_key(k));
                schema.views.remove(&key);
            }
        }
        Stmt::DropFunctions(refs) => {
            for r in refs {
                let keep: Vec<bool> = schema
                    .functions
                    .iter()
                    .map(|f| !matches_ref(schema, f, &r))
                    .collect();
                let mut k = keep.into_iter();
                schema.functions.retain(|_| k.next().unwrap_or(true));
            }
        }
        Stmt::DropIndexes(names) => {
            for n in names {
                for t in schema.tables.values_mut() {
                    t.indexes
                        .retain(|(name, _)| name.as_deref() != Some(n.name.as_str()));
                }
            }
        }
        Stmt::CreatePolicy(p) => {
            let key = table_key(schema, &p.table);
            let t = schema
                .tables
                .entry(key)
                .or_insert_with(|| Table::new(loc.clone(), style));
            t.policies.retain(|q| q.name != p.name);
            t.policies.push(Policy {
                name: p.name,
                command: p.command,
                permissive: p.permissive,
                roles: p.roles,
                using: p.using,
                check: p.check,
                at: loc,
                style,
            });
        }
        Stmt::AlterPolicy(a) => {
            let key = table_key(schema, &a.table);
            if let Some(p) = schema
                .tables
                .get_mut(&key)
                .and_then(|t| t.policies.iter_mut().find(|p| p.name == a.name))
            {
                if let Some(r) = a.roles {
                    p.roles = r;
                }
                if a.using.is_some() {
                    p.using = a.using;
                }
                if a.check.is_some() {
                    p.check = a.check;
                }
                if let Some(n) = a.rename {
                    p.name = n;
                }
                p.at = loc;
            }
        }
        Stmt::DropPolicy { name, table } => {
            let key = table_key(schema, &table);
            if let Some(t) = schema.tables.get_mut(&key) {
                t.policies.retain(|p| p.name != name);
            }
        }
        Stmt::Grant(g) => apply_grant(schema, &g),
        Stmt::DefaultPrivileges { schemas, grant } => apply_default(schema, schemas, &grant),
        Stmt::CreateView(v) => {
            let key = create_key(schema, &v.name);
            let sources = v
                .sources
                .iter()
                .map(|q| {
                    find_key(schema, q, |k| {
                        schema.tables.contains_key(k) || schema.views.contains_key(k)
                    })
                })
                .collect();
            let grants = match schema.views.get(&key) {
                Some(old) => old.grants.clone(),
                None => default_table_grants(schema, &key.0, explicit_grants),
            };
            schema.views.insert(
                key,
                View {
                    at: loc,
                    materialized: v.materialized,
                    invoker: v.invoker,
                    sources,
                    grants,
                    style,
                },
            );
        }
        Stmt::AlterView {
            name,
            invoker,
            rename,
        } => {
            let key = find_key(schema, &name, |k| schema.views.contains_key(k));
            if let Some(inv) = invoker {
                if let Some(v) = schema.views.get_mut(&key) {
                    v.invoker = inv;
                }
            }
            if let Some(new) = rename {
                if let Some(v) = schema.views.remove(&key) {
                    schema.views.insert((key.0, new), v);
                }
            }
        }
        Stmt::CreateFunction(f) => {
            let (s, name) = create_key(schema, &f.name);
            let execute = match schema
                .functions
                .iter()
                .position(|o| o.schema == s && o.name == name && o.args == f.args)
            {
                Some(i) => schema.functions.remove(i).execute,
                None => default_execute(schema, &s, explicit_grants),
            };
            schema.functions.push(Function {
                schema: s,
                name,
                args: f.args,
                returns: f.returns,
                definer: f.definer,
                search_path: f.search_path,
                language: f.language,
                body: f.body,
                procedure: f.procedure,
                execute,
                at: loc,
                style,
            });
        }
        Stmt::AlterFunction(a) => {
            let hits: Vec<usize> = (0..schema.functions.len())
                .filter(|&i| matches_ref(schema, &schema.functions[i], &a.func))
                .collect();
            for i in hits {
                let f = &mut schema.functions[i];
                if let Some(d) = a.definer {
                    f.definer = d;
                }
                if let Some(sp) = a.search_path {
                    f.search_path = sp;
                }
                if let Some(n) = &a.rename {
                    f.name = n.clone();
                }
            }
        }
        Stmt::CreateIndex {
            name,
            table,
            columns,
        } => {
            let key = table_key(schema, &table);
            if let Some(t) = schema.tables.get_mut(&key) {
                t.indexes.push((name, columns));
            }
        }
        Stmt::InsertRows { columns, rows, .. } => {
            let col = |name: &str| columns.iter().position(|c| c == name);
            for row in rows {
                let id = col("id").or(col("name")).and_then(|i| row.get(i));
                let Some(Value::Str(id)) = id else { continue };
                let public = col("public").and_then(|i| row.get(i)) == Some(&Value::Bool(true));
                schema.buckets.insert(
                    id.clone(),
                    Bucket {
                        public,
                        at: loc.clone(),
                    },
                );
            }
        }
        Stmt::UpdateRows { set, filter, .. } => {
            let Some((_, Value::Bool(public))) = set.iter().find(|(c, _)| c == "public") else {
                return;
            };
            for (c, v) in &filter {
                if let (true, Value::Str(id)) = (c == "id" || c == "name", v) {
                    if let Some(b) = schema.buckets.get_mut(id) {
                        b.public = *public;
                        b.at = loc.clone();
                    }
                }
            }
        }
        Stmt::SearchPath(path) => schema.search_path = path,
        Stmt::Transaction(_) => {}
        Stmt::CreateSchema(_) | Stmt::Other => {}
    }
}

/// The `ALTER TABLE` actions that change a table in place.
fn continue_alter(schema: &mut Schema, key: &Key, action: AlterAction, loc: &Loc) {
    let target = match &action {
        AlterAction::AddColumn(c) => c.references.as_ref().map(|r| table_key(schema, &r.table)),
        _ => None,
    };
    let Some(t) = schema.tables.get_mut(key) else {
        return;
    };
    match action {
        AlterAction::Rls(change) => {
            match change {
                RlsChange::Enable => t.rls = true,
                RlsChange::Disable => t.rls = false,
                RlsChange::Force => t.forced = true,
                RlsChange::NoForce => t.forced = false,
            }
            t.rls_at = Some(loc.clone());
        }
        AlterAction::AddColumn(c) => {
            t.columns.retain(|x| x.name != c.name);
            t.columns.push(Column {
                name: c.name.clone(),
                ty: c.ty,
                at: loc.clone(),
            });
            if c.primary {
                t.primary = vec![c.name.clone()];
            }
            if c.unique {
                t.uniques.push(vec![c.name.clone()]);
            }
            if let Some(target) = target {
                t.foreign_keys.push(ForeignKey {
                    columns: vec![c.name],
                    target,
                    at: loc.clone(),
                });
            }
        }
        AlterAction::DropColumn(c) => {
            t.columns.retain(|x| x.name != c);
            t.foreign_keys.retain(|f| !f.columns.contains(&c));
        }
        AlterAction::RenameColumn(a, b) => {
            for c in t.columns.iter_mut().filter(|c| c.name == a) {
                c.name = b.clone();
            }
            for cols in t
                .foreign_keys
                .iter_mut()
                .map(|f| &mut f.columns)
                .chain(t.indexes.iter_mut().map(|i| &mut i.1))
            {
                for c in cols.iter_mut().filter(|c| **c == a) {
                    *c = b.clone();
                }
            }
        }
        _ => {}
    }
}

fn add_constraint(schema: &Schema, t: &mut Table, c: Constraint, loc: &Loc) {
    match c {
        Constraint::Primary(cols) => t.primary = cols,
        Constraint::Unique(cols) => t.uniques.push(cols),
        Constraint::Foreign { columns, target } => {
            let target = table_key(schema, &target.table);
            t.foreign_keys.push(ForeignKey {
                columns,
                target,
                at: loc.clone(),
            });
        }
    }
}

fn privs_of(list: &[Privilege]) -> Privs {
    list.iter().fold(Privs::NONE, |acc, p| {
        acc.with(match p {
            Privilege::Select => Privs::SELECT,
            Privilege::Insert => Privs::INSERT,
            Privilege::Update => Privs::UPDATE,
            Privilege::Delete => Privs::DELETE,
            Privilege::All => Privs::ALL,
            _ => Privs::NONE,
        })
    })
}

fn change(grants: &mut Grants, roles: &[String], privs: Privs, revoke: bool) {
    for role in roles {
        let entry = grants.entry(role.clone()).or_default();
        *entry = if revoke {
            entry.without(privs)
        } else {
            entry.with(privs)
        };
        if !entry.any() {
            grants.remove(role);
        }
    }
}

fn matches_ref(schema: &Schema, f: &Function, r: &FuncRef) -> bool {
    let (s, name) = match &r.name.schema {
        Some(s) => (s.clone(), r.name.name.clone()),
        None => {
            let found = schema.search_path.iter().find(|s| {
                schema
                    .functions
                    .iter()
                    .any(|f| &f.schema == *s && f.name == r.name.name)
            });
            (
                found.cloned().unwrap_or_else(|| "public".into()),
                r.name.name.clone(),
            )
        }
    };
    f.schema == s && f.name == name && r.args.as_ref().is_none_or(|a| *a == f.args)
}

fn apply_grant(schema: &mut Schema, g: &Grant) {
    let privs = privs_of(&g.privileges);
    let execute = g
        .privileges
        .iter()
        .any(|p| matches!(p, Privilege::Execute | Privilege::All));
    match &g.object {
        GrantObject::Tables(names) => {
            for n in names {
                let tk = table_key(schema, n);
                if let Some(t) = schema.tables.get_mut(&tk) {
                    change(&mut t.grants, &g.grantees, privs, g.revoke);
                    continue;
                }
                let vk = find_key(schema, n, |k| schema.views.contains_key(k));
                if let Some(v) = schema.views.get_mut(&vk) {
                    change(&mut v.grants, &g.grantees, privs, g.revoke);
                }
            }
        }
        GrantObject::AllTablesIn(schemas) => {
            for (k, t) in schema.tables.iter_mut() {
                if schemas.contains(&k.0) {
                    change(&mut t.grants, &g.grantees, privs, g.revoke);
                }
            }
            for (k, v) in schema.views.iter_mut() {
                if schemas.contains(&k.0) {
                    change(&mut v.grants, &g.grantees, privs, g.revoke);
                }
            }
        }
        GrantObject::Functions(refs) if execute => {
            for r in refs {
                let hits: Vec<usize> = (0..schema.functions.len())
                    .filter(|&i| matches_ref(schema, &schema.functions[i], r))
                    .collect();
                for i in hits {
                    change_execute(&mut schema.functions[i].execute, &g.grantees, g.revoke);
                }
            }
        }
        GrantObject::AllFunctionsIn(schemas) if execute => {
            for f in schema
                .functions
                .iter_mut()
                .filter(|f| schemas.contains(&f.schema))
            {
                change_execute(&mut f.execute, &g.grantees, g.revoke);
            }
        }
        _ => {}
    }
}

fn change_execute(set: &mut BTreeSet<String>, roles: &[String], revoke: bool) {
    for r in roles {
        if revoke {
            set.remove(r);
        } else {
            set.insert(r.clone());
        }
    }
}

fn apply_default(schema: &mut Schema, schemas: Vec<String>, g: &Grant) {
    let scopes: Vec<Option<String>> = if schemas.is_empty() {
        vec![None]
    } else {
        schemas.into_iter().map(Some).collect()
    };
    let privs = privs_of(&g.privileges);
    let execute = g
        .privileges
        .iter()
        .any(|p| matches!(p, Privilege::Execute | Privilege::All));
    for scope in scopes {
        match g.object {
            GrantObject::DefaultTables => change(
                schema.defaults.tables.entry(scope).or_default(),
                &g.grantees,
                privs,
                g.revoke,
            ),
            GrantObject::DefaultFunctions if execute => change_execute(
                schema.defaults.functions.entry(scope).or_default(),
                &g.grantees,
                g.revoke,
            ),
            _ => {}
        }
    }
}

/// What `role` may do on the table or view `key` (tables first).
pub fn privileges(schema: &Schema, key: &Key, role: &str) -> Privs {
    if let Some(t) = schema.tables.get(key) {
        return effective(&t.grants, role);
    }
    schema
        .views
        .get(key)
        .map_or(Privs::NONE, |v| effective(&v.grants, role))
}

#[cfg(test)]
mod tests;
