//! The product's invariants over its whole command line: many random runs
//! of the real binary, each in a home of its own holding a person's real
//! config (and its `.bak` — a file or a link —, `.new`, bystander files, a symlink, a folder),
//! with random subcommands, flags, flag positions, environment and input.
//! After each run:
//! - nothing changed outside what that run may write (bytes, mode, type,
//!   link target), by a model written here from the rules, not the code;
//! - a real config never took another server's tokens unless `--config`
//!   named it on the command line;
//! - every "X was not changed" is true of X (and X exists);
//! - no secret of the person's reached stdout or stderr;
//! - no empty demo folder is left behind; every run ended.
//!
//! `INVARIANT_RUNS` (default 160) and `INVARIANT_SEED` repeat or widen it.
#![cfg(unix)]

use smugmug_auth::demo::{DemoConfig, DemoServer};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const SECRET: &str = "RealSecretZq9x8c7v6b5n4m3l2k1j0hgfdsapoiuytrewq1234";
const USER_SECRET: &str = "RealUserSecretQw1e2r3t4y5u6i7o8p9a0sdfghjklzxcvbn12";
const ENV_SECRET: &str = "EnvTokenSecretPo9i8u7y6t5r4e3w2q1a0sdfghjklzxcvbnm";
const REAL: &str = "# my settings\nsmugmug:\n  api_key: RealKeyAbCdEfGhIjKlMnOpQrStUvWxYz12\n  api_secret: RealSecretZq9x8c7v6b5n4m3l2k1j0hgfdsapoiuytrewq1234\n  user_token: RealTokenAbCdEfGhIjKlMnOpQrStUvW\n  user_secret: RealUserSecretQw1e2r3t4y5u6i7o8p9a0sdfghjklzxcvbn12\nvision:\n  model: llava\n";

/// xorshift64*: a small, repeatable source of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One file-system entry as the invariants compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File { bytes: Vec<u8>, mode: u32 },
    Dir { mode: u32 },
    Link(PathBuf),
}

fn snapshot(root: &Path, skip: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path == skip {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let mode = meta.permissions().mode() & 0o7777;
            let item = if meta.file_type().is_symlink() {
                Entry::Link(std::fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                stack.push(path.clone());
                Entry::Dir { mode }
            } else {
                Entry::File { bytes: std::fs::read(&path).unwrap(), mode }
            };
            out.insert(path, item);
        }
    }
    out
}

/// The named places a run can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Real,
    RealBak,
    Other,
    Fresh,
    Notes,
    Png,
    Link,
    Folder,
}

struct Home {
    root: tempfile::TempDir,
}

impl Home {
    fn path(&self, place: Place) -> PathBuf {
        let r = self.root.path();
        match place {
            Place::Real => r.join(".smugvision/config.yaml"),
            Place::RealBak => r.join(".smugvision/config.yaml.bak"),
            Place::Other => r.join("other.yaml"),
            Place::Fresh => r.join("fresh/new.yaml"),
            Place::Notes => r.join("notes.txt"),
            Place::Png => r.join("picture.png"),
            Place::Link => r.join("link.png"),
            Place::Folder => r.join("folder"),
        }
    }
    fn tmp(&self) -> PathBuf {
        self.root.path().join("tmp")
    }
}

