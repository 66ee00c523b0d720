//! What a run may touch, through the real binary, in a home of its own
//! that holds a person's real-looking config: each way the previous
//! version lost or misreported credentials (issue 17's "Found").
#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use support::home::{Home, REAL, complete_plain, text};

#[test]
fn demo_with_a_subcommand_is_refused_and_touches_nothing() {
    for args in [
        &["--demo", "logout"][..],
        &["logout", "--demo"],
        &["--demo", "check"],
        &["check", "--demo"],
        &["--demo", "demo-server"],
        &["--qr-png", "x.png", "logout"],
        &["--plain", "check"],
        // A demo flag without the demo is not silently ignored either.
        &["--demo-fault", "signature_invalid", "--plain"],
    ] {
        let home = Home::new();
        let output = home.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        home.assert_config_untouched();
    }
}

#[test]
fn smugvision_config_in_the_environment_never_points_the_demo_at_a_real_file() {
    let home = Home::new();
    for _ in 0..2 {
        let mut command = home.command(&["--demo", "--plain"]);
        command.env("SMUGVISION_CONFIG", home.config());
        let output = complete_plain(command);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert!(text(&output).contains("does not use $SMUGVISION_CONFIG"), "{}", text(&output));
        home.assert_config_untouched();
    }
}

