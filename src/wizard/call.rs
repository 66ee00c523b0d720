//! The network calls the wizard makes, recorded with what each needs to be
//! made again, and the trouble a failed one leaves.

use super::{Authorize, TokenForm};
use crate::config::SaveError;
use crate::diagnose::Diagnosis;
use crate::oauth::RequestToken;
use std::sync::Arc;

/// A call as its starter ran it: "try again" runs the same starter, so the
/// screen, the generation and the spinner are set as the first time.
#[derive(Debug, Clone)]
pub enum Call {
    /// A request token and its link, on the route in use.
    Link,
    /// getAccessToken with a verifier, then `!authuser`.
    Exchange(Box<Exchange>),
    /// `!authuser` with pasted tokens; the form is where a failure goes back to.
    CheckTokens(Box<TokenForm>),
    /// `!authuser` with the saved tokens.
    CheckSaved,
}

/// What an exchange needs, and the Authorize screen to go back to (none
/// when the browser brought the verifier).
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: RequestToken,
    pub verifier: String,
    pub back: Option<Authorize>,
}

/// What the troubleshooting pane explains.
#[derive(Debug, Clone)]
pub enum Trouble {
    /// A call failed: which one (to try it again), and what the reply means.
    Client {
        call: Call,
        diagnosis: Box<Diagnosis>,
    },
    Save(Arc<SaveError>),
}
