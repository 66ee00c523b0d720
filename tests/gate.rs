//! The write gate against what an adversary tried: a failed save that
//! would replace the older backup, a folder that became a link since the
//! plan, picture paths through links or at a config whose folder does not
//! exist yet, a picture over a file that only starts like a PNG or in a
//! folder gone since the plan, a FIFO, links another user planted in a
//! shared folder, and files made as root in a person's home.
#![cfg(unix)]

mod support;

use smugmug_auth::config::{self, Credentials, SaveError};
use smugmug_auth::gate::Gate;
use smugmug_auth::oauth::{AccessToken, Consumer};
use smugmug_auth::secret::Secret;
use std::os::unix::fs::MetadataExt;
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::home::{Home, complete_plain, text};

fn credentials() -> Credentials {
    Credentials::new(
        Consumer { key: "k".repeat(32), secret: Secret::new("s".repeat(64)) },
        AccessToken { token: "t".repeat(32), secret: Secret::new("u".repeat(64)) },
    )
}

/// A folder like /tmp: anyone may add files, only owners remove them.
fn shared_folder(home: &Home) -> std::path::PathBuf {
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    support::set_mode(&shared, 0o1777);
    shared
}

fn root() -> bool {
    // SAFETY: geteuid has no arguments and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        assert!(std::env::var_os("CI").is_none(), "CI runs this test as root");
        eprintln!("skipped: needs root (another user's files)");
    }
    root
}

/// A save that fails at the last step (the config became a link since the
/// plan) leaves the older backup and an earlier rescue file as they were.
#[test]
fn a_failed_save_keeps_the_older_backup_and_an_earlier_rescue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, "smugmug:\n  api_key: old\n").unwrap();
    let gate = Gate::for_config(&path);
    std::fs::write(dir.path().join("config.yaml.bak"), "# the older backup\n").unwrap();
    std::fs::write(dir.path().join("config.yaml.new"), "# an earlier rescue\n").unwrap();
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, "smugmug:\n  api_key: other\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&other, &path).unwrap();
    let error = config::save(&gate, &credentials()).unwrap_err();
    let SaveError::Rescued { rescue, .. } = &error else { panic!("{error}") };
    assert_ne!(rescue, &dir.path().join("config.yaml.new"), "the earlier rescue is not replaced");
    assert_eq!(std::fs::read_to_string(dir.path().join("config.yaml.bak")).unwrap(), "# the older backup\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("config.yaml.new")).unwrap(), "# an earlier rescue\n");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "smugmug:\n  api_key: other\n");
    let _ = std::fs::remove_dir_all(rescue.parent().unwrap());
}

/// The config's folder replaced by a link since the plan: nothing is
/// written through it.
#[test]
fn a_folder_that_became_a_link_since_the_plan_is_not_written_through() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join(".smugvision");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("config.yaml");
    std::fs::write(&path, "smugmug:\n  api_key: mine\n").unwrap();
    let gate = Gate::for_config(&path);
    let elsewhere = root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("config.yaml"), "smugmug:\n  api_key: theirs\n").unwrap();
    std::fs::rename(&folder, root.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &folder).unwrap();
    let error = config::save(&gate, &credentials()).unwrap_err();
    assert!(error.to_string().contains("no longer where this run found it"), "{error}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("config.yaml")).unwrap(),
        "smugmug:\n  api_key: theirs\n"
    );
    assert!(!elsewhere.join("config.yaml.bak").exists());
    let rescue = match &error {
        SaveError::Rescued { rescue, .. } => rescue.clone(),
        SaveError::Lost { .. } => panic!("{error}"),
    };
    let _ = std::fs::remove_dir_all(rescue.parent().unwrap());
}

