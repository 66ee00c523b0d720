//! Every screen drawn into a TestBackend at 80x24 and 120x40 (insta
//! snapshots), and the QR code read back from the cells. The README's
//! pictures (assets/*.svg) are drawn from the same states.

mod support;
mod svg;

use support::Sim;

use qrcode::{EcLevel, QrCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use smugmug_auth::config::{Saved, Stored};
use smugmug_auth::oauth::{
    AccessToken, Account, ClientError, Endpoint, OAuthProblem, ReplyInfo, RequestToken,
};
use smugmug_auth::prefill::{Prefill, Source};
use smugmug_auth::secret::Secret;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Copied, Effect, Key, Link, Msg, Route, Wizard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz012345";
const URL: &str = "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=Tk7Qx2mB9pL4wR8tY6nC1hJ5sF3dG0aZ&Access=Full&Permissions=Modify";
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn wizard(stored: Option<Stored>) -> Sim {
    let prefill = Prefill {
        key: Some((KEY.into(), Source::Env("SMUGMUG_API_KEY"))),
        secret: Some((
            Secret::new("s".repeat(64)),
            Source::Config("/home/ann/.smugvision/config.yaml".into()),
        )),
    };
    Sim::new(Wizard::new(support::wizard::setup(prefill, stored)))
}

fn generation(effects: &[Effect]) -> u64 {
    match effects {
        [Effect::RequestLink { generation, .. } | Effect::Exchange { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    }
}

fn authorize() -> Sim {
    let mut w = wizard(None);
    let g = generation(&w.send(Msg::Key(Key::Enter)));
    let link = Link::new(
        RequestToken { token: "Tk7Q".into(), secret: Secret::new("x"), server_date: None },
        (format!("{URL}&allowThirdPartyLogin=1"), URL.into()),
        w.now,
        Some("123456".into()),
        Route::Code,
    );
    w.send(Msg::LinkReady { generation: g, result: Ok(link), wall: SystemTime::now() });
    w.send(Msg::Copied(Copied::Osc52 { multiplexer: Some("tmux") }));
    w.wait(28);
    w.send(Msg::Paste("12 3".into()));
    w
}

fn save() -> Sim {
    let mut w = authorize();
    w.send(Msg::Paste("123456".into()));
    let g = generation(&w.send(Msg::Key(Key::Enter)));
    let access = AccessToken { token: "u".repeat(32), secret: Secret::new("v".repeat(64)) };
    let account = Account { nickname: "ann".into(), name: "Ann Example".into(), server_date: None };
    w.send(Msg::Exchanged { generation: g, result: Ok((access, account)), wall: SystemTime::now() });
    w
}

fn signature_invalid() -> Sim {
    let mut w = wizard(None);
    let g = generation(&w.send(Msg::Key(Key::Enter)));
    let ours = "GET&https%3A%2F%2Fapi.smugmug.com%2Fservices%2Foauth%2F1.0a%2FgetRequestToken&oauth_callback%3Doob%26oauth_consumer_key%3Dabc";
    let server_date = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let error = refusal("signature_invalid", Some(ours), ours, Some(server_date));
    let wall = UNIX_EPOCH + Duration::from_secs(1_800_000_000 - 600);
    w.send(Msg::LinkReady { generation: g, result: Err(error), wall });
    w
}

/// A 401 `oauth_problem` reply to the request-token call.
fn refusal(
    problem: &str,
    debug_sbs: Option<&str>,
    ours: &str,
    server_date: Option<SystemTime>,
) -> ClientError {
    ClientError::OAuth(Box::new(OAuthProblem {
        problem: problem.into(),
        debug_sbs: debug_sbs.map(Into::into),
        parameters_absent: None,
        acceptable_timestamps: None,
        advice: None,
        reply: ReplyInfo {
            endpoint: Endpoint::RequestToken,
            status: 401,
            server_date,
            retry_after: None,
            our_base_string: ours.into(),
        },
    }))
}

fn render(w: &Sim, (cols, rows): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: true, links: false })).unwrap();
    terminal
}

