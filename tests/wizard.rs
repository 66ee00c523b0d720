//! The wizard's transitions, as plain data: no terminal, no network, and
//! a clock the tests move.

mod support;

use smugmug_auth::advice::Action;
use smugmug_auth::config::{SaveError, Saved};
use smugmug_auth::exit;
use smugmug_auth::oauth::{AccessToken, ClientError, Endpoint, Scope, TransportKind};
use smugmug_auth::prefill::{Prefill, Source};
use smugmug_auth::secret::Secret;
use smugmug_auth::wizard::{
    Check, Copied, Effect, Focus, Key, LINK_LIFETIME, Msg, Overlay, Route, Screen, Step, Trouble, Wizard,
};
use std::time::{Duration, SystemTime};
use support::Sim;
use support::wizard::*;

#[test]
fn forward_from_credentials_to_saved() {
    let mut w = fresh();
    assert_eq!(w.step(), Step::Credentials);
    typed(&mut w, KEY);
    key(&mut w, Key::Enter);
    assert_eq!(w.form.focus, Focus::Secret);
    w.send(Msg::Paste(format!(" \"{}\"\n", secret())));
    let effects = key(&mut w, Key::Enter);
    let [Effect::RequestLink { generation, consumer, scope, route: Route::Code }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(consumer.key, KEY);
    assert_eq!(consumer.secret.expose(), secret());
    assert_eq!(*scope, Scope::default());
    assert_eq!(w.step(), Step::RequestToken);
    assert_eq!(w.next_tick(w.now), Some(w.now + Duration::from_secs(1)), "the spinner ticks");

    let (generation, ready) = (*generation, link(&w));
    w.send(Msg::LinkReady { generation, result: Ok(ready), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Authorize);
    w.send(Msg::Copied(Copied::Osc52 { multiplexer: Some("tmux") }));
    assert_eq!(w.authorize().unwrap().copied, Some(Copied::Osc52 { multiplexer: Some("tmux") }));

    // Digits go straight into the code; spaces are ignored, extras dropped.
    typed(&mut w, "123 45");
    assert!(key(&mut w, Key::Enter).is_empty(), "five digits are not sent");
    typed(&mut w, "67");
    assert_eq!(w.authorize().unwrap().code.digits, "123456");
    let effects = key(&mut w, Key::Enter);
    let [Effect::Exchange { generation, code, request, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!((code.as_str(), request.token.as_str()), ("123456", "rt"));
    assert_eq!(w.step(), Step::Exchange);

    let access = AccessToken { token: "at".into(), secret: Secret::new("ats") };
    let generation = *generation;
    w.send(Msg::Exchanged { generation, result: Ok((access, account())), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Save);
    let effects = key(&mut w, Key::Enter);
    let [Effect::Save(credentials)] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!((credentials.api_key.as_str(), credentials.user_token.as_str()), (KEY, "at"));
    assert_eq!(credentials.user_secret.expose(), "ats");

    let saved = Saved { path: "/home/ann/.smugvision/config.yaml".into(), backup: None, other_links: 0 };
    w.send(Msg::SaveDone(Ok(saved)));
    assert_eq!(w.step(), Step::Done);
    assert!(key(&mut w, Key::Enter).is_empty());
    assert_eq!(w.exit, Some(exit::OK));
}

#[test]
fn empty_credentials_are_not_sent() {
    let mut w = fresh();
    key(&mut w, Key::Enter);
    assert!(key(&mut w, Key::Enter).is_empty());
    assert_eq!(w.form.focus, Focus::Key);
    assert!(w.notice.as_deref().unwrap().contains("api_key is empty"));
}

#[test]
fn q_types_in_fields_and_quits_elsewhere() {
    let mut w = fresh();
    key(&mut w, Key::Char('q'));
    assert_eq!(w.form.key.value, "q");
    assert_eq!(w.exit, None);
    let mut w = prefilled();
    to_authorize(&mut w);
    assert!(key(&mut w, Key::Char('q')).is_empty());
    assert_eq!(w.exit, Some(exit::CANCELLED));
}

#[test]
fn ctrl_c_quits_from_anywhere_and_terminate_too() {
    let mut w = fresh();
    key(&mut w, Key::Ctrl('c'));
    assert_eq!(w.exit, Some(exit::CANCELLED));
    let mut w = prefilled();
    to_authorize(&mut w);
    let stop = smugmug_auth::platform::Stop::Terminate.exit_code();
    assert!(w.send(Msg::Terminate(stop)).is_empty());
    assert_eq!(w.exit, Some(143), "128 + SIGTERM");
}

#[test]
fn back_steps_with_esc() {
    let mut w = prefilled();
    to_authorize(&mut w);
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Credentials);
    assert!(w.link().is_none());
}

#[test]
fn cancel_during_a_request_ignores_its_late_result() {
    let mut w = prefilled();
    let stale = start_request(&mut w);
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Credentials);
    assert_eq!(w.next_tick(w.now), None);
    let late = link(&w);
    w.send(Msg::LinkReady { generation: stale, result: Ok(late), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Credentials, "a cancelled request's result is dropped");
}

#[test]
fn cancel_during_the_exchange_returns_to_the_code() {
    let mut w = prefilled();
    to_authorize(&mut w);
    w.send(Msg::Paste("654 321\r".into()));
    let effects = key(&mut w, Key::Enter);
    let [Effect::Exchange { generation, .. }] = effects.as_slice() else { panic!() };
    let stale = *generation;
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Authorize);
    let late = Ok((AccessToken { token: "a".into(), secret: Secret::new("b") }, account()));
    w.send(Msg::Exchanged { generation: stale, result: late, wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Authorize);
}

#[test]
fn link_expiry_and_renewal() {
    let mut w = prefilled();
    to_authorize(&mut w);
    assert!(w.next_tick(w.now).is_some(), "the countdown ticks");
    assert_eq!(w.link().unwrap().remaining(w.now), LINK_LIFETIME);
    w.wait(299);
    assert_eq!(w.link().unwrap().remaining(w.now), Duration::from_secs(1));
    // Part-way through its last second, the next tick is when it runs out:
    // "0:00" is followed by "expired" at once, whatever the phase.
    let (issued, now) = (w.now - Duration::from_secs(299), w.now + Duration::from_millis(400));
    let next = w.next_tick(now).unwrap();
    assert!(next > issued + LINK_LIFETIME && next <= issued + LINK_LIFETIME + Duration::from_millis(2));
    assert!(w.link().unwrap().expired(next));
    w.wait(2);
    assert!(w.link().unwrap().expired(w.now));
    assert_eq!(w.next_tick(w.now), None, "no tick once expired");
    typed(&mut w, "123456");
    assert!(key(&mut w, Key::Enter).is_empty(), "an expired link's code is not sent");
    assert!(w.notice.is_none(), "the screen's own line says it: no second one");
    let effects = key(&mut w, Key::Char('n'));
    assert!(matches!(effects.as_slice(), [Effect::RequestLink { .. }]));
    assert_eq!(w.step(), Step::RequestToken);
}

#[test]
fn signature_invalid_opens_the_pane_and_leads_back_to_the_secret() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    let error = problem("signature_invalid", Endpoint::RequestToken);
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    assert!(pane_open(&w));
    assert_eq!(w.step(), Step::Credentials);
    assert_eq!(smugmug_auth::wizard::suggested_action(&w), Some(Action::ReenterSecret));
    assert!(key(&mut w, Key::Enter).is_empty());
    assert!(!pane_open(&w));
    assert_eq!(w.form.focus, Focus::Secret);
}

#[test]
fn each_error_kind_offers_its_fix() {
    let cases: Vec<(ClientError, Action)> = vec![
        (problem("token_expired", Endpoint::AccessToken), Action::NewLink),
        (problem("token_used", Endpoint::AccessToken), Action::NewLink),
        (problem("verifier_invalid", Endpoint::AccessToken), Action::ReenterCode),
        (problem("permission_denied", Endpoint::AuthUser), Action::NewLink),
        (problem("consumer_key_unknown", Endpoint::AccessToken), Action::ReenterCredentials),
        (problem("timestamp_refused", Endpoint::AccessToken), Action::Retry),
        (
            ClientError::Transport {
                kind: TransportKind::Timeout,
                detail: "timed out".into(),
                endpoint: Endpoint::AccessToken,
            },
            Action::Retry,
        ),
    ];
    for (error, action) in cases {
        let mut w = prefilled();
        to_authorize(&mut w);
        typed(&mut w, "123456");
        let effects = key(&mut w, Key::Enter);
        let [Effect::Exchange { generation, .. }] = effects.as_slice() else { panic!() };
        w.send(Msg::Exchanged {
            generation: *generation,
            result: Err(error.clone()),
            wall: SystemTime::now(),
        });
        assert!(pane_open(&w), "{error:?}");
        assert_eq!(w.step(), Step::Authorize);
        assert!(w.authorize().unwrap().code.digits.is_empty(), "the code is cleared after a failure");
        assert_eq!(smugmug_auth::wizard::suggested_action(&w), Some(action), "{error:?}");
        let effects = key(&mut w, Key::Enter);
        match action {
            Action::NewLink => assert!(matches!(effects.as_slice(), [Effect::RequestLink { .. }])),
            Action::ReenterCode => {
                assert!(effects.is_empty());
                assert_eq!(w.step(), Step::Authorize);
            }
            // The same code again: the call that failed, not a guess.
            Action::Retry => {
                assert!(matches!(effects.as_slice(), [Effect::Exchange { code, .. }] if code == "123456"));
                assert_eq!(w.step(), Step::Exchange);
            }
            Action::ReenterCredentials | Action::ReenterSecret => assert_eq!(w.step(), Step::Credentials),
            Action::Quit | Action::ReenterTokens => unreachable!(),
        }
    }
}

#[test]
fn retry_after_a_failed_request_asks_again() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    let error = ClientError::Transport {
        kind: TransportKind::Dns,
        detail: "dns".into(),
        endpoint: Endpoint::RequestToken,
    };
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    let effects = key(&mut w, Key::Enter);
    let [Effect::RequestLink { generation: again, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert!(*again > 1);
    assert_eq!(w.step(), Step::RequestToken);
}

#[test]
fn clock_skew_on_a_successful_reply_warns_early() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    let mut ahead = link(&w);
    let wall = SystemTime::now();
    ahead.request.server_date = Some(wall + Duration::from_secs(600));
    w.send(Msg::LinkReady { generation, result: Ok(ahead), wall });
    assert!(w.clock_warning.as_deref().unwrap().contains("10 minutes behind"), "{:?}", w.clock_warning);
}

#[test]
fn save_failure_keeps_the_tokens_and_offers_retry() {
    let mut w = prefilled();
    to_authorize(&mut w);
    typed(&mut w, "123456");
    let effects = key(&mut w, Key::Enter);
    let [Effect::Exchange { generation, .. }] = effects.as_slice() else { panic!() };
    let access = AccessToken { token: "at".into(), secret: Secret::new("ats") };
    w.send(Msg::Exchanged {
        generation: *generation,
        result: Ok((access, account())),
        wall: SystemTime::now(),
    });
    key(&mut w, Key::Enter);
    w.send(Msg::SaveDone(Err(std::sync::Arc::new(SaveError::Rescued {
        path: "/home/ann/.smugvision/config.yaml".into(),
        reason: Box::new(smugmug_auth::config::SaveFailure::NotUtf8),
        rescue: "/tmp/x/config.yaml.new".into(),
    }))));
    assert!(pane_open(&w));
    assert!(matches!(w.trouble, Some(Trouble::Save(_))));
    assert_eq!(w.step(), Step::Save);
    assert!(matches!(key(&mut w, Key::Enter).as_slice(), [Effect::Save(_)]));
}

#[test]
fn saved_tokens_are_offered_a_check_first() {
    let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
    assert_eq!(w.step(), Step::Existing);
    let effects = key(&mut w, Key::Char('c'));
    assert!(matches!(effects.as_slice(), [Effect::CheckSaved { consumer, .. }] if consumer.key == KEY));
    assert!(matches!(w.check, Check::Running { .. }));
    w.send(Msg::Checked { result: Ok(account()), wall: SystemTime::now() });
    assert!(matches!(w.check, Check::Passed(_)));
    assert!(key(&mut w, Key::Enter).is_empty());
    assert_eq!(w.exit, Some(exit::OK));

    let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
    key(&mut w, Key::Char('n'));
    assert_eq!(w.step(), Step::Credentials);
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Existing);
}

#[test]
fn help_and_pane_open_and_close() {
    let mut w = prefilled();
    key(&mut w, Key::Char('?'));
    assert!(w.overlay == Some(Overlay::Help));
    key(&mut w, Key::Char('x'));
    assert!(w.overlay.is_none());
    assert_eq!(w.form.key.value, KEY, "the key closing help is not typed");
    key(&mut w, Key::Ctrl('t'));
    assert!(pane_open(&w));
    key(&mut w, Key::Esc);
    assert!(!pane_open(&w));
}

#[test]
fn pastes_are_cleaned() {
    let mut w = fresh();
    w.send(Msg::Paste(format!("'{KEY}'\r\n")));
    assert_eq!(w.form.key.value, KEY);
    let mut w = prefilled();
    key(&mut w, Key::Tab);
    w.send(Msg::Paste("  new-secret \n".into()));
    assert_eq!(w.form.secret.value.expose(), "new-secret", "a paste replaces a prefilled value");
    key(&mut w, Key::Ctrl('u'));
    assert!(w.form.secret.value.is_empty());
}

#[test]
fn open_browser_only_when_possible() {
    let mut w = prefilled();
    to_authorize(&mut w);
    // Not offered where no browser can be opened: the key does nothing.
    assert!(key(&mut w, Key::Char('o')).is_empty());
    assert_eq!(w.authorize().unwrap().browser_note, None);
    let mut setup = setup(Prefill::default(), None);
    setup.context.can_open_browser = true;
    setup.prefill = Prefill {
        key: Some((KEY.into(), Source::Typed)),
        secret: Some((Secret::new(secret()), Source::Typed)),
    };
    let mut w = Sim::new(Wizard::new(setup));
    to_authorize(&mut w);
    assert!(matches!(key(&mut w, Key::Char('o')).as_slice(), [Effect::OpenBrowser(_)]));
    assert!(matches!(key(&mut w, Key::Char('c')).as_slice(), [Effect::Copy(_)]));
}

#[test]
fn the_pane_offers_the_saved_credentials_check() {
    let mut w = Sim::new(Wizard::new(setup(Prefill::default(), Some(w_stored()))));
    key(&mut w, Key::Char('n'));
    key(&mut w, Key::Ctrl('t'));
    assert!(pane_open(&w));
    assert!(matches!(key(&mut w, Key::Char('c')).as_slice(), [Effect::CheckSaved { .. }]));
    assert!(!pane_open(&w));
    w.send(Msg::Checked { result: Ok(account()), wall: SystemTime::now() });
    assert!(w.notice.as_deref().unwrap().contains("authorized as ann (Ann Example)"));
    // Without saved tokens, c in the pane does nothing.
    let mut w = prefilled();
    key(&mut w, Key::Ctrl('t'));
    assert!(key(&mut w, Key::Char('c')).is_empty());
}

// The three bugs the flat state let through; each failed before the
// state became one value per screen.

#[test]
fn a_failure_while_help_is_open_shows_the_pane_and_its_keys_work() {
    let mut w = prefilled();
    let generation = start_request(&mut w);
    key(&mut w, Key::Char('?'));
    let error = problem("signature_invalid", Endpoint::RequestToken);
    w.send(Msg::LinkReady { generation, result: Err(error), wall: SystemTime::now() });
    assert!(pane_open(&w), "the pane replaces help");
    key(&mut w, Key::Enter);
    assert!(w.overlay.is_none(), "Enter on the visible pane runs its action");
    assert_eq!((w.step(), w.form.focus), (Step::Credentials, Focus::Secret));
}

#[test]
fn the_spinner_counts_from_the_key_press_not_from_the_last_tick() {
    let mut w = prefilled();
    w.now += Duration::from_secs(45); // 45 quiet seconds on Credentials: no ticks there
    start_request(&mut w);
    let since = w.screen.busy_since().unwrap();
    assert_eq!(since, w.now, "the request started when Enter was pressed");
}

#[test]
fn a_check_from_the_pane_does_not_stop_the_request_spinner() {
    let mut w = prefilled_with_saved_tokens();
    key(&mut w, Key::Char('n'));
    start_request(&mut w);
    key(&mut w, Key::Ctrl('t'));
    assert!(matches!(key(&mut w, Key::Char('c')).as_slice(), [Effect::CheckSaved { .. }]));
    w.wait(1);
    w.send(Msg::Checked { result: Ok(account()), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::RequestToken);
    assert!(w.screen.busy_since().is_some(), "the request is still running");
    assert!(w.next_tick(w.now).is_some(), "and its spinner still ticks");
}

#[test]
fn an_enormous_paste_is_refused_with_a_notice() {
    let mut w = fresh();
    w.send(Msg::Paste("x".repeat(1_000_000)));
    assert!(w.form.key.value.is_empty(), "nothing was taken");
    assert!(w.notice.as_deref().unwrap().contains("too long"), "{:?}", w.notice);
}

#[test]
fn on_a_desktop_the_browser_brings_the_verifier_and_nothing_is_typed() {
    let mut w = on_a_desktop();
    let generation = to_browser_wait(&mut w);
    assert!(w.next_tick(w.now).is_some(), "the countdown ticks");
    let effects =
        w.send(Msg::Redirected { generation, result: Ok("123456".into()), wall: SystemTime::now() });
    match effects.as_slice() {
        [Effect::Exchange { request, code, .. }] => {
            assert_eq!((request.token.as_str(), code.as_str()), ("rt", "123456"));
        }
        other => panic!("expected the exchange, got {other:?}"),
    }
    assert!(matches!(
        w.screen,
        Screen::Exchanging { exchange: smugmug_auth::wizard::Exchange { back: None, .. }, .. }
    ));
    assert_eq!(w.listening(w.now), None, "the listener is done once the redirect came");
}

#[test]
fn over_ssh_or_without_a_display_the_code_path_is_the_only_one() {
    let mut w = prefilled();
    assert!(matches!(key(&mut w, Key::Enter).as_slice(), [Effect::RequestLink { route: Route::Code, .. }]));
    assert_eq!(w.listening(w.now), None);
}

#[test]
fn tab_switches_to_a_code_link_for_the_rest_of_the_run() {
    let mut w = on_a_desktop();
    let first = to_browser_wait(&mut w);
    let effects = key(&mut w, Key::Tab);
    let second = match effects.as_slice() {
        [Effect::RequestLink { generation, route: Route::Code, .. }] => *generation,
        other => panic!("expected a code link, got {other:?}"),
    };
    assert_ne!(first, second);
    assert_eq!(w.listening(w.now), None, "leaving the screen stops the listener");
    // A late redirect for the first link changes nothing.
    assert!(
        w.send(Msg::Redirected { generation: first, result: Ok("1".into()), wall: SystemTime::now() })
            .is_empty()
    );
    w.send(Msg::LinkReady { generation: second, result: Ok(link(&w)), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Authorize);
    // A new link from here is a code link too.
    assert!(matches!(
        key(&mut w, Key::Char('n')).as_slice(),
        [Effect::RequestLink { route: Route::Code, .. }]
    ));
}

#[test]
fn a_browser_that_does_not_open_leads_to_a_code_link() {
    let mut w = on_a_desktop();
    to_browser_wait(&mut w);
    let effects = w
        .send(Msg::BrowserFailed(smugmug_auth::platform::BrowserError::Failed("xdg-open: not found".into())));
    assert!(matches!(effects.as_slice(), [Effect::RequestLink { route: Route::Code, .. }]), "{effects:?}");
    assert!(w.notice.as_deref().unwrap().contains("xdg-open: not found"));
}

#[test]
fn a_refusal_in_the_redirect_opens_the_pane_with_a_new_link_as_the_fix() {
    let mut w = on_a_desktop();
    let generation = to_browser_wait(&mut w);
    let refused = problem("user_refused", Endpoint::Authorize);
    w.send(Msg::Redirected { generation, result: Err(refused), wall: SystemTime::now() });
    assert!(pane_open(&w));
    assert_eq!(w.listening(w.now), None);
    assert!(matches!(
        key(&mut w, Key::Enter).as_slice(),
        [Effect::RequestLink { route: Route::Browser, .. }]
    ));
}

#[test]
fn the_listener_stops_when_the_screen_is_left_or_the_link_expires() {
    let mut w = on_a_desktop();
    to_browser_wait(&mut w);
    w.wait(LINK_LIFETIME.as_secs());
    assert_eq!(w.listening(w.now), None, "an expired link has no redirect to wait for");
    assert_eq!(w.next_tick(w.now), None);
    let mut w = on_a_desktop();
    to_browser_wait(&mut w);
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Credentials);
    assert_eq!(w.listening(w.now), None);
}

#[test]
fn a_failed_exchange_after_the_redirect_offers_a_new_link_not_a_code() {
    let mut w = on_a_desktop();
    let generation = to_browser_wait(&mut w);
    let effects =
        w.send(Msg::Redirected { generation, result: Ok("999999".into()), wall: SystemTime::now() });
    let [Effect::Exchange { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let refused = problem("verifier_invalid", Endpoint::AccessToken);
    w.send(Msg::Exchanged { generation: *generation, result: Err(refused), wall: SystemTime::now() });
    assert!(pane_open(&w));
    assert_eq!(w.step(), Step::Credentials);
    assert!(matches!(
        key(&mut w, Key::Enter).as_slice(),
        [Effect::RequestLink { route: Route::Browser, .. }]
    ));
}

#[test]
fn tokens_you_already_have_are_checked_then_saved() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let effects = key(&mut w, Key::Enter);
    let generation = match effects.as_slice() {
        [Effect::CheckTokens { generation, consumer, access }] => {
            assert_eq!((consumer.key.as_str(), access.token.as_str()), (KEY, "tok32"), "pastes are cleaned");
            assert_eq!(access.secret.expose(), "tokensecret");
            *generation
        }
        other => panic!("expected a check, got {other:?}"),
    };
    assert_eq!(w.step(), Step::Exchange);
    w.send(Msg::TokensChecked { generation, result: Ok(account()), wall: SystemTime::now() });
    assert_eq!(w.step(), Step::Save);
    let credentials = w.credentials().unwrap();
    assert_eq!((credentials.user_token.as_str(), credentials.user_secret.expose()), ("tok32", "tokensecret"));
    assert!(matches!(key(&mut w, Key::Enter).as_slice(), [Effect::Save(_)]));
}

#[test]
fn tokens_that_fail_the_check_are_not_saved_and_stay_to_fix() {
    let mut w = prefilled();
    to_pasted_tokens(&mut w);
    let [Effect::CheckTokens { generation, .. }] = key(&mut w, Key::Enter).as_slice().to_owned()[..] else {
        panic!("expected a check")
    };
    let refused = problem("token_rejected", Endpoint::AuthUser);
    w.send(Msg::TokensChecked { generation, result: Err(refused), wall: SystemTime::now() });
    assert!(pane_open(&w));
    assert_eq!(w.step(), Step::Tokens, "back to the pasted tokens");
    assert!(w.credentials().is_none(), "nothing to save");
    let Screen::Tokens(form) = &w.screen else { unreachable!() };
    assert_eq!(form.key.value, "  'tok32'\n".trim().trim_matches('\''), "the paste is kept to fix");
}

#[test]
fn tokens_need_the_key_and_secret_first_and_both_fields() {
    let mut w = fresh();
    key(&mut w, Key::Ctrl('o'));
    assert_eq!(w.step(), Step::Credentials, "the tokens belong to a key: it comes first");
    assert!(w.notice.as_deref().unwrap().contains("api_key is empty"));
    let mut w = prefilled();
    key(&mut w, Key::Ctrl('o'));
    assert!(key(&mut w, Key::Enter).is_empty(), "Enter on an empty token moves on, sends nothing");
    assert!(key(&mut w, Key::Enter).is_empty());
    assert!(w.notice.as_deref().unwrap().contains("user_token is empty"));
    typed(&mut w, "q");
    assert_eq!(w.exit, None, "q types a q in a token field");
    key(&mut w, Key::Esc);
    assert_eq!(w.step(), Step::Credentials);
}

#[test]
fn asking_for_a_qr_code_starts_on_the_code_path_even_on_a_desktop() {
    let mut setup = setup(Prefill::default(), None);
    setup.context.can_open_browser = true;
    setup.context.wants_qr = true;
    setup.prefill = Prefill {
        key: Some((KEY.into(), Source::Typed)),
        secret: Some((Secret::new(secret()), Source::Typed)),
    };
    let mut w = Sim::new(Wizard::new(setup));
    assert!(matches!(key(&mut w, Key::Enter).as_slice(), [Effect::RequestLink { route: Route::Code, .. }]));
}

/// A paste too long for any value says its size as it is (5001 bytes is
/// not "4 KiB") and changes nothing.
#[test]
fn a_paste_too_long_says_its_real_size() {
    let mut w = prefilled();
    let before = w.form.key.value.clone();
    w.send(Msg::Paste("x".repeat(5001)));
    let notice = w.notice.clone().unwrap_or_default();
    assert!(notice.contains("5001 bytes, too long") && notice.contains("(4 KiB at most)"), "{notice}");
    assert_eq!(w.form.key.value, before);
}
