//! The wizard as a person meets it: the real binary in tmux, driven by
//! keystrokes only, from launch to a saved config. The QR code is read
//! back from a plain-text `capture-pane` and compared module by module
//! with the QR matrix of the URL shown beside it. Unix only (tmux), and
//! skipped, saying so, where tmux is not installed (a failure under CI).
#![cfg(unix)]

mod support;

use support::tmux::Tmux;

use qrcode::{EcLevel, QrCode};
use std::path::Path;
use std::time::{Duration, Instant};

/// The URL printed beside the QR code, rejoined from its wrapped lines.
fn url_from(screen: &str, column: usize) -> String {
    let mut url = String::new();
    for line in screen.lines() {
        let text: String = line.chars().skip(column).collect();
        let text = text.trim();
        if url.is_empty() && text.starts_with("http") {
            url.push_str(text);
        } else if !url.is_empty() {
            // A link has no spaces: the first line with one (or none) ends it.
            if text.is_empty() || text.contains(' ') {
                break;
            }
            url.push_str(text);
        }
    }
    url
}

/// Checks the glyphs left of `column` against the QR matrix of `url`:
/// half blocks, or with `square`, two cells a module (`██` or `##`).
fn assert_qr_shows(screen: &str, column: usize, url: &str, square: bool) {
    let code = QrCode::with_error_correction_level(url, EcLevel::L).unwrap();
    let width = code.width();
    let mut modules: Vec<Vec<bool>> = Vec::new();
    for line in screen.lines() {
        let cells: Vec<char> = line.chars().take(column).collect();
        if square {
            modules.push((0..column / 2).map(|x| matches!(cells.get(2 * x), Some('█' | '#'))).collect());
            continue;
        }
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for x in 0..column {
            let c = cells.get(x).copied().unwrap_or(' ');
            top.push(matches!(c, '█' | '▀'));
            bottom.push(matches!(c, '█' | '▄'));
        }
        modules.push(top);
        modules.push(bottom);
    }
    // The code's corner is the first dark module (a finder pattern's corner).
    let y0 = modules.iter().position(|row| row.contains(&true)).expect("no QR code on screen");
    let x0 = modules[y0].iter().position(|&d| d).unwrap();
    assert!(x0 >= 1 && y0 >= 1, "a quiet zone surrounds the code");
    let colors = code.to_colors();
    for y in 0..width {
        for x in 0..width {
            let want = colors[y * width + x] == qrcode::Color::Dark;
            assert_eq!(modules[y0 + y][x0 + x], want, "module ({x},{y}) differs from the QR of {url}");
        }
    }
}

fn run_demo_to_saved(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("smugvision/config.yaml");
    let status = dir.path().join("status");
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color {} --demo --config {}; echo $? > {}; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        config.display(),
        status.display()
    );
    let Some(tmux) = Tmux::start(cols, rows, &command) else { return };
    tmux.wait_for("Your SmugMug API key and secret");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Demo: the page would show");
    let code: String = screen.split("would show ").nth(1).unwrap().chars().take(6).collect();
    let column =
        screen.lines().find_map(|l| l.find("Authorize smugVision").map(|b| l[..b].chars().count())).unwrap();
    let url = url_from(&screen, column);
    assert!(
        url.contains("/services/oauth/1.0a/authorize?oauth_token=")
            && url.ends_with("Permissions=Modify&allowThirdPartyLogin=1"),
        "{url}"
    );
    // 80x24 has room only for the password-only link's smaller code.
    let in_qr = if rows < 25 { url.trim_end_matches("&allowThirdPartyLogin=1") } else { url.as_str() };
    assert_qr_shows(&screen, column, in_qr, false);

    // The code typed as a person reading it off a phone might: in two halves.
    tmux.keys(&["-l", &format!("{} {}", &code[..3], &code[3..])]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Authorized as demo-photographer (Demo Photographer)");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved to");
    tmux.keys(&["Enter"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !status.exists() || std::fs::read_to_string(&status).unwrap().trim().is_empty() {
        assert!(Instant::now() < deadline, "the wizard did not exit:\n{}", tmux.screen());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&status).unwrap().trim(), "0");
    assert_saved(&config);
    let after = tmux.screen();
    assert!(after.contains("smugmug-auth: saved to"), "{after}");
}