fn make_home(rng: &mut Rng) -> Home {
    let home = Home { root: tempfile::tempdir().unwrap() };
    let real = home.path(Place::Real);
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::set_permissions(real.parent().unwrap(), std::fs::Permissions::from_mode(0o700)).unwrap();
    if rng.chance(85) {
        std::fs::write(&real, REAL).unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    if rng.chance(50) {
        std::fs::write(home.path(Place::RealBak), REAL).unwrap();
    } else if rng.chance(30) {
        // A `.bak` that is a link: replaced itself, never written through.
        std::os::unix::fs::symlink(home.path(Place::Notes), home.path(Place::RealBak)).unwrap();
    }
    if rng.chance(30) {
        std::fs::write(real.with_extension("yaml.new"), REAL).unwrap();
    }
    if rng.chance(50) {
        std::fs::write(home.path(Place::Other), "smugmug:\n  api_key: YOUR_API_KEY_HERE\n").unwrap();
    }
    std::fs::write(home.path(Place::Notes), "my notes\n").unwrap();
    std::fs::write(home.path(Place::Png), smugmug_auth::qr_png::encode("https://example.com/").unwrap())
        .unwrap();
    std::os::unix::fs::symlink(home.path(Place::Notes), home.path(Place::Link)).unwrap();
    std::fs::create_dir(home.path(Place::Folder)).unwrap();
    std::fs::create_dir(home.tmp()).unwrap();
    home
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Complete,
    Cancel,
    WrongCodes,
}

/// A run as drawn, and what the model says it may write.
#[derive(Debug)]
struct Run {
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    input: Input,
}

fn draw(
    rng: &mut Rng,
    home: &Home,
    origin: &str,
    key: &str,
    secret: &str,
) -> (Run, Vec<PathBuf>, Option<PathBuf>) {
    let sub = rng.pick(&[None, None, None, Some("check"), Some("logout"), Some("demo-server")]);
    let demo = rng.chance(50);
    let config_flag = rng.chance(35).then(|| {
        rng.pick(&[Place::Real, Place::Other, Place::Fresh, Place::Notes, Place::Folder, Place::Link])
    });
    let qr_png = rng.chance(30).then(|| {
        rng.pick(&[
            Place::Fresh,
            Place::Png,
            Place::Link,
            Place::Folder,
            Place::Real,
            Place::RealBak,
            Place::Notes,
        ])
    });
    let mut args: Vec<String> = Vec::new();
    let mut before = Vec::new();
    let mut after = Vec::new();
    if demo {
        if rng.chance(50) { before.push("--demo".to_owned()) } else { after.push("--demo".to_owned()) }
    }
    if let Some(place) = config_flag {
        let flag = vec!["--config".to_owned(), home.path(place).display().to_string()];
        if rng.chance(50) { before.extend(flag) } else { after.extend(flag) }
    }
    if let Some(place) = qr_png {
        before.extend(["--qr-png".to_owned(), fresh_picture(home, place).display().to_string()]);
    }
    // SmugMug itself cannot be reached from here: a run that would call it
    // gets the other server, by flag or by environment.
    let origin_by_flag = rng.chance(50);
    let needs_origin = !demo || sub == Some("check");
    if origin_by_flag && (needs_origin || rng.chance(30)) {
        before.extend(["--origin".to_owned(), origin.to_owned()]);
    }
    if rng.chance(20) {
        before.push("--plain".to_owned());
    }
    // A demo made to fail (or the flag without the demo: a usage error).
    if rng.chance(15) {
        let fault =
            rng.pick(&["signature_invalid", "token_rejected@access", "http_500", "cut_reply", "bogus_name"]);
        before.extend(["--demo-fault".to_owned(), fault.to_owned()]);
    }
    args.extend(before);
    if let Some(sub) = sub {
        args.push(sub.to_owned());
        args.extend(after);
    } else {
        args.extend(after);
    }
    let mut env =
        vec![("HOME", home.root.path().display().to_string()), ("TMPDIR", home.tmp().display().to_string())];
    match rng.pick(&[0, 0, 1, 2, 3]) {
        1 => env.push(("SMUGVISION_CONFIG", home.path(Place::Real).display().to_string())),
        2 => env.push(("SMUGVISION_CONFIG", home.path(Place::Other).display().to_string())),
        3 => env.push(("SMUGVISION_CONFIG", home.path(Place::Fresh).display().to_string())),
        _ => {}
    }
    if (!origin_by_flag && needs_origin) || rng.chance(25) {
        env.push(("SMUGMUG_ORIGIN", origin.to_owned()));
    }
    if rng.chance(40) {
        env.push(("SMUGMUG_API_KEY", key.to_owned()));
        env.push(("SMUGMUG_API_SECRET", secret.to_owned()));
    }
    match rng.pick(&[0, 0, 0, 1, 2]) {
        1 => {
            env.push(("SMUGMUG_ACCESS_TOKEN", "EnvTokenAbCdEfGhIjKlMnOpQrStUvWx".to_owned()));
            env.push(("SMUGMUG_ACCESS_TOKEN_SECRET", ENV_SECRET.to_owned()));
        }
        2 => env.push(("SMUGMUG_ACCESS_TOKEN", "EnvTokenAbCdEfGhIjKlMnOpQrStUvWx".to_owned())),
        _ => {}
    }
    let input = rng.pick(&[Input::Complete, Input::Complete, Input::Cancel, Input::WrongCodes]);
    let run = Run { args, env, input };
    let (writable, picture) = model(&run, home, sub, demo, config_flag, qr_png);
    (run, writable, picture)
}

/// `--qr-png` at a fresh place is a new file beside the others.
fn fresh_picture(home: &Home, place: Place) -> PathBuf {
    match place {
        Place::Fresh => home.root.path().join("qr-new.png"),
        other => home.path(other),
    }
}

/// What the run may write, from the rules (issue 17), not from the code:
/// the config it names and its `.bak`/`.new` (a sign-in; logout: the
/// config only), and a picture at a new path or over a PNG.
fn model(
    run: &Run,
    home: &Home,
    sub: Option<&str>,
    demo: bool,
    config_flag: Option<Place>,
    qr_png: Option<Place>,
) -> (Vec<PathBuf>, Option<PathBuf>) {
    let env_config = run.env.iter().find(|(k, _)| *k == "SMUGVISION_CONFIG").map(|(_, v)| PathBuf::from(v));
    let flag = config_flag.map(|p| home.path(p));
    let config = match (demo, flag) {
        (_, Some(path)) => Some(path),
        (true, None) => None, // the demo's own temporary file
        (false, None) => Some(env_config.unwrap_or_else(|| home.path(Place::Real))),
    };
    let mut writable = Vec::new();
    let plain_sign_in = sub.is_none();
    if let Some(config) = &config {
        let real = std::fs::canonicalize(config).unwrap_or_else(|_| config.clone());
        match sub {
            None => writable.extend([real.clone(), sibling(&real, "bak"), sibling(&real, "new")]),
            Some("logout") if !demo => writable.push(real),
            _ => {}
        }
    }
    let picture = qr_png
        .filter(|_| plain_sign_in)
        .map(|p| fresh_picture(home, p))
        .filter(|p| matches!(qr_png, Some(Place::Fresh) | Some(Place::Png)) && !p.ends_with("link.png"));
    (writable, picture)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

struct Ran {
    code: Option<i32>,
    out: String,
}

fn execute(run: &Run, hint: &smugmug_auth::CodeHint) -> Ran {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
    command.args(&run.args).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (k, v) in &run.env {
        command.env(k, v);
    }
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let text = Arc::new(Mutex::new(String::new()));
    // `demo-server` runs until Ctrl-C: sent once it says it is up.
    let serving = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (codes, code_seen) = mpsc::channel::<String>();
    let mut readers = Vec::new();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let (text, codes, hint, serving) = (text.clone(), codes.clone(), hint.clone(), serving.clone());
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.contains("Ctrl-C stops the server") {
                    serving.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                if let Some(code) = line.split("would show the code ").nth(1) {
                    let _ = codes.send(code.trim().trim_end_matches('.').to_owned());
                } else if let Some(token) = line.split("oauth_token=").nth(1)
                    && let Some(code) = hint(token.split('&').next().unwrap_or_default())
                {
                    let _ = codes.send(code);
                }
                text.lock().unwrap().push_str(&(line + "\n"));
            }
        }));
    }
    // Only the readers send: when the program ends, the wait below does too.
    drop(codes);
    let mut stdin = child.stdin.take();
    match run.input {
        Input::Cancel => drop(stdin.take()),
        Input::Complete | Input::WrongCodes => {
            if let Ok(code) = code_seen.recv_timeout(Duration::from_secs(5))
                && let Some(stdin) = stdin.as_mut()
            {
                let typed = if run.input == Input::Complete {
                    format!("{code}\n")
                } else {
                    "000000\n111111\n222222\n".repeat(3)
                };
                let _ = stdin.write_all(typed.as_bytes());
            }
            drop(stdin.take());
        }
    }
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if serving.swap(false, std::sync::atomic::Ordering::SeqCst) {
            // SAFETY: kill sends a signal to our own child.
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run did not end within 30 s: {run:?}\n{}", text.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    for reader in readers {
        let _ = reader.join();
    }
    let out = text.lock().unwrap().clone();
    Ran { code, out }
}

