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
    /// leaves the `Secret`.
    pub fn push(&mut self, c: char) {
        self.0.push(c);
    }

    pub fn push_str(&mut self, text: &str) {
        self.0.push_str(text);
    }

    pub fn pop(&mut self) {
        self.0.pop();
    }

    pub fn clear(&mut self) {
        self.0.clear();
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
    fn hint_shows_only_the_ends() {
        let s = Secret::new("abcd0123456789012345wxyz");
        assert_eq!(s.hint(), "abcd…wxyz (24 characters)");
        assert_eq!(Secret::new("short").hint(), "•••••");
    }
}
