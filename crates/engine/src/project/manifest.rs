//! Package manifests: `package.json`, `requirements.txt`, `pyproject.toml`, and the
//! lockfiles beside them (read for the resolved version of each dependency only).
//!
//! A folder with a manifest is a [`Package`]; a monorepo has several (`apps/web`,
//! `apps/api`). A lockfile applies to its own folder and every package below it (npm,
//! pnpm and yarn workspaces keep one lockfile at the root). Hand-written readers for
//! the lockfile formats: each is a line format or a few keys, and only names and
//! versions are taken — a full YAML parser for `pnpm-lock.yaml` would be most of the
//! scan worker's budget for two fields.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::tree::{base_name, Role, Tree, TreeFile};
use crate::catalog::project::python_name;

/// Which package registry a manifest's names belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ecosystem {
    Npm,
    Python,
}

/// One dependency as its manifest declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub name: String,
    /// The range or pin written in the manifest (`^14.2.3`, `>=0.114,<1`).
    pub spec: String,
    /// The version a lockfile resolved it to, when one was dropped with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// A development-only dependency (`devDependencies`, a dev group).
    pub dev: bool,
    /// The manifest and the 1-based line that declares it.
    pub file: String,
    pub line: u32,
}

/// A folder with a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    /// The folder, relative to the project ("" for its root).
    pub dir: String,
    pub ecosystem: Ecosystem,
    /// The manifests read (`package.json`; `requirements.txt` and/or `pyproject.toml`).
    pub manifests: Vec<String>,
    /// The `name` field, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub dependencies: Vec<Dependency>,
    /// npm `scripts` (name → command).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub scripts: BTreeMap<String, String>,
    /// The lockfile the resolved versions came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockfile: Option<String>,
}

impl Package {
    pub fn dependency(&self, name: &str) -> Option<&Dependency> {
        match self.ecosystem {
            Ecosystem::Npm => self.dependencies.iter().find(|d| d.name == name),
            Ecosystem::Python => {
                let name = python_name(name);
                self.dependencies
                    .iter()
                    .find(|d| python_name(&d.name) == name)
            }
        }
    }

    /// Whether `path` is inside this package's folder.
    pub fn contains(&self, path: &str) -> bool {
        self.dir.is_empty() || path.starts_with(&format!("{}/", self.dir))
    }
}

/// Every package of the tree, sorted by folder, plus a note for each manifest that
/// could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifests {
    pub packages: Vec<Package>,
    pub notes: Vec<String>,
}

impl Manifests {
    pub fn read(tree: &Tree) -> Manifests {
        let mut out = Manifests::default();
        let mut python: BTreeMap<String, Package> = BTreeMap::new();
        for file in tree.with_role(Role::Source) {
            let dir = parent(&file.path).to_owned();
            match file.name() {
                "package.json" => match read_package_json(file) {
                    Ok(p) => out.packages.push(p),
                    Err(e) => out.notes.push(e),
                },
                "requirements.txt" | "pyproject.toml" => {
                    let Some(text) = file.text() else { continue };
                    let package = python.entry(dir.clone()).or_insert_with(|| Package {
                        dir: dir.clone(),
                        ecosystem: Ecosystem::Python,
                        manifests: Vec::new(),
                        name: None,
                        dependencies: Vec::new(),
                        scripts: BTreeMap::new(),
                        lockfile: None,
                    });
                    package.manifests.push(file.path.clone());
                    let read = if file.name() == "requirements.txt" {
                        Ok(requirements(&file.path, text))
                    } else {
                        pyproject(&file.path, text).map(|(name, deps)| {
                            package.name = package.name.take().or(name);
                            deps
                        })
                    };
                    match read {
                        Ok(deps) => package.dependencies.extend(deps),
                        Err(e) => out.notes.push(e),
                    }
                }
                _ => {}
            }
        }
        out.packages.extend(python.into_values());
        let locks = lockfiles(tree);
        for package in &mut out.packages {
            resolve(package, &locks);
        }
        out.packages
            .sort_by(|a, b| a.dir.cmp(&b.dir).then(a.ecosystem.cmp(&b.ecosystem)));
        out
    }

    /// The package a file belongs to: the deepest one whose folder holds it.
    pub fn package_of(&self, path: &str) -> Option<&Package> {
        self.packages
            .iter()
            .filter(|p| p.contains(path))
            .max_by_key(|p| p.dir.len())
    }
}