/// The person's own config whose folder does not exist yet is still a
/// config: no picture goes there.
#[test]
fn no_picture_at_a_config_whose_folder_does_not_exist_yet() {
    let home = Home::new();
    std::fs::remove_dir_all(home.path().join(".smugvision")).unwrap();
    for target in [home.config(), home.config().with_extension("yaml.bak")] {
        let output = home.run(&["--demo", "--plain", "--qr-png", target.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(!home.path().join(".smugvision").exists(), "nothing made: {}", text(&output));
    }
    let own = home.path().join("new/c.yaml");
    let output = home.run(&[
        "--plain",
        "--demo",
        "--config",
        own.to_str().unwrap(),
        "--qr-png",
        home.path().join("new/../new/c.yaml").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}

/// At the write, as at the plan: a file put where the picture goes since
/// the plan must decode as a PNG; the signature followed by text does not,
/// and is left as it was (bytes and mode).
#[test]
fn at_the_write_the_picture_replaces_only_a_file_that_decodes_as_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("qr.png");
    let gate = Gate::new(dir.path().join("config.yaml"), true, Some(picture.clone()));
    let mut planted = b"\x89PNG\r\n\x1a\n".to_vec();
    planted.extend_from_slice(b"my notes\n");
    std::fs::write(&picture, &planted).unwrap();
    support::set_mode(&picture, 0o644);
    let error = smugmug_auth::qr_png::write(&gate, "https://example.com/").unwrap_err();
    assert!(error.to_string().contains("does not decode as one"), "{error}");
    assert_eq!(std::fs::read(&picture).unwrap(), planted);
    support::assert_mode(&picture, 0o644);
}

/// At the write, as at the plan: a picture's folder removed since the plan
/// is not made again; `p` beside a config not saved yet still makes the
/// config's own folder, as the save would.
#[test]
fn at_the_write_no_folder_is_made_for_a_picture_but_the_configs_own() {
    let url = "https://example.com/";
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).unwrap();
    let gate = Gate::new(dir.path().join("config.yaml"), true, Some(gone.join("qr.png")));
    std::fs::remove_dir(&gone).unwrap();
    let error = smugmug_auth::qr_png::write(&gate, url).unwrap_err();
    assert!(error.to_string().contains(&format!("the folder {} does not exist", gone.display())), "{error}");
    assert!(!gone.exists(), "the folder was made again");

    let unsaved = dir.path().join("home/.smugvision/config.yaml");
    let beside = unsaved.with_file_name("smugmug-authorize-qr.png");
    let gate = Gate::new(unsaved, true, Some(beside.clone()));
    assert_eq!(smugmug_auth::qr_png::write(&gate, url).unwrap(), beside);
}

/// A FIFO where the picture would go is refused at once, not waited on.
#[test]
fn a_fifo_as_the_picture_is_refused_without_waiting() {
    let home = Home::new();
    let fifo = home.path().join("qr.png");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let started = Instant::now();
    let mut child = home
        .command(&["--demo", "--plain", "--qr-png", fifo.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("waited on the FIFO");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
}

/// A folder link another user planted in a shared sticky folder is not
/// followed, for the picture or the config.
#[test]
fn a_folder_link_another_user_planted_in_a_shared_folder_is_refused() {
    if !root() {
        return;
    }
    let home = Home::new();
    let shared = shared_folder(&home);
    let pictures = home.path().join("Pictures");
    std::fs::create_dir(&pictures).unwrap();
    std::fs::write(
        pictures.join("holiday.png"),
        smugmug_auth::qr_png::encode("https://example.com/").unwrap(),
    )
    .unwrap();
    let before = std::fs::read(pictures.join("holiday.png")).unwrap();
    let planted = shared.join("qr");
    std::os::unix::fs::symlink(&pictures, &planted).unwrap();
    std::os::unix::fs::lchown(&planted, Some(4321), Some(4321)).unwrap();
    let output = home.run(&["--demo", "--plain", "--qr-png", planted.join("holiday.png").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(std::fs::read(pictures.join("holiday.png")).unwrap(), before);
    // The same link as the way to a config.
    let to_config = shared.join("cfg");
    std::os::unix::fs::symlink(home.path().join(".smugvision"), &to_config).unwrap();
    std::os::unix::fs::lchown(&to_config, Some(4321), Some(4321)).unwrap();
    let output =
        home.run(&["--demo", "--plain", "--config", to_config.join("config.yaml").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    home.assert_config_untouched();
}

/// Root saving a new config into a person's home: the config and the
/// folder made for it are the person's.
#[test]
fn as_root_a_new_config_in_a_persons_home_is_theirs() {
    if !root() {
        return;
    }
    let home = Home::new();
    let person = home.path().join("alice");
    std::fs::create_dir(&person).unwrap();
    std::os::unix::fs::chown(&person, Some(4321), Some(4321)).unwrap();
    let config = person.join(".smugvision/config.yaml");
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", config.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    for path in [config.clone(), person.join(".smugvision")] {
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321), "{} is the person's", path.display());
    }
}

/// `check --fix-permissions` with ~/.smugvision a link to a shared sticky
/// folder: that folder keeps its mode.
#[test]
fn fix_permissions_never_changes_a_shared_folder() {
    let home = Home::new();
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::rename(home.config(), shared.join("config.yaml")).unwrap();
    support::set_mode(&shared, 0o1777);
    std::fs::remove_dir(home.path().join(".smugvision")).unwrap();
    std::os::unix::fs::symlink(&shared, home.path().join(".smugvision")).unwrap();
    let _ = home.run(&["check", "--fix-permissions", "--origin", "http://127.0.0.1:9"]);
    let mode = std::fs::metadata(&shared).unwrap().mode() & 0o7777;
    assert_eq!(mode, 0o1777, "the shared folder's mode changed");
}

/// Like protected_regular: another user's file in a shared sticky folder
/// is not filled with the secrets (a save keeps a file's owner, so they
/// would be that user's to read) — refused before the sign-in, and again
/// at the write when it appears during one. `check` may still read it.
#[test]
fn another_users_config_in_a_shared_folder_is_not_filled_with_secrets() {
    if !root() {
        return;
    }
    let home = Home::new();
    let shared = shared_folder(&home);
    let theirs = shared.join("config.yaml");
    std::fs::write(&theirs, "smugmug:\n  api_key: m\n").unwrap();
    support::set_mode(&theirs, 0o666);
    std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).unwrap();
    for args in [&["--demo", "--plain", "--config"][..], &["logout", "--config"]] {
        let mut args = args.to_vec();
        args.push(theirs.to_str().unwrap());
        let output = complete_plain(home.command(&args));
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        assert!(text(&output).contains("belongs to another user"), "{}", text(&output));
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "smugmug:\n  api_key: m\n");
        assert!(!shared.join("config.yaml.bak").exists());
    }
    let output = home.run(&["check", "--config", theirs.to_str().unwrap()]);
    assert_ne!(output.status.code(), Some(2), "check only reads: {}", text(&output));
    // Planted after the plan, before the save: the gate refuses it.
    std::fs::remove_file(&theirs).unwrap();
    let gate = Gate::for_config(&theirs);
    std::fs::write(&theirs, "smugmug:\n  api_key: m\n").unwrap();
    std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).unwrap();
    let error = config::save(&gate, &credentials()).unwrap_err();
    assert!(error.to_string().contains("belongs to another user"), "{error}");
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "smugmug:\n  api_key: m\n");
    if let SaveError::Rescued { rescue, .. } = &error {
        assert_eq!(std::fs::metadata(rescue).unwrap().uid(), 0, "the rescue copy is ours");
        let _ = std::fs::remove_dir_all(rescue.parent().unwrap());
    }
}

/// A `.bak` that is a link (to anything): replaced itself, never followed,
/// and no "no longer where this run found it" after the sign-in.
#[test]
fn a_backup_that_is_a_link_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, "smugmug:\n  api_key: old\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim");
    std::fs::write(&victim, "victim\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("config.yaml.bak")).unwrap();
    let gate = Gate::for_config(&path);
    config::save(&gate, &credentials()).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim\n");
    let bak = dir.path().join("config.yaml.bak");
    assert!(!std::fs::symlink_metadata(&bak).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), "smugmug:\n  api_key: old\n");
}

