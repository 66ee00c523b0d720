//! Every `smugmug-auth …` command the documentation shows is run: the
//! code blocks and inline code of README.md and docs/*.md, and the
//! examples of `smugmug-auth --help`. Each runs offline against the demo,
//! in a home of its own that holds a real-looking config, and none may be
//! a usage error: a flag that changes breaks this test, not a reader.
//!
//! How each command is run is decided in `WAYS`, one line per command as
//! written; a command the table does not name fails the test, so a new
//! one in the docs must be considered here. Commands of other programs
//! (pip, cargo other than `cargo run -- …`, smugvision, export, read,
//! printf …) are skipped: they are not this program's interface.
#![cfg(unix)]

mod support;

use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const REAL: &str = "# mine\nsmugmug:\n  api_key: RealKey1234567890abcdefghijklmnop\n  api_secret: RealSecret1234567890abcdefghijklmnopqrstuvwxyz123456\n  user_token: RealToken1234567890abcdefghijkl\n  user_secret: RealUserSecret1234567890abcdefghijklmnopqrstuvwxyz12\nvision:\n  model: x\n";

/// How a command shown in the docs is run without the real SmugMug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Not a command but what one prints (`smugmug-auth 0.1.0 (…)`).
    Output,
    /// Reaches no server: run as written in the temporary home.
    AsIs,
    /// A sign-in: `--demo` added (the built-in server), the key and secret
    /// in the environment unless the command pipes them in, and the code
    /// the demo shows typed at the prompt.
    Demo,
    /// Talks to the server with saved tokens (`check`): `--origin` a demo
    /// server and `--config` a config that holds its tokens.
    Server,
    /// Serves until stopped (`demo-server`): started, its banner read,
    /// then stopped with Ctrl-C (SIGINT).
    Background,
    /// A demo sign-in made to fail (`--demo-fault NAME`): run as `Demo`,
    /// it must end with exit 1 and name the problem.
    Fails,
}

/// Every command the docs show, as written (its words joined by one
/// space), and how it is run.
const WAYS: &[(&str, Way)] = &[
    ("smugmug-auth", Way::Demo),
    ("smugmug-auth --version", Way::AsIs),
    ("smugmug-auth 0.1.0 (aarch64-apple-darwin)", Way::Output),
    ("cargo run --release -- --demo", Way::Demo),
    ("smugmug-auth check", Way::Server),
    ("smugmug-auth check --json", Way::Server),
    ("smugmug-auth check [--json] [--fix-permissions]", Way::Server),
    ("smugmug-auth logout", Way::AsIs),
    ("smugmug-auth logout --json", Way::AsIs),
    ("smugmug-auth logout [--json]", Way::AsIs),
    ("smugmug-auth --plain", Way::Demo),
    ("smugmug-auth --plain --browser", Way::Demo),
    ("smugmug-auth demo-server [--port N] [--code NNNNNN] [--delay-ms N]", Way::Background),
    // `--help`'s examples.
    ("smugmug-auth --demo", Way::Demo),
    ("SMUGMUG_API_KEY=KEY smugmug-auth --plain", Way::Demo),
    ("smugmug-auth --qr-png qr.png", Way::Demo),
    ("smugmug-auth demo-server --code 123456", Way::Background),
    ("smugmug-auth --demo --demo-fault signature_invalid", Way::Fails),
    ("smugmug-auth --demo --demo-fault token_rejected@access", Way::Fails),
];

/// What a placeholder in a shown command stands for here.
fn substitute(word: &str) -> String {
    let word = word.trim_start_matches('[').trim_end_matches(']');
    match word {
        "$KEY" | "KEY" => DEMO_API_KEY.into(),
        "$SECRET" | "SECRET" => DEMO_API_SECRET.into(),
        "N" => "0".into(),
        "NNNNNN" => "123456".into(),
        w if w.starts_with('$') || (w.starts_with('<') && w.ends_with('>')) => {
            panic!("no test value for the placeholder {w}: add one to substitute()")
        }
        w => w.into(),
    }
}

/// One command found in the docs.
#[derive(Debug, Clone)]
struct Shown {
    /// Where it was found.
    source: String,
    /// As written: its words joined by one space (the key in `WAYS`).
    written: String,
    /// `NAME=value` before the program name.
    env: Vec<(String, String)>,
    /// The arguments after the program name, placeholders substituted.
    args: Vec<String>,
    /// What the command line pipes into it (`printf … |`).
    stdin: Option<String>,
}

