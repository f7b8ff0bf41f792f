//! The global placeholder filter: values that stand in for a secret (in docs,
//! templates, examples and tutorials) are not findings, whatever rule matched.
//!
//! Every check returns the reason a candidate was dropped, which `--explain`
//! shows. The checks are chosen so that a random key almost never trips one by
//! chance: substrings are long (a given 8-letter word appears in a random
//! 40-character key with probability below 1e-12), and repetition needs a run of
//! six identical characters.

/// Substrings (lowercase) that mark a value as a stand-in.
const MARKERS: &[(&str, &str)] = &[
    ("example", "contains \"example\""),
    ("your_", "names a value to fill in (\"your_...\")"),
    ("your-", "names a value to fill in (\"your-...\")"),
    ("yourapi", "names a value to fill in (\"yourapi...\")"),
    ("yourkey", "names a value to fill in (\"yourkey...\")"),
    ("yoursecret", "names a value to fill in (\"yoursecret...\")"),
    ("yourtoken", "names a value to fill in (\"yourtoken...\")"),
    ("yourpass", "names a value to fill in (\"yourpass...\")"),
    ("changeme", "is \"changeme\""),
    ("change_me", "is \"change_me\""),
    ("change-me", "is \"change-me\""),
    ("replaceme", "is \"replaceme\""),
    ("replace_me", "is \"replace_me\""),
    ("replace-me", "is \"replace-me\""),
    ("placeholder", "contains \"placeholder\""),
    ("redacted", "contains \"redacted\""),
    ("dummy", "contains \"dummy\""),
    ("insert_", "names a value to insert"),
    ("insert-", "names a value to insert"),
    ("_here", "names a value to put \"here\""),
    ("-here", "names a value to put \"here\""),
    ("notreal", "says it is not real"),
    ("password", "contains the word \"password\""),
    ("notasecret", "says it is not a secret"),
    ("not_a_secret", "says it is not a secret"),
    ("not-a-secret", "says it is not a secret"),
    ("not my real", "says it is not real"),
    ("not_real", "says it is not real"),
    ("not-a-real", "says it is not real"),
    ("fakefake", "says it is fake"),
    ("fake_", "says it is fake"),
    ("_fake", "says it is fake"),
    ("sample_", "is a sample"),
    ("_sample", "is a sample"),
    ("12345678", "contains the sequence 12345678"),
    ("abcdefgh", "contains the sequence abcdefgh"),
    ("qwertyui", "contains the keyboard row qwertyui"),
    ("xxxxx", "is masked with x"),
    ("*****", "is masked with *"),
    ("•••", "is masked with •"),
    ("…", "is truncated (…)"),
    ("...", "is truncated (...)"),
];

/// References to a value kept elsewhere: the code is fine, there is no secret.
const REFERENCES: &[(&str, &str)] = &[
    ("${", "is a variable reference (${...})"),
    ("{{", "is a template variable ({{...}})"),
    ("%(", "is a format placeholder (%(...)s)"),
    ("%s", "is a format placeholder (%s)"),
    ("process.env", "reads process.env"),
    ("import.meta.env", "reads import.meta.env"),
    ("os.environ", "reads os.environ"),
    ("getenv(", "reads an environment variable"),
    ("env(", "reads an environment variable"),
    ("env[", "reads an environment variable"),
    ("secrets.", "is a CI secret reference"),
];

/// Whole values (compared lowercase, ignoring `-`, `_` and `.`) that are the
/// classic stand-ins for a password or key.
const WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "psw",
    "secret",
    "token",
    "apikey",
    "key",
    "changeme",
    "admin",
    "root",
    "test",
    "testing",
    "default",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "empty",
    "string",
    "value",
    "foobar",
    "foo",
    "bar",
    "baz",
    "secretkey",
    "secretpassword",
    "mysecret",
    "mypassword",
    "supersecret",
    "postgres",
    "mysql",
    "redis",
    "guest",
    "user",
    "username",
    "todo",
    "tbd",
    "xxx",
];

