//! `env-separation`: are development, staging and production kept apart?
//!
//! Read from the `.env*` files dropped with the project (values are compared, never
//! shown or kept: a Supabase project is named by the first four letters of its ref):
//! - "no" (high) when a development-side file (`.env`, `.env.local`,
//!   `.env.development`, `.env.test`, `.env.staging`) and a production file
//!   (`.env.production`, `.env.prod`) point at the same Supabase project, the same
//!   database host and name, or the same Firebase project; or when a development-only
//!   file (`.env.local`, `.env.development`, `.env.test`, `.env.staging` — not `.env`,
//!   which a server may use as its production file) holds a live Stripe secret key
//!   (`sk_live_`, `rk_live_`): testing moves real money;
//! - "no" (medium) when browser code writes the Supabase project URL or the Firebase
//!   project id into itself instead of reading it from the environment: every build,
//!   preview and production alike, talks to that one backend;
//! - "yes" (medium: separate files are not separate hosting) when development and
//!   production files both name their backend and every one differs, or CI deploys
//!   to both a staging and a production environment;
//! - absent otherwise.

use super::{Context, Side};
use crate::catalog::assess::Answer;
use crate::catalog::project::Lang;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub const QUESTION: &str = "env-separation";

/// Which environment an env file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Env {
    /// Read in development (and, for `.env`, as the default everywhere).
    Dev,
    Prod,
}

fn env_of(name: &str) -> Option<Env> {
    let n = name.to_ascii_lowercase();
    let rest = n.strip_prefix(".env")?;
    let rest = rest.trim_end_matches(".local");
    match rest {
        "" | ".development" | ".dev" | ".test" | ".staging" | ".stage" => Some(Env::Dev),
        ".production" | ".prod" => Some(Env::Prod),
        _ => None,
    }
}

/// What names a backend, as read from one value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Backend {
    Supabase(String),
    Database(String),
    Firebase(String),
}

impl Backend {
    fn kind(&self) -> u8 {
        match self {
            Backend::Supabase(_) => 0,
            Backend::Database(_) => 1,
            Backend::Firebase(_) => 2,
        }
    }

    /// Safe to show: the kind and a four-letter hint.
    fn label(&self) -> String {
        let hint = |s: &str| s.chars().take(4).collect::<String>();
        match self {
            Backend::Supabase(r) => format!("Supabase project {}…", hint(r)),
            Backend::Database(h) => format!("database host {}…", hint(h)),
            Backend::Firebase(p) => format!("Firebase project {}…", hint(p)),
        }
    }
}

fn backend_of(key: &str, value: &str) -> Option<Backend> {
    let v = value.trim().trim_matches(['"', '\'']);
    if let Some(rest) = v.strip_prefix("https://") {
        let host = rest.split(['/', ':']).next().unwrap_or("");
        if let Some(reference) = host.strip_suffix(".supabase.co") {
            return Some(Backend::Supabase(reference.to_owned()));
        }
    }
    for scheme in [
        "postgres://",
        "postgresql://",
        "mysql://",
        "mongodb://",
        "mongodb+srv://",
    ] {
        if let Some(rest) = v.strip_prefix(scheme) {
            let after_auth = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            let (host, db) = after_auth.split_once('/').unwrap_or((after_auth, ""));
            let host = host.split(':').next().unwrap_or(host);
            let db = db.split('?').next().unwrap_or("");
            return Some(Backend::Database(format!("{host}/{db}")));
        }
    }
    let k = key.to_ascii_uppercase();
    if k.contains("FIREBASE") && k.ends_with("PROJECT_ID") && !v.is_empty() {
        return Some(Backend::Firebase(v.to_owned()));
    }
    None
}

