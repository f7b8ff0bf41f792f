//! Where a file's contents end up, told from its name and, for pastes, its
//! shape. The same key means a different risk in a front-end bundle, a server
//! `.env` and source code.

use crate::finding::Context;

const BUNDLE_DIRS: [&str; 9] = [
    "dist/",
    "build/",
    "assets/",
    "_next/static/",
    ".next/static/",
    "static/js/",
    "out/_next/",
    ".output/public/",
    ".svelte-kit/output/client/",
];

const SOURCE_EXTS: [&str; 30] = [
    "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts", "vue", "svelte", "astro", "py", "rb",
    "go", "java", "kt", "kts", "scala", "cs", "php", "rs", "swift", "dart", "m", "c", "cpp", "h",
    "sh", "ex", "sql",
];

const CONFIG_EXTS: [&str; 16] = [
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "xml",
    "plist",
    "tf",
    "tfvars",
    "hcl",
    "gradle",
];

/// The context of a file from its name (path separators may be `/` or `\`) and
/// the first bytes of its content.
///
/// # Example
/// ```
/// use shipcheck_engine::{finding::Context, scan::context::detect};
/// assert_eq!(detect("dist/assets/index-4f3a9c.js", b"x"), Context::ClientBundle);
/// assert_eq!(detect(".env.production", b"A=1"), Context::ServerEnv);
/// assert_eq!(detect("src/server.ts", b"x"), Context::SourceCode);
/// assert_eq!(detect("firebase.json", b"{}"), Context::Config);
/// assert_eq!(detect("", b"hello"), Context::Unknown);
/// ```
pub fn detect(name: &str, head: &[u8]) -> Context {
    let path = name.replace('\\', "/").to_ascii_lowercase();
    let base = path.rsplit('/').next().unwrap_or("");
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if is_env_file(base) {
        return Context::ServerEnv;
    }
    if base.starts_with(".env") {
        return Context::SourceCode; // a template such as .env.example, meant to be committed
    }
    let web_asset = matches!(ext, "js" | "mjs" | "cjs" | "map" | "html" | "htm" | "css");
    let in_bundle_dir = BUNDLE_DIRS
        .iter()
        .any(|d| path.starts_with(d) || path.contains(&format!("/{d}")));
    if web_asset
        && (ext == "map" || in_bundle_dir || base.contains(".min.") || has_content_hash(base))
    {
        return Context::ClientBundle;
    }
    if matches!(ext, "js" | "mjs" | "cjs" | "" | "txt") && looks_minified(head) {
        return Context::ClientBundle;
    }
    if matches!(ext, "html" | "htm") {
        return Context::ClientBundle;
    }
    if SOURCE_EXTS.contains(&ext) || base == "dockerfile" || base == "makefile" {
        return Context::SourceCode;
    }
    if CONFIG_EXTS.contains(&ext) || base.starts_with("docker-compose") || base == "_headers" {
        return Context::Config;
    }
    Context::Unknown
}

fn is_env_file(base: &str) -> bool {
    // Templates meant to be committed are source, not the server's environment.
    const TEMPLATES: [&str; 5] = [".example", ".sample", ".template", ".dist", ".tpl"];
    let env = base == ".env"
        || base.starts_with(".env.")
        || base.ends_with(".env")
        || base == ".dev.vars"
        || base == "credentials"
        || base.starts_with("secrets.")
        || base == ".npmrc"
        || base == ".pypirc"
        || base == ".netrc";
    env && !TEMPLATES.iter().any(|t| base.ends_with(t))
}

/// `index-4f3a9c1b.js`, `main.8c2e1f0a.chunk.js`, `app.a1b2c3d4e5.css`: a build
/// tool's content hash in the name.
fn has_content_hash(base: &str) -> bool {
    base.split(['.', '-', '_']).any(|part| {
        let digits = part.bytes().filter(u8::is_ascii_digit).count();
        let longest_letters = part
            .split(|c: char| !c.is_ascii_alphabetic())
            .map(str::len)
            .max()
            .unwrap_or(0);
        (6..=20).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
            && digits >= 2
            && longest_letters <= 4
    })
}

