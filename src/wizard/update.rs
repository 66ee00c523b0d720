//! The transition: each message changes the wizard and may ask for work.

use super::{Check, CodeField, Effect, Focus, Key, Msg, Step, Trouble, Wizard};
use super::{EXIT_CANCELLED, EXIT_FAILED, EXIT_SAVED};
use crate::advice::Action;
use crate::diagnose::{CLOCK_WARNING_SECS, clock_sentence, diagnose, offset_secs};
use crate::oauth::ClientError;
use std::time::SystemTime;

/// The transition: applies `msg` and returns the work to do.
pub fn update(w: &mut Wizard, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(Key::Ctrl('c')) => quit(w),
        Msg::Terminate(status) => {
            quit(w);
            w.exit = Some(status);
            vec![Effect::Quit]
        }
        Msg::Key(key) => on_key(w, key),
        Msg::Paste(text) => {
            on_paste(w, &text);
            vec![]
        }
        Msg::Resize => vec![],
        Msg::Tick(now) => {
            w.now = now;
            vec![]
        }
        Msg::LinkReady { generation, result, wall } => {
            if generation != w.generation {
                return vec![];
            }
            w.busy_since = None;
            match result {
                Ok(link) => {
                    note_clock(w, link.request.server_date, wall);
                    let url = link.url.clone();
                    w.now = link.issued;
                    w.link = Some(link);
                    w.code = CodeField::default();
                    w.copied = None;
                    w.browser_note = None;
                    w.step = Step::Authorize;
                    vec![Effect::Copy(url)]
                }
                Err(error) => fail(w, &error, wall, Step::Credentials),
            }
        }
        Msg::Exchanged { generation, result, wall } => {
            if generation != w.generation {
                return vec![];
            }
            w.busy_since = None;
            match result {
                Ok((access, account)) => {
                    note_clock(w, account.server_date, wall);
                    w.access = Some(access);
                    w.account = Some(account);
                    w.step = Step::Save;
                    vec![]
                }
                Err(error) => {
                    w.code = CodeField::default();
                    fail(w, &error, wall, Step::Authorize)
                }
            }
        }
        Msg::Checked { result, wall } => {
            w.busy_since = None;
            match result {
                Ok(account) => {
                    w.notice =
                        Some(format!("The saved credentials work: authorized as {}.", account.label()));
                    w.check = Check::Passed(account);
                    vec![]
                }
                Err(error) => {
                    w.check = Check::Idle;
                    fail(w, &error, wall, Step::Existing)
                }
            }
        }
        Msg::Copied(copied) => {
            w.copied = Some(copied);
            vec![]
        }
        Msg::BrowserFailed(why) => {
            w.browser_note = Some(why);
            vec![]
        }
        Msg::SaveDone(result) => {
            w.busy_since = None;
            match result {
                Ok(saved) => {
                    w.saved = Some(saved);
                    w.step = Step::Done;
                }
                Err(message) => {
                    w.trouble = Some(Trouble::Save(message));
                    w.pane_open = true;
                    w.pane_scroll = 0;
                }
            }
            vec![]
        }
    }
}

fn on_key(w: &mut Wizard, key: Key) -> Vec<Effect> {
    if w.help_open {
        w.help_open = false;
        return vec![];
    }
    if w.pane_open {
        return pane_key(w, key);
    }
    let in_text = w.step == Step::Credentials;
    match key {
        Key::Char('?') => {
            w.help_open = true;
            return vec![];
        }
        Key::Ctrl('t') => {
            w.pane_open = true;
            return vec![];
        }
        Key::Char('t') if !in_text => {
            w.pane_open = true;
            return vec![];
        }
        Key::Char('q') if !in_text => return quit(w),
        _ => {}
    }
    w.notice = None;
    match w.step {
        Step::Existing => existing_key(w, key),
        Step::Credentials => credentials_key(w, key),
        Step::RequestToken => {
            if key == Key::Esc {
                cancel(w, Step::Credentials);
            }
            vec![]
        }
        Step::Authorize => authorize_key(w, key),
        Step::Exchange => {
            if key == Key::Esc {
                cancel(w, Step::Authorize);
            }
            vec![]
        }
        Step::Save => match key {
            Key::Enter | Key::Char('y' | 's') if w.busy_since.is_none() => save(w),
            Key::Esc => {
                w.notice = Some("Press Enter to save, or q to quit without saving.".into());
                vec![]
            }
            _ => vec![],
        },
        Step::Done => match key {
            Key::Enter | Key::Esc => quit(w),
            _ => vec![],
        },
    }
}

