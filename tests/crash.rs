//! SIGKILL at any moment of a real flow, many times: afterwards the config
//! is the old file or the new one — never partial, never missing, always 0600.

mod support;

use smugmug_auth::demo::{DEMO_API_KEY, DEMO_API_SECRET, DemoConfig, DemoServer};
use std::hash::BuildHasher;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const OLD: &str = "# keep me\nvision:\n  model: llava\nsmugmug:\n  album: \"Trips\"\n";

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_never_leaves_a_partial_config() {
    let server = DemoServer::start(DemoConfig { fixed_code: Some("123456".into()), ..DemoConfig::default() })
        .await
        .unwrap();
    let origin = server.origin().to_string();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let (mut old, mut new) = (0, 0);
    let random = std::collections::hash_map::RandomState::new();
    // How long one whole flow takes here, so the kills spread over all of it.
    let started = std::time::Instant::now();
    flow(origin.clone(), config.clone(), None).await;
    let whole = started.elapsed().as_micros() as u64;
    for round in 0..150u64 {
        std::fs::write(&config, OLD).unwrap();
        support::set_mode(&config, 0o600);
        // Anywhere from the start to a little past the end of a whole flow.
        let delay = Duration::from_micros(random.hash_one(round) % (whole * 3 / 2));
        flow(origin.clone(), config.clone(), Some(delay)).await;

        let text = std::fs::read_to_string(&config).expect("the config must never go missing");
        support::assert_mode(&config, 0o600);
        if text == OLD {
            old += 1;
        } else {
            assert!(text.starts_with(OLD), "the new file keeps the old settings: {text}");
            let stored = smugmug_auth::config::load(&config).unwrap().unwrap();
            assert!(
                stored.has_tokens() && stored.api_key.as_deref() == Some(DEMO_API_KEY),
                "partial: {text}"
            );
            new += 1;
        }
    }
    // Kills mid-save can leave temp files. The next save removes those whose
    // writer is gone; where the system cannot say (process_alive is None:
    // Windows, macOS), only those an hour old. One more is planted, of a writer that
    // cannot be running (no system gives out this pid), so the rule is
    // tested even when no kill landed mid-save.
    let planted = dir.path().join(".config.yaml.tmp-4294967295-1");
    std::fs::write(&planted, "smugmug:\n").unwrap();
    flow(origin.clone(), config.clone(), None).await;
    let leftovers = temp_files(dir.path());
    println!(
        "after SIGKILL: {old} times the old file, {new} times the new one; {} temp files left after one more save",
        leftovers.len()
    );
    assert!(old > 0 && new > 0, "kills should land both before and after the save");
    let can_tell = smugmug_auth::platform::process_alive(std::process::id()).is_some();
    assert!(can_tell || !cfg!(target_os = "linux"), "Linux can tell whether a writer still runs");
    if !can_tell {
        assert!(
            leftovers.contains(&planted),
            "an unknown writer's temp file is kept for an hour: {leftovers:?}"
        );
        // An hour later they count as abandoned: the next save removes them.
        let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 3600);
        for path in &leftovers {
            std::fs::File::options().write(true).open(path).unwrap().set_modified(two_hours_ago).unwrap();
        }
        flow(origin.clone(), config.clone(), None).await;
        let after = temp_files(dir.path());
        assert!(after.is_empty(), "a save removes temp files an hour old: {after:?}");
    } else {
        assert!(leftovers.is_empty(), "a save removes the temp files of killed writers: {leftovers:?}");
    }
}

/// The temp files of saves in `dir`.
fn temp_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".tmp-"))
        .collect()
}

/// Runs the plain flow, and SIGKILLs it after `kill_after` if given.
async fn flow(origin: String, config: std::path::PathBuf, kill_after: Option<Duration>) {
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_smugmug-auth"));
        command
            .args(["--plain", "--origin", &origin, "--config"])
            .arg(&config)
            .env_remove("SMUGMUG_API_KEY")
            .env_remove("SMUGMUG_API_SECRET")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Wine, starting hundreds of processes on a busy machine, now and
        // then fails one with "Internal error" (1359): the harness's
        // trouble, not the program's, so it tries again.
        let mut child = None;
        for attempt in 0..5 {
            match command.spawn() {
                Ok(started) => {
                    child = Some(started);
                    break;
                }
                Err(e) => {
                    eprintln!("could not start smugmug-auth ({e}); trying again");
                    std::thread::sleep(Duration::from_millis(100 << attempt));
                }
            }
        }
        let mut child = child.expect("could not start smugmug-auth five times");
        let input = format!("{DEMO_API_KEY}\n{DEMO_API_SECRET}\n123456\n");
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        if let Some(delay) = kill_after {
            std::thread::sleep(delay);
            let _ = child.kill(); // SIGKILL
        }
        let _ = child.wait();
    })
    .await
    .unwrap();
}
