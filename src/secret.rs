//! A string that must never be printed, logged or drawn in full.

use std::fmt;

/// Holds an api_secret, a token secret or a request-token secret.
///
/// `Debug` prints `[redacted]` and there is no `Display`; the only way to the value is
/// [`Secret::expose`], so every place that uses the real value is easy to find.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real value. Call it only to sign a request or to write the config.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Editing, for the field the secret is typed into: the value never
    /// leaves the `Secret`. Room for `extra` more bytes is made first, in
    /// a new buffer when needed, and the outgrown one is zeroized, so the
    /// edit does not leave a copy behind in freed memory.
    pub fn edit(&mut self, extra: usize, change: impl FnOnce(&mut String)) {
        if self.0.capacity() - self.0.len() < extra {
            let mut grown = String::with_capacity((self.0.len() + extra).max(64) * 2);
            grown.push_str(&self.0);
            zeroize::Zeroize::zeroize(&mut std::mem::replace(&mut self.0, grown));
        }
        change(&mut self.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    /// A hint a person can compare with the developer portal without the
    /// secret being shown: the first and last four characters of a long value.
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 16 {
            return "•".repeat(chars.len());
        }
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail} ({} characters)", chars.len())
    }
}

/// The bytes are overwritten when the value is dropped, so a secret does
/// not linger in freed memory (a later core dump, a swap page).
impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_the_value() {
        let s = Secret::new("hunter2-very-secret-value");
        assert!(!format!("{s:?} {s:#?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret-value");
    }

    #[test]
    fn an_edit_that_outgrows_the_buffer_moves_it_first() {
        let mut s = Secret::new("abc");
        let before = s.0.as_ptr();
        s.edit(100, |v| v.push_str(&"x".repeat(100)));
        assert_ne!(s.0.as_ptr(), before, "a new buffer was made before the edit");
        let kept = s.0.as_ptr();
        s.edit(1, |v| v.insert(0, 'y'));
        assert_eq!(s.0.as_ptr(), kept, "no reallocation inside the edit");
        assert_eq!(s.len(), 104);
    }

    #[test]
    fn hint_shows_only_the_ends() {
        let s = Secret::new("abcd0123456789012345wxyz");
        assert_eq!(s.hint(), "abcd…wxyz (24 characters)");
        assert_eq!(Secret::new("short").hint(), "•••••");
    }
}