/// Passwords people really set, made famous by breach lists and jokes
/// (`hunter2`, `letmein`, `trustno1`). In documentation and tests they are
/// stand-ins; in a URL to a real server they are that server's (weak)
/// password, so [`reason_on_real_host`] does not drop them.
const FAMOUS_WEAK: &[&str] = &[
    "letmein",
    "welcome",
    "qwerty",
    "abc123",
    "hunter2",
    "swordfish",
    "trustno1",
    "iloveyou",
    "monkey",
    "dragon",
    "master",
    "sunshine",
    "princess",
];

/// Values that documentation made famous: the OAuth 2.0 RFC's sample tokens and
/// client credentials. Finding one means a copied example, not a leak.
const FAMOUS_EXAMPLES: &[&str] = &[
    "2YotnFZFEjr1zCsicMWpAA",
    "tGzv3JOkF0XG5Qx2TlKWIA",
    "SplxlOBeZQQYbYS6WxSbIA",
    "s6BhdRkqt3",
    "7Fjfp0ZBr1KtDRbnfVdmIw",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "mF_9.B5f-4.1JqM",
];

/// Undoes the usual digit-for-letter swaps (`p4ssw0rd`, `P@ssword`).
fn unleet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '4' | '@' => 'a',
            '3' => 'e',
            '1' | '!' => 'i',
            '0' => 'o',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// Why `secret` is a placeholder rather than a value, if it is.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::placeholder::reason;
/// assert!(reason("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx").is_some());
/// assert!(reason("${STRIPE_SECRET_KEY}").is_some());
/// assert!(reason("AKIAIOSFODNN7EXAMPLE").is_some());
/// assert!(reason("sk_live_Gen3rated0nly4Th1sD0cTest").is_none());
/// ```
pub fn reason(secret: &str) -> Option<String> {
    reason_with(secret, false)
}

/// [`reason`] for a password in a URL to a real server
/// ([`super::userinfo`]): a weak password there (`pass456`, `passw0rd`,
/// `admin1`) is a password, so only a value that is exactly a stand-in word
/// (`password`, `secret`, `changeme`) is still taken for one.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::placeholder::{reason, reason_on_real_host};
/// assert!(reason("passw0rd").is_some());
/// assert!(reason_on_real_host("passw0rd").is_none());
/// assert!(reason("hunter2").is_some());
/// assert!(reason_on_real_host("hunter2").is_none());
/// assert!(reason_on_real_host("password").is_some());
/// assert!(reason_on_real_host("<db-password>").is_some());
/// ```
pub fn reason_on_real_host(secret: &str) -> Option<String> {
    reason_with(secret, true)
}

