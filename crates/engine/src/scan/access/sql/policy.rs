//! `CREATE POLICY` and `ALTER POLICY`.

use super::expr;
use super::lexer::{Tok, Token};
use super::statement::{AlterPolicy, Command, CreatePolicy, Cursor, Predicate, Stmt};

pub(crate) fn create_policy(c: &mut Cursor) -> Option<Stmt> {
    c.eat_seq(&["if", "not", "exists"]);
    let name = c.ident()?;
    if !c.eat("on") {
        return None;
    }
    let table = c.qname()?;
    let mut p = CreatePolicy {
        name,
        table,
        permissive: true,
        command: Command::All,
        roles: Vec::new(),
        using: None,
        check: None,
    };
    while !c.done() {
        if c.eat("as") {
            if c.eat("restrictive") {
                p.permissive = false;
            } else {
                c.eat("permissive");
            }
        } else if c.eat("for") {
            p.command = match c.ident().as_deref() {
                Some("select") => Command::Select,
                Some("insert") => Command::Insert,
                Some("update") => Command::Update,
                Some("delete") => Command::Delete,
                _ => Command::All,
            };
        } else if c.eat("to") {
            p.roles = roles(c);
        } else if c.eat("using") {
            p.using = predicate(c);
        } else if c.eat_seq(&["with", "check"]) {
            p.check = predicate(c);
        } else {
            c.i += 1;
        }
    }
    Some(Stmt::CreatePolicy(p))
}

pub(crate) fn alter_policy(c: &mut Cursor) -> Option<Stmt> {
    c.eat_seq(&["if", "exists"]);
    let name = c.ident()?;
    if !c.eat("on") {
        return None;
    }
    let table = c.qname()?;
    let mut p = AlterPolicy {
        name,
        table,
        rename: None,
        roles: None,
        using: None,
        check: None,
    };
    while !c.done() {
        if c.eat_seq(&["rename", "to"]) {
            p.rename = c.ident();
        } else if c.eat("to") {
            p.roles = Some(roles(c));
        } else if c.eat("using") {
            p.using = predicate(c);
        } else if c.eat_seq(&["with", "check"]) {
            p.check = predicate(c);
        } else {
            c.i += 1;
        }
    }
    Some(Stmt::AlterPolicy(p))
}

/// Role names up to the next clause; `PUBLIC` is `public`, and the `CURRENT_USER`
/// family keeps its name.
fn roles(c: &mut Cursor) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(t) = c.peek() {
        if c.is("using") || c.is("with") {
            break;
        }
        match t.kind {
            Tok::Word | Tok::Quoted => out.push(t.ident(c.src)),
            Tok::Comma => {}
            _ => break,
        }
        c.i += 1;
    }
    out
}

/// `( expr )`.
fn predicate(c: &mut Cursor) -> Option<Predicate> {
    let inner: &[Token] = c.parens()?;
    Some(Predicate {
        expr: expr::parse(inner, c.src),
        text: c.text_of(inner),
    })
}

#[cfg(test)]
mod tests {
    use super::super::expr::Expr;
    use super::super::statement::tests::read_one;
    use super::super::statement::QName;
    use super::*;

    #[test]
    fn a_dump_policy() {
        let s = read_one("CREATE POLICY \"Users can update own profile.\" ON \"public\".\"profiles\" FOR UPDATE USING ((\"auth\".\"uid\"() = \"id\"))");
        let Stmt::CreatePolicy(p) = s else {
            panic!("{s:?}")
        };
        assert_eq!(p.name, "Users can update own profile.");
        assert_eq!(p.table, QName::new(Some("public"), "profiles"));
        assert_eq!(p.command, Command::Update);
        assert!(p.roles.is_empty() && p.permissive && p.check.is_none());
        assert_eq!(p.using.unwrap().text, "(\"auth\".\"uid\"() = \"id\")");
    }

    #[test]
    fn a_migration_policy_with_everything() {
        let s = read_one("create policy \"members\" on projects as restrictive for all to authenticated, \"anon\" using ( true ) with check (auth.uid() = owner_id)");
        let Stmt::CreatePolicy(p) = s else {
            panic!("{s:?}")
        };
        assert!(!p.permissive);
        assert_eq!(p.command, Command::All);
        assert_eq!(p.roles, ["authenticated", "anon"]);
        assert_eq!(p.using.unwrap().expr, Expr::Bool(true));
        assert!(p.check.is_some());
    }

    #[test]
    fn alter_policy_changes() {
        let s = read_one(
            "alter policy \"p\" on public.t to authenticated using ((select auth.uid()) = user_id)",
        );
        let Stmt::AlterPolicy(p) = s else {
            panic!("{s:?}")
        };
        assert_eq!(p.roles, Some(vec!["authenticated".to_string()]));
        assert!(p.using.is_some() && p.check.is_none() && p.rename.is_none());
        let s = read_one("alter policy p on t rename to q");
        let Stmt::AlterPolicy(p) = s else { panic!() };
        assert_eq!(p.rename.as_deref(), Some("q"));
    }
}