#[tokio::test(flavor = "multi_thread")]
async fn random_runs_touch_only_what_they_were_asked_to() {
    let runs: usize = std::env::var("INVARIANT_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(160);
    let seed: u64 =
        std::env::var("INVARIANT_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED_2026_1206);
    eprintln!("{runs} runs from INVARIANT_SEED={seed}");
    // Another OAuth server on 127.0.0.1: not SmugMug's.
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let origin = server.origin().to_string();
    let consumer = server.consumer();
    let hint = server.code_lookup();
    let mut rng = Rng(seed | 1);
    for n in 0..runs {
        let home = make_home(&mut rng);
        let (run, writable, picture) =
            draw(&mut rng, &home, &origin, &consumer.key, consumer.secret.expose());
        let before = snapshot(home.root.path(), &home.tmp());
        let hint = hint.clone();
        let ran = tokio::task::spawn_blocking({
            let run_args = (run.args.clone(), run.env.clone(), run.input);
            move || execute(&Run { args: run_args.0, env: run_args.1, input: run_args.2 }, &hint)
        })
        .await
        .unwrap();
        let after = snapshot(home.root.path(), &home.tmp());
        let context = format!("run {n} (seed {seed}): {run:?}\nexit {:?}\n{}", ran.code, ran.out);
        assert!(ran.code.is_some_and(|c| c != 101), "a panic or a signal: {context}");
        // Nothing outside the model's places changed.
        for path in before.keys().chain(after.keys()) {
            // A folder a write needed may appear (only appear).
            let new_parent = !before.contains_key(path)
                && matches!(after.get(path), Some(Entry::Dir { .. }))
                && writable.iter().chain(&picture).any(|w| w.starts_with(path));
            let allowed = writable.iter().any(|w| w == path) || picture.as_ref() == Some(path) || new_parent;
            if !allowed && before.get(path) != after.get(path) {
                panic!("{} changed, outside the plan: {context}", path.display());
            }
        }
        // The person's real config never took another server's values
        // without `--config` naming it on the command line.
        let real = home.path(Place::Real);
        if let (Some(Entry::File { bytes: old, .. }), Some(Entry::File { bytes: new, .. })) =
            (before.get(&real), after.get(&real))
        {
            let named = run.args.windows(2).any(|w| w[0] == "--config" && Path::new(&w[1]) == real);
            let logout = run.args.iter().any(|a| a == "logout");
            assert!(old == new || named || logout, "the real config changed without --config: {context}");
        }
        // Every "X was not changed" is true of X.
        for line in ran.out.lines() {
            if let Some(i) = line.find(" was not changed") {
                let path = PathBuf::from(line[..i].rsplit(['(', ' ', ';']).next().unwrap());
                let was = before.get(&path);
                assert!(
                    was.is_some(),
                    "\"not changed\" said of {} that did not exist: {context}",
                    path.display()
                );
                assert_eq!(was, after.get(&path), "\"not changed\" is untrue: {context}");
            }
        }
        for secret in [SECRET, USER_SECRET, ENV_SECRET] {
            assert!(!ran.out.contains(secret), "a secret reached the output: {context}");
        }
        // No empty demo folder left behind.
        for entry in std::fs::read_dir(home.tmp()).unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with("smugmug-auth-demo-") {
                let empty = std::fs::read_dir(entry.path()).unwrap().next().is_none();
                assert!(!empty, "an empty demo folder was left: {context}");
            }
        }
    }
}
