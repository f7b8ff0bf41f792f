//! Finding rule matches fast: one Aho-Corasick pass over the text for every
//! rule keyword, then each rule's regex only on windows around its keyword
//! hits.
//!
//! A 20 MB one-line bundle is thus read once by the keyword automaton instead
//! of once per rule. A rule's window around a hit is as wide as the longest
//! match its regex can produce (capped at [`MAX_WINDOW`]), so every match that
//! contains the keyword lies wholly inside it. Matches that touch the edge of a
//! window (and not the edge of the text) may be cut off and are left to the
//! window of their own keyword: the semantics are "a rule reports the matches
//! that lie within reach of one of its keywords".
//!
//! The keyword pass is a DFA walk (aho-corasick's DFA: every keyword, ASCII
//! case-insensitive, every overlapping hit), and a DFA walk is bound by the
//! latency of its next transition: about 2 ns a byte here, whatever the
//! number of keywords. So the chunk is cut into [`LANES`] lanes walked in step,
//! one byte of each per round: the walks do not depend on each other, the CPU
//! overlaps them, and the pass takes 0.42× the time of one walk (0.0100 vs
//! 0.0238 CPU-s over the 10 MiB bundle of the benchmark). Each lane reports the
//! hits that *start* in it, reading on past its end by the longest keyword
//! less one byte, so the hits are exactly those of one walk over the chunk.
//!
//! A rule whose every match starts with one of its keywords (its regex's
//! leading literals say so: `(?i)(?:key|token)…`, `\bsk_live_…`) is not run
//! over windows at all: its regex runs anchored at each of its keyword hits,
//! reading only as far as the match (or the failure) goes. Its matches are
//! the same, since each one starts at a hit; hits inside the rule's previous
//! match are skipped, as a search over the window would step over them.
//! Around a common keyword (key, token) the windows of a generic rule cover
//! the whole of a bundle, and its search over them stopped at every candidate
//! its own literal prefilter found.
//!
//! [`MAX_WINDOW`]: crate::catalog::secrets::MAX_WINDOW

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::catalog::secrets::Rule;

/// One regex match of one rule, as offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawMatch {
    /// Index of the rule in the scanner's rule list.
    pub rule: usize,
    /// The whole match.
    pub start: usize,
    pub end: usize,
    /// The secret group.
    pub secret_start: usize,
    pub secret_end: usize,
}

/// The keyword automaton of a rule list.
#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: Option<DFA>,
    /// Keyword pattern index → rules that run near a hit of it.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules without keywords (only from user gitleaks files): run everywhere.
    everywhere: Vec<usize>,
    longest_keyword: usize,
    /// Per rule, whether it runs anchored at its keyword hits: decided when
    /// its regex is compiled (its first hit).
    anchored: Vec<OnceLock<bool>>,
}

/// Where the anchored rules' last matches ended, carried from one chunk of a
/// text to the next so that a hit inside a match found from the previous
/// chunk is stepped over as in one search. A chunk starting at 0 starts a new
/// text and clears it.
#[derive(Debug, Clone, Default)]
pub struct Carry {
    last_end: Vec<(usize, usize)>,
}

impl Carry {
    fn last_end(&self, rule: usize) -> usize {
        self.last_end
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(0, |&(_, e)| e)
    }