/// The config swapped for a link after the plan: the save neither reads
/// through it nor blames what it points to, and says what happened.
#[test]
fn a_config_swapped_for_a_link_is_not_read_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, "smugmug:\n  api_key: old\n").unwrap();
    let gate = Gate::for_config(&path);
    let private = dir.path().join("private");
    std::fs::write(&private, "root secret\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&private, &path).unwrap();
    let error = config::save(&gate, &credentials()).unwrap_err();
    let said = error.to_string();
    assert!(said.contains("is a symbolic link"), "{said}");
    assert!(!said.contains("single string"), "{said}");
    if let SaveError::Rescued { rescue, .. } = &error {
        assert!(!std::fs::read_to_string(rescue).unwrap().contains("root secret"));
        let _ = std::fs::remove_dir_all(rescue.parent().unwrap());
    }
    assert_eq!(std::fs::read_to_string(&private).unwrap(), "root secret\n");
}

/// As root: a folder another user made in a shared folder, on the way to
/// the config, is refused before the sign-in (what is saved below it would
/// be given to them); so is their `.bak` beside our config there. A config
/// that changed hands since the plan is not written into.
#[test]
fn another_users_folder_or_backup_in_a_shared_folder_and_a_config_that_changed_hands() {
    if !root() {
        return;
    }
    let home = Home::new();
    let shared = shared_folder(&home);
    let theirs = shared.join("sub");
    std::fs::create_dir(&theirs).unwrap();
    support::set_mode(&theirs, 0o777);
    std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).unwrap();
    let config = theirs.join("config.yaml");
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", config.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(!config.exists());
    // Our config in the shared folder, their `.bak` beside it.
    let ours = shared.join("config.yaml");
    std::fs::write(&ours, "smugmug:\n  api_key: mine\n").unwrap();
    let bak = shared.join("config.yaml.bak");
    std::fs::write(&bak, "theirs\n").unwrap();
    std::os::unix::fs::chown(&bak, Some(4321), Some(4321)).unwrap();
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", ours.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(2), "refused before the sign-in: {}", text(&output));
    assert!(!text(&output).contains("Open this link"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), "theirs\n");
    // A config in a folder a group may write (not shared), replaced by a
    // member's after the plan.
    let open = home.path().join("open");
    std::fs::create_dir(&open).unwrap();
    support::set_mode(&open, 0o770);
    let path = open.join("config.yaml");
    std::fs::write(&path, "smugmug:\n  api_key: mine\n").unwrap();
    let gate = Gate::for_config(&path);
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, "smugmug:\n  api_key: m\n").unwrap();
    std::os::unix::fs::chown(&path, Some(4321), Some(4321)).unwrap();
    let error = config::save(&gate, &credentials()).unwrap_err();
    assert!(error.to_string().contains("changed hands"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "smugmug:\n  api_key: m\n");
    assert!(!open.join("config.yaml.bak").exists());
    if let SaveError::Rescued { rescue, .. } = &error {
        assert_eq!(std::fs::metadata(rescue).unwrap().uid(), 0);
        let _ = std::fs::remove_dir_all(rescue.parent().unwrap());
    }
}

