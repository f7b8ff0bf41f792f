//! `secrets-exposed`: "yes" when a live secret is where someone other than the server
//! can read it.
//!
//! - The secret scanner's findings with verdict `secret` (public-by-design keys and
//!   test keys never count) from a provider's own key format — the `generic-*`
//!   rules (a `password = "…"` or `api_key: …` assignment) stay in the scan's
//!   findings but are not evidence: on real code they still fire on look-alikes
//!   (`status: ok ? 'pass' : 'warning'`, `PASSWORD=changethis`) — in a bundle, source
//!   code or a config file; or in a
//!   `.env` file that no `.gitignore` beside or above it excludes (it is in the
//!   repository: a GitHub zip only holds tracked files).
//! - A secret read through a browser-public variable name (`VITE_…SERVICE_ROLE_KEY`,
//!   `NEXT_PUBLIC_OPENAI_API_KEY`) in code bundled for the browser: the build copies
//!   the value into every visitor's JavaScript, whatever the value is.
//!
//! Never "no": the files cannot show the repository's history, build logs or the
//! docs the question also asks about.

use super::{Context, Side};
use crate::catalog::assess::Answer;
use crate::finding::{Category, Context as Where, Verdict};
use crate::project::code::is_env_file;
use crate::project::evidence::{Citation, Confidence, Evidence};
use crate::project::manifest::parent;
use crate::project::tree::base_name;

pub const QUESTION: &str = "secrets-exposed";

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut out = Vec::new();
    let mut exposed = Vec::new();
    for f in ctx.findings {
        if f.category != Category::Secret
            || f.verdict() != Some(Verdict::Secret)
            || f.rule.starts_with("generic-")
        {
            continue;
        }
        if local_database(ctx, f) {
            continue;
        }
        let note = match f.context {
            Where::ServerEnv => {
                let name = base_name(&f.file).to_ascii_lowercase();
                if !is_env_file(&name) || ignored(ctx, &f.file) {
                    continue;
                }
                format!("{} in an env file no .gitignore excludes", f.title)
            }
            Where::ClientBundle => format!("{} in the front-end bundle", f.title),
            _ => format!("{} in {}", f.title, f.context.as_str().replace('-', " ")),
        };
        exposed.push(Citation::new(f.file.clone(), f.line, note));
    }
    if !exposed.is_empty() {
        let n = exposed.len();
        out.push(Evidence::new(
            "secret-scan",
            QUESTION,
            Answer::Yes,
            Confidence::High,
            format!(
                "{n} live secret{} found outside the server's private environment.",
                if n == 1 { "" } else { "s" }
            ),
            exposed,
        ));
    }
    let mut public = Vec::new();
    for f in &ctx.code.files {
        if !f.has(ctx.p.public_secret_env) || ctx.side(f) != Side::Client {
            continue;
        }
        for line in f.lines_of(ctx.p.public_secret_env) {
            public.push(Citation::new(
                f.path.clone(),
                line,
                "a secret read through a browser-public variable",
            ));
        }
    }
    if !public.is_empty() {
        out.push(Evidence::new(
            "service-role-in-client",
            QUESTION,
            Answer::Yes,
            Confidence::High,
            "Browser code reads a secret (a service-role or API key) through a public environment variable: the build puts its value in the JavaScript every visitor downloads.",
            public,
        ));
    }
    out
}

/// A database URL whose host is this machine or a compose service: a development
/// credential that opens nothing reachable.
fn local_database(ctx: &Context<'_>, f: &crate::finding::Finding) -> bool {
    if !f.rule.ends_with("-url-password") {
        return false;
    }
    let Some(text) = ctx.tree.file(&f.file).and_then(|t| t.text()) else {
        return false;
    };
    let line = text
        .lines()
        .nth(f.line.saturating_sub(1) as usize)
        .unwrap_or("");
    [
        "@localhost",
        "@127.0.0.1",
        "@0.0.0.0",
        "@host.docker.internal",
        "@db:",
        "@postgres:",
        "@mysql:",
        "@mongo:",
        "@redis:",
    ]
    .iter()
    .any(|h| line.contains(h))
}

