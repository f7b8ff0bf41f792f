//! The statements that decide who can reach what, read from one statement's tokens:
//! tables and their keys, row level security switches, policies, grants and
//! revokes (also as default privileges), views, functions, indexes, and rows of
//! `storage.buckets`. Everything else is [`Stmt::Other`]. The readers are written
//! by hand (see docs/access.md, "Why not sqlparser"): they take what they need
//! from a statement and skip what they do not know, so a dialect detail they have
//! never seen costs a detail, not the statement.

use super::expr::Expr;
use super::lexer::{Tok, Token};

/// A possibly schema-qualified name, as written (unquoted parts lowercased).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub schema: Option<String>,
    pub name: String,
}

impl QName {
    pub fn new(schema: Option<&str>, name: &str) -> QName {
        QName {
            schema: schema.map(str::to_owned),
            name: name.to_owned(),
        }
    }

    pub fn is(&self, schema: &str, name: &str) -> bool {
        self.schema.as_deref() == Some(schema) && self.name == name
    }
}

/// A foreign key's target.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub table: QName,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub ty: String,
    pub references: Option<Reference>,
    pub primary: bool,
    pub unique: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    Primary(Vec<String>),
    Unique(Vec<String>),
    Foreign {
        columns: Vec<String>,
        target: Reference,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    pub name: QName,
    pub columns: Vec<ColumnDef>,
    pub constraints: Vec<Constraint>,
    pub partition_of: Option<QName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RlsChange {
    Enable,
    Disable,
    Force,
    NoForce,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlterAction {
    Rls(RlsChange),
    AddColumn(ColumnDef),
    DropColumn(String),
    AddConstraint(Constraint),
    RenameTo(String),
    RenameColumn(String, String),
    SetSchema(String),
    Other,
}

/// The command a policy covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Command {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl Command {
    pub fn as_str(self) -> &'static str {
        match self {
            Command::All => "all",
            Command::Select => "select",
            Command::Insert => "insert",
            Command::Update => "update",
            Command::Delete => "delete",
        }
    }

    /// Whether a policy for `self` applies to `op`.
    pub fn covers(self, op: Command) -> bool {
        self == Command::All || self == op
    }
}

