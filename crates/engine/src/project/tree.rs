//! A dropped project's files, and what is done with each: the same rules for a folder
//! dropped on the page, a directory given to `shipcheck check`, and a zip.
//!
//! Every path is made safe first ([`clean_path`]: `/`-separated, relative, no `..`,
//! no control characters). Then each file gets a [`Role`] or is skipped:
//!
//! | what | rule | what is done with it |
//! | --- | --- | --- |
//! | dependencies, VCS internals, caches | a folder of [`skip::SKIPPED_DIRS`] (`node_modules`, `.git`, `.venv`…) | never read; listed once per folder |
//! | lockfiles | [`LOCKFILES`] (`package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`, `poetry.lock`…) | **read for dependencies only**: the manifest reader takes the resolved version of each dependency from it; the secret scanner and the detectors never read it (its integrity hashes are noise, and no code runs from it) |
//! | client build output | under [`CLIENT_BUILD_DIRS`] (`dist/`, `build/`, `out/`, `.next/static/`…) | **read for what ships only**: the secret and CORS scanners read it (a key in a bundle is a key every visitor has); the detectors and the stack never do (minified vendor code is not the founder's code, and would make them conclude from libraries) |
//! | server build output and tool caches | a folder of [`SERVER_BUILD_DIRS`] (`.next` outside `static/`, `.output`, `.svelte-kit`, `.nuxt`, `coverage`…) | never read; listed once per folder |
//! | binary files | an extension of [`BINARY_EXTENSIONS`] (images, fonts, media, archives) | never read (a nested archive is not opened) |
//! | everything else | | source: read by the manifests, the stack, the detectors and the scanners |
//!
//! A file above [`MAX_FILE_BYTES`], files past [`MAX_FILES`] kept, or past
//! [`MAX_TOTAL_BYTES`] read in all, are listed as skipped with the reason: nothing is
//! left out without a word.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scan::skip;

/// The largest file read (8 MiB): above it, a file is generated data or a vendored
/// bundle, and listed as skipped.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The most bytes read from one project (256 MiB, decompressed).
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// The most files kept from one project: the same cap as a folder drop on the scan page.
pub const MAX_FILES: usize = skip::MAX_FILES;

/// Lockfiles: read for the resolved versions of dependencies only.
pub const LOCKFILES: [&str; 13] = [
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "bun.lockb",
    "deno.lock",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "composer.lock",
    "Gemfile.lock",
    "Cargo.lock",
];

/// Folders of client build output (what a browser downloads), anywhere in the tree.
pub const CLIENT_BUILD_DIRS: [&str; 8] = [
    "dist",
    "build",
    "out",
    ".next/static",
    ".output/public",
    ".svelte-kit/output/client",
    ".vercel/output/static",
    "storybook-static",
];

/// Folders of server build output and tool caches, never read (unless a
/// [`CLIENT_BUILD_DIRS`] entry inside them says otherwise).
pub const SERVER_BUILD_DIRS: [&str; 12] = [
    ".next",
    ".output",
    ".svelte-kit",
    ".vercel",
    ".netlify",
    ".nuxt",
    ".expo",
    ".docusaurus",
    ".cache",
    ".parcel-cache",
    "coverage",
    "__MACOSX",
];

/// Extensions of files never read: images, fonts, media, archives, binaries.
pub const BINARY_EXTENSIONS: [&str; 36] = [
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "heic", "psd",
    "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "mov", "webm", "wav", "ogg", "pdf",
    "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "jar", "wasm", "exe", "lockb",
];

/// What a kept file is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The project's own files: every reader.
    Source,
    /// Client build output: the secret and CORS scanners only.
    Build,
    /// A lockfile: the manifest reader only.
    Lockfile,
}

/// Why a file (or a whole folder) was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// A dependency, version-control or cache folder.
    Dependencies,
    /// Server build output or a tool's cache.
    BuildOutput,
    /// An image, font, media file or archive.
    Binary,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Past [`MAX_FILES`] kept files.
    TooManyFiles,
    /// Past [`MAX_TOTAL_BYTES`] read in all.
    TotalLimit,
    /// A zip entry that would inflate far beyond its compressed size (a zip bomb).
    CompressionRatio,
    /// A symbolic link (never followed).
    Symlink,
    /// A name that is absolute, climbs out with `..`, or holds control characters.
    UnsafeName,
    /// An encrypted zip entry.
    Encrypted,
    /// A zip entry compressed with a method other than stored or deflate.
    UnsupportedCompression,
    /// A zip entry whose data does not match its header (size or checksum).
    Corrupt,
}

