//! Keys as the wizard sees them, and the text fields it edits.

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

/// A one-line text field holding what was typed, pasted or prefilled.
/// Its `Debug` shows only the length: it may hold the api_secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub value: String,
    /// Prefilled and not edited since: a paste replaces it.
    pub prefilled: bool,
}

impl std::fmt::Debug for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextField({} characters)", self.value.chars().count())
    }
}

impl TextField {
    pub fn prefilled(value: String) -> Self {
        Self { value, prefilled: true }
    }

    pub fn push(&mut self, c: char) {
        if !c.is_control() {
            self.take_over();
            self.value.push(c);
        }
    }

    pub fn backspace(&mut self) {
        self.prefilled = false;
        self.value.pop();
    }

    pub fn clear(&mut self) {
        self.prefilled = false;
        self.value.clear();
    }

    /// A paste: cleaned of spaces, line breaks and surrounding quotes.
    pub fn paste(&mut self, text: &str) {
        self.take_over();
        self.value.push_str(&crate::input::clean(text));
    }

    /// The value as it will be sent.
    pub fn cleaned(&self) -> String {
        crate::input::clean(&self.value)
    }

    fn take_over(&mut self) {
        if self.prefilled {
            self.value.clear();
            self.prefilled = false;
        }
    }
}

/// The six-digit code, by `input::code_digits`'s rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeField {
    pub digits: String,
}

impl CodeField {
    /// Takes the digits of typed or pasted text, up to six; text with
    /// anything but digits, spaces and dashes is not a code.
    pub fn accept(&mut self, text: &str) {
        let digits = crate::input::code_digits(text).unwrap_or_default();
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
