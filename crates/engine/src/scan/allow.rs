//! Inline `shipcheck:allow` comments: a finding on a line that carries one, or
//! right below a line that is only such a comment, is not reported (it is
//! counted in [`FileReport::allowed`](crate::scan::FileReport::allowed)).
//! `gitleaks:allow` and the older `shipcheck:ignore` work the same way, so a
//! project moving from gitleaks keeps its comments.
//!
//! For a finding in a source map's original source, the line is the original
//! source's line (the map itself is one long line).
//!
//! This runs in the engine, so the command line and the web page honour the same
//! comments. The marker counts only inside a comment: after `//`, `#`, `/*`,
//! `<!--` or `--` on its line (or on a line that continues a block comment with
//! `*`). That covers JavaScript, TypeScript, CSS, shell, `.env`, YAML, TOML,
//! Python, Ruby, HTML, Markdown and SQL. A word in a string
//! (`"see shipcheck:allow"`) does not count, because nothing before it opens a
//! comment.
//!
//! As in gitleaks (`gitleaks:allow`) and trufflehog (`trufflehog:ignore`), a
//! comment allows everything found on its line: in a minified one-line bundle
//! that is the whole bundle, which is why only a comment (which minifiers strip)
//! counts.

use std::collections::BTreeSet;

/// The comment text that allows a line.
pub const MARKER: &str = "shipcheck:allow";

/// Every marker honoured: [`MARKER`], gitleaks' and shipcheck's former one.
pub const MARKERS: [&str; 3] = [MARKER, "gitleaks:allow", "shipcheck:ignore"];

/// What opens a comment in the languages founders' projects hold.
const OPENERS: [&str; 5] = ["//", "#", "/*", "<!--", "--"];

/// The 1-based lines of `text` on which findings are allowed.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::allow::allowed_lines;
/// let text = b"a = 1\nkey = 'x' // shipcheck:allow\n# shipcheck:allow\nb = 2\n";
/// assert_eq!(allowed_lines(text).into_iter().collect::<Vec<_>>(), [2, 3, 4]);
/// assert!(allowed_lines(b"msg = 'shipcheck:allow'\n").is_empty());
/// ```
pub fn allowed_lines(text: &[u8]) -> BTreeSet<u32> {
    let mut lines = BTreeSet::new();
    let mut found: Vec<usize> = MARKERS
        .iter()
        .flat_map(|m| memchr::memmem::find_iter(text, m.as_bytes()))
        .collect();
    found.sort_unstable();
    // Line numbers are counted forward from the previous marker.
    let (mut counted_to, mut line) = (0usize, 1u32);
    for at in found {
        line += memchr::memchr_iter(b'\n', &text[counted_to..at]).count() as u32;
        counted_to = at;
        let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
        let before = String::from_utf8_lossy(&text[start..at]);
        if !OPENERS.iter().any(|o| before.contains(o)) && !continues_block(&before) {
            continue;
        }
        lines.insert(line);
        let rest = before.trim_start();
        if OPENERS.iter().any(|o| rest.starts_with(o)) || continues_block(&before) {
            // A comment alone on its line speaks for the line below.
            lines.insert(line + 1);
        }
    }
    lines
}