fn assert_saved(config: &Path) {
    support::assert_mode(config, 0o600);
    let stored = smugmug_auth::config::load(config).unwrap().unwrap();
    assert!(stored.has_tokens() && stored.api_key.is_some() && stored.api_secret.is_some());
}

#[test]
fn demo_from_launch_to_saved_config_at_80x24() {
    run_demo_to_saved(80, 24);
}

#[test]
fn demo_from_launch_to_saved_config_at_120x40() {
    run_demo_to_saved(120, 40);
}

/// Ends the wizard the way `how` says and checks the terminal is back:
/// alternate screen left, cursor shown, line discipline cooked with echo.
fn assert_restored_after(how: &str) {
    let dir = tempfile::tempdir().unwrap();
    let panic_env = if how == "panic" { "SMUGMUG_AUTH_TEST_PANIC=1" } else { "" };
    let command = format!(
        "env {panic_env} TERM=xterm-256color {} --origin http://127.0.0.1:9 --config {}/c.yaml 2>/dev/null; echo EXIT=$?; stty -a; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display()
    );
    let Some(tmux) = Tmux::start(80, 24, &command) else { return };
    if how != "panic" {
        tmux.wait_for("api_secret");
        tmux.signal(how);
    }
    let screen = tmux.wait_for("EXIT=");
    let exit: String =
        screen.split("EXIT=").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
    let expected = match how {
        "panic" => "101",
        "TERM" => "143",
        "INT" => "130",
        "QUIT" => "131",
        _ => "129",
    };
    assert_eq!(exit, expected, "{how}:\n{screen}");
    let state = tmux.cmd(&["display", "-p", "-t", "t", "#{alternate_on} #{cursor_flag}"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&state.stdout).trim(),
        "0 1",
        "{how}: alternate screen left, cursor shown"
    );
    let stty = tmux.wait_for("icanon");
    assert!(
        !stty.contains("-icanon") && !stty.contains("-echo "),
        "{how}: the terminal is still raw:\n{stty}"
    );
}

#[test]
fn terminal_restored_after_panic() {
    assert_restored_after("panic");
}

#[test]
fn terminal_restored_after_sigterm() {
    assert_restored_after("TERM");
}

#[test]
fn terminal_restored_after_sighup() {
    assert_restored_after("HUP");
}

/// The terminal goes away while SIGHUP is ignored (`nohup`, `trap '' HUP`):
/// the wizard still ends, as for a hang-up, instead of spinning on a
/// terminal that is gone (crossterm's reader does not report it), and
/// nothing panics on the way out (stderr is that terminal too).
#[test]
fn a_terminal_gone_ends_the_wizard_even_with_sighup_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    let command = format!(
        "trap '' HUP; env TERM=xterm-256color {} --origin http://127.0.0.1:9 --config {}/c.yaml; echo $? > {}",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display(),
        status.display()
    );
    let Some(tmux) = Tmux::start(80, 24, &command) else { return };
    tmux.wait_for("api_secret");
    drop(tmux); // kills the tmux server: the terminal is gone
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&status).is_ok_and(|s| s.ends_with('\n')) {
        assert!(Instant::now() < deadline, "the wizard still runs after its terminal went away");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&status).unwrap().trim(), "129");
}

/// SIGINT and SIGQUIT sent from outside (not typed: the terminal is raw).
#[test]
fn terminal_restored_after_sigint_and_sigquit() {
    assert_restored_after("INT");
    assert_restored_after("QUIT");
}

/// `TERM=dumb` (an Emacs shell, some CI logs) cannot place a cursor: the
/// line-by-line prompts, not the full-screen wizard.
#[test]
fn a_dumb_terminal_gets_line_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET TERM=dumb {} --demo --config {}/c.yaml; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display()
    );
    let Some(tmux) = Tmux::start(80, 24, &command) else { return };
    let screen = tmux.wait_for("Six-digit code (or n for a new link):");
    assert!(screen.contains("Open this link"), "{screen}");
    let state = tmux.cmd(&["display", "-p", "-t", "t", "#{alternate_on}"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&state.stdout).trim(), "0", "no full-screen wizard");
}

