//! `--qr` formats and the QR picture: what each style puts in the cells
//! (read back module by module against the QR matrix), what `auto` picks
//! on the Linux console from recorded font maps, the PNG's pixels, and
//! plain mode's `--qr` on stderr.

mod support;

use qrcode::{EcLevel, QrCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use smugmug_auth::oauth::RequestToken;
use smugmug_auth::prefill::Prefill;
use smugmug_auth::qr::QrStyle;
use smugmug_auth::secret::Secret;
use smugmug_auth::ui::{self, Theme};
use smugmug_auth::wizard::{Effect, Key, Link, Msg, Route, Wizard};
use std::path::PathBuf;
use std::time::SystemTime;
use support::Sim;

const URL: &str = "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=Tk7Qx2mB9pL4wR8tY6nC1hJ5sF3dG0aZ&Access=Full&Permissions=Modify";

fn authorize(qr: Option<QrStyle>) -> Sim {
    let mut setup = support::wizard::setup(Prefill::default(), None);
    setup.context.qr = qr;
    setup.context.config_exists = false;
    let mut w = Sim::new(Wizard::new(setup));
    w.send(Msg::Paste("k".repeat(32)));
    w.send(Msg::Key(Key::Tab));
    w.send(Msg::Paste("s".repeat(64)));
    let [Effect::RequestLink { generation, .. }] = w.send(Msg::Key(Key::Enter))[..] else {
        panic!("no request")
    };
    let request = RequestToken { token: "Tk7Q".into(), secret: Secret::new("x"), server_date: None };
    let link =
        Link::new(request, (format!("{URL}&allowThirdPartyLogin=1"), URL.into()), w.now, None, Route::Code);
    w.send(Msg::LinkReady { generation, result: Ok(link), wall: SystemTime::now() });
    w
}

fn render(w: &Sim, cols: u16, rows: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).unwrap();
    terminal.draw(|f| ui::draw(f, &w.w, w.now, Theme { color: false, links: false })).unwrap();
    terminal.backend().buffer().clone()
}

/// Every module of `text`'s code, drawn two cells wide from (x0, y0) with
/// `dark` as a dark cell's symbol; colours that themes do not remap even
/// without colour (`NO_COLOR`).
fn assert_square_code(buffer: &Buffer, text: &str, quiet: usize, dark: &str) {
    let code = QrCode::with_error_correction_level(text, EcLevel::L).unwrap();
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * quiet;
    let y0 = (buffer.area.height as usize - side) / 2;
    for y in 0..side {
        for x in 0..side {
            let inside = (quiet..quiet + width).contains(&x) && (quiet..quiet + width).contains(&y);
            let want = inside && colors[(y - quiet) * width + (x - quiet)] == qrcode::Color::Dark;
            for half in 0..2 {
                let cell = &buffer[((2 * x + half) as u16, (y0 + y) as u16)];
                assert_eq!(cell.symbol() == dark, want, "module ({x},{y}) of {text}");
                let behind = if want { Color::Indexed(16) } else { Color::Indexed(231) };
                assert_eq!((cell.fg, cell.bg), (Color::Indexed(16), behind), "module ({x},{y})");
            }
        }
    }
}

#[test]
fn large_and_ascii_draw_square_modules_that_match_the_matrix() {
    // 124x45: the password-only link's code, two cells a module, quiet zone 2.
    assert_square_code(&render(&authorize(Some(QrStyle::Large)), 124, 45), URL, 2, "█");
    assert_square_code(&render(&authorize(Some(QrStyle::Ascii)), 124, 45), URL, 2, "#");
    let ascii = format!("{:?}", render(&authorize(Some(QrStyle::Ascii)), 124, 45));
    assert!(ascii.chars().all(|c| c.is_ascii() || "─│┌┐└┘✓●○›·…⚠".contains(c)), "ascii draws no block glyph");
}

#[test]
fn off_draws_no_code_and_80x24_says_how_to_get_one() {
    let off = format!("{:?}", render(&authorize(None), 80, 24));
    assert!(!off.contains('▀') && !off.contains('█'), "{off}");
    let large = format!("{:?}", render(&authorize(Some(QrStyle::Large)), 80, 24));
    assert!(large.contains("p saves it as a picture"), "no room for square modules at 80x24: {large}");
}