/// The shell lines of a Markdown text: each line of a fenced code block
/// (with `\` continuations joined), and each inline code span.
fn shell_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut paragraph = String::new();
    let mut continued = String::new();
    let flush = |paragraph: &mut String, lines: &mut Vec<String>| {
        for (i, span) in paragraph.split('`').enumerate() {
            if i % 2 == 1 {
                lines.push(span.replace('\n', " "));
            }
        }
        paragraph.clear();
    };
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            flush(&mut paragraph, &mut lines);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            if let Some(head) = line.strip_suffix('\\') {
                continued.push_str(head);
                continue;
            }
            continued.push_str(line);
            lines.push(std::mem::take(&mut continued));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut lines);
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    flush(&mut paragraph, &mut lines);
    lines
}

/// The commands of this program on a shell line.
fn commands_on(line: &str, source: &str) -> Vec<Shown> {
    if !line.contains("smugmug-auth") && !line.contains("cargo run") {
        return Vec::new();
    }
    let Some(words) = shlex::split(line) else { panic!("{source}: cannot split {line:?} as a shell line") };
    // Segments between `|`, `&&`, `||` and `;`, each with the separator before it.
    let mut segments: Vec<(Option<String>, Vec<String>)> = vec![(None, Vec::new())];
    for word in words {
        if ["|", "&&", "||", ";"].contains(&word.as_str()) {
            segments.push((Some(word), Vec::new()));
        } else if let Some(word) = word.strip_suffix(';') {
            segments.last_mut().unwrap().1.push(word.into());
            segments.push((Some(";".into()), Vec::new()));
        } else {
            segments.last_mut().unwrap().1.push(word);
        }
    }
    let mut found = Vec::new();
    for (i, (separator, words)) in segments.iter().enumerate() {
        let assignments = words.iter().take_while(|w| is_assignment(w)).count();
        let (env, program) = words.split_at(assignments);
        let args: Vec<String> = match program {
            [name, rest @ ..] if name == "smugmug-auth" => rest.to_vec(),
            // `cargo run [--release] -- ARGS` runs this program with ARGS.
            [cargo, run, rest @ ..] if cargo == "cargo" && run == "run" => {
                match rest.iter().position(|w| w == "--") {
                    Some(dash) => rest[dash + 1..].to_vec(),
                    None => continue,
                }
            }
            // Another program (pip, cargo, smugvision, export, read, printf …).
            _ => continue,
        };
        let stdin = match (separator.as_deref(), i.checked_sub(1).map(|p| &segments[p].1)) {
            (Some("|"), Some(before)) => Some(printf(before, source)),
            _ => None,
        };
        found.push(Shown {
            source: source.into(),
            written: words.join(" "),
            env: env
                .iter()
                .map(|a| {
                    let (k, v) = a.split_once('=').unwrap();
                    (k.into(), substitute(v))
                })
                .collect(),
            args: args.iter().map(|a| substitute(a)).collect(),
            stdin,
        });
    }
    found
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=')
        .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// What `printf FORMAT ARGS…` writes (only `%s` and `\n`, what the docs use).
fn printf(words: &[String], source: &str) -> String {
    let [printf, format, args @ ..] = words else { panic!("{source}: a pipe from {words:?}") };
    assert_eq!(printf, "printf", "{source}: only printf is piped into smugmug-auth in a test");
    let mut args = args.iter().map(|a| substitute(a));
    let mut out = String::new();
    let mut rest = format.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("%s") {
            out.push_str(&args.next().unwrap_or_default());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("\\n") {
            out.push('\n');
            rest = r;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_smugmug-auth")
}

/// The examples in `smugmug-auth --help`: each line of its Examples
/// section, without the description after two spaces.
fn help_examples() -> Vec<String> {
    let help = Command::new(binary()).arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8(help.stdout).unwrap();
    let section = help.split_once("\nExamples:\n").expect("--help has an Examples section").1;
    section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().split("  ").next().unwrap().to_owned())
        .collect()
}

/// Every command shown: README.md, docs/*.md and `--help`'s examples.
fn shown_commands() -> Vec<Shown> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let mut found = Vec::new();
    for page in pages {
        let name = page.strip_prefix(root).unwrap().display().to_string();
        for line in shell_lines(&std::fs::read_to_string(&page).unwrap()) {
            found.extend(commands_on(&line, &name));
        }
    }
    let examples = help_examples();
    assert!(examples.len() >= 6, "--help shows too few examples: {examples:?}");
    for line in examples {
        found.extend(commands_on(&line, "smugmug-auth --help"));
    }
    found
}

fn way(shown: &Shown) -> Way {
    match WAYS.iter().find(|(w, _)| *w == shown.written) {
        Some((_, way)) => *way,
        None => panic!(
            "{}: `{}` is shown but not in WAYS (tests/commands.rs): say how it runs against the demo",
            shown.source, shown.written
        ),
    }
}

/// A home of its own holding a person's real-looking config.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let home = Home { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(home.path().join(".smugvision")).unwrap();
        std::fs::write(home.config(), REAL).unwrap();
        support::set_mode(&home.config(), 0o600);
        home
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn config(&self) -> PathBuf {
        self.path().join(".smugvision/config.yaml")
    }
    fn command(&self, shown: &Shown, args: &[String]) -> Command {
        let mut command = Command::new(binary());
        command.args(args).current_dir(self.path());
        support::home::isolate(&mut command, self.path());
        command
            // As over SSH on every system (macOS has no $DISPLAY): no real
            // browser is opened; the sign-in takes the code path.
            .env("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22")
            .envs(shown.env.iter().map(|(k, v)| (k, v)));
        command
    }
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Sends `signal` to `pid` after `after` unless `done` first.
fn watchdog(pid: u32, after: std::time::Duration) -> std::sync::mpsc::Sender<()> {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if wait.recv_timeout(after).is_err() {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
    });
    done
}