impl SkipReason {
    /// In words, for the founder.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Dependencies => "dependencies or version control (never read)",
            SkipReason::BuildOutput => {
                "server build output, a tool cache or macOS metadata (never read)"
            }
            SkipReason::Binary => "image, font, media or archive (not text)",
            SkipReason::TooLarge => "larger than 8 MiB",
            SkipReason::TooManyFiles => "more than 5,000 files: the rest were not read",
            SkipReason::TotalLimit => "more than 256 MiB in all: the rest were not read",
            SkipReason::CompressionRatio => {
                "inflates to over 100 times its compressed size (possible zip bomb)"
            }
            SkipReason::Symlink => "a symbolic link (never followed)",
            SkipReason::UnsafeName => "an unsafe name (absolute, `..` or control characters)",
            SkipReason::Encrypted => "encrypted",
            SkipReason::UnsupportedCompression => "compressed with a method other than deflate",
            SkipReason::Corrupt => "damaged: its data does not match the archive's header",
        }
    }
}

/// A file that was kept.
#[derive(Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Clean, `/`-separated, relative.
    pub path: String,
    pub role: Role,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for TreeFile {
    // The bytes may hold secrets: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TreeFile({:?}, {:?}, {} bytes)",
            self.path,
            self.role,
            self.bytes.len()
        )
    }
}

impl TreeFile {
    /// The file as text, if it is UTF-8 (a BOM is dropped).
    pub fn text(&self) -> Option<&str> {
        let bytes = self
            .bytes
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&self.bytes);
        std::str::from_utf8(bytes).ok()
    }

    /// The file name (last path component).
    pub fn name(&self) -> &str {
        base_name(&self.path)
    }
}

/// A file or folder that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The file, or the folder (ending in `/`) for folder-wide reasons.
    pub path: String,
    pub reason: SkipReason,
    /// How many files this entry stands for (1 for a file).
    pub files: usize,
    /// Their size in bytes, as declared (a zip's header, the file system).
    pub bytes: u64,
}

/// The project's files after the rules above.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    files: Vec<TreeFile>,
    skipped: Vec<Skipped>,
}

impl Tree {
    /// A tree of files given as `(path, bytes)`: a folder, a directory walk.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::project::tree::{Role, SkipReason, Tree};
    /// let tree = Tree::from_files(vec![
    ///     ("app/src/main.tsx".into(), b"export {}".to_vec()),
    ///     ("app/node_modules/react/index.js".into(), b"x".to_vec()),
    ///     ("app/package-lock.json".into(), b"{}".to_vec()),
    /// ]);
    /// assert_eq!(tree.files().len(), 2);
    /// assert_eq!(tree.file("app/package-lock.json").unwrap().role, Role::Lockfile);
    /// assert_eq!(tree.skipped()[0].path, "app/node_modules/");
    /// assert_eq!(tree.skipped()[0].reason, SkipReason::Dependencies);
    /// ```
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Tree {
        let mut builder = TreeBuilder::default();
        for (path, bytes) in files {
            if let Admission::Read { path, role } = builder.admit(&path, bytes.len() as u64) {
                builder.keep(path, role, bytes);
            }
        }
        builder.finish()
    }

    /// Kept files, sorted by path.
    pub fn files(&self) -> &[TreeFile] {
        &self.files
    }

    /// Files of one role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &TreeFile> {
        self.files.iter().filter(move |f| f.role == role)
    }

    pub fn file(&self, path: &str) -> Option<&TreeFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// What was not read, sorted by path.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Bytes kept.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes.len() as u64).sum()
    }

    /// The tree without its bytes' owners: moves the files out (for the scanner).
    pub fn into_parts(self) -> (Vec<TreeFile>, Vec<Skipped>) {
        (self.files, self.skipped)
    }
}

/// What [`TreeBuilder::admit`] decided for a file about to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Read it, under this clean path, for this role.
    Read { path: String, role: Role },
    /// Already listed as skipped.
    Skip,
}

