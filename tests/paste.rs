//! A bracketed paste whose text holds the paste-end sequence: what
//! follows it must not act as key presses (`q` quits, `n` asks for a new
//! link). The real binary in tmux, fed the bytes a terminal would send.
#![cfg(unix)]

mod support;

use support::tmux::Tmux;

/// The wizard on the demo's code screen, in tmux.
fn on_the_code_screen() -> Option<(Tmux, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color {} \
         --demo --config {}; echo EXIT=$?; sleep 5",
        env!("CARGO_BIN_EXE_smugmug-auth"),
        dir.path().join("config.yaml").display()
    );
    let tmux = Tmux::start(80, 24, &command)?;
    tmux.wait_for("Your SmugMug API key and secret");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Demo: the page would show");
    Some((tmux, dir))
}

#[test]
fn the_tail_of_a_paste_that_holds_the_paste_end_sequence_is_not_typed() {
    let Some((tmux, _dir)) = on_the_code_screen() else { return };
    tmux.keys(&["-l", "\x1b[200~123\x1b[201~qn\r456\x1b[201~"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = tmux.wait_for("Code: 1 2 3 _ _ _");
    assert!(!screen.contains("EXIT="), "q in the paste's tail quit:\n{screen}");
    // Typed afterwards, keys work again.
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=130");
}

/// Ctrl-Z inside a paste's tail is the paste's text, not a suspend.
#[test]
fn ctrl_z_in_the_tail_of_a_paste_does_not_suspend() {
    let Some((tmux, _dir)) = on_the_code_screen() else { return };
    tmux.keys(&["-l", "\x1b[200~123\x1b[201~\x1a4\x1b[201~"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let screen = tmux.wait_for("Code: 1 2 3 _ _ _");
    assert!(!screen.contains("Stopped") && !screen.contains("EXIT="), "suspended:\n{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=130");
}
