//! `regression-tests` (an evidence item, not a checklist question): do automated
//! tests run before each deploy?
//!
//! Test files: `*.test.*`, `*.spec.*`, files under `__tests__/`, `tests/`, `test/`,
//! `e2e/`, `cypress/`, Python `test_*.py` / `*_test.py`. They *run before deploy* when
//! a CI configuration (GitHub Actions, GitLab, CircleCI, Bitbucket, Azure) has a step
//! that runs them (`npm test`, `vitest`, `pytest`, `playwright test`…), or a build or
//! deploy script of `package.json` does — an `npm test` counts only if the package's
//! `test` script is not npm's placeholder.
//! - "no" (high) when there is no test file at all;
//! - "no" (medium: a host's build command set in its dashboard could run them) when
//!   tests exist and nothing in the project runs them;
//! - "yes" (medium: a CI run is not always a gate on the deploy) otherwise.

use super::Context;
use crate::catalog::assess::Answer;
use crate::catalog::project::Lang;
use crate::project::evidence::{Citation, Confidence, Evidence};
use crate::project::tree::{base_name, Role};

pub const ITEM: &str = "regression-tests";

/// Whether `path` is a test file.
pub fn is_test_file(path: &str) -> bool {
    let name = base_name(path);
    let code = [
        ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".py", ".svelte", ".vue",
    ]
    .iter()
    .any(|e| name.ends_with(e));
    if !code {
        return false;
    }
    let in_dir = |d: &str| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/"));
    name.contains(".test.")
        || name.contains(".spec.")
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name.ends_with("_test.py")
        || ["__tests__", "tests", "test", "e2e", "cypress"]
            .iter()
            .any(|d| in_dir(d))
}

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let tests: Vec<&str> = ctx
        .tree
        .with_role(Role::Source)
        .map(|f| f.path.as_str())
        .filter(|p| is_test_file(p))
        .collect();
    let has_code = ctx
        .code
        .files
        .iter()
        .any(|f| matches!(f.lang, Lang::Js | Lang::Py));
    if tests.is_empty() {
        if !has_code {
            return Vec::new();
        }
        let cites = ctx
            .manifests
            .packages
            .iter()
            .flat_map(|p| {
                p.manifests
                    .iter()
                    .map(|m| Citation::new(m.clone(), 1, "no test files in the project"))
            })
            .collect();
        return vec![Evidence::new(
            "tests-ci",
            ITEM,
            Answer::No,
            Confidence::High,
            "No automated tests: every deploy is checked by hand, or not at all.",
            cites,
        )];
    }
    let placeholder = |dir: &str| {
        ctx.manifests
            .packages
            .iter()
            .find(|p| p.dir == dir)
            .and_then(|p| p.scripts.get("test"))
            .is_some_and(|t| t.contains("no test specified"))
    };
    let mut runs = Vec::new();
    for f in &ctx.code.files {
        let ci = f.lang == Lang::Yaml;
        let manifest = f.lang == Lang::Json;
        if !(ci || manifest) {
            continue;
        }
        for l in f.lines_of(ctx.p.test_command) {
            let line = f.line(l);
            let npm_test =
                line.contains(" test") && !line.contains("vitest") && !line.contains("pytest");
            if ci && npm_test && placeholder("") {
                continue;
            }
            runs.push(Citation::new(f.path.clone(), l, line.trim().to_owned()));
        }
    }
    let n = tests.len();
    if runs.is_empty() {
        let cites = tests
            .iter()
            .take(3)
            .map(|p| Citation::new(*p, 1, "test file"))
            .collect();
        return vec![Evidence::new(
            "tests-ci",
            ITEM,
            Answer::No,
            Confidence::Medium,
            format!(
                "{n} test file{} but no CI workflow or build step runs them before a deploy.",
                if n == 1 { "" } else { "s" }
            ),
            cites,
        )];
    }
    vec![Evidence::new(
        "tests-ci",
        ITEM,
        Answer::Yes,
        Confidence::Medium,
        format!(
            "{n} test file{}, run by CI or the build.",
            if n == 1 { "" } else { "s" }
        ),
        runs,
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    #[test]
    fn test_files_are_named_so() {
        for (p, want) in [
            ("src/lib/price.test.ts", true),
            ("src/__tests__/App.tsx", true),
            ("backend/tests/test_items.py", true),
            ("e2e/login.spec.ts", true),
            ("src/testing.ts", false),
            ("src/contest.ts", false),
            ("tests/README.md", false),
        ] {
            assert_eq!(is_test_file(p), want, "{p}");
        }
    }

    #[test]
    fn none_some_and_run_in_ci() {
        let none = build(&[
            (
                "package.json",
                r#"{"scripts":{"test":"echo \"Error: no test specified\" && exit 1"}}"#,
            ),
            ("src/a.ts", "x"),
        ]);
        let items = detect(&none.ctx());
        assert_eq!(answers(&items), [("regression-tests".into(), "no", true)]);
        assert_eq!(items[0].confidence, Confidence::High);
        let unrun = build(&[
            ("package.json", r#"{"scripts":{"test":"vitest"}}"#),
            ("src/a.test.ts", "x"),
        ]);
        assert_eq!(
            answers(&detect(&unrun.ctx())),
            [("regression-tests".into(), "no", true)]
        );
        let ci = build(&[
            ("package.json", r#"{"scripts":{"test":"vitest"}}"#),
            ("src/a.test.ts", "x"),
            (
                ".github/workflows/ci.yml",
                "jobs:\n  test:\n    steps:\n      - run: npm ci\n      - run: npm test\n",
            ),
        ]);
        let items = detect(&ci.ctx());
        assert_eq!(answers(&items), [("regression-tests".into(), "yes", false)]);
        assert_eq!(
            (
                items[0].citations[0].file.as_str(),
                items[0].citations[0].line
            ),
            (".github/workflows/ci.yml", 5)
        );
        let build_script = build(&[
            (
                "package.json",
                "{\n  \"scripts\": {\n    \"build\": \"vitest run && vite build\"\n  }\n}",
            ),
            ("src/a.test.ts", "x"),
        ]);
        assert_eq!(
            answers(&detect(&build_script.ctx())),
            [("regression-tests".into(), "yes", false)]
        );
        let placeholder = build(&[
            (
                "package.json",
                r#"{"scripts":{"test":"echo \"Error: no test specified\" && exit 1"}}"#,
            ),
            ("tests/a.test.js", "x"),
            (".github/workflows/ci.yml", "      - run: npm test\n"),
        ]);
        assert_eq!(
            answers(&detect(&placeholder.ctx())),
            [("regression-tests".into(), "no", true)]
        );
    }
}