fn live_stripe(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    (v.starts_with("sk_live_") || v.starts_with("rk_live_")) && v.len() > 20
}

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    // (env, backend, citation) for every value that names a backend.
    let mut named: Vec<(Env, Backend, Citation)> = Vec::new();
    let mut live_in_dev = Vec::new();
    for f in ctx.code.files.iter().filter(|f| f.lang == Lang::Env) {
        let Some(env) = env_of(f.name()) else {
            continue;
        };
        for (i, line) in f.lines.iter().enumerate() {
            let line = line.trim().trim_start_matches("export ");
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let at = Citation::new(f.path.clone(), i as u32 + 1, key.trim().to_owned());
            if let Some(b) = backend_of(key, value) {
                named.push((env, b, at.clone()));
            }
            if env == Env::Dev && live_stripe(value) && !f.name().eq_ignore_ascii_case(".env") {
                live_in_dev.push(Citation {
                    note: format!("{}: a live Stripe key in a development file", key.trim()),
                    ..at
                });
            }
        }
    }
    let mut shared = Vec::new();
    for (env, b, at) in &named {
        if *env != Env::Prod {
            continue;
        }
        for (other_env, other, other_at) in &named {
            if *other_env == Env::Dev && other == b {
                shared.push(Citation {
                    note: format!("{}, also used in development", b.label()),
                    ..at.clone()
                });
                shared.push(Citation {
                    note: format!("{}, also used in production", b.label()),
                    ..other_at.clone()
                });
            }
        }
    }
    let mut out = Vec::new();
    if !shared.is_empty() || !live_in_dev.is_empty() {
        let summary = if shared.is_empty() {
            "A development env file holds a live Stripe key: tests charge real cards."
        } else {
            "Development and production env files point at the same backend: a test run changes production data."
        };
        shared.extend(live_in_dev);
        out.push(Evidence::new(
            "env-files",
            QUESTION,
            Answer::No,
            Confidence::High,
            summary,
            shared,
        ));
        return out;
    }
    let literal: Vec<Citation> = ctx
        .code
        .files
        .iter()
        .filter(|f| f.lang == Lang::Js && ctx.side(f) != Side::Server)
        .flat_map(|f| {
            f.lines_of(ctx.p.supabase_url_literal)
                .chain(f.lines_of(ctx.p.firebase_config_literal))
                .map(|l| Citation::new(f.path.clone(), l, "backend address written into the code"))
                .collect::<Vec<_>>()
        })
        .collect();
    if !literal.is_empty() {
        out.push(Evidence::new(
            "hard-coded-backend",
            QUESTION,
            Answer::No,
            Confidence::Medium,
            "The app's code names its one backend (Supabase URL or Firebase project) directly: every build, from local development to production, uses the same database.",
            literal,
        ));
        return out;
    }
    let kinds = |env: Env| {
        let mut k: Vec<u8> = named
            .iter()
            .filter(|(e, ..)| *e == env)
            .map(|(_, b, _)| b.kind())
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    let (dev, prod) = (kinds(Env::Dev), kinds(Env::Prod));
    let common: Vec<u8> = dev.iter().copied().filter(|k| prod.contains(k)).collect();
    if !common.is_empty() {
        let cites = named
            .iter()
            .filter(|(_, b, _)| common.contains(&b.kind()))
            .map(|(_, b, at)| Citation {
                note: b.label(),
                ..at.clone()
            })
            .collect();
        out.push(Evidence::new(
            "env-files",
            QUESTION,
            Answer::Yes,
            Confidence::Medium,
            "Development and production env files point at different backends.",
            cites,
        ));
        return out;
    }
    let mut environments: Vec<Citation> = Vec::new();
    let (mut staging, mut production) = (false, false);
    for f in ctx.code.files.iter().filter(|f| f.lang == Lang::Yaml) {
        for l in f.lines_of(ctx.p.workflow_environment) {
            let text = f.line(l).to_ascii_lowercase();
            let s = ["staging", "stage", "preview"]
                .iter()
                .any(|w| text.contains(w));
            let p = ["production", "prod"].iter().any(|w| text.contains(w))
                && !text.contains("non-prod");
            if s || p {
                staging |= s;
                production |= p;
                environments.push(Citation::new(
                    f.path.clone(),
                    l,
                    f.line(l).trim().to_owned(),
                ));
            }
        }
    }
    if staging && production {
        out.push(Evidence::new(
            "ci-environments",
            QUESTION,
            Answer::Yes,
            Confidence::Medium,
            "CI deploys to separate staging and production environments.",
            environments,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    const REF_A: &str = "abcdefghijklmnopqrst";
    const REF_B: &str = "tsrqponmlkjihgfedcba";

    fn env(reference: &str) -> String {
        format!(
            "VITE_SUPABASE_URL=https://{reference}.supabase.co\nVITE_SUPABASE_ANON_KEY=eyJ.x.y\n"
        )
    }

    #[test]
    fn the_same_backend_in_dev_and_prod_is_a_no() {
        let b = build(&[(".env", &env(REF_A)), (".env.production", &env(REF_A))]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("env-separation".into(), "no", true)]);
        assert_eq!(items[0].confidence, Confidence::High);
        assert!(
            items[0].citations.iter().all(|c| !c.note.contains(REF_A)),
            "the ref is not shown whole"
        );
        let db = build(&[
            (
                ".env.local",
                "DATABASE_URL=postgresql://app:pw1@db.example.com:5432/app\n",
            ),
            (
                ".env.production",
                "DATABASE_URL=\"postgresql://app:pw2@db.example.com/app?sslmode=require\"\n",
            ),
        ]);
        assert_eq!(
            answers(&detect(&db.ctx())),
            [("env-separation".into(), "no", true)]
        );
    }

    #[test]
    fn a_live_stripe_key_in_development_is_a_no() {
        let key = format!("sk_live_{}", "Ab3dE".repeat(6));
        let b = build(&[(".env.development", &format!("STRIPE_SECRET_KEY={key}\n"))]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("env-separation".into(), "no", true)]);
        assert!(!format!("{items:?}").contains(&key));
    }

    #[test]
    fn hard_coded_backends_and_separate_ones() {
        let lovable = build(&[(
            "src/integrations/supabase/client.ts",
            &format!("const SUPABASE_URL = \"https://{REF_A}.supabase.co\";\nexport const supabase = createClient(SUPABASE_URL, KEY);\n"),
        )]);
        let items = detect(&lovable.ctx());
        assert_eq!(answers(&items), [("env-separation".into(), "no", true)]);
        assert_eq!(items[0].confidence, Confidence::Medium);
        let separate = build(&[
            (".env.development", &env(REF_A)),
            (".env.production", &env(REF_B)),
        ]);
        assert_eq!(
            answers(&detect(&separate.ctx())),
            [("env-separation".into(), "yes", false)]
        );
        let ci = build(&[(
            ".github/workflows/deploy.yml",
            "jobs:\n  staging:\n    environment: staging\n  prod:\n    environment: production\n",
        )]);
        assert_eq!(
            answers(&detect(&ci.ctx())),
            [("env-separation".into(), "yes", false)]
        );
        let one = build(&[
            (".env", &env(REF_A)),
            (
                "src/a.ts",
                "const url = import.meta.env.VITE_SUPABASE_URL;\n",
            ),
        ]);
        assert!(
            detect(&one.ctx()).is_empty(),
            "one env file decides nothing"
        );
    }
}
