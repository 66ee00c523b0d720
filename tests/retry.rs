//! "Try again" after each kind of failed call runs that call again, through
//! the starter that ran it the first time: the same screen, a new
//! generation whose result is taken, a spinner from the key press.

mod support;

use smugmug_auth::oauth::{AccessToken, ClientError, Endpoint, TransportKind};
use smugmug_auth::prefill::Prefill;
use smugmug_auth::secret::Secret;
use smugmug_auth::wizard::{Call, Check, Effect, Key, Msg, Route, Screen, Step, Trouble, Wizard};
use std::time::SystemTime;
use support::Sim;
use support::wizard::*;

/// A failure whose fix is "try again": no reply at all.
fn no_reply(endpoint: Endpoint) -> ClientError {
    ClientError::Transport { kind: TransportKind::Timeout, detail: "timed out".into(), endpoint }
}

fn failed_call(w: &Sim) -> &Call {
    match &w.trouble {
        Some(Trouble::Client { call, .. }) => call,
        other => panic!("expected a failed call, got {other:?}"),
    }
}

/// A code typed and sent on the Authorize screen, and SmugMug's refusal.
fn send_a_code_refused(w: &mut Sim) {
    typed(w, "123456");
    let effects = key(w, Key::Enter);
    let Some(Effect::Exchange { generation, .. }) = effects.first().cloned() else { panic!("{effects:?}") };
    let error = problem("verifier_invalid", Endpoint::AccessToken);
    w.send(Msg::Exchanged { generation, result: Err(error), wall: SystemTime::now() });
}

/// Enter on the pane: its action, "try again" for these failures.
fn try_again(w: &mut Sim) -> Vec<Effect> {
    assert_eq!(smugmug_auth::wizard::suggested_action(w), Some(smugmug_auth::advice::Action::Retry));
    w.wait(3);
    key(w, Key::Enter)
}

