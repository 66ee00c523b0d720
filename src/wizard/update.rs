//! The transition: each message changes the wizard and may ask for work.

use super::{
    Authorize, Check, CodeField, Effect, Focus, Key, Msg, Overlay, Route, Screen, TokenForm, Trouble, Wizard,
};
use crate::advice::Action;
use crate::diagnose::{clock_warning, diagnose};
use crate::exit;
use crate::oauth::{ClientError, RequestToken};
use std::time::{Instant, SystemTime};

/// Applies `msg` at time `now`; returns the work to do.
pub fn update(w: &mut Wizard, msg: Msg, now: Instant) -> Vec<Effect> {
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
        Msg::LinkReady { generation, result, wall } => {
            if generation != w.generation || !matches!(w.screen, Screen::RequestingLink { .. }) {
                return vec![];
            }
            match result {
                Ok(link) => {
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
                            });
                            let mut effects = vec![Effect::Copy(url.clone())];
                            if w.context.qr_png_at_once {
                                effects.push(Effect::SavePicture { url });
                            }
                            effects
                        }
                    }
                }
                Err(error) => {
                    w.screen = Screen::Credentials;
                    fail(w, &error, wall)
                }
            }
        }
        Msg::Redirected { generation, result, wall } => {
            if generation != w.generation {
                return vec![];
            }
            let Screen::Browser { link } = &w.screen else { return vec![] };
            match result {
                Ok(verifier) => {
                    let request = link.request.clone();
                    exchange(w, request, verifier, None, now)
                }
                Err(error) => {
                    w.screen = Screen::Credentials;
                    fail(w, &error, wall)
                }
            }
        }
        Msg::Exchanged { generation, result, wall } => {
            if generation != w.generation {
                return vec![];
            }
            let Screen::Exchanging { authorize, .. } = &w.screen else { return vec![] };
            match result {
                Ok((access, account)) => {
                    w.clock_warning = clock_warning(account.server_date, wall);
                    w.screen = Screen::Save { access, account, saving_since: None };
                    vec![]
                }
                Err(error) => {
                    w.screen = match authorize.clone() {
                        Some(mut authorize) => {
                            authorize.code = CodeField::default();
                            Screen::Authorize(authorize)
                        }
                        None => Screen::Credentials,
                    };
                    fail(w, &error, wall)
                }
            }
        }
        Msg::TokensChecked { generation, result, wall } => {
            if generation != w.generation {
                return vec![];
            }
            let Screen::CheckingTokens { tokens, .. } = &w.screen else { return vec![] };
            match result {
                Ok(account) => {
                    w.clock_warning = clock_warning(account.server_date, wall);
                    w.screen = Screen::Save { access: tokens.access(), account, saving_since: None };
                    vec![]
                }
                Err(error) => {
                    w.screen = Screen::Tokens(tokens.clone());
                    fail(w, &error, wall)
                }
            }
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
                    vec![]
                }
                Err(error) => {
                    w.check = Check::Idle;
                    fail(w, &error, wall)
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
                w.notice = Some(format!("The browser did not open ({why}); here is a link for any device."));
                effects
            }
            _ => vec![],
        },
        Msg::SaveDone(result) => {
            let Screen::Save { account, saving_since, .. } = &mut w.screen else { return vec![] };
            *saving_since = None;
            match result {
                Ok(saved) => w.screen = Screen::Done { saved, account: account.clone() },
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
    match w.overlay {
        Some(Overlay::Help) => {
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
        Screen::Exchanging { authorize, .. } => {
            if key == Key::Esc {
                let back = authorize.clone().map_or(Screen::Credentials, Screen::Authorize);
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

fn open_pane(w: &mut Wizard) -> Vec<Effect> {
    w.overlay = Some(Overlay::Troubleshooting { scroll: 0 });
    vec![]
}

fn existing_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    match key {
        Key::Char('c') | Key::Enter if w.check == Check::Idle => check_saved(w, now),
        Key::Enter if matches!(w.check, Check::Passed(_)) => quit(w),
        Key::Char('n') => {
            w.screen = Screen::Credentials;
            vec![]
        }
        _ => vec![],
    }
}

/// One signed `!authuser` call with the saved tokens.
fn check_saved(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    let Some((consumer, access)) = w.context.saved_tokens.clone() else { return vec![] };
    w.check = Check::Running { since: now };
    vec![Effect::CheckSaved { consumer, access }]
}

fn credentials_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    let form = &mut w.form;
    match key {
        Key::Char(c) => form.focused().push(c),
        Key::Backspace => form.focused().backspace(),
        Key::Ctrl('u') => form.focused().clear(),
        Key::Ctrl('r') => form.reveal = !form.reveal,
        Key::Tab | Key::BackTab | Key::Up | Key::Down => form.switch_focus(),
        // Enter goes on: to the secret if it is still empty, else onward.
        Key::Enter if form.focus == Focus::Key && form.secret.cleaned().is_empty() => {
            form.focus = Focus::Secret;
        }
        Key::Enter => return submit_credentials(w, now),
        Key::Ctrl('o') => match missing_credential(w) {
            Some(notice) => w.notice = Some(notice),
            None => w.screen = Screen::Tokens(TokenForm::default()),
        },
        Key::Esc if w.context.saved_tokens.is_some() => w.screen = Screen::Existing,
        _ => {}
    }
    vec![]
}

fn submit_credentials(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    if let Some(notice) = missing_credential(w) {
        w.notice = Some(notice);
        return vec![];
    }
    request_link(w, now)
}

/// Focuses the first empty credential and says so; `None` when both are there.
fn missing_credential(w: &mut Wizard) -> Option<String> {
    let empty = [
        (Focus::Key, "api_key", w.form.key.cleaned().is_empty()),
        (Focus::Secret, "api_secret", w.form.secret.cleaned().is_empty()),
    ];
    let (focus, name, _) = empty.into_iter().find(|(_, _, empty)| *empty)?;
    w.form.focus = focus;
    Some(format!("The {name} is empty: paste it from your SmugMug API keys page."))
}

fn tokens_key(w: &mut Wizard, key: Key, now: Instant) -> Vec<Effect> {
    let Screen::Tokens(form) = &mut w.screen else { return vec![] };
    match key {
        Key::Char(c) => form.focused().push(c),
        Key::Backspace => form.focused().backspace(),
        Key::Ctrl('u') => form.focused().clear(),
        Key::Tab | Key::BackTab | Key::Up | Key::Down => form.switch_focus(),
        Key::Enter if form.focus == Focus::Key && form.secret.cleaned().is_empty() => {
            form.focus = Focus::Secret;
        }
        Key::Enter => {
            let access = form.access();
            let empty = [
                (Focus::Key, "user_token", access.token.is_empty()),
                (Focus::Secret, "user_secret", access.secret.is_empty()),
            ];
            if let Some((focus, name, _)) = empty.into_iter().find(|(_, _, empty)| *empty) {
                form.focus = focus;
                w.notice =
                    Some(format!("The {name} is empty: paste it from SmugMug's Authorized Services page."));
                return vec![];
            }
            let tokens = form.clone();
            w.generation += 1;
            w.screen = Screen::CheckingTokens { tokens, since: now };
            return vec![Effect::CheckTokens {
                generation: w.generation,
                consumer: w.form.consumer(),
                access,
            }];
        }
        Key::Esc => w.screen = Screen::Credentials,
        _ => {}
    }
    vec![]
}

fn request_link(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    w.generation += 1;
    let route = w.route;
    w.screen = Screen::RequestingLink { since: now, route };
    let effect = Effect::RequestLink {
        generation: w.generation,
        consumer: w.form.consumer(),
        scope: w.context.scope,
        route,
    };
    w.retry = Some(effect.clone());
    vec![effect]
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
        Key::Enter if a.link.expired(now) => {
            w.notice = Some("This link has expired: press n for a new one.".into());
        }
        Key::Enter if a.code.is_complete() => {
            let (request, code) = (a.link.request.clone(), a.code.digits.clone());
            let back = Some(a.clone());
            return exchange(w, request, code, back, now);
        }
        Key::Enter => {
            w.notice = Some(format!("The code has six digits; {} typed so far.", a.code.digits.len()));
        }
        Key::Char('n') => return request_link(w, now),
        Key::Char('c') => return vec![Effect::Copy(a.link.url.clone())],
        Key::Char('p') => {
            return vec![Effect::SavePicture { url: a.link.url.clone() }];
        }
        Key::Char('o') if can_open_browser => return vec![Effect::OpenBrowser(a.link.url.clone())],
        Key::Char('o') => {
            a.browser_note = Some(
                "No local browser here (over SSH or no display): scan the QR code or paste the link.".into(),
            );
        }
        Key::Esc => w.screen = Screen::Credentials,
        _ => {}
    }
    vec![]
}

/// getAccessToken with `verifier`; `back` is the Authorize screen to
/// return to (none when the browser brought the verifier).
fn exchange(
    w: &mut Wizard,
    request: RequestToken,
    verifier: String,
    back: Option<Authorize>,
    now: Instant,
) -> Vec<Effect> {
    w.generation += 1;
    let effect =
        Effect::Exchange { generation: w.generation, consumer: w.form.consumer(), request, code: verifier };
    w.screen = Screen::Exchanging { authorize: back, since: now };
    w.retry = Some(effect.clone());
    vec![effect]
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
            "That paste was {} KiB, too long for a key, a secret or a code: copy just the value.",
            text.len() / 1024
        ));
        return;
    }
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
        Key::Char('c') if w.context.saved_tokens.is_some() && !matches!(w.check, Check::Running { .. }) => {
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
        Trouble::Client(d) => Some(d.action),
        Trouble::Save(_) => Some(Action::Retry),
    }
}

