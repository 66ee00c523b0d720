//! The config writer on real files: modes, backups, symlinks, refusals.

mod support;

use smugmug_auth::config::{self, Credentials, SaveError};
use smugmug_auth::secret::Secret;
use std::fs;

fn creds() -> Credentials {
    Credentials {
        api_key: "K".repeat(32),
        api_secret: Secret::new("S".repeat(64)),
        user_token: "T".repeat(32),
        user_secret: Secret::new("U".repeat(64)),
    }
}

#[test]
fn new_file_in_new_folder_is_private() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(".smugvision/config.yaml");
    let saved = config::save(&smugmug_auth::gate::Gate::for_config(&path), &creds()).unwrap();
    assert_eq!(saved.path, path);
    assert_eq!(saved.backup, None);
    support::assert_mode(&path, 0o600);
    support::assert_mode(path.parent().unwrap(), 0o700);
    let stored = config::load(&path).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some("K".repeat(32).as_str()));
    assert_eq!(stored.user_secret.unwrap().expose(), "U".repeat(64));
    assert!(stored.problems.is_empty());
    // No temp files left behind.
    assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
}

#[test]
fn keeps_other_settings_and_comments_and_backs_up() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("config.yaml");
    let original =
        "# my smugVision\nvision:\n  model: llava  # keep\nsmugmug:\n  api_key: old\n  album: 'x'\n";
    fs::write(&path, original).unwrap();
    support::set_mode(&path, 0o644);
    let saved = config::save(&smugmug_auth::gate::Gate::for_config(&path), &creds()).unwrap();
    let backup = saved.backup.unwrap();
    assert_eq!(fs::read_to_string(&backup).unwrap(), original);
    support::assert_mode(&backup, 0o600);
    support::assert_mode(&path, 0o600);
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# my smugVision\nvision:\n  model: llava  # keep\nsmugmug:\n  api_key: \""),
        "{text}"
    );
    assert!(text.contains("  album: 'x'\n"));
}

#[test]
fn refusals_leave_the_file_unchanged_and_rescue_the_credentials() {
    for original in ["smugmug: [a, b]\n", "key: [unclosed\n", "- just\n- a list\n", "smugmug: {api_key: x}\n"]
    {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.yaml");
        fs::write(&path, original).unwrap();
        let err = config::save(&smugmug_auth::gate::Gate::for_config(&path), &creds()).unwrap_err();
        assert_eq!(fs::read(&path).unwrap(), original.as_bytes(), "{original}");
        let SaveError::Rescued { rescue, .. } = &err else { panic!("{err}") };
        assert_eq!(rescue, &tmp.path().join("config.yaml.new"));
        support::assert_mode(rescue, 0o600);
        let rescued = config::load(rescue).unwrap().unwrap();
        assert_eq!(rescued.user_token.as_deref(), Some("T".repeat(32).as_str()));
        let message = err.to_string();
        assert!(message.contains("left untouched") && message.contains("config.yaml.new"), "{message}");
        assert!(!message.contains(&"S".repeat(64)));
    }
}

#[cfg(unix)] // symlinks need a privilege on Windows
#[test]
fn symlinked_config_is_written_through() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("dotfiles/smugvision.yaml");
    fs::create_dir_all(real.parent().unwrap()).unwrap();
    fs::write(&real, "other: 1\n").unwrap();
    let link = tmp.path().join("config.yaml");
    symlink("dotfiles/smugvision.yaml", &link).unwrap();
    let saved = config::save(&smugmug_auth::gate::Gate::for_config(&link), &creds()).unwrap();
    assert_eq!(saved.path, real);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(&real).unwrap().starts_with("other: 1\n\nsmugmug:\n"));
    assert_eq!(saved.backup, Some(tmp.path().join("dotfiles/smugvision.yaml.bak")));
}

#[test]
fn unwritable_folder_keeps_old_file_and_rescues_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder that cannot be created, even by root: its parent is a file.
    let blocker = tmp.path().join("not-a-folder");
    fs::write(&blocker, "x").unwrap();
    let path = blocker.join("config.yaml");
    let err = config::save(&smugmug_auth::gate::Gate::for_config(&path), &creds()).unwrap_err();
    let SaveError::Rescued { rescue, .. } = &err else { panic!("{err}") };
    assert!(rescue.starts_with(std::env::temp_dir()), "{}", rescue.display());
    support::assert_mode(rescue, 0o600);
    fs::remove_dir_all(rescue.parent().unwrap()).unwrap();
}

#[test]
fn load_reports_spaces_and_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("config.yaml");
    fs::write(&path, "smugmug:\n  api_key: \" abc \"\n  api_secret: \"'xyz'\"\n  user_token: 123\n").unwrap();
    let stored = config::load(&path).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some("abc"));
    assert_eq!(stored.api_secret.as_ref().map(Secret::expose), Some("xyz"));
    let problems: Vec<String> = stored.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("api_key has spaces"));
    assert!(problems[1].contains("api_secret has quote"));
    assert!(problems[2].contains("user_token is not a piece of text"));
    assert!(config::load(&tmp.path().join("missing.yaml")).unwrap().is_none());
}

/// The next step names smugVision's own command, and `--config` only when
/// the file is not where smugVision looks by default.
#[test]
fn the_next_step_names_config_only_when_not_the_default() {
    if let Some(default) = config::default_path() {
        assert_eq!(config::smugvision_try_command(&default), "smugvision --gallery <album_key> --dry-run");
    }
    let elsewhere = std::path::Path::new("/srv/photos/smugvision.yaml");
    assert_eq!(
        config::smugvision_try_command(elsewhere),
        "smugvision --gallery <album_key> --dry-run --config /srv/photos/smugvision.yaml"
    );
}

/// Merge keys are read as PyYAML reads them: values a `smugmug:` block
/// takes from `<<: *base` are there, not "missing".
#[test]
fn merge_keys_are_resolved_when_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        "base: &b\n  api_key: \"K\"\n  api_secret: \"S\"\nsmugmug:\n  <<: *b\n  user_token: \"T\"\n  user_secret: \"U\"\n",
    )
    .unwrap();
    let stored = smugmug_auth::config::load(&path).unwrap().unwrap();
    assert_eq!(stored.api_key.as_deref(), Some("K"));
    assert_eq!(stored.api_secret.as_ref().map(|s| s.expose()), Some("S"));
    assert_eq!(stored.user_token.as_deref(), Some("T"));
}

/// A save never makes a file over the read cap: a key or secret of
/// kilobytes (no SmugMug one) could push a large config past it, and then
/// logout could not read it. The config stays; the values are rescued.
#[test]
fn a_save_never_makes_a_file_it_cannot_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("config.yaml");
    let before = format!("x: {}\nsmugmug:\n  api_key: k\n", "a".repeat(256 * 1024 - 2300));
    fs::write(&path, &before).unwrap();
    let long =
        Credentials { api_key: "K".repeat(3000), api_secret: Secret::new("S".repeat(3000)), ..creds() };
    let err = config::save(&smugmug_auth::gate::Gate::for_config(&path), &long).unwrap_err();
    assert!(err.to_string().contains("over the 256 KiB smugmug-auth reads back"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    let SaveError::Rescued { rescue, .. } = &err else { panic!("{err}") };
    assert!(config::load(rescue).unwrap().unwrap().user_token.is_some());
    if rescue.starts_with(std::env::temp_dir()) {
        fs::remove_dir_all(rescue.parent().unwrap()).unwrap();
    }
}