    fn set_last_end(&mut self, rule: usize, end: usize) {
        match self.last_end.iter_mut().find(|(r, _)| *r == rule) {
            Some(slot) => slot.1 = end,
            None => self.last_end.push((rule, end)),
        }
    }
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut keywords: Vec<String> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut everywhere = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                everywhere.push(i);
            }
            for k in &rule.keywords {
                match keywords.iter().position(|x| x == k) {
                    Some(p) => {
                        if !pattern_rules[p].contains(&i) {
                            pattern_rules[p].push(i);
                        }
                    }
                    None => {
                        keywords.push(k.clone());
                        pattern_rules.push(vec![i]);
                    }
                }
            }
        }
        let automaton = (!keywords.is_empty()).then(|| {
            DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // The walk is ours (see `keyword_hits`): no prefilter, so that
                // the only special states are the dead and match states.
                .prefilter(false)
                .build(&keywords)
                .expect("keywords are plain literals")
        });
        Prefilter {
            automaton,
            longest_keyword: keywords.iter().map(String::len).max().unwrap_or(0),
            pattern_rules,
            everywhere,
            anchored: (0..rules.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether every match of rule `r` starts with one of its keywords, so that
    /// it runs anchored at its hits. Compiles the rule's regex.
    fn is_anchored(&self, r: usize, rule: &Rule) -> bool {
        *self.anchored[r].get_or_init(|| {
            let compiled = rule.pattern.expect_compiled(&rule.id);
            compiled.leading.as_ref().is_some_and(|literals| {
                literals.iter().all(|lit| {
                    rule.keywords.iter().any(|k| {
                        lit.len() >= k.len() && lit[..k.len()].eq_ignore_ascii_case(k.as_bytes())
                    })
                })
            })
        })
    }

    /// Every rule match whose keyword hit starts in `chunk` (or, for rules
    /// without keywords, that overlaps `chunk`), appended to `out` in no
    /// particular order. Matches found from two adjacent chunks are identical
    /// and are deduplicated by the caller. `carry` goes from one chunk of a
    /// text to the next (see [`Carry`]).
    pub fn find(
        &self,
        rules: &[Rule],
        text: &[u8],
        chunk: Range<usize>,
        carry: &mut Carry,
        out: &mut Vec<RawMatch>,
    ) {
        if chunk.start == 0 {
            carry.last_end.clear();
        }
        // The anchored rules' hits: (rule, hit start, hit end).
        let mut anchors: Vec<(usize, usize, usize)> = Vec::new();
        // Each rule's windows, merged as they come. Hits arrive in the order they
        // end, so a rule's windows almost always start in order and are merged
        // on the spot; a rule whose windows came out of order (two of its keywords
        // overlapping) is sorted and merged once at the end. The result is the
        // union of each rule's windows, in rule order, whatever the hit order.
        let mut windows: Vec<Windows> = Vec::new();
        let mut slot: Vec<u32> = vec![u32::MAX; rules.len()];
        let mut add = |r: usize, s: usize, e: usize| {
            let i = match slot[r] {
                u32::MAX => {
                    slot[r] = windows.len() as u32;
                    windows.push(Windows {
                        rule: r,
                        spans: Vec::new(),
                        sorted: true,
                    });
                    windows.len() - 1
                }
                i => i as usize,
            };
            windows[i].add(s, e);
        };
        if let Some(dfa) = &self.automaton {
            let mut lanes = Vec::new();
            keyword_hits(dfa, text, chunk.clone(), self.longest_keyword, &mut lanes);
            for (start, end, keyword) in lane_keywords(dfa, &lanes) {
                for &r in &self.pattern_rules[keyword] {
                    // The first hit of a rule's keyword compiles its regex.
                    if self.is_anchored(r, &rules[r]) {
                        anchors.push((r, start, end));
                        continue;
                    }
                    let w = rules[r].pattern.expect_compiled(&rules[r].id).window;
                    add(r, start.saturating_sub(w), (end + w).min(text.len()));
                }
            }
        }
        for &r in &self.everywhere {
            let w = rules[r].pattern.expect_compiled(&rules[r].id).window;
            add(
                r,
                chunk.start.saturating_sub(w),
                (chunk.end + w).min(text.len()),
            );
        }
        windows.sort_unstable_by_key(|w| w.rule);
        for w in &mut windows {
            w.merge();
            for &(s, e) in &w.spans {
                run_rule(w.rule, &rules[w.rule], text, s..e, out);
            }
        }
        // Each anchored rule's hits in text order; two keywords starting at
        // one place are one start, searched to the end of the longer one's
        // window.
        anchors.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.cmp(&a.2)));
        anchors.dedup_by(|later, first| later.0 == first.0 && later.1 == first.1);
        let mut i = 0;
        while i < anchors.len() {
            let r = anchors[i].0;
            let mut last_end = carry.last_end(r);
            while i < anchors.len() && anchors[i].0 == r {
                let (_, start, end) = anchors[i];
                i += 1;
                if start < last_end {
                    continue; // inside the rule's previous match
                }
                if let Some(m) = run_anchored(r, &rules[r], text, start, end, out) {
                    last_end = m;
                }
            }
            carry.set_last_end(r, last_end);
        }
    }
}

