//! The transition: each message changes the wizard and may ask for work.

use super::call::{
    check_saved, check_tokens, exchange, exchanged, fail, link_ready, redirected, request_link, retry,
    settle, tokens_checked,
};
use super::{
    Call, Check, CodeField, Effect, Exchange, Focus, FormKey, Key, Msg, Overlay, Route, Screen, TokenForm,
    Trouble, Wizard, takes,
};
use crate::advice::Action;
use crate::credential_lints::CODE_TRIES;
use crate::exit;
use std::time::Instant;

/// Applies `msg` at time `now`; returns the work to do.
pub fn update(w: &mut Wizard, msg: Msg, now: Instant) -> Vec<Effect> {
    let effects = transition(w, msg, now);
    // The link view shows the screen's link: it goes with the screen.
    let has_link = matches!(w.screen, Screen::Authorize(_) | Screen::Browser { .. });
    if w.overlay == Some(Overlay::Link) && !has_link {
        w.overlay = None;
    }
    effects
}

fn transition(w: &mut Wizard, msg: Msg, now: Instant) -> Vec<Effect> {
    match msg {
        Msg::Key(Key::Ctrl('c')) => quit(w),
        Msg::Terminate(status) => {
            quit(w);
            w.exit = Some(status);
            vec![]
        }
        Msg::Key(key) => on_key(w, key, now),
        Msg::Paste(text) => {
            on_paste(w, &text);
            vec![]
        }
        Msg::Resize | Msg::Tick => vec![],
        // The results of calls: each dropped unless it is the running
        // call's; a failure goes back to where the call started.
        Msg::LinkReady { generation, result, wall } => settle(w, generation, result, wall, now, link_ready),
        Msg::Redirected { generation, result, wall } => settle(w, generation, result, wall, now, redirected),
        Msg::Exchanged { generation, result, wall } => settle(w, generation, result, wall, now, exchanged),
        Msg::TokensChecked { generation, result, wall } => {
            settle(w, generation, result, wall, now, tokens_checked)
        }
        Msg::Checked { result, wall } => {
            if !matches!(w.check, Check::Running { .. }) {
                return vec![];
            }
            match result {
                Ok(account) => {
                    // The Existing screen says it itself (✓ They work …); elsewhere a notice does.
                    if !matches!(w.screen, Screen::Existing) {
                        w.notice =
                            Some(format!("The saved credentials work: authorized as {}.", account.label()));
                    }
                    w.check = Check::Passed(account);
                    w.trouble = None;
                    vec![]
                }
                Err(error) => {
                    let effects = fail(w, Call::CheckSaved, &error, wall);
                    let problem = match &w.trouble {
                        Some(Trouble::Client { diagnosis, .. }) => diagnosis.advice.key,
                        _ => "unknown",
                    };
                    w.check = Check::Failed { problem };
                    effects
                }
            }
        }
        Msg::Copied(copied) => {
            if let Screen::Authorize(a) = &mut w.screen {
                a.copied = Some(copied);
            }
            vec![]
        }
        Msg::PictureSaved(result) => {
            if let Ok(path) = &result {
                w.picture = Some(path.clone());
            }
            if let Screen::Authorize(a) = &mut w.screen {
                a.picture = Some(result);
            }
            vec![]
        }
        Msg::BrowserFailed(why) => match &mut w.screen {
            Screen::Authorize(a) => {
                a.browser_note = Some(why);
                vec![]
            }
            // The callback link is of no use without this machine's browser:
            // get a code link (QR code, clipboard) instead.
            Screen::Browser { .. } => {
                w.route = Route::Code;
                let effects = request_link(w, now);
                w.notice = Some(format!("The browser did not open ({why}). Here is a link for any device."));
                effects
            }
            _ => vec![],
        },
        Msg::SaveDone(result) => {
            let Screen::Save { account, saving_since, pasted, .. } = &mut w.screen else { return vec![] };
            *saving_since = None;
            match result {
                Ok(saved) => {
                    w.trouble = None;
                    w.screen = Screen::Done { saved, account: account.clone(), pasted: *pasted };
                    // A quit while the save ran did not stop it: it is saved.
                    if w.exit == Some(exit::CANCELLED) {
                        w.exit = Some(exit::OK);
                    }
                }
                Err(error) => {
                    w.trouble = Some(Trouble::Save(error));
                    w.overlay = Some(Overlay::Troubleshooting { scroll: 0 });
                }
            }
            vec![]
        }
    }
}

