//! `rate-limits`: are sign-in, password, checkout, webhook, upload and AI routes rate
//! limited?
//!
//! Only the project's own endpoints count: sign-in and password reset handled by
//! Supabase Auth, Firebase Auth or Clerk are rate limited by the provider — also when
//! a server action or route hands the call on to it (`supabase.auth.signInWith…`). An endpoint
//! *needs a limit* when its name says sign-in, sign-up, password, OTP, magic link,
//! checkout, upload, or its handler calls an AI model. A *limit* is a rate-limiter
//! library or a hand-made 429 answer.
//!
//! "No" (medium: a limit may sit in front of the app, in a WAF or the host's
//! firewall) when such endpoints exist and no rate limit appears anywhere in the
//! code. "Yes" (medium) when each of them has one in its handler or file, or the
//! app sets one for every request (Express `app.use(rateLimit…)`, Next.js
//! middleware). Absent otherwise.

use super::Context;
use crate::catalog::assess::Answer;
use crate::project::endpoints::Facts;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub const QUESTION: &str = "rate-limits";

const SENSITIVE_WORDS: [&str; 14] = [
    "login", "signin", "sign-in", "sign_in", "signup", "sign-up", "sign_up", "register",
    "password", "reset", "otp", "magic", "checkout", "upload",
];

/// Why an endpoint needs a rate limit, if it does. Sign-in and password work handed
/// to the auth provider is the provider's to limit.
fn needs_limit(name: &str, facts: &Facts) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(w) = SENSITIVE_WORDS.iter().find(|w| lower.contains(*w)) {
        match *w {
            "checkout" => return Some("checkout"),
            "upload" => return Some("upload"),
            _ if facts.provider_auth.is_none() => return Some("sign-in / password"),
            _ => {}
        }
    }
    facts.ai_call.is_some().then_some("AI model call")
}

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut needing = Vec::new();
    for (e, facts) in ctx.endpoints {
        let name = format!("{} {}", e.name, ctx.code.files[e.file].path);
        if let Some(why) = needs_limit(&name, facts) {
            needing.push((e, facts, why));
        }
    }
    if needing.is_empty() {
        return Vec::new();
    }
    let limits: Vec<Citation> = ctx
        .code
        .files
        .iter()
        .flat_map(|f| {
            f.lines_of(ctx.p.rate_limit)
                .map(|l| Citation::new(f.path.clone(), l, "rate limit"))
        })
        .collect();
    if limits.is_empty() {
        let cites = needing
            .iter()
            .map(|(e, _, why)| {
                Citation::new(
                    ctx.code.files[e.file].path.clone(),
                    e.line,
                    format!("{} ({why}): no rate limit", e.name),
                )
            })
            .collect();
        return vec![Evidence::new(
            "rate-limits",
            QUESTION,
            Answer::No,
            Confidence::Medium,
            "No rate limit anywhere in the code, in front of routes bots love: sign-in, password reset, checkout, uploads or AI calls.",
            cites,
        )];
    }
    let global = limits.iter().find(|c| {
        let f = ctx.code.file(&c.file);
        let line = f.map_or("", |f| f.line(c.line));
        line.contains(".use(") || f.is_some_and(|f| f.name().starts_with("middleware."))
    });
    let covered: Option<Vec<Citation>> = needing
        .iter()
        .map(|(e, facts, _)| {
            facts.rate_limited.clone().or_else(|| {
                let f = &ctx.code.files[e.file];
                f.lines_of(ctx.p.rate_limit)
                    .next()
                    .map(|l| Citation::new(f.path.clone(), l, "rate limit"))
            })
        })
        .collect();
    match (global, covered) {
        (Some(g), _) => vec![Evidence::new(
            "rate-limits",
            QUESTION,
            Answer::Yes,
            Confidence::Medium,
            "A rate limit applies to every request.",
            vec![g.clone()],
        )],
        (None, Some(each)) => vec![Evidence::new(
            "rate-limits",
            QUESTION,
            Answer::Yes,
            Confidence::Medium,
            "Each sign-in, password, checkout, upload or AI route has a rate limit.",
            each,
        )],
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    #[test]
    fn own_login_and_ai_routes_without_limits_are_a_no() {
        let b = build(&[
            ("server.js", "import express from 'express';\napp.post('/api/login', async (req, res) => {\n  const user = await User.findOne({ email: req.body.email });\n});\napp.get('/api/items', async (req, res) => res.json([]));\n"),
            ("app/api/chat/route.ts", "import OpenAI from 'openai';\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  const r = await openai.chat.completions.create({ model: 'gpt-4o', messages });\n}\n"),
        ]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("rate-limits".into(), "no", true)]);
        let notes: Vec<&str> = items[0].citations.iter().map(|c| c.note.as_str()).collect();
        assert_eq!(
            notes,
            [
                "POST /api/chat (AI model call): no rate limit",
                "POST /api/login (sign-in / password): no rate limit"
            ]
        );
    }

    #[test]
    fn sign_in_handed_to_the_provider_is_the_providers_to_limit() {
        let b = build(&[(
            "app/actions.ts",
            "'use server';\nexport async function signInWithPassword(formData: FormData) {\n  await supabase.auth.signInWithPassword({ email, password });\n}\n",
        )]);
        assert!(detect(&b.ctx()).is_empty());
    }

    #[test]
    fn a_global_or_per_route_limit_is_a_yes_and_nothing_sensitive_is_silent() {
        let global = build(&[(
            "server.js",
            "import express from 'express';\napp.use(rateLimit({ windowMs: 60000, limit: 20 }));\napp.post('/login', async (req, res) => {});\n",
        )]);
        assert_eq!(
            answers(&detect(&global.ctx())),
            [("rate-limits".into(), "yes", false)]
        );
        let partial = build(&[
            ("app/api/login/route.ts", "export async function POST(req) {\n  const { success } = await ratelimit.limit(ip);\n}\n"),
            ("app/api/upload/route.ts", "export async function POST(req) {\n  await put(file);\n}\n"),
        ]);
        assert!(
            detect(&partial.ctx()).is_empty(),
            "one limited, one not: undecided"
        );
        let none = build(&[("app/api/items/route.ts", "export async function GET() {}\n")]);
        assert!(detect(&none.ctx()).is_empty());
    }
}
