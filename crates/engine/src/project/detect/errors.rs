//! `error-tracking` and `debuggable-failures`.
//!
//! **Error tracking.** The app has a browser part when a front-end framework is in the
//! stack, and a server part when it has endpoints of its own, a server framework, or
//! is Next.js, Remix, SvelteKit or Nuxt (they render on a server). An error tracker
//! (Sentry, Highlight, LogRocket, Bugsnag, Rollbar, Datadog, Honeybadger) covers a
//! part when its `init` runs in that part's code (`sentry.client.config.ts`,
//! `src/main.tsx`, a `<script>` tag; `sentry.server.config.ts`, `instrumentation.ts`,
//! an Express or FastAPI entry file).
//! - "no" (high) when no tracker is in any manifest, `init` or `<script>` tag;
//! - "no" (medium) when one is installed but never started;
//! - "yes" (medium: who is alerted is set in the tracker, not the code) when every
//!   part is covered;
//! - "not sure" when one part is covered and the other is not (server errors, or
//!   browser errors, go unseen);
//! - absent when an `init` sits in a file that could run on either side.
//!
//! **Useful logs.** Each `catch`/`except` in an endpoint's handler either logs or
//! reports the error, passes it on, or swallows it (answers without a trace). "No"
//! (medium) when at least two swallow and they are at least half; "yes" (medium:
//! whether logs leak private data is not read) when there are at least two and none
//! swallows. Absent otherwise: with no `catch`, the framework logs failures itself.

use std::collections::BTreeSet;

use super::{Context, Side};
use crate::catalog::assess::Answer;
use crate::catalog::project::{Lang, TechKind};
use crate::project::evidence::{Citation, Confidence, Evidence};

const RENDERS_ON_A_SERVER: [&str; 5] = ["nextjs", "remix", "react-router", "sveltekit", "nuxt"];
const SERVER_FRAMEWORKS: [&str; 8] = [
    "express", "fastify", "hono", "koa", "nestjs", "fastapi", "django", "flask",
];

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut out = tracking(ctx);
    out.extend(logs(ctx));
    out
}

fn tracking(ctx: &Context<'_>) -> Vec<Evidence> {
    let stack = ctx.stack;
    let client = stack.of_kind(TechKind::Framework).next().is_some();
    let server = !ctx.endpoints.is_empty()
        || RENDERS_ON_A_SERVER
            .iter()
            .chain(SERVER_FRAMEWORKS.iter())
            .any(|id| stack.has(id));
    if !client && !server {
        return Vec::new();
    }
    let installed: Vec<Citation> = stack
        .of_kind(TechKind::ErrorTracking)
        .flat_map(|i| i.citations.iter().cloned())
        .collect();
    let (mut on_client, mut on_server, mut either) = (Vec::new(), Vec::new(), Vec::new());
    for f in &ctx.code.files {
        for line in f.lines_of(ctx.p.error_tracker_init) {
            let at = Citation::new(f.path.clone(), line, "error tracker started");
            match ctx.side(f) {
                Side::Client => on_client.push(at),
                Side::Server => on_server.push(at),
                Side::Unknown => either.push(at),
            }
        }
    }
    let started = !(on_client.is_empty() && on_server.is_empty() && either.is_empty());
    if !started {
        return if installed.is_empty() {
            let cites = ctx
                .manifests
                .packages
                .iter()
                .flat_map(|p| {
                    p.manifests
                        .iter()
                        .map(|m| Citation::new(m.clone(), 1, "no error tracker"))
                })
                .collect();
            vec![Evidence::new(
                "error-tracking",
                "error-tracking",
                Answer::No,
                Confidence::High,
                "No error tracker (Sentry or the like) in the dependencies or the code: production errors reach no one.",
                cites,
            )]
        } else {
            vec![Evidence::new(
                "error-tracking",
                "error-tracking",
                Answer::No,
                Confidence::Medium,
                "An error tracker is installed but never started in the code.",
                installed,
            )]
        };
    }
    let client_ok = !client || !on_client.is_empty();
    let server_ok = !server || !on_server.is_empty();
    let mut cites = on_client;
    cites.extend(on_server);
    if client_ok && server_ok {
        return vec![Evidence::new(
            "error-tracking",
            "error-tracking",
            Answer::Yes,
            Confidence::Medium,
            "An error tracker starts in every part of the app; whether it alerts someone is set in the tracker itself.",
            cites,
        )];
    }
    if either.is_empty() && !cites.is_empty() {
        let missing = if client_ok { "server" } else { "browser" };
        return vec![Evidence::new(
            "error-tracking",
            "error-tracking",
            Answer::Unsure,
            Confidence::Medium,
            format!("An error tracker starts in part of the app only: {missing} errors are not captured."),
            cites,
        )];
    }
    Vec::new()
}

