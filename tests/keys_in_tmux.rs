//! Keys, exit codes and drawing through the real binary in tmux: the
//! fields' editing keys, the link view, and the same exit status for the
//! same choice on every screen. Unix only (tmux), skipped without it.
#![cfg(unix)]

mod support;

use support::tmux::Tmux;

/// The wizard in tmux at `cols`x`rows`, with `args` (`{dir}`: a folder of
/// its own); it echoes its exit status as `EXIT=n` when it ends.
fn wizard(cols: u16, rows: u16, args: &str) -> Option<(Tmux, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY -u FORCE_HYPERLINK \
         TERM=xterm-256color {} {args} --config {}/c.yaml 2>/dev/null; echo EXIT=$?; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display()
    )
    .replace("{dir}", &dir.path().display().to_string());
    Some((Tmux::start(cols, rows, &command)?, dir))
}

fn exit_status(tmux: &Tmux) -> String {
    let screen = tmux.wait_for("EXIT=");
    screen.split("EXIT=").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect()
}

/// The bug: Left did not move the cursor, so `abc`, Left, `X` gave `abcX`.
#[test]
fn arrows_move_the_cursor_and_the_cursor_shows() {
    let Some((tmux, _dir)) = wizard(80, 24, "--origin http://127.0.0.1:9") else { return };
    tmux.wait_for("api_secret");
    tmux.keys(&["-l", "abc"]);
    tmux.keys(&["Left"]);
    tmux.keys(&["-l", "X"]);
    tmux.wait_for("[abXc");
    tmux.keys(&["Home"]);
    tmux.keys(&["-l", "1"]);
    tmux.keys(&["End", "BSpace"]);
    tmux.keys(&["C-a", "Delete"]);
    let screen = tmux.wait_for("[abX ");
    assert!(screen.contains("[abX "), "{screen}");
    // The cursor is a reversed cell in the field.
    let raw = tmux.cmd(&["capture-pane", "-e", "-p", "-t", "t"]).output().unwrap();
    let raw = String::from_utf8_lossy(&raw.stdout).into_owned();
    let field = raw.lines().find(|l| l.contains("api_key")).unwrap();
    assert!(field.contains("\x1b[7m"), "a reversed cursor cell: {field:?}");
    tmux.keys(&["C-c"]);
}

/// `l` shows the link alone, as one line the terminal wraps: joined by
/// tmux's `-J` it comes back whole, with nothing of the QR code in it.
#[test]
fn l_shows_the_link_alone_on_one_line() {
    let Some((tmux, _dir)) = wizard(80, 24, "--demo") else { return };
    to_authorize(&tmux);
    tmux.keys(&["l"]);
    tmux.wait_for("The link alone");
    let joined = tmux.cmd(&["capture-pane", "-J", "-p", "-t", "t"]).output().unwrap();
    let joined = String::from_utf8_lossy(&joined.stdout).into_owned();
    let line = joined.lines().find(|l| l.starts_with("http")).expect(&joined).trim_end();
    assert!(line.ends_with("&allowThirdPartyLogin=1"), "the whole link on one line: {line:?}");
    assert!(!line.contains(['█', '▀', '▄']), "{line:?}");
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("Demo: the page would show");
    assert!(!screen.contains("The link alone"), "any key goes back:\n{screen}");
    // What the clipboard line says is what is known: sent, not confirmed.
    assert!(screen.contains("Sent to your terminal's clipboard") && !screen.contains("✓ Sent"), "{screen}");
    tmux.keys(&["C-c"]);
}

/// Enter on the demo's prefilled credentials: the Authorize screen.
fn to_authorize(tmux: &Tmux) -> String {
    tmux.wait_for("Your SmugMug API key and secret");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Demo: the page would show")
}

