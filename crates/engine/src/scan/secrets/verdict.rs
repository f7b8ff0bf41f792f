//! From a rule match to a judgement: the verdict (a JWT's claims can change it),
//! the severity in this context, and the words that explain both.

use crate::finding::{Context, Severity, Verdict};
use crate::scan::date::iso_date;
use crate::scan::jwt::JwtClaims;

/// Name prefixes that build tools inline into the browser bundle.
const PUBLIC_PREFIXES: [&str; 8] = [
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "NUXT_PUBLIC_",
    "VUE_APP_",
    "GATSBY_",
    "PUBLIC_",
];

/// The severity of a finding: public-by-design values are `info`, test keys
/// `low`; a live secret is always `critical` in a client bundle or under a name
/// that ships to the browser, one step lower in a server environment file (its
/// right place, provided the file is never shared), and the rule's own severity
/// elsewhere.
pub fn severity(base: Severity, verdict: Verdict, context: Context, public_name: bool) -> Severity {
    match verdict {
        Verdict::Public => Severity::Info,
        Verdict::Test => Severity::Low,
        Verdict::Secret if context == Context::ClientBundle || public_name => Severity::Critical,
        Verdict::Secret if context == Context::ServerEnv => base.lowered(),
        Verdict::Secret => base,
    }
}

/// The variable name the value is assigned to, when it carries a prefix that
/// makes a build tool ship it to the browser (`VITE_OPENAI_KEY=...`,
/// `NEXT_PUBLIC_X: "..."`, `{VITE_X:"..."}` in a Vite bundle).
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::verdict::public_env_name;
/// assert_eq!(public_env_name(b"export VITE_OPENAI_KEY=\""), Some("VITE_OPENAI_KEY".into()));
/// assert_eq!(public_env_name(b"OPENAI_KEY="), None);
/// ```
pub fn public_env_name(before: &[u8]) -> Option<String> {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = &before[line_start..];
    // Walk back over the assignment: quotes, spaces, `=`/`:`, then the name.
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'"' | b'\'' | b'`' | b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || !matches!(line[end - 1], b'=' | b':') {
        return None;
    }
    end -= 1;
    while end > 0 && matches!(line[end - 1], b'"' | b'\'' | b' ' | b'\t') {
        end -= 1;
    }
    let start = line[..end]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .map_or(0, |i| i + 1);
    let name = std::str::from_utf8(&line[start..end]).ok()?;
    PUBLIC_PREFIXES
        .iter()
        .any(|p| name.starts_with(p) && name.len() > p.len())
        .then(|| name.to_string())
}

/// Whether `path` is a test, fixture or mock file (`__tests__/`, `test/`,
/// `fixtures/`, `*.test.ts`, `*_test.go`, `test_x.py`…): values in it are
/// usually made up for the test.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::verdict::is_test_file;
/// assert!(is_test_file("pkg/__tests__/constants.js"));
/// assert!(is_test_file("src/api.spec.ts"));
/// assert!(!is_test_file("src/testimonials/list.ts"));
/// ```
pub fn is_test_file(path: &str) -> bool {
    let lower = path.replace('\\', "/").to_ascii_lowercase();
    let mut parts = lower.split('/').rev();
    let base = parts.next().unwrap_or("");
    let dir = |c: &str| {
        matches!(
            c,
            "test"
                | "tests"
                | "testing"
                | "testdata"
                | "__tests__"
                | "__mocks__"
                | "__fixtures__"
                | "fixtures"
                | "fixture"
                | "mocks"
                | "spec"
                | "specs"
                | "e2e"
        ) || c.starts_with("test-")
            || c.starts_with("test_")
    };
    let stem = base.split('.').next().unwrap_or(base);
    parts.any(dir)
        || base.contains(".test.")
        || base.contains(".spec.")
        || stem.ends_with("_test")
        || stem.starts_with("test_")
}

/// A sentence on what a decoded JWT says, e.g. "Decoded token: role
/// service_role, issuer supabase, project abcd, expires 2033-05-18 (not expired)."
pub fn jwt_sentence(c: &JwtClaims) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &c.role {
        parts.push(format!("role {r}"));
    }
    if let Some(i) = &c.iss {
        parts.push(format!("issuer {i}"));
    }
    if let Some(p) = &c.project_ref {
        parts.push(format!("project {p}"));
    }
    match (c.exp, c.expired) {
        (Some(e), Some(true)) => parts.push(format!("expired {}", iso_date(e))),
        (Some(e), Some(false)) => parts.push(format!("expires {} (not expired)", iso_date(e))),
        (Some(e), None) => parts.push(format!("expires {}", iso_date(e))),
        (None, _) => parts.push("no expiry".to_string()),
    }
    format!("Decoded token: {}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_follows_verdict_and_context() {
        use Context::*;
        use Severity::*;
        let cases = [
            (High, Verdict::Secret, ClientBundle, false, Critical),
            (Medium, Verdict::Secret, ClientBundle, false, Critical),
            (High, Verdict::Secret, SourceCode, false, High),
            (High, Verdict::Secret, Config, false, High),
            (High, Verdict::Secret, Unknown, false, High),
            (Critical, Verdict::Secret, ServerEnv, false, High),
            (Medium, Verdict::Secret, ServerEnv, true, Critical),
            (Critical, Verdict::Public, ClientBundle, false, Info),
            (Critical, Verdict::Test, ClientBundle, true, Low),
        ];
        for (base, verdict, ctx, public, expected) in cases {
            assert_eq!(
                severity(base, verdict, ctx, public),
                expected,
                "{base:?} {verdict:?} {ctx:?}"
            );
        }
    }

    #[test]
    fn public_names_in_every_syntax() {
        for (before, name) in [
            ("VITE_STRIPE_SECRET=", Some("VITE_STRIPE_SECRET")),
            (
                "export NEXT_PUBLIC_OPENAI_KEY=\"",
                Some("NEXT_PUBLIC_OPENAI_KEY"),
            ),
            ("  REACT_APP_TOKEN: '", Some("REACT_APP_TOKEN")),
            ("{\"EXPO_PUBLIC_KEY\": \"", Some("EXPO_PUBLIC_KEY")),
            (
                "MODE:\"production\",VITE_SUPABASE_KEY:\"",
                Some("VITE_SUPABASE_KEY"),
            ),
            ("PUBLIC_X = ", Some("PUBLIC_X")),
            ("STRIPE_SECRET=", None),
            ("VITE_=", None),
            ("VITE_KEY=abc\nOTHER=", None),
            ("call(VITE_X, ", None),
        ] {
            assert_eq!(
                public_env_name(before.as_bytes()).as_deref(),
                name,
                "{before}"
            );
        }
    }

    #[test]
    fn dates_and_jwt_sentences() {
        let c = JwtClaims {
            role: Some("anon".into()),
            iss: Some("supabase".into()),
            project_ref: Some("abcd".into()),
            exp: Some(2_000_000_000),
            expired: Some(false),
            ..JwtClaims::default()
        };
        assert_eq!(
            jwt_sentence(&c),
            "Decoded token: role anon, issuer supabase, project abcd, expires 2033-05-18 (not expired)."
        );
    }
}