/// A policy expression: the tree and the text as written (for fixes).
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub expr: Expr,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatePolicy {
    pub name: String,
    pub table: QName,
    pub permissive: bool,
    pub command: Command,
    /// Lowercased role names; empty means `PUBLIC` (every role).
    pub roles: Vec<String>,
    pub using: Option<Predicate>,
    pub check: Option<Predicate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterPolicy {
    pub name: String,
    pub table: QName,
    pub rename: Option<String>,
    pub roles: Option<Vec<String>>,
    pub using: Option<Predicate>,
    pub check: Option<Predicate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Privilege {
    Select,
    Insert,
    Update,
    Delete,
    Truncate,
    References,
    Trigger,
    Execute,
    Usage,
    All,
    Other,
}

/// A function as grants and drops name it: `f` (every overload) or `f(uuid, text)`.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncRef {
    pub name: QName,
    /// Argument types, normalised (`uuid,text`); `None` when not given.
    pub args: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GrantObject {
    Tables(Vec<QName>),
    AllTablesIn(Vec<String>),
    Functions(Vec<FuncRef>),
    AllFunctionsIn(Vec<String>),
    /// `ALTER DEFAULT PRIVILEGES … ON TABLES`.
    DefaultTables,
    /// `ALTER DEFAULT PRIVILEGES … ON FUNCTIONS`.
    DefaultFunctions,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub revoke: bool,
    pub privileges: Vec<Privilege>,
    /// Limited to some columns (`GRANT SELECT (id, name) ON …`).
    pub columns: bool,
    pub object: GrantObject,
    /// Lowercased role names (`public` for `PUBLIC`).
    pub grantees: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreateView {
    pub name: QName,
    pub materialized: bool,
    /// `security_invoker` as set in `WITH (…)`; `None`: not set.
    pub invoker: Option<bool>,
    /// Tables and views read in `FROM`/`JOIN`, anywhere in the query.
    pub sources: Vec<QName>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreateFunction {
    pub name: QName,
    /// Argument types, normalised (`uuid,text`).
    pub args: String,
    /// The return type as written, lowercased (`trigger`, `setof public.x`, `table`).
    pub returns: String,
    pub definer: bool,
    /// `SET search_path …` among its attributes.
    pub search_path: bool,
    pub language: String,
    pub body: String,
    pub procedure: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterFunction {
    pub func: FuncRef,
    pub definer: Option<bool>,
    pub search_path: Option<bool>,
    pub rename: Option<String>,
}

/// A literal in an `INSERT`/`UPDATE` of `storage.buckets`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Null,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    CreateTable(CreateTable),
    AlterTable {
        name: QName,
        actions: Vec<AlterAction>,
    },
    DropTables(Vec<QName>),
    DropViews(Vec<QName>),
    DropFunctions(Vec<FuncRef>),
    DropPolicy {
        name: String,
        table: QName,
    },
    DropIndexes(Vec<QName>),
    CreatePolicy(CreatePolicy),
    AlterPolicy(AlterPolicy),
    Grant(Grant),
    DefaultPrivileges {
        schemas: Vec<String>,
        grant: Grant,
    },
    CreateView(CreateView),
    AlterView {
        name: QName,
        invoker: Option<Option<bool>>,
        rename: Option<String>,
    },
    CreateFunction(CreateFunction),
    AlterFunction(AlterFunction),
    CreateIndex {
        name: Option<String>,
        table: QName,
        columns: Vec<String>,
    },
    InsertRows {
        table: QName,
        columns: Vec<String>,
        rows: Vec<Vec<Value>>,
    },
    UpdateRows {
        table: QName,
        set: Vec<(String, Value)>,
        filter: Vec<(String, Value)>,
    },
    /// `SET search_path …` or `set_config('search_path', …)`: the schemas in order.
    SearchPath(Vec<String>),
    /// Transaction control: `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT n`, `ROLLBACK
    /// TO n`, `RELEASE n` (a rolled-back change never happened).
    Transaction(Tx),
    CreateSchema(String),
    Other,
}

/// A transaction-control statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tx {
    Begin,
    Commit,
    Rollback,
    Savepoint(String),
    RollbackTo(String),
    Release(String),
}

/// How the input writes SQL, so that fixes look like the surrounding file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Identifiers are double-quoted (`"public"."x"`, as `pg_dump` writes).
    pub quoted: bool,
    /// Keywords are upper case.
    pub upper: bool,
}

/// One statement read: what it does, where it starts, how it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub stmt: Stmt,
    /// Byte offset of its first token.
    pub at: usize,
    pub style: Style,
}

/// A cursor over one statement's tokens.
pub(crate) struct Cursor<'a> {
    pub t: &'a [Token],
    pub i: usize,
    pub src: &'a str,
}