/// To the Save screen through the demo, a wrong code first: its pane is
/// closed with Esc and the right code typed.
fn to_save(tmux: &Tmux) {
    let screen = to_authorize(tmux);
    let code: String = screen.split("would show ").nth(1).unwrap().chars().take(6).collect();
    let wrong: String = code.chars().map(|c| if c == '9' { '0' } else { '9' }).collect();
    tmux.keys(&["-l", &wrong]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Troubleshooting");
    tmux.keys(&["Escape"]);
    wait_gone(tmux, "Troubleshooting");
    tmux.keys(&["-l", &code]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Authorized as demo-photographer");
}

/// The same choice, quitting before anything is saved, exits with the
/// same status on every screen: 130, cancelled. (A failure got past
/// earlier made it 1 on the Save screen.)
#[test]
fn q_exits_130_on_authorize_and_on_save_alike() {
    let Some((tmux, _dir)) = wizard(100, 40, "--demo") else { return };
    to_authorize(&tmux);
    tmux.keys(&["q"]);
    assert_eq!(exit_status(&tmux), "130", "q on Authorize");

    let Some((tmux, _dir)) = wizard(100, 40, "--demo") else { return };
    to_save(&tmux);
    tmux.keys(&["q"]);
    assert_eq!(exit_status(&tmux), "130", "q on Save");
}

fn wait_gone(tmux: &Tmux, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tmux.screen().contains(text) {
        assert!(std::time::Instant::now() < deadline, "{text:?} still shows");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The bugs: after `p` the saved picture's path, wrapped, began one column
/// right, and after a resize to 80x24 the note on Facebook, Google and
/// Apple sign-in ran off the screen. (A path long enough to wrap.)
#[test]
fn after_p_and_a_resize_the_text_stays_aligned_and_the_sign_in_note_shows() {
    let Some((tmux, _dir)) =
        wizard(100, 40, "--demo --qr-png {dir}/the-smugmug-authorize-qr-code-as-a-picture.png")
    else {
        return;
    };
    to_authorize(&tmux);
    tmux.keys(&["p"]);
    for (cols, rows) in [(100, 40), (80, 24)] {
        if cols == 80 {
            assert!(
                tmux.cmd(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]).status().unwrap().success()
            );
        }
        let screen = tmux.wait_for("QR code saved as");
        let column = screen
            .lines()
            .find_map(|l| l.find("Authorize smugVision").map(|b| l[..b].chars().count()))
            .expect(&screen);
        for line in screen.lines().skip(2) {
            let text: String = line.chars().skip(column).collect();
            assert!(
                text.trim().is_empty() || !text.starts_with(' '),
                "{cols}x{rows}: shifted: {line:?}\n{screen}"
            );
        }
        if rows == 24 {
            assert!(screen.contains("Facebook, Google or Apple login?"), "{screen}");
            assert!(screen.contains("Code: _ _ _ _ _ _"), "{screen}");
        }
    }
    tmux.keys(&["C-c"]);
}

/// Quitting while a failure shows: the pane goes with the screen, so its
/// text is left in the scrollback with the line about the config.
#[test]
fn quitting_on_a_failure_leaves_the_reason_behind() {
    let dir = tempfile::tempdir().unwrap();
    let err = dir.path().join("err");
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color \
         {} --origin http://127.0.0.1:9 --config {}/c.yaml 2>{}; echo EXIT=$?; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().display(),
        err.display()
    );
    let Some(tmux) = Tmux::start(100, 30, &command) else { return };
    tmux.wait_for("api_secret");
    tmux.keys(&["-l", "abcdefghijklmnopqrstuvwxyz123456"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "abcdefghijklmnopqrstuvwxyz123456abcdefghijklmnopqrstuvwxyz123456"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Troubleshooting");
    tmux.keys(&["q"]);
    assert_eq!(exit_status(&tmux), "1");
    let said = std::fs::read_to_string(&err).unwrap();
    assert!(said.contains("no reply while asking for a request token"), "{said}");
    assert!(said.contains("What to do:"), "{said}");
    assert!(said.contains("c.yaml was not created"), "{said}");
}

/// `p` then `q` in the demo: the picture stays (it was asked for), and the
/// last lines say where, so the demo's folder left behind is explained.
#[test]
fn a_saved_picture_is_named_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let err = dir.path().join("err");
    let command = format!(
        "env -u SMUGVISION_CONFIG -u DISPLAY -u WAYLAND_DISPLAY TMPDIR={} TERM=xterm-256color {} --demo 2>{}; echo EXIT=$?; sleep 5",
        dir.path().display(),
        env!("CARGO_BIN_EXE_smugmug-auth"),
        err.display()
    );
    let Some(tmux) = Tmux::start(100, 40, &command) else { return };
    to_authorize(&tmux);
    tmux.keys(&["p"]);
    tmux.wait_for(".png");
    tmux.keys(&["q"]);
    exit_status(&tmux);
    let said = std::fs::read_to_string(&err).unwrap();
    let line = said.lines().find(|l| l.contains("QR code picture is kept at")).expect(&said);
    let path = line.rsplit(' ').next().unwrap();
    assert!(std::path::Path::new(path).is_file(), "{said}");
}