/// The folder of a path ("" at the root).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn read_package_json(file: &TreeFile) -> Result<Package, String> {
    let text = file.text().ok_or_else(|| {
        format!(
            "{}: not UTF-8 text; its dependencies were not read",
            file.path
        )
    })?;
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "{}: not valid JSON ({e}); its dependencies were not read",
            file.path
        )
    })?;
    let mut dependencies = Vec::new();
    for (section, dev) in [
        ("dependencies", false),
        ("devDependencies", true),
        ("optionalDependencies", false),
        ("peerDependencies", false),
    ] {
        let Some(map) = v.get(section).and_then(Value::as_object) else {
            continue;
        };
        let from = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for (name, spec) in map {
            if dependencies.iter().any(|d: &Dependency| &d.name == name) {
                continue;
            }
            dependencies.push(Dependency {
                name: name.clone(),
                spec: spec.as_str().unwrap_or("").to_owned(),
                resolved: None,
                dev,
                file: file.path.clone(),
                line: line_of_key(text, from, name),
            });
        }
    }
    let scripts = v
        .get("scripts")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    Ok(Package {
        dir: parent(&file.path).to_owned(),
        ecosystem: Ecosystem::Npm,
        manifests: vec![file.path.clone()],
        name: v.get("name").and_then(Value::as_str).map(str::to_owned),
        dependencies,
        scripts,
        lockfile: None,
    })
}

/// The 1-based line of `"key":` at or after byte `from` (1 if not found).
fn line_of_key(text: &str, from: usize, key: &str) -> u32 {
    let needle = format!("\"{key}\"");
    let at = text
        .get(from..)
        .and_then(|rest| rest.find(&needle))
        .map(|i| from + i)
        .or_else(|| text.find(&needle));
    at.map_or(1, |i| line_at(text, i))
}

/// The 1-based line of byte offset `at`.
pub fn line_at(text: &str, at: usize) -> u32 {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// `name==1.0`, `name[extra]>=1,<2 ; python_version>"3.8"`, …; options, includes,
/// URLs and comments are left out.
fn requirements(path: &str, text: &str) -> Vec<Dependency> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') || line.contains("://")
        {
            continue;
        }
        if let Some((name, spec)) = split_requirement(line) {
            out.push(Dependency {
                name,
                spec,
                resolved: None,
                dev: false,
                file: path.to_owned(),
                line: i as u32 + 1,
            });
        }
    }
    out
}

/// `fastapi[standard]<1.0.0,>=0.114.2` → (`fastapi`, `<1.0.0,>=0.114.2`).
fn split_requirement(req: &str) -> Option<(String, String)> {
    let req = req.split(';').next().unwrap_or("").trim();
    let end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len());
    let name = &req[..end];
    if name.is_empty() {
        return None;
    }
    let rest = req[end..].trim_start();
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.split_once(']').map_or("", |(_, after)| after),
        None => rest,
    };
    Some((name.to_owned(), rest.trim().to_owned()))
}

/// `[project] dependencies` (PEP 621), `[project.optional-dependencies]`,
/// `[dependency-groups]` and Poetry's `[tool.poetry.*dependencies]`.
#[allow(clippy::type_complexity)]
fn pyproject(path: &str, text: &str) -> Result<(Option<String>, Vec<Dependency>), String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| {
        format!(
            "{path}: not valid TOML ({}); its dependencies were not read",
            e.message()
        )
    })?;
    let mut out = Vec::new();
    let add = |req: &str, dev: bool, out: &mut Vec<Dependency>| {
        if let Some((name, spec)) = split_requirement(req) {
            if name.eq_ignore_ascii_case("python")
                || out.iter().any(|d: &Dependency| d.name == name)
            {
                return;
            }
            let line = text
                .find(&format!("\"{name}"))
                .or_else(|| text.find(&format!("\n{name} ")))
                .or_else(|| text.find(&format!("\n{name}=")))
                .map_or(1, |i| line_at(text, i + 1));
            out.push(Dependency {
                name,
                spec,
                resolved: None,
                dev,
                file: path.to_owned(),
                line,
            });
        }
    };
    let project = doc.get("project");
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for req in strings(project.and_then(|p| p.get("dependencies"))) {
        add(&req, false, &mut out);
    }
    for table in [
        project.and_then(|p| p.get("optional-dependencies")),
        doc.get("dependency-groups"),
    ] {
        if let Some(groups) = table.and_then(toml::Value::as_table) {
            for list in groups.values() {
                for req in strings(Some(list)) {
                    add(&req, true, &mut out);
                }
            }
        }
    }
    if let Some(poetry) = doc.get("tool").and_then(|t| t.get("poetry")) {
        let mut tables: Vec<(&toml::Value, bool)> = Vec::new();
        if let Some(d) = poetry.get("dependencies") {
            tables.push((d, false));
        }
        if let Some(d) = poetry.get("dev-dependencies") {
            tables.push((d, true));
        }
        if let Some(groups) = poetry.get("group").and_then(toml::Value::as_table) {
            for g in groups.values() {
                if let Some(d) = g.get("dependencies") {
                    tables.push((d, true));
                }
            }
        }
        for (table, dev) in tables {
            for (name, spec) in table.as_table().into_iter().flatten() {
                let spec = spec
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| {
                        spec.get("version")
                            .and_then(|v| v.as_str())
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                add(&format!("{name}{spec}"), dev, &mut out);
            }
        }
    }
    let name = project
        .and_then(|p| p.get("name"))
        .or_else(|| {
            doc.get("tool")
                .and_then(|t| t.get("poetry"))
                .and_then(|p| p.get("name"))
        })
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    Ok((name, out))
}