/// ` * shipcheck:allow` inside a `/* … */` block.
fn continues_block(before: &str) -> bool {
    before
        .trim_start()
        .strip_prefix('*')
        .is_some_and(|rest| rest.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u32> {
        allowed_lines(text.as_bytes()).into_iter().collect()
    }

    #[test]
    fn each_comment_syntax_allows_its_line_and_a_lone_comment_the_next() {
        let cases: [(&str, &[u32]); 12] = [
            ("const k = 'v'; // shipcheck:allow", &[1]),
            ("// shipcheck:allow\nconst k = 'v';", &[1, 2]),
            ("KEY=v # shipcheck:allow", &[1]),
            ("x\n  # shipcheck:allow\nKEY=v", &[2, 3]),
            ("const k = 'v'; /* shipcheck:allow */", &[1]),
            ("/* shipcheck:allow */\nconst k = 'v';", &[1, 2]),
            ("/**\n * shipcheck:allow\n */", &[2, 3]),
            ("<meta content=\"v\"> <!-- shipcheck:allow -->", &[1]),
            ("<!-- shipcheck:allow -->\n<meta content=\"v\">", &[1, 2]),
            ("select 'v'; -- shipcheck:allow", &[1]),
            (
                "-- shipcheck:allow\ncreate policy p on t using (true);",
                &[1, 2],
            ),
            ("a\r\nb = 'v' // shipcheck:allow\r\nc", &[2]),
        ];
        for (text, want) in cases {
            assert_eq!(lines(text), want, "{text:?}");
        }
    }

    #[test]
    fn the_marker_outside_a_comment_allows_nothing() {
        for text in [
            "const msg = 'shipcheck:allow';",
            "shipcheck:allow",
            "KEY=shipcheck:allow",
            "",
            "no marker here // at all",
        ] {
            assert!(lines(text).is_empty(), "{text:?}");
        }
    }

    /// Through the scanner, in each comment syntax and for each analyzer: the
    /// finding is there without the comment, and allowed (and counted) with it.
    #[test]
    fn the_scanner_honours_the_comment_in_every_syntax() {
        use crate::scan::{ScanInput, Scanner};
        let key = "sk_live_51Hx7Qm2LpW9vKcR4tYbN8jD3fGs6ZaE1uXo5iVqT0wCyMe";
        let cors = "app.use(cors({ origin: true, credentials: true }));";
        let table = "create table public.profiles (id uuid primary key, email text);";
        // (file, text with {allow} where the comment goes, rule expected)
        let cases = [
            (
                "src/pay.js",
                format!("const k = '{key}'; {{allow}}\n"),
                "//",
            ),
            (
                "src/pay.ts",
                format!("{{allow}}\nconst k = '{key}';\n"),
                "//",
            ),
            (".env", format!("STRIPE_SECRET_KEY={key} {{allow}}\n"), "#"),
            ("config.yaml", format!("{{allow}}\nstripe: {key}\n"), "#"),
            (
                "src/pay.js",
                format!("const k = '{key}'; {{allow}}\n"),
                "/* */",
            ),
            (
                "src/pay.js",
                format!("{{allow}}\nconst k = '{key}';\n"),
                "/* */",
            ),
            (
                "index.html",
                format!("<meta name=\"k\" content=\"{key}\"> {{allow}}\n"),
                "<!-- -->",
            ),
            (
                "index.html",
                format!("{{allow}}\n<script>const k = '{key}';</script>\n"),
                "<!-- -->",
            ),
            (
                "seed.sql",
                format!("insert into keys values ('{key}'); {{allow}}\n"),
                "--",
            ),
            ("server.js", format!("{{allow}}\n{cors}\n"), "//"),
            ("server.js", format!("{cors} {{allow}}\n"), "/* */"),
            (
                "supabase/migrations/1_init.sql",
                format!("{{allow}}\n{table}\n"),
                "--",
            ),
        ];
        for (file, template, syntax) in cases {
            let comment = match syntax {
                "/* */" => format!("/* {MARKER} */"),
                "<!-- -->" => format!("<!-- {MARKER} -->"),
                opener => format!("{opener} {MARKER}"),
            };
            let scan = |text: String| Scanner::built_in().scan(vec![ScanInput::new(file, text)]);
            let plain = scan(template.replace("{allow}", ""));
            assert!(
                !plain.findings.is_empty(),
                "{file} {syntax}: found without it"
            );
            let allowed = scan(template.replace("{allow}", &comment));
            assert!(
                allowed.findings.is_empty(),
                "{file} {syntax}: {:?}",
                allowed.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
            );
            assert_eq!(
                allowed.stats.allowed,
                plain.findings.len(),
                "{file} {syntax}"
            );
            assert_eq!(allowed.files[0].allowed, plain.findings.len());
            assert_eq!(allowed.files[0].findings, 0);
        }
    }

    #[test]
    fn line_numbers_count_across_several_markers() {
        let text = "a // shipcheck:allow\nb\nc\nd # gitleaks:allow\ne\nf // shipcheck:ignore\n";
        assert_eq!(lines(text), [1, 4, 6]);
    }

    #[test]
    fn in_a_source_map_the_original_line_counts() {
        use crate::scan::{ScanInput, Scanner};
        let key = "sk_live_51Hx7Qm2LpW9vKcR4tYbN8jD3fGs6ZaE1uXo5iVqT0wCyMe";
        let map = |allowed: &str, other: &str| {
            format!(
                r#"{{"version":3,"sources":["src/a.ts","src/b.ts"],"sourcesContent":["const k = '{key}'; {allowed}\n","const j = '{key}'; {other}\n"],"names":[],"mappings":""}}"#
            )
        };
        let scan = |text: String| {
            Scanner::built_in().scan(vec![ScanInput::new("dist/index.js.map", text)])
        };
        let plain = scan(map("", ""));
        assert_eq!(plain.findings.len(), 2, "{:?}", plain.findings);
        // The comment in a.ts allows a.ts's line only, not the whole one-line map.
        let one = scan(map("// shipcheck:allow", ""));
        assert_eq!(one.stats.allowed, 1);
        let left: Vec<_> = one
            .findings
            .iter()
            .filter_map(|f| f.origin.as_ref())
            .collect();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].source, "src/b.ts");
    }
}
