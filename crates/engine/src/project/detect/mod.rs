//! The evidence detectors: small functions over one shared [`Context`], each
//! answering one or two checklist questions when the code decides them, and nothing
//! otherwise.
//!
//! | detector | question(s) | from |
//! | --- | --- | --- |
//! | [`secrets`] | `secrets-exposed` | the secret scanner's findings; browser-public env names holding secrets |
//! | [`access`] | `cross-tenant-access`, `access-config-reviewed` | the access analyzer's `access-*` findings; CORS findings |
//! | [`open`] | `open-endpoints` | endpoints and what their handlers reach |
//! | [`input`] | `input-validation` | handlers that read a body and write or call a model |
//! | [`limits`] | `rate-limits` | sign-in, password, AI, checkout and upload endpoints; rate limiters |
//! | [`errors`] | `error-tracking`, `debuggable-failures` | error trackers started in browser and server code; catch blocks |
//! | [`environments`] | `env-separation` | `.env*` files compared; backend URLs written into code; CI environments |
//! | [`ci`] | `regression-tests` | test files; CI workflows and build scripts that run them |
//! | [`stripe`] | `stripe-webhook-unverified` | Stripe webhook handlers and `constructEvent` |
//! | [`ai`] | `ai-prompt-injection`, `ai-unsafe-tool-use` | request text in system prompts; model output run as code or SQL |
//!
//! `docs/evidence.md` says what each decides, from what, and its known limits.

pub mod access;
pub mod ai;
pub mod ci;
pub mod environments;
pub mod errors;
pub mod input;
pub mod limits;
pub mod open;
pub mod secrets;
pub mod stripe;

use super::code::{Code, CodeFile};
use super::endpoints::{Endpoint, Facts};
use super::evidence::Evidence;
use super::manifest::Manifests;
use super::patterns::Patterns;
use super::stack::Stack;
use super::tree::Tree;
use crate::catalog::project::Lang;
use crate::finding::Finding;

/// Everything a detector may read.
pub struct Context<'a> {
    pub tree: &'a Tree,
    pub code: &'a Code,
    pub manifests: &'a Manifests,
    pub stack: &'a Stack,
    pub endpoints: &'a [(Endpoint, Facts)],
    /// The scanners' findings over the same files (secrets, CORS, and database access
    /// rules when that analyzer runs).
    pub findings: &'a [Finding],
    pub p: Patterns,
}

/// Runs every detector.
pub fn run(ctx: &Context<'_>) -> Vec<Evidence> {
    let detectors: [fn(&Context<'_>) -> Vec<Evidence>; 10] = [
        secrets::detect,
        access::detect,
        open::detect,
        input::detect,
        limits::detect,
        errors::detect,
        environments::detect,
        ci::detect,
        stripe::detect,
        ai::detect,
    ];
    detectors.iter().flat_map(|d| d(ctx)).collect()
}

/// Where a file's code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Bundled for the browser (or a phone).
    Client,
    Server,
    /// Could be either (a Next.js `lib/` module imported from both sides).
    Unknown,
}

/// Frameworks whose source is all bundled for the browser or a phone.
const CLIENT_ONLY: [&str; 7] = [
    "vite-react",
    "vite-vue",
    "create-react-app",
    "expo",
    "react-native",
    "angular",
    "astro",
];

