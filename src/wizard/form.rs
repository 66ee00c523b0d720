//! The two-field form, used twice: the api_key and api_secret, and the
//! tokens a person already has. One key handling, one empty-field check.

use super::TextField;
use super::field::{Edit, Key, Text};
use crate::credential_lints::Field;
use crate::oauth::{AccessToken, Consumer};
use crate::prefill::{Prefill, Source};
use crate::secret::Secret;

/// Which of a form's two fields has the focus: the identifier (api_key,
/// user_token) or its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Key,
    Secret,
}

impl Focus {
    pub fn other(self) -> Focus {
        match self {
            Focus::Key => Focus::Secret,
            Focus::Secret => Focus::Key,
        }
    }
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Edited a field, or moved the focus.
    Handled,
    /// Enter with the secret filled in: go on.
    Submit,
    /// Not the form's: the screen's to handle.
    Unhandled,
}

/// An identifier and its secret, which has the focus, and what they are.
#[derive(Debug, Clone)]
pub struct Pair {
    pub key: TextField<String>,
    pub secret: TextField<Secret>,
    pub focus: Focus,
    /// The two fields, for lints and notices.
    pub fields: (Field, Field),
    /// Where a person finds the values.
    pub found_at: &'static str,
}

impl Pair {
    fn new(
        key: TextField<String>,
        secret: TextField<Secret>,
        fields: (Field, Field),
        found_at: &'static str,
    ) -> Self {
        // Start where typing is needed: the secret when only the key is known.
        let focus = if key.is_empty() || !secret.is_empty() { Focus::Key } else { Focus::Secret };
        Pair { key, secret, focus, fields, found_at }
    }

    pub fn focused(&mut self) -> &mut dyn Edit {
        match self.focus {
            Focus::Key => &mut self.key,
            Focus::Secret => &mut self.secret,
        }
    }

    /// Editing keys go to the focused field; Tab and ↑↓ switch fields;
    /// Enter goes on to the secret while it is empty, then submits.
    pub fn on_key(&mut self, key: Key) -> FormKey {
        if self.focused().key(key) {
            return FormKey::Handled;
        }
        match key {
            Key::Tab | Key::BackTab | Key::Up | Key::Down => self.focus = self.focus.other(),
            Key::Enter if self.focus == Focus::Key && self.secret.cleaned().is_empty() => {
                self.focus = Focus::Secret;
            }
            Key::Enter => return FormKey::Submit,
            _ => return FormKey::Unhandled,
        }
        FormKey::Handled
    }

    /// After a failure that blames these values: the field(s) to re-enter
    /// selected, so a paste replaces the value instead of joining it. From
    /// the identifier, both; from the secret, the secret alone.
    pub fn reenter(&mut self, from: Focus) {
        self.secret.select_all();
        if from == Focus::Key {
            self.key.select_all();
        }
        self.focus = from;
    }

    /// The focused field holds a changed prefill that Esc brings back.
    pub fn focused_restorable(&self) -> bool {
        match self.focus {
            Focus::Key => self.key.restorable(),
            Focus::Secret => self.secret.restorable(),
        }
    }

    /// Focuses the first empty field and says so; `None` when both are filled.
    pub fn missing(&mut self) -> Option<String> {
        let (focus, field) = if self.key.cleaned().is_empty() {
            (Focus::Key, self.fields.0)
        } else if self.secret.cleaned().is_empty() {
            (Focus::Secret, self.fields.1)
        } else {
            return None;
        };
        self.focus = focus;
        Some(format!("The {} is empty: paste it from {}.", field.name(), self.found_at))
    }
}

/// The api_key and api_secret, and where each came from.
#[derive(Debug, Clone)]
pub struct Form {
    pub pair: Pair,
    /// Show the ends of the secret instead of dots.
    pub reveal: bool,
    pub key_source: Option<Source>,
    pub secret_source: Option<Source>,
}

impl Form {
    pub fn new(prefill: Prefill) -> Self {
        let (key, key_source) = split(prefill.key);
        let (secret, secret_source) = split(prefill.secret);
        let fields = (Field::ApiKey, Field::ApiSecret);
        let pair = Pair::new(key, secret, fields, "your SmugMug API keys page");
        Form { pair, reveal: false, key_source, secret_source }
    }

    /// The application credentials as they will be sent.
    pub fn consumer(&self) -> Consumer {
        Consumer { key: self.pair.key.cleaned(), secret: self.pair.secret.cleaned() }
    }
}

impl std::ops::Deref for Form {
    type Target = Pair;
    fn deref(&self) -> &Pair {
        &self.pair
    }
}

impl std::ops::DerefMut for Form {
    fn deref_mut(&mut self) -> &mut Pair {
        &mut self.pair
    }
}

/// Tokens a person already has (SmugMug shows an access token and secret
/// for their own key under Authorized Services), pasted instead of
/// signing in: `key` is the user_token.
#[derive(Debug, Clone)]
pub struct TokenForm(pub Pair);

impl Default for TokenForm {
    fn default() -> Self {
        let fields = (Field::UserToken, Field::UserSecret);
        TokenForm(Pair::new(
            TextField::default(),
            TextField::default(),
            fields,
            "SmugMug's Authorized Services page",
        ))
    }
}

impl TokenForm {
    /// The tokens as they will be checked and saved.
    pub fn access(&self) -> AccessToken {
        AccessToken { token: self.0.key.cleaned(), secret: self.0.secret.cleaned() }
    }
}

impl std::ops::Deref for TokenForm {
    type Target = Pair;
    fn deref(&self) -> &Pair {
        &self.0
    }
}

impl std::ops::DerefMut for TokenForm {
    fn deref_mut(&mut self) -> &mut Pair {
        &mut self.0
    }
}

fn split<T: Text>(prefill: Option<(T, Source)>) -> (TextField<T>, Option<Source>) {
    match prefill {
        Some((value, source)) => (TextField::prefilled(value), Some(source)),
        None => (TextField::default(), None),
    }
}
