//! A detached tmux session driven by keystrokes, as a person would.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A detached tmux session running `command`; `None` (the test is
    /// skipped) where tmux is not installed.
    pub fn start(cols: u16, rows: u16, command: &str) -> Option<Tmux> {
        let test = std::thread::current().name().unwrap_or("a tmux test").to_owned();
        if !super::have_tool("tmux", &test) {
            return None;
        }
        // A server of its own per session: one being killed must not meet
        // the next one started under the same name.
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("smugmug-auth-test-{}-{n}", std::process::id());
        let tmux = Tmux { socket };
        let status = tmux
            .cmd(&["new-session", "-d", "-s", "t", "-x", &cols.to_string(), "-y", &rows.to_string(), command])
            .status()
            .expect("tmux runs");
        assert!(status.success());
        Some(tmux)
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "-f", "/dev/null"]).args(args);
        command
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().unwrap().success());
    }

    pub fn screen(&self) -> String {
        let output = self.cmd(&["capture-pane", "-p", "-t", "t"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Polls the screen until `text` shows, for up to ten seconds.
    /// The process the pane's shell runs: the program under test.
    pub fn program_pid(&self) -> String {
        let shell = self.cmd(&["display", "-p", "-t", "t", "#{pane_pid}"]).output().unwrap();
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_owned();
        let child = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        String::from_utf8_lossy(&child.stdout).trim().to_owned()
    }

    /// Sends `signal` (`TERM`, `HUP`, …) to the program under test.
    pub fn signal(&self, signal: &str) {
        let pid = self.program_pid();
        assert!(Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap().success());
    }

    /// The screen once it shows `text` and has stopped changing: a capture
    /// can land while tmux is still taking in a frame.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if screen.contains(text) && screen == last {
                return screen;
            }
            last = screen.clone();
            assert!(Instant::now() < deadline, "waited for {text:?}; the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}