/// Resolved versions of one lockfile: name → version.
struct Lock {
    path: String,
    dir: String,
    ecosystem: Ecosystem,
    versions: BTreeMap<String, String>,
}

fn lockfiles(tree: &Tree) -> Vec<Lock> {
    let mut out = Vec::new();
    for file in tree.with_role(Role::Lockfile) {
        let Some(text) = file.text() else { continue };
        let (ecosystem, versions) = match file.name() {
            "package-lock.json" | "npm-shrinkwrap.json" => (Ecosystem::Npm, npm_lock(text)),
            "yarn.lock" => (Ecosystem::Npm, yarn_lock(text)),
            "pnpm-lock.yaml" => (Ecosystem::Npm, pnpm_lock(text)),
            "bun.lock" => (Ecosystem::Npm, bun_lock(text)),
            "poetry.lock" | "uv.lock" => (Ecosystem::Python, toml_lock(text)),
            _ => continue,
        };
        out.push(Lock {
            path: file.path.clone(),
            dir: parent(&file.path).to_owned(),
            ecosystem,
            versions,
        });
    }
    out
}

/// Fills `resolved` from the nearest lockfile at or above the package's folder.
fn resolve(package: &mut Package, locks: &[Lock]) {
    let within = |lock: &&Lock| {
        lock.ecosystem == package.ecosystem
            && (lock.dir.is_empty()
                || package.dir == lock.dir
                || package.dir.starts_with(&format!("{}/", lock.dir)))
    };
    let Some(lock) = locks.iter().filter(within).max_by_key(|l| l.dir.len()) else {
        return;
    };
    package.lockfile = Some(lock.path.clone());
    for dep in &mut package.dependencies {
        let key = match package.ecosystem {
            Ecosystem::Npm => dep.name.clone(),
            Ecosystem::Python => python_name(&dep.name),
        };
        dep.resolved = lock.versions.get(&key).cloned();
    }
}

/// npm lockfile v2/v3 (`packages["node_modules/x"].version`) or v1
/// (`dependencies.x.version`); top-level installs only.
fn npm_lock(text: &str) -> BTreeMap<String, String> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    if let Some(packages) = v.get("packages").and_then(Value::as_object) {
        for (key, p) in packages {
            let Some(name) = key.strip_prefix("node_modules/") else {
                continue;
            };
            if name.contains("/node_modules/") {
                continue;
            }
            if let Some(version) = p.get("version").and_then(Value::as_str) {
                out.insert(name.to_owned(), version.to_owned());
            }
        }
    } else if let Some(deps) = v.get("dependencies").and_then(Value::as_object) {
        for (name, p) in deps {
            if let Some(version) = p.get("version").and_then(Value::as_str) {
                out.insert(name.clone(), version.to_owned());
            }
        }
    }
    out
}

/// yarn.lock v1 (`"name@^1", name@^1.2:` then `  version "1.2.3"`) and berry
/// (`"name@npm:^1":` then `  version: 1.2.3`).
fn yarn_lock(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') && !line.starts_with('#') {
            current = line
                .trim_end_matches(':')
                .split(", ")
                .filter_map(|spec| {
                    let spec = spec.trim().trim_matches('"');
                    let at = spec[1..].find('@')? + 1;
                    Some(spec[..at].to_owned())
                })
                .collect();
        } else if let Some(rest) = line.trim_start().strip_prefix("version") {
            let version = rest.trim_start_matches(':').trim().trim_matches('"');
            for name in current.drain(..) {
                out.entry(name).or_insert_with(|| version.to_owned());
            }
        }
    }
    out
}

