//! Helpers shared by the integration tests. File modes exist only on Unix;
//! on Windows a file's privacy comes from the access-control list it
//! inherits, which these tests do not inspect, so there the mode helpers
//! check and change nothing.
#![allow(dead_code)]

use std::path::Path;

#[cfg(unix)]
pub mod home;
#[cfg(unix)]
pub mod tmux;
pub mod wizard;

/// Asserts the permission bits of `path` (Unix).
#[cfg(unix)]
pub fn assert_mode(path: &Path, expected: u32) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, expected, "mode of {}: {mode:o}, wanted {expected:o}", path.display());
}

#[cfg(not(unix))]
pub fn assert_mode(_: &Path, _: u32) {}

/// Sets the permission bits of `path` (Unix).
#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
pub fn set_mode(_: &Path, _: u32) {}

/// Whether `tool` can be run here. A test that needs it is skipped, saying
/// why, on a machine without it; under CI (`CI` set) a missing tool fails,
/// except under Wine, which runs Windows programs only: there the skip is
/// printed and the test passes without its check.
pub fn have_tool(tool: &str, test: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    present(found, &format!("`{tool}`"), test)
}

/// `found`, after saying that `test` is skipped without `what`; under CI
/// (`CI` set) a missing `what` fails the test instead, so CI cannot pass
/// by skipping it.
pub fn present(found: bool, what: &str, test: &str) -> bool {
    if !found {
        if under_wine() {
            eprintln!("skipped {test}: {what} is not a Windows program, and this is Wine");
            return false;
        }
        assert!(std::env::var_os("CI").is_none(), "{test} needs {what}, which is not installed (CI is set)");
        eprintln!("skipped {test}: {what} is not installed; install it to run this test");
    }
    found
}

/// Running under Wine (Windows test binaries run by .ci/run): Wine's
/// ntdll exports `wine_get_version`, Windows' does not.
#[cfg(windows)]
pub fn under_wine() -> bool {
    unsafe extern "system" {
        fn GetModuleHandleA(name: *const u8) -> *mut std::ffi::c_void;
        fn GetProcAddress(module: *mut std::ffi::c_void, name: *const u8) -> *mut std::ffi::c_void;
    }
    // SAFETY: both names are NUL-terminated; ntdll is in every process.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && !GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_null()
    }
}

#[cfg(not(windows))]
pub fn under_wine() -> bool {
    false
}

/// A wizard with a clock the test moves: `update` gets the time passed in,
/// as the event loop does.
pub struct Sim {
    pub w: smugmug_auth::wizard::Wizard,
    pub now: std::time::Instant,
}

impl Sim {
    pub fn new(w: smugmug_auth::wizard::Wizard) -> Sim {
        Sim { w, now: std::time::Instant::now() }
    }

    pub fn send(&mut self, msg: smugmug_auth::wizard::Msg) -> Vec<smugmug_auth::wizard::Effect> {
        smugmug_auth::wizard::update(&mut self.w, msg, self.now)
    }

    /// Lets `secs` seconds pass, then ticks, as the event loop would.
    pub fn wait(&mut self, secs: u64) {
        self.now += std::time::Duration::from_secs(secs);
        self.send(smugmug_auth::wizard::Msg::Tick);
    }
}

impl std::ops::Deref for Sim {
    type Target = smugmug_auth::wizard::Wizard;
    fn deref(&self) -> &Self::Target {
        &self.w
    }
}

impl std::ops::DerefMut for Sim {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.w
    }
}

/// Runs `command` (all three streams piped) with `input` on its stdin, off
/// the async runtime. A run that exits without reading all of it gets a
/// broken pipe: that is the program's choice, not the test's failure.
pub async fn output_with_input(mut command: std::process::Command, input: Vec<u8>) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().unwrap();
        match child.stdin.take().unwrap().write_all(&input) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

/// A config at `dir/.smugvision/config.yaml` holding working tokens from
/// the demo `server` (a whole sign-in through the library).
pub async fn working_config(server: &smugmug_auth::demo::DemoServer, dir: &Path) -> std::path::PathBuf {
    use smugmug_auth::oauth::{Client, OUT_OF_BAND};
    let client = Client::new(server.origin());
    let consumer = server.consumer();
    let request = client.request_token(&consumer, OUT_OF_BAND).await.unwrap();
    let code = server.code_for(&request.token).unwrap();
    let access = client.access_token(&consumer, &request, &code).await.unwrap();
    let path = dir.join(".smugvision/config.yaml");
    let credentials = smugmug_auth::config::Credentials::new(consumer, access);
    smugmug_auth::config::save(&smugmug_auth::gate::Gate::for_config(&path), &credentials).unwrap();
    path
}