fn logs(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut seen = BTreeSet::new();
    let (mut logged, mut swallowed) = (Vec::new(), Vec::new());
    for (e, _) in ctx.endpoints {
        for place in &e.scope {
            let f = &ctx.code.files[place.file];
            for line in f
                .lines_of(ctx.p.catch_start)
                .filter(|l| place.lines.contains(l))
            {
                if !seen.insert((place.file, line)) {
                    continue;
                }
                let block = f.catch_block(line);
                // For Python the block starts at `except`; its body is below it.
                let body = if f.lang == Lang::Py {
                    block.start + 1..block.end
                } else {
                    block.clone()
                };
                let reported = f.has_in(ctx.p.log_call, &block) || f.has_in(ctx.p.rethrow, &body);
                let at = Citation::new(f.path.clone(), line, e.name.clone());
                if reported {
                    logged.push(at);
                } else {
                    swallowed.push(Citation {
                        note: format!("{}: error swallowed, nothing logged", e.name),
                        ..at
                    });
                }
            }
        }
    }
    let total = logged.len() + swallowed.len();
    if swallowed.len() >= 2 && swallowed.len() * 2 >= total {
        let n = swallowed.len();
        return vec![Evidence::new(
            "useful-logs",
            "debuggable-failures",
            Answer::No,
            Confidence::Medium,
            format!("{n} of {total} error handlers in your endpoints answer the caller without logging what went wrong."),
            swallowed,
        )];
    }
    if total >= 2 && swallowed.is_empty() {
        return vec![Evidence::new(
            "useful-logs",
            "debuggable-failures",
            Answer::Yes,
            Confidence::Medium,
            "Every error handler in your endpoints logs or reports the error.",
            logged,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    const VITE: &str =
        r#"{"dependencies":{"react":"18","@sentry/react":"8"},"devDependencies":{"vite":"5"}}"#;
    const NEXT: &str = r#"{"dependencies":{"next":"14","@sentry/nextjs":"8"}}"#;

    fn tracking_of(files: &[(&str, &str)]) -> Vec<(String, &'static str, bool)> {
        let b = build(files);
        answers(&tracking(&b.ctx()))
    }

    #[test]
    fn trackers_by_part() {
        let yes = [("error-tracking".to_owned(), "yes", false)];
        assert_eq!(
            tracking_of(&[
                ("package.json", VITE),
                ("src/main.tsx", "Sentry.init({ dsn });\n")
            ]),
            yes
        );
        assert_eq!(
            tracking_of(&[
                ("package.json", NEXT),
                ("sentry.client.config.ts", "Sentry.init({ dsn });\n"),
                ("sentry.server.config.ts", "Sentry.init({ dsn });\n"),
            ]),
            yes
        );
        assert_eq!(
            tracking_of(&[
                ("package.json", NEXT),
                ("sentry.client.config.ts", "Sentry.init({ dsn });\n")
            ]),
            [("error-tracking".to_owned(), "unsure", true)]
        );
        assert_eq!(
            tracking_of(&[
                ("package.json", VITE),
                ("src/main.tsx", "render(<App />);\n")
            ]),
            [("error-tracking".to_owned(), "no", true)]
        );
        let none = build(&[
            ("package.json", r#"{"dependencies":{"next":"14"}}"#),
            ("app/page.tsx", "x"),
        ]);
        let items = tracking(&none.ctx());
        assert_eq!(answers(&items), [("error-tracking".to_owned(), "no", true)]);
        assert_eq!(items[0].confidence, Confidence::High);
        assert!(tracking_of(&[
            ("package.json", NEXT),
            ("lib/monitoring.ts", "Sentry.init({ dsn });\n")
        ])
        .is_empty());
        assert!(
            tracking_of(&[("README.md", "hi")]).is_empty(),
            "nothing to run"
        );
    }

    #[test]
    fn swallowed_errors_and_logged_ones() {
        let swallow = "export async function POST(req) {\n  try {\n    await prisma.a.create({ data: {} });\n  } catch (e) {\n    return Response.json({ error: 'failed' }, { status: 500 });\n  }\n}\nexport async function PUT(req) {\n  try {\n    await prisma.a.update({ where: {}, data: {} });\n  } catch {\n  }\n}\n";
        let b = build(&[("app/api/a/route.ts", swallow)]);
        let items = logs(&b.ctx());
        assert_eq!(
            answers(&items),
            [("debuggable-failures".into(), "no", true)]
        );
        assert_eq!(
            items[0]
                .citations
                .iter()
                .map(|c| c.line)
                .collect::<Vec<_>>(),
            [4, 11]
        );
        let logged = "export async function POST(req) {\n  try { await x(); } catch (e) {\n    console.error('x failed', e);\n    return new Response(null, { status: 500 });\n  }\n}\nexport async function GET() {\n  try { await y(); } catch (err) { throw err; }\n}\n";
        let b = build(&[("app/api/b/route.ts", logged)]);
        assert_eq!(
            answers(&logs(&b.ctx())),
            [("debuggable-failures".into(), "yes", false)]
        );
        let py = "@router.post('/x')\ndef x():\n    try:\n        run()\n    except Exception:\n        return {'ok': False}\n\n@router.post('/y')\ndef y():\n    try:\n        run()\n    except ValueError:\n        pass\n";
        let b = build(&[("api/routes.py", py)]);
        assert_eq!(
            answers(&logs(&b.ctx())),
            [("debuggable-failures".into(), "no", true)]
        );
    }
}