/// Whether a `.gitignore` in the env file's folder or above excludes it.
fn ignored(ctx: &Context<'_>, path: &str) -> bool {
    let mut dir = parent(path).to_owned();
    let mut verdict = None;
    loop {
        let gitignore = if dir.is_empty() {
            ".gitignore".to_owned()
        } else {
            format!("{dir}/.gitignore")
        };
        if let Some(text) = ctx.tree.file(&gitignore).and_then(|f| f.text()) {
            let relative = path.strip_prefix(&format!("{dir}/")).unwrap_or(path);
            // The deepest .gitignore with an opinion decides.
            if verdict.is_none() {
                verdict = gitignore_verdict(text, relative);
            }
        }
        if dir.is_empty() {
            break;
        }
        dir = parent(&dir).to_owned();
    }
    verdict.unwrap_or(false)
}

/// What one `.gitignore` says about `relative` (a file): `Some(true)` ignored,
/// `Some(false)` re-included by a `!` line, `None` no line matches. The last matching
/// line wins, as in git. Supported: `*`, `**`, `?`, leading `/`, trailing `/`
/// (folders), `!`; character classes are read literally. Hand-written because only
/// env-file names are asked about; the `ignore` crate walks a file system.
pub fn gitignore_verdict(text: &str, relative: &str) -> Option<bool> {
    let mut verdict = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negate, pattern) = match line.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, line),
        };
        if let Some(dir) = pattern.strip_suffix('/') {
            // A folder pattern: the file is ignored if a folder on its path matches.
            let parts: Vec<&str> = relative.split('/').collect();
            let hit = (1..parts.len()).any(|end| matches_path(dir, &parts[..end].join("/")));
            if hit {
                verdict = Some(!negate);
            }
            continue;
        }
        if matches_path(pattern, relative) {
            verdict = Some(!negate);
        }
    }
    verdict
}

fn matches_path(pattern: &str, path: &str) -> bool {
    let anchored = pattern.starts_with('/') || pattern.trim_start_matches('/').contains('/');
    let pattern = pattern.trim_start_matches('/');
    if anchored {
        glob(pattern, path)
    } else {
        glob(pattern, base_name(path))
            || path
                .match_indices('/')
                .any(|(i, _)| glob(pattern, &path[i + 1..]))
    }
}

