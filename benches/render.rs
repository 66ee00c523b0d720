//! Render time of the Authorize screen (QR included) and of the QR matrix.
//! Run: `cargo bench --bench render`. No extra crates: a warm-up, then the
//! median of many timed batches.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use smugmug_auth::oauth::{RequestToken, Scope};
use smugmug_auth::prefill::{Prefill, Source};
use smugmug_auth::qr::QrMatrix;
use smugmug_auth::qr::QrStyle;
use smugmug_auth::secret::Secret;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Context, Effect, Key, Link, Msg, Route, Setup, Wizard, update};
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

const URL: &str = "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=Tk7Qx2mB9pL4wR8tY6nC1hJ5sF3dG0aZ&Access=Full&Permissions=Modify";

fn authorize() -> Wizard {
    let mut w = Wizard::new(Setup {
        prefill: Prefill {
            key: Some(("k".repeat(32), Source::Typed)),
            secret: Some((Secret::new("s".repeat(64)), Source::Typed)),
        },
        stored: None,
        context: Context {
            scope: Scope::default(),
            config_path: "/home/ann/.smugvision/config.yaml".into(),
            config_exists: true,
            warnings: Vec::new(),
            can_open_browser: false,
            qr: Some(QrStyle::Small),
            qr_png_at_once: false,
            wants_qr: false,
            not_smugmug: None,
            rerun: Default::default(),
        },
    });
    let now = Instant::now();
    let Some(Effect::RequestLink { generation, .. }) = update(&mut w, Msg::Key(Key::Enter), now).pop() else {
        panic!("no request")
    };
    let link = Link::new(
        RequestToken { token: "t".into(), secret: Secret::new("x"), server_date: None },
        (format!("{URL}&allowThirdPartyLogin=1"), URL.into()),
        now,
        None,
        Route::Code,
    );
    update(&mut w, Msg::LinkReady { generation, result: Ok(link), wall: SystemTime::now() }, now);
    w
}

/// Median time per call over 21 batches of `per_batch` calls.
fn measure(name: &str, per_batch: u32, mut f: impl FnMut()) {
    for _ in 0..per_batch {
        f();
    }
    let mut batches: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            start.elapsed() / per_batch
        })
        .collect();
    batches.sort();
    println!("{name:<40} {:>10.1} µs (median of 21 x {per_batch})", batches[10].as_secs_f64() * 1e6);
}

fn main() {
    let w = authorize();
    let now = Instant::now();
    for (cols, rows) in [(80, 24), (120, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(cols, rows)).unwrap();
        measure(&format!("Authorize screen draw, {cols}x{rows}"), 200, || {
            terminal.draw(|f| ui::draw(f, black_box(&w), now, Theme { color: true, links: false })).unwrap();
        });
    }
    measure("QR matrix for a 129-char URL (once per link)", 200, || {
        black_box(QrMatrix::encode(black_box(URL)));
    });
}