/// Plain mode at a prompt: Ctrl-C ends it at once (not at the next Enter),
/// and SIGTERM or SIGHUP at the hidden api_secret prompt leaves the
/// terminal echoing again.
#[test]
fn plain_prompts_end_at_once_and_leave_echo_on() {
    for (how, prompt, expected) in [
        ("C-c", "api_key:", "130"),
        ("TERM", "typing is not shown", "143"),
        ("HUP", "typing is not shown", "129"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let command = format!(
            "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET {} --plain --origin http://127.0.0.1:9 --config {}/c.yaml; echo EXIT=$?; stty -a; sleep 5",
            env!("CARGO_BIN_EXE_smugmug-auth"),
            dir.path().display()
        );
        let Some(tmux) = Tmux::start(80, 24, &command) else { return };
        tmux.wait_for("api_key:");
        if prompt != "api_key:" {
            tmux.keys(&["-l", "abcdefghijklmnopqrstuvwxyz012345"]);
            tmux.keys(&["Enter"]);
            tmux.wait_for(prompt);
        }
        if how == "C-c" {
            tmux.keys(&["C-c"]);
        } else {
            tmux.signal(how);
        }
        let screen = tmux.wait_for("icanon");
        let exit: String =
            screen.split("EXIT=").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(exit, expected, "{how}:\n{screen}");
        assert!(screen.split_whitespace().any(|w| w == "echo"), "{how}: echo is back on:\n{screen}");
    }
}

/// A secret pasted at plain mode's hidden prompt with a line break inside
/// (as a wrapped secret is): read whole, its rest not left for the shell
/// to run after us (and keep in its history).
#[test]
fn a_hidden_paste_with_a_line_break_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u SMUGMUG_API_SECRET SMUGMUG_API_KEY=abcdefghijklmnopqrstuvwxyz012345 {} --plain --origin http://127.0.0.1:9 --config {}/c.yaml; echo EXIT=$?; read -t 1 rest; echo \"REST=[$rest]\"; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display()
    );
    let Some(tmux) = Tmux::start(100, 30, &command) else { return };
    tmux.wait_for("typing is not shown");
    // One paste, as a terminal delivers it without bracketed paste.
    assert!(tmux.cmd(&["set-buffer", "abcdef\nghijkl\n"]).status().unwrap().success());
    assert!(tmux.cmd(&["paste-buffer", "-t", "t"]).status().unwrap().success());
    let screen = tmux.wait_for("REST=");
    assert!(screen.contains("api_secret is 12 characters"), "read whole:\n{screen}");
    assert!(screen.contains("REST=[]"), "nothing left over:\n{screen}");
}