/// Builds a [`Tree`] one file at a time, applying the caps; used by
/// [`Tree::from_files`] and by the zip reader (which asks before inflating).
#[derive(Debug, Default)]
pub struct TreeBuilder {
    files: Vec<TreeFile>,
    skipped: Vec<Skipped>,
    /// Folder-wide skips, gathered: folder → (files, bytes, reason).
    folders: BTreeMap<String, (usize, u64, SkipReason)>,
    /// Files past a cap, gathered by reason.
    over_cap: BTreeMap<SkipReason, (usize, u64)>,
    total: u64,
}

impl TreeBuilder {
    /// Decides what to do with a file named `raw_path` of `size` bytes, before reading
    /// it; a skip is recorded here.
    pub fn admit(&mut self, raw_path: &str, size: u64) -> Admission {
        let Some(path) = clean_path(raw_path) else {
            self.skip(
                raw_path.chars().take(200).collect(),
                SkipReason::UnsafeName,
                size,
            );
            return Admission::Skip;
        };
        if let Some((folder, reason)) = skipped_folder(&path) {
            let entry = self.folders.entry(folder).or_insert((0, 0, reason));
            entry.0 += 1;
            entry.1 += size;
            return Admission::Skip;
        }
        let role = role_of(&path);
        if role != Role::Lockfile && is_binary_name(&path) {
            self.skip(path, SkipReason::Binary, size);
            return Admission::Skip;
        }
        if size > MAX_FILE_BYTES {
            self.skip(path, SkipReason::TooLarge, size);
            return Admission::Skip;
        }
        if self.files.len() >= MAX_FILES {
            self.cap(SkipReason::TooManyFiles, size);
            return Admission::Skip;
        }
        if self.total + size > MAX_TOTAL_BYTES {
            self.cap(SkipReason::TotalLimit, size);
            return Admission::Skip;
        }
        Admission::Read { path, role }
    }

    /// Keeps a file admitted by [`TreeBuilder::admit`]. A file whose real size is
    /// above the cap (its header lied) is skipped instead.
    pub fn keep(&mut self, path: String, role: Role, bytes: Vec<u8>) {
        let size = bytes.len() as u64;
        if size > MAX_FILE_BYTES {
            self.skip(path, SkipReason::TooLarge, size);
            return;
        }
        self.total += size;
        self.files.push(TreeFile { path, role, bytes });
    }

    /// Records a skipped file.
    pub fn skip(&mut self, path: String, reason: SkipReason, size: u64) {
        self.skipped.push(Skipped {
            path,
            reason,
            files: 1,
            bytes: size,
        });
    }

    /// Records a whole folder left unread without listing its files (a directory
    /// walk that does not enter `node_modules`); `files` and `bytes` are 0.
    pub fn skip_folder(&mut self, raw_path: &str) {
        let Some(path) = clean_path(raw_path) else {
            return;
        };
        let reason = match skipped_folder(&format!("{path}/x")) {
            Some((_, reason)) => reason,
            None => SkipReason::Dependencies,
        };
        self.folders.entry(path).or_insert((0, 0, reason));
    }

    /// Whether a directory walk need not enter folder `raw_path` (relative): nothing
    /// under it is ever read. (`.next` is entered: `.next/static` is client output.)
    pub fn skips_folder(raw_path: &str) -> bool {
        let Some(p) = clean_path(raw_path) else {
            return false;
        };
        let name = base_name(&p);
        let holds_client_output = CLIENT_BUILD_DIRS
            .iter()
            .any(|d| d.starts_with(&format!("{name}/")));
        skipped_folder(&format!("{p}/x")).is_some_and(|(f, _)| f == p) && !holds_client_output
    }

    fn cap(&mut self, reason: SkipReason, size: u64) {
        let entry = self.over_cap.entry(reason).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += size;
    }

    /// Files kept so far.
    pub fn kept(&self) -> usize {
        self.files.len()
    }

    pub fn finish(mut self) -> Tree {
        for (folder, (files, bytes, reason)) in self.folders {
            self.skipped.push(Skipped {
                path: format!("{folder}/"),
                reason,
                files,
                bytes,
            });
        }
        for (reason, (files, bytes)) in self.over_cap {
            self.skipped.push(Skipped {
                path: String::new(),
                reason,
                files,
                bytes,
            });
        }
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        // Two entries of one archive can carry the same name: the first is kept.
        self.files.dedup_by(|b, a| a.path == b.path);
        self.skipped
            .sort_by(|a, b| a.path.cmp(&b.path).then(a.reason.cmp(&b.reason)));
        Tree {
            files: self.files,
            skipped: self.skipped,
        }
    }
}