fn snapshot(name: &str, w: &Sim) {
    for size in SIZES {
        let terminal = render(w, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
    }
    picture(name, w);
}

/// assets/NAME.svg, the 80x24 screen as the README shows it. Written with
/// `UPDATE_SCREENSHOTS=1 cargo test --test screens`; otherwise checked.
fn picture(name: &str, w: &Sim) {
    if !["credentials", "authorize", "pane_signature_invalid", "save", "done"].contains(&name) {
        return;
    }
    let svg = svg::render(render(w, (80, 24)).backend().buffer());
    let path = format!("{}/assets/{name}.svg", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        std::fs::write(&path, &svg).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == svg, "{path} is stale: run `UPDATE_SCREENSHOTS=1 cargo test --test screens`");
}

#[test]
fn credentials() {
    snapshot("credentials", &wizard(None));
    let mut w = wizard(None);
    w.send(Msg::Key(Key::Ctrl('u')));
    w.send(Msg::Paste("abc123...".into()));
    w.send(Msg::Key(Key::Tab));
    w.send(Msg::Key(Key::Ctrl('r')));
    snapshot("credentials_with_warnings", &w);
}

#[test]
fn existing_tokens() {
    let stored = Stored {
        api_key: Some(KEY.into()),
        api_secret: Some(Secret::new("s".repeat(64))),
        user_token: Some("t".repeat(32)),
        user_secret: Some(Secret::new("u".repeat(64))),
        problems: vec![],
    };
    snapshot("existing", &wizard(Some(stored)));
}

#[test]
fn waiting_for_the_request_token() {
    let mut w = wizard(None);
    w.send(Msg::Key(Key::Enter));
    w.wait(2);
    snapshot("request_token", &w);
}

#[test]
fn waiting_for_the_browser_and_then_saying_what_may_keep_it() {
    let mut w = wizard(None);
    w.w.route = Route::Browser;
    let g = generation(&w.send(Msg::Key(Key::Enter)));
    let request = RequestToken { token: "Tk7Q".into(), secret: Secret::new("x"), server_date: None };
    let link = Link::new(request, (URL.into(), URL.into()), w.now, None, Route::Browser);
    w.send(Msg::LinkReady { generation: g, result: Ok(link), wall: SystemTime::now() });
    w.wait(3);
    snapshot("browser_wait", &w);
    w.wait(60);
    snapshot("browser_wait_long", &w);
}

#[test]
fn tokens_you_already_have() {
    let mut w = wizard(None);
    w.send(Msg::Key(Key::Ctrl('o')));
    w.send(Msg::Paste("Tk7Qx2mB9pL4wR8tY6nC1hJ5sF3dG0aZ".into()));
    w.send(Msg::Key(Key::Enter));
    w.send(Msg::Paste("u".repeat(64)));
    snapshot("tokens", &w);
}

#[test]
fn authorize_screen() {
    snapshot("authorize", &authorize());
}

#[test]
fn exchange_save_and_done() {
    let mut w = authorize();
    w.send(Msg::Paste("123456".into()));
    w.send(Msg::Key(Key::Enter));
    snapshot("exchange", &w);
    let mut w = save();
    snapshot("save", &w);
    w.send(Msg::Key(Key::Enter));
    let saved = Saved {
        path: "/home/ann/.smugvision/config.yaml".into(),
        backup: Some("/home/ann/.smugvision/config.yaml.bak".into()),
        other_links: 0,
    };
    w.send(Msg::SaveDone(Ok(saved)));
    snapshot("done", &w);
}

#[test]
fn troubleshooting_and_help() {
    snapshot("pane_signature_invalid", &signature_invalid());
    let mut w = authorize();
    w.send(Msg::Key(Key::Char('t')));
    snapshot("pane_general", &w);
    let mut w = authorize();
    w.send(Msg::Key(Key::Char('?')));
    snapshot("help", &w);
}

#[test]
fn too_small() {
    let terminal = render(&authorize(), (50, 12));
    insta::assert_snapshot!("too_small_50x12", terminal.backend());
    // `?` there opens help that cannot be drawn: the screen says so, and
    // that any key closes it (the key that does is not lost unexplained).
    let mut w = authorize();
    w.send(Msg::Key(Key::Char('?')));
    let shown = format!("{:?}", render(&w, (50, 12)).backend());
    assert!(shown.contains("any key closes it"), "{shown}");
}

/// Reads the QR modules back from the cells' glyphs (ink = dark).
fn modules_from(buffer: &Buffer, x0: u16, y0: u16, side: usize) -> Vec<bool> {
    let mut modules = vec![false; side * side];
    for y in 0..side {
        for x in 0..side {
            let cell = &buffer[(x0 + x as u16, y0 + (y / 2) as u16)];
            let (top, bottom) = match cell.symbol() {
                "█" => (true, true),
                "▀" => (true, false),
                "▄" => (false, true),
                _ => (false, false),
            };
            modules[y * side + x] = if y % 2 == 0 { top } else { bottom };
            assert_eq!(cell.fg, Color::Indexed(16), "dark modules: the colour cube's black");
            let behind = if cell.symbol() == "█" { Color::Indexed(16) } else { Color::Indexed(231) };
            assert_eq!(
                cell.bg, behind,
                "light modules: the cube's white; a full-dark cell is dark behind too"
            );
        }
    }
    modules
}

/// 80x24 has room for the password-only link's code (version 6, quiet
/// zone 2: 45x23 cells); 120x40 for the full link's (version 7, the
/// standard quiet zone of 4), which also offers Facebook, Google and Apple.
#[test]
fn qr_on_screen_matches_the_qrcode_matrix() {
    let full = format!("{URL}&allowThirdPartyLogin=1");
    for ((cols, rows), text, version_width, quiet) in
        [((80, 24), URL, 41, 2), ((120, 40), full.as_str(), 45, 4)]
    {
        let code = QrCode::with_error_correction_level(text, EcLevel::L).unwrap();
        let width = code.width();
        assert_eq!(width, version_width, "{} characters", text.len());
        let expected: Vec<bool> = code.to_colors().iter().map(|c| *c == qrcode::Color::Dark).collect();
        let terminal = render(&authorize(), (cols, rows));
        let side = width + 2 * quiet;
        let top = (rows - side.div_ceil(2) as u16) / 2;
        let modules = modules_from(terminal.backend().buffer(), 0, top, side);
        for y in 0..side {
            for x in 0..side {
                let inside = (quiet..quiet + width).contains(&x) && (quiet..quiet + width).contains(&y);
                let want = inside && expected[(y - quiet) * width + (x - quiet)];
                assert_eq!(modules[y * side + x], want, "module ({x},{y}) at {cols}x{rows}");
            }
        }
    }
}

#[test]
fn no_secret_is_drawn() {
    for w in [wizard(None), save(), signature_invalid()] {
        for size in SIZES {
            let text = format!("{}", render(&w, size).backend());
            assert!(!text.contains(&"s".repeat(24)), "the api_secret was drawn");
            assert!(!text.contains(&"v".repeat(16)), "the user_secret was drawn");
        }
    }
}

#[test]
fn every_advice_entry_fits_the_pane_with_its_action() {
    for advice in smugmug_auth::advice::TABLE {
        let mut w = wizard(None);
        let g = generation(&w.send(Msg::Key(Key::Enter)));
        let error = refusal(advice.key, None, "GET&x&y", None);
        w.send(Msg::LinkReady { generation: g, result: Err(error), wall: SystemTime::now() });
        let screen = format!("{}", render(&w, (80, 24)).backend());
        let first_words: String = advice.meaning.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        assert!(screen.contains(&first_words), "{}: meaning not shown\n{screen}", advice.key);
        assert!(screen.contains("Esc close"), "{}: keys not shown", advice.key);
    }
}