fn existing_key(w: &mut Wizard, key: Key) -> Vec<Effect> {
    match key {
        Key::Char('c') | Key::Enter if w.check == Check::Idle => check_saved(w),
        Key::Enter if matches!(w.check, Check::Passed(_)) => quit(w),
        Key::Char('n') => {
            w.step = Step::Credentials;
            vec![]
        }
        _ => vec![],
    }
}

/// One signed `!authuser` call with the saved tokens.
fn check_saved(w: &mut Wizard) -> Vec<Effect> {
    let Some((consumer, access)) = w.saved_tokens.clone() else { return vec![] };
    w.check = Check::Running;
    w.busy_since = Some(w.now);
    vec![Effect::CheckSaved { consumer, access }]
}

fn credentials_key(w: &mut Wizard, key: Key) -> Vec<Effect> {
    let field = match w.focus {
        Focus::Key => &mut w.key,
        Focus::Secret => &mut w.secret,
    };
    match key {
        Key::Char(c) => field.push(c),
        Key::Backspace => field.backspace(),
        Key::Ctrl('u') => field.clear(),
        Key::Ctrl('r') => w.reveal = !w.reveal,
        Key::Tab | Key::BackTab | Key::Up | Key::Down => {
            w.focus = if w.focus == Focus::Key { Focus::Secret } else { Focus::Key };
        }
        // Enter goes on: to the secret if it is still empty, else onward.
        Key::Enter if w.focus == Focus::Key && w.secret.cleaned().is_empty() => w.focus = Focus::Secret,
        Key::Enter => return submit_credentials(w),
        Key::Esc if w.saved_tokens.is_some() => w.step = Step::Existing,
        _ => {}
    }
    vec![]
}

fn submit_credentials(w: &mut Wizard) -> Vec<Effect> {
    if w.key.cleaned().is_empty() {
        w.focus = Focus::Key;
        w.notice = Some("The api_key is empty: paste it from your SmugMug API keys page.".into());
        return vec![];
    }
    if w.secret.cleaned().is_empty() {
        w.focus = Focus::Secret;
        w.notice = Some("The api_secret is empty: paste it from your SmugMug API keys page.".into());
        return vec![];
    }
    request_link(w)
}

fn request_link(w: &mut Wizard) -> Vec<Effect> {
    w.generation += 1;
    w.step = Step::RequestToken;
    w.busy_since = Some(w.now);
    w.link = None;
    let effect = Effect::RequestLink { generation: w.generation, consumer: w.consumer(), scope: w.scope };
    w.last_call = Some(effect.clone());
    vec![effect]
}

fn authorize_key(w: &mut Wizard, key: Key) -> Vec<Effect> {
    match key {
        Key::Char(c) if c.is_ascii_digit() => w.code.accept(&c.to_string()),
        Key::Char(' ' | '-') => {}
        Key::Backspace => {
            w.code.digits.pop();
        }
        Key::Enter if w.link_expired() => {
            w.notice = Some("This link has expired: press n for a new one.".into());
        }
        Key::Enter if w.code.is_complete() => return exchange(w),
        Key::Enter => {
            w.notice = Some(format!("The code has six digits; {} typed so far.", w.code.digits.len()));
        }
        Key::Char('n') => return request_link(w),
        Key::Char('c') => {
            if let Some(link) = &w.link {
                return vec![Effect::Copy(link.url.clone())];
            }
        }
        Key::Char('o') if w.can_open_browser => {
            if let Some(link) = &w.link {
                return vec![Effect::OpenBrowser(link.url.clone())];
            }
        }
        Key::Char('o') => {
            w.browser_note = Some(
                "No local browser here (over SSH or no display): scan the QR code or paste the link.".into(),
            );
        }
        Key::Esc => {
            w.link = None;
            w.step = Step::Credentials;
        }
        _ => {}
    }
    vec![]
}