impl<'a> Cursor<'a> {
    pub fn new(t: &'a [Token], src: &'a str) -> Cursor<'a> {
        Cursor { t, i: 0, src }
    }

    pub fn peek(&self) -> Option<&'a Token> {
        self.t.get(self.i)
    }

    pub fn done(&self) -> bool {
        self.i >= self.t.len()
    }

    pub fn is(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(self.src, kw))
    }

    pub fn is_kind(&self, kind: Tok) -> bool {
        self.peek().is_some_and(|t| t.kind == kind)
    }

    pub fn eat(&mut self, kw: &str) -> bool {
        let yes = self.is(kw);
        self.i += usize::from(yes);
        yes
    }

    /// Eats all of `kws` in order, or nothing.
    pub fn eat_seq(&mut self, kws: &[&str]) -> bool {
        let ok = kws.iter().enumerate().all(|(k, kw)| {
            self.t
                .get(self.i + k)
                .is_some_and(|t| t.is_kw(self.src, kw))
        });
        if ok {
            self.i += kws.len();
        }
        ok
    }

    pub fn eat_kind(&mut self, kind: Tok) -> bool {
        let yes = self.is_kind(kind);
        self.i += usize::from(yes);
        yes
    }

    /// An identifier (word or quoted).
    pub fn ident(&mut self) -> Option<String> {
        let t = self.peek()?;
        if !matches!(t.kind, Tok::Word | Tok::Quoted) {
            return None;
        }
        self.i += 1;
        Some(t.ident(self.src))
    }

    /// `name`, `schema.name` or `db.schema.name` (the last two parts kept).
    pub fn qname(&mut self) -> Option<QName> {
        let mut parts = vec![self.ident()?];
        while self.is_kind(Tok::Dot)
            && self
                .t
                .get(self.i + 1)
                .is_some_and(|t| matches!(t.kind, Tok::Word | Tok::Quoted))
        {
            self.i += 1;
            parts.extend(self.ident());
        }
        let name = parts.pop()?;
        Some(QName {
            schema: parts.pop(),
            name,
        })
    }

    /// A string constant's value.
    pub fn string(&mut self) -> Option<String> {
        let t = self.peek()?;
        if !matches!(t.kind, Tok::Str | Tok::Dollar) {
            return None;
        }
        self.i += 1;
        Some(t.string_value(self.src))
    }

    /// The tokens inside the parenthesis at the cursor (cursor moves past it).
    pub fn parens(&mut self) -> Option<&'a [Token]> {
        if !self.is_kind(Tok::LParen) {
            return None;
        }
        let open = self.i;
        let mut depth = 0usize;
        for k in open..self.t.len() {
            match self.t[k].kind {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i = k + 1;
                        return Some(&self.t[open + 1..k]);
                    }
                }
                _ => {}
            }
        }
        self.i = self.t.len();
        Some(&self.t[open + 1..])
    }

    /// Moves past the next occurrence of `kw` at this nesting level; false (and at the
    /// end) when there is none.
    pub fn skip_past(&mut self, kw: &str) -> bool {
        while let Some(t) = self.peek() {
            if t.kind == Tok::LParen {
                self.parens();
                continue;
            }
            self.i += 1;
            if t.is_kw(self.src, kw) {
                return true;
            }
        }
        false
    }

    /// The source text of `tokens` (from the first's start to the last's end).
    pub fn text_of(&self, tokens: &[Token]) -> String {
        match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => self.src.get(a.start..b.end).unwrap_or("").to_owned(),
            _ => String::new(),
        }
    }

    /// Comma-separated identifiers (`a, "B", c`).
    pub fn ident_list(tokens: &[Token], src: &str) -> Vec<String> {
        super::expr::split_commas(tokens)
            .filter_map(|part| {
                part.iter()
                    .find(|t| matches!(t.kind, Tok::Word | Tok::Quoted))
                    .map(|t| t.ident(src))
            })
            .collect()
    }
}

/// Reads one statement. Never fails: an unknown or truncated statement is
/// [`Stmt::Other`], or as much of a known one as could be read.
pub fn read(tokens: &[Token], src: &str) -> Statement {
    let at = tokens.first().map_or(0, |t| t.start);
    let style = Style {
        // pg_dump quotes every part of a qualified name; a hand-written migration may
        // quote a policy's name and nothing else.
        quoted: tokens.windows(2).any(|w| {
            (w[0].kind == Tok::Quoted && w[1].kind == Tok::Dot)
                || (w[0].kind == Tok::Dot && w[1].kind == Tok::Quoted)
        }),
        upper: tokens.first().is_some_and(|t| {
            t.kind == Tok::Word && t.text(src).bytes().all(|b| !b.is_ascii_lowercase())
        }),
    };
    let mut c = Cursor::new(tokens, src);
    let stmt = dispatch(&mut c).unwrap_or(Stmt::Other);
    Statement { stmt, at, style }
}

