//! `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES`.

use super::lexer::Tok;
use super::statement::{Cursor, Grant, GrantObject, Privilege, Stmt};

/// After `GRANT` or `REVOKE`.
pub(crate) fn grant(c: &mut Cursor, revoke: bool) -> Option<Grant> {
    if revoke {
        c.eat_seq(&["grant", "option", "for"]);
    }
    let mut privileges = Vec::new();
    let mut columns = false;
    while let Some(t) = c.peek() {
        if c.is("on") {
            break;
        }
        match t.kind {
            Tok::Word => {
                let word = t.text(c.src).to_ascii_lowercase();
                if word != "privileges" {
                    privileges.push(privilege(&word));
                }
                c.i += 1;
            }
            Tok::LParen => {
                columns = true;
                c.parens();
            }
            Tok::Comma => c.i += 1,
            _ => return None,
        }
    }
    // `GRANT role TO role`: membership, not an object privilege.
    if !c.eat("on") {
        return None;
    }
    let object = object(c);
    let grantees = grantees(c, if revoke { "from" } else { "to" });
    Some(Grant {
        revoke,
        privileges,
        columns,
        object,
        grantees,
    })
}

fn privilege(word: &str) -> Privilege {
    match word {
        "select" => Privilege::Select,
        "insert" => Privilege::Insert,
        "update" => Privilege::Update,
        "delete" => Privilege::Delete,
        "truncate" => Privilege::Truncate,
        "references" => Privilege::References,
        "trigger" => Privilege::Trigger,
        "execute" => Privilege::Execute,
        "usage" => Privilege::Usage,
        "all" => Privilege::All,
        _ => Privilege::Other,
    }
}

fn object(c: &mut Cursor) -> GrantObject {
    if c.eat("all") {
        let kind = c.ident().unwrap_or_default();
        if !c.eat_seq(&["in", "schema"]) {
            return GrantObject::Other;
        }
        let schemas = ident_list_until(c, &["to", "from"]);
        return match kind.as_str() {
            "tables" => GrantObject::AllTablesIn(schemas),
            "functions" | "routines" => GrantObject::AllFunctionsIn(schemas),
            _ => GrantObject::Other,
        };
    }
    if c.eat("function") || c.eat("routine") {
        return GrantObject::Functions(super::routine::func_refs(c));
    }
    if c.is("sequence")
        || c.is("schema")
        || c.is("database")
        || c.is("type")
        || c.is("domain")
        || c.is("language")
        || c.is("procedure")
        || c.is("foreign")
        || c.is("large")
        || c.is("tablespace")
        || c.is("parameter")
    {
        return GrantObject::Other;
    }
    c.eat("table");
    let mut names = Vec::new();
    while let Some(n) = c.qname() {
        names.push(n);
        if !c.eat_kind(Tok::Comma) {
            break;
        }
    }
    GrantObject::Tables(names)
}

fn ident_list_until(c: &mut Cursor, stops: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    while !c.done() && !stops.iter().any(|s| c.is(s)) {
        match c.ident() {
            Some(id) => out.push(id),
            None => c.i += 1,
        }
    }
    out
}

/// The roles after `TO`/`FROM`, up to `WITH GRANT OPTION`, `GRANTED BY` or
/// `CASCADE`.
fn grantees(c: &mut Cursor, keyword: &str) -> Vec<String> {
    if !c.skip_past(keyword) {
        return Vec::new();
    }
    let mut out = Vec::new();
    while let Some(t) = c.peek() {
        if c.is("with") || c.is("granted") || c.is("cascade") || c.is("restrict") {
            break;
        }
        match t.kind {
            Tok::Word | Tok::Quoted => {
                if !t.is_kw(c.src, "group") {
                    out.push(t.ident(c.src));
                }
            }
            Tok::Comma => {}
            _ => break,
        }
        c.i += 1;
    }
    out
}

