//! A small, realistic folder for the peer comparison (`tools/bench/peers.sh`):
//! what a founder of a Vite + Supabase + Stripe app might hand over. A `.env`
//! with several providers' keys, its `.env.example` of placeholders, the
//! Supabase client and a server function that read keys from the environment,
//! and a built bundle in which a public Stripe `pk_`, a Supabase anon key and,
//! by mistake, the service_role key were inlined. Every fake is generated
//! (`shipcheck_engine::catalog::secrets::fake`) and labelled with what it is, so
//! a scorer can tell, per tool, which fakes were found, under which rule, and
//! what else was reported (noise).

use shipcheck_engine::catalog::secrets::fake::{self, FakeRng};

use crate::corpus::{self, Plant};

/// A fake planted in the folder and what a good scanner should say of it.
pub struct Labelled {
    /// Our rule id for it.
    pub rule: &'static str,
    /// What it is, in words (`"Stripe secret key"`).
    pub label: &'static str,
    /// `"secret"` (rotate it) or `"public"` (public by design).
    pub verdict: &'static str,
    pub offset: usize,
    pub len: usize,
}

/// One file of the folder.
pub struct MixedFile {
    pub path: &'static str,
    pub text: Vec<u8>,
    pub planted: Vec<Labelled>,
}

/// A piece of a file: plain text, or a fake `(rule, label, verdict, template)`.
enum Piece {
    Text(&'static str),
    Fake(&'static str, &'static str, &'static str, &'static str),
}
use Piece::{Fake, Text};

const ANON_JWT: &str = r#"{{jwt:{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"anon","iat":1700000000,"exp":2015000000}}}"#;
const SERVICE_JWT: &str = r#"{{jwt:{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"service_role","iat":1700000000,"exp":2015000000}}}"#;

const ENV: &[Piece] = &[
    Text("# production settings\nNODE_ENV=production\nPORT=3000\n\nSTRIPE_SECRET_KEY="),
    Fake(
        "stripe-secret-key",
        "Stripe secret key (sk_live_)",
        "secret",
        "sk_live_51{{alnum:97}}",
    ),
    Text("\nVITE_STRIPE_PUBLISHABLE_KEY="),
    Fake(
        "stripe-publishable-key",
        "Stripe publishable key (pk_live_)",
        "public",
        "pk_live_51{{alnum:97}}",
    ),
    Text("\nSTRIPE_WEBHOOK_SECRET="),
    Fake(
        "stripe-webhook-secret",
        "Stripe webhook secret",
        "secret",
        "whsec_{{alnum:32}}",
    ),
    Text("\n\nVITE_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\nVITE_SUPABASE_ANON_KEY="),
    Fake("supabase-anon-key", "Supabase anon key", "public", ANON_JWT),
    Text("\nSUPABASE_SERVICE_ROLE_KEY="),
    Fake(
        "supabase-service-role-key",
        "Supabase service_role key",
        "secret",
        SERVICE_JWT,
    ),
    Text("\nDATABASE_URL=postgresql://postgres.abcdefghijklmnopqrst:"),
    Fake(
        "postgres-url-password",
        "Postgres password in a URL",
        "secret",
        "{{alnum:16}}",
    ),
    Text("@aws-0-eu-central-1.pooler.supabase.com:6543/postgres\n\nOPENAI_API_KEY="),
    Fake(
        "openai-project-key",
        "OpenAI project key",
        "secret",
        "sk-proj-{{base64url:74}}T3BlbkFJ{{base64url:74}}",
    ),
    Text("\nANTHROPIC_API_KEY="),
    Fake(
        "anthropic-api-key",
        "Anthropic API key",
        "secret",
        "sk-ant-api03-{{base64url:93}}AA",
    ),
    Text("\nRESEND_API_KEY="),
    Fake(
        "resend-api-key",
        "Resend API key",
        "secret",
        "re_{{alnum:8}}_{{alnum:24}}",
    ),
    Text("\nAWS_ACCESS_KEY_ID="),
    Fake(
        "aws-access-key-id",
        "AWS access key id",
        "secret",
        "AKIA{{upper:16}}",
    ),
    Text("\nAWS_SECRET_ACCESS_KEY="),
    Fake(
        "aws-secret-access-key",
        "AWS secret access key",
        "secret",
        "{{base64:40}}",
    ),
    Text("\nGITHUB_TOKEN="),
    Fake(
        "github-pat",
        "GitHub personal access token",
        "secret",
        "ghp_{{alnum:36}}",
    ),
    Text("\nLOG_LEVEL=info\n"),
];

const ENV_EXAMPLE: &[Piece] = &[Text(
    "# copy to .env and fill in\nSTRIPE_SECRET_KEY=sk_live_your_key_here\nVITE_STRIPE_PUBLISHABLE_KEY=pk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n\
     VITE_SUPABASE_URL=https://your-project.supabase.co\nVITE_SUPABASE_ANON_KEY=your-anon-key\n\
     SUPABASE_SERVICE_ROLE_KEY=<your service role key>\nDATABASE_URL=postgresql://postgres:postgres@localhost:54322/postgres\n\
     OPENAI_API_KEY=sk-...\nRESEND_API_KEY=re_123456789\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
)];

const SUPABASE_CLIENT: &[Piece] = &[Text(
    "import { createClient } from '@supabase/supabase-js'\n\n\
     const supabaseUrl = import.meta.env.VITE_SUPABASE_URL\n\
     const supabaseAnonKey = import.meta.env.VITE_SUPABASE_ANON_KEY\n\n\
     export const supabase = createClient(supabaseUrl, supabaseAnonKey, {\n  auth: { storageKey: 'sb-app-auth-token', persistSession: true },\n})\n",
)];

const CHECKOUT_FUNCTION: &[Piece] = &[Text(
    "import Stripe from 'npm:stripe@14'\n\n\
     const stripe = new Stripe(Deno.env.get('STRIPE_SECRET_KEY')!, { apiVersion: '2023-10-16' })\n\
     const webhookSecret = Deno.env.get('STRIPE_WEBHOOK_SECRET')\n\n\
     Deno.serve(async (req) => {\n  const token = req.headers.get('Authorization')?.replace('Bearer ', '')\n  \
     if (!token) return new Response('missing token', { status: 401 })\n  \
     const session = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [] })\n  \
     return Response.json({ url: session.url })\n})\n",
)];

/// Secrets inlined into the bundle: `(rule, text before, template)`.
const BUNDLE_PLANTS: &[Plant] = &[
    (
        "stripe-publishable-key",
        "loadStripe(\"",
        "pk_live_51{{alnum:97}}",
    ),
    (
        "supabase-anon-key",
        "createClient(\"https://abcdefghijklmnopqrst.supabase.co\",\"",
        ANON_JWT,
    ),
    (
        "supabase-service-role-key",
        "const admin=createClient(u,\"",
        SERVICE_JWT,
    ),
];

fn build(path: &'static str, pieces: &[Piece], rng: &mut FakeRng) -> MixedFile {
    let mut text = Vec::new();
    let mut planted = Vec::new();
    for piece in pieces {
        match piece {
            Text(t) => text.extend_from_slice(t.as_bytes()),
            Fake(rule, label, verdict, template) => {
                let secret = fake::expand_with(template, rng).expect("valid template");
                planted.push(Labelled {
                    rule,
                    label,
                    verdict,
                    offset: text.len(),
                    len: secret.len(),
                });
                text.extend_from_slice(secret.as_bytes());
            }
        }
    }
    MixedFile {
        path,
        text,
        planted,
    }
}

/// The whole folder, deterministic (the same bytes on every run).
pub fn folder() -> Vec<MixedFile> {
    let mut rng = FakeRng::seeded("mixed-folder");
    let bundle = corpus::bundle_planting("mixed-bundle", 512 << 10, 3, BUNDLE_PLANTS);
    let labels = [
        ("Stripe publishable key (pk_live_)", "public"),
        ("Supabase anon key", "public"),
        ("Supabase service_role key", "secret"),
    ];
    let bundle_planted = bundle
        .planted
        .iter()
        .zip(&bundle.lengths)
        .zip(labels)
        .map(|(((rule, offset), len), (label, verdict))| Labelled {
            rule,
            label,
            verdict,
            offset: *offset,
            len: *len,
        })
        .collect();
    vec![
        build(".env", ENV, &mut rng),
        build(".env.example", ENV_EXAMPLE, &mut rng),
        build("src/lib/supabase.ts", SUPABASE_CLIENT, &mut rng),
        build(
            "supabase/functions/checkout/index.ts",
            CHECKOUT_FUNCTION,
            &mut rng,
        ),
        MixedFile {
            path: "dist/assets/index-4f3a9c1b.js",
            text: bundle.text,
            planted: bundle_planted,
        },
    ]
}
