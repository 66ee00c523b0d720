//! The local browser finishes by itself (the loopback callback): the real binary in tmux on a
//! "desktop" (a display variable, not over SSH), with a browser stand-in
//! found through `$BROWSER` that follows the authorize link and its
//! redirect as a browser would. Unix only (tmux, a shell script); needs
//! python3 for the stand-in's HTTP, and skips, saying so, without it.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::tmux::Tmux;

/// A browser: fetches the link it is given, follows redirects, and keeps
/// the page it ends on in `page.html` beside it (and its errors in `err`).
fn browser_standin(dir: &Path) -> Option<PathBuf> {
    let test = std::thread::current().name().unwrap_or("a browser test").to_owned();
    if !support::have_tool("python3", &test) {
        return None;
    }
    let path = dir.join("browser");
    let script = format!(
        "#!/bin/sh\nexec python3 -c 'import sys, urllib.request; \
         open(sys.argv[2], \"w\").write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
         \"$1\" {page} 2>{err}\n",
        page = dir.join("page.html").display(),
        err = dir.join("err").display()
    );
    std::fs::write(&path, script).unwrap();
    support::set_mode(&path, 0o755);
    Some(path)
}

/// `smugmug-auth --demo` in tmux at 80x24 with a display and the stand-in
/// as the browser; `over_ssh` adds an SSH session's variable.
fn desktop_demo(dir: &Path, over_ssh: bool, args: &str) -> Option<Tmux> {
    let browser = browser_standin(dir)?;
    let ssh = if over_ssh { "SSH_CONNECTION='192.0.2.1 50000 192.0.2.2 22'" } else { "" };
    let command = format!(
        "env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET -u SSH_CONNECTION -u SSH_CLIENT -u SSH_TTY \
         -u WAYLAND_DISPLAY DISPLAY=:99 BROWSER={browser} {ssh} TERM=xterm-256color {bin} --demo \
         --config {config} {args}; echo $? > {status}; sleep 5",
        browser = browser.display(),
        bin = env!("CARGO_BIN_EXE_smugmug-auth"),
        config = dir.join("config.yaml").display(),
        status = dir.join("status").display(),
    );
    let tmux = Tmux::start(80, 24, &command)?;
    tmux.wait_for("Your SmugMug API key and secret");
    Some(tmux)
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.trim().is_empty()
        {
            return text;
        }
        assert!(Instant::now() < deadline, "{} never came", path.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn on_a_desktop_the_demo_goes_from_launch_to_a_saved_config_without_a_digit_typed() {
    let dir = tempfile::tempdir().unwrap();
    let Some(tmux) = desktop_demo(dir.path(), false, "") else { return };
    tmux.keys(&["Enter"]);
    tmux.wait_for("Authorized as demo-photographer (Demo Photographer)");
    let page = wait_for_file(&dir.path().join("page.html"));
    assert!(page.contains("You can close this tab"), "the browser ended on: {page}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved to");
    tmux.keys(&["Enter"]);
    assert_eq!(wait_for_file(&dir.path().join("status")).trim(), "0");
    let stored = smugmug_auth::config::load(&dir.path().join("config.yaml")).unwrap().unwrap();
    assert!(stored.has_tokens());
    support::assert_mode(&dir.path().join("config.yaml"), 0o600);
}

#[test]
fn over_ssh_a_display_still_gets_the_qr_code_and_the_code_path() {
    let dir = tempfile::tempdir().unwrap();
    let Some(tmux) = desktop_demo(dir.path(), true, "") else { return };
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Demo: the page would show");
    assert!(screen.contains('▀') || screen.contains('▄'), "the QR code shows:\n{screen}");
    assert!(!dir.path().join("page.html").exists(), "no browser is opened over SSH");
}

#[test]
fn a_refusal_on_the_authorize_page_reaches_the_troubleshooting_pane() {
    let dir = tempfile::tempdir().unwrap();
    let Some(tmux) = desktop_demo(dir.path(), false, "--demo-fault user_refused@authorize") else { return };
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("user_refused");
    assert!(screen.contains("authorizing in the browser"), "{screen}");
    let page = wait_for_file(&dir.path().join("page.html"));
    assert!(page.contains("did not authorize"), "{page}");
    assert!(!dir.path().join("config.yaml").exists());
}

#[test]
fn asking_for_a_qr_picture_on_a_desktop_gets_the_code_path_and_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("qr.png");
    let Some(tmux) = desktop_demo(dir.path(), false, &format!("--qr-png {}", png.display())) else { return };
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("QR code saved as");
    assert!(screen.contains("Demo: the page would show"), "{screen}");
    assert!(png.exists() && !dir.path().join("page.html").exists(), "no browser opened");
}

#[test]
fn tab_turns_the_browser_wait_into_the_code_path() {
    let dir = tempfile::tempdir().unwrap();
    // A "browser" that opens nothing: the screen waits for a redirect.
    let Some(tmux) = desktop_demo(dir.path(), false, "") else { return };
    std::fs::write(dir.path().join("browser"), "#!/bin/sh\nexit 0\n").unwrap();
    tmux.keys(&["Enter"]);
    tmux.wait_for("Waiting for your browser");
    tmux.keys(&["Tab"]);
    let screen = tmux.wait_for("Demo: the page would show");
    let code: String = screen.split("would show ").nth(1).unwrap().chars().take(6).collect();
    tmux.keys(&["-l", &code]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Authorized as demo-photographer");
}

/// `smugmug-auth --plain --browser --demo` on a "desktop" with `browser`.
fn plain_on_a_desktop(config: &Path, browser: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(["--plain", "--browser", "--demo", "--config"]).arg(config);
    for name in [
        "SMUGMUG_API_KEY",
        "SMUGMUG_API_SECRET",
        "SSH_CONNECTION",
        "SSH_CLIENT",
        "SSH_TTY",
        "WAYLAND_DISPLAY",
    ] {
        command.env_remove(name);
    }
    command.env("DISPLAY", ":99").env("BROWSER", browser).stdin(std::process::Stdio::null());
    command
}

/// Plain mode with `--browser` on a desktop: the link still goes to
/// stdout, the browser's redirect brings the verifier, nothing is read
/// from stdin; over SSH the flag gives way to the code, saying so.
#[test]
fn plain_mode_with_browser_finishes_without_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let Some(browser) = browser_standin(dir.path()) else { return };
    let config = dir.path().join("config.yaml");
    let output = plain_on_a_desktop(&config, &browser).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.trim().ends_with("&allowThirdPartyLogin=1"), "only the link on stdout: {stdout}");
    assert!(smugmug_auth::config::load(&config).unwrap().unwrap().has_tokens());
    assert!(wait_for_file(&dir.path().join("page.html")).contains("You can close this tab"));

    let over_ssh = std::process::Command::new(env!("CARGO_BIN_EXE_smugmug-auth"))
        .args(["--plain", "--browser", "--demo", "--config"])
        .arg(dir.path().join("other.yaml"))
        .env("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22")
        .env("DISPLAY", ":99")
        .env("BROWSER", &browser)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&over_ssh.stderr);
    assert!(stderr.contains("you will type a code instead"), "{stderr}");
    assert_eq!(over_ssh.status.code(), Some(130), "no code on stdin: cancelled\n{stderr}");
}

/// The same with a real browser where one is installed (Chromium,
/// headless): it follows the authorize page's redirect to
/// `http://127.0.0.1:PORT/…` and lands on our page. Skipped, saying so,
/// without it; under CI (which installs it) a missing Chromium fails.
#[test]
fn a_real_headless_chromium_follows_the_redirect_to_the_loopback_callback() {
    let found = std::process::Command::new("chromium")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !support::present(
        found,
        "chromium",
        "a_real_headless_chromium_follows_the_redirect_to_the_loopback_callback",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let browser = dir.path().join("chromium");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nexec chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=5000 \
             --user-data-dir={profile} --dump-dom \"$1\" > {page} 2>/dev/null\n",
            profile = dir.path().join("profile").display(),
            page = dir.path().join("page.html").display()
        ),
    )
    .unwrap();
    support::set_mode(&browser, 0o755);
    let output = plain_on_a_desktop(&dir.path().join("config.yaml"), &browser).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(wait_for_file(&dir.path().join("page.html")).contains("You can close this tab"));
}
