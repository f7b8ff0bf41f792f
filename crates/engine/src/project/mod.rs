//! A whole project, dropped as a folder or a zip: its files, its manifests, what it is
//! built with, and the checklist questions its code answers — with file:line
//! citations, and nothing guessed.
//!
//! Layered above [`crate::scan`] (the secret and CORS scanners read its files) and
//! below [`crate::assess`] (evidence answers feed the assessment through
//! [`answers::state_with_evidence`], the one place where they meet).
//!
//! ```text
//! folder / zip ──► tree (skip rules, caps) ──► manifests ──► stack
//!                        │                          └──► code (patterns) ──► endpoints
//!                        └──► scan inputs ──► scanner findings ──┐               │
//!                                                                 └──► detectors ◄┘ ──► evidence
//! ```
//!
//! # Example
//! ```
//! use shipcheck_engine::project::{tree::Tree, Project};
//! use shipcheck_engine::scan::Scanner;
//! let tree = Tree::from_files(vec![
//!     ("package.json".into(), br#"{"dependencies":{"next":"14.2.3"}}"#.to_vec()),
//!     ("app/api/notes/route.ts".into(), b"export async function POST(req: Request) {\n  const body = await req.json();\n  await prisma.note.create({ data: body });\n}\n".to_vec()),
//! ]);
//! let project = Project::read(tree);
//! assert_eq!(project.stack.items[0].name, "Next.js");
//! let findings = Scanner::built_in().scan(project.scan_inputs()).findings;
//! let evidence = project.evidence(&findings);
//! let open = evidence.iter().find(|e| e.question == "open-endpoints").unwrap();
//! assert!(open.risky);
//! assert_eq!(open.citations[0].file, "app/api/notes/route.ts");
//! ```

pub mod answers;
pub mod archive;
pub mod code;
pub mod detect;
pub mod endpoints;
pub mod evidence;
pub mod manifest;
pub mod patterns;
pub mod stack;
pub mod tree;

use serde::{Deserialize, Serialize};

use crate::catalog::project::{Lang, ProjectRules};
use crate::finding::Finding;
use crate::scan::ScanInput;
use code::Code;
use endpoints::{Endpoint, Facts};
use evidence::Evidence;
use manifest::Manifests;
use patterns::Patterns;
use stack::Stack;
use tree::{Role, Tree};

/// A project read: everything but the scanners' findings.
#[derive(Debug)]
pub struct Project {
    pub tree: Tree,
    pub manifests: Manifests,
    pub stack: Stack,
    code: Code,
    endpoints: Vec<(Endpoint, Facts)>,
    patterns: Option<Patterns>,
}

/// What was measured about the app, for the estimate and the AI questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measured {
    /// Source files of code (JavaScript/TypeScript, Python), tests included.
    pub code_files: usize,
    /// Their lines, tests left out.
    pub code_lines: usize,
    /// Server endpoints of the app's own.
    pub endpoints: usize,
    /// Third-party services integrated (see [`Stack::integrations`]).
    pub integrations: usize,
    /// An AI SDK is in the stack.
    pub uses_ai: bool,
    /// Test files exist.
    pub has_tests: bool,
    /// 0 small, 1 medium, 2 large (see [`Measured::app_size`]).
    pub app_size: u32,
}

impl Measured {
    /// The app-size choice from lines of code: under 8,000 small, under 40,000
    /// medium, above large (a Lovable app of a dozen screens is about 5,000 lines of
    /// its own, without the generated `components/ui`).
    pub fn app_size(code_lines: usize) -> u32 {
        match code_lines {
            0..8_000 => 0,
            8_000..40_000 => 1,
            _ => 2,
        }
    }
}

