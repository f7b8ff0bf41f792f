//! Reading the code around a generic rule's match: is this a value assigned to
//! a credential's name, or something else that happens to sit next to the
//! word "password"?
//!
//! Generic rules (`assigned_to` in their data) match `NAME <operator> VALUE` in
//! any syntax. Around the match the engine reads back from the value: its
//! opening quote, the operator, the name (quoted or not) and what comes before
//! the name; and forward: the closing quote and what follows. From that:
//!
//! - a comparison (`"password"===t.signInMethod`, `x == "…"`), a `case` label,
//!   a ternary branch (`?'PASSWORD_RECOVERY':'SIGNED_IN'`), a union type
//!   (`pass: 'opaque' | 'translucent'`) or a string concatenation
//!   (`"?token="+r.projectToken`) is not an assignment;
//! - in a language whose literals are quoted (JavaScript and TypeScript, every
//!   bundle, JSON, Python, Go, Java…), an unquoted value is an expression
//!   (`var key = keyOrKeys_1_1.value`), and a quoted one must close right after
//!   the value;
//! - the name must be a credential's: its last credential word (`password`,
//!   `key`, `token`…) must not be qualified as something else (`cacheKey`,
//!   `designToken`, `primaryKey`, `proxy_pass`) nor followed by a word that
//!   makes the whole an attribute of the credential (`keyId`, `tokenUrl`,
//!   `passwordOrder`). A name with words after the credential word that are
//!   neither (`todo_secret_do_not_commit`) is weaker evidence: its value must
//!   then look random.

use super::words;
use crate::finding::Context;

/// Words that, right before the credential word, make it something other than
/// a credential: a cache or storage key, a database or sort key, a design,
/// page or CSRF token, a public key.
#[rustfmt::skip]
const NOT_CREDENTIAL_BEFORE: &[&str] = &[
    "cache", "caching", "storage", "store", "sort", "sorting", "primary", "foreign", "partition",
    "row", "composite", "natural", "surrogate", "range", "hash", "cluster", "shard", "routing",
    "idempotency", "idempotent", "dedupe", "dedup", "translation", "locale", "lang", "message",
    "event", "query", "react", "list", "item", "map", "lookup", "index", "unique", "group",
    "object", "dict", "field", "column", "attribute", "attr", "prop", "property", "css", "theme",
    "style", "color", "colour", "icon", "animation", "hot", "shortcut", "press", "next", "prev",
    "previous", "page", "pagination", "continuation", "cursor", "cancel", "cancellation", "csrf",
    "xsrf", "design", "sync", "lexer", "parser", "syntax", "max", "min", "total", "count",
    "public", "publishable", "pub", "site", "browser", "bucket", "file", "path", "route",
    "registry", "entry", "node", "parent", "child", "tree", "layout", "element", "component",
    "widget", "form", "input", "output", "button", "menu", "tab", "table", "filter", "search",
    "cell", "keyboard", "mouse", "pointer", "ref", "reference", "lock", "sequence", "seq",
    "schema", "config", "setting", "settings", "option", "options", "feature", "flag", "metric",
    "label", "text", "tracking", "measurement", "prompt", "completion", "context", "embedding",
    "vocab", "special", "spacing", "font", "typography", "motion", "radius", "shadow", "size",
    "proxy", "by", "com", "sur", "i18n", "l10n", "etag", "checksum", "digest", "fingerprint",
    "integrity", "sha", "md5", "revision", "commit", "content",
];