fn exchange(w: &mut Wizard) -> Vec<Effect> {
    let Some(link) = &w.link else { return vec![] };
    w.generation += 1;
    w.step = Step::Exchange;
    w.busy_since = Some(w.now);
    let effect = Effect::Exchange {
        generation: w.generation,
        consumer: w.consumer(),
        request: link.request.clone(),
        code: w.code.digits.clone(),
    };
    w.last_call = Some(effect.clone());
    vec![effect]
}

fn save(w: &mut Wizard) -> Vec<Effect> {
    let Some(credentials) = w.credentials() else { return vec![] };
    w.busy_since = Some(w.now);
    vec![Effect::Save(credentials)]
}

fn on_paste(w: &mut Wizard, text: &str) {
    if w.pane_open || w.help_open {
        return;
    }
    match w.step {
        Step::Credentials => match w.focus {
            Focus::Key => w.key.paste(text),
            Focus::Secret => w.secret.paste(text),
        },
        Step::Authorize => {
            w.code = CodeField::default();
            w.code.accept(text);
        }
        _ => {}
    }
}

fn pane_key(w: &mut Wizard, key: Key) -> Vec<Effect> {
    match key {
        Key::Down | Key::Char('j') => w.pane_scroll = w.pane_scroll.saturating_add(1),
        Key::Up | Key::Char('k') => w.pane_scroll = w.pane_scroll.saturating_sub(1),
        Key::Esc | Key::Ctrl('t') | Key::Char('t') => w.pane_open = false,
        Key::Char('q') => return quit(w),
        Key::Char('c') if w.saved_tokens.is_some() && w.check != Check::Running => {
            w.pane_open = false;
            return check_saved(w);
        }
        Key::Enter => {
            w.pane_open = false;
            return run_action(w);
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

fn run_action(w: &mut Wizard) -> Vec<Effect> {
    let Some(action) = suggested_action(w) else { return vec![] };
    let signature = matches!(&w.trouble, Some(Trouble::Client(d)) if d.advice.key == "signature_invalid");
    w.trouble = None;
    match action {
        Action::ReenterCredentials => {
            w.step = Step::Credentials;
            w.focus = if signature { Focus::Secret } else { Focus::Key };
            vec![]
        }
        Action::NewLink => request_link(w),
        Action::ReenterCode => {
            w.step = Step::Authorize;
            w.code = CodeField::default();
            vec![]
        }
        Action::Retry if w.step == Step::Save => save(w),
        Action::Retry => match w.last_call.clone() {
            Some(Effect::RequestLink { .. }) | None => request_link(w),
            Some(Effect::Exchange { .. }) if w.link_expired() => request_link(w),
            Some(Effect::Exchange { .. }) => {
                w.step = Step::Authorize;
                vec![]
            }
            Some(other) => vec![other],
        },
        Action::Quit => quit(w),
    }
}

fn fail(w: &mut Wizard, error: &ClientError, wall: SystemTime, back_to: Step) -> Vec<Effect> {
    let diagnosis = diagnose(error, w.scope, wall);
    if let Some(offset) = diagnosis.clock_offset.filter(|o| o.abs() > CLOCK_WARNING_SECS) {
        w.clock_warning = Some(clock_sentence(offset));
    }
    w.trouble = Some(Trouble::Client(diagnosis));
    w.pane_open = true;
    w.pane_scroll = 0;
    w.step = back_to;
    vec![]
}

fn note_clock(w: &mut Wizard, server_date: Option<SystemTime>, wall: SystemTime) {
    let offset = server_date.map(|d| offset_secs(d, wall));
    w.clock_warning = offset.filter(|o| o.abs() > CLOCK_WARNING_SECS).map(clock_sentence);
}

fn cancel(w: &mut Wizard, back_to: Step) {
    w.generation += 1;
    w.busy_since = None;
    w.step = back_to;
    w.notice = Some("Cancelled.".into());
}

fn quit(w: &mut Wizard) -> Vec<Effect> {
    w.exit = Some(if w.saved.is_some() || matches!(w.check, Check::Passed(_)) {
        EXIT_SAVED
    } else if w.trouble.is_some() {
        EXIT_FAILED
    } else {
        EXIT_CANCELLED
    });
    vec![Effect::Quit]
}