/// pnpm-lock.yaml: package keys `/name@1.2.3:` (v5/v6) or `name@1.2.3:` (v9), under
/// `packages:`.
fn pnpm_lock(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut in_packages = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_packages = line.starts_with("packages:");
            continue;
        }
        if !in_packages || !line.starts_with("  ") || line.starts_with("   ") {
            continue;
        }
        let key = line.trim().trim_end_matches(':').trim_matches(['\'', '"']);
        let key = key.strip_prefix('/').unwrap_or(key);
        if key.len() < 2 {
            continue;
        }
        if let Some(at) = key[1..].find('@').map(|i| i + 1) {
            let version: String = key[at + 1..]
                .chars()
                .take_while(|c| !matches!(c, '(' | '_' | ':'))
                .collect();
            out.entry(key[..at].to_owned()).or_insert(version);
        }
    }
    out
}

/// bun.lock (JSON with trailing commas): `"name": ["name@1.2.3", …]`.
fn bun_lock(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix('"') else {
            continue;
        };
        let Some((key, after)) = rest.split_once("\": [\"") else {
            continue;
        };
        let Some(spec) = after.split('"').next() else {
            continue;
        };
        if let Some(version) = spec.strip_prefix(&format!("{key}@")) {
            out.entry(key.to_owned())
                .or_insert_with(|| version.to_owned());
        }
    }
    out
}

/// poetry.lock / uv.lock: `[[package]]` tables with `name` and `version`.
fn toml_lock(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            name = None;
        } else if let Some(v) = line.strip_prefix("name = ") {
            name = Some(python_name(v.trim_matches('"')));
        } else if let Some(v) = line.strip_prefix("version = ") {
            if let Some(n) = name.take() {
                out.entry(n)
                    .or_insert_with(|| v.trim_matches('"').to_owned());
            }
        }
    }
    out
}

