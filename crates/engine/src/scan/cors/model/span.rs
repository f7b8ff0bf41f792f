//! Positions in the analysed text: a 1-based [`Span`] and the [`Locator`] that maps
//! byte offsets to it.

use serde::{Deserialize, Serialize};

/// A 1-based position in the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets to 1-based line and column, in O(log lines) per lookup.
pub struct Locator {
    line_starts: Vec<usize>,
}

impl Locator {
    pub fn new(text: &str) -> Locator {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { line_starts }
    }

    /// The span of a byte offset (columns count bytes, 1-based).
    pub fn span(&self, offset: usize) -> Span {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let col = offset.saturating_sub(self.line_starts[idx]);
        Span {
            line: u32::try_from(idx + 1).unwrap_or(u32::MAX),
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_counts_lines_and_columns_from_one() {
        let loc = Locator::new("ab\ncd\n\nef");
        assert_eq!(loc.span(0), Span { line: 1, column: 1 });
        assert_eq!(loc.span(4), Span { line: 2, column: 2 });
        assert_eq!(loc.span(7), Span { line: 4, column: 1 });
        assert_eq!(loc.span(999).line, 4);
    }
}