/// `*` (not across `/`), `**` (across), `?`.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                let rest = &p[2..];
                let rest = rest.strip_prefix(&['/']).unwrap_or(rest);
                (0..=t.len()).any(|i| go(rest, &t[i..]))
            }
            Some('*') => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != '/')
                .any(|i| go(&p[1..], &t[i..])),
            Some('?') => t.first().is_some_and(|&c| c != '/') && go(&p[1..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build, secret};
    use super::*;

    #[test]
    fn gitignore_lines_decide_like_git() {
        let cases: &[(&str, &str, Option<bool>)] = &[
            (".env\n", ".env", Some(true)),
            (".env\n", "apps/web/.env", Some(true)),
            ("*.local\n", ".env.local", Some(true)),
            ("*.local\n", ".env", None),
            (".env*\n!.env.example\n", ".env.production", Some(true)),
            (".env*\n!.env.production\n", ".env.production", Some(false)),
            ("/.env\n", "web/.env", None),
            ("web/.env\n", "web/.env", Some(true)),
            ("config/\n", "config/.env", Some(true)),
            ("**/.env\n", "a/b/.env", Some(true)),
            ("# .env\n\n", ".env", None),
            ("node_modules\ndist\n", ".env", None),
        ];
        for (text, path, want) in cases {
            assert_eq!(gitignore_verdict(text, path), *want, "{text:?} {path}");
        }
    }

    fn live(file: &str, context: Where) -> crate::finding::Finding {
        secret("stripe-secret-key", Verdict::Secret, context, file, 2)
    }

    #[test]
    fn live_secrets_outside_a_private_env_are_exposed() {
        let mut b = build(&[
            (".gitignore", "node_modules\n*.local\n"),
            (".env", "STRIPE_SECRET_KEY=x\n"),
            (".env.local", "STRIPE_SECRET_KEY=x\n"),
            ("src/pay.ts", "x"),
        ]);
        b.findings = vec![
            live(".env.local", Where::ServerEnv),
            live(".env", Where::ServerEnv),
            live("src/pay.ts", Where::SourceCode),
            secret(
                "generic-password",
                Verdict::Secret,
                Where::SourceCode,
                "src/form.tsx",
                9,
            ),
        ];
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("secrets-exposed".into(), "yes", true)]);
        let files: Vec<&str> = items[0].citations.iter().map(|c| c.file.as_str()).collect();
        assert_eq!(
            files,
            [".env", "src/pay.ts"],
            "the ignored .env.local is private"
        );
        assert!(items[0].citations[0]
            .note
            .contains("no .gitignore excludes"));
        assert!(
            !format!("{items:?}").contains("sk_live"),
            "no secret value in evidence"
        );
    }

    #[test]
    fn local_database_passwords_are_not_exposures() {
        let mut b = build(&[(".env.development", "DATABASE_URL=postgresql://app:devpass@localhost:5432/app\nPROD=postgresql://app:x@db.example.com/app\n")]);
        b.findings = vec![
            secret(
                "postgres-url-password",
                Verdict::Secret,
                Where::ServerEnv,
                ".env.development",
                1,
            ),
            secret(
                "postgres-url-password",
                Verdict::Secret,
                Where::ServerEnv,
                ".env.development",
                2,
            ),
        ];
        let items = detect(&b.ctx());
        assert_eq!(
            items[0]
                .citations
                .iter()
                .map(|c| c.line)
                .collect::<Vec<_>>(),
            [2]
        );
    }

    #[test]
    fn public_and_test_keys_and_ignored_envs_say_nothing() {
        let mut b = build(&[(".gitignore", ".env\n"), (".env", "X=1")]);
        b.findings = vec![
            secret(
                "stripe-publishable-key",
                Verdict::Public,
                Where::ClientBundle,
                "dist/a.js",
                1,
            ),
            secret(
                "stripe-test-key",
                Verdict::Test,
                Where::SourceCode,
                "src/a.ts",
                1,
            ),
            live(".env", Where::ServerEnv),
        ];
        assert!(detect(&b.ctx()).is_empty());
    }

    #[test]
    fn public_env_names_holding_secrets_in_browser_code() {
        let vite = r#"{"dependencies":{"react":"18","@supabase/supabase-js":"2"},"devDependencies":{"vite":"5"}}"#;
        let b = build(&[
            ("package.json", vite),
            ("src/lib/admin.ts", "export const admin = createClient(url, import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY);\n"),
            ("src/lib/client.ts", "export const supabase = createClient(url, import.meta.env.VITE_SUPABASE_ANON_KEY);\n"),
        ]);
        let items = detect(&b.ctx());
        assert_eq!(answers(&items), [("secrets-exposed".into(), "yes", true)]);
        assert_eq!(items[0].citations[0].file, "src/lib/admin.ts");
        // The same name in Next.js server code is not shipped.
        let next = build(&[
            ("package.json", r#"{"dependencies":{"next":"14"}}"#),
            ("app/api/x/route.ts", "const k = process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY;\nexport async function GET() {}\n"),
        ]);
        assert!(detect(&next.ctx()).is_empty());
        let client = build(&[
            ("package.json", r#"{"dependencies":{"next":"14"}}"#),
            (
                "components/Admin.tsx",
                "'use client';\nconst k = process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY;\n",
            ),
        ]);
        assert_eq!(detect(&client.ctx()).len(), 1);
    }
}
