//! A wizard driven as plain data: its setups, and the steps most tests
//! take to reach a screen.

use super::Sim;
use smugmug_auth::config::Stored;
use smugmug_auth::oauth::{Account, ClientError, Endpoint, OAuthProblem, ReplyInfo, RequestToken, Scope};
use smugmug_auth::prefill::{Prefill, Source};
use smugmug_auth::qr::QrStyle;
use smugmug_auth::secret::Secret;
use smugmug_auth::wizard::{Context, Effect, Key, Link, Msg, Overlay, Route, Setup, Step, Wizard};
use std::path::PathBuf;
use std::time::SystemTime;

pub const KEY: &str = "abcdefghijklmnopqrstuvwxyz012345";

pub fn secret() -> String {
    "S".repeat(64)
}

/// The context most tests start from: a config at Ann's home, the code
/// path, the small QR style.
pub fn context() -> Context {
    Context {
        scope: Scope::default(),
        config_path: PathBuf::from("/home/ann/.smugvision/config.yaml"),
        config_exists: true,
        warnings: Vec::new(),
        can_open_browser: false,
        qr: Some(QrStyle::Small),
        qr_png_at_once: false,
        wants_qr: false,
        not_smugmug: None,
        rerun: Default::default(),
    }
}

pub fn setup(prefill: Prefill, stored: Option<Stored>) -> Setup {
    Setup { prefill, stored, context: context() }
}

pub fn fresh() -> Sim {
    Sim::new(Wizard::new(setup(Prefill::default(), None)))
}

pub fn prefilled() -> Sim {
    let prefill = Prefill {
        key: Some((KEY.into(), Source::Env("SMUGMUG_API_KEY"))),
        secret: Some((Secret::new(secret()), Source::Env("SMUGMUG_API_SECRET"))),
    };
    Sim::new(Wizard::new(setup(prefill, None)))
}

pub fn prefilled_with_saved_tokens() -> Sim {
    let prefill = Prefill {
        key: Some((KEY.into(), Source::Config("/home/ann/.smugvision/config.yaml".into()))),
        secret: Some((Secret::new(secret()), Source::Config("/home/ann/.smugvision/config.yaml".into()))),
    };
    Sim::new(Wizard::new(setup(prefill, Some(w_stored()))))
}

pub fn pane_open(w: &Sim) -> bool {
    matches!(w.overlay, Some(Overlay::Troubleshooting { .. }))
}

pub fn key(w: &mut Sim, k: Key) -> Vec<Effect> {
    w.send(Msg::Key(k))
}

pub fn typed(w: &mut Sim, text: &str) {
    for c in text.chars() {
        key(w, Key::Char(c));
    }
}

pub fn link(w: &Sim) -> Link {
    let url =
        "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=rt&Access=Full&Permissions=Modify";
    Link::new(
        RequestToken { token: "rt".into(), secret: Secret::new("rts"), server_date: None },
        (format!("{url}&allowThirdPartyLogin=1"), url.into()),
        w.now,
        None,
        Route::Code,
    )
}

pub fn problem(name: &str, endpoint: Endpoint) -> ClientError {
    ClientError::OAuth(Box::new(OAuthProblem {
        problem: name.into(),
        debug_sbs: None,
        parameters_absent: None,
        acceptable_timestamps: None,
        advice: None,
        reply: ReplyInfo {
            endpoint,
            status: 401,
            server_date: None,
            retry_after: None,
            our_base_string: "GET&x&y".into(),
        },
    }))
}

pub fn account() -> Account {
    Account { nickname: "ann".into(), name: "Ann Example".into(), server_date: None }
}

/// Presses Enter on the credentials; returns the request's generation.
pub fn start_request(w: &mut Sim) -> u64 {
    match key(w, Key::Enter).as_slice() {
        [Effect::RequestLink { generation, .. }] => *generation,
        other => panic!("expected a request, got {other:?}"),
    }
}

/// Drives a wizard to the Authorize screen; returns the link's generation.
pub fn to_authorize(w: &mut Sim) -> u64 {
    let effects = key(w, Key::Enter);
    let Some(Effect::RequestLink { generation, .. }) = effects.first().cloned() else {
        panic!("expected a request, got {effects:?}")
    };
    let link = link(w);
    let effects = w.send(Msg::LinkReady { generation, result: Ok(link.clone()), wall: SystemTime::now() });
    assert!(matches!(effects.as_slice(), [Effect::Copy(url)] if *url == link.url));
    generation
}

pub fn w_stored() -> Stored {
    Stored {
        api_key: Some(KEY.into()),
        api_secret: Some(Secret::new(secret())),
        user_token: Some("t".repeat(32)),
        user_secret: Some(Secret::new("u".repeat(64))),
        problems: vec![],
    }
}

/// A wizard on a desktop (a display, not over SSH), credentials filled in.
pub fn on_a_desktop() -> Sim {
    let mut setup = setup(Prefill::default(), None);
    setup.context.can_open_browser = true;
    setup.prefill = Prefill {
        key: Some((KEY.into(), Source::Typed)),
        secret: Some((Secret::new(secret()), Source::Typed)),
    };
    Sim::new(Wizard::new(setup))
}

pub fn browser_link(w: &Sim) -> Link {
    let request = RequestToken { token: "rt".into(), secret: Secret::new("rts"), server_date: None };
    let url = "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=rt".to_owned();
    Link::new(request, (url.clone(), url), w.now, None, Route::Browser)
}

/// Enter on the credentials, and the callback link arrives.
pub fn to_browser_wait(w: &mut Sim) -> u64 {
    let generation = match key(w, Key::Enter).as_slice() {
        [Effect::RequestLink { generation, route: Route::Browser, .. }] => *generation,
        other => panic!("expected a request for a callback link, got {other:?}"),
    };
    assert_eq!(w.listening(w.now), Some(generation), "the listener runs while the link is asked for");
    let link = browser_link(w);
    let effects = w.send(Msg::LinkReady { generation, result: Ok(link.clone()), wall: SystemTime::now() });
    assert!(matches!(effects.as_slice(), [Effect::OpenBrowser(url)] if *url == link.url), "{effects:?}");
    assert_eq!(w.step(), Step::AuthorizeInBrowser);
    assert!(link.qr.is_none(), "a phone could not follow a link bound to this machine's loopback");
    generation
}

/// Ctrl-O on the credentials, then the two tokens pasted.
pub fn to_pasted_tokens(w: &mut Sim) {
    key(w, Key::Ctrl('o'));
    assert_eq!(w.step(), Step::Tokens);
    w.send(Msg::Paste("  'tok32'\n".into()));
    key(w, Key::Enter);
    w.send(Msg::Paste("tokensecret".into()));
}