/// `kill -TSTP` (or Ctrl-Z) suspends cleanly: the terminal is given back
/// cooked, on the main screen; after SIGCONT the wizard takes it again and
/// redraws.
#[test]
fn suspend_gives_the_terminal_back_and_resume_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "env TERM=xterm-256color {} --origin http://127.0.0.1:9 --config {}/c.yaml; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display()
    );
    let Some(tmux) = Tmux::start(80, 24, &command) else { return };
    tmux.wait_for("api_secret");
    let pid = tmux.program_pid();
    let alternate = || {
        let out = tmux.cmd(&["display", "-p", "-t", "t", "#{alternate_on}"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    tmux.signal("TSTP");
    let deadline = Instant::now() + Duration::from_secs(5);
    while alternate() != "0" {
        assert!(Instant::now() < deadline, "the main screen is back while stopped");
        std::thread::sleep(Duration::from_millis(50));
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(stat.rsplit(')').next().is_some_and(|s| s.trim_start().starts_with('T')), "stopped: {stat}");
    tmux.signal("CONT");
    let deadline = Instant::now() + Duration::from_secs(5);
    while alternate() != "1" {
        assert!(Instant::now() < deadline, "the wizard takes the screen again");
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.wait_for("api_secret");
    tmux.keys(&["C-c"]);
}

/// What reaches the terminal, not the model of it: under `NO_COLOR` the
/// QR code still arrives in the colour cube's black and white (16, 231),
/// which no theme remaps, and nothing else on the screen has a colour.
#[test]
fn the_qr_keeps_its_colours_under_no_color_and_nothing_else_has_any() {
    // The half blocks, full blocks only, and `##` (for terminals that are not UTF-8).
    for (format, cols, rows, ink) in
        [("small", 100, 40, '█'), ("large", 124, 45, '█'), ("ascii", 124, 45, '#')]
    {
        let dir = tempfile::tempdir().unwrap();
        let command = format!(
            "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY NO_COLOR=1 \
             TERM=xterm-256color {} --demo --qr {format} --config {}/c.yaml; sleep 5",
            env!("CARGO_BIN_EXE_smugmug-auth"),
            dir.path().display()
        );
        let Some(tmux) = Tmux::start(cols, rows, &command) else { return };
        tmux.wait_for("Your SmugMug API key and secret");
        tmux.keys(&["Enter"]);
        tmux.wait_for("Demo: the page would show");
        let raw = tmux.cmd(&["capture-pane", "-e", "-p", "-t", "t"]).output().unwrap();
        let raw = String::from_utf8_lossy(&raw.stdout).into_owned();
        let qr_line = raw.lines().find(|l| l.contains(ink)).expect("a QR row");
        assert!(raw.contains("38;5;16") && qr_line.contains("48;5;231"), "{format}: {qr_line:?}");
        // Every colour written is one of the QR's; no theme colour (30-37,
        // 40-47, 90-97, 100-107, or another indexed or RGB colour) appears.
        for params in raw.split('\x1b').filter_map(|seq| seq.strip_prefix('[')?.split('m').next()) {
            let params: Vec<&str> = params.split(';').collect();
            for (i, p) in params.iter().enumerate() {
                let plain = matches!(p.parse::<u8>(), Ok(30..=37 | 40..=47 | 90..=97 | 100..=107));
                let extended =
                    (*p == "38" || *p == "48") && !matches!(params.get(i + 2), Some(&"16" | &"231"));
                assert!(
                    !plain && !extended,
                    "{format}: a colour other than the QR's under NO_COLOR: {params:?}"
                );
            }
        }
    }
}

/// `--qr large` (full blocks only, for console fonts without half blocks)
/// and `--qr ascii` (for terminals that are not UTF-8), read back from the
/// captured text at 124x45, the size the too-small screen names for them.
#[test]
fn large_and_ascii_codes_read_back_from_the_captured_text() {
    for format in ["large", "ascii"] {
        let command = format!(
            "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color {} \
             --demo --qr {format}; sleep 5",
            env!("CARGO_BIN_EXE_smugmug-auth")
        );
        let Some(tmux) = Tmux::start(124, 45, &command) else { return };
        tmux.wait_for("Your SmugMug API key and secret");
        tmux.keys(&["Enter"]);
        let screen = tmux.wait_for("Demo: the page would show");
        let column = screen
            .lines()
            .find_map(|l| l.find("Authorize smugVision").map(|b| l[..b].chars().count()))
            .unwrap();
        let url = url_from(&screen, column);
        assert_qr_shows(&screen, column, url.trim_end_matches("&allowThirdPartyLogin=1"), true);
        if format == "ascii" {
            let code: String = screen.lines().map(|l| l.chars().take(column).collect::<String>()).collect();
            assert!(code.chars().all(|c| c == '#' || c == ' '), "nothing but # and spaces");
        }
    }
}

/// Every warning made before the sign-in shows on the wizard's first
/// screen (a config readable by others, and a save that would replace its
/// credentials with another server's), and none is printed to the
/// terminal after the wizard ends: it would read as true of the disk then.
#[test]
fn warnings_show_on_the_first_screen_and_are_not_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "smugmug:\n  api_key: abcdefghijklmnopqrstuvwxyz012345\n  api_secret: SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS\n").unwrap();
    support::set_mode(&config, 0o644);
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET SMUGMUG_ACCESS_TOKEN=t SMUGMUG_ACCESS_TOKEN_SECRET=s TERM=xterm-256color {} --origin http://127.0.0.1:9 --config {}; echo EXIT=$?; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        config.display()
    );
    let Some(tmux) = Tmux::start(100, 40, &command) else { return };
    let screen = tmux.wait_for("Your SmugMug API key and secret");
    assert!(screen.contains("readable by others"), "{screen}");
    assert!(screen.contains("holds credentials; a save replaces them"), "{screen}");
    // Access tokens in the environment are plain mode's: not silently ignored.
    assert!(screen.contains("SMUGMUG_ACCESS_TOKEN_SECRET are used by --plain"), "{screen}");
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("EXIT=");
    assert!(!after.contains("warning:"), "nothing said before is left behind as if still true:\n{after}");
}
