//! `stripe-webhook-unverified` (an evidence item): does a Stripe webhook handler act
//! on events without verifying Stripe's signature?
//!
//! A Stripe webhook handler is an endpoint whose handler or file handles Stripe event
//! types (`checkout.session.completed`, `customer.subscription.updated`…) or reads
//! the `stripe-signature` header. It verifies when it calls `constructEvent` /
//! `constructEventAsync` (Node) or `Webhook.construct_event` (Python). Without that,
//! anyone can post a fake "payment succeeded" and get the goods.
//! - "yes" (high) when one handler does not verify;
//! - "no" (high) when every one does;
//! - absent when there is none.

use super::Context;
use crate::catalog::assess::Answer;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub const ITEM: &str = "stripe-webhook-unverified";

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let (mut unverified, mut verified) = (Vec::new(), Vec::new());
    for (e, facts) in ctx.endpoints {
        let Some(event) = &facts.stripe_event else {
            continue;
        };
        match &facts.stripe_verified {
            Some(v) => verified.push(v.clone()),
            None => unverified.push(Citation::new(
                event.file.clone(),
                event.line,
                format!(
                    "{}: handles Stripe events, never calls constructEvent",
                    e.name
                ),
            )),
        }
    }
    if !unverified.is_empty() {
        return vec![Evidence::new(
            "stripe-webhook",
            ITEM,
            Answer::Yes,
            Confidence::High,
            "A Stripe webhook acts on events without checking Stripe's signature: anyone can fake a payment.",
            unverified,
        )];
    }
    if !verified.is_empty() {
        return vec![Evidence::new(
            "stripe-webhook",
            ITEM,
            Answer::No,
            Confidence::High,
            "Every Stripe webhook verifies Stripe's signature before acting.",
            verified,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    #[test]
    fn verified_unverified_and_none() {
        let unverified = build(&[(
            "app/api/stripe/webhook/route.ts",
            "export async function POST(req: Request) {\n  const event = await req.json();\n  if (event.type === 'checkout.session.completed') {\n    await grantAccess(event.data.object);\n  }\n}\n",
        )]);
        let items = detect(&unverified.ctx());
        assert_eq!(
            answers(&items),
            [("stripe-webhook-unverified".into(), "yes", true)]
        );
        assert_eq!(items[0].citations[0].line, 3);
        let verified = build(&[(
            "supabase/functions/stripe-webhook/index.ts",
            "Deno.serve(async (req) => {\n  const sig = req.headers.get('stripe-signature');\n  const event = await stripe.webhooks.constructEventAsync(await req.text(), sig, secret);\n  return new Response('ok');\n});\n",
        )]);
        assert_eq!(
            answers(&detect(&verified.ctx())),
            [("stripe-webhook-unverified".into(), "no", false)]
        );
        let py = build(&[(
            "api/webhooks.py",
            "@app.post('/stripe')\nasync def stripe_hook(request: Request):\n    payload = await request.body()\n    event = json.loads(payload)\n    if event['type'] == 'checkout.session.completed':\n        fulfil(event)\n",
        )]);
        assert_eq!(
            answers(&detect(&py.ctx())),
            [("stripe-webhook-unverified".into(), "yes", true)]
        );
        let checkout_only = build(&[(
            "app/api/checkout/route.ts",
            "export async function POST() {\n  const s = await stripe.checkout.sessions.create({ mode: 'payment' });\n}\n",
        )]);
        assert!(detect(&checkout_only.ctx()).is_empty());
    }
}
