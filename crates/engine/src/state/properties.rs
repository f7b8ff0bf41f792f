//! Property tests of the state codecs: random valid states round-trip exactly through
//! the URL fragment and the storage JSON; mutated and random input never panics and
//! always decodes to a valid state.

use super::*;
use crate::catalog::assess::{Catalog, GateSource};

/// splitmix64: small, deterministic, good enough to spread test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn answer(&mut self) -> Answer {
        Answer::ALL[self.below(3)]
    }

    fn in_range(&mut self, (min, max): (u32, u32)) -> u32 {
        match self.below(4) {
            0 => min,
            1 => max,
            _ => min + (self.next() % (u64::from(max - min) + 1)) as u32,
        }
    }
}

fn random_state(rng: &mut Rng, catalog: &Catalog) -> State {
    let profiles = catalog.profiles();
    let mut s = State {
        profile: profiles[rng.below(profiles.len())].id.clone(),
        uses_ai: rng.chance(50),
        ..State::default()
    };
    if rng.chance(30) {
        let names = [
            "Acme",
            "Café ☕ portal",
            "  two  spaces ",
            "x~y.z#%",
            "日本語アプリ",
        ];
        s.set_app_name(names[rng.below(names.len())]);
    }
    let density = rng.next() % 101;
    for q in catalog.questions() {
        if rng.chance(density) {
            s.answers.insert(q.id.clone(), rng.answer());
        }
    }
    for (id, _) in catalog.screening_keys() {
        if rng.chance(density / 3) {
            s.screening.insert(id.to_string(), rng.answer());
        }
    }
    for g in catalog.gates() {
        if matches!(g.source, GateSource::Answers { .. }) && rng.chance(density / 2) {
            s.gates.insert(g.id.clone(), rng.answer());
        }
    }
    // Every field, choices and yes/no included, straight from the field table.
    for field in Field::all() {
        if rng.chance(density) {
            let v = rng.in_range(field.range());
            s.inputs.set(field, Some(v));
        }
    }
    s
}

/// Everything a decoded state may contain is known to the catalog and in range.
fn assert_valid(catalog: &Catalog, s: &State, input: &str) {
    assert!(catalog.profile(&s.profile).is_some(), "{input:?}");
    assert!(
        s.answers.keys().all(|id| catalog.question(id).is_some()),
        "{input:?}"
    );
    assert!(
        s.screening.keys().all(|id| catalog.knows_screening(id)),
        "{input:?}"
    );
    assert!(
        s.gates
            .keys()
            .all(|id| catalog.gates().iter().any(|g| &g.id == id)),
        "{input:?}"
    );
    for (field, v) in s.inputs.iter() {
        assert!(field.check(v).is_ok(), "{field:?}={v} from {input:?}");
    }
}

#[test]
fn random_states_round_trip_exactly_through_both_forms() {
    let catalog = Catalog::built_in();
    let mut rng = Rng(0xF4A6_0001);
    let mut longest = 0;
    for i in 0..3000 {
        let s = random_state(&mut rng, catalog);
        let fragment = encode_fragment(&s);
        longest = longest.max(fragment.len());
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'~' || b == b'.'),
            "{fragment}"
        );
        let d = decode_fragment(&fragment).unwrap();
        assert_eq!(d.state, s, "case {i}: {fragment}");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(decode_any(&format!("#{fragment}")).state, s);

        let json = to_storage_json(&s);
        let d = from_storage_json(&json).unwrap();
        assert_eq!(d.state, s, "case {i}: {json}");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(decode_any(&json).state, s);
    }
    // A state with everything filled in still makes a short link.
    assert!(longest < 260, "longest fragment {longest}");
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    const ALPHABET: &[u8] = b"~.0123456789abcdefghijklmnopqrstuvwxyzABCDEFZ%#{}[]\":,-\\ \x00\xff";
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                bytes.remove(at.min(bytes.len() - 1));
            }
            1 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 if at < bytes.len() => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
            3 => bytes.truncate(at),
            4 => {
                let tail = bytes[at.min(bytes.len())..].to_vec();
                bytes.extend_from_slice(&tail);
            }
            _ => bytes.insert(at, rng.next() as u8),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_and_random_input_never_panics_and_decodes_to_a_valid_state() {
    let catalog = Catalog::built_in();
    let mut rng = Rng(0xF022_0002);
    for _ in 0..4000 {
        let s = random_state(&mut rng, catalog);
        let sources = [encode_fragment(&s), to_storage_json(&s)];
        for source in &sources {
            let input = mutate(&mut rng, source);
            let d = decode_any(&input);
            assert_valid(catalog, &d.state, &input);
            assert!(
                d.notices.len() <= 21,
                "{} notices for {input:?}",
                d.notices.len()
            );
            // The strict reader may refuse but must not panic either.
            let _ = from_answers_json(&input);
        }
        let noise: String = (0..rng.below(300))
            .map(|_| char::from_u32(rng.below(0x800) as u32).unwrap_or('?'))
            .collect();
        assert_valid(catalog, &decode_any(&noise).state, &noise);
    }
}

#[test]
fn hostile_shapes_are_bounded() {
    let huge_numbers = format!("1~f{}", "c9".repeat(900));
    let d = decode_any(&huge_numbers);
    assert!(d.notices.len() <= 21);
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(!decode_any(&deep).notices.is_empty());
    let wide = format!(
        "{{\"profile\":\"full\",\"answers\":{{{}}}}}",
        (0..3000)
            .map(|i| format!("\"q{i}\":\"yes\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let d = from_storage_json(&wide).unwrap();
    assert_eq!(d.notices.len(), 21, "capped, with a count of the rest");
    assert!(d.notices[20].contains("2980 more"));
    assert!(d.state.answers.is_empty());
}
