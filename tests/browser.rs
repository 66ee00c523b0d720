//! Opening the authorize link: the whole link (with its `&`s) reaches the
//! browser as one argument, and the rules hold (never over SSH, never a
//! text browser). A stand-in browser, found through `$BROWSER`, records
//! what it was given. One test in this binary: it sets the environment.
#![cfg(unix)]

use smugmug_auth::platform::{BrowserError, open_browser};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

const URL: &str =
    "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=abc&Access=Full&Permissions=Modify";

#[test]
fn the_whole_link_reaches_a_graphical_browser_and_only_here() {
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("argv");
    let browser = dir.path().join("fake-browser");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > {}.tmp && mv {0}.tmp {0}\n", got.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    // SAFETY: the only test in this binary; nothing else reads the
    // environment while it changes.
    unsafe {
        for name in ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "WAYLAND_DISPLAY"] {
            std::env::remove_var(name);
        }
        std::env::set_var("DISPLAY", ":0");
        std::env::set_var("BROWSER", &browser);
    }
    open_browser(URL).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !got.exists() {
        assert!(Instant::now() < deadline, "the browser stand-in was not started");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&got).unwrap(), format!("1\n{URL}\n"), "one argument, the whole link");

    assert!(matches!(open_browser("file:///etc/passwd"), Err(BrowserError::NotWebAddress)));
    unsafe { std::env::set_var("BROWSER", "/usr/bin/w3m") };
    assert!(matches!(open_browser(URL), Err(BrowserError::TextBrowser(t)) if t == "w3m"));
    unsafe { std::env::set_var("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22") };
    assert!(matches!(open_browser(URL), Err(BrowserError::NoLocalDesktop)));
}