/// After `ALTER DEFAULT PRIVILEGES`.
pub(crate) fn default_privileges(c: &mut Cursor) -> Option<Stmt> {
    let mut schemas = Vec::new();
    loop {
        if c.eat("for") {
            let _ = c.eat("role") || c.eat("user");
            ident_list_until(c, &["in", "grant", "revoke"]);
        } else if c.eat_seq(&["in", "schema"]) {
            schemas = ident_list_until(c, &["grant", "revoke", "for"]);
        } else {
            break;
        }
    }
    let revoke = if c.eat("grant") {
        false
    } else if c.eat("revoke") {
        true
    } else {
        return None;
    };
    let mut g = grant(c, revoke)?;
    g.object = match &g.object {
        GrantObject::Tables(names) if names.len() == 1 && names[0].schema.is_none() => {
            match names[0].name.as_str() {
                "tables" => GrantObject::DefaultTables,
                "functions" | "routines" => GrantObject::DefaultFunctions,
                _ => GrantObject::Other,
            }
        }
        _ => GrantObject::Other,
    };
    Some(Stmt::DefaultPrivileges { schemas, grant: g })
}

#[cfg(test)]
mod tests {
    use super::super::statement::tests::read_one;
    use super::super::statement::{FuncRef, QName};
    use super::*;

    #[test]
    fn table_grants_and_revokes() {
        let Stmt::Grant(g) = read_one("GRANT ALL ON TABLE \"public\".\"profiles\" TO \"anon\"")
        else {
            panic!()
        };
        assert_eq!(g.privileges, [Privilege::All]);
        assert_eq!(
            g.object,
            GrantObject::Tables(vec![QName::new(Some("public"), "profiles")])
        );
        assert_eq!(g.grantees, ["anon"]);
        assert!(!g.revoke);
        let Stmt::Grant(g) =
            read_one("revoke all on table public.user_roles from authenticated, anon cascade")
        else {
            panic!()
        };
        assert!(g.revoke);
        assert_eq!(g.grantees, ["authenticated", "anon"]);
        let Stmt::Grant(g) = read_one(
            "grant select (id, name), update (name) on public.t to anon with grant option",
        ) else {
            panic!()
        };
        assert!(g.columns);
        assert_eq!(g.privileges, [Privilege::Select, Privilege::Update]);
        assert_eq!(g.grantees, ["anon"]);
        let Stmt::Grant(g) = read_one("grant select on all tables in schema public, api to anon")
        else {
            panic!()
        };
        assert_eq!(
            g.object,
            GrantObject::AllTablesIn(vec!["public".into(), "api".into()])
        );
    }

    #[test]
    fn function_grants() {
        let Stmt::Grant(g) =
            read_one("revoke execute on function public.f(uuid, text), g from public, anon")
        else {
            panic!()
        };
        assert_eq!(
            g.object,
            GrantObject::Functions(vec![
                FuncRef {
                    name: QName::new(Some("public"), "f"),
                    args: Some("uuid,text".into())
                },
                FuncRef {
                    name: QName::new(None, "g"),
                    args: None
                },
            ])
        );
        assert_eq!(g.grantees, ["public", "anon"]);
        assert!(matches!(
            read_one("grant anon to authenticator"),
            Stmt::Other
        ));
        assert!(matches!(
            read_one("grant usage on schema public to anon"),
            Stmt::Grant(Grant {
                object: GrantObject::Other,
                ..
            })
        ));
    }

    #[test]
    fn default_privileges() {
        let s = read_one("ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" IN SCHEMA \"public\" GRANT ALL ON TABLES  TO \"anon\"");
        let Stmt::DefaultPrivileges { schemas, grant } = s else {
            panic!("{s:?}")
        };
        assert_eq!(schemas, ["public"]);
        assert_eq!(grant.object, GrantObject::DefaultTables);
        assert_eq!(grant.grantees, ["anon"]);
        let s = read_one(
            "alter default privileges in schema public revoke execute on functions from public",
        );
        let Stmt::DefaultPrivileges { grant, .. } = s else {
            panic!("{s:?}")
        };
        assert!(grant.revoke);
        assert_eq!(grant.object, GrantObject::DefaultFunctions);
    }
}