/// A path made safe: `\` read as `/`, `.` and empty components dropped; `None` for an
/// absolute path, a drive letter, a `..` component, or control characters.
///
/// # Example
/// ```
/// use shipcheck_engine::project::tree::clean_path;
/// assert_eq!(clean_path("./src//app\\page.tsx").as_deref(), Some("src/app/page.tsx"));
/// assert_eq!(clean_path("../etc/passwd"), None);
/// assert_eq!(clean_path("/etc/passwd"), None);
/// assert_eq!(clean_path("C:/x"), None);
/// ```
pub fn clean_path(raw: &str) -> Option<String> {
    if raw.chars().any(char::is_control) {
        return None;
    }
    let unified = raw.replace('\\', "/");
    if unified.starts_with('/') {
        return None;
    }
    let bytes = unified.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return None;
    }
    let mut parts = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The last component of a `/`-separated path.
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder (a prefix of `path`) that makes it skipped, and why.
fn skipped_folder(path: &str) -> Option<(String, SkipReason)> {
    let parts: Vec<&str> = path.split('/').collect();
    for end in 1..parts.len() {
        let folder = parts[..end].join("/");
        if skip::skipped_dir(&folder) {
            return Some((folder, SkipReason::Dependencies));
        }
        if SERVER_BUILD_DIRS.contains(&parts[end - 1]) && !in_client_build(path) {
            return Some((folder, SkipReason::BuildOutput));
        }
    }
    None
}