/// How many walks of the keyword DFA run in step (see the module's notes): 4
/// measured best (2: 0.62×, 4: 0.42×, 8: 0.50× the time of one walk).
pub const LANES: usize = 4;

/// A chunk shorter than this is walked in one lane: lanes of a few bytes would
/// spend their time reading past their ends.
const LANED_FROM: usize = 1024;

/// The keyword hits of one lane: `(end, match state)` in the order the walk met
/// them; a hit counts when its keyword starts before `starts_before`.
struct Lane {
    hits: Vec<(usize, StateID)>,
    starts_before: usize,
}

/// Every keyword hit that starts in `chunk`, as the match states a walk of
/// `dfa` over the chunk (and `longest - 1` bytes after it) passes through,
/// lane by lane in text order.
fn keyword_hits(dfa: &DFA, text: &[u8], chunk: Range<usize>, longest: usize, out: &mut Vec<Lane>) {
    if chunk.len() >= LANED_FROM {
        walk::<LANES>(dfa, text, chunk, longest, out);
    } else {
        walk::<1>(dfa, text, chunk, longest, out);
    }
}

/// The `(start, end, keyword index)` of each hit the lanes count: every keyword
/// a match state stands for, less those that start in the next lane.
fn lane_keywords<'a>(
    dfa: &'a DFA,
    lanes: &'a [Lane],
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    lanes.iter().flat_map(move |lane| {
        lane.hits.iter().flat_map(move |&(end, sid)| {
            (0..dfa.match_len(sid)).filter_map(move |i| {
                let keyword = dfa.match_pattern(sid, i);
                let start = end - dfa.pattern_len(keyword);
                (start < lane.starts_before).then_some((start, end, keyword.as_usize()))
            })
        })
    })
}

fn walk<const K: usize>(
    dfa: &DFA,
    text: &[u8],
    chunk: Range<usize>,
    longest: usize,
    out: &mut Vec<Lane>,
) {
    let start = dfa
        .start_state(Anchored::No)
        .expect("an unanchored DFA has an unanchored start state");
    let step = chunk.len() / K;
    let from: [usize; K] = std::array::from_fn(|i| chunk.start + i * step);
    let mut state = [start; K];
    let mut hits: [Vec<(usize, StateID)>; K] = std::array::from_fn(|_| Vec::new());
    // In step: byte j of every lane, then byte j + 1.
    for j in 0..step {
        for i in 0..K {
            let at = from[i] + j;
            state[i] = dfa.next_state(Anchored::No, state[i], text[at]);
            if dfa.is_special(state[i]) && dfa.is_match(state[i]) {
                hits[i].push((at + 1, state[i]));
            }
        }
    }
    // Each lane on its own to its end (the last lane holds the remainder of the
    // division), then on by `longest - 1` bytes for the keywords that start in
    // it and end after it.
    for (i, mut lane_hits) in hits.into_iter().enumerate() {
        let starts_before = if i + 1 == K { chunk.end } else { from[i + 1] };
        let stop = (starts_before + longest.saturating_sub(1)).min(text.len());
        let mut s = state[i];
        for (at, &byte) in text.iter().enumerate().take(stop).skip(from[i] + step) {
            s = dfa.next_state(Anchored::No, s, byte);
            if dfa.is_special(s) && dfa.is_match(s) {
                lane_hits.push((at + 1, s));
            }
        }
        out.push(Lane {
            hits: lane_hits,
            starts_before,
        });
    }
}

/// One rule's windows around its keyword hits in one chunk.
struct Windows {
    rule: usize,
    /// Disjoint and in order while `sorted`.
    spans: Vec<(usize, usize)>,
    sorted: bool,
}

impl Windows {
    fn add(&mut self, s: usize, e: usize) {
        match self.spans.last_mut() {
            Some(last) if self.sorted && s >= last.0 && s <= last.1 => last.1 = last.1.max(e),
            Some(last) if self.sorted && s > last.1 => self.spans.push((s, e)),
            None => self.spans.push((s, e)),
            Some(_) => {
                self.sorted = false;
                self.spans.push((s, e));
            }
        }
    }

    /// Sorts and merges the windows if they came out of order.
    fn merge(&mut self) {
        if self.sorted {
            return;
        }
        self.spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.spans.len());
        for &(s, e) in &self.spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.spans = merged;
        self.sorted = true;
    }
}

