//! The wizard's state and its pure transition, `update(&mut Wizard, Msg)
//! -> Vec<Effect>`. No terminal, network, file system or async runtime
//! here: effects are described and run elsewhere, and their results come
//! back as messages, so every transition is testable as plain data.

mod field;

pub use field::{CodeField, Key, TextField};

use crate::advice::Action;
use crate::config::{Credentials, Saved, Stored};
use crate::diagnose::{CLOCK_WARNING_SECS, Diagnosis, clock_sentence, diagnose, offset_secs};
use crate::oauth::{AccessToken, Account, ClientError, Consumer, RequestToken, Scope};
use crate::source::{Prefill, Source};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

/// SmugMug request tokens last five minutes.
pub const LINK_LIFETIME: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Saved tokens exist: offer to check them before starting over.
    Existing,
    Credentials,
    RequestToken,
    /// The link, its QR code and the code field.
    Authorize,
    Exchange,
    Save,
    Done,
}

impl Step {
    /// The steps in the step bar, with their short names.
    pub const BAR: [(Step, &'static str); 5] = [
        (Step::Credentials, "Key"),
        (Step::RequestToken, "Link"),
        (Step::Authorize, "Authorize"),
        (Step::Exchange, "Verify"),
        (Step::Save, "Save"),
    ];

    /// Position in the bar (`Existing` before the first, `Done` after the last).
    pub fn position(self) -> usize {
        match self {
            Step::Existing | Step::Credentials => 0,
            Step::RequestToken => 1,
            Step::Authorize => 2,
            Step::Exchange => 3,
            Step::Save => 4,
            Step::Done => 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Key,
    Secret,
}

/// How the authorize URL reached the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard (arboard).
    System,
    /// An OSC 52 escape to the terminal, wrapped for a multiplexer if named.
    Osc52 {
        multiplexer: Option<&'static str>,
    },
    Failed(String),
}

/// What the troubleshooting pane explains.
#[derive(Debug, Clone, PartialEq)]
pub enum Trouble {
    Client(Diagnosis),
    Save(String),
}

/// A request token turned into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub request: RequestToken,
    pub url: String,
    pub issued: Instant,
    /// Only the demo knows the code its page would show.
    pub demo_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Idle,
    Running,
    Passed(Account),
}

/// Everything the wizard starts from.
pub struct Setup {
    pub prefill: Prefill,
    pub stored: Option<Stored>,
    pub scope: Scope,
    pub config_path: PathBuf,
    pub config_exists: bool,
    /// A warning about the config file, shown on the first screen.
    pub config_note: Option<String>,
    /// A browser can be opened here (local display, not over SSH).
    pub can_open_browser: bool,
    pub now: Instant,
}

pub struct Wizard {
    pub step: Step,
    pub key: TextField,
    pub secret: TextField,
    pub focus: Focus,
    pub reveal: bool,
    pub key_source: Option<Source>,
    pub secret_source: Option<Source>,
    pub saved_tokens: Option<(Consumer, AccessToken)>,
    pub check: Check,
    pub scope: Scope,
    pub config_path: PathBuf,
    pub config_exists: bool,
    pub config_note: Option<String>,
    pub can_open_browser: bool,
    pub link: Option<Link>,
    pub code: CodeField,
    pub account: Option<Account>,
    access: Option<AccessToken>,
    pub copied: Option<Copied>,
    pub browser_note: Option<String>,
    /// A one-line hint for the person, replaced by the next.
    pub notice: Option<String>,
    pub busy_since: Option<Instant>,
    pub trouble: Option<Trouble>,
    pub pane_open: bool,
    /// Lines scrolled in the pane, for small terminals.
    pub pane_scroll: u16,
    pub help_open: bool,
    pub clock_warning: Option<String>,
    pub saved: Option<Saved>,
    pub now: Instant,
    /// Bumped on cancel, so a late result of a cancelled task is ignored.
    pub generation: u64,
    /// The last network effect, for "try again".
    last_call: Option<Effect>,
    /// Set when the wizard should end: the process exit status.
    pub exit: Option<u8>,
}

/// Everything that can happen to the wizard.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(Key),
    /// Bracketed paste.
    Paste(String),
    /// The terminal changed size: nothing to update, but redraw.
    Resize,
    /// A second passed (sent only while a countdown or spinner shows).
    Tick(Instant),
    /// SIGTERM or SIGHUP.
    Terminate,
    /// The request token arrived and its authorize URL was built.
    LinkReady {
        generation: u64,
        result: Result<Link, ClientError>,
        wall: SystemTime,
    },
    /// getAccessToken and `!authuser` finished.
    Exchanged {
        generation: u64,
        result: Result<(AccessToken, Account), ClientError>,
        wall: SystemTime,
    },
    /// The check of saved tokens finished.
    Checked {
        result: Result<Account, ClientError>,
        wall: SystemTime,
    },
    Copied(Copied),
    /// The browser could not be opened (why).
    BrowserFailed(String),
    /// The config was saved, or why not (the message says where the credentials went).
    SaveDone(Result<Saved, String>),
}

