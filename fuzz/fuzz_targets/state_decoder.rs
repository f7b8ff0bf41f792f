//! The state decoders on arbitrary text, followed by what the page does with their
//! result: the URL fragment of a shared link or the `localStorage` JSON
//! (`decode_any`, the page's entry point), the strict answers-file reader of the
//! command line, a profile switch, a number typed into a box, and the assessment
//! with its reports.
//!
//! Asserts, besides "no panic": whatever decodes re-encodes to a fragment and to a
//! storage JSON that both decode, without notices, to the same state; switching
//! profile and back restores the answers; a typed number that is accepted is shown
//! back as text that parses to the same value and survives a shared link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck_engine::assess::{self, render};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::operator::OperatorConfig;
use shipcheck_engine::report::handover;
use shipcheck_engine::state::{self, Field, State};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalog = Catalog::built_in();

    let decoded = state::decode_any(&text);
    assert_round_trips(&decoded.state);
    let _ = state::decode_fragment(&text);
    if let Ok(d) = state::from_storage_json(&text) {
        assert_round_trips(&d.state);
    }
    if let Ok(s) = state::from_answers_json(&text) {
        assert_round_trips(&s);
    }

    let mut s = decoded.state.clone();
    let profiles = catalog.profiles();
    let other = &profiles[data.len() % profiles.len()].id;
    s.set_profile(catalog, other);
    assert_round_trips(&s);
    s.set_profile(catalog, &decoded.state.profile);
    assert_eq!(
        s, decoded.state,
        "switching profile and back changed the answers"
    );

    let typed = text.get(..text.len().min(64)).unwrap_or_default();
    for field in Field::all() {
        if let Ok(Some(v)) = field.parse(typed) {
            let shown = field.format_typed(v);
            assert_eq!(
                field.parse(&shown),
                Ok(Some(v)),
                "{field:?} shows {v} as {shown:?}"
            );
            let mut t = decoded.state.clone();
            t.inputs.set(field, Some(v));
            assert_eq!(t.inputs.get(field), Some(v));
            assert_round_trips(&t);
        }
    }

    let operator = OperatorConfig::built_in();
    let a = assess::assess_with(catalog, &decoded.state, &[], &operator);
    let _ = render::to_text(catalog, &a);
    let _ = render::to_markdown(catalog, &a);
    let _ = handover::markdown(catalog, &a, &[], None, &operator, "2026-01-01");
    let json = handover::json(&a, &[], None, "2026-01-01");
    serde_json::from_str::<serde_json::Value>(&json).expect("the handover JSON is JSON");
});

/// `state` survives a shared link and a save to `localStorage`, with nothing dropped.
fn assert_round_trips(state: &State) {
    let fragment = state::encode_fragment(state);
    let again = state::decode_fragment(&fragment).expect("our own fragment decodes");
    assert_eq!(
        &again.state, state,
        "the fragment {fragment:?} changed the state"
    );
    assert!(
        again.notices.is_empty(),
        "notices on our own fragment: {:?}",
        again.notices
    );
    let json = state::to_storage_json(state);
    let again = state::from_storage_json(&json).expect("our own storage JSON decodes");
    assert_eq!(&again.state, state, "the storage JSON changed the state");
    assert!(
        again.notices.is_empty(),
        "notices on our own storage JSON: {:?}",
        again.notices
    );
}