fn reason_with(secret: &str, exact_words: bool) -> Option<String> {
    let lower = secret.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| c == '"' || c == '\'' || c == '`');
    if trimmed.starts_with('<') && trimmed.ends_with('>') {
        return Some(placeholder("is an <...> placeholder"));
    }
    for (open, close, why) in [
        ('[', ']', "is a [...] placeholder"),
        ('{', '}', "is a {...} placeholder"),
        ('%', '%', "is a %...% variable"),
    ] {
        // A slot is a name in brackets (`[YOUR_PASSWORD]`, `{db_pass}`,
        // `%DB_PASS%`); JSON or code in brackets is not.
        let inner = trimmed
            .strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .unwrap_or("");
        if !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '))
        {
            return Some(placeholder(why));
        }
    }
    if let Some(rest) = trimmed.strip_prefix('$') {
        if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '(' || c == '_') {
            return Some(placeholder("is a shell or environment variable ($...)"));
        }
    }
    if let Some((_, why)) = REFERENCES.iter().find(|(m, _)| lower.contains(m)) {
        return Some(placeholder(why));
    }
    if let Some((_, why)) = MARKERS
        .iter()
        .find(|(m, _)| contains_in_consistent_case(secret, &lower, m))
    {
        return Some(placeholder(why));
    }
    if FAMOUS_EXAMPLES.iter().any(|e| secret.contains(e)) {
        return Some(placeholder(
            "is a well-known example value from documentation",
        ));
    }
    let bare: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect();
    let stem = bare.trim_end_matches(|c: char| c.is_ascii_digit());
    let known = |w: &str| WORDS.contains(&w) || FAMOUS_WEAK.contains(&w);
    let word = |w: &str| known(w) || known(unleet(w).as_str());
    let stand_in = if exact_words {
        WORDS.contains(&bare.as_str())
    } else {
        word(&bare) || (bare.len() - stem.len() <= 4 && word(stem))
    };
    if stand_in {
        return Some(placeholder("is a common stand-in word"));
    }
    if asks_to_be_changed(stem) {
        return Some(placeholder(
            "asks to be changed (\"changethis\", \"replace_me\", \"setme\")",
        ));
    }
    if let Some((user, pass)) = trimmed.split_once(':') {
        if !pass.contains(':')
            && reason_with(user, exact_words).is_some()
            && reason_with(pass, exact_words).is_some()
        {
            return Some(placeholder("is a user:password pair of stand-ins"));
        }
    }
    let chars: Vec<char> = secret.chars().collect();
    if ascending_run(&lower) >= 8 {
        return Some(placeholder(
            "contains a run of 8 letters or digits in order",
        ));
    }
    // A long run that fills much of the value (`sk_live_000000…`); real keys
    // can start with a run of zero bytes (Twitter's `AAAAAAAAAAAAAAAAAAAAA…`).
    let run = longest_run(&chars);
    if run >= 6 && run * 5 >= chars.len() * 2 {
        return Some(placeholder("is mostly one repeated character"));
    }
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if chars.len() >= 8 && distinct.len() <= 3 {
        return Some(placeholder("uses three or fewer distinct characters"));
    }
    None
}

/// Whether a whole value (lowercase, separators removed) is an instruction to
/// replace it: a verb asking for a change and what to change (`changethis`,
/// `replaceme`, `setitlater`, `updatenow`). Whole values only: a password that
/// merely contains such words is still a password.
fn asks_to_be_changed(bare: &str) -> bool {
    const VERBS: [&str; 8] = [
        "change", "replace", "update", "fill", "set", "edit", "enter", "generate",
    ];
    const OBJECTS: [&str; 8] = [
        "me", "this", "it", "later", "now", "mein", "thisnow", "itlater",
    ];
    let bare = bare.strip_prefix("please").unwrap_or(bare);
    let bare = bare.strip_suffix("please").unwrap_or(bare);
    VERBS.iter().any(|v| {
        bare.strip_prefix(v)
            .is_some_and(|rest| OBJECTS.contains(&rest))
    })
}

