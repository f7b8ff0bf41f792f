//! `input-validation`: is bad input rejected before it reaches the database?
//!
//! An endpoint *takes input* when its handler reads the request body (JSON, a form, a
//! server action's `FormData`) and then writes to a database or calls an AI model.
//! It *validates* when its handler (or its file, before the first handler) uses a
//! schema library — zod, valibot, yup, joi, ajv, express-validator, pydantic models
//! — or checks a value's type. Answering 400 alone does not count: handlers answer
//! 400 to every failure, validated or not. A webhook whose signature is verified
//! counts as validated: its body is the sender's (Stripe's, Clerk's), proven.
//!
//! "No" (risky) when an endpoint takes input without validating it; "yes" (medium:
//! a schema is not a test) when every endpoint that takes input validates it; absent
//! when no endpoint takes input (FastAPI handlers with typed models never read a raw
//! body, and count as validated by construction).

use super::Context;
use crate::catalog::assess::Answer;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub const QUESTION: &str = "input-validation";

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut raw = Vec::new();
    let mut checked = Vec::new();
    for (e, facts) in ctx.endpoints {
        let Some(body) = &facts.body_read else {
            continue;
        };
        let Some(sink) = facts.any_write.as_ref().or(facts.ai_call.as_ref()) else {
            continue;
        };
        // A webhook whose signature is verified carries the sender's own data.
        match facts.validated.as_ref().or(facts.signature.as_ref()) {
            Some(v) => checked.push(Citation::new(
                v.file.clone(),
                v.line,
                format!("{}: input checked", e.name),
            )),
            None => raw.push(Citation::new(
                body.file.clone(),
                body.line,
                format!(
                    "{}: reads the body and {} with no validation",
                    e.name, sink.note
                ),
            )),
        }
    }
    if !raw.is_empty() {
        let n = raw.len();
        return vec![Evidence::new(
            "input-validation",
            QUESTION,
            Answer::No,
            Confidence::High,
            format!(
                "{n} endpoint{} pass{} what the caller sent on to the database or a model without checking it.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "es" } else { "" }
            ),
            raw,
        )];
    }
    if !checked.is_empty() {
        return vec![Evidence::new(
            "input-validation",
            QUESTION,
            Answer::Yes,
            Confidence::Medium,
            "Every endpoint that takes input checks it against a schema or rejects bad values with a 400 before using it.",
            checked,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    const NEXT: &str = r#"{"dependencies":{"next":"14","zod":"3"}}"#;

    #[test]
    fn raw_bodies_into_the_database_are_a_no() {
        let b = build(&[
            ("package.json", NEXT),
            ("app/api/leads/route.ts", "export async function POST(req: Request) {\n  const body = await req.json();\n  await supabase.from('leads').insert(body);\n  return Response.json({ ok: true });\n}\n"),
            ("app/api/notes/route.ts", "const Note = z.object({ body: z.string().max(500) });\nexport async function POST(req: Request) {\n  const note = Note.parse(await req.json());\n  await supabase.from('notes').insert(note);\n}\n"),
        ]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("input-validation".into(), "no", true)]);
        assert_eq!(items[0].citations.len(), 1);
        assert_eq!(
            (
                items[0].citations[0].file.as_str(),
                items[0].citations[0].line
            ),
            ("app/api/leads/route.ts", 2)
        );
    }

    #[test]
    fn validated_everywhere_is_a_yes_and_no_input_is_silent() {
        let b = build(&[
            ("package.json", NEXT),
            ("app/actions.ts", "'use server';\nexport async function addNote(formData: FormData) {\n  const parsed = schema.safeParse({ body: formData.get('body') });\n  if (!parsed.success) return { error: 'invalid' };\n  await supabase.from('notes').insert(parsed.data);\n}\n"),
            ("app/api/check/route.ts", "export async function POST(req: Request) {\n  const { email } = await req.json();\n  if (typeof email !== 'string') return Response.json({}, { status: 400 });\n  await prisma.lead.create({ data: { email } });\n}\n"),
        ]);
        assert_eq!(
            answers(&detect(&b.ctx())),
            [("input-validation".into(), "yes", false)]
        );
        let reads_only = build(&[
            ("package.json", NEXT),
            ("app/api/search/route.ts", "export async function POST(req: Request) {\n  const { q } = await req.json();\n  return Response.json(await search(q));\n}\n"),
        ]);
        assert!(detect(&reads_only.ctx()).is_empty());
    }
}