fn dispatch(c: &mut Cursor) -> Option<Stmt> {
    if c.eat("create") {
        c.eat_seq(&["or", "replace"]);
        while c.eat("temp")
            || c.eat("temporary")
            || c.eat("unlogged")
            || c.eat("recursive")
            || c.eat("global")
            || c.eat("local")
        {}
        if c.eat("table") {
            return super::table::create_table(c);
        }
        if c.eat("policy") {
            return super::policy::create_policy(c);
        }
        if c.is("view") || c.is("materialized") {
            return super::routine::create_view(c);
        }
        if c.is("function") || c.is("procedure") {
            return super::routine::create_function(c);
        }
        if c.is("unique") || c.is("index") {
            return super::table::create_index(c);
        }
        if c.eat("schema") {
            c.eat_seq(&["if", "not", "exists"]);
            return c.ident().map(Stmt::CreateSchema);
        }
        return None;
    }
    if c.eat("alter") {
        if c.eat("table") {
            return super::table::alter_table(c);
        }
        if c.eat("policy") {
            return super::policy::alter_policy(c);
        }
        if c.eat_seq(&["default", "privileges"]) {
            return super::grant::default_privileges(c);
        }
        if c.eat("view") || c.eat_seq(&["materialized", "view"]) {
            return super::routine::alter_view(c);
        }
        if c.eat("function") || c.eat("procedure") {
            return super::routine::alter_function(c);
        }
        return None;
    }
    if c.eat("drop") {
        return drop(c);
    }
    if c.eat("grant") {
        return super::grant::grant(c, false).map(Stmt::Grant);
    }
    if c.eat("revoke") {
        return super::grant::grant(c, true).map(Stmt::Grant);
    }
    if c.is("insert") || c.is("update") {
        return super::rows::rows(c);
    }
    if let Some(tx) = transaction(c) {
        return Some(Stmt::Transaction(tx));
    }
    if c.eat("set") {
        c.eat("local");
        c.eat("session");
        if c.eat("search_path") {
            let _ = c.eat_kind(Tok::Op) || c.eat("to");
            let mut schemas = Vec::new();
            while let Some(t) = c.peek() {
                match t.kind {
                    Tok::Word | Tok::Quoted => schemas.push(t.ident(c.src)),
                    Tok::Str => schemas.push(t.string_value(c.src)),
                    _ => {}
                }
                c.i += 1;
            }
            return Some(Stmt::SearchPath(schemas));
        }
        return None;
    }
    if c.eat("select") {
        // `SELECT pg_catalog.set_config('search_path', '', false);` as pg_dump writes.
        let _ = c.qname()?;
        let args = c.parens()?;
        let mut a = Cursor::new(args, c.src);
        if a.string().as_deref() == Some("search_path") && a.eat_kind(Tok::Comma) {
            let path = a.string()?;
            let schemas = path
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            return Some(Stmt::SearchPath(schemas));
        }
    }
    None
}

fn transaction(c: &mut Cursor) -> Option<Tx> {
    let name = |c: &mut Cursor| {
        c.eat("savepoint");
        c.ident()
    };
    if c.eat("begin") || c.eat_seq(&["start", "transaction"]) {
        return Some(Tx::Begin);
    }
    if c.eat("commit") || c.eat("end") {
        return Some(Tx::Commit);
    }
    if c.eat("savepoint") {
        return c.ident().map(Tx::Savepoint);
    }
    if c.eat("release") {
        return name(c).map(Tx::Release);
    }
    if c.eat("rollback") || c.eat("abort") {
        c.eat("work");
        c.eat("transaction");
        if c.eat("to") {
            return name(c).map(Tx::RollbackTo);
        }
        return Some(Tx::Rollback);
    }
    None
}

