//! Folders a scan never reads: dependencies, version-control internals and caches.
//! One list for the command line's walk, the page's folder drop and a project's zip,
//! so the three agree on what was looked at.

/// Folder names (or `parent/name` tails) never scanned.
pub const SKIPPED_DIRS: [&str; 12] = [
    "node_modules",
    ".git",
    ".hg",
    ".svn",
    ".next/cache",
    ".turbo",
    ".yarn/cache",
    ".pnpm-store",
    "target",
    "__pycache__",
    ".venv",
    "venv",
];

/// Most files one folder drop adds (a monorepo with its dependencies would be
/// millions).
pub const MAX_FILES: usize = 5_000;

/// Whether the folder at `path` (`/`-separated, relative or not) is one never
/// scanned: its name, or its last two names, is in [`SKIPPED_DIRS`].
///
/// # Example
/// ```
/// use shipcheck_engine::scan::skip::skipped_dir;
/// assert!(skipped_dir("web/node_modules"));
/// assert!(skipped_dir("app/.next/cache"));
/// assert!(!skipped_dir("app/.next"));
/// assert!(!skipped_dir("src/node_modules_notes"));
/// ```
pub fn skipped_dir(path: &str) -> bool {
    let path = path.trim_end_matches(['/', '\\']);
    let mut names = path.rsplit(['/', '\\']);
    let last = names.next().unwrap_or("");
    let tail = names.next().map(|parent| format!("{parent}/{last}"));
    SKIPPED_DIRS
        .iter()
        .any(|d| *d == last || tail.as_deref() == Some(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_two_name_tails_match_whole_names_only() {
        for yes in [
            "node_modules",
            "a/b/.git",
            ".git/",
            "x\\venv",
            "a/.yarn/cache",
        ] {
            assert!(skipped_dir(yes), "{yes}");
        }
        for no in ["", "src", "cache", ".next", "my-target", "a/gitx", ".yarn"] {
            assert!(!skipped_dir(no), "{no}");
        }
    }
}