impl Context<'_> {
    /// Where `f`'s code runs, from its name, its directives and its package.
    pub fn side(&self, f: &CodeFile) -> Side {
        let path = f.path.as_str();
        let name = f.name();
        if f.lang == Lang::Py {
            return Side::Server;
        }
        if f.lang == Lang::Html {
            return Side::Client;
        }
        let server_name = name.contains(".server.")
            || name.starts_with("sentry.server.")
            || name.starts_with("sentry.edge.")
            || name.starts_with("instrumentation.")
            || name.starts_with("middleware.")
            || name.starts_with("entry.server.")
            || name.starts_with("hooks.server.")
            || name.starts_with("next.config.")
            || name.starts_with("+server.");
        let server_dir = [
            "supabase/functions",
            "functions",
            "server",
            "api",
            "scripts",
            "backend",
        ]
        .iter()
        .any(|d| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/")));
        let is_endpoint_file = self
            .endpoints
            .iter()
            .any(|(e, _)| self.code.files[e.file].path == f.path);
        if server_name
            || is_endpoint_file
            || f.has(self.p.use_server)
            || f.has(self.p.server_framework_import)
            || (server_dir && !f.has(self.p.use_client))
        {
            return Side::Server;
        }
        let client_name = name.starts_with("sentry.client.")
            || name.starts_with("instrumentation-client.")
            || name.starts_with("entry.client.")
            || name.starts_with("hooks.client.")
            || name.ends_with(".svelte")
            || name.ends_with(".vue");
        let next_pages = path.starts_with("pages/") || path.contains("/pages/");
        if f.has(self.p.use_client) || client_name {
            return Side::Client;
        }
        let package = self.manifests.package_of(path);
        let next = package.is_some_and(|p| p.dependency("next").is_some());
        if next && next_pages {
            return Side::Client;
        }
        let client_only = package.is_some_and(|pkg| {
            CLIENT_ONLY.iter().any(|id| {
                self.stack.items.iter().any(|i| {
                    &i.id == id
                        && i.citations.iter().any(|c| {
                            self.manifests
                                .package_of(&c.file)
                                .is_some_and(|q| q.dir == pkg.dir)
                        })
                })
            })
        });
        if client_only && !next {
            return Side::Client;
        }
        Side::Unknown
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds a [`Context`] from files given inline, for the detectors' tests.
    use super::*;
    use crate::catalog::project::ProjectRules;
    use crate::project::endpoints;

    pub struct Built {
        pub tree: Tree,
        pub code: Code,
        pub manifests: Manifests,
        pub stack: Stack,
        pub endpoints: Vec<(Endpoint, Facts)>,
        pub findings: Vec<Finding>,
    }

    pub fn build(files: &[(&str, &str)]) -> Built {
        let tree = Tree::from_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        );
        let rules = ProjectRules::built_in();
        let code = Code::prepare(&tree, rules);
        let manifests = Manifests::read(&tree);
        let stack = Stack::detect(&tree, &manifests, rules);
        let p = Patterns::resolve(rules).unwrap();
        let endpoints = endpoints::discover(&code, &manifests, &p);
        Built {
            tree,
            code,
            manifests,
            stack,
            endpoints,
            findings: Vec::new(),
        }
    }

    impl Built {
        pub fn ctx(&self) -> Context<'_> {
            Context {
                tree: &self.tree,
                code: &self.code,
                manifests: &self.manifests,
                stack: &self.stack,
                endpoints: &self.endpoints,
                findings: &self.findings,
                p: Patterns::resolve(ProjectRules::built_in()).unwrap(),
            }
        }
    }

    /// A secret finding as the scanner reports it (the masked value only).
    pub fn secret(
        rule: &str,
        verdict: crate::finding::Verdict,
        context: crate::finding::Context,
        file: &str,
        line: u32,
    ) -> Finding {
        Finding {
            rule: rule.into(),
            category: crate::finding::Category::Secret,
            severity: crate::finding::Severity::Critical,
            title: format!("{rule} (test)"),
            why: "Anyone with it can spend your money.".into(),
            fix: "Rotate it.".into(),
            file: file.into(),
            line,
            column: 1,
            context,
            origin: None,
            secret: Some(crate::finding::SecretDetail {
                verdict,
                masked: "sk_live_****************abcd".into(),
                ..Default::default()
            }),
            cors: None,
            access: None,
        }
    }

    /// A finding of another scanner: a CORS finding, or (by its rule id only) one of
    /// the database access analyzer's `access-*` findings.
    pub fn other(rule: &str, severity: crate::finding::Severity, file: &str, line: u32) -> Finding {
        let access = rule.starts_with("access-");
        Finding {
            rule: rule.into(),
            category: if access {
                crate::finding::Category::Access
            } else {
                crate::finding::Category::Cors
            },
            severity,
            title: format!("{rule} (test)"),
            why: "w".into(),
            fix: "f".into(),
            file: file.into(),
            line,
            column: 1,
            context: crate::finding::Context::SourceCode,
            origin: None,
            secret: None,
            cors: (!access).then(Default::default),
            access: access.then(Default::default),
        }
    }

    /// `(question, answer, risky)` of each item, for compact assertions.
    pub fn answers(items: &[Evidence]) -> Vec<(String, &'static str, bool)> {
        items
            .iter()
            .map(|e| (e.question.clone(), e.answer.as_str(), e.risky))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::build;
    use super::*;

    #[test]
    fn sides_follow_names_directives_and_packages() {
        let b = build(&[
            (
                "web/package.json",
                r#"{"dependencies":{"react":"18"},"devDependencies":{"vite":"5"}}"#,
            ),
            ("web/src/App.tsx", "export default function App() {}"),
            ("web/index.html", "<div id=root></div>"),
            ("next/package.json", r#"{"dependencies":{"next":"14"}}"#),
            ("next/lib/db.ts", "export const db = 1;"),
            (
                "next/components/Form.tsx",
                "'use client';\nexport function Form() {}",
            ),
            ("next/pages/index.tsx", "export default function Home() {}"),
            ("next/sentry.server.config.ts", "Sentry.init({});"),
            ("next/app/api/x/route.ts", "export async function GET() {}"),
            ("api/main.py", "app = FastAPI()"),
            (
                "supabase/functions/hello/index.ts",
                "Deno.serve(() => new Response('hi'));",
            ),
        ]);
        let ctx = b.ctx();
        let side = |path: &str| ctx.side(ctx.code.file(path).unwrap());
        assert_eq!(side("web/src/App.tsx"), Side::Client);
        assert_eq!(side("web/index.html"), Side::Client);
        assert_eq!(side("next/lib/db.ts"), Side::Unknown);
        assert_eq!(side("next/components/Form.tsx"), Side::Client);
        assert_eq!(side("next/pages/index.tsx"), Side::Client);
        assert_eq!(side("next/sentry.server.config.ts"), Side::Server);
        assert_eq!(side("next/app/api/x/route.ts"), Side::Server);
        assert_eq!(side("api/main.py"), Side::Server);
        assert_eq!(side("supabase/functions/hello/index.ts"), Side::Server);
    }
}
