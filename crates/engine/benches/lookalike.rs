//! A look-alike corpus: code and configuration full of values that sit where a
//! secret could sit but are not secrets — words, colours, enum members,
//! booleans, content hashes, identifiers, comparisons, case labels, ternary
//! branches, template literals, expressions, UUIDs and URLs next to names
//! such as `password`, `apiKey`, `token`, `secret` — with planted fakes
//! (provider keys, passwords and API keys assigned in every usual syntax,
//! database URLs) whose offsets are recorded.
//!
//! Two shapes: a one-line minified bundle and a configuration file mixing
//! `.env`, YAML, JSON and INI lines. Every name and value is drawn from a
//! seeded generator, so a corpus is the same on every run. A good scanner
//! finds every fake and reports nothing else as a secret.

#![allow(dead_code)] // each includer uses part of it

use shipcheck_engine::catalog::secrets::fake::{self, FakeRng};

/// A planted fake: the rule expected to report it, where it is, how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub rule: &'static str,
    pub offset: usize,
    pub len: usize,
}

/// A generated corpus and the fakes planted in it.
pub struct Lookalike {
    pub text: Vec<u8>,
    pub planted: Vec<Planted>,
}

/// Everyday words of UI code and configuration, to build names and values from.
const WORDS: &[&str] = &[
    "account",
    "action",
    "active",
    "admin",
    "alert",
    "align",
    "amount",
    "anchor",
    "app",
    "array",
    "async",
    "audio",
    "avatar",
    "back",
    "badge",
    "banner",
    "base",
    "border",
    "bottom",
    "box",
    "brand",
    "button",
    "cache",
    "card",
    "cart",
    "center",
    "change",
    "chart",
    "check",
    "child",
    "circle",
    "class",
    "click",
    "close",
    "cloud",
    "color",
    "column",
    "content",
    "control",
    "count",
    "cover",
    "create",
    "current",
    "cursor",
    "dark",
    "data",
    "date",
    "default",
    "delete",
    "detail",
    "dialog",
    "disabled",
    "display",
    "document",
    "done",
    "draft",
    "drawer",
    "edit",
    "editor",
    "empty",
    "error",
    "event",
    "expand",
    "export",
    "failure",
    "feature",
    "field",
    "file",
    "filter",
    "first",
    "flex",
    "focus",
    "footer",
    "form",
    "frame",
    "group",
    "header",
    "height",
    "hidden",
    "history",
    "home",
    "hover",
    "icon",
    "image",
    "import",
    "index",
    "info",
    "inline",
    "input",
    "item",
    "label",
    "language",
    "large",
    "last",
    "layout",
    "left",
    "light",
    "line",
    "link",
    "list",
    "loading",
    "local",
    "lock",
    "login",
    "logout",
    "main",
    "margin",
    "media",
    "medium",
    "menu",
    "message",
    "meta",
    "mobile",
    "modal",
    "mode",
    "month",
    "name",
    "next",
    "notice",
    "number",
    "offset",
    "open",
    "option",
    "order",
    "outline",
    "overlay",
    "padding",
    "page",
    "panel",
    "pending",
    "picker",
    "position",
    "preview",
    "primary",
    "profile",
    "progress",
    "radius",
    "range",
    "ready",
    "record",
    "refresh",
    "remove",
    "reset",
    "result",
    "right",
    "role",
    "route",
    "row",
    "save",
    "scroll",
    "search",
    "secondary",
    "section",
    "select",
    "session",
    "settings",
    "shadow",
    "share",
    "show",
    "side",
    "size",
    "slider",
    "small",
    "sort",
    "space",
    "start",
    "state",
    "status",
    "step",
    "store",
    "style",
    "submit",
    "success",
    "summary",
    "surface",
    "switch",
    "tab",
    "table",
    "target",
    "text",
    "theme",
    "timeout",
    "title",
    "toggle",
    "tooltip",
    "top",
    "total",
    "track",
    "translucent",
    "type",
    "update",
    "upload",
    "user",
    "value",
    "video",
    "view",
    "visible",
    "warning",
    "week",
    "width",
    "window",
    "year",
    "zoom",
];

/// Words that qualify a credential word into something that is not one.
const QUALIFIERS: &[&str] = &[
    "cache",
    "storage",
    "sort",
    "primary",
    "foreign",
    "partition",
    "idempotency",
    "design",
    "page",
    "next",
    "cursor",
    "cancel",
    "csrf",
    "query",
    "i18n",
    "translation",
    "lookup",
    "public",
    "site",
];