fn in_client_build(path: &str) -> bool {
    CLIENT_BUILD_DIRS
        .iter()
        .any(|d| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/")))
}

fn role_of(path: &str) -> Role {
    if LOCKFILES.contains(&base_name(path)) {
        Role::Lockfile
    } else if in_client_build(path) {
        Role::Build
    } else {
        Role::Source
    }
}

fn is_binary_name(path: &str) -> bool {
    let name = base_name(path).to_ascii_lowercase();
    name == ".ds_store"
        || name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| BINARY_EXTENSIONS.contains(&ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[(&str, usize)]) -> Tree {
        Tree::from_files(
            paths
                .iter()
                .map(|(p, n)| (p.to_string(), vec![b'x'; *n]))
                .collect(),
        )
    }

    #[test]
    fn paths_are_cleaned_or_refused() {
        let cases: &[(&str, Option<&str>)] = &[
            ("src/index.ts", Some("src/index.ts")),
            ("./a/./b", Some("a/b")),
            ("a\\b\\c.py", Some("a/b/c.py")),
            ("a//b/", Some("a/b")),
            ("a/../b", None),
            ("..", None),
            ("/abs", None),
            ("\\\\server\\share", None),
            ("c:\\windows", None),
            ("a/b\u{0}c", None),
            ("line\nbreak", None),
            ("", None),
            ("./", None),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_path(raw).as_deref(), *want, "{raw:?}");
        }
    }

    #[test]
    fn roles_follow_the_table() {
        let t = tree(&[
            ("src/App.tsx", 1),
            ("dist/assets/index-4f3a9c1b.js", 1),
            ("web/build/static/js/main.js", 1),
            (".next/static/chunks/app.js", 1),
            ("pnpm-lock.yaml", 1),
            ("api/poetry.lock", 1),
            ("supabase/migrations/001_init.sql", 1),
            (".env", 1),
        ]);
        let roles: Vec<(&str, Role)> = t
            .files()
            .iter()
            .map(|f| (f.path.as_str(), f.role))
            .collect();
        assert_eq!(
            roles,
            [
                (".env", Role::Source),
                (".next/static/chunks/app.js", Role::Build),
                ("api/poetry.lock", Role::Lockfile),
                ("dist/assets/index-4f3a9c1b.js", Role::Build),
                ("pnpm-lock.yaml", Role::Lockfile),
                ("src/App.tsx", Role::Source),
                ("supabase/migrations/001_init.sql", Role::Source),
                ("web/build/static/js/main.js", Role::Build),
            ]
        );
    }

    #[test]
    fn skipped_folders_are_listed_once_with_their_count() {
        let t = tree(&[
            ("node_modules/a/index.js", 10),
            ("node_modules/b/index.js", 5),
            ("apps/web/.next/server/app/page.js", 7),
            ("apps/web/.next/static/x.js", 1),
            ("__MACOSX/._src", 3),
            ("public/logo.png", 100),
            (".git/HEAD", 1),
            ("src/a.ts", 1),
        ]);
        let skipped: Vec<(&str, SkipReason, usize, u64)> = t
            .skipped()
            .iter()
            .map(|s| (s.path.as_str(), s.reason, s.files, s.bytes))
            .collect();
        assert_eq!(
            skipped,
            [
                (".git/", SkipReason::Dependencies, 1, 1),
                ("__MACOSX/", SkipReason::BuildOutput, 1, 3),
                ("apps/web/.next/", SkipReason::BuildOutput, 1, 7),
                ("node_modules/", SkipReason::Dependencies, 2, 15),
                ("public/logo.png", SkipReason::Binary, 1, 100),
            ]
        );
        let kept: Vec<&str> = t.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(kept, ["apps/web/.next/static/x.js", "src/a.ts"]);
    }

    #[test]
    fn a_walk_can_prune_folders_and_still_list_them() {
        assert!(TreeBuilder::skips_folder("web/node_modules"));
        assert!(TreeBuilder::skips_folder("apps/web/.nuxt"));
        assert!(
            !TreeBuilder::skips_folder(".next"),
            "entered: .next/static is client output"
        );
        assert!(!TreeBuilder::skips_folder(".next/static"));
        assert!(!TreeBuilder::skips_folder("src"));
        let mut b = TreeBuilder::default();
        b.skip_folder("web/node_modules");
        let t = b.finish();
        assert_eq!(
            (
                t.skipped()[0].path.as_str(),
                t.skipped()[0].reason,
                t.skipped()[0].files
            ),
            ("web/node_modules/", SkipReason::Dependencies, 0)
        );
    }

    #[test]
    fn caps_skip_with_a_reason() {
        let mut b = TreeBuilder::default();
        assert_eq!(b.admit("big.json", MAX_FILE_BYTES + 1), Admission::Skip);
        assert_eq!(b.admit("../x", 1), Admission::Skip);
        for i in 0..MAX_FILES {
            let Admission::Read { path, role } = b.admit(&format!("f{i}.ts"), 1) else {
                panic!("file {i} refused");
            };
            b.keep(path, role, vec![b'x']);
        }
        assert_eq!(b.admit("one-more.ts", 1), Admission::Skip);
        let t = b.finish();
        assert_eq!(t.files().len(), MAX_FILES);
        let reasons: Vec<(SkipReason, usize)> =
            t.skipped().iter().map(|s| (s.reason, s.files)).collect();
        assert_eq!(
            reasons,
            [
                (SkipReason::TooManyFiles, 1),
                (SkipReason::UnsafeName, 1),
                (SkipReason::TooLarge, 1),
            ]
        );
    }

    #[test]
    fn the_total_cap_counts_bytes_kept() {
        let mut b = TreeBuilder::default();
        let big = MAX_FILE_BYTES as usize;
        let fits = (MAX_TOTAL_BYTES / MAX_FILE_BYTES) as usize;
        for i in 0..fits {
            let Admission::Read { path, role } = b.admit(&format!("d{i}.txt"), big as u64) else {
                panic!("file {i} refused");
            };
            b.keep(path, role, vec![0; big]);
        }
        assert_eq!(b.admit("last.txt", 1), Admission::Skip);
        let t = b.finish();
        assert_eq!(t.bytes(), MAX_TOTAL_BYTES);
        assert_eq!(t.skipped()[0].reason, SkipReason::TotalLimit);
    }

    #[test]
    fn text_is_utf8_without_a_bom_and_debug_hides_the_bytes() {
        let t = Tree::from_files(vec![
            ("a.ts".into(), b"\xef\xbb\xbfconst a = 1;".to_vec()),
            ("b.ts".into(), vec![0xff, 0xfe, 0x00]),
        ]);
        assert_eq!(t.file("a.ts").unwrap().text(), Some("const a = 1;"));
        assert_eq!(t.file("b.ts").unwrap().text(), None);
        let shown = format!("{:?}", t.file("a.ts").unwrap());
        assert!(!shown.contains("const"), "{shown}");
    }
}