/// A link another user put in a folder of theirs inside a shared folder
/// (/tmp/theirs/.smugvision → our folder) is not followed either: not by
/// `check --fix-permissions`, which would change our modes through it.
#[test]
fn a_link_inside_another_users_folder_in_a_shared_folder_is_not_followed() {
    if !root() {
        return;
    }
    let home = Home::new();
    let shared = shared_folder(&home);
    let ours = home.path().join("ours");
    std::fs::create_dir(&ours).unwrap();
    support::set_mode(&ours, 0o755);
    std::fs::write(ours.join("config.yaml"), "smugmug:\n  api_key: mine\n").unwrap();
    support::set_mode(&ours.join("config.yaml"), 0o644);
    let theirs = shared.join("ldir");
    std::fs::create_dir(&theirs).unwrap();
    std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).unwrap();
    let link = theirs.join(".smugvision");
    std::os::unix::fs::symlink(&ours, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(4321), Some(4321)).unwrap();
    let output =
        home.run(&["check", "--fix-permissions", "--config", link.join("config.yaml").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(std::fs::metadata(&ours).unwrap().mode() & 0o777, 0o755);
    assert_eq!(std::fs::metadata(ours.join("config.yaml")).unwrap().mode() & 0o777, 0o644);
}

/// A folder anyone may write to is shared whether or not it has the sticky
/// bit (`mkdir -m0777 open`): another user's link there to a file of
/// theirs is not followed, and their own file there is not filled with our
/// secrets, by a sign-in (the demo's, or against a server) or a logout. A
/// folder only a group may write to is not shared (user-private groups
/// make homes 0775): a person's config there is saved into, as theirs.
#[test]
fn a_world_writable_folder_without_the_sticky_bit_is_shared() {
    if !root() {
        return;
    }
    let home = Home::new();
    let open = home.path().join("open");
    std::fs::create_dir(&open).unwrap();
    support::set_mode(&open, 0o777);
    let theirs = home.path().join("theirs.yaml");
    let before = "smugmug:\n  api_key: m\n";
    std::fs::write(&theirs, before).unwrap();
    support::set_mode(&theirs, 0o666);
    std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).unwrap();
    let config = open.join("config.yaml");
    std::os::unix::fs::symlink(&theirs, &config).unwrap();
    std::os::unix::fs::lchown(&config, Some(4321), Some(4321)).unwrap();
    let path = config.to_str().unwrap();
    let runs: [&[&str]; 3] = [
        &["--demo", "--plain", "--config", path],
        &["--plain", "--origin", "http://127.0.0.1:9", "--config", path],
        &["logout", "--config", path],
    ];
    for said in [
        "a symbolic link owned by another user, in or below a folder others can write to",
        "belongs to another user",
    ] {
        for args in runs {
            let output = complete_plain(home.command(args));
            assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
            assert!(text(&output).contains(said), "{args:?}: {}", text(&output));
            assert!(!text(&output).contains("Open this link"), "refused before the sign-in");
            let file = if said.contains("link") { &theirs } else { &config };
            assert_eq!(std::fs::read_to_string(file).unwrap(), before, "{args:?}");
            assert_eq!(std::fs::metadata(file).unwrap().uid(), 4321);
            assert!(!open.join("config.yaml.bak").exists());
        }
        // Then their own plain file, readable and writable by all.
        std::fs::remove_file(&config).unwrap();
        std::fs::write(&config, before).unwrap();
        support::set_mode(&config, 0o666);
        std::os::unix::fs::chown(&config, Some(4321), Some(4321)).unwrap();
    }
    // A group's folder: the person's config there is theirs, and saved into.
    let group = home.path().join("group");
    std::fs::create_dir(&group).unwrap();
    support::set_mode(&group, 0o775);
    let mine = group.join("config.yaml");
    std::fs::write(&mine, before).unwrap();
    std::os::unix::fs::chown(&mine, Some(4321), Some(4321)).unwrap();
    let output = complete_plain(home.command(&["--demo", "--plain", "--config", mine.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(std::fs::metadata(&mine).unwrap().uid(), 4321, "the owner is kept");
}