impl Project {
    /// Reads the manifests, the stack, the code and its endpoints.
    pub fn read(tree: Tree) -> Project {
        let rules = ProjectRules::built_in();
        let manifests = Manifests::read(&tree);
        let stack = Stack::detect(&tree, &manifests, rules);
        let code = Code::prepare(&tree, rules);
        let patterns = Patterns::resolve(rules);
        let endpoints = patterns
            .as_ref()
            .map(|p| endpoints::discover(&code, &manifests, p))
            .unwrap_or_default();
        Project {
            tree,
            manifests,
            stack,
            code,
            endpoints,
            patterns,
        }
    }

    /// What the secret and CORS scanners read: source files and client build
    /// output, never lockfiles.
    pub fn scan_inputs(&self) -> Vec<ScanInput> {
        self.tree
            .files()
            .iter()
            .filter(|f| f.role != Role::Lockfile)
            .map(|f| ScanInput::new(f.path.clone(), f.bytes.clone()))
            .collect()
    }

    /// The checklist answers the code decides, given the scanners' findings over the
    /// same files. One item per question; a question the code does not decide is
    /// not in the list.
    pub fn evidence(&self, findings: &[Finding]) -> Vec<Evidence> {
        let Some(p) = self.patterns else {
            return Vec::new();
        };
        let ctx = detect::Context {
            tree: &self.tree,
            code: &self.code,
            manifests: &self.manifests,
            stack: &self.stack,
            endpoints: &self.endpoints,
            findings,
            p,
        };
        evidence::merge(detect::run(&ctx))
    }

    /// The endpoints found, with what each handler does.
    pub fn endpoints(&self) -> &[(Endpoint, Facts)] {
        &self.endpoints
    }

    /// The path of an endpoint's file.
    pub fn endpoint_file(&self, e: &Endpoint) -> &str {
        &self.code.files[e.file].path
    }

    pub fn measured(&self) -> Measured {
        let code: Vec<_> = self
            .code
            .files
            .iter()
            .filter(|f| matches!(f.lang, Lang::Js | Lang::Py))
            .collect();
        let tests = code
            .iter()
            .filter(|f| detect::ci::is_test_file(&f.path))
            .count();
        let code_lines = code
            .iter()
            .filter(|f| !detect::ci::is_test_file(&f.path))
            .map(|f| f.lines.iter().filter(|l| !l.trim().is_empty()).count())
            .sum();
        Measured {
            code_files: code.len(),
            code_lines,
            endpoints: self.endpoints.len(),
            integrations: self.stack.integrations(),
            uses_ai: self.stack.uses_ai(),
            has_tests: tests > 0,
            app_size: Measured::app_size(code_lines),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Scanner;

    #[test]
    fn a_project_measures_and_gives_evidence_end_to_end() {
        let tree = Tree::from_files(vec![
            ("package.json".into(), br#"{"dependencies":{"react":"18","openai":"4"},"devDependencies":{"vite":"5","vitest":"1"}}"#.to_vec()),
            ("src/App.tsx".into(), b"export default function App() {\n  return null;\n}\n".to_vec()),
            ("src/App.test.tsx".into(), b"test('x', () => {});\n".to_vec()),
            ("package-lock.json".into(), br#"{"packages":{"node_modules/react":{"version":"18.3.1"}}}"#.to_vec()),
        ]);
        let project = Project::read(tree);
        let m = project.measured();
        assert_eq!((m.code_files, m.code_lines, m.endpoints), (2, 3, 0));
        assert!(m.uses_ai && m.has_tests);
        assert_eq!((m.integrations, m.app_size), (1, 0));
        let inputs = project.scan_inputs();
        assert!(
            inputs.iter().all(|i| i.name != "package-lock.json"),
            "lockfiles are not scanned"
        );
        let findings = Scanner::built_in().scan(inputs).findings;
        let evidence = project.evidence(&findings);
        let ids: Vec<&str> = evidence.iter().map(|e| e.question.as_str()).collect();
        assert_eq!(ids, ["error-tracking", "regression-tests"]);
    }

    #[test]
    fn app_sizes() {
        assert_eq!(Measured::app_size(0), 0);
        assert_eq!(Measured::app_size(8_000), 1);
        assert_eq!(Measured::app_size(40_000), 2);
    }
}