#[test]
fn qr_png_never_replaces_the_config_a_document_or_a_link() {
    let home = Home::new();
    let doc = home.path().join("notes.txt");
    std::fs::write(&doc, "my notes").unwrap();
    let link = home.path().join("link.png");
    std::os::unix::fs::symlink(&doc, &link).unwrap();
    let folder = home.path().join("pictures");
    std::fs::create_dir(&folder).unwrap();
    let bak = home.config().with_extension("yaml.bak");
    for target in [home.config(), doc.clone(), link.clone(), folder.clone(), bak.clone()] {
        let output = home.run(&["--demo", "--plain", "--qr-png", target.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}: {}", target.display(), text(&output));
        assert!(!text(&output).contains("was not changed"), "{}", text(&output));
        home.assert_config_untouched();
        assert_eq!(std::fs::read_to_string(&doc).unwrap(), "my notes");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(!bak.exists());
    }
    // An existing PNG is ours to replace; a new path too.
    let png = home.path().join("qr.png");
    std::fs::write(&png, smugmug_auth::qr_png::encode("https://example.com/").unwrap()).unwrap();
    let output = home.run(&["--demo", "--plain", "--qr-png", png.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    assert!(text(&output).contains("The QR code is saved as"), "{}", text(&output));
    home.assert_config_untouched();
}

/// `--qr-png` in a folder that does not exist: refused before the sign-in,
/// naming the folder, and no folder made (it made them, mode 0700).
#[test]
fn qr_png_in_a_folder_that_does_not_exist_is_refused_and_none_is_made() {
    let home = Home::new();
    for (target, folder) in [("q/sub/new.png", "q/sub"), ("q/new.png", "q")] {
        let path = home.path().join(target);
        let output = home.run(&["--demo", "--plain", "--qr-png", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        let named = format!("the folder {} does not exist", home.path().join(folder).display());
        assert!(text(&output).contains(&named), "{}", text(&output));
        assert!(!home.path().join("q").exists(), "a folder was made: {}", text(&output));
        home.assert_config_untouched();
    }
}

/// "An existing PNG" is a file that decodes as one, not one that starts
/// with the PNG signature: anything else is refused and left as it was
/// (bytes and mode); a picture is still replaced.
#[test]
fn qr_png_replaces_only_a_file_that_decodes_as_a_png() {
    let home = Home::new();
    let picture = smugmug_auth::qr_png::encode("https://example.com/").unwrap();
    let mut signature_then_text = picture[..8].to_vec();
    signature_then_text.extend_from_slice(b"my notes\n");
    let mut over_the_cap = picture.clone();
    over_the_cap.resize(65 * 1024, 0);
    let target = home.path().join("qr.png");
    for bytes in [signature_then_text, picture[..picture.len() / 2].to_vec(), over_the_cap] {
        std::fs::write(&target, &bytes).unwrap();
        support::set_mode(&target, 0o644);
        let output = home.run(&["--demo", "--plain", "--qr-png", target.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains("an existing PNG picture of at most 64 KiB"), "{}", text(&output));
        assert_eq!(std::fs::read(&target).unwrap(), bytes, "the file was replaced");
        support::assert_mode(&target, 0o644);
        home.assert_config_untouched();
    }
    std::fs::write(&target, &picture).unwrap();
    let output = home.run(&["--demo", "--plain", "--qr-png", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    assert!(text(&output).contains("The QR code is saved as"), "{}", text(&output));
}

/// A run that must end within `limit`: killed and failed otherwise.
fn run_within(mut command: Command, limit: std::time::Duration) -> std::process::Output {
    let started = std::time::Instant::now();
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Brackets left open cost the YAML parser the square of their number
/// (200,000 took 51 s) and a huge file its size many times over in memory
/// (30 MB took 878 MB): every reader refuses both at once, saying why, and
/// leaves the file as it is. A copy beside the config is read the same way.
#[test]
fn a_huge_or_deeply_bracketed_config_is_refused_at_once_by_every_reader() {
    let limit = std::time::Duration::from_secs(20);
    let deep = format!("other:\n  model: {}\n", "[".repeat(200_000));
    let deep_maps = format!("other:\n  model: {}\n", "{".repeat(200_000));
    let huge = format!("vision:\n  model: x\n# {}\n", "x".repeat(8 << 20));
    for (content, says) in [
        (&deep, "more than 128 deep"),
        (&deep_maps, "more than 128 deep"),
        (&huge, "reads no config over 256 KiB"),
    ] {
        let home = Home::new();
        std::fs::write(home.config(), content).unwrap();
        let config = home.config();
        let config = config.to_str().unwrap();
        for args in [
            &["check"][..],
            &["check", "--json"],
            &["logout"],
            &["--plain"],
            &["--demo", "--plain", "--config", config],
        ] {
            let output = run_within(home.command(args), limit);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {}", text(&output));
            assert!(text(&output).contains(says), "{args:?}: {}", text(&output));
            assert!(std::fs::read_to_string(home.config()).unwrap() == *content, "{args:?} changed it");
            for sibling in ["yaml.bak", "yaml.new"] {
                assert!(!home.config().with_extension(sibling).exists(), "{args:?} wrote .{sibling}");
            }
        }
    }
    let home = Home::new();
    std::fs::write(home.config().with_extension("yaml.bak"), format!("{REAL}{deep}")).unwrap();
    let output = run_within(home.command(&["logout"]), limit);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let output = run_within(home.command(&["check", "--origin", "http://127.0.0.1:9"]), limit);
    assert!(text(&output).contains("config.yaml.bak is the backup"), "{}", text(&output));
}

/// A config just under the cap that the four values would push over it
/// is refused before the sign-in: a save would leave a file this tool (and
/// so `logout`) could not read back.
#[test]
fn a_save_that_would_pass_the_size_cap_is_refused_before_the_sign_in() {
    let head = "smugmug:\n  api_key: \"DEMOk3yQ7vX2mB9pL4wR8tY6nC1hJ5sF\"\n";
    let content = format!("{head}#{}\n", "a".repeat(256 * 1024 - head.len() - 2));
    assert_eq!(content.len(), 256 * 1024);
    let home = Home::new();
    std::fs::write(home.config(), &content).unwrap();
    let config = home.config();
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", config.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("over the 256 KiB smugmug-auth reads back"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(home.config()).unwrap(), content);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_servers_tokens_do_not_replace_credentials_unless_config_names_the_file() {
    use smugmug_auth::demo::{DemoConfig, DemoServer};
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let origin = server.origin().to_string();
    let consumer = server.consumer();
    let home = Home::new();
    // From the flag and from the environment: refused before any call.
    let refused = home.run(&["--plain", "--origin", &origin]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("--config"), "names the way out: {}", text(&refused));
    let refused = home.command(&["--plain"]).env("SMUGMUG_ORIGIN", &origin).stdin(Stdio::null()).output();
    assert_eq!(refused.unwrap().status.code(), Some(2));
    let via_env = home
        .command(&["--plain", "--origin", &origin])
        .env("SMUGVISION_CONFIG", home.config())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(via_env.status.code(), Some(2), "the environment is not the command line");
    // `check` keeps the same rule: the environment alone does not send the
    // config's signed tokens to another server; the command line does.
    let check =
        home.command(&["check"]).env("SMUGMUG_ORIGIN", &origin).stdin(Stdio::null()).output().unwrap();
    assert_eq!(check.status.code(), Some(2), "{}", text(&check));
    assert!(text(&check).contains("give --origin (or --config) on the command line"), "{}", text(&check));
    assert_eq!(server.connections(), 0, "no call was made");
    home.assert_config_untouched();
    // A file of its own works, and the person's config stays as it was.
    let other = home.path().join("try.yaml");
    let mut command = home.command(&["--plain", "--origin", &origin, "--config", other.to_str().unwrap()]);
    command.env("SMUGMUG_API_KEY", &consumer.key).env("SMUGMUG_API_SECRET", consumer.secret.expose());
    let hint = server.code_lookup();
    let output = tokio::task::spawn_blocking(move || {
        let mut child =
            command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut url = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
        let token = url.split("oauth_token=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        writeln!(child.stdin.take().unwrap(), "{}", hint(&token).unwrap()).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(other.exists());
    home.assert_config_untouched();
}

#[test]
fn a_closed_stderr_does_not_panic() {
    let home = Home::new();
    let bin = env!("CARGO_BIN_EXE_smugmug-auth");
    let script =
        format!("'{bin}' --plain --demo < /dev/null 2>&1 | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}");
    let status = Command::new("bash").args(["-c", &script]).env("HOME", home.path()).output().unwrap();
    let code = String::from_utf8_lossy(&status.stdout).trim().to_owned();
    assert_ne!(code, "101", "a panic: {}", String::from_utf8_lossy(&status.stderr));
    assert!(["130", "1"].contains(&code.as_str()), "exit {code}");
    home.assert_config_untouched();
}

#[test]
fn logout_names_hard_links_and_copies_that_still_hold_tokens() {
    let home = Home::new();
    let twin = home.path().join("twin.yaml");
    std::fs::hard_link(home.config(), &twin).unwrap();
    let output = home.run(&["logout"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("1 other hard link(s); they still hold the tokens"), "{}", text(&output));
    // Nothing left to remove, but a .bak still holds them: said all the same.
    let home = Home::new();
    let without = "smugmug:\n  api_key: k\n";
    std::fs::write(home.config(), without).unwrap();
    std::fs::write(home.config().with_extension("yaml.bak"), REAL).unwrap();
    let output = home.run(&["logout"]);
    assert!(text(&output).contains("nothing to remove"), "{}", text(&output));
    assert!(text(&output).contains("config.yaml.bak still holds tokens"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(home.config()).unwrap(), without);
}

/// A display but no browser: xdg-open fails at once (as on WSL without
/// one). The wizard goes to the link and code by itself.
#[test]
fn a_browser_that_cannot_be_opened_switches_to_the_link() {
    let home = Home::new();
    let bin_dir = home.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    let fake = bin_dir.join("xdg-open");
    std::fs::write(&fake, "#!/bin/sh\necho 'xdg-open: no method available' >&2\nexit 3\n").unwrap();
    support::set_mode(&fake, 0o755);
    let command = format!(
        "env -u BROWSER -u SSH_CONNECTION -u SSH_CLIENT -u SSH_TTY HOME={home} DISPLAY=:99 PATH={bins}:/usr/bin:/bin \
         TERM=xterm-256color {bin} --demo; echo EXIT=$?; sleep 5",
        home = home.path().display(),
        bins = bin_dir.display(),
        bin = env!("CARGO_BIN_EXE_smugmug-auth"),
    );
    let Some(tmux) = support::tmux::Tmux::start(100, 30, &command) else { return };
    tmux.wait_for("Your SmugMug API key and secret");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Code: _ _ _ _ _ _");
    assert!(screen.contains("The browser did not open"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=");
    home.assert_config_untouched();
}

/// `demo-server` prints commands that try it safely: followed word for
/// word, they save to a file of their own and the real config stays.
#[test]
fn the_commands_demo_server_prints_leave_the_real_config_alone() {
    let home = Home::new();
    std::fs::create_dir(home.path().join("tmp")).unwrap();
    let mut server = Server(
        home.command(&["demo-server", "--code", "123456"])
            .env("TMPDIR", home.path().join("tmp"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines().map_while(Result::ok);
    let (mut key, mut secret, mut commands) = (String::new(), String::new(), Vec::<String>::new());
    for line in lines.by_ref() {
        if let Some(v) = line.trim().strip_prefix("api_key:") {
            key = v.trim().to_owned();
        } else if let Some(v) = line.trim().strip_prefix("api_secret:") {
            secret = v.split_whitespace().next().unwrap().to_owned();
        } else if let Some(command) = line.trim().strip_prefix("smugmug-auth ") {
            commands.push(command.to_owned());
        } else if line.contains("Ctrl-C stops") {
            break;
        }
    }
    assert_eq!(commands.len(), 2, "a sign-in and a check");
    for (command, input) in commands.iter().zip(["123456\n", ""]) {
        let words = shlex::split(command).unwrap();
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut child = home
            .command(&args)
            .args(if args[0] == "check" { None } else { Some("--plain") })
            .env("SMUGMUG_API_KEY", &key)
            .env("SMUGMUG_API_SECRET", &secret)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "smugmug-auth {command}: {}", text(&output));
        home.assert_config_untouched();
        if args[0] == "check" {
            break;
        }
    }
    let trial = shlex::split(&commands[0]).unwrap()[1].clone();
    assert!(trial.starts_with(home.path().join("tmp/smugmug-auth-demo-").to_str().unwrap()), "{trial}");
    assert!(Path::new(&trial).exists(), "saved in the server's private folder");
}

/// A `demo-server` stopped however the test ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run as root for a person (their folder, their config): the picture is
/// theirs, so they can open and replace it; in a shared sticky folder a
/// planted symlink is refused, not followed or replaced. Needs root.
#[test]
fn as_root_the_picture_belongs_to_the_person_and_a_planted_link_is_refused() {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        assert!(std::env::var_os("CI").is_none(), "CI runs this test as root");
        eprintln!("skipped: run as root to test files written for another user");
        return;
    }
    let home = Home::new();
    let person = home.path().join("person");
    std::fs::create_dir(&person).unwrap();
    let (uid, gid) = (4321, 4321);
    std::os::unix::fs::chown(&person, Some(uid), Some(gid)).unwrap();
    let config = person.join("config.yaml");
    let picture = person.join("qr.png");
    let output = home.run(&[
        "--demo",
        "--plain",
        "--config",
        config.to_str().unwrap(),
        "--qr-png",
        picture.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    let meta = std::fs::metadata(&picture).expect("the picture was written");
    assert_eq!((meta.uid(), meta.gid()), (uid, gid), "the person's own picture");
    // A shared sticky folder: someone planted a link where the picture goes.
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    support::set_mode(&shared, 0o1777);
    let victim = home.path().join("victim.png");
    std::fs::write(&victim, smugmug_auth::qr_png::encode("https://example.com/").unwrap()).unwrap();
    let planted = shared.join("qr.png");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let before = std::fs::read(&victim).unwrap();
    let output = home.run(&["--demo", "--plain", "--qr-png", planted.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("symbolic link"), "{}", text(&output));
    assert_eq!(std::fs::read(&victim).unwrap(), before);
    assert!(std::fs::symlink_metadata(&planted).unwrap().file_type().is_symlink());
}

/// Naming a real config for the demo is allowed, and said plainly before
/// and after: its credentials are replaced with ones smugVision cannot use.
#[test]
fn demo_values_over_real_credentials_are_said_before_and_after() {
    let home = Home::new();
    let config = home.config();
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", config.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let all = text(&output);
    assert!(all.contains("holds credentials; a save replaces them with the demo server's"), "{all}");
    assert!(!all.contains("older .bak"), "no .bak yet: {all}");
    // A second run would replace the .bak that now holds the real ones: said.
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", config.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("replacing the older .bak, which holds credentials too"),
        "{}",
        text(&output)
    );
    assert!(all.contains("not SmugMug's: smugVision cannot use them"), "{all}");
    assert!(!all.contains("smugVision can now reach"), "{all}");
}

/// Half of the access-token pair is not silently ignored.
#[test]
fn half_an_access_token_pair_is_named() {
    let home = Home::new();
    let output =
        home.command(&["--demo", "--plain"]).env("SMUGMUG_ACCESS_TOKEN", "tok").stdin(Stdio::null()).output();
    let all = text(&output.unwrap());
    assert!(all.contains("SMUGMUG_ACCESS_TOKEN_SECRET is not set"), "{all}");
    home.assert_config_untouched();
}

/// SIGTERM stops `demo-server` as Ctrl-C does: its empty trial folder goes.
#[test]
fn demo_server_stopped_by_sigterm_leaves_no_folder() {
    let home = Home::new();
    let tmp = home.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut server =
        Server(home.command(&["demo-server"]).env("TMPDIR", &tmp).stdout(Stdio::piped()).spawn().unwrap());
    let lines = BufReader::new(server.0.stdout.take().unwrap()).lines().map_while(Result::ok);
    for line in lines {
        if line.contains("Ctrl-C stops") {
            break;
        }
    }
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1, "the trial folder exists while it runs");
    // SAFETY: kill sends a signal to our own child.
    unsafe { libc::kill(server.0.id() as i32, libc::SIGTERM) };
    assert_eq!(server.0.wait().unwrap().code(), Some(143));
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "the empty trial folder was left");
}

/// A `~` no shell expanded, in --config or $SMUGVISION_CONFIG: refused
/// before anything, not a folder named `~` made where smugVision never looks.
#[test]
fn an_unexpanded_tilde_is_refused() {
    let home = Home::new();
    let here = tempfile::tempdir().unwrap();
    for (args, env) in [
        (&["--demo", "--plain", "--config", "~/x.yaml"][..], None),
        (&["--plain"][..], Some("~/x.yaml")),
        (&["--demo", "--plain", "--qr-png", "~/q.png"][..], None),
        (&["--demo", "--plain", "--config", "~alice/x.yaml"][..], None),
        (&["check"][..], Some("~+/x.yaml")),
    ] {
        let mut command = home.command(args);
        command.current_dir(here.path()).stdin(Stdio::null());
        if let Some(value) = env {
            command.env("SMUGVISION_CONFIG", value);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains("starts with ~"), "{}", text(&output));
        assert_eq!(std::fs::read_dir(here.path()).unwrap().count(), 0, "nothing made here");
    }
    home.assert_config_untouched();
}

/// A line break or an escape in a path would forge lines ("Saved to
/// /etc/passwd") or drive the terminal in every message naming it.
#[test]
fn a_path_with_a_control_character_is_refused() {
    let home = Home::new();
    for args in [
        &["--demo", "--plain", "--config", "a\nSaved to /etc/passwd\nb.yaml"][..],
        &["--demo", "--plain", "--qr-png", "q\x1b]0;x\x07.png"],
        &["check", "--config", "a\rb.yaml"],
        &["--demo", "--plain", "--config", "u\u{202e}x.yaml"],
    ] {
        let output = home.command(args).stdin(Stdio::null()).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains("holds a control character"), "{}", text(&output));
        assert!(!text(&output).contains(['\x1b', '\u{202e}']), "{}", text(&output));
    }
    home.assert_config_untouched();
}

/// The demo removes only its own empty folder: in a shared temp folder,
/// another user may have put theirs in its place meanwhile (here, one that
/// belongs to uid 4242 when we run as root), and it stays.
#[cfg(unix)]
#[test]
fn the_demo_removes_only_its_own_folder() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root, to give a folder to another user");
        return;
    }
    let home = Home::new();
    let tmp = home.path().join("shared");
    std::fs::create_dir(&tmp).unwrap();
    support::set_mode(&tmp, 0o777);
    let mut child = home
        .command(&["--demo", "--plain"])
        .env("TMPDIR", &tmp)
        .env_remove("SMUGMUG_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut link = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut link).unwrap();
    let ours = std::fs::read_dir(&tmp).unwrap().next().unwrap().unwrap().path();
    std::fs::rename(&ours, tmp.join("moved")).unwrap();
    std::fs::create_dir(&ours).unwrap();
    std::os::unix::fs::chown(&ours, Some(4242), Some(4242)).unwrap();
    drop(child.stdin.take()); // the input ends: nothing is saved
    child.wait().unwrap();
    assert!(ours.is_dir(), "another user's folder was removed");
}

/// A demo's advice names no command that could not be followed after the
/// run: its server and temporary config are gone by then.
#[test]
fn a_demos_advice_names_none_of_its_temporary_things() {
    let home = Home::new();
    let output = complete_plain(home.command(&["--demo", "--plain", "--demo-fault", "bogus_thing"]));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("`smugmug-auth check`"), "{}", text(&output));
    assert!(!text(&output).contains("check --config"), "{}", text(&output));
}

/// An unknown `--demo-fault` names the ones there are; each named one is
/// its own fault, not a bare oauth_problem.
#[test]
fn an_unknown_demo_fault_lists_the_known_ones() {
    use smugmug_auth::demo::Fault;
    for name in Fault::names() {
        assert!(!matches!(Fault::parse(name), None | Some(Fault::Problem(_))), "{name}");
    }
    let home = Home::new();
    let output = home
        .command(&["--demo", "--plain", "--demo-fault", "http_429"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("or one of signature_invalid, parameter_absent"), "{}", text(&output));
}

/// timestamp_refused while the clocks agree: the advice says the clock is
/// not the cause, instead of only sending the person to fix it.
#[test]
fn a_time_refusal_with_clocks_that_agree_says_the_clock_is_not_the_cause() {
    let home = Home::new();
    let output = complete_plain(home.command(&["--demo", "--plain", "--demo-fault", "timestamp_refused"]));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("agrees with the server's"), "{}", text(&output));
    assert!(
        text(&output).contains("As the clocks agree, this computer's clock is not the cause"),
        "{}",
        text(&output)
    );
}

/// A config path that can only fail at the save is refused before the
/// sign-in: one ending with a folder separator, and /dev/stdout (a link
/// to a pipe, whose resolved name "pipe:[…]" is no file).
#[cfg(unix)]
#[test]
fn a_config_that_is_a_folder_or_a_pipe_by_another_name_is_refused_first() {
    let home = Home::new();
    let dir = home.path().join("odd/dir/");
    for args in [
        &["--demo", "--plain", "--config", dir.to_str().unwrap()][..],
        &["--demo", "--plain", "--config", "/dev/stdout"],
    ] {
        let output = complete_plain(home.command(args));
        assert!(matches!(output.status.code(), Some(1 | 2)), "{args:?}: {}", text(&output));
        assert!(!text(&output).contains("Open this link"), "refused before the sign-in: {}", text(&output));
    }
    assert!(!home.path().join("odd").exists(), "no folder made");
}