/// Words that, after a credential word, name one of its attributes.
const ATTRIBUTES: &[&str] = &[
    "Order",
    "Meta",
    "Export",
    "Label",
    "Hint",
    "Color",
    "Status",
    "Type",
    "Name",
    "Id",
    "Url",
    "Length",
    "Policy",
    "Strength",
    "Field",
    "Placeholder",
    "Visible",
    "Error",
    "Mode",
    "Format",
];

const HEADS: &[&str] = &[
    "password", "passwd", "pwd", "apiKey", "token", "secret", "authKey",
];

const BOOLEANS: &[&str] = &[
    "true", "false", "enabled", "disabled", "yes", "no", "on", "off", "none", "required",
    "optional", "always", "never", "auto",
];

const HEX: &[u8] = b"0123456789abcdef";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

fn pick<'a>(rng: &mut FakeRng, list: &[&'a str]) -> &'a str {
    list[rng.below(list.len())]
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// `flushTimeoutMs`, `primaryNextBtnHover`: 2–4 words in camelCase.
fn camel(rng: &mut FakeRng) -> String {
    let n = 2 + rng.below(3);
    let mut s = pick(rng, WORDS).to_string();
    for _ in 1..n {
        s.push_str(&capitalised(pick(rng, WORDS)));
    }
    s
}

