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
    Delete,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
}

/// What a field's text is kept in: a plain `String` for the api_key, a
/// `Secret` for the api_secret, so the secret is never a plain string.
pub trait Text: Default + Clone + PartialEq {
    fn as_str(&self) -> &str;
    /// Changes the text in place, with room for `extra` more bytes made
    /// first (a `Secret` zeroizes the buffer it outgrows).
    fn edit(&mut self, extra: usize, change: impl FnOnce(&mut String));
    /// The text after cleaning (spaces, line breaks, surrounding quotes).
    fn cleaned(&self) -> Self;
    fn len(&self) -> usize {
        self.as_str().chars().count()
    }
    fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl Text for String {
    fn as_str(&self) -> &str {
        self
    }
    fn edit(&mut self, _: usize, change: impl FnOnce(&mut String)) {
        change(self);
    }
    fn cleaned(&self) -> Self {
        crate::credential_lints::clean(self)
    }
}

impl Text for Secret {
    fn as_str(&self) -> &str {
        self.expose()
    }
    fn edit(&mut self, extra: usize, change: impl FnOnce(&mut String)) {
        Secret::edit(self, extra, change);
    }
    fn cleaned(&self) -> Self {
        Secret::new(crate::credential_lints::clean(self.expose()))
    }
}

/// A one-line text field that edits as a shell's line does: a cursor that
/// moves (← →, Home/End, Ctrl-A/E), Delete, Ctrl-W/U/K. A prefilled value
/// shows selected until the first key: typing replaces it, a movement key
/// keeps it to edit, and Esc brings it back. Its `Debug` shows only the length.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextField<T: Text = String> {
    pub value: T,
    /// Characters before the cursor.
    cursor: usize,
    /// The value the field started with, to come back to.
    prefill: Option<T>,
    /// The whole value is selected: the next character replaces it.
    selected: bool,
}

impl<T: Text> std::fmt::Debug for TextField<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let selected = if self.selected { ", selected" } else { "" };
        write!(f, "TextField({} characters, cursor {}{selected})", self.value.len(), self.cursor)
    }
}

/// Editing, whatever the field holds: a form edits its focused field
/// through this.
pub trait Edit {
    /// Applies an editing key; `false`: not an editing key (the screen's).
    fn key(&mut self, key: Key) -> bool;
    /// A paste: cleaned of spaces, line breaks and surrounding quotes.
    fn paste(&mut self, text: &str);
    /// Back to the prefilled value; `false` if there is none or it shows.
    fn restore(&mut self) -> bool;
}

impl<T: Text> TextField<T> {
    pub fn prefilled(value: T) -> Self {
        let cursor = value.len();
        Self { prefill: Some(value.clone()), value, cursor, selected: true }
    }

    /// The value as it will be sent.
    pub fn cleaned(&self) -> T {
        self.value.cleaned()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Still holds the value it was prefilled with.
    pub fn is_prefill(&self) -> bool {
        self.prefill.as_ref().is_some_and(|p| *p == self.value)
    }

    /// Holds a prefill no longer shown that Esc would bring back.
    pub fn restorable(&self) -> bool {
        self.prefill.is_some() && !self.is_prefill()
    }

    /// The prefill shows selected: the next character typed replaces it.
    pub fn selected(&self) -> bool {
        self.selected
    }

    /// Selects the whole value, as a prefill shows: the next character or
    /// paste replaces it, a movement key keeps it to edit.
    pub fn select_all(&mut self) {
        self.cursor = self.value.len();
        self.selected = !self.value.is_empty();
    }

    /// Characters before the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Removes characters `from..to` (counted in characters).
    fn remove(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.value.edit(0, |s| {
            s.replace_range(a..b, "");
        });
        if self.cursor > from {
            self.cursor = from.max(self.cursor.saturating_sub(to - from));
        }
    }

    fn insert(&mut self, text: &str) {
        if std::mem::take(&mut self.selected) {
            self.remove(0, self.value.len());
        }
        let at = self.byte(self.cursor);
        self.value.edit(text.len(), |s| s.insert_str(at, text));
        self.cursor += text.chars().count();
    }

    fn byte(&self, chars: usize) -> usize {
        let s = self.value.as_str();
        s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
    }

    /// Where Ctrl-W deletes back to: over spaces, then over a word.
    fn word_start(&self) -> usize {
        let before: Vec<char> = self.value.as_str().chars().take(self.cursor).collect();
        let spaces = before.iter().rev().take_while(|c| c.is_whitespace()).count();
        let word = before.iter().rev().skip(spaces).take_while(|c| !c.is_whitespace()).count();
        self.cursor - spaces - word
    }
}

impl<T: Text> Edit for TextField<T> {
    fn key(&mut self, key: Key) -> bool {
        let end = self.value.len();
        // A deleting key takes the whole selected prefill; a moving key keeps it.
        let deletes = matches!(key, Key::Backspace | Key::Delete | Key::Ctrl('w' | 'u' | 'k'));
        if self.selected && deletes {
            self.selected = false;
            self.remove(0, end);
            return true;
        }
        match key {
            Key::Char(c) if !c.is_control() => self.insert(c.encode_utf8(&mut [0; 4])),
            Key::Left | Key::Ctrl('b') => self.cursor = self.cursor.saturating_sub(1),
            Key::Right | Key::Ctrl('f') => self.cursor = (self.cursor + 1).min(end),
            Key::Home | Key::Ctrl('a') => self.cursor = 0,
            Key::End | Key::Ctrl('e') => self.cursor = end,
            Key::Backspace if self.cursor > 0 => self.remove(self.cursor - 1, self.cursor),
            Key::Delete if self.cursor < end => self.remove(self.cursor, self.cursor + 1),
            Key::Ctrl('w') => self.remove(self.word_start(), self.cursor),
            Key::Ctrl('u') => self.remove(0, self.cursor),
            Key::Ctrl('k') => self.remove(self.cursor, end),
            Key::Backspace | Key::Delete => {}
            _ => return false,
        }
        self.selected = false;
        true
    }

    fn paste(&mut self, text: &str) {
        self.insert(&crate::credential_lints::clean_paste(text));
    }

    fn restore(&mut self) -> bool {
        match &self.prefill {
            Some(prefill) if *prefill != self.value => {
                *self = Self::prefilled(prefill.clone());
                true
            }
            _ => false,
        }
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
