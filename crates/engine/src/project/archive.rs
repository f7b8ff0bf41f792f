//! Reading a project's zip (GitHub's "Download ZIP", Bolt's or Lovable's export) into a
//! [`Tree`], with the `zip` crate, in steps the worker can report and cancel between.
//!
//! Guards, each tested below with an archive built for it:
//! - **sizes**: an entry above [`tree::MAX_FILE_BYTES`], or past
//!   [`tree::MAX_TOTAL_BYTES`] in all, is listed as skipped without being inflated;
//!   what is inflated is read through a limit one byte above the declared size, so a
//!   header that lies about the size cannot make the reader allocate more;
//! - **zip bombs**: an entry declaring more than [`MAX_RATIO`] times its compressed
//!   size (and over [`RATIO_FLOOR`]) is skipped — text compresses 3 to 10 times,
//!   minified code and lockfiles up to about 20, a bomb 1,000 times;
//! - **names**: every name goes through [`tree::clean_path`]; absolute names, `..`
//!   and control characters are refused (and the crate's `enclosed_name` must agree);
//! - **symlinks** are listed and never followed; directories are not files;
//! - **methods**: stored and deflate only (what every builder's export uses); an
//!   encrypted entry, another method, or a checksum mismatch skips that entry only.
//!
//! Nothing else of the archive is trusted: an archive that cannot be opened at all is a
//! [`ArchiveError`] with a message a founder can act on.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::tree::{self, Admission, SkipReason, Tree, TreeBuilder};

/// An entry may inflate to at most this many times its compressed size.
pub const MAX_RATIO: u64 = 100;

/// Entries smaller than this (1 MiB, inflated) are never refused for their ratio: a
/// small file of repeated lines is harmless whatever it compresses to.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// The most entries an archive may list (the central directory is read whole first).
pub const MAX_ENTRIES: usize = 200_000;

/// Why an archive could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveError(pub String);

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArchiveError {}

/// How far a [`ZipReader`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    pub entries_done: usize,
    pub entries_total: usize,
    /// Compressed bytes of the entries done, against the archive's size.
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// A zip being read into a [`Tree`].
pub struct ZipReader<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    next: usize,
    bytes_done: u64,
    bytes_total: u64,
    builder: TreeBuilder,
}

impl std::fmt::Debug for ZipReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZipReader({}/{})", self.next, self.archive.len())
    }
}

impl<'a> ZipReader<'a> {
    /// Opens the archive (reads its central directory).
    pub fn new(bytes: &'a [u8]) -> Result<ZipReader<'a>, ArchiveError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ArchiveError(format!(
                "This is not a zip archive shipcheck can read ({}). Export the project again, or drop its folder instead.",
                describe(&e)
            ))
        })?;
        if archive.len() > MAX_ENTRIES {
            return Err(ArchiveError(format!(
                "This archive lists {} entries; shipcheck reads at most {MAX_ENTRIES}. Drop the project's folder without node_modules instead.",
                archive.len()
            )));
        }
        Ok(ZipReader {
            archive,
            next: 0,
            bytes_done: 0,
            bytes_total: bytes.len() as u64,
            builder: TreeBuilder::default(),
        })
    }

    /// Reads entries until about `budget` bytes (inflated) were read, or the end;
    /// `None` once every entry is done.
    pub fn step(&mut self, budget: usize) -> Option<ReadProgress> {
        let mut spent = 0usize;
        while self.next < self.archive.len() {
            if spent >= budget.max(1) {
                return Some(self.progress());
            }
            spent += self.read_entry(self.next).max(1);
            self.next += 1;
        }
        None
    }

    pub fn progress(&self) -> ReadProgress {
        ReadProgress {
            entries_done: self.next,
            entries_total: self.archive.len(),
            bytes_done: self.bytes_done,
            bytes_total: self.bytes_total,
        }
    }

    /// Reads what is left and returns the tree.
    pub fn finish(mut self) -> Tree {
        while self.step(usize::MAX).is_some() {}
        self.builder.finish()
    }

    /// Reads entry `i` if the guards let it through; returns the bytes inflated.
    fn read_entry(&mut self, i: usize) -> usize {
        let Ok(meta) = self.archive.by_index_data(i) else {
            self.builder
                .skip(format!("entry #{i}"), SkipReason::Corrupt, 0);
            return 1;
        };
        let name = meta
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(meta.name_raw()).into_owned());
        let (size, packed) = (meta.size(), meta.compressed_size());
        self.bytes_done += packed;
        if meta.is_dir() {
            return 1;
        }
        if meta.enclosed_name().is_none() || tree::clean_path(&name).is_none() {
            self.builder
                .skip(printable(&name), SkipReason::UnsafeName, size);
            return 1;
        }
        let path = tree::clean_path(&name).unwrap_or_default();
        if meta.is_symlink() {
            self.builder.skip(path, SkipReason::Symlink, size);
            return 1;
        }
        if meta.encrypted() {
            self.builder.skip(path, SkipReason::Encrypted, size);
            return 1;
        }
        if !matches!(
            meta.compression(),
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            self.builder
                .skip(path, SkipReason::UnsupportedCompression, size);
            return 1;
        }
        if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            self.builder.skip(path, SkipReason::CompressionRatio, size);
            return 1;
        }
        let (path, role) = match self.builder.admit(&path, size) {
            Admission::Read { path, role } => (path, role),
            Admission::Skip => return 1,
        };
        match self.inflate(i, size) {
            Ok(bytes) => {
                let n = bytes.len();
                self.builder.keep(path, role, bytes);
                n
            }
            Err(reason) => {
                self.builder.skip(path, reason, size);
                1
            }
        }
    }

    /// The entry's bytes, read through a limit just above its declared size.
    fn inflate(&mut self, i: usize, declared: u64) -> Result<Vec<u8>, SkipReason> {
        let entry = self.archive.by_index(i).map_err(|e| match e {
            ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
                SkipReason::Encrypted
            }
            ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
                SkipReason::UnsupportedCompression
            }
            _ => SkipReason::Corrupt,
        })?;
        let mut bytes = Vec::with_capacity(declared.min(tree::MAX_FILE_BYTES) as usize);
        entry
            .take(declared + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| SkipReason::Corrupt)?;
        if bytes.len() as u64 != declared {
            return Err(SkipReason::Corrupt);
        }
        Ok(bytes)
    }
}

