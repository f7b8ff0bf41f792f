//! The schema a set of migrations (or one dump) leaves behind, as far as access is
//! concerned: tables with their owner columns, keys, indexes, row level security
//! and policies; views; functions; grants per role; Storage buckets. Built by
//! [`crate::scan::access::sql::replay`], read by the judge.

use std::collections::{BTreeMap, BTreeSet};

use super::sql::expr::Expr;
use super::sql::statement::{Command, Predicate, Style};

/// Where something was written: file and 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: String,
    pub line: u32,
}

/// `(schema, name)`, as PostgreSQL resolved it.
pub type Key = (String, String);

/// Table privileges that matter for the data API, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Privs(pub u8);

impl Privs {
    pub const SELECT: Privs = Privs(1);
    pub const INSERT: Privs = Privs(2);
    pub const UPDATE: Privs = Privs(4);
    pub const DELETE: Privs = Privs(8);
    pub const ALL: Privs = Privs(15);
    pub const NONE: Privs = Privs(0);

    pub fn has(self, other: Privs) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub fn any(self) -> bool {
        self.0 != 0
    }

    pub fn with(self, other: Privs) -> Privs {
        Privs(self.0 | other.0)
    }

    pub fn without(self, other: Privs) -> Privs {
        Privs(self.0 & !other.0)
    }

    /// The privilege a command needs.
    pub fn of(command: Command) -> Privs {
        match command {
            Command::Select => Privs::SELECT,
            Command::Insert => Privs::INSERT,
            Command::Update => Privs::UPDATE,
            Command::Delete => Privs::DELETE,
            Command::All => Privs::ALL,
        }
    }
}

/// Grants per role name (`public` stands for every role).
pub type Grants = BTreeMap<String, Privs>;