/// A font's Unicode map recorded with `psfgettable` (console-setup fonts).
fn recorded_map(font: &str) -> Vec<u32> {
    let path = format!("{}/tests/fixtures/console-fonts/{font}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("U+"))
        .map(|hex| u32::from_str_radix(hex, 16).unwrap())
        .collect()
}

#[test]
fn on_the_linux_console_auto_picks_what_the_font_can_draw() {
    // Debian's default for en_* locales: no half blocks, a full block.
    assert_eq!(QrStyle::for_console_font(Some(&recorded_map("Lat15-Fixed16"))), QrStyle::Large);
    assert_eq!(QrStyle::for_console_font(Some(&recorded_map("CyrKoi-Fixed16"))), QrStyle::Small);
    assert_eq!(QrStyle::for_console_font(Some(&recorded_map("Ethiopian-Goha16"))), QrStyle::Ascii);
    assert_eq!(QrStyle::for_console_font(None), QrStyle::Ascii, "an unknown font: ASCII always shows");
}

#[test]
fn the_picture_holds_the_code_black_on_white_with_a_full_quiet_zone() {
    let bytes = smugmug_auth::qr_png::encode(URL).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let code = QrCode::with_error_correction_level(URL, EcLevel::L).unwrap();
    let (width, scale, quiet) = (code.width(), 8, 4);
    assert_eq!(info.width as usize, (width + 2 * quiet) * scale);
    let colors = code.to_colors();
    for y in 0..width + 2 * quiet {
        for x in 0..width + 2 * quiet {
            let inside = (quiet..quiet + width).contains(&x) && (quiet..quiet + width).contains(&y);
            let dark = inside && colors[(y - quiet) * width + (x - quiet)] == qrcode::Color::Dark;
            // The centre pixel of the module.
            let pixel = pixels[(y * scale + scale / 2) * info.width as usize + x * scale + scale / 2];
            assert_eq!(pixel, if dark { 0 } else { 255 }, "module ({x},{y})");
        }
    }
}

#[test]
fn p_saves_the_picture_and_qr_png_saves_it_at_once() {
    let mut w = authorize(Some(QrStyle::Small));
    match w.send(Msg::Key(Key::Char('p'))).as_slice() {
        [Effect::SavePicture { url }] => {
            assert!(url.ends_with("allowThirdPartyLogin=1"), "the picture holds the full link");
        }
        other => panic!("expected the picture, got {other:?}"),
    }
    w.send(Msg::PictureSaved(Ok(PathBuf::from("/home/ann/qr.png"))));
    let screen = format!("{:?}", render(&w, 100, 40));
    assert!(screen.contains("QR code saved as /home/ann/qr.png"), "{screen}");
    // A new link replaces the saved picture: a stale one leads to a dead link.
    let effects = w.send(Msg::Key(Key::Char('n')));
    let [Effect::RequestLink { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let generation = *generation;
    let effects = w.send(Msg::LinkReady {
        generation,
        result: Ok(support::wizard::link(&w)),
        wall: std::time::SystemTime::now(),
    });
    assert!(effects.iter().any(|e| matches!(e, Effect::SavePicture { .. })), "{effects:?}");
}

/// Plain mode's `--qr`: the code on stderr, the link alone on stdout, and
/// `--qr-png` writes a picture that holds it.
#[test]
fn plain_mode_draws_the_code_on_stderr_and_saves_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("qr.png");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["--plain", "--demo", "--qr", "ascii", "--qr-png"])
        .arg(&png)
        .arg("--config")
        .arg(dir.path().join("config.yaml"))
        .env_remove("SMUGMUG_API_KEY")
        .env_remove("SMUGMUG_API_SECRET")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout.lines().count(), 1, "only the link on stdout: {stdout}");
    let url = stdout.trim();
    let code = QrCode::with_error_correction_level(url, EcLevel::L).unwrap();
    let rows: Vec<&str> = stderr.lines().filter(|l| l.contains("##")).collect();
    assert_eq!(rows.len(), code.width(), "one line a module row");
    let first: String = code.to_colors()[..code.width()]
        .iter()
        .map(|c| if *c == qrcode::Color::Dark { "##" } else { "  " })
        .collect();
    assert!(rows[0].contains(&first), "the code's first row: {}", rows[0]);
    assert!(stderr.contains("The QR code is saved as"), "{stderr}");
    // A standard reader decodes the picture to the link (where zbarimg is installed).
    match std::process::Command::new("zbarimg").args(["-q", "--raw"]).arg(&png).output() {
        Ok(read) => assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), url, "zbarimg reads the link"),
        Err(_) => eprintln!("zbarimg is not installed: the picture was checked pixel by pixel only"),
    }
}
