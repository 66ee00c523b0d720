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

/// The terminal closing under the wizard (a window closed, SSH dropped):
/// a clean exit that removes the demo's empty folder, not a panic about
/// a terminal that cannot be restored (which aborted and left it).
#[test]
fn a_terminal_that_closes_ends_the_wizard_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u DISPLAY -u WAYLAND_DISPLAY TMPDIR={} TERM=xterm-256color {} --demo",
        tmp.path().display(),
        env!("CARGO_BIN_EXE_smugmug-auth"),
    );
    let Some(tmux) = Tmux::start(80, 24, &command) else { return };
    tmux.wait_for("Your SmugMug API key and secret");
    let demo_folders = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("smugmug-auth-demo-"))
            .count()
    };
    assert_eq!(demo_folders(), 1, "the demo's folder exists while it runs");
    let _ = tmux.cmd(&["kill-server"]).status();
    let started = std::time::Instant::now();
    while demo_folders() > 0 && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(demo_folders(), 0, "the wizard did not end cleanly when its terminal closed");
}