/// Words that, after the credential word, make the name an attribute of the
/// credential (its id, name, length, URL, field…) rather than the credential.
#[rustfmt::skip]
const NOT_CREDENTIAL_AFTER: &[&str] = &[
    "id", "ids", "identifier", "name", "names", "hash", "hashed", "digest", "type", "types",
    "kind", "path", "file", "filename", "url", "uri", "link", "href", "version", "event", "events",
    "size", "length", "len", "prefix", "suffix", "format", "label", "field", "fields", "header",
    "headers", "param", "params", "provider", "vault", "arn", "region", "alias", "store",
    "storage", "ttl", "expiry", "expires", "expiration", "expired", "count", "index", "endpoint",
    "location", "mode", "scope", "scopes", "status", "state", "order", "meta", "metadata",
    "export", "import", "policy", "policies", "rule", "rules", "strength", "hint", "reset",
    "input", "placeholder", "visible", "visibility", "toggle", "error", "errors", "message",
    "messages", "required", "enabled", "disabled", "changed", "form", "validator", "validation",
    "regex", "pattern", "min", "max", "limit", "usage", "used", "class", "style", "color",
    "button", "btn", "icon", "text", "title", "description", "desc", "lifetime", "timeout",
    "duration", "host", "port", "dir", "directory", "env", "var", "variable", "column", "prop",
    "property", "attribute", "attr", "schema", "map", "list", "array", "dict", "table", "cache",
    "manager", "handler", "callback", "listener", "fn", "func", "function", "factory", "builder",
    "parser", "generator", "getter", "setter", "ref", "selector", "request", "response", "req",
    "res", "mismatch", "match", "source", "src", "target", "recovery", "forgot", "complexity",
    "rotation", "age", "last", "updated", "at", "date", "time", "auth", "authentication", "login",
    "protected", "less", "word", "words", "board", "up", "down", "code", "frames", "frame", "of",
    "in", "out", "ize", "izer", "izers", "ized", "store", "chain", "ring", "pair", "exchange",
    "endpoint", "uri", "domain", "sdk", "client", "server", "service", "api", "query",
];

/// Words that, glued before a credential word (`apikey`, `accesstoken`,
/// `dbpassword`), make a credential's name; any other glued word (`monkey`,
/// `hotkey`) makes the name weak evidence.
#[rustfmt::skip]
const CREDENTIAL_PREFIXES: &[&str] = &[
    "api", "app", "access", "secret", "private", "auth", "client", "master", "admin", "root",
    "user", "db", "session", "signing", "service", "bearer", "refresh", "webhook", "hmac", "jwt",
    "oauth", "consumer", "shared", "encryption", "crypt", "license", "account", "personal",
    "deploy", "login", "smtp", "mail", "ftp", "ssh", "ldap", "basic", "git", "npm", "sudo", "wifi",
    "vpn", "pg", "mysql", "redis", "mongo", "sql", "id", "my",
];

/// Words that may follow the credential word without changing what it is:
/// versions, environments, encodings, a confirmation.
#[rustfmt::skip]
const NEUTRAL_AFTER: &[&str] = &[
    "value", "val", "str", "string", "raw", "b64", "base64", "hex", "plain", "plaintext",
    "encoded", "prod", "production", "dev", "development", "test", "testing", "staging", "stage",
    "local", "live", "sandbox", "qa", "uat", "old", "new", "primary", "secondary", "backup",
    "main", "current", "confirm", "confirmation", "again", "repeat", "v", "secret", "key",
];

/// How far back from the value the name is looked for.
const NAME_REACH: usize = 128;

/// What a name says about the value assigned to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// Ends in a credential word (`DB_PASSWORD`, `apiKey`, `client_secret_prod`).
    Credential,
    /// Has a credential word followed by other words (`todo_secret_do_not_commit`).
    Weak,
    /// Names something else; the reason says what.
    NotCredential(String),
}

/// The lowercase words of a name: `DB_PASSWORD` → db, password; `apiKeyV2` →
/// api, key, v, 2; `1passwordToken` → 1, password, token.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            words.push(std::mem::take(&mut current));
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let boundary = match prev {
            Some(p) if p.is_ascii_alphanumeric() => {
                (c.is_ascii_uppercase()
                    && (p.is_ascii_lowercase()
                        || (p.is_ascii_uppercase()
                            && chars.get(i + 1).is_some_and(char::is_ascii_lowercase))))
                    || (c.is_ascii_digit() != p.is_ascii_digit())
            }
            _ => false,
        };
        if boundary {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    // Numeronyms (`i18n`, `l10n`, `a11y`, `k8s`) are one word.
    let mut merged: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let numeronym = i + 2 < words.len()
            && words[i].len() == 1
            && words[i + 1].bytes().all(|b| b.is_ascii_digit())
            && words[i + 1].len() <= 2
            && words[i + 2].len() == 1;
        if numeronym {
            merged.push(format!("{}{}{}", words[i], words[i + 1], words[i + 2]));
            i += 3;
        } else {
            merged.push(std::mem::take(&mut words[i]));
            i += 1;
        }
    }
    merged
}

