//! Byte offsets to 1-based line and column (in characters), computed only for
//! findings. The cursor remembers where it was, so the findings of a 20 MB
//! one-line bundle, visited in order, cost one pass rather than one per finding.

/// A forward-moving line/column counter over one text.
#[derive(Debug, Clone)]
pub struct LineCursor {
    offset: usize,
    line: u32,
    column: u32,
}

impl Default for LineCursor {
    fn default() -> Self {
        LineCursor {
            offset: 0,
            line: 1,
            column: 1,
        }
    }
}

impl LineCursor {
    /// The 1-based line and column (counted in characters; invalid UTF-8 bytes
    /// count one each) of byte `offset` in `text`.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::scan::position::LineCursor;
    /// let text = "ab\ncé d".as_bytes();
    /// let mut c = LineCursor::default();
    /// assert_eq!(c.locate(text, 1), (1, 2));
    /// assert_eq!(c.locate(text, 6), (2, 3)); // the space after "cé"
    /// assert_eq!(c.locate(text, 0), (1, 1)); // going back restarts
    /// ```
    pub fn locate(&mut self, text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = LineCursor::default();
        }
        let span = &text[self.offset..offset];
        match memchr::memrchr(b'\n', span) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', span).count() as u32;
                self.column = 1 + chars(&span[last + 1..]);
            }
            None => self.column += chars(span),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// Characters in `bytes`: every byte that is not a UTF-8 continuation byte.
///
/// Counted in blocks of 255 with a byte-wide sum, which the compiler turns into
/// vector code: the first finding of a one-line bundle counts up to megabytes.
fn chars(bytes: &[u8]) -> u32 {
    let continuation: usize = bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .map(|&b| u8::from((b & 0xc0) == 0x80))
                .fold(0u8, u8::wrapping_add) as usize
        })
        .sum();
    (bytes.len() - continuation) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_naive_count_in_any_order() {
        let text = "first line\nsécond\n\n  third ✓ line\r\nend".as_bytes();
        let naive = |off: usize| {
            let before = &text[..off];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u32;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = 1 + String::from_utf8_lossy(&before[start..]).chars().count() as u32;
            (line, col)
        };
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| i == text.len() || (text[i] & 0xc0) != 0x80)
            .collect();
        let mut c = LineCursor::default();
        for &off in &boundaries {
            assert_eq!(c.locate(text, off), naive(off), "offset {off}");
        }
        for &off in boundaries.iter().rev().step_by(3) {
            assert_eq!(c.locate(text, off), naive(off), "backwards {off}");
        }
        assert_eq!(c.locate(text, 10_000), naive(text.len()));
    }
}
