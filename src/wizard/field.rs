//! Keys as the wizard sees them, and the text fields it edits.

use crate::secret::Secret;

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    /// Ctrl plus a lower-case letter.
    Ctrl(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
}

/// What a field's text is kept in: a plain `String` for the api_key, a
/// `Secret` for the api_secret, so the secret is never a plain string.
pub trait Text: Default + Clone {
    fn push(&mut self, c: char);
    fn pop(&mut self);
    fn clear(&mut self);
    fn push_str(&mut self, text: &str);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The text after cleaning (spaces, line breaks, surrounding quotes).
    fn cleaned(&self) -> Self;
}

impl Text for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn pop(&mut self) {
        String::pop(self);
    }
    fn clear(&mut self) {
        String::clear(self);
    }
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
    fn len(&self) -> usize {
        self.chars().count()
    }
    fn cleaned(&self) -> Self {
        crate::credential_lints::clean(self)
    }
}

impl Text for Secret {
    fn push(&mut self, c: char) {
        Secret::push(self, c);
    }
    fn pop(&mut self) {
        Secret::pop(self);
    }
    fn clear(&mut self) {
        Secret::clear(self);
    }
    fn push_str(&mut self, text: &str) {
        Secret::push_str(self, text);
    }
    fn len(&self) -> usize {
        Secret::len(self)
    }
    fn cleaned(&self) -> Self {
        Secret::new(crate::credential_lints::clean(self.expose()))
    }
}

/// A one-line text field holding what was typed, pasted or prefilled.
/// Its `Debug` shows only the length.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextField<T: Text = String> {
    pub value: T,
    /// Prefilled and not edited since: a paste replaces it.
    pub prefilled: bool,
}

impl<T: Text> std::fmt::Debug for TextField<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextField({} characters)", self.value.len())
    }
}

/// Editing, whatever the field holds: the form edits the focused field
/// through this.
pub trait Edit {
    fn push(&mut self, c: char);
    fn backspace(&mut self);
    fn clear(&mut self);
    /// A paste: cleaned of spaces, line breaks and surrounding quotes.
    fn paste(&mut self, text: &str);
}

impl<T: Text> TextField<T> {
    pub fn prefilled(value: T) -> Self {
        Self { value, prefilled: true }
    }

    /// The value as it will be sent.
    pub fn cleaned(&self) -> T {
        self.value.cleaned()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    fn take_over(&mut self) {
        if self.prefilled {
            self.value.clear();
            self.prefilled = false;
        }
    }
}

impl<T: Text> Edit for TextField<T> {
    fn push(&mut self, c: char) {
        if !c.is_control() {
            self.take_over();
            self.value.push(c);
        }
    }

    fn backspace(&mut self) {
        self.prefilled = false;
        self.value.pop();
    }

    fn clear(&mut self) {
        self.prefilled = false;
        self.value.clear();
    }

    fn paste(&mut self, text: &str) {
        self.take_over();
        self.value.push_str(&crate::credential_lints::clean(text));
    }
}

/// The six-digit code, by `credential_lints::code_digits`'s rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeField {
    pub digits: String,
}

impl CodeField {
    /// Takes the digits of typed or pasted text, up to six; text with
    /// anything but digits, spaces and dashes is not a code.
    pub fn accept(&mut self, text: &str) {
        let digits = crate::credential_lints::code_digits(text).unwrap_or_default();
        let room = 6 - self.digits.len();
        self.digits.extend(digits.chars().take(room));
    }

    pub fn backspace(&mut self) {
        self.digits.pop();
    }

    pub fn is_complete(&self) -> bool {
        self.digits.len() == 6
    }
}