/// What `name` says, for a rule whose credential words are `heads`.
///
/// # Example
/// ```
/// use shipcheck_engine::scan::secrets::assignment::{judge_name, Name};
/// let heads = ["key", "token", "secret"];
/// assert_eq!(judge_name("STRIPE_API_KEY", &heads), Name::Credential);
/// assert!(matches!(judge_name("cacheKey", &heads), Name::NotCredential(_)));
/// assert!(matches!(judge_name("tokenUrl", &heads), Name::NotCredential(_)));
/// assert_eq!(judge_name("todo_secret_do_not_commit", &heads), Name::Weak);
/// ```
pub fn judge_name(name: &str, heads: &[&str]) -> Name {
    let words = name_words(name);
    let is_head = |w: &str| {
        heads
            .iter()
            .any(|h| w == *h || w.strip_suffix('s') == Some(h))
    };
    // The last credential word, whole or ending a compound (`apikey`).
    let found = words.iter().enumerate().rev().find_map(|(i, w)| {
        if is_head(w) {
            return Some((i, None));
        }
        heads.iter().filter(|h| h.len() >= 3).find_map(|h| {
            w.strip_suffix(h)
                .filter(|p| p.len() >= 2)
                .map(|p| (i, Some(p)))
        })
    });
    let Some((at, compound)) = found else {
        return Name::NotCredential(format!(
            "\"{name}\" is not a credential's name (no credential word in it)"
        ));
    };
    let before = compound.or(at.checked_sub(1).map(|b| words[b].as_str()));
    if let Some(b) = before.filter(|b| NOT_CREDENTIAL_BEFORE.contains(b)) {
        return Name::NotCredential(format!(
            "\"{name}\" names a {b} {}, not a credential",
            words[at].trim_start_matches(b)
        ));
    }
    let glued_unknown = compound.is_some_and(|p| !CREDENTIAL_PREFIXES.contains(&p));
    let after = &words[at + 1..];
    if let Some(a) = after
        .iter()
        .find(|a| NOT_CREDENTIAL_AFTER.contains(&a.as_str()))
    {
        return Name::NotCredential(format!(
            "\"{name}\" names the {a} of a credential, not the credential"
        ));
    }
    let neutral =
        |a: &String| NEUTRAL_AFTER.contains(&a.as_str()) || a.bytes().all(|b| b.is_ascii_digit());
    if after.iter().all(neutral) && !glued_unknown {
        Name::Credential
    } else {
        Name::Weak
    }
}

/// Whether a file's string values are always quoted, so that an unquoted
/// value is an expression: JavaScript and its kin (every bundle and source
/// map), JSON, and the usual programming languages. Shell, `.env`, YAML, INI,
/// properties, XML and pastes write values bare.
pub fn quotes_literals(file: &str, context: Context) -> bool {
    if context == Context::ClientBundle {
        return true;
    }
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let Some((_, ext)) = base.rsplit_once('.') else {
        return false;
    };
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "js" | "mjs"
            | "cjs"
            | "jsx"
            | "ts"
            | "tsx"
            | "mts"
            | "cts"
            | "vue"
            | "svelte"
            | "astro"
            | "json"
            | "jsonc"
            | "json5"
            | "map"
            | "py"
            | "rb"
            | "go"
            | "java"
            | "kt"
            | "scala"
            | "cs"
            | "php"
            | "rs"
            | "swift"
            | "dart"
            | "c"
            | "cc"
            | "cpp"
            | "h"
            | "hpp"
            | "ex"
            | "exs"
            | "lua"
    )
}

