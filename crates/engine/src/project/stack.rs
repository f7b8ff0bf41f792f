//! What the app is built with, from its manifests and a few telling files
//! (`rules/project/stack.toml`), each technology with the lines that show it.

use serde::{Deserialize, Serialize};

use super::evidence::Citation;
use super::manifest::{Ecosystem, Manifests};
use super::tree::{base_name, Role, Tree};
use crate::catalog::project::{ProjectRules, Tech, TechKind};

/// Citations kept per technology.
const MAX_SHOWN: usize = 4;

/// One technology the project uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackItem {
    pub id: String,
    pub name: String,
    pub kind: TechKind,
    /// The version a manifest or lockfile gives, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A refinement ("app router", "pages router").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The manifest lines and files that show it.
    pub citations: Vec<Citation>,
}

/// The detected stack, ordered by kind, then name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Stack {
    pub items: Vec<StackItem>,
}

impl Stack {
    /// Reads the stack from the manifests and the tree's source files.
    pub fn detect(tree: &Tree, manifests: &Manifests, rules: &ProjectRules) -> Stack {
        let mut items: Vec<StackItem> = rules
            .techs()
            .iter()
            .filter_map(|tech| detect_one(tech, tree, manifests))
            .collect();
        if let Some(next) = items.iter_mut().find(|i| i.id == "nextjs") {
            next.detail = next_router(tree);
        }
        items.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.name.cmp(&b.name)));
        Stack { items }
    }

    pub fn has(&self, id: &str) -> bool {
        self.items.iter().any(|i| i.id == id)
    }

    pub fn of_kind(&self, kind: TechKind) -> impl Iterator<Item = &StackItem> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    /// Whether the app calls AI models (adds the AI red-team questions).
    pub fn uses_ai(&self) -> bool {
        self.of_kind(TechKind::Ai).next().is_some()
    }

    /// Third-party services integrated (backends, auth providers, payments, AI, error
    /// tracking, email), a provider counted once: Supabase Auth is part of Supabase.
    pub fn integrations(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.kind.is_integration())
            .filter(|i| {
                !i.id
                    .strip_suffix("-auth")
                    .is_some_and(|provider| self.has(provider))
            })
            .count()
    }
}

fn detect_one(tech: &Tech, tree: &Tree, manifests: &Manifests) -> Option<StackItem> {
    let mut citations = Vec::new();
    let mut version = None;
    for package in &manifests.packages {
        let found: Vec<_> = match package.ecosystem {
            Ecosystem::Npm => {
                if !tech.with.iter().all(|w| package.dependency(w).is_some()) {
                    continue;
                }
                package
                    .dependencies
                    .iter()
                    .filter(|d| tech.has_package(&d.name))
                    .collect()
            }
            Ecosystem::Python => package
                .dependencies
                .iter()
                .filter(|d| tech.has_python(&d.name))
                .collect(),
        };
        for d in found {
            if version.is_none() {
                version = d
                    .resolved
                    .clone()
                    .or_else(|| (!d.spec.is_empty()).then(|| d.spec.clone()));
            }
            citations.push(Citation::new(d.file.clone(), d.line, d.name.clone()));
        }
    }
    for file in tree.with_role(Role::Source) {
        if tech
            .files
            .iter()
            .any(|pattern| path_matches(pattern, &file.path))
        {
            citations.push(Citation::new(file.path.clone(), 1, ""));
        }
    }
    if citations.is_empty() {
        return None;
    }
    citations.sort();
    citations.dedup();
    citations.truncate(MAX_SHOWN);
    Some(StackItem {
        id: tech.id.clone(),
        name: tech.name.clone(),
        kind: tech.kind,
        version,
        detail: None,
        citations,
    })
}

/// Whether `path` is `pattern` at the root or under any folder; `*` in the last
/// component matches any run of characters.
fn path_matches(pattern: &str, path: &str) -> bool {
    let (pdir, pname) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let dir_ok = pdir.is_empty() || dir == pdir || dir.ends_with(&format!("/{pdir}"));
    dir_ok && glob_name(pname, name)
}

fn glob_name(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
    }
}