/// A minified bundle: a very long line of code in the first 64 KB.
pub fn looks_minified(head: &[u8]) -> bool {
    let head = &head[..head.len().min(64 * 1024)];
    let longest = head
        .split(|&b| b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    let code = [&b"function"[..], b"=>", b"var ", b"const ", b"return"]
        .iter()
        .any(|k| head.windows(k.len()).any(|w| w == *k));
    longest >= 2000 && code
}

/// Where the finding is, and what that means, in a founder's words.
pub fn phrase(context: Context) -> &'static str {
    match context {
        Context::ClientBundle => "in your front-end bundle: every visitor can read it",
        Context::ServerEnv => {
            "in a server environment file: the right place for it, as long as the file is never committed, shared or bundled"
        }
        Context::SourceCode => {
            "in source code: everyone with access to the repository, and its history, can read it"
        }
        Context::Config => "in a configuration file: anyone who can read the file or its repository can use it",
        Context::Unknown => "in pasted text: if it is in your code, repository or front end, treat it as exposed",
    }
}

/// Parses a `--context` value.
pub fn parse(s: &str) -> Option<Context> {
    Some(match s {
        "client" | "client-bundle" | "bundle" => Context::ClientBundle,
        "server" | "server-env" | "env" => Context::ServerEnv,
        "source" | "source-code" => Context::SourceCode,
        "config" => Context::Config,
        "unknown" | "paste" => Context::Unknown,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide_the_context() {
        let minified = format!("!function(){{var a=1;{}}}()", "a+=1;".repeat(600));
        let cases: &[(&str, &[u8], Context)] = &[
            ("dist/index.js", b"x", Context::ClientBundle),
            (
                "build/static/js/main.8c2e1f0a.chunk.js",
                b"x",
                Context::ClientBundle,
            ),
            (
                "out/_next/static/chunks/pages/_app-3f9a.js",
                b"x",
                Context::ClientBundle,
            ),
            (
                "web\\assets\\index-4f3a9c1b.js",
                b"x",
                Context::ClientBundle,
            ),
            ("app.js.map", b"{}", Context::ClientBundle),
            ("vendor.min.js", b"x", Context::ClientBundle),
            ("index.html", b"<html>", Context::ClientBundle),
            ("bundle.js", minified.as_bytes(), Context::ClientBundle),
            ("", minified.as_bytes(), Context::ClientBundle),
            (".env", b"", Context::ServerEnv),
            (".env.local", b"", Context::ServerEnv),
            ("config/production.env", b"", Context::ServerEnv),
            ("secrets.toml", b"", Context::ServerEnv),
            (".aws/credentials", b"", Context::ServerEnv),
            (".env.example", b"", Context::SourceCode),
            ("src/lib/supabase.ts", b"x", Context::SourceCode),
            ("server.js", b"const x = 1;\n", Context::SourceCode),
            ("src/oauth2client.js", b"x", Context::SourceCode),
            ("app.py", b"", Context::SourceCode),
            ("vercel.json", b"{}", Context::Config),
            ("config.yaml", b"", Context::Config),
            ("docker-compose.yml", b"", Context::Config),
            ("notes", b"hello", Context::Unknown),
            ("paste", b"STRIPE=sk", Context::Unknown),
        ];
        for (name, head, expected) in cases {
            assert_eq!(detect(name, head), *expected, "{name}");
        }
    }

    #[test]
    fn context_names_parse() {
        assert_eq!(parse("client"), Some(Context::ClientBundle));
        assert_eq!(parse("server"), Some(Context::ServerEnv));
        assert_eq!(parse("source"), Some(Context::SourceCode));
        assert_eq!(parse("config"), Some(Context::Config));
        assert_eq!(parse("auto"), None);
    }
}