/// Work for the effects runner; each comes back as a `Msg`.
#[derive(Debug, Clone)]
pub enum Effect {
    RequestLink { generation: u64, consumer: Consumer, scope: Scope },
    Exchange { generation: u64, consumer: Consumer, request: RequestToken, code: String },
    CheckSaved { consumer: Consumer, access: AccessToken },
    Copy(String),
    OpenBrowser(String),
    Save(Credentials),
    Quit,
}

pub const EXIT_SAVED: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_CANCELLED: u8 = 130;

impl Wizard {
    pub fn new(setup: Setup) -> Self {
        let stored = setup.stored.unwrap_or_default();
        let (key, key_source) = split(setup.prefill.key);
        let (secret, secret_source) = split(setup.prefill.secret.map(|(k, s)| (k.expose().to_owned(), s)));
        let saved_tokens =
            match (&stored.api_key, &stored.api_secret, &stored.user_token, &stored.user_secret) {
                (Some(k), Some(s), Some(t), Some(ts)) => Some((
                    Consumer { key: k.clone(), secret: s.clone() },
                    AccessToken { token: t.clone(), secret: ts.clone() },
                )),
                _ => None,
            };
        let focus = if key.value.is_empty() || !secret.value.is_empty() { Focus::Key } else { Focus::Secret };
        Wizard {
            step: if saved_tokens.is_some() { Step::Existing } else { Step::Credentials },
            key,
            secret,
            focus,
            reveal: false,
            key_source,
            secret_source,
            saved_tokens,
            check: Check::Idle,
            scope: setup.scope,
            config_path: setup.config_path,
            config_exists: setup.config_exists,
            config_note: setup.config_note,
            can_open_browser: setup.can_open_browser,
            link: None,
            code: CodeField::default(),
            account: None,
            access: None,
            copied: None,
            browser_note: None,
            notice: None,
            busy_since: None,
            trouble: None,
            pane_open: false,
            pane_scroll: 0,
            help_open: false,
            clock_warning: None,
            saved: None,
            now: setup.now,
            generation: 0,
            last_call: None,
            exit: None,
        }
    }

    /// Seconds left on the current link, if there is one.
    pub fn link_remaining(&self) -> Option<Duration> {
        self.link.as_ref().map(|l| LINK_LIFETIME.saturating_sub(self.now.saturating_duration_since(l.issued)))
    }

    pub fn link_expired(&self) -> bool {
        self.link_remaining().is_some_and(|r| r.is_zero())
    }

    /// A 1 Hz tick is needed only while a spinner or a countdown shows.
    pub fn needs_tick(&self) -> bool {
        self.busy_since.is_some() || (self.step == Step::Authorize && !self.link_expired())
    }

    /// The four credentials once the exchange succeeded.
    pub fn credentials(&self) -> Option<Credentials> {
        let access = self.access.as_ref()?;
        Some(Credentials {
            api_key: self.key.cleaned(),
            api_secret: crate::secret::Secret::new(self.secret.cleaned()),
            user_token: access.token.clone(),
            user_secret: access.secret.clone(),
        })
    }

    fn consumer(&self) -> Consumer {
        Consumer { key: self.key.cleaned(), secret: crate::secret::Secret::new(self.secret.cleaned()) }
    }
}

fn split(prefill: Option<(String, Source)>) -> (TextField, Option<Source>) {
    match prefill {
        Some((value, source)) => (TextField::prefilled(value), Some(source)),
        None => (TextField::default(), None),
    }
}

/// The transition: applies `msg` and returns the work to do.
pub fn update(w: &mut Wizard, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(Key::Ctrl('c')) | Msg::Terminate => quit(w),
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
        Key::Char('c') | Key::Enter if w.check == Check::Idle => {
            let Some((consumer, access)) = w.saved_tokens.clone() else { return vec![] };
            w.check = Check::Running;
            w.busy_since = Some(w.now);
            vec![Effect::CheckSaved { consumer, access }]
        }
        Key::Enter if matches!(w.check, Check::Passed(_)) => quit(w),
        Key::Char('n') => {
            w.step = Step::Credentials;
            vec![]
        }
        _ => vec![],
    }
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
