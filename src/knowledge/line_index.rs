//! Byte offsets to 1-based line and column, for problems found after parsing.
//!
//! serde_json locates syntax errors itself; everything the validator finds later (an unknown
//! source id, a duplicate fact id) is located by finding the offending text in the file.

/// Start offsets of every line of one file.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based (line, column) of a byte offset; columns count characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }

    /// Byte offset of a 1-based (line, column) as serde_json reports it.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let rest = &self.text[start..];
        let bytes: usize = rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + bytes
    }
}

/// Finds `needles` one after another in `text` from `from`, and returns the offset of the last.
///
/// Used to point at a field inside a fact: `["\"sources\"", "\"no-such-source\""]`.
pub fn find_sequence(text: &str, from: usize, needles: &[&str]) -> Option<usize> {
    let mut at = from;
    let mut found = None;
    for needle in needles {
        let pos = text.get(at..)?.find(needle)? + at;
        found = Some(pos);
        at = pos + needle.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 2));
        assert_eq!(index.position(7), (3, 1));
        assert_eq!(index.position(8), (4, 1));
        assert_eq!(index.offset(2, 2), 5);
    }

    #[test]
    fn sequences_are_found_in_order() {
        let text = r#"{"id": "a", "sources": ["x", "a"]}"#;
        assert_eq!(find_sequence(text, 0, &["\"sources\"", "\"a\""]), Some(29));
        assert_eq!(find_sequence(text, 0, &["\"zzz\""]), None);
    }
}
