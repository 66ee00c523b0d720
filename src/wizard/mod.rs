//! The wizard's state and its pure transition, `update(&mut Wizard, Msg)
//! -> Vec<Effect>`. No terminal, network, file system or async runtime
//! here: effects are described and run elsewhere, and their results come
//! back as messages, so every transition is testable as plain data.

mod field;
mod update;

pub use field::{CodeField, Key, TextField};
pub use update::{suggested_action, update};

use crate::config::{Credentials, Saved, Stored};
use crate::diagnose::Diagnosis;
use crate::oauth::{AccessToken, Account, ClientError, Consumer, RequestToken, Scope};
use crate::qr::QrMatrix;
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
    /// The URL's QR code, encoded once here rather than on every redraw.
    pub qr: Option<QrMatrix>,
    pub issued: Instant,
    /// Only the demo knows the code its page would show.
    pub demo_code: Option<String>,
}

impl Link {
    pub fn new(request: RequestToken, url: String, issued: Instant, demo_code: Option<String>) -> Self {
        Link { qr: QrMatrix::encode(&url), request, url, issued, demo_code }
    }
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
    pub(crate) access: Option<AccessToken>,
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
    pub(crate) last_call: Option<Effect>,
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
    /// The outside world asks us to stop (a signal, the console window
    /// closing): exit with this status (143 SIGTERM, 129 SIGHUP or close).
    Terminate(u8),
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

    pub(crate) fn consumer(&self) -> Consumer {
        Consumer { key: self.key.cleaned(), secret: crate::secret::Secret::new(self.secret.cleaned()) }
    }
}

fn split(prefill: Option<(String, Source)>) -> (TextField, Option<Source>) {
    match prefill {
        Some((value, source)) => (TextField::prefilled(value), Some(source)),
        None => (TextField::default(), None),
    }
}
