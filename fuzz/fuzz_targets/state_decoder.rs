//! The state decoders (URL fragment and localStorage JSON) on arbitrary text: never a
//! panic, and whatever decodes re-encodes to a fragment that decodes to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipcheck::engine::state;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let decoded = state::decode_any(&text);
    let again = state::decode_fragment(&state::encode_fragment(&decoded.state)).expect("our own fragment decodes");
    assert_eq!(again.state, decoded.state);
    let _ = state::from_storage_json(&text);
    let _ = state::decode_fragment(&text);
});
