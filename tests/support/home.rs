//! A home of its own for a run of the real binary, holding a person's
//! real-looking config; and a plain sign-in typed through.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const REAL: &str = "# mine\nsmugmug:\n  api_key: RealKey1234567890abcdefghijklmnop\n  api_secret: RealSecret1234567890abcdefghijklmnopqrstuvwxyz123456\n  user_token: RealToken1234567890abcdefghijkl\n  user_secret: RealUserSecret1234567890abcdefghijklmnopqrstuvwxyz12\nvision:\n  model: x\n";

pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let home = Home { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(home.path().join(".smugvision")).unwrap();
        std::fs::write(home.config(), REAL).unwrap();
        super::set_mode(&home.config(), 0o600);
        home
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn config(&self) -> PathBuf {
        self.path().join(".smugvision/config.yaml")
    }
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
        command.args(args);
        isolate(&mut command, self.path());
        command
    }
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }
    pub fn assert_config_untouched(&self) {
        assert_eq!(std::fs::read_to_string(self.config()).unwrap(), REAL, "the real config changed");
        assert!(!self.config().with_extension("yaml.bak").exists(), "a .bak appeared");
    }
}

/// `home` as the run's home and temp folder, and none of the settings,
/// credentials or display of the environment the tests run in.
pub fn isolate(command: &mut Command, home: &Path) {
    command.env("HOME", home).env("TMPDIR", home);
    for name in [
        "SMUGVISION_CONFIG",
        "SMUGMUG_ORIGIN",
        "SMUGMUG_API_KEY",
        "SMUGMUG_API_SECRET",
        "SMUGMUG_ACCESS_TOKEN",
        "SMUGMUG_ACCESS_TOKEN_SECRET",
        "DISPLAY",
        "WAYLAND_DISPLAY",
    ] {
        command.env_remove(name);
    }
}

pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A plain sign-in typed through: the demo's code read from stderr and sent.
pub fn complete_plain(mut command: Command) -> Output {
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        if let Some(code) = line.split("would show the code ").nth(1) {
            writeln!(stdin, "{}", code.trim().trim_end_matches('.')).unwrap();
        }
        line.clear();
    }
    drop(stdin);
    let mut output = child.wait_with_output().unwrap();
    output.stderr = seen.into_bytes();
    output
}