/// "app router", "pages router" or both, from where a Next.js app's pages live.
fn next_router(tree: &Tree) -> Option<String> {
    let code = |name: &str| {
        name.rsplit_once('.')
            .is_some_and(|(_, e)| matches!(e, "tsx" | "ts" | "jsx" | "js" | "mdx"))
    };
    let mut app = false;
    let mut pages = false;
    for f in tree.with_role(Role::Source) {
        let p = f.path.as_str();
        let name = base_name(p);
        let under =
            |dir: &str| p.starts_with(&format!("{dir}/")) || p.contains(&format!("/{dir}/"));
        if (under("app") || under("src/app"))
            && code(name)
            && ["page.", "layout.", "route."]
                .iter()
                .any(|s| name.starts_with(s))
        {
            app = true;
        }
        if (under("pages") || under("src/pages")) && code(name) {
            pages = true;
        }
    }
    match (app, pages) {
        (true, true) => Some("app and pages routers".into()),
        (true, false) => Some("app router".into()),
        (false, true) => Some("pages router".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(files: &[(&str, &str)]) -> Stack {
        let tree = Tree::from_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        );
        let manifests = Manifests::read(&tree);
        Stack::detect(&tree, &manifests, ProjectRules::built_in())
    }

    fn ids(s: &Stack) -> Vec<&str> {
        s.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn a_next_supabase_stripe_app() {
        let s = stack(&[
            (
                "package.json",
                r#"{"dependencies":{"next":"14.2.3","@supabase/ssr":"^0.1.0","@supabase/supabase-js":"^2","stripe":"^14","openai":"^4"},"devDependencies":{"@sentry/nextjs":"^8"}}"#,
            ),
            (
                "app/api/webhooks/route.ts",
                "export async function POST() {}",
            ),
            ("app/page.tsx", "export default function Page() {}"),
            ("vercel.json", "{}"),
        ]);
        assert_eq!(
            ids(&s),
            [
                "nextjs",
                "supabase",
                "supabase-auth",
                "stripe",
                "openai",
                "vercel",
                "sentry"
            ]
        );
        let next = &s.items[0];
        assert_eq!(next.detail.as_deref(), Some("app router"));
        assert_eq!(next.version.as_deref(), Some("14.2.3"));
        assert_eq!(next.citations[0], Citation::new("package.json", 1, "next"));
        assert!(s.uses_ai());
        assert_eq!(s.integrations(), 4, "supabase, stripe, openai, sentry");
    }

    #[test]
    fn vite_react_needs_both_and_python_names_normalise() {
        let s = stack(&[
            (
                "web/package.json",
                r#"{"dependencies":{"react":"^18","firebase":"^10"},"devDependencies":{"vite":"^5"}}"#,
            ),
            ("api/requirements.txt", "FastAPI==0.110\nsentry_sdk==2.0\n"),
            ("web/firebase.json", "{}"),
        ]);
        assert_eq!(
            ids(&s),
            [
                "vite-react",
                "fastapi",
                "firebase",
                "firebase-hosting",
                "sentry"
            ]
        );
        let vue = stack(&[(
            "package.json",
            r#"{"devDependencies":{"vite":"^5"},"dependencies":{"vue":"^3"}}"#,
        )]);
        assert_eq!(ids(&vue), ["vite-vue"]);
        assert!(!stack(&[("package.json", "{}")]).uses_ai());
    }

    #[test]
    fn file_patterns_match_names_in_any_folder() {
        for (pattern, path, want) in [
            ("next.config.*", "next.config.mjs", true),
            ("next.config.*", "apps/web/next.config.ts", true),
            ("next.config.*", "next.config", false),
            ("supabase/config.toml", "supabase/config.toml", true),
            ("supabase/config.toml", "x/supabase/config.toml", true),
            ("supabase/config.toml", "config.toml", false),
            ("Dockerfile", "api/Dockerfile", true),
        ] {
            assert_eq!(path_matches(pattern, path), want, "{pattern} {path}");
        }
    }

    #[test]
    fn next_routers_are_told_apart() {
        let pkg = r#"{"dependencies":{"next":"13"}}"#;
        let pages = stack(&[
            ("package.json", pkg),
            ("pages/index.tsx", "x"),
            ("pages/api/a.ts", "x"),
        ]);
        assert_eq!(pages.items[0].detail.as_deref(), Some("pages router"));
        let both = stack(&[
            ("package.json", pkg),
            ("src/pages/a.tsx", "x"),
            ("src/app/layout.tsx", "x"),
        ]);
        assert_eq!(
            both.items[0].detail.as_deref(),
            Some("app and pages routers")
        );
    }
}