fn on_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    // The key table decides: a key it does not list now does nothing.
    if !takes(w, key) {
        return vec![];
    }
    match w.overlay {
        Some(Overlay::Help | Overlay::Link) => {
            w.overlay = None;
            return vec![];
        }
        Some(Overlay::Troubleshooting { scroll }) => return pane_key(w, key, scroll, now),
        None => {}
    }
    let in_text = matches!(w.screen, Screen::Credentials | Screen::Tokens(_));
    match key {
        Key::Char('?') => {
            w.overlay = Some(Overlay::Help);
            return vec![];
        }
        Key::Ctrl('t') => return open_pane(w),
        Key::Char('t') if !in_text => return open_pane(w),
        Key::Char('q') if !in_text => return quit(w),
        _ => {}
    }
    w.notice = None;
    match &mut w.screen {
        Screen::Existing => existing_key(w, key, now),
        Screen::Credentials => credentials_key(w, key, now),
        Screen::RequestingLink { .. } => {
            if key == Key::Esc {
                cancel(w, Screen::Credentials);
            }
            vec![]
        }
        Screen::Browser { .. } => browser_key(w, key, now),
        Screen::Tokens(_) => tokens_key(w, key, now),
        Screen::CheckingTokens { tokens, .. } => {
            if key == Key::Esc {
                let back = Screen::Tokens(tokens.clone());
                cancel(w, back);
            }
            vec![]
        }
        Screen::Authorize(_) => authorize_key(w, key, now),
        Screen::Exchanging { exchange, .. } => {
            if key == Key::Esc {
                let back = exchange.back.clone().map_or(Screen::Credentials, Screen::Authorize);
                cancel(w, back);
            }
            vec![]
        }
        Screen::Save { saving_since, .. } => match key {
            Key::Enter | Key::Char('y' | 's') if saving_since.is_none() => save(w, now),
            Key::Esc => {
                w.notice = Some("Press Enter to save, or q to quit without saving.".into());
                vec![]
            }
            _ => vec![],
        },
        Screen::Done { .. } => match key {
            Key::Enter | Key::Esc => quit(w),
            _ => vec![],
        },
    }
}

fn show_link(w: &mut Wizard) -> Vec<Effect> {
    w.overlay = Some(Overlay::Link);
    vec![]
}

fn open_pane(w: &mut Wizard) -> Vec<Effect> {
    w.overlay = Some(Overlay::Troubleshooting { scroll: 0 });
    vec![]
}

fn existing_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    match key {
        Key::Char('c') | Key::Enter if w.check.can_start() => check_saved(w, now),
        Key::Enter if matches!(w.check, Check::Passed(_)) => quit(w),
        Key::Char('n') => {
            w.screen = Screen::Credentials;
            vec![]
        }
        _ => vec![],
    }
}

fn credentials_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    match key {
        Key::Ctrl('r') => w.form.reveal = !w.form.reveal,
        Key::Ctrl('o') => match w.form.missing() {
            Some(notice) => w.notice = Some(notice),
            None => w.screen = Screen::Tokens(TokenForm::default()),
        },
        // Esc first brings back a prefilled value that was changed.
        Key::Esc if w.form.focused().restore() => {}
        Key::Esc if w.saved_tokens.is_some() => w.screen = Screen::Existing,
        _ => match w.form.on_key(key) {
            FormKey::Submit => return submit_credentials(w, now),
            FormKey::Handled | FormKey::Unhandled => {}
        },
    }
    vec![]
}

fn submit_credentials(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    if let Some(notice) = w.form.missing() {
        w.notice = Some(notice);
        return vec![];
    }
    request_link(w, now)
}

fn tokens_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    let Screen::Tokens(form) = &mut w.screen else { return vec![] };
    match key {
        Key::Esc => w.screen = Screen::Credentials,
        _ => match form.on_key(key) {
            FormKey::Submit => match form.missing() {
                Some(notice) => w.notice = Some(notice),
                None => {
                    let tokens = form.clone();
                    return check_tokens(w, tokens, now);
                }
            },
            FormKey::Handled | FormKey::Unhandled => {}
        },
    }
    vec![]
}

fn browser_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    let Screen::Browser { link } = &w.screen else { return vec![] };
    match key {
        // A phone, another computer, or a browser that never comes back:
        // a code link, for the rest of this run.
        Key::Tab => {
            w.route = Route::Code;
            request_link(w, now)
        }
        Key::Char('n') => request_link(w, now),
        Key::Char('l') => show_link(w),
        Key::Char('o') => vec![Effect::OpenBrowser(link.url.clone())],
        Key::Char('c') => vec![Effect::Copy(link.url.clone())],
        Key::Esc => {
            w.screen = Screen::Credentials;
            vec![]
        }
        _ => vec![],
    }
}