/// A plain sign-in against the demo, typed through: what is piped in
/// first, then the code the demo shows; then end of input.
fn sign_in(mut command: Command, piped: Option<&str>) -> Output {
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let done = watchdog(child.id(), std::time::Duration::from_secs(60));
    let mut stdin = child.stdin.take();
    if let Some(input) = piped {
        stdin.as_mut().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        if let Some(code) = line.split("would show the code ").nth(1)
            && let Some(mut input) = stdin.take()
        {
            let _ = writeln!(input, "{}", code.trim().trim_end_matches('.'));
        }
        line.clear();
    }
    drop(stdin);
    let mut output = child.wait_with_output().unwrap();
    let _ = done.send(());
    output.stderr = seen.into_bytes();
    output
}

/// `demo-server …`: it must start and say where; Ctrl-C stops it with 0.
fn serve(mut command: Command) -> Output {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let done = watchdog(child.id(), std::time::Duration::from_secs(30));
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    if first.starts_with("Demo OAuth 1.0a server on") {
        let mut rest = String::new();
        while stdout.read_line(&mut rest).unwrap() > 0 && !rest.contains("Ctrl-C stops") {}
        Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    }
    let mut output = child.wait_with_output().unwrap();
    let _ = done.send(());
    let mut stdout = first.into_bytes();
    stdout.append(&mut output.stdout);
    output.stdout = stdout;
    output
}

