//! The network calls the wizard makes: one starter each (which sets the
//! waiting screen, the generation and the spinner together), the routing
//! of their results, and "try again", which runs the recorded call through
//! its starter.

use super::{Authorize, Check, CodeField, Effect, Link, Overlay, Route, Screen, TokenForm, Wizard};
use crate::advice::{Action, Failure};
use crate::config::SaveError;
use crate::credential_lints::CODE_TRIES;
use crate::diagnose::{Diagnosis, clock_warning, diagnose};
use crate::oauth::{AccessToken, Account, ClientError, RequestToken};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

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

/// The routing of a call's result: a stale one (cancelled, replaced) is
/// dropped; a failure records the running call and goes back to where it
/// started; a success goes on by `on_ok`.
pub(super) fn settle<T>(
    w: &mut Wizard,
    generation: u64,
    result: Result<T, ClientError>,
    wall: SystemTime,
    now: Instant,
    on_ok: fn(&mut Wizard, T, SystemTime, Instant) -> Vec<Effect>,
) -> Vec<Effect> {
    if generation != w.generation {
        return vec![];
    }
    let Some((call, back)) = running(&w.screen) else { return vec![] };
    match result {
        // A failure the person got past is no longer why quitting "failed".
        Ok(value) => {
            w.trouble = None;
            on_ok(w, value, wall, now)
        }
        Err(error) => {
            w.screen = back;
            fail(w, call, &error, wall)
        }
    }
}

/// The call the screen waits on, and the screen its failure goes back to.
pub(super) fn running(screen: &Screen) -> Option<(Call, Screen)> {
    Some(match screen {
        // A redirect that brings a refusal: a new link is the way on.
        Screen::RequestingLink { .. } | Screen::Browser { .. } => (Call::Link, Screen::Credentials),
        Screen::Exchanging { exchange, .. } => {
            let back = match exchange.back.clone() {
                Some(mut authorize) => {
                    authorize.code = CodeField::default();
                    Screen::Authorize(authorize)
                }
                None => Screen::Credentials,
            };
            (Call::Exchange(Box::new(exchange.clone())), back)
        }
        Screen::CheckingTokens { tokens, .. } => {
            (Call::CheckTokens(Box::new(tokens.clone())), Screen::Tokens(tokens.clone()))
        }
        _ => return None,
    })
}

pub(super) fn link_ready(w: &mut Wizard, link: Link, wall: SystemTime, _: Instant) -> Vec<Effect> {
    if !matches!(w.screen, Screen::RequestingLink { .. }) {
        return vec![];
    }
    w.clock_warning = clock_warning(link.request.server_date, wall);
    let url = link.url.clone();
    match link.route {
        Route::Browser => {
            w.screen = Screen::Browser { link };
            vec![Effect::OpenBrowser(url)]
        }
        Route::Code => {
            w.screen = Screen::Authorize(Authorize {
                link,
                code: CodeField::default(),
                copied: None,
                browser_note: None,
                picture: None,
                refused: 0,
            });
            let mut effects = vec![Effect::Copy(url.clone())];
            // A picture saved for an earlier link is replaced with this
            // one's: a stale picture would lead to a dead link.
            if w.context.qr_png_at_once || w.picture.is_some() {
                effects.push(Effect::SavePicture { url });
            }
            effects
        }
    }
}

pub(super) fn redirected(w: &mut Wizard, verifier: String, _: SystemTime, now: Instant) -> Vec<Effect> {
    let Screen::Browser { link } = &w.screen else { return vec![] };
    let request = link.request.clone();
    exchange(w, Exchange { request, verifier, back: None }, now)
}

pub(super) fn exchanged(
    w: &mut Wizard,
    (access, account): (AccessToken, Account),
    wall: SystemTime,
    _: Instant,
) -> Vec<Effect> {
    if !matches!(w.screen, Screen::Exchanging { .. }) {
        return vec![];
    }
    w.clock_warning = clock_warning(account.server_date, wall);
    w.screen = Screen::Save { access, account, saving_since: None, pasted: false };
    vec![]
}