fn drop(c: &mut Cursor) -> Option<Stmt> {
    let kind = if c.eat("table") || c.eat_seq(&["foreign", "table"]) {
        "table"
    } else if c.eat("view") || c.eat_seq(&["materialized", "view"]) {
        "view"
    } else if c.eat("function") || c.eat("procedure") {
        "function"
    } else if c.eat("policy") {
        "policy"
    } else if c.eat("index") {
        c.eat("concurrently");
        "index"
    } else {
        return None;
    };
    c.eat_seq(&["if", "exists"]);
    if kind == "policy" {
        let name = c.ident()?;
        if !c.eat("on") {
            return None;
        }
        return Some(Stmt::DropPolicy {
            name,
            table: c.qname()?,
        });
    }
    if kind == "function" {
        return Some(Stmt::DropFunctions(super::routine::func_refs(c)));
    }
    let mut names = Vec::new();
    while let Some(n) = c.qname() {
        names.push(n);
        if !c.eat_kind(Tok::Comma) {
            break;
        }
    }
    Some(match kind {
        "table" => Stmt::DropTables(names),
        "view" => Stmt::DropViews(names),
        _ => Stmt::DropIndexes(names),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::lexer::Lexer;
    use super::*;

    pub(crate) fn read_one(src: &str) -> Stmt {
        let toks: Vec<Token> = Lexer::new(src).filter(|t| t.kind != Tok::Semi).collect();
        read(&toks, src).stmt
    }

    #[test]
    fn search_path_both_ways() {
        assert_eq!(
            read_one("SELECT pg_catalog.set_config('search_path', '', false);"),
            Stmt::SearchPath(vec![])
        );
        assert_eq!(
            read_one("set search_path to app, public"),
            Stmt::SearchPath(vec!["app".into(), "public".into()])
        );
        assert_eq!(
            read_one("SET search_path = \"$user\", public"),
            Stmt::SearchPath(vec!["$user".into(), "public".into()])
        );
    }

    #[test]
    fn transaction_control() {
        let cases: &[(&str, Tx)] = &[
            ("begin", Tx::Begin),
            ("START TRANSACTION", Tx::Begin),
            ("commit", Tx::Commit),
            ("rollback", Tx::Rollback),
            ("savepoint a", Tx::Savepoint("a".into())),
            ("rollback to savepoint a", Tx::RollbackTo("a".into())),
            ("ROLLBACK TO b", Tx::RollbackTo("b".into())),
            ("release savepoint a", Tx::Release("a".into())),
        ];
        for (src, want) in cases {
            assert_eq!(read_one(src), Stmt::Transaction(want.clone()), "{src}");
        }
    }

    #[test]
    fn drops() {
        assert_eq!(
            read_one("drop policy if exists \"Anyone\" on public.todos"),
            Stmt::DropPolicy {
                name: "Anyone".into(),
                table: QName::new(Some("public"), "todos")
            }
        );
        assert_eq!(
            read_one("DROP TABLE IF EXISTS a, b.c CASCADE"),
            Stmt::DropTables(vec![QName::new(None, "a"), QName::new(Some("b"), "c")])
        );
        assert!(
            matches!(read_one("drop function if exists public.f(uuid), g"), Stmt::DropFunctions(v) if v.len() == 2)
        );
    }

    #[test]
    fn style_is_read() {
        let src = "ALTER TABLE \"public\".\"x\" ENABLE ROW LEVEL SECURITY";
        let toks: Vec<Token> = Lexer::new(src).collect();
        assert_eq!(
            read(&toks, src).style,
            Style {
                quoted: true,
                upper: true
            }
        );
    }

    #[test]
    fn unknown_and_truncated_statements_are_other() {
        for src in [
            "vacuum",
            "create",
            "alter table",
            "grant",
            "create policy",
            "drop policy x",
            "select 1",
            "create table (",
            "insert into",
        ] {
            let _ = read_one(src);
        }
        assert_eq!(read_one("comment on table x is 'y'"), Stmt::Other);
    }
}
