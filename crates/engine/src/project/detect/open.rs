//! `open-endpoints`: can an endpoint be called without an auth check?
//!
//! "Yes" when an endpoint is open (see [`crate::project::endpoints`]): nothing asks
//! who is calling — in the handler, in a function it calls, in a router-wide or
//! Next.js middleware — and it writes to a database no row rule protects, reads with
//! a service-role or admin client, or calls an AI model on your bill.
//!
//! Sign-up, sign-in and password endpoints are public by design and never "open".
//!
//! "No" (medium: "proper" is more than present) when every endpoint that reaches
//! something sensitive is checked, verified or guarded, and none is unknown.
//! Absent when the project has no endpoint of its own (an app that talks to Supabase
//! or Firebase from the browser: its database rules are the lock, and
//! `cross-tenant-access` is their question).

use super::Context;
use crate::catalog::assess::Answer;
use crate::project::endpoints::Access;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub const QUESTION: &str = "open-endpoints";

/// Sign-up, sign-in and password endpoints are public by design (their question is
/// `rate-limits`).
fn is_auth_flow(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "signup",
        "sign-up",
        "sign_up",
        "register",
        "login",
        "signin",
        "sign-in",
        "sign_in",
        "password",
        "forgot",
        "verify-email",
        "otp",
        "magic",
        "callback",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut open = Vec::new();
    let mut checked = Vec::new();
    let mut unknown = 0;
    for (e, facts) in ctx.endpoints {
        let at = Citation::new(ctx.code.files[e.file].path.clone(), e.line, e.name.clone());
        match facts.access() {
            Access::Open if is_auth_flow(&e.name) => {}
            Access::Open => {
                let reach = facts.sensitive().map_or("", |c| c.note.as_str());
                open.push(Citation {
                    note: format!("{}: {reach}, no auth check", e.name),
                    ..at
                });
            }
            Access::Checked | Access::Verified | Access::Guarded if facts.sensitive().is_some() => {
                let how = facts
                    .auth
                    .as_ref()
                    .or(facts.signature.as_ref())
                    .or(facts.guard.as_ref())
                    .cloned()
                    .unwrap_or(at);
                checked.push(how);
            }
            Access::Unknown => unknown += 1,
            _ => {}
        }
    }
    if !open.is_empty() {
        let n = open.len();
        return vec![Evidence::new(
            "open-endpoints",
            QUESTION,
            Answer::Yes,
            Confidence::High,
            format!(
                "{n} endpoint{} reach{} data or a paid API with no check of who is calling.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "es" } else { "" }
            ),
            open,
        )];
    }
    if !checked.is_empty() && unknown == 0 {
        let n = checked.len();
        return vec![Evidence::new(
            "open-endpoints",
            QUESTION,
            Answer::No,
            Confidence::Medium,
            format!(
                "Each of the {n} endpoint{} that reach data checks who is calling (or verifies a webhook signature) first.",
                if n == 1 { "" } else { "s" }
            ),
            checked,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    const NEXT: &str = r#"{"dependencies":{"next":"14","@prisma/client":"5"}}"#;

    #[test]
    fn one_open_handler_is_a_yes() {
        let b = build(&[
            ("package.json", NEXT),
            ("app/api/notes/route.ts", "export async function POST(req: Request) {\n  const { session } = await getServerSession();\n  await prisma.note.create({ data: {} });\n}\n"),
            ("app/api/admin/route.ts", "export async function DELETE() {\n  await prisma.user.deleteMany({});\n}\n"),
        ]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("open-endpoints".into(), "yes", true)]);
        assert_eq!(items[0].citations[0].file, "app/api/admin/route.ts");
        assert!(items[0].citations[0].note.contains("DELETE /api/admin"));
        let signup = build(&[(
            "api/users.py",
            "@router.post(\"/signup\")\ndef register_user(session: SessionDep, user_in: UserRegister):\n    session.add(User(**user_in.dict()))\n",
        )]);
        assert!(
            detect(&signup.ctx()).is_empty(),
            "sign-up is public by design"
        );
    }

    #[test]
    fn all_checked_is_a_no_and_unknown_or_none_is_silent() {
        let checked = build(&[
            ("package.json", NEXT),
            ("app/api/notes/route.ts", "export async function POST(req: Request) {\n  const { userId } = await auth();\n  await prisma.note.create({ data: { userId } });\n}\n"),
            ("app/api/health/route.ts", "export async function GET() {\n  return Response.json({ ok: true });\n}\n"),
        ]);
        assert_eq!(
            answers(&detect(&checked.ctx())),
            [("open-endpoints".into(), "no", false)]
        );
        let spa = build(&[
            (
                "package.json",
                r#"{"dependencies":{"react":"18","@supabase/supabase-js":"2"},"devDependencies":{"vite":"5"}}"#,
            ),
            (
                "src/App.tsx",
                "await supabase.from('notes').insert({ body });",
            ),
        ]);
        assert!(detect(&spa.ctx()).is_empty());
        let delegated = build(&[
            ("server.js", "import express from 'express';\nimport { a } from './a';\napp.post('/x', requireAuth, async (req, res) => {\n  await Note.create(req.body);\n});\napp.post('/y', controllers.y);\n"),
        ]);
        assert!(
            detect(&delegated.ctx()).is_empty(),
            "one handler could not be read"
        );
    }
}