pub(super) fn tokens_checked(w: &mut Wizard, account: Account, wall: SystemTime, _: Instant) -> Vec<Effect> {
    let Screen::CheckingTokens { tokens, .. } = &w.screen else { return vec![] };
    w.clock_warning = clock_warning(account.server_date, wall);
    w.screen = Screen::Save { access: tokens.access(), account, saving_since: None, pasted: true };
    vec![]
}

pub(super) fn request_link(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    w.generation += 1;
    let route = w.route;
    w.screen = Screen::RequestingLink { since: now, route };
    vec![Effect::RequestLink {
        generation: w.generation,
        consumer: w.form.consumer(),
        scope: w.context.scope,
        route,
    }]
}

/// `!authuser` with pasted tokens.
pub(super) fn check_tokens(w: &mut Wizard, tokens: TokenForm, now: Instant) -> Vec<Effect> {
    w.generation += 1;
    let access = tokens.access();
    w.screen = Screen::CheckingTokens { tokens, since: now };
    vec![Effect::CheckTokens { generation: w.generation, consumer: w.form.consumer(), access }]
}

/// One signed `!authuser` call with the saved tokens.
pub(super) fn check_saved(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    let Some((consumer, access)) = w.saved_tokens.clone() else { return vec![] };
    w.check = Check::Running { since: now };
    vec![Effect::CheckSaved { consumer, access }]
}

/// getAccessToken with the verifier, then `!authuser`.
pub(super) fn exchange(w: &mut Wizard, exchange: Exchange, now: Instant) -> Vec<Effect> {
    w.generation += 1;
    let effect = Effect::Exchange {
        generation: w.generation,
        consumer: w.form.consumer(),
        request: exchange.request.clone(),
        code: exchange.verifier.clone(),
    };
    w.screen = Screen::Exchanging { exchange, since: now };
    vec![effect]
}

/// The failed call again, through the starter that ran it the first time.
pub(super) fn retry(w: &mut Wizard, call: Call, now: Instant) -> Vec<Effect> {
    match call {
        Call::Link => request_link(w, now),
        // The code belongs to a link that has since expired: a new link.
        Call::Exchange(call) if call.back.as_ref().is_some_and(|a| a.link.expired(now)) => {
            request_link(w, now)
        }
        Call::Exchange(call) => exchange(w, *call, now),
        Call::CheckTokens(tokens) => check_tokens(w, *tokens, now),
        Call::CheckSaved => check_saved(w, now),
    }
}

pub(super) fn fail(w: &mut Wizard, call: Call, error: &ClientError, wall: SystemTime) -> Vec<Effect> {
    let mut diagnosis = diagnose(error, w.context.scope, wall);
    if matches!(call, Call::CheckTokens(_)) {
        diagnosis = diagnosis.of_given_tokens(Failure::PastedTokensRefused);
    }
    // A refused code costs one of the link's tries, as in plain mode; the
    // last one makes a new link the way on.
    if let (Action::ReenterCode, Screen::Authorize(a)) = (diagnosis.action, &mut w.screen) {
        a.refused += 1;
        let left = CODE_TRIES.saturating_sub(a.refused);
        if left == 0 {
            diagnosis.action = Action::NewLink;
            diagnosis
                .details
                .push(format!("That was the last of this link's {CODE_TRIES} tries: Enter gets a new link."));
        } else {
            let tries = if left == 1 { "try" } else { "tries" };
            diagnosis.details.push(format!(
                "{left} {tries} left for this link (Enter types it again; on the code screen, n gets a new link)."
            ));
        }
    }
    if let Some(warning) = diagnosis.clock_warning() {
        w.clock_warning = Some(warning);
    }
    w.trouble = Some(Trouble::Client { call, diagnosis: Box::new(diagnosis) });
    w.overlay = Some(Overlay::Troubleshooting { scroll: 0 });
    vec![]
}