fn authorize_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    let can_open_browser = w.context.can_open_browser;
    let Screen::Authorize(a) = &mut w.screen else { return vec![] };
    match key {
        Key::Char(c) if c.is_ascii_digit() => a.code.accept(&c.to_string()),
        Key::Char(' ' | '-') => {}
        Key::Backspace => a.code.backspace(),
        // The screen already says "Link expired: press n".
        Key::Enter if a.link.expired(now) => {}
        // Its tries are spent (as plain mode counts them): a code more is
        // not sent, whatever the server would do with it.
        Key::Enter if a.spent() => {
            w.notice = Some(format!("This link's {CODE_TRIES} tries are used: press n for a new one."));
        }
        Key::Enter if a.code.is_complete() => {
            let (request, verifier, back) = (a.link.request.clone(), a.code.digits.clone(), Some(a.clone()));
            return exchange(w, Exchange { request, verifier, back }, now);
        }
        Key::Enter => {
            w.notice = Some(format!("The code has six digits; {} typed so far.", a.code.digits.len()));
        }
        Key::Char('n') => return request_link(w, now),
        Key::Char('l') => return show_link(w),
        Key::Char('c') => return vec![Effect::Copy(a.link.url.clone())],
        Key::Char('p') => {
            return vec![Effect::SavePicture { url: a.link.url.clone() }];
        }
        Key::Char('o') if can_open_browser => return vec![Effect::OpenBrowser(a.link.url.clone())],
        Key::Char('o') => {
            a.browser_note = Some(crate::platform::BrowserError::NoLocalDesktop);
        }
        Key::Esc => w.screen = Screen::Credentials,
        _ => {}
    }
    vec![]
}

fn save(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    let Some(credentials) = w.credentials() else { return vec![] };
    if let Screen::Save { saving_since, .. } = &mut w.screen {
        *saving_since = Some(now);
    }
    vec![Effect::Save(credentials)]
}

/// The longest paste taken: keys and secrets are under 100 characters, a
/// code is six digits; a megabyte is a mistake (a whole file, a log).
pub const MAX_PASTE: usize = 4096;

fn on_paste(w: &mut Wizard, text: &str) {
    if w.overlay.is_some() {
        return;
    }
    if text.len() > MAX_PASTE {
        w.notice = Some(format!(
            "That paste was {} bytes, too long for a key, a secret or a code ({} KiB at most): copy just the value.",
            text.len(),
            MAX_PASTE / 1024
        ));
        return;
    }
    // As a key does: a notice about what was there before goes stale.
    w.notice = None;
    match &mut w.screen {
        Screen::Credentials => w.form.focused().paste(text),
        Screen::Tokens(form) => form.focused().paste(text),
        Screen::Authorize(a) => {
            a.code = CodeField::default();
            a.code.accept(text);
        }
        _ => {}
    }
}

fn pane_key(w: &mut Wizard, key: Key, scroll: u16, now: Instant) -> Vec<Effect> {
    let scrolled = |to| Some(Overlay::Troubleshooting { scroll: to });
    match key {
        Key::Down | Key::Char('j') => w.overlay = scrolled(scroll.saturating_add(1)),
        Key::Up | Key::Char('k') => w.overlay = scrolled(scroll.saturating_sub(1)),
        Key::Esc | Key::Ctrl('t') | Key::Char('t') => w.overlay = None,
        Key::Char('q') => return quit(w),
        Key::Char('c') => {
            w.overlay = None;
            return check_saved(w, now);
        }
        Key::Enter => {
            w.overlay = None;
            return run_action(w, now);
        }
        _ => {}
    }
    vec![]
}

/// The step that fixes the current trouble.
pub fn suggested_action(w: &Wizard) -> Option<Action> {
    match w.trouble.as_ref()? {
        Trouble::Client { diagnosis, .. } => Some(diagnosis.action),
        Trouble::Save(_) => Some(Action::Retry),
    }
}

/// The pane's Enter. The failure stays recorded (the pane, `t`, and the
/// exit status say it) until a call that then works gets past it.
fn run_action(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    let Some(action) = suggested_action(w) else { return vec![] };
    let Some(trouble) = w.trouble.clone() else { return vec![] };
    match action {
        Action::ReenterCredentials | Action::ReenterSecret => {
            w.screen = Screen::Credentials;
            w.form.reenter(if action == Action::ReenterSecret { Focus::Secret } else { Focus::Key });
            vec![]
        }
        Action::NewLink => request_link(w, now),
        Action::ReenterTokens => {
            if let Screen::Tokens(tokens) = &mut w.screen {
                tokens.reenter(Focus::Key);
            }
            vec![]
        }
        Action::ReenterCode => match &mut w.screen {
            Screen::Authorize(a) => {
                a.code = CodeField::default();
                vec![]
            }
            // The browser brought the verifier: there is no code to retype.
            _ => request_link(w, now),
        },
        Action::Retry => match trouble {
            Trouble::Save(_) => save(w, now),
            Trouble::Client { call, .. } => retry(w, call, now),
        },
        Action::Quit => quit(w),
    }
}

fn cancel(w: &mut Wizard, back: Screen) {
    w.generation += 1;
    w.screen = back;
    w.notice = Some("Cancelled.".into());
}

fn quit(w: &mut Wizard) -> Vec<Effect> {
    let done = matches!(w.screen, Screen::Done { .. }) || matches!(w.check, Check::Passed(_));
    w.exit = Some(if done {
        exit::OK
    } else if w.trouble.is_some() {
        exit::FAILED
    } else {
        exit::CANCELLED
    });
    vec![]
}