/// Runs one rule's regex anchored at the start of a keyword hit, over the
/// window the hit would have had; returns where its match ended.
fn run_anchored(
    index: usize,
    rule: &Rule,
    text: &[u8],
    start: usize,
    hit_end: usize,
    out: &mut Vec<RawMatch>,
) -> Option<usize> {
    let compiled = rule.pattern.expect_compiled(&rule.id);
    let window_end = (hit_end + compiled.window).min(text.len());
    // The whole text is the haystack, so `\b` and `$` see the real bytes on
    // either side; the span bounds the search.
    let input = regex_automata::Input::new(text)
        .span(start..window_end)
        .anchored(regex_automata::Anchored::Yes);
    let mut caps = compiled.regex.create_captures();
    compiled.regex.search_captures(&input, &mut caps);
    let m = caps.get_match()?;
    if m.end() == window_end && window_end < text.len() {
        return None; // longer than the longest match the rule can have: cut off
    }
    if let Some(secret) = caps.get_group(compiled.secret_group) {
        if secret.end > secret.start {
            out.push(RawMatch {
                rule: index,
                start: m.start(),
                end: m.end(),
                secret_start: secret.start,
                secret_end: secret.end,
            });
        }
    }
    Some(m.end())
}

/// Runs one rule's regex over one window of `text`.
fn run_rule(index: usize, rule: &Rule, text: &[u8], window: Range<usize>, out: &mut Vec<RawMatch>) {
    // The haystack keeps the text before the window so that `\b` and `^` see
    // the real preceding byte; it ends at the window so the search is bounded.
    let hay = &text[..window.end];
    let compiled = rule.pattern.expect_compiled(&rule.id);
    let regex = &compiled.regex;
    let mut caps = regex.create_captures();
    let mut at = window.start;
    while at <= window.end {
        regex.search_captures(
            &regex_automata::Input::new(hay).span(at..hay.len()),
            &mut caps,
        );
        let Some(m) = caps.get_match() else {
            break;
        };
        let (start, end) = (m.start(), m.end());
        at = if end > start { end } else { end + 1 };
        if end == window.end && window.end < text.len() {
            break; // may continue past the window: left to a window that holds it
        }
        if start == window.start && window.start > 0 {
            continue; // may have started before the window
        }
        let Some(secret) = caps.get_group(compiled.secret_group) else {
            continue;
        };
        let (secret_start, secret_end) = (secret.start, secret.end);
        if secret_end > secret_start {
            out.push(RawMatch {
                rule: index,
                start,
                end,
                secret_start,
                secret_end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::secrets::RuleSet;

    fn rules(defs: &str) -> Vec<Rule> {
        RuleSet::from_files(&[("t.toml", defs)])
            .unwrap()
            .rules()
            .to_vec()
    }

    const ACME: &str = "[[rule]]\nid = \"acme-key\"\nprovider = \"Acme\"\ntitle = \"t\"\ndescription = \"d\"\n\
        severity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''\\b(acme_[a-z0-9]{16})\\b'''\nremediation = \"r\"\n";

    fn find_all(rules: &[Rule], text: &[u8], chunk: usize) -> Vec<RawMatch> {
        let pre = Prefilter::new(rules);
        let mut out = Vec::new();
        let mut carry = Carry::default();
        let mut at = 0;
        while at < text.len() {
            let end = (at + chunk).min(text.len());
            pre.find(rules, text, at..end, &mut carry, &mut out);
            at = end;
        }
        out.sort_by_key(|m| (m.start, m.rule));
        out.dedup();
        out
    }

    #[test]
    fn keyword_is_case_insensitive_and_regex_decides() {
        let r = rules(ACME);
        let text = b"x ACME_ acme_0123456789abcdef y acme_short";
        let found = find_all(&r, text, 1 << 20);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].secret_start..found[0].secret_end],
            b"acme_0123456789abcdef"
        );
    }

    /// A match across a chunk boundary is found exactly once, whatever the
    /// chunk size.
    #[test]
    fn chunk_boundaries_neither_lose_nor_duplicate_matches() {
        let r = rules(ACME);
        let mut text = Vec::new();
        let mut expected = Vec::new();
        for i in 0..50 {
            text.extend_from_slice(&b"filler"[..i % 6]);
            text.push(b';');
            expected.push(text.len());
            text.extend_from_slice(
                format!("acme_{:016x};", 0xabcdef_u64 * (i + 1) as u64).as_bytes(),
            );
        }
        for chunk in [1, 2, 3, 7, 13, 21, 64, 1000] {
            let found: Vec<usize> = find_all(&r, &text, chunk)
                .iter()
                .map(|m| m.secret_start)
                .collect();
            assert_eq!(found, expected, "chunk {chunk}");
        }
    }

    #[test]
    fn word_boundaries_see_the_text_before_the_window() {
        let r = rules(ACME);
        // `xacme_...` must not match `\b`, even though the window starts at `a`.
        let text = b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxacme_0123456789abcdef";
        assert!(find_all(&r, text, 1 << 20).is_empty());
    }

    /// Two keywords of one rule that overlap (`cme_` ends before `acme_`, which
    /// starts earlier) give windows out of order: they are merged all the same.
    #[test]
    fn overlapping_keywords_of_one_rule_find_each_match_once() {
        let r = rules(&ACME.replace("keywords = [\"acme_\"]", "keywords = [\"cme_\", \"acme_\"]"));
        assert_eq!(r[0].keywords.len(), 2);
        let text = b"acme_0123456789abcdef;xx acme_fedcba9876543210 acme_short";
        for chunk in [3, 10, 1 << 20] {
            let found: Vec<usize> = find_all(&r, text, chunk)
                .iter()
                .map(|m| m.secret_start)
                .collect();
            assert_eq!(found, vec![0, 25], "chunk {chunk}");
        }
    }

    /// Windows merged as they come equal the sorted union, in any order.
    #[test]
    fn windows_are_the_union_of_the_spans_whatever_their_order() {
        let spans = [
            (10, 20),
            (15, 30),
            (5, 8),
            (30, 31),
            (40, 50),
            (8, 9),
            (0, 3),
            (45, 60),
        ];
        let mut expected: Vec<(usize, usize)> = Vec::new();
        let mut sorted = spans.to_vec();
        sorted.sort_unstable();
        for (s, e) in sorted {
            match expected.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => expected.push((s, e)),
            }
        }
        assert_eq!(expected, vec![(0, 3), (5, 9), (10, 31), (40, 60)]);
        for order in [spans.to_vec(), spans.iter().rev().copied().collect()] {
            let mut w = Windows {
                rule: 0,
                spans: Vec::new(),
                sorted: true,
            };
            for (s, e) in order {
                w.add(s, e);
            }
            w.merge();
            assert_eq!(w.spans, expected);
        }
    }

    /// Every `(start, end, keyword)` hit starting in `chunk`, from the lanes.
    fn lane_hits(
        dfa: &DFA,
        text: &[u8],
        chunk: Range<usize>,
        longest: usize,
    ) -> Vec<(usize, usize, usize)> {
        let mut lanes = Vec::new();
        keyword_hits(dfa, text, chunk, longest, &mut lanes);
        let mut hits: Vec<(usize, usize, usize)> = lane_keywords(dfa, &lanes).collect();
        hits.sort_unstable();
        hits
    }

    /// The lanes find exactly the hits of aho-corasick's own overlapping search,
    /// over texts dense with keywords that overlap, nest and cross every lane
    /// boundary, for chunks of every size and offset.
    #[test]
    fn lanes_find_exactly_the_overlapping_hits_of_one_walk() {
        let keywords = [
            "key",
            "apikey",
            "KEY_",
            "token",
            "ok",
            "k",
            "sk_live_",
            "e",
            "begin rsa private key",
        ];
        let longest = keywords.iter().map(|k| k.len()).max().unwrap();
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(keywords)
            .unwrap();
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(keywords)
            .unwrap();
        // A deterministic mix of keyword pieces and filler.
        let pieces = [
            "key",
            "apiKEY",
            "tok",
            "en",
            "sk_live_",
            "x",
            "Begin RSA private",
            " key",
            ";",
            "ok",
            "k_",
        ];
        let mut text = Vec::new();
        let mut seed = 0x2545_f491_u32;
        while text.len() < 20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            text.extend_from_slice(pieces[seed as usize % pieces.len()].as_bytes());
        }
        for chunk in [
            0..text.len(),
            0..1024,
            7..1031,
            1000..5003,
            3..4099,
            17..text.len() - 5,
            100..140,
        ] {
            let mut expected: Vec<(usize, usize, usize)> = reference
                .find_overlapping_iter(
                    aho_corasick::Input::new(&text[..(chunk.end + longest - 1).min(text.len())])
                        .span(chunk.start..(chunk.end + longest - 1).min(text.len())),
                )
                .filter(|m| m.start() < chunk.end)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            expected.sort_unstable();
            assert!(expected.len() > 10, "the text is dense with keywords");
            assert_eq!(
                lane_hits(&dfa, &text, chunk.clone(), longest),
                expected,
                "chunk {chunk:?}"
            );
        }
    }

    /// A rule run anchored at its keyword hits reports exactly what the same
    /// regex run over windows reports in one chunk (one search), whatever its
    /// own chunk size: hits inside a previous match (`token_key=…`, a second
    /// keyword in one name) are stepped over, in the chunk and across chunk
    /// boundaries. (Over windows, a small chunk can add matches that overlap
    /// the previous chunk's: anchored, it cannot.)
    #[test]
    fn anchored_rules_match_as_over_windows() {
        let rule = |id: &str, regex: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nprovider = \"Acme\"\ntitle = \"t\"\ndescription = \"d\"\n\
                 severity = \"high\"\nkeywords = [\"key\", \"token\"]\nregex = '''{regex}'''\nremediation = \"r\"\n"
            )
        };
        let regex = r#"(?i-u)(?:key|token)[a-z_]{0,8}[ \t]*[=:][ \t]*["']?([a-z0-9]{8,20})"#;
        // `#?` gives the same matches on a text without `#`, but a leading literal
        // (`#key`) that is not a keyword: that rule runs over windows.
        let defs =
            rule("anchored", regex) + &rule("windowed", &regex.replace("(?:key", "#?(?:key"));
        let r = rules(&defs);
        let pre = Prefilter::new(&r);
        assert!(pre.is_anchored(0, &r[0]));
        assert!(!pre.is_anchored(1, &r[1]));
        let mut text = String::new();
        for i in 0..300 {
            text += [
                "token_key = \"",
                "KEY:",
                "x key=",
                "tokenKey: '",
                "key key: ",
                "keytoken=",
                ";",
            ][i % 7];
            text += &format!(
                "{:x}{}",
                i * 7919,
                ["ab", "cdefghij", "", "0123456789abcdefghijklmn"][i % 4]
            );
        }
        assert!(!text.contains('#'));
        let of = |rule: usize, chunk: usize| -> Vec<(usize, usize, usize, usize)> {
            find_all(&r, text.as_bytes(), chunk)
                .iter()
                .filter(|m| m.rule == rule)
                .map(|m| (m.start, m.end, m.secret_start, m.secret_end))
                .collect()
        };
        let one_search = of(1, 1 << 20);
        assert!(one_search.len() > 100, "{}", one_search.len());
        for chunk in [5, 64, 1000, 1 << 20] {
            assert_eq!(of(0, chunk), one_search, "chunk {chunk}");
        }
    }

    /// The generic key rule, whose keywords (key, token, secret…) hit every few
    /// hundred bytes of a bundle, runs anchored; the generic password rule, whose
    /// match may start on the byte before `pass`, over windows.
    #[test]
    fn the_generic_key_rule_runs_anchored() {
        let set = RuleSet::built_in();
        let rules = set.rules();
        let pre = Prefilter::new(rules);
        let at = |id: &str| rules.iter().position(|r| r.id == id).unwrap();
        let anchored = |id: &str| pre.is_anchored(at(id), &rules[at(id)]);
        assert!(anchored("generic-api-key"));
        assert!(anchored("stripe-secret-key") || anchored("github-pat"));
        assert!(!anchored("generic-password"));
        assert!(!anchored("generic-api-key-argument"));
    }

    #[test]
    fn rules_without_keywords_run_everywhere() {
        let mut r = rules(ACME);
        r[0].keywords.clear();
        let text = b"acme_0123456789abcdef and acme_fedcba9876543210";
        assert_eq!(find_all(&r, text, 10).len(), 2);
    }
}
