//! `CREATE TABLE`, `ALTER TABLE` and `CREATE INDEX`: the columns, keys and row level
//! security switches of a table.

use super::expr::split_commas;
use super::lexer::{Tok, Token};
use super::statement::{
    AlterAction, ColumnDef, Constraint, CreateTable, Cursor, QName, Reference, RlsChange, Stmt,
};

/// Words that end a column's type and start its constraints.
const COLUMN_CONSTRAINTS: [&str; 11] = [
    "constraint",
    "not",
    "null",
    "default",
    "primary",
    "unique",
    "references",
    "check",
    "generated",
    "collate",
    "deferrable",
];

pub(crate) fn create_table(c: &mut Cursor) -> Option<Stmt> {
    c.eat_seq(&["if", "not", "exists"]);
    let name = c.qname()?;
    let mut table = CreateTable {
        name,
        columns: Vec::new(),
        constraints: Vec::new(),
        partition_of: None,
    };
    if c.eat_seq(&["partition", "of"]) {
        table.partition_of = c.qname();
    }
    if c.eat("of") {
        c.qname();
    }
    let Some(body) = c.parens() else {
        return Some(Stmt::CreateTable(table));
    };
    for part in split_commas(body) {
        let mut p = Cursor::new(part, c.src);
        if let Some(constraint) = table_constraint(&mut p) {
            table.constraints.push(constraint);
        } else if p.is("like") || p.is("check") || p.is("exclude") {
            continue;
        } else if let Some(col) = column_def(&mut p) {
            table.columns.push(col);
        }
    }
    Some(Stmt::CreateTable(table))
}

/// `[CONSTRAINT name] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY (…) REFERENCES …`.
fn table_constraint(p: &mut Cursor) -> Option<Constraint> {
    let start = p.i;
    if p.eat("constraint") {
        p.ident();
    }
    let columns = |p: &mut Cursor| {
        p.parens()
            .map(|t| Cursor::ident_list(t, p.src))
            .unwrap_or_default()
    };
    let out = if p.eat_seq(&["primary", "key"]) {
        Some(Constraint::Primary(columns(p)))
    } else if p.eat("unique") {
        p.eat_seq(&["nulls", "not", "distinct"]);
        p.eat_seq(&["nulls", "distinct"]);
        Some(Constraint::Unique(columns(p)))
    } else if p.eat_seq(&["foreign", "key"]) {
        let cols = columns(p);
        p.eat("references")
            .then(|| reference(p))
            .flatten()
            .map(|target| Constraint::Foreign {
                columns: cols,
                target,
            })
    } else {
        None
    };
    if out.is_none() {
        p.i = start;
    }
    out
}

fn reference(p: &mut Cursor) -> Option<Reference> {
    let table = p.qname()?;
    let columns = p
        .parens()
        .map(|t| Cursor::ident_list(t, p.src))
        .unwrap_or_default();
    Some(Reference { table, columns })
}

/// `name type [constraints…]`.
pub(crate) fn column_def(p: &mut Cursor) -> Option<ColumnDef> {
    let name = p.ident()?;
    let mut ty = Vec::new();
    while let Some(t) = p.peek() {
        if COLUMN_CONSTRAINTS.iter().any(|k| t.is_kw(p.src, k)) {
            break;
        }
        match t.kind {
            Tok::LParen => {
                p.parens();
            }
            Tok::Word | Tok::Quoted => {
                ty.push(t.ident(p.src));
                p.i += 1;
            }
            _ => p.i += 1,
        }
    }
    let mut col = ColumnDef {
        name,
        ty: ty.join(" "),
        references: None,
        primary: false,
        unique: false,
    };
    while !p.done() {
        if p.eat_seq(&["primary", "key"]) {
            col.primary = true;
        } else if p.eat("unique") {
            col.unique = true;
        } else if p.eat("references") {
            col.references = reference(p);
        } else if p.is_kind(Tok::LParen) {
            p.parens();
        } else {
            p.i += 1;
        }
    }
    Some(col)
}

pub(crate) fn alter_table(c: &mut Cursor) -> Option<Stmt> {
    c.eat_seq(&["if", "exists"]);
    c.eat("only");
    let name = c.qname()?;
    if c.is_kind(Tok::Op) && c.peek().is_some_and(|t| t.text(c.src) == "*") {
        c.i += 1;
    }
    let rest = &c.t[c.i..];
    let actions = split_commas(rest)
        .map(|part| alter_action(part, c.src))
        .collect();
    Some(Stmt::AlterTable { name, actions })
}

