//! A YAML document as lines, each with the line break it ended with, so
//! an edit leaves every line it does not touch byte for byte: LF, CRLF,
//! old Mac CR-only and mixed files, and a leading byte-order mark.

use std::ops::{Deref, DerefMut, Range};

pub struct Lines {
    bom: bool,
    lines: Vec<String>,
    ends: Vec<&'static str>,
    /// The break for new lines: the file's most common one.
    newline: &'static str,
}

impl Lines {
    pub fn split(text: &str) -> Lines {
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let cr_only = text.contains('\r') && !text.contains('\n');
        let (mut lines, mut ends) = (Vec::new(), Vec::new());
        let mut rest = text;
        while !rest.is_empty() {
            let (line, end, next) = match rest.find(if cr_only { '\r' } else { '\n' }) {
                Some(i) if cr_only => (&rest[..i], "\r", &rest[i + 1..]),
                Some(i) if rest[..i].ends_with('\r') => (&rest[..i - 1], "\r\n", &rest[i + 1..]),
                Some(i) => (&rest[..i], "\n", &rest[i + 1..]),
                None => (rest, "", ""),
            };
            lines.push(line.to_owned());
            ends.push(end);
            rest = next;
        }
        let count = |e: &str| ends.iter().filter(|x| **x == e).count();
        // On a tie the last wins: LF.
        let newline = ["\r", "\r\n", "\n"].into_iter().max_by_key(|e| count(e)).filter(|e| count(e) > 0);
        Lines { bom, lines, ends, newline: newline.unwrap_or("\n") }
    }

    /// Inserts `line` before line `at`, ending with the file's usual break.
    pub fn insert(&mut self, at: usize, line: String) {
        self.lines.insert(at, line);
        self.ends.insert(at, self.newline);
    }

    pub fn push(&mut self, line: String) {
        self.insert(self.lines.len(), line);
    }

    pub fn remove(&mut self, at: usize) {
        self.lines.remove(at);
        self.ends.remove(at);
    }

    pub fn drain(&mut self, range: Range<usize>) {
        self.lines.drain(range.clone());
        self.ends.drain(range);
    }

    /// The document again; a last line without a break gets one.
    pub fn join(&self) -> String {
        let mut text = String::from(if self.bom { "\u{feff}" } else { "" });
        for (line, end) in self.lines.iter().zip(&self.ends) {
            text.push_str(line);
            text.push_str(if end.is_empty() { self.newline } else { end });
        }
        text
    }
}

/// Reading and replacing lines in place; inserting and removing go through
/// the methods above, which keep each line's break with it.
impl Deref for Lines {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.lines
    }
}

impl DerefMut for Lines {
    fn deref_mut(&mut self) -> &mut [String] {
        &mut self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_break_comes_back_as_it_was() {
        for text in
            ["a: 1\nb: 2\n", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2\r", "a: 1\r\nb: 2\nc: 3", "\u{feff}a: 1\n", ""]
        {
            let lines = Lines::split(text);
            let expected = if text.ends_with(['\n', '\r']) || text.is_empty() {
                text.to_owned()
            } else {
                format!("{text}\n")
            };
            assert_eq!(lines.join(), expected, "{text:?}");
        }
    }

    #[test]
    fn new_lines_take_the_usual_break_and_old_ones_keep_theirs() {
        let mut lines = Lines::split("a: 1\r\nb: 2\r\nc: 3\n");
        lines.insert(1, "x: 9".into());
        assert_eq!(lines.join(), "a: 1\r\nx: 9\r\nb: 2\r\nc: 3\n");
    }
}
