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
//! [`MAX_WINDOW`]: crate::catalog::secrets::MAX_WINDOW

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

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
    automaton: Option<AhoCorasick>,
    /// Keyword pattern index → rules that run near a hit of it.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules without keywords (only from user gitleaks files): run everywhere.
    everywhere: Vec<usize>,
    longest_keyword: usize,
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
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A full DFA: about twice the speed of the default on bundles
                // where common keywords (key, token, auth) hit every few
                // hundred bytes, for well under a megabyte of tables.
                .kind(Some(AhoCorasickKind::DFA))
                .build(&keywords)
                .expect("keywords are plain literals")
        });
        Prefilter {
            automaton,
            longest_keyword: keywords.iter().map(String::len).max().unwrap_or(0),
            pattern_rules,
            everywhere,
        }
    }

    /// Every rule match whose keyword hit starts in `chunk` (or, for rules
    /// without keywords, that overlaps `chunk`), appended to `out` in no
    /// particular order. Matches found from two adjacent chunks are identical
    /// and are deduplicated by the caller.
    pub fn find(&self, rules: &[Rule], text: &[u8], chunk: Range<usize>, out: &mut Vec<RawMatch>) {
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
        if let Some(ac) = &self.automaton {
            let search_end = (chunk.end + self.longest_keyword.saturating_sub(1)).min(text.len());
            let hay = &text[..search_end];
            let input = aho_corasick::Input::new(hay).span(chunk.start..search_end);
            for hit in ac.find_overlapping_iter(input) {
                if hit.start() >= chunk.end {
                    continue;
                }
                for &r in &self.pattern_rules[hit.pattern().as_usize()] {
                    // The first hit of a rule's keyword compiles its regex.
                    let w = rules[r].pattern.expect_compiled(&rules[r].id).window;
                    add(
                        r,
                        hit.start().saturating_sub(w),
                        (hit.end() + w).min(text.len()),
                    );
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

/// Runs one rule's regex over one window of `text`.
fn run_rule(index: usize, rule: &Rule, text: &[u8], window: Range<usize>, out: &mut Vec<RawMatch>) {
    // The haystack keeps the text before the window so that `\b` and `^` see
    // the real preceding byte; it ends at the window so the search is bounded.
    let hay = &text[..window.end];
    let compiled = rule.pattern.expect_compiled(&rule.id);
    let regex = &compiled.regex;
    let mut locs = regex.capture_locations();
    let mut at = window.start;
    while at <= window.end {
        let Some(m) = regex.captures_read_at(&mut locs, hay, at) else {
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
        let Some((secret_start, secret_end)) = locs.get(compiled.secret_group) else {
            continue;
        };
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
        let mut at = 0;
        while at < text.len() {
            let end = (at + chunk).min(text.len());
            pre.find(rules, text, at..end, &mut out);
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

    #[test]
    fn rules_without_keywords_run_everywhere() {
        let mut r = rules(ACME);
        r[0].keywords.clear();
        let text = b"acme_0123456789abcdef and acme_fedcba9876543210";
        assert_eq!(find_all(&r, text, 10).len(), 2);
    }
}