fn alter_action(part: &[Token], src: &str) -> AlterAction {
    let mut p = Cursor::new(part, src);
    let rls = |p: &mut Cursor| p.eat_seq(&["row", "level", "security"]);
    if p.eat("enable") && rls(&mut p) {
        return AlterAction::Rls(RlsChange::Enable);
    }
    p.i = 0;
    if p.eat("disable") && rls(&mut p) {
        return AlterAction::Rls(RlsChange::Disable);
    }
    p.i = 0;
    if p.eat("force") && rls(&mut p) {
        return AlterAction::Rls(RlsChange::Force);
    }
    p.i = 0;
    if p.eat_seq(&["no", "force"]) && rls(&mut p) {
        return AlterAction::Rls(RlsChange::NoForce);
    }
    p.i = 0;
    if p.eat("add") {
        if let Some(constraint) = table_constraint(&mut p) {
            return AlterAction::AddConstraint(constraint);
        }
        p.eat("column");
        p.eat_seq(&["if", "not", "exists"]);
        return column_def(&mut p).map_or(AlterAction::Other, AlterAction::AddColumn);
    }
    if p.eat("drop") {
        if p.is("constraint") {
            return AlterAction::Other;
        }
        p.eat("column");
        p.eat_seq(&["if", "exists"]);
        return p
            .ident()
            .map_or(AlterAction::Other, AlterAction::DropColumn);
    }
    if p.eat("rename") {
        if p.eat("to") {
            return p.ident().map_or(AlterAction::Other, AlterAction::RenameTo);
        }
        if p.is("constraint") {
            return AlterAction::Other;
        }
        p.eat("column");
        let from = p.ident();
        p.eat("to");
        return match (from, p.ident()) {
            (Some(a), Some(b)) => AlterAction::RenameColumn(a, b),
            _ => AlterAction::Other,
        };
    }
    if p.eat_seq(&["set", "schema"]) {
        return p.ident().map_or(AlterAction::Other, AlterAction::SetSchema);
    }
    AlterAction::Other
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] t [USING m] (cols…)`:
/// the plain columns in order (an expression element ends the list: only a prefix of
/// plain columns can serve a lookup on them).
pub(crate) fn create_index(c: &mut Cursor) -> Option<Stmt> {
    c.eat("unique");
    c.eat("index");
    c.eat("concurrently");
    c.eat_seq(&["if", "not", "exists"]);
    let name = if c.is("on") { None } else { c.ident() };
    if !c.eat("on") {
        return None;
    }
    c.eat("only");
    let table: QName = c.qname()?;
    if c.eat("using") {
        c.ident();
    }
    let body = c.parens()?;
    let mut columns = Vec::new();
    for part in split_commas(body) {
        match part.first() {
            Some(t)
                if matches!(t.kind, Tok::Word | Tok::Quoted)
                    && part.get(1).is_none_or(|n| n.kind != Tok::LParen) =>
            {
                columns.push(t.ident(c.src));
            }
            _ => break,
        }
    }
    Some(Stmt::CreateIndex {
        name,
        table,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::super::statement::tests::read_one;
    use super::*;

    #[test]
    fn create_table_columns_and_keys() {
        let s = read_one(
            "create table if not exists public.todos (\n  id bigint generated by default as identity primary key,\n  user_id uuid references auth.users (id) on delete cascade not null,\n  \"Title\" character varying(200),\n  org uuid,\n  constraint fk foreign key (org) references public.orgs,\n  unique (user_id, \"Title\"),\n  check (char_length(\"Title\") > 3)\n)",
        );
        let Stmt::CreateTable(t) = s else {
            panic!("{s:?}")
        };
        assert_eq!(t.name, QName::new(Some("public"), "todos"));
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "user_id", "Title", "org"]);
        assert!(t.columns[0].primary);
        assert_eq!(
            t.columns[1].references.as_ref().unwrap().table,
            QName::new(Some("auth"), "users")
        );
        assert_eq!(t.columns[2].ty, "character varying");
        assert_eq!(t.constraints.len(), 2);
        assert!(
            matches!(&t.constraints[0], Constraint::Foreign { columns, target } if columns == &["org"] && target.table.name == "orgs")
        );
    }

    #[test]
    fn alter_table_actions() {
        let cases: &[(&str, AlterAction)] = &[
            (
                "ALTER TABLE ONLY \"public\".\"x\" ENABLE ROW LEVEL SECURITY",
                AlterAction::Rls(RlsChange::Enable),
            ),
            (
                "alter table x disable row level security",
                AlterAction::Rls(RlsChange::Disable),
            ),
            (
                "alter table if exists x force row level security",
                AlterAction::Rls(RlsChange::Force),
            ),
            (
                "alter table x no force row level security",
                AlterAction::Rls(RlsChange::NoForce),
            ),
            (
                "alter table x add column if not exists owner_id uuid references auth.users",
                AlterAction::AddColumn(ColumnDef {
                    name: "owner_id".into(),
                    ty: "uuid".into(),
                    references: Some(Reference {
                        table: QName::new(Some("auth"), "users"),
                        columns: vec![],
                    }),
                    primary: false,
                    unique: false,
                }),
            ),
            (
                "ALTER TABLE ONLY \"public\".\"p\" ADD CONSTRAINT \"p_pkey\" PRIMARY KEY (\"id\")",
                AlterAction::AddConstraint(Constraint::Primary(vec!["id".into()])),
            ),
            (
                "alter table x drop column if exists y",
                AlterAction::DropColumn("y".into()),
            ),
            (
                "alter table x rename to y",
                AlterAction::RenameTo("y".into()),
            ),
            (
                "alter table x rename column a to b",
                AlterAction::RenameColumn("a".into(), "b".into()),
            ),
            ("alter table x owner to postgres", AlterAction::Other),
        ];
        for (src, want) in cases {
            match read_one(src) {
                Stmt::AlterTable { actions, .. } => assert_eq!(actions[0], *want, "{src}"),
                other => panic!("{src}: {other:?}"),
            }
        }
        let Stmt::AlterTable { actions, .. } =
            read_one("alter table t enable row level security, add column a int")
        else {
            panic!()
        };
        assert_eq!(actions.len(), 2);
    }

    #[test]
    fn indexes_keep_their_plain_leading_columns() {
        let cases: &[(&str, &[&str])] = &[
            ("create index on public.todos (user_id)", &["user_id"]),
            ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON ONLY \"public\".\"t\" USING btree (\"org_id\", created_at DESC)", &["org_id", "created_at"]),
            ("create index i on t (lower(email), id)", &[]),
        ];
        for (src, want) in cases {
            let Stmt::CreateIndex { columns, .. } = read_one(src) else {
                panic!("{src}")
            };
            assert_eq!(columns, *want, "{src}");
        }
    }
}