/// Reads a whole zip at once (the command line).
pub fn read_zip(bytes: &[u8]) -> Result<Tree, ArchiveError> {
    Ok(ZipReader::new(bytes)?.finish())
}

/// Whether `bytes` start like a zip archive.
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn describe(e: &ZipError) -> String {
    match e {
        ZipError::InvalidArchive(m) => m.to_string(),
        ZipError::UnsupportedArchive(m) => (*m).to_string(),
        other => other.to_string(),
    }
}

/// A name safe to show: control characters replaced, at most 200 characters.
fn printable(name: &str) -> String {
    name.chars()
        .take(200)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A zip of `(name, bytes)` entries, deflated, written with the crate's own writer
    /// (a name ending in `/` is a directory).
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        zip_with(entries, CompressionMethod::Deflated)
    }

    fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in entries {
            if let Some(dir) = name.strip_suffix('/') {
                w.add_directory(dir, opts).unwrap();
            } else {
                w.start_file(*name, opts).unwrap();
                w.write_all(bytes).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    /// One deflated entry whose headers declare `declared` bytes whatever the data
    /// inflates to: what a crafted archive can do, and the writer never would.
    fn lying_entry(name: &str, plain: &[u8], declared: u32) -> Vec<u8> {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(plain).unwrap();
        let packed = enc.finish().unwrap();
        let mut crc = flate2::Crc::new();
        crc.update(plain);
        let (n, crc) = (name.as_bytes(), crc.sum());
        let header = |out: &mut Vec<u8>, central: bool| {
            out.extend_from_slice(if central {
                b"PK\x01\x02"
            } else {
                b"PK\x03\x04"
            });
            if central {
                out.extend_from_slice(&20u16.to_le_bytes());
            }
            out.extend_from_slice(&20u16.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(&8u16.to_le_bytes());
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            out.extend_from_slice(&declared.to_le_bytes());
            out.extend_from_slice(&(n.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            if central {
                out.extend_from_slice(&[0; 10]); // comment, disk, attributes
                out.extend_from_slice(&0u32.to_le_bytes());
            }
            out.extend_from_slice(n);
        };
        let mut out = Vec::new();
        header(&mut out, false);
        out.extend_from_slice(&packed);
        let cd = out.len();
        header(&mut out, true);
        let cd_len = out.len() - cd;
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&(cd_len as u32).to_le_bytes());
        out.extend_from_slice(&(cd as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn reasons(t: &Tree) -> Vec<(&str, SkipReason)> {
        t.skipped()
            .iter()
            .map(|s| (s.path.as_str(), s.reason))
            .collect()
    }

    #[test]
    fn a_github_style_zip_reads_with_the_tree_rules() {
        let z = zip_of(&[
            ("app-main/", b""),
            (
                "app-main/package.json",
                b"{\"dependencies\":{\"next\":\"14.2.3\"}}",
            ),
            (
                "app-main/src/app/page.tsx",
                b"export default function Page() {}",
            ),
            ("app-main/node_modules/next/index.js", b"x"),
            ("app-main/public/hero.png", b"\x89PNG"),
        ]);
        let t = read_zip(&z).unwrap();
        let paths: Vec<&str> = t.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            ["app-main/package.json", "app-main/src/app/page.tsx"]
        );
        assert_eq!(
            reasons(&t),
            [
                ("app-main/node_modules/", SkipReason::Dependencies),
                ("app-main/public/hero.png", SkipReason::Binary),
            ]
        );
    }

    #[test]
    fn a_bomb_is_skipped_by_its_ratio_before_inflating() {
        // 4 MiB of zeros deflate to about 4 KiB: a ratio near 1,000.
        let z = zip_of(&[("bomb.txt", &vec![0u8; 4 * 1024 * 1024]), ("ok.ts", b"x")]);
        let t = read_zip(&z).unwrap();
        assert_eq!(t.files().len(), 1);
        assert_eq!(reasons(&t), [("bomb.txt", SkipReason::CompressionRatio)]);
        // The same ratio under the floor is harmless and read.
        let small = zip_of(&[("zeros.txt", &vec![0u8; 512 * 1024])]);
        assert_eq!(read_zip(&small).unwrap().files().len(), 1);
    }

    #[test]
    fn a_size_header_that_lies_is_caught_while_reading() {
        let text = b"export const x = 1;\n".repeat(50);
        let t = read_zip(&lying_entry("a.ts", &text, 20)).unwrap();
        assert!(t.files().is_empty());
        assert_eq!(reasons(&t), [("a.ts", SkipReason::Corrupt)]);
        let honest = read_zip(&lying_entry("a.ts", &text, text.len() as u32)).unwrap();
        assert_eq!(honest.file("a.ts").unwrap().bytes, text);
    }

    #[test]
    fn a_checksum_mismatch_is_corrupt() {
        let mut z = zip_with(
            &[("a.ts", b"export const secret = 1;")],
            CompressionMethod::Stored,
        );
        let at = z.windows(6).position(|w| w == b"export").unwrap();
        z[at] = b'E';
        let t = read_zip(&z).unwrap();
        assert_eq!(reasons(&t), [("a.ts", SkipReason::Corrupt)]);
    }

    #[test]
    fn unsafe_names_and_symlinks_are_skipped() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        w.start_file("../../etc/cron.d/x", opts).unwrap();
        w.write_all(b"x").unwrap();
        w.start_file("/abs.txt", opts).unwrap();
        w.write_all(b"x").unwrap();
        w.add_symlink("link-to-home", "/home", opts).unwrap();
        w.start_file("ok.txt", opts).unwrap();
        w.write_all(b"fine").unwrap();
        let z = w.finish().unwrap().into_inner();
        let t = read_zip(&z).unwrap();
        assert_eq!(t.files().len(), 1);
        let mut r = reasons(&t);
        r.sort();
        assert_eq!(
            r,
            [
                ("../../etc/cron.d/x", SkipReason::UnsafeName),
                ("/abs.txt", SkipReason::UnsafeName),
                ("link-to-home", SkipReason::Symlink),
            ]
        );
    }

    #[test]
    fn not_a_zip_is_a_clear_error() {
        let e = read_zip(b"hello, not a zip").unwrap_err();
        assert!(
            e.0.starts_with("This is not a zip archive shipcheck can read"),
            "{e}"
        );
        assert!(!looks_like_zip(b"hello"));
        assert!(looks_like_zip(&zip_of(&[("a", b"b")])));
    }

    #[test]
    fn steps_report_progress_and_end() {
        let names: Vec<String> = (0..10).map(|i| format!("f{i}.ts")).collect();
        let entries: Vec<(&str, &[u8])> = names
            .iter()
            .map(|n| (n.as_str(), &b"0123456789"[..]))
            .collect();
        let z = zip_of(&entries);
        let mut r = ZipReader::new(&z).unwrap();
        let mut steps = 0;
        while let Some(p) = r.step(25) {
            steps += 1;
            assert!(p.entries_done < p.entries_total);
        }
        assert!(steps >= 3, "{steps}");
        assert_eq!(r.finish().files().len(), 10);
    }
}