/// `SIGNED_IN`, `TOKEN_REFRESHED`: 2–3 words in CONSTANT_CASE.
fn constant(rng: &mut FakeRng) -> String {
    let n = 2 + rng.below(2);
    (0..n)
        .map(|_| pick(rng, WORDS).to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `nav-item-hover`, `user_profile_title`.
fn joined(rng: &mut FakeRng, sep: &str) -> String {
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| pick(rng, WORDS))
        .collect::<Vec<_>>()
        .join(sep)
}

fn colour(rng: &mut FakeRng) -> String {
    match rng.below(3) {
        0 => format!("#{}", rng.string(HEX, 6)),
        1 => format!("#{}", rng.string(HEX, 3)),
        _ => format!(
            "rgb({},{},{})",
            rng.below(256),
            rng.below(256),
            rng.below(256)
        ),
    }
}

fn uuid(rng: &mut FakeRng) -> String {
    format!(
        "{}-{}-4{}-a{}-{}",
        rng.string(HEX, 8),
        rng.string(HEX, 4),
        rng.string(HEX, 3),
        rng.string(HEX, 3),
        rng.string(HEX, 12)
    )
}

/// A secret-looking name that is not a credential's: `passwordOrder`,
/// `cacheKey`, `tokenColor`.
fn attribute_name(rng: &mut FakeRng) -> String {
    let head = pick(rng, HEADS);
    if rng.below(2) == 0 {
        format!("{head}{}", pick(rng, ATTRIBUTES))
    } else {
        let head = capitalised(head.trim_start_matches("api").trim_start_matches("auth"));
        format!("{}{head}", pick(rng, QUALIFIERS))
    }
}

/// A value that is not a secret, of one of the look-alike kinds.
fn harmless_value(rng: &mut FakeRng) -> String {
    match rng.below(9) {
        0 => pick(rng, WORDS).to_string(),
        1 => colour(rng),
        2 => constant(rng),
        3 => pick(rng, BOOLEANS).to_string(),
        4 => {
            let len = [32, 40, 64][rng.below(3)];
            rng.string(HEX, len)
        }
        5 => camel(rng),
        6 => joined(rng, "-"),
        7 => uuid(rng),
        _ => joined(rng, "."),
    }
}

/// One fragment of minified bundle code with a look-alike in it.
fn bundle_lookalike(rng: &mut FakeRng) -> String {
    let v = rng.string(LOWER, 1);
    match rng.below(16) {
        0 => format!("{{{}:\"{}\"}},", attribute_name(rng), harmless_value(rng)),
        1 => format!("{}:'{}',", attribute_name(rng), harmless_value(rng)),
        2 => format!(
            "if({v}.type===\"{}\")return!1;",
            pick(rng, HEADS).to_ascii_lowercase()
        ),
        3 => format!(
            "switch({v}){{case\"{}\":return {};case\"text\":break}}",
            pick(rng, HEADS).to_ascii_lowercase(),
            rng.below(9)
        ),
        4 => format!(
            "{v}===`{}`?`{}`:`{}`,",
            pick(rng, WORDS),
            constant(rng).replacen('_', "_PASSWORD_", 1),
            constant(rng)
        ),
        5 => format!(
            "var {}={v}.{}[{}];",
            pick(rng, &["key", "token", "secret", "password"]),
            pick(rng, &["keys", "tokens", "values", "items"]),
            rng.below(9)
        ),
        6 => format!(
            "{{key:\"{}\",get:function(){{return this._{}}}}},",
            camel(rng),
            pick(rng, WORDS)
        ),
        7 => format!(
            "{}:{}.{}||{}.{},",
            pick(rng, &["apiKey", "token", "password", "secret"]),
            v,
            pick(rng, &["apiKey", "token", "password", "secret"]),
            rng.string(LOWER, 1),
            pick(rng, WORDS)
        ),
        8 => format!(
            "password:`${{{v}}}`,token:`${{{}}}-${{{}}}`,",
            pick(rng, WORDS),
            pick(rng, WORDS)
        ),
        9 => format!(
            "{}:\"{}\",",
            pick(rng, &["key", "token"]),
            match rng.below(3) {
                0 => camel(rng),
                1 => joined(rng, "-"),
                _ => format!(
                    "{}.{}.{}",
                    pick(rng, WORDS),
                    pick(rng, WORDS),
                    pick(rng, WORDS)
                ),
            }
        ),
        10 => format!(
            "var {}={{{}:\"{}\",{}:\"{}\"}};",
            capitalised(pick(rng, WORDS)),
            constant(rng),
            constant(rng),
            constant(rng).replacen('_', "_TOKEN_", 1),
            constant(rng)
        ),
        11 => format!(
            "fetch(\"/api/{}?token=\"+{v}.{}+\"&key=\"+{});",
            pick(rng, WORDS),
            camel(rng),
            pick(rng, WORDS)
        ),
        12 => format!(
            "requestKey:\"{}\",idempotencyKey:\"{}\",",
            uuid(rng),
            uuid(rng)
        ),
        13 => format!(
            "tokenUrl:\"https://{}.example.com/oauth/token\",authDomain:\"{}-{}.firebaseapp.com\",",
            pick(rng, WORDS),
            pick(rng, WORDS),
            rng.below(99_999)
        ),
        14 => format!(
            "{{passwordLabel:\"Enter your {} password\",secretHint:\"{} {} {}\"}},",
            pick(rng, WORDS),
            pick(rng, WORDS),
            pick(rng, WORDS),
            pick(rng, WORDS)
        ),
        _ => format!(
            "{}:{},{}:\"{}\",",
            pick(
                rng,
                &[
                    "secureToken",
                    "apiKeyRequired",
                    "passwordReset",
                    "rememberToken"
                ]
            ),
            pick(rng, &["true", "false", "!0", "!1"]),
            pick(
                rng,
                &["tokenType", "authMode", "passwordPolicy", "keyFormat"]
            ),
            pick(rng, &["bearer", "strict", "jwt", "pkce", "basic", "hex"])
        ),
    }
}

/// Plain code between look-alikes.
fn bundle_code(rng: &mut FakeRng) -> String {
    let a = rng.string(LOWER, 2);
    match rng.below(4) {
        0 => format!(
            "function {a}(e,t){{var r=e.length,o=0;for(;o<r;o++)if(e[o]===t)return o;return-1}}"
        ),
        1 => format!(
            "{}.createElement(\"div\",{{className:\"{}\",children:[]}}),",
            rng.string(LOWER, 1),
            joined(rng, " ")
        ),
        2 => format!(
            "const {a}=[{},{},{}];",
            rng.below(999),
            rng.below(999),
            rng.below(999)
        ),
        _ => format!(
            "t.{}=function(){{return this._{}}};",
            camel(rng),
            pick(rng, WORDS)
        ),
    }
}

/// A password a person chose: `Maple!2024x`, `Tr0ub4dor&3`-like.
fn human_password(rng: &mut FakeRng) -> String {
    let word = capitalised(pick(rng, WORDS));
    let symbol = pick(rng, &["!", "&", "#", "%", "*", "@", "$", "?"]);
    let count = 2 + rng.below(3);
    let digits = rng.string(b"0123456789", count);
    match rng.below(3) {
        0 => format!("{word}{symbol}{digits}{}", rng.string(LOWER, 1)),
        1 => format!("{digits}{word}{symbol}{}", pick(rng, WORDS)),
        _ => format!(
            "{}{symbol}{word}{digits}",
            rng.string(b"ABCDEFGHJKLMNPQRSTUVWXYZ", 2)
        ),
    }
}

/// A fake to plant: (expected rule, text before, value, text after). The value
/// is the secret; its offset is recorded.
type Fake = (&'static str, String, String, &'static str);

fn bundle_fake(rng: &mut FakeRng, i: usize) -> Fake {
    let t = |template: &str, rng: &mut FakeRng| fake::expand_with(template, rng).expect("valid");
    match i % 12 {
        0 => (
            "stripe-secret-key",
            "const s=Stripe(\"".into(),
            t("sk_live_{{alnum:32}}", rng),
            "\");",
        ),
        1 => (
            "openai-project-key",
            "{apiKey:\"".into(),
            t("sk-proj-{{base64url:74}}T3BlbkFJ{{base64url:74}}", rng),
            "\"}",
        ),
        2 => (
            "aws-access-key-id",
            "{accessKeyId:\"".into(),
            t("AKIA{{upper:16}}", rng),
            "\"}",
        ),
        3 => (
            "generic-password",
            "login({user:\"ops\",password:\"".into(),
            human_password(rng),
            "\"});",
        ),
        4 => (
            "generic-api-key",
            "headers:{\"x-api-key\":\"".into(),
            t("{{alnum:32}}", rng),
            "\"},",
        ),
        5 => (
            "twilio-auth-token",
            "const tw={TWILIO_AUTH_TOKEN:\"".into(),
            t("{{hex:32}}", rng),
            "\"};",
        ),
        6 => (
            "postgres-url-password",
            "db:\"postgres://app:".into(),
            t("{{alnum:20}}", rng),
            "@db.internal:5432/app\",",
        ),
        7 => (
            "github-pat",
            "{auth:\"".into(),
            t("ghp_{{alnum:36}}", rng),
            "\"}",
        ),
        8 => (
            "generic-password",
            "var adminPassword=\"".into(),
            human_password(rng),
            "\";",
        ),
        9 => (
            "anthropic-api-key",
            "new Anthropic({apiKey:\"".into(),
            t("sk-ant-api03-{{base64url:93}}AA", rng),
            "\"})",
        ),
        10 => (
            "generic-api-key",
            "{serviceSecret:'".into(),
            t("{{base64:40}}", rng),
            "'},",
        ),
        _ => (
            "slack-bot-token",
            "slack:{token:\"".into(),
            t("xoxb-{{digits:12}}-{{digits:13}}-{{alnum:24}}", rng),
            "\"},",
        ),
    }
}

/// A one-line minified bundle of about `size` bytes, `plants` fakes spread
/// evenly through it, one look-alike for every two pieces of plain code.
pub fn bundle(size: usize, plants: usize) -> Lookalike {
    let mut rng = FakeRng::seeded("lookalike-bundle");
    let mut text = Vec::with_capacity(size + 4096);
    text.extend_from_slice(b"!function(){\"use strict\";");
    let mut planted = Vec::new();
    let every = size / (plants + 1);
    while text.len() < size {
        if planted.len() < plants && text.len() >= every * (planted.len() + 1) {
            let (rule, before, value, after) = bundle_fake(&mut rng, planted.len());
            text.extend_from_slice(before.as_bytes());
            planted.push(Planted {
                rule,
                offset: text.len(),
                len: value.len(),
            });
            text.extend_from_slice(value.as_bytes());
            text.extend_from_slice(after.as_bytes());
        }
        let piece = if rng.below(3) == 0 {
            bundle_lookalike(&mut rng)
        } else {
            bundle_code(&mut rng)
        };
        text.extend_from_slice(piece.as_bytes());
    }
    text.extend_from_slice(b"}();\n");
    Lookalike { text, planted }
}

/// One configuration line with a look-alike in it, in one of four syntaxes.
fn config_lookalike(rng: &mut FakeRng) -> String {
    let name = attribute_name(rng);
    let value = harmless_value(rng);
    let snake = name
        .chars()
        .flat_map(|c| {
            if c.is_ascii_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect::<String>();
    match rng.below(8) {
        0 => format!("{}={value}\n", snake.to_ascii_uppercase()),
        1 => format!("{snake}: {value}\n"),
        2 => format!("  \"{name}\": \"{value}\",\n"),
        3 => format!("{name} = \"{value}\"\n"),
        4 => format!(
            "{}={}\n",
            pick(
                rng,
                &[
                    "CACHE_KEY",
                    "ASSET_CACHE_KEY",
                    "BUILD_CACHE_KEY",
                    "ETAG_KEY"
                ]
            ),
            rng.string(HEX, 64)
        ),
        5 => format!(
            "{}: {}\n",
            pick(
                rng,
                &[
                    "password_meta",
                    "token_meta",
                    "secret_visible",
                    "api_key_required"
                ]
            ),
            pick(rng, BOOLEANS)
        ),
        6 => format!(
            "{}=${{{}}}\n",
            pick(rng, &["API_KEY", "DB_PASSWORD", "SECRET_TOKEN"]),
            constant(rng)
        ),
        _ => format!(
            "{}: \"{}\"\n",
            pick(
                rng,
                &["password_strength_color", "token_theme", "secret_badge_bg"]
            ),
            colour(rng)
        ),
    }
}

fn config_plain(rng: &mut FakeRng) -> String {
    match rng.below(5) {
        0 => format!("PORT={}\n", 3000 + rng.below(1000)),
        1 => format!("  {}: {}\n", pick(rng, WORDS), rng.below(500)),
        2 => format!("LOG_LEVEL={}\n", pick(rng, &["info", "debug", "warn"])),
        3 => format!("  \"{}\": \"{}\",\n", pick(rng, WORDS), joined(rng, "-")),
        _ => format!("[{}]\n", pick(rng, WORDS)),
    }
}

fn config_fake(rng: &mut FakeRng, i: usize) -> Fake {
    let t = |template: &str, rng: &mut FakeRng| fake::expand_with(template, rng).expect("valid");
    match i % 8 {
        0 => (
            "stripe-secret-key",
            "STRIPE_SECRET_KEY=".into(),
            t("sk_live_{{alnum:32}}", rng),
            "\n",
        ),
        1 => (
            "generic-password",
            "DB_PASSWORD=".into(),
            human_password(rng),
            "\n",
        ),
        2 => (
            "generic-password",
            "  password: \"".into(),
            human_password(rng),
            "\"\n",
        ),
        3 => (
            "postgres-url-password",
            "DATABASE_URL=postgresql://postgres:".into(),
            t("{{alnum:24}}", rng),
            "@db.internal:5432/postgres\n",
        ),
        4 => (
            "generic-api-key",
            "  \"api_key\": \"".into(),
            t("{{alnum:40}}", rng),
            "\",\n",
        ),
        5 => (
            "twilio-auth-token",
            "TWILIO_AUTH_TOKEN=".into(),
            t("{{hex:32}}", rng),
            "\n",
        ),
        6 => (
            "sendgrid-api-key",
            "SENDGRID_API_KEY=".into(),
            t("SG.{{base64url:22}}.{{base64url:43}}", rng),
            "\n",
        ),
        _ => (
            "generic-api-key",
            "service_token = \"".into(),
            t("{{hex:48}}", rng),
            "\"\n",
        ),
    }
}

/// A configuration file of about `size` bytes mixing `.env`, YAML, JSON and
/// INI lines; a look-alike for every two plain lines; `plants` fakes.
pub fn config(size: usize, plants: usize) -> Lookalike {
    let mut rng = FakeRng::seeded("lookalike-config");
    let mut text = Vec::with_capacity(size + 4096);
    let mut planted = Vec::new();
    let every = size / (plants + 1);
    while text.len() < size {
        if planted.len() < plants && text.len() >= every * (planted.len() + 1) {
            let (rule, before, value, after) = config_fake(&mut rng, planted.len());
            text.extend_from_slice(before.as_bytes());
            planted.push(Planted {
                rule,
                offset: text.len(),
                len: value.len(),
            });
            text.extend_from_slice(value.as_bytes());
            text.extend_from_slice(after.as_bytes());
        }
        let line = if rng.below(3) == 0 {
            config_lookalike(&mut rng)
        } else {
            config_plain(&mut rng)
        };
        text.extend_from_slice(line.as_bytes());
    }
    Lookalike { text, planted }
}