#[test]
fn retry_after_a_failed_link_asks_for_a_link_again() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    w.send(Msg::LinkReady {
        generation,
        result: Err(no_reply(Endpoint::RequestToken)),
        wall: SystemTime::now(),
    });
    assert!(matches!(failed_call(&w), Call::Link));
    let effects = try_again(&mut w);
    let [Effect::RequestLink { generation: again, route: Route::Code, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_ne!(*again, generation);
    assert_eq!(w.step(), Step::RequestToken);
    assert_eq!(w.screen.busy_since(), Some(w.now), "the spinner counts from the retry");
    w.send(Msg::LinkReady { generation: *again, result: Ok(link(&w)), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Authorize, "the retry's result is taken");
}

#[test]
fn retry_after_a_failed_exchange_of_a_typed_code_sends_the_same_code() {
    let mut w = prefilled();
    to_authorize(&mut w);
    typed(&mut w, "123456");
    let [Effect::Exchange { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    w.send(Msg::Exchanged {
        generation,
        result: Err(no_reply(Endpoint::AccessToken)),
        wall: SystemTime::now(),
    });
    assert_eq!(w.step(), Step::Authorize, "back to the code, to type it again or wait");
    let effects = try_again(&mut w);
    let [Effect::Exchange { generation: again, code, request, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!((code.as_str(), request.token.as_str()), ("123456", "rt"));
    assert!(matches!(w.screen, Screen::Exchanging { .. }));
    let access = AccessToken { token: "at".into(), secret: Secret::new("ats") };
    w.send(Msg::Exchanged { generation: *again, result: Ok((access, account())), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Save, "the retry's tokens are kept");
}

/// The bug: after the redirect's exchange failed, Enter sent a hidden
/// exchange whose result was dropped (tokens issued and thrown away).
#[test]
fn retry_after_a_failed_exchange_of_the_redirect_takes_its_tokens() {
    let mut w = on_a_desktop();
    let generation = to_browser_wait(&mut w);
    let effects =
        w.send(Msg::Redirected { generation, result: Ok("v3rifier".into()), wall: SystemTime::now() });
    let [Effect::Exchange { generation, .. }] = effects[..] else { panic!("{effects:?}") };
    w.send(Msg::Exchanged {
        generation,
        result: Err(no_reply(Endpoint::AccessToken)),
        wall: SystemTime::now(),
    });
    assert!(matches!(failed_call(&w), Call::Exchange(e) if e.back.is_none()));
    let effects = try_again(&mut w);
    let [Effect::Exchange { generation: again, code, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(code, "v3rifier");
    assert_eq!(w.step(), Step::Exchange, "the retry shows its spinner");
    let access = AccessToken { token: "at".into(), secret: Secret::new("ats") };
    w.send(Msg::Exchanged { generation: *again, result: Ok((access, account())), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Save, "the tokens the retry got are kept, not dropped");
}

/// The bug: after a failed check of pasted tokens, Enter started a new
/// sign-in and the pasted tokens were lost.
#[test]
fn retry_after_a_failed_check_of_pasted_tokens_checks_them_again() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter)[..] else { panic!() };
    w.send(Msg::TokensChecked {
        generation,
        result: Err(no_reply(Endpoint::AuthUser)),
        wall: SystemTime::now(),
    });
    assert!(matches!(failed_call(&w), Call::CheckTokens(_)));
    let effects = try_again(&mut w);
    let [Effect::CheckTokens { generation: again, access, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!((access.token.as_str(), access.secret.expose()), ("tok32", "tokensecret"));
    assert!(matches!(w.screen, Screen::CheckingTokens { .. }));
    w.send(Msg::TokensChecked { generation: *again, result: Ok(account()), wall: SystemTime::now() });
    assert_eq!(w.credentials().unwrap().user_token, "tok32");
}

/// The bug: after a failed check of the saved credentials, Enter asked
/// for a request token ("no reply while asking for a request token").
#[test]
fn retry_after_a_failed_check_of_saved_credentials_checks_them_again() {
    let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
    assert!(matches!(key(&mut w, Key::Char('c'))[..], [Effect::CheckSaved { .. }]));
    w.send(Msg::Checked { result: Err(no_reply(Endpoint::AuthUser)), wall: SystemTime::now() });
    assert!(matches!(failed_call(&w), Call::CheckSaved));
    let effects = try_again(&mut w);
    assert!(matches!(effects[..], [Effect::CheckSaved { .. }]), "{effects:?}");
    assert_eq!(w.step(), Step::Existing);
    assert_eq!(w.check, Check::Running { since: w.now });
}

/// The wizard keeps plain mode's rule for codes: each refused code says
/// how many tries the link has left, and the last one makes a new link
/// the way on (Enter in the pane gets it).
#[test]
fn refused_codes_count_down_to_a_new_link() {
    use smugmug_auth::advice::Action;
    use smugmug_auth::credential_lints::CODE_TRIES;
    let mut w = prefilled();
    to_authorize(&mut w);
    for refused in 1..=CODE_TRIES {
        send_a_code_refused(&mut w);
        let Some(Trouble::Client { diagnosis, .. }) = &w.trouble else { panic!("no failure shown") };
        let text = diagnosis.to_text();
        if refused < CODE_TRIES {
            assert_eq!(smugmug_auth::wizard::suggested_action(&w), Some(Action::ReenterCode));
            assert!(
                text.contains(&format!("{} ", CODE_TRIES - refused)) && text.contains("left for this link"),
                "{text}"
            );
            key(&mut w, Key::Enter);
        } else {
            assert_eq!(smugmug_auth::wizard::suggested_action(&w), Some(Action::NewLink));
            assert!(text.contains("That was the last of this link's"), "{text}");
            let effects = key(&mut w, Key::Enter);
            assert!(matches!(effects.as_slice(), [Effect::RequestLink { .. }]), "{effects:?}");
        }
    }
}

/// Enter in the pane takes the way it offers, but the failure stays
/// recorded until a call that then works gets past it: `t` still explains
/// it and quitting now is a failure (1), as the README says.
#[test]
fn the_panes_way_on_does_not_forget_the_failure() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    let error = problem("consumer_key_unknown", Endpoint::RequestToken);
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    assert!(pane_open(&w));
    key(&mut w, Key::Enter);
    assert!(!pane_open(&w));
    assert!(w.trouble.is_some(), "still the run's last failure");
    key(&mut w, Key::Ctrl('c'));
    assert_eq!(w.exit, Some(smugmug_auth::exit::FAILED));
}

/// Once a link's tries are spent, a code more is not sent (the pane said
/// so), even after the pane is closed with Esc.
#[test]
fn a_spent_link_sends_no_more_codes() {
    use smugmug_auth::credential_lints::CODE_TRIES;
    let mut w = prefilled();
    to_authorize(&mut w);
    for _ in 0..CODE_TRIES {
        send_a_code_refused(&mut w);
        key(&mut w, Key::Esc);
    }
    typed(&mut w, "654321");
    assert!(key(&mut w, Key::Enter).is_empty(), "no exchange for a spent link");
    assert!(w.notice.as_deref().unwrap_or_default().contains("tries are used: press n"), "{:?}", w.notice);
    assert!(matches!(key(&mut w, Key::Char('n'))[..], [Effect::RequestLink { .. }]));
}

/// signature_invalid at the token exchange: the api_secret was accepted
/// for this very link, so the way on is a new link, not re-entering it.
#[test]
fn a_bad_signature_at_the_exchange_offers_a_new_link() {
    let mut w = prefilled();
    to_authorize(&mut w);
    typed(&mut w, "123456");
    let effects = key(&mut w, Key::Enter);
    let Some(Effect::Exchange { generation, .. }) = effects.first().cloned() else { panic!("{effects:?}") };
    let error = problem("signature_invalid", Endpoint::AccessToken);
    w.send(Msg::Exchanged { generation, result: Err(error), wall: SystemTime::now() });
    assert_eq!(smugmug_auth::wizard::suggested_action(&w), Some(smugmug_auth::advice::Action::NewLink));
    let Some(Trouble::Client { diagnosis, .. }) = &w.trouble else { panic!("no failure shown") };
    assert!(diagnosis.to_text().contains("the api_secret was already accepted"), "{}", diagnosis.to_text());
    assert!(matches!(key(&mut w, Key::Enter)[..], [Effect::RequestLink { .. }]));
}