/// Whether `secret` contains `marker` (lowercase) written all lowercase, all
/// uppercase or capitalised, as people write placeholders: random keys contain
/// a word in mixed case (`dUmMY`) far more often than in one of these three.
fn contains_in_consistent_case(secret: &str, lower: &str, marker: &str) -> bool {
    if !lower.contains(marker) {
        return false;
    }
    if lower.len() != secret.len() {
        return lower.contains(marker);
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find(marker) {
        let at = from + i;
        let found = &secret[at..at + marker.len()];
        let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
        let consistent = letters.iter().all(|c| c.is_lowercase())
            || letters.iter().all(|c| c.is_uppercase())
            || (letters.first().is_some_and(|c| c.is_uppercase())
                && letters[1..].iter().all(|c| c.is_lowercase()));
        if consistent {
            return true;
        }
        from = at + lower[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

fn placeholder(why: &str) -> String {
    format!("placeholder: the value {why}")
}

/// The longest run of letters or digits each one after the previous
/// (`mnopqrst`, `23456789`): typed by hand, never drawn at random (a given
/// run of 8 appears in a random 40-character key with probability below 1e-11).
fn ascending_run(lower: &str) -> usize {
    let b = lower.as_bytes();
    let (mut best, mut run) = (usize::from(!b.is_empty()), 1);
    for w in b.windows(2) {
        let next = w[1].is_ascii_alphanumeric() && w[0].is_ascii_alphanumeric() && w[1] == w[0] + 1;
        run = if next { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}

fn longest_run(chars: &[char]) -> usize {
    let (mut best, mut run) = (0, 0);
    let mut prev = None;
    for &c in chars {
        run = if Some(c) == prev { run + 1 } else { 1 };
        prev = Some(c);
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::secrets::fake::{self, FakeRng};

    /// The placeholder list: each of these must be dropped.
    #[test]
    fn placeholders_are_dropped() {
        for v in [
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
            "your_api_key",
            "YOUR-SECRET-KEY",
            "<YOUR_TOKEN>",
            "<token>",
            "${DB_PASS}",
            "${{ secrets.OPENAI_KEY }}",
            "{{ api_key }}",
            "$DB_PASSWORD",
            "$(cat /run/secret)",
            "process.env.STRIPE_SECRET_KEY",
            "import.meta.env.VITE_KEY",
            "os.environ['KEY']",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "changeme",
            "changethis",
            "Change_This",
            "replace-this",
            "setme",
            "update_it_later",
            "CHANGE_ME_PLEASE",
            "replace-me-with-a-real-key",
            "********",
            "sk-••••••••abcd",
            "sk-proj-abc…",
            "password",
            "Password123",
            "pass",
            "secret",
            "admin",
            "hunter2",
            "sk_live_000000000000000000000000",
            "aaaaaaaaaaaaaaaaaaaa",
            "sk_live_abcdef000000000000",
            "abababababababab",
            "0123456789abcdef0123",
            "put-your-token-here",
            "api_key_here",
            "REDACTED",
            "dummy-token-1",
            "notasecret",
            "p4ssw0rd",
            "my-pvk-password",
            "P@ssword1",
            "%s&id=%s",
            "2YotnFZFEjr1zCsicMWpAA",
            "username:token",
            "user:pass",
            "abc123xyz-456def789ghij-klmnopqrstuvwx",
            "[YOUR_PASSWORD]",
            "{db_pass}",
            "%DB_PASSWORD%",
        ] {
            assert!(reason(v).is_some(), "not dropped: {v}");
        }
    }

    #[test]
    fn on_a_real_host_only_exact_stand_ins_and_slots_are_placeholders() {
        for (v, dropped) in [
            ("password", true),
            ("secret", true),
            ("<password>", true),
            ("[YOUR-PASSWORD]", true),
            ("${DB_PASS}", true),
            ("xxxxxxxx", true),
            ("passw0rd", false),
            ("pass456", false),
            ("Password123", true),
            ("admin1", false),
        ] {
            assert_eq!(reason_on_real_host(v).is_some(), dropped, "{v}");
        }
    }

    #[test]
    fn brackets_hold_slots_not_data() {
        for v in [
            r#"{"k":"XvbIgy77","n":"mykey","id":1}"#,
            "[1,2,3]",
            "%3D%2B%",
        ] {
            assert_eq!(reason(v), None, "{v}");
        }
    }

    #[test]
    fn real_looking_values_are_kept() {
        for v in [
            "sk_live_<generated>",
            "ghp_<generated>",
            "AAAAAAAAAAAAAAAAAAAAA<generated><generated>",
            "Tr0ub4dor&3",
            "correct-horse-battery-staple",
            "s3cr3t-Pa55w0rd!",
            "changethisnow-K9x!q2",
            "settlement",
            "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl",
        ] {
            let v = v.replace("<generated>", &fake::expand("{{alnum:30}}", v).unwrap());
            assert_eq!(reason(&v), None, "{v}");
        }
    }

    /// Random keys of every alphabet must essentially never look like
    /// placeholders; 20 000 of them, none may be dropped.
    #[test]
    fn random_keys_are_not_placeholders() {
        let mut rng = FakeRng::seeded("placeholder-false-positives");
        let alphabets: [&[u8]; 3] = [
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"0123456789abcdef",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        ];
        let mut dropped = Vec::new();
        for i in 0..20_000 {
            let key = rng.string(alphabets[i % 3], 24 + i % 40);
            if let Some(r) = reason(&key) {
                dropped.push((key, r));
            }
        }
        assert!(dropped.is_empty(), "{dropped:?}");
    }
}