fn run_action(w: &mut Wizard, now: Instant) -> Vec<Effect> {
    let Some(action) = suggested_action(w) else { return vec![] };
    w.trouble = None;
    match action {
        Action::ReenterCredentials | Action::ReenterSecret => {
            w.screen = Screen::Credentials;
            w.form.focus = if action == Action::ReenterSecret { Focus::Secret } else { Focus::Key };
            vec![]
        }
        Action::NewLink => request_link(w, now),
        Action::ReenterCode => match &mut w.screen {
            Screen::Authorize(a) => {
                a.code = CodeField::default();
                vec![]
            }
            // The browser brought the verifier: there is no code to retype.
            _ => request_link(w, now),
        },
        Action::Retry => match (&w.screen, w.retry.clone()) {
            (Screen::Save { .. }, _) => save(w, now),
            (Screen::Authorize(a), Some(Effect::Exchange { .. })) if a.link.expired(now) => {
                request_link(w, now)
            }
            (Screen::Authorize(_), Some(Effect::Exchange { .. })) => vec![],
            (_, Some(Effect::RequestLink { .. }) | None) => request_link(w, now),
            (_, Some(other)) => vec![other],
        },
        Action::Quit => quit(w),
    }
}

fn fail(w: &mut Wizard, error: &ClientError, wall: SystemTime) -> Vec<Effect> {
    let diagnosis = diagnose(error, w.context.scope, wall);
    if let Some(warning) = diagnosis.clock_warning() {
        w.clock_warning = Some(warning);
    }
    w.trouble = Some(Trouble::Client(Box::new(diagnosis)));
    w.overlay = Some(Overlay::Troubleshooting { scroll: 0 });
    vec![]
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