/// Whether `path` is a manifest this module reads.
pub fn is_manifest(path: &str) -> bool {
    matches!(
        base_name(path),
        "package.json" | "requirements.txt" | "pyproject.toml"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> Tree {
        Tree::from_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        )
    }

    const PACKAGE_JSON: &str = r#"{
  "name": "web",
  "scripts": { "build": "next build", "test": "vitest" },
  "dependencies": {
    "next": "14.2.3",
    "@supabase/ssr": "^0.1.0"
  },
  "devDependencies": {
    "vitest": "^1.6.0"
  }
}"#;

    #[test]
    fn package_json_names_lines_and_scripts() {
        let m = Manifests::read(&tree(&[("apps/web/package.json", PACKAGE_JSON)]));
        let p = &m.packages[0];
        assert_eq!(
            (p.dir.as_str(), p.name.as_deref()),
            ("apps/web", Some("web"))
        );
        let deps: Vec<(&str, u32, bool)> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.line, d.dev))
            .collect();
        assert_eq!(
            deps,
            [
                ("@supabase/ssr", 6, false),
                ("next", 5, false),
                ("vitest", 9, true)
            ]
        );
        assert_eq!(p.scripts["test"], "vitest");
        assert!(p.contains("apps/web/src/a.ts") && !p.contains("apps/webx/a.ts"));
    }

    #[test]
    fn lockfiles_resolve_versions_from_the_nearest_folder() {
        let npm = r#"{"lockfileVersion":3,"packages":{"":{},"node_modules/next":{"version":"14.2.3"},"node_modules/a/node_modules/next":{"version":"1.0.0"}}}"#;
        let yarn = "# yarn lockfile v1\n\n\"@supabase/ssr@^0.1.0\", \"@supabase/ssr@^0.1.1\":\n  version \"0.1.4\"\n  resolved \"x\"\n";
        let pnpm = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      vitest:\n        specifier: ^1\n        version: 1.6.1\n\npackages:\n\n  vitest@1.6.1:\n    resolution: {integrity: sha512-x}\n\n  '@supabase/ssr@0.1.2(@supabase/supabase-js@2.0.0)':\n    resolution: {}\n";
        let m = Manifests::read(&tree(&[
            ("package.json", PACKAGE_JSON),
            ("package-lock.json", npm),
            ("web/package.json", PACKAGE_JSON),
            ("web/yarn.lock", yarn),
            ("pn/package.json", PACKAGE_JSON),
            ("pn/pnpm-lock.yaml", pnpm),
        ]));
        let resolved = |dir: &str, name: &str| {
            m.packages
                .iter()
                .find(|p| p.dir == dir)
                .unwrap()
                .dependency(name)
                .unwrap()
                .resolved
                .clone()
        };
        assert_eq!(resolved("", "next").as_deref(), Some("14.2.3"));
        assert_eq!(resolved("web", "@supabase/ssr").as_deref(), Some("0.1.4"));
        assert_eq!(resolved("web", "next"), None);
        assert_eq!(resolved("pn", "vitest").as_deref(), Some("1.6.1"));
        assert_eq!(resolved("pn", "@supabase/ssr").as_deref(), Some("0.1.2"));
        assert_eq!(m.packages[0].lockfile.as_deref(), Some("package-lock.json"));
    }

    #[test]
    fn python_manifests_merge_per_folder() {
        let req = "# deps\nfastapi[standard]==0.115.0  # web\n-r base.txt\nsentry-sdk>=2 ; python_version > '3.8'\ngit+https://x/y.git\n";
        let pyproject = "[project]\nname = \"api\"\ndependencies = [\n  \"sqlmodel<1.0.0,>=0.0.21\",\n  \"pydantic>2.0\",\n]\n[dependency-groups]\ndev = [\"pytest<9.0.0,>=7.4.3\"]\n";
        let lock = "version = 1\n\n[[package]]\nname = \"SQLModel\"\nversion = \"0.0.22\"\n";
        let m = Manifests::read(&tree(&[
            ("backend/requirements.txt", req),
            ("backend/pyproject.toml", pyproject),
            ("backend/uv.lock", lock),
        ]));
        assert_eq!(m.packages.len(), 1);
        let p = &m.packages[0];
        assert_eq!(p.ecosystem, Ecosystem::Python);
        assert_eq!(p.name.as_deref(), Some("api"));
        let deps: Vec<(&str, &str, u32, bool)> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.spec.as_str(), d.line, d.dev))
            .collect();
        assert_eq!(
            deps,
            [
                ("sqlmodel", "<1.0.0,>=0.0.21", 4, false),
                ("pydantic", ">2.0", 5, false),
                ("pytest", "<9.0.0,>=7.4.3", 8, true),
                ("fastapi", "==0.115.0", 2, false),
                ("sentry-sdk", ">=2", 4, false),
            ]
        );
        assert_eq!(
            p.dependency("SQLModel").unwrap().resolved.as_deref(),
            Some("0.0.22")
        );
        assert!(p.dependency("Sentry_SDK").is_some());
    }

    #[test]
    fn poetry_tables_are_read() {
        let text = "[tool.poetry]\nname = \"svc\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"^3.0\"\nstripe = { version = \"^9\" }\n[tool.poetry.group.dev.dependencies]\npytest = \"^8\"\n";
        let m = Manifests::read(&tree(&[("pyproject.toml", text)]));
        let names: Vec<(&str, bool)> = m.packages[0]
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.dev))
            .collect();
        assert_eq!(
            names,
            [("flask", false), ("stripe", false), ("pytest", true)]
        );
        assert_eq!(m.packages[0].name.as_deref(), Some("svc"));
    }

    #[test]
    fn unreadable_manifests_leave_a_note_not_a_panic() {
        let m = Manifests::read(&tree(&[
            ("package.json", "{ \"dependencies\": { \"next\": "),
            ("api/pyproject.toml", "[project\nname="),
        ]));
        assert!(m.packages.iter().all(|p| p.dependencies.is_empty()));
        assert_eq!(m.notes.len(), 2, "{:?}", m.notes);
        assert!(
            m.notes[0].starts_with("api/pyproject.toml: not valid TOML"),
            "{:?}",
            m.notes
        );
        assert!(
            m.notes[1].starts_with("package.json: not valid JSON"),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn bun_lock_and_package_of() {
        let lock = "{\n  \"packages\": {\n    \"next\": [\"next@15.0.1\", \"\", {}],\n    \"@clerk/nextjs\": [\"@clerk/nextjs@6.1.0\", \"\", {}],\n  }\n}\n";
        let m = Manifests::read(&tree(&[
            ("package.json", PACKAGE_JSON),
            ("bun.lock", lock),
            ("apps/api/package.json", "{\"name\":\"api\"}"),
        ]));
        assert_eq!(
            m.packages[0]
                .dependency("next")
                .unwrap()
                .resolved
                .as_deref(),
            Some("15.0.1")
        );
        assert_eq!(m.package_of("apps/api/src/x.ts").unwrap().dir, "apps/api");
        assert_eq!(m.package_of("src/x.ts").unwrap().dir, "");
    }
}