/// Runs one shown command its way; the home's config is checked after.
async fn run(shown: &Shown, server: &DemoServer) -> Option<Output> {
    let home = Home::new();
    let way = way(shown);
    let output = match way {
        Way::Output => return None,
        Way::AsIs => home.command(shown, &shown.args).stdin(Stdio::null()).output().unwrap(),
        Way::Demo | Way::Fails => {
            let mut args = shown.args.clone();
            if !args.iter().any(|a| a == "--demo") {
                args.push("--demo".into());
            }
            let mut command = home.command(shown, &args);
            if shown.stdin.is_none() {
                command.env("SMUGMUG_API_KEY", DEMO_API_KEY).env("SMUGMUG_API_SECRET", DEMO_API_SECRET);
            }
            let piped = shown.stdin.clone();
            tokio::task::spawn_blocking(move || sign_in(command, piped.as_deref())).await.unwrap()
        }
        Way::Server => {
            let dir = tempfile::tempdir().unwrap();
            let config = support::working_config(server, dir.path()).await;
            let mut args = shown.args.clone();
            args.extend(["--origin".into(), server.origin().to_string(), "--config".into()]);
            args.push(config.display().to_string());
            let command = home.command(shown, &args);
            let output = support::output_with_input(command, Vec::new()).await;
            assert!(
                smugmug_auth::config::load(&config).unwrap().unwrap().user_token.is_some(),
                "{}: the demo config lost its tokens",
                shown.written
            );
            output
        }
        Way::Background => {
            let command = home.command(shown, &shown.args);
            tokio::task::spawn_blocking(move || serve(command)).await.unwrap()
        }
    };
    if way != Way::AsIs {
        assert_eq!(
            std::fs::read_to_string(home.config()).unwrap(),
            REAL,
            "{}: `{}` changed the real config",
            shown.source,
            shown.written
        );
    }
    Some(output)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_command_shown_runs_against_the_demo() {
    let shown = shown_commands();
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let mut ran = BTreeSet::new();
    for command in &shown {
        let Some(output) = run(command, &server).await else {
            ran.insert(command.written.clone());
            continue;
        };
        let code = output.status.code();
        if way(command) == Way::Fails {
            let fault = command.args.last().unwrap().split('@').next().unwrap().to_owned();
            assert_eq!(code, Some(1), "{}: `{}`:\n{}", command.source, command.written, text(&output));
            assert!(
                text(&output).contains(&fault),
                "{}: `{}`:\n{}",
                command.source,
                command.written,
                text(&output)
            );
            ran.insert(command.written.clone());
            continue;
        }
        assert_ne!(
            code,
            Some(2),
            "{}: `{}` is a usage error:\n{}",
            command.source,
            command.written,
            text(&output)
        );
        assert_eq!(
            code,
            Some(0),
            "{}: `{}` (run as {:?} {:?}) failed:\n{}",
            command.source,
            command.written,
            way(command),
            command.args,
            text(&output)
        );
        eprintln!(
            "{}: `{}` ran as {:?} {:?}: exit 0",
            command.source,
            command.written,
            way(command),
            command.args
        );
        ran.insert(command.written.clone());
    }
    let unused: Vec<&str> = WAYS.iter().map(|(w, _)| *w).filter(|w| !ran.contains(*w)).collect();
    assert!(unused.is_empty(), "WAYS names commands no doc shows any more: {unused:?}");
}

#[test]
fn the_extraction_finds_what_the_docs_write() {
    let found = commands_on(
        r#"printf '%s\n%s\n' "$KEY" "$SECRET" | smugmug-auth --plain      # then type the code"#,
        "t",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].written, "smugmug-auth --plain");
    assert_eq!(found[0].stdin.as_deref(), Some(format!("{DEMO_API_KEY}\n{DEMO_API_SECRET}\n").as_str()));
    assert!(commands_on("pip install smugmug-auth        # or: pipx install smugmug-auth", "t").is_empty());
    let found = commands_on("SMUGMUG_API_KEY=KEY smugmug-auth --plain", "t");
    assert_eq!(found[0].env, [("SMUGMUG_API_KEY".to_string(), DEMO_API_KEY.to_string())]);
    let lines = shell_lines("a `smugmug-auth\ncheck` b\n\n```sh\nx \\\n  y\n```\n");
    assert_eq!(lines, ["smugmug-auth check", "x   y"]);
}

#[test]
fn help_shows_examples_and_describes_every_qr_format() {
    let help = Command::new(binary()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for example in ["--demo", "--plain", "--qr-png", "check --json", "logout", "demo-server"] {
        assert!(
            help_examples().iter().any(|e| e.contains(&format!("smugmug-auth {example}"))),
            "--help's examples lack `{example}`"
        );
    }
    // Every `--qr` value has a description (`- off: …`, not a bare `- off`).
    let values: Vec<&str> = help
        .lines()
        .map(str::trim)
        .filter(|l| ["- auto", "- small", "- large", "- ascii", "- off"].iter().any(|v| l.starts_with(v)))
        .collect();
    assert_eq!(values.len(), 5, "{help}");
    for value in values {
        assert!(value.contains(": "), "`--qr {value}` has no description in --help");
    }
}

#[test]
fn each_subcommand_help_lists_only_what_it_uses() {
    let sign_in = ["--plain", "--browser", "--qr", "--qr-png", "--demo", "--access", "--permissions"];
    for (command, also_unused) in
        [("check", &[][..]), ("logout", &["--origin"][..]), ("demo-server", &["--origin", "--config"][..])]
    {
        let output = Command::new(binary()).args([command, "--help"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        let help = String::from_utf8(output.stdout).unwrap();
        let flags: BTreeSet<&str> = help
            .split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']' || c == '=')
            .filter(|w| w.starts_with("--"))
            .collect();
        for flag in sign_in.iter().chain(also_unused) {
            assert!(
                !flags.contains(flag),
                "`smugmug-auth {command} --help` lists {flag}, which it does not use"
            );
        }
    }
}