/// The syntax around one value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Around<'a> {
    name: &'a [u8],
    /// Where the name starts in the text.
    name_start: usize,
    /// A name before `name`, when `name` may be a type (`var token string = …`).
    typed_name: &'a [u8],
    name_quoted: bool,
    /// The byte before the name (and its quote), spaces skipped; `None` at the
    /// start of a line or of the text.
    before_name: Option<u8>,
    /// The word before the name (`case`, `return`…).
    word_before_name: &'a [u8],
    operator: &'a [u8],
    value_quote: Option<u8>,
    /// The value's quote closes right after it.
    closed: bool,
    /// What follows the value (and its closing quote), spaces skipped.
    after: &'a [u8],
}

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'`')
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$')
}

/// Reads the syntax around the value at `start..end` of `text`.
fn read(text: &[u8], start: usize, end: usize) -> Around<'_> {
    let lo = start.saturating_sub(NAME_REACH);
    let mut i = start;
    // The value's opening quote (a JSON-escaped one too: `\"`).
    let mut value_quote = None;
    if i > lo && is_quote(text[i - 1]) {
        value_quote = Some(text[i - 1]);
        i -= 1;
        if i > lo && text[i - 1] == b'\\' {
            i -= 1;
        }
    }
    while i > lo && text[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    let op_end = i;
    while i > lo && op_end - i < 4 && b"=:>?.|!<,&+-".contains(&text[i - 1]) {
        i -= 1;
    }
    let operator = &text[i..op_end];
    while i > lo && matches!(text[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    let mut name_quoted = false;
    if i > lo && is_quote(text[i - 1]) {
        name_quoted = true;
        i -= 1;
        if i > lo && text[i - 1] == b'\\' {
            i -= 1;
        }
    } else if i > lo && text[i - 1] == b']' {
        i -= 1; // os.environ["X"] =
        if i > lo && is_quote(text[i - 1]) {
            name_quoted = true;
            i -= 1;
        }
    }
    let name_end = i;
    while i > lo && is_name_byte(text[i - 1]) {
        i -= 1;
    }
    let name = &text[i..name_end];
    let name_start = i;
    let mut typed_name: &[u8] = &[];
    if !name_quoted && i > lo && matches!(text[i - 1], b' ' | b'\t') {
        let mut k = i;
        while k > lo && i - k < 3 && matches!(text[k - 1], b' ' | b'\t') {
            k -= 1;
        }
        let typed_end = k;
        while k > lo && is_name_byte(text[k - 1]) {
            k -= 1;
        }
        typed_name = &text[k..typed_end];
    }
    if name_quoted && i > lo && is_quote(text[i - 1]) {
        i -= 1;
        if i > lo && text[i - 1] == b'\\' {
            i -= 1;
        }
    }
    let mut line_start = i == 0;
    while i > lo && text[i - 1].is_ascii_whitespace() {
        line_start |= text[i - 1] == b'\n';
        i -= 1;
    }
    line_start |= i == 0;
    let before_name = (!line_start && i > 0).then(|| text[i - 1]);
    let word_end = i;
    while i > lo && text[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    let word_before_name = &text[i..word_end];
    // Forward: the closing quote, then what follows.
    let mut j = end;
    let mut closed = false;
    if let Some(q) = value_quote {
        if text.get(j) == Some(&b'\\') && text.get(j + 1) == Some(&q) {
            closed = true;
            j += 2;
        } else if text.get(j) == Some(&q) {
            closed = true;
            j += 1;
        }
    }
    while j < text.len() && matches!(text[j], b' ' | b'\t') {
        j += 1;
    }
    let after = &text[j..(j + 4).min(text.len())];
    Around {
        name,
        name_start,
        typed_name,
        name_quoted,
        before_name,
        word_before_name,
        operator,
        value_quote,
        closed,
        after,
    }
}

/// Why the value at `start..end` is not a literal assigned to a credential's
/// name, if it is not. `heads` are the rule's credential words.
pub fn reason(
    text: &[u8],
    start: usize,
    end: usize,
    heads: &[&str],
    file: &str,
    context: Context,
) -> Option<String> {
    let a = read(text, start, end);
    let value = &text[start..end];
    let first = value.first().copied().unwrap_or(b' ');
    if matches!(first, b'=' | b'!' | b'<' | b'>' | b'|' | b'&' | b'?' | b':')
        || (first == b'+' && (!a.closed || value.last() == Some(&b'+')))
    {
        return Some("syntax: an operator, not a value (a comparison or an expression)".into());
    }
    let op = a.operator;
    if contains(op, b"==")
        || contains(op, b"!=")
        || a.after.starts_with(b"==")
        || a.after.starts_with(b"!=")
    {
        return Some("syntax: a comparison, not an assignment".into());
    }
    if a.word_before_name == b"case" {
        return Some("syntax: a case label, not an assignment".into());
    }
    if a.name_quoted
        && a.before_name
            .is_some_and(|b| !matches!(b, b'{' | b',' | b'(' | b'[' | b';'))
    {
        return Some(
            "syntax: a string inside an expression (a ternary branch or an operand), not a key"
                .into(),
        );
    }
    if in_enum(text, a.name_start) {
        return Some("syntax: a member of an enum, not a value".into());
    }
    // `pass: 'opaque' | 'translucent'` (a property's type) or `type Mode = 'a' | 'b'`;
    // `x = 'a' | 'b'` would be a bitwise or of strings, which no code writes.
    let typed = op == b":" || a.word_before_name == b"type";
    if typed && a.after.first() == Some(&b'|') && a.after.get(1) != Some(&b'|') {
        return Some("syntax: a member of a union type, not a value".into());
    }
    if a.after.first() == Some(&b'+') && a.closed {
        return Some("syntax: the start of a string built by concatenation".into());
    }
    if quotes_literals(file, context) {
        match a.value_quote {
            None => return Some(
                "syntax: an unquoted expression in code (a name, call or member), not a literal"
                    .into(),
            ),
            Some(_) if !a.closed => {
                return Some("syntax: part of a longer string, not a whole literal".into())
            }
            Some(_) => {}
        }
    }
    // `acme token xK9…`, `api_key - 'xK9…'`: a name and a value with no
    // operator between them (documentation, command lines, logs). Only a
    // clearly random value of letters and digits makes that a credential.
    if op.is_empty() || op == b"-" {
        let v = String::from_utf8_lossy(value);
        let mixed =
            v.bytes().any(|b| b.is_ascii_digit()) && v.bytes().any(|b| b.is_ascii_alphabetic());
        if v.len() < 20 || !mixed || !words::looks_random(&v) {
            return Some(
                "syntax: a name and a value with no operator, and the value is not clearly random"
                    .into(),
            );
        }
    }
    let mut name = String::from_utf8_lossy(a.name);
    let mut verdict = judge_name(&name, heads);
    if matches!(verdict, Name::NotCredential(_)) && !a.typed_name.is_empty() {
        // `var discordToken string = …`: the name is before its type.
        let typed = String::from_utf8_lossy(a.typed_name);
        let typed_verdict = judge_name(&typed, heads);
        if !matches!(typed_verdict, Name::NotCredential(_)) {
            (name, verdict) = (typed, typed_verdict);
        }
    }
    match verdict {
        Name::Credential => None,
        Name::NotCredential(why) => Some(format!("name: {why}")),
        Name::Weak => {
            let v = String::from_utf8_lossy(value);
            (!words::looks_random(&v)).then(|| {
                format!(
                    "name: \"{name}\" does not end in a credential word, and the value does not look random"
                )
            })
        }
    }
}

/// How far back the opening of an enum is looked for.
const ENUM_REACH: usize = 4096;

/// Whether `at` is inside the braces of `enum Name { … }` (TypeScript, C#,
/// Java, Rust…): its members are constants of the program, not credentials.
fn in_enum(text: &[u8], at: usize) -> bool {
    let lo = at.saturating_sub(ENUM_REACH);
    let mut depth = 0usize;
    let mut i = at;
    while i > lo {
        i -= 1;
        match text[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => {
                let head = text[lo..i].trim_ascii_end();
                let name_len = head
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$'))
                    .count();
                let head = head[..head.len() - name_len].trim_ascii_end();
                return name_len > 0 && head.ends_with(b"enum");
            }
            b'{' => depth -= 1,
            b';' if depth == 0 => return false,
            _ => {}
        }
    }
    false
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(name_words("DB_PASSWORD"), ["db", "password"]);
        assert_eq!(name_words("apiKeyV2"), ["api", "key", "v", "2"]);
        assert_eq!(name_words("1passwordToken"), ["1", "password", "token"]);
        assert_eq!(name_words("HTTPServerKey"), ["http", "server", "key"]);
        assert_eq!(name_words("config.apiKey"), ["config", "api", "key"]);
        assert_eq!(name_words("I18N_KEY"), ["i18n", "key"]);
        assert_eq!(name_words("i18nToken"), ["i18n", "token"]);
    }

    #[test]
    fn names_are_judged() {
        let keys = ["key", "token", "secret", "credential", "creds", "auth"];
        let pass = ["password", "passwd", "pass", "pwd", "passphrase"];
        for (name, heads, credential) in [
            ("STRIPE_API_KEY", &keys[..], Some(true)),
            ("apiKey", &keys, Some(true)),
            ("key", &keys, Some(true)),
            ("client_secret", &keys, Some(true)),
            ("accesstoken", &keys, Some(true)),
            ("apikey", &keys, Some(true)),
            ("some_api_token_123", &keys, Some(true)),
            ("mySecretString", &keys, Some(true)),
            ("oauth_token_secret", &keys, Some(true)),
            ("credentials", &keys, Some(true)),
            ("todo_secret_do_not_commit", &keys, None),
            ("cacheKey", &keys, Some(false)),
            ("CACHE_KEY", &keys, Some(false)),
            ("primaryKey", &keys, Some(false)),
            ("designToken", &keys, Some(false)),
            ("csrf_token", &keys, Some(false)),
            ("keyId", &keys, Some(false)),
            ("tokenUrl", &keys, Some(false)),
            ("credentialsId", &keys, Some(false)),
            ("keyboard", &keys, Some(false)),
            ("keyup", &keys, Some(false)),
            ("monkey", &keys, None),
            ("author", &keys, Some(false)),
            ("authDomain", &keys, Some(false)),
            ("max_tokens", &keys, Some(false)),
            ("DB_PASSWORD", &pass, Some(true)),
            ("adminPassword", &pass, Some(true)),
            ("SMTP_PASS", &pass, Some(true)),
            ("mysql_pwd", &pass, Some(true)),
            ("password_confirmation", &pass, Some(true)),
            ("passwordOrder", &pass, Some(false)),
            ("password_meta", &pass, Some(false)),
            ("passwordExport", &pass, Some(false)),
            ("proxy_pass", &pass, Some(false)),
            ("forgotPassword", &pass, Some(true)),
        ] {
            let got = judge_name(name, heads);
            let expected = match credential {
                Some(true) => matches!(got, Name::Credential),
                Some(false) => matches!(got, Name::NotCredential(_)),
                None => got == Name::Weak,
            };
            assert!(expected, "{name}: {got:?}");
        }
    }

    /// Each line holds one value (between `«` and `»`); the reason must start
    /// with the given text, or be `None`.
    #[test]
    fn syntax_around_the_value_decides() {
        let keys = ["key", "token", "secret", "auth"];
        let pass = ["password", "passwd", "pass", "pwd"];
        let bundle = ("dist/app.js", Context::ClientBundle);
        let env = (".env", Context::ServerEnv);
        let yaml = ("config.yaml", Context::Config);
        type Case<'a> = (&'a str, &'a [&'a str], (&'a str, Context), Option<&'a str>);
        let cases: &[Case] = &[
            (r#"if("password"===«t.signInMethod»)"#, &pass, bundle, Some("syntax: a comparison")),
            (r#"if("password"«===t.signInMethod»)"#, &pass, bundle, Some("syntax: an operator")),
            (r#"case"password":«return!1»}"#, &pass, bundle, Some("syntax: a case label")),
            ("s===`recovery`?`PASSWORD_RECOVERY`:`«SIGNED_IN»`", &pass, bundle, Some("syntax: a string inside")),
            ("pass: '«opaque»' | 'translucent'", &pass, bundle, Some("syntax: a member of a union")),
            ("api token = '«Zf3D0LXCM3EIMbgJpUNn»' | 'Zf3D0LXCM3EIMbgJpUNn'", &keys, ("paste", Context::Unknown), None),
            (r#"send("/api/x?token="«+r.projectToken+s»,{"#, &keys, bundle, Some("syntax: an operator")),
            ("var key = «keyOrKeys_1_1.value»;", &keys, bundle, Some("syntax: an unquoted")),
            (r#"x={token:"«abc»"+y}"#, &keys, bundle, Some("syntax: the start of a string")),
            (r#"fetch("/a?token="«+v.translucentInline+»"&key="+t)"#, &keys, bundle, Some("syntax: an operator")),
            (r#"{cacheKey:"«Zf3D0LXCM3EIMbgJpUNn»"}"#, &keys, bundle, Some("name: \"cacheKey\" names a cache key")),
            (r#"{apiKey:"«Zf3D0LXCM3EIMbgJpUNn»"}"#, &keys, bundle, None),
            (r#"{"api_key": "«Zf3D0LXCM3EIMbgJpUNn»"}"#, &keys, ("a.json", Context::Config), None),
            (r#"x="{\"apiKey\":\"«Zf3D0LXCM3EIMbgJpUNn»\"}""#, &keys, bundle, None),
            ("DB_PASSWORD=«Tr0ub4dor&3»", &pass, env, None),
            ("password: «hunter2-prod!»", &pass, yaml, None),
            ("  password: \"«hunter2-prod!»\"", &pass, ("server.js", Context::SourceCode), None),
            ("System.setProperty(\"API_TOKEN\", \"«Zf3D0LXCM3EIMbgJpUNn»\")", &keys, ("A.java", Context::SourceCode), None),
            ("<apiToken>\n    «Zf3D0LXCM3EIMbgJpUNn»\n</apiToken>", &keys, ("a.xml", Context::Config), None),
            ("todo_secret_do_not_commit = «YH8ZJyHsBXTPZCHuz7muJ8RqjluM25»", &keys, ("paste", Context::Unknown), None),
            ("passwordOrder=«failure»", &pass, yaml, Some("name: \"passwordOrder\" names the order")),
            ("export enum KeySystemIds {\n  CENC = '1077efecc0b24d02ace33c1e52e2fb4b',\n  CLEARKEY = '«e2719d58a985b3c9781ab030af78d30e»',\n}", &keys, ("a.ts", Context::SourceCode), Some("syntax: a member of an enum")),
            ("const config = {\n  apiKey: '«e2719d58a985b3c9781ab030af78d30e»',\n}", &keys, ("a.ts", Context::SourceCode), None),
            ("var discordToken string = \"«Zf3D0LXCM3EIMbgJpUNn»\"", &keys, ("a.go", Context::SourceCode), None),
            ("export API_KEY=«Zf3D0LXCM3EIMbgJpUNn»", &keys, ("a.sh", Context::SourceCode), None),
            ("os.environ[\"API_KEY\"] = \"«Zf3D0LXCM3EIMbgJpUNn»\"", &keys, ("a.py", Context::SourceCode), None),
        ];
        for (line, heads, (file, context), expected) in cases {
            let start = line.find('«').unwrap();
            let end = line.find('»').unwrap() - '«'.len_utf8();
            let text = line.replace(['«', '»'], "");
            let got = reason(text.as_bytes(), start, end, heads, file, *context);
            match expected {
                None => assert_eq!(got, None, "{line}"),
                Some(prefix) => assert!(
                    got.as_deref().is_some_and(|g| g.starts_with(prefix)),
                    "{line}: {got:?}"
                ),
            }
        }
    }
}
