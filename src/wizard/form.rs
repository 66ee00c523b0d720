//! The credentials form: the api_key and api_secret as typed, pasted or
//! prefilled, which field has the focus, and where each value came from.

use super::TextField;
use super::field::Edit;
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

#[derive(Debug, Clone)]
pub struct Form {
    pub key: TextField<String>,
    pub secret: TextField<Secret>,
    pub focus: Focus,
    /// Show the ends of the secret instead of dots.
    pub reveal: bool,
    pub key_source: Option<Source>,
    pub secret_source: Option<Source>,
}

impl Form {
    pub fn new(prefill: Prefill) -> Self {
        let (key, key_source) = split(prefill.key);
        let (secret, secret_source) = split(prefill.secret);
        // Start where typing is needed: the secret when only the key is known.
        let focus = if key.is_empty() || !secret.is_empty() { Focus::Key } else { Focus::Secret };
        Form { key, secret, focus, reveal: false, key_source, secret_source }
    }

    pub fn focused(&mut self) -> &mut dyn Edit {
        pick(self.focus, &mut self.key, &mut self.secret)
    }

    pub fn switch_focus(&mut self) {
        self.focus = self.focus.other();
    }

    /// The application credentials as they will be sent.
    pub fn consumer(&self) -> Consumer {
        Consumer { key: self.key.cleaned(), secret: self.secret.cleaned() }
    }
}

/// Tokens a person already has (SmugMug shows an access token and secret
/// for their own key under Authorized Services), pasted instead of
/// signing in.
#[derive(Debug, Clone)]
pub struct TokenForm {
    pub token: TextField<String>,
    pub secret: TextField<Secret>,
    pub focus: Focus,
}

impl Default for TokenForm {
    fn default() -> Self {
        TokenForm { token: TextField::default(), secret: TextField::default(), focus: Focus::Key }
    }
}

impl TokenForm {
    pub fn focused(&mut self) -> &mut dyn Edit {
        pick(self.focus, &mut self.token, &mut self.secret)
    }

    pub fn switch_focus(&mut self) {
        self.focus = self.focus.other();
    }

    /// The tokens as they will be checked and saved.
    pub fn access(&self) -> AccessToken {
        AccessToken { token: self.token.cleaned(), secret: self.secret.cleaned() }
    }
}

/// Of an identifier and its secret, the field `focus` points at.
fn pick<'a>(
    focus: Focus,
    id: &'a mut TextField<String>,
    secret: &'a mut TextField<Secret>,
) -> &'a mut dyn Edit {
    match focus {
        Focus::Key => id,
        Focus::Secret => secret,
    }
}

fn split<T: super::field::Text>(prefill: Option<(T, Source)>) -> (TextField<T>, Option<Source>) {
    match prefill {
        Some((value, source)) => (TextField::prefilled(value), Some(source)),
        None => (TextField::default(), None),
    }
}
