//! Generated scan corpora for the benchmark and the large-input tests: a
//! one-line minified bundle and a config corpus, both full of look-alike noise
//! (identifiers, hashes, UUIDs, base64 blobs, SRI hashes, data URIs, chunk
//! names, `key:`/`token:` properties with harmless values) with a few planted
//! fake secrets whose offsets are returned, so a caller can check every one was
//! found. All fakes come from the deterministic generator of
//! `shipcheck_engine::catalog::secrets::fake`.

#![allow(dead_code)] // each includer uses part of it

use shipcheck_engine::catalog::secrets::fake::{self, FakeRng};

/// A generated corpus and the secrets planted in it.
pub struct Corpus {
    pub text: Vec<u8>,
    /// `(rule id, byte offset of the secret)` of every planted fake.
    pub planted: Vec<(&'static str, usize)>,
    /// The byte length of each planted secret, in the order of `planted`.
    pub lengths: Vec<usize>,
}

/// A secret to plant: `(rule id, text before, secret template)`.
pub type Plant = (&'static str, &'static str, &'static str);

/// Templates of planted secrets: `(rule id, text before, secret template)`.
const PLANTS: &[Plant] = &[
    (
        "stripe-secret-key",
        "const s=Stripe(\"",
        "sk_live_{{alnum:32}}",
    ),
    (
        "openai-project-key",
        "apiKey:\"",
        "sk-proj-{{base64url:74}}T3BlbkFJ{{base64url:74}}",
    ),
    ("aws-access-key-id", "accessKeyId:\"", "AKIA{{upper:16}}"),
    (
        "supabase-service-role-key",
        "createClient(u,\"",
        r#"{{jwt:{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"service_role"}}}"#,
    ),
];

/// Noise fragments of a minified bundle. Most are plain code; about one in
/// five carries a keyword the secret rules look for (`key`, `token`, `auth`,
/// `password`, `Bearer`...) next to a harmless value, which gives about 4 000
/// keyword hits per MB: the density measured on the busiest real bundles tried
/// (1 300–4 000 per MB in Vite/esbuild bundles of playwright-core and jQuery).
fn bundle_noise(rng: &mut FakeRng, out: &mut Vec<u8>) {
    let lower = b"abcdefghijklmnopqrstuvwxyz";
    let s = match rng.below(40) {
        0 => format!("var {}={{key:\"nav-item-{}\",token:e.token,secret:t.secretName}};", rng.string(lower, 1), rng.below(999)),
        1 => format!("integrity:\"sha384-{}\",", rng.string(fake_alphabet::BASE64, 64)),
        2 => format!("id:\"{}-{}-4{}-a{}-{}\",", rng.string(fake_alphabet::HEX, 8), rng.string(fake_alphabet::HEX, 4), rng.string(fake_alphabet::HEX, 3), rng.string(fake_alphabet::HEX, 3), rng.string(fake_alphabet::HEX, 12)),
        3 => format!("src:\"data:image/png;base64,{}\",", rng.string(fake_alphabet::BASE64, 400)),
        4 => format!("import(\"./chunk-{}.js\");", rng.string(fake_alphabet::ALNUM, 8)),
        5 => format!("commit:\"{}\",", rng.string(fake_alphabet::HEX, 40)),
        6 => "apiKeyLabel:\"Your API key\",passwordPlaceholder:\"Enter your password\",".to_string(),
        7 => format!("const {}=async({{authToken:e}})=>fetch(\"/api/v1/items\",{{headers:{{Authorization:`Bearer ${{e}}`}}}});", rng.string(lower, 3)),
        8 => format!("storageKey:\"sb-{}-auth-token\",", rng.string(lower, 20)),
        9 => "if(!t)throw new Error(\"Missing token or key: check your configuration\");".to_string(),
        10 => format!("e.exports={{{}:\"{}\"}};", rng.string(lower, 6), rng.string(fake_alphabet::ALNUM, 12)),
        11 => format!("className:\"css-{} flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium\",", rng.string(fake_alphabet::ALNUM, 6)),
        12 => format!("VITE_SUPABASE_URL:\"https://{}.supabase.co\",", rng.string(lower, 20)),
        13..=18 => format!(
            "function {n}(e,t){{var r=e.length,o=0;for(;o<r;o++)if(e[o]===t)return o;return-1}}",
            n = rng.string(lower, 2)
        ),
        19..=24 => format!(
            "{a}.createElement(\"div\",{{className:\"{b}\",onClick:()=>{c}(!{d}),children:[{a}.createElement({e},{{size:{n}}})]}}),",
            a = rng.string(lower, 1),
            b = rng.string(lower, 8),
            c = rng.string(lower, 2),
            d = rng.string(lower, 1),
            e = rng.string(lower, 2),
            n = rng.below(64)
        ),
        25..=29 => format!(
            "const {a}=[{},{},{},{}],{b}=Math.max(...{a})/{};",
            rng.below(9999),
            rng.below(9999),
            rng.below(9999),
            rng.below(9999),
            rng.below(100) + 1,
            a = rng.string(lower, 2),
            b = rng.string(lower, 2)
        ),
        30..=34 => format!(
            "{}:{{title:\"{}\",description:\"Manage your {} settings and preferences\"}},",
            rng.string(lower, 5),
            rng.string(lower, 7),
            rng.string(lower, 6)
        ),
        _ => format!("t.{}=function(){{return this._{}}};", rng.string(lower, 7), rng.string(lower, 5)),
    };
    out.extend_from_slice(s.as_bytes());
}

mod fake_alphabet {
    pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    pub const HEX: &[u8] = b"0123456789abcdef";
    pub const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

/// A one-line minified bundle of about `size` bytes with `plants` fake secrets
/// spread evenly through it.
pub fn bundle(size: usize, plants: usize) -> Corpus {
    bundle_planting("bundle-corpus", size, plants, PLANTS)
}

/// A one-line minified bundle like [`bundle`], from its own seed, planting
/// `plants` secrets taken in turn from `templates`.
pub fn bundle_planting(seed: &str, size: usize, plants: usize, templates: &[Plant]) -> Corpus {
    let mut rng = FakeRng::seeded(seed);
    let mut text = Vec::with_capacity(size + 4096);
    text.extend_from_slice(b"!function(){\"use strict\";");
    let mut planted = Vec::new();
    let mut lengths = Vec::new();
    let every = size / (plants + 1);
    while text.len() < size {
        if plants > 0 && planted.len() < plants && text.len() >= every * (planted.len() + 1) {
            let (rule, before, template) = templates[planted.len() % templates.len()];
            text.extend_from_slice(before.as_bytes());
            let secret = fake::expand_with(template, &mut rng).expect("valid template");
            planted.push((rule, text.len()));
            lengths.push(secret.len());
            text.extend_from_slice(secret.as_bytes());
            text.extend_from_slice(b"\");");
        }
        bundle_noise(&mut rng, &mut text);
    }
    text.extend_from_slice(b"}();\n");
    Corpus {
        text,
        planted,
        lengths,
    }
}

/// A config-like corpus (`.env`, YAML and JSON lines) of about `size` bytes,
/// with look-alike noise and `plants` planted fakes.
pub fn config(size: usize, plants: usize) -> Corpus {
    let mut rng = FakeRng::seeded("config-corpus");
    let mut text = Vec::with_capacity(size + 4096);
    let mut planted = Vec::new();
    let mut lengths = Vec::new();
    let every = size / (plants + 1);
    while text.len() < size {
        if plants > 0 && planted.len() < plants && text.len() >= every * (planted.len() + 1) {
            let (rule, _, template) = PLANTS[planted.len() % PLANTS.len()];
            text.extend_from_slice(b"SERVICE_CREDENTIAL=");
            let secret = fake::expand_with(template, &mut rng).expect("valid template");
            planted.push((rule, text.len()));
            lengths.push(secret.len());
            text.extend_from_slice(secret.as_bytes());
            text.push(b'\n');
        }
        let line = match rng.below(10) {
            0 => format!("PORT={}\n", 3000 + rng.below(1000)),
            1 => format!("DATABASE_POOL_SIZE={}\n", rng.below(50)),
            2 => format!(
                "  image: node@sha256:{}\n",
                rng.string(fake_alphabet::HEX, 64)
            ),
            3 => "API_KEY=${API_KEY}\nSECRET_TOKEN=<your-token-here>\n".to_string(),
            4 => format!(
                "  \"request_id\": \"{}\",\n",
                rng.string(fake_alphabet::HEX, 32)
            ),
            5 => "password: changeme\n".to_string(),
            6 => format!("  feature_flag_{}: true\n", rng.below(500)),
            7 => format!(
                "LOG_LEVEL=info # token refresh every {} s\n",
                rng.below(3600)
            ),
            8 => format!(
                "key_path: /etc/ssl/private/{}.pem\n",
                rng.string(b"abcdefghijklmnopqrstuvwxyz", 8)
            ),
            _ => format!(
                "  \"name\": \"service-{}\",\n",
                rng.string(b"abcdefghijklmnopqrstuvwxyz", 10)
            ),
        };
        text.extend_from_slice(line.as_bytes());
    }
    Corpus {
        text,
        planted,
        lengths,
    }
}