/// What `role` may do through its own grants and `PUBLIC`'s.
pub fn effective(grants: &Grants, role: &str) -> Privs {
    let own = grants.get(role).copied().unwrap_or_default();
    own.with(grants.get("public").copied().unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: String,
    pub at: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub target: Key,
    pub at: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    pub command: Command,
    pub permissive: bool,
    /// Lowercased; empty means `PUBLIC`.
    pub roles: Vec<String>,
    pub using: Option<Predicate>,
    pub check: Option<Predicate>,
    pub at: Loc,
    pub style: Style,
}

impl Policy {
    /// Whether the policy applies to `role` (directly or through `PUBLIC`).
    pub fn applies_to(&self, role: &str) -> bool {
        self.roles.is_empty() || self.roles.iter().any(|r| r == role || r == "public")
    }

    /// The expression that decides which rows a command sees or may write, as
    /// PostgreSQL picks it (`rewrite/rowsecurity.c`): `USING` for the rows read and
    /// the rows an update or delete touches; `WITH CHECK`, else `USING`, for the
    /// rows an insert or update writes. `None`: the policy has no such expression,
    /// and then it grants nothing for that (a permissive policy adds no rows; a
    /// restrictive one removes none).
    pub fn expr_for(&self, op: Command, written: bool) -> Option<&Expr> {
        let using = self.using.as_ref().map(|p| &p.expr);
        let check = self.check.as_ref().map(|p| &p.expr);
        if written || op == Command::Insert {
            check.or(using)
        } else {
            using
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Created by the input (not only referenced by it).
    pub known: bool,
    pub at: Loc,
    pub columns: Vec<Column>,
    pub primary: Vec<String>,
    pub uniques: Vec<Vec<String>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Each index's name (when known) and plain leading columns.
    pub indexes: Vec<(Option<String>, Vec<String>)>,
    pub rls: bool,
    /// The statement that last switched row level security.
    pub rls_at: Option<Loc>,
    pub forced: bool,
    pub policies: Vec<Policy>,
    pub grants: Grants,
    pub style: Style,
}

impl Table {
    pub fn new(at: Loc, style: Style) -> Table {
        Table {
            known: false,
            at,
            columns: Vec::new(),
            primary: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            rls: false,
            rls_at: None,
            forced: false,
            policies: Vec::new(),
            grants: Grants::new(),
            style,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether some index, the primary key or a unique constraint starts with
    /// `column`.
    pub fn is_indexed(&self, column: &str) -> bool {
        self.is_indexed_on(&[column.to_owned()])
    }

    /// Whether some index, the primary key or a unique constraint starts with
    /// `columns`, in that order (what a multi-column foreign key needs).
    pub fn is_indexed_on(&self, columns: &[String]) -> bool {
        let leads =
            |cols: &Vec<String>| cols.len() >= columns.len() && cols[..columns.len()] == *columns;
        !columns.is_empty()
            && (leads(&self.primary)
                || self.uniques.iter().any(leads)
                || self.indexes.iter().any(|(_, c)| leads(c)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub at: Loc,
    pub materialized: bool,
    pub invoker: Option<bool>,
    pub sources: Vec<Key>,
    pub grants: Grants,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub schema: String,
    pub name: String,
    pub args: String,
    pub returns: String,
    pub definer: bool,
    pub search_path: bool,
    pub language: String,
    pub body: String,
    pub procedure: bool,
    /// Roles granted `EXECUTE` (`public` for `PUBLIC`).
    pub execute: BTreeSet<String>,
    pub at: Loc,
    pub style: Style,
}

impl Function {
    /// Whether `role` may call it (directly or through `PUBLIC`).
    pub fn executable_by(&self, role: &str) -> bool {
        self.execute.contains(role) || self.execute.contains("public")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub public: bool,
    pub at: Loc,
}

/// Default privileges for objects created later: per schema (`None`: global).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    pub tables: BTreeMap<Option<String>, Grants>,
    pub functions: BTreeMap<Option<String>, BTreeSet<String>>,
}

/// The replayed schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub tables: BTreeMap<Key, Table>,
    pub views: BTreeMap<Key, View>,
    pub functions: Vec<Function>,
    pub buckets: BTreeMap<String, Bucket>,
    pub defaults: Defaults,
    pub search_path: Vec<String>,
    /// Statements that only make sense on Supabase (`auth.uid()`, roles `anon` and
    /// `authenticated`, `storage.buckets`…): the API exposes this database.
    pub supabase_signals: usize,
    /// Statements read, and statements cut at a missing `;`.
    pub statements: usize,
    pub recovered: usize,
}

impl Default for Schema {
    fn default() -> Self {
        Schema::supabase()
    }
}

impl Schema {
    /// An empty Supabase project: `auth.users`, `storage.objects` (row level security
    /// on, as Supabase creates it) and the platform's default privileges (`anon`,
    /// `authenticated` and `service_role` get every table and function created in
    /// `public`; `PUBLIC` may execute every function, as in any PostgreSQL).
    pub fn supabase() -> Schema {
        let mut s = Schema {
            tables: BTreeMap::new(),
            views: BTreeMap::new(),
            functions: Vec::new(),
            buckets: BTreeMap::new(),
            defaults: Defaults::default(),
            search_path: vec!["public".into()],
            supabase_signals: 0,
            statements: 0,
            recovered: 0,
        };
        let api_roles = ["anon", "authenticated", "service_role"];
        let public_grants: Grants = api_roles
            .iter()
            .map(|r| (r.to_string(), Privs::ALL))
            .collect();
        s.defaults
            .tables
            .insert(Some("public".into()), public_grants.clone());
        s.defaults
            .functions
            .insert(None, BTreeSet::from(["public".to_string()]));
        s.defaults.functions.insert(
            Some("public".into()),
            api_roles.iter().map(|r| r.to_string()).collect(),
        );
        let mut users = Table::new(Loc::default(), Style::default());
        users.columns.push(Column {
            name: "id".into(),
            ty: "uuid".into(),
            at: Loc::default(),
        });
        users.primary = vec!["id".into()];
        s.tables.insert(("auth".into(), "users".into()), users);
        let mut objects = Table::new(Loc::default(), Style::default());
        objects.rls = true;
        objects.grants = public_grants;
        for c in ["id", "bucket_id", "name", "owner", "owner_id"] {
            objects.columns.push(Column {
                name: c.into(),
                ty: "text".into(),
                at: Loc::default(),
            });
        }
        s.tables
            .insert(("storage".into(), "objects".into()), objects);
        s
    }

    /// The same schema with every location cleared: two replays of the same
    /// statements split differently into files compare equal.
    pub fn without_locations(&self) -> Schema {
        let mut s = self.clone();
        let clear = |l: &mut Loc| *l = Loc::default();
        for t in s.tables.values_mut() {
            clear(&mut t.at);
            t.rls_at = t.rls_at.as_ref().map(|_| Loc::default());
            t.columns.iter_mut().for_each(|c| clear(&mut c.at));
            t.foreign_keys.iter_mut().for_each(|f| clear(&mut f.at));
            t.policies.iter_mut().for_each(|p| clear(&mut p.at));
        }
        s.views.values_mut().for_each(|v| clear(&mut v.at));
        s.functions.iter_mut().for_each(|f| clear(&mut f.at));
        s.buckets.values_mut().for_each(|b| clear(&mut b.at));
        s
    }
}
