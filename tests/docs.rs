//! The docs that are generated from code must match it.

use smugmug_auth::advice;

#[test]
fn troubleshooting_doc_matches_the_advice_table() {
    let generated = advice::to_markdown();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/troubleshooting.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/troubleshooting.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn every_problem_the_issue_names_has_an_entry() {
    let required = [
        "version_rejected",
        "parameter_absent",
        "parameter_rejected",
        "timestamp_refused",
        "nonce_used",
        "signature_method_rejected",
        "signature_invalid",
        "consumer_key_unknown",
        "consumer_key_rejected",
        "consumer_key_refused",
        "token_used",
        "token_expired",
        "token_revoked",
        "token_rejected",
        "additional_authorization_required",
        "permission_unknown",
        "permission_denied",
        "user_refused",
        "not_granted",
        "no_v2_access",
        "http_401",
        "http_403",
        "http_429",
        "http_5xx",
        "html",
        "tls",
        "proxy",
        "dns",
        "timeout",
    ];
    for key in required {
        assert_eq!(advice::lookup(key).key, key, "no advice entry for {key}");
    }
    assert_eq!(advice::lookup("something_new").key, "unknown");
}

/// The pages a reader sees: README.md and docs/*.md.
fn pages() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["README.md".to_owned()];
    let mut docs: Vec<String> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    names.extend(docs);
    names
        .into_iter()
        .map(|n| (std::fs::read_to_string(root.join(&n)).unwrap(), n))
        .map(|(t, n)| (n, t))
        .collect()
}

fn exists(path: &str) -> bool {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists()
}

/// Every Rust file of the repository's src/ and tests/, as a path under it.
fn rust_files(under: &str) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut folders = vec![root.join(under)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // As the pages write it, with `/` on every system.
                let relative = path.strip_prefix(root.join(under)).unwrap().display().to_string();
                found.push(relative.replace('\\', "/"));
            }
        }
    }
    found
}

/// No page names a file of the source that does not exist: each `src/…`
/// path, each `*.rs` in architecture.md's tree (under the folder it is
/// indented below), and each other `name.rs` or `folder/name.rs` (a file
/// under src/ or tests/ that ends so).
#[test]
fn every_source_file_a_page_names_exists() {
    let mut missing = Vec::new();
    let names_chars = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.' | '-');
    let src = rust_files("src");
    let tests = rust_files("tests");
    for (page, text) in pages() {
        // Words made of path characters.
        for word in text.split(|c: char| !names_chars(c)) {
            let word = word.trim_end_matches('.');
            if let Some(at) = word.find("src/") {
                let path = &word[at..];
                if (at == 0 || word[..at].ends_with('/')) && !exists(path) && !exists(word) {
                    missing.push(format!("{page}: {path}"));
                }
            } else if !word.ends_with(".rs") || word.len() < 4 || exists(word) {
                // Not a Rust file's name, or a path from the top that exists.
            } else if !word.starts_with("tests/") {
                let known = src.iter().chain(&tests).any(|f| *f == word || f.ends_with(&format!("/{word}")));
                if !known {
                    missing.push(format!("{page}: {word}"));
                }
            } else {
                missing.push(format!("{page}: {word}"));
            }
        }
    }
    // architecture.md's tree: a name is under the folders it is indented below.
    let architecture = pages().into_iter().find(|(p, _)| p == "docs/architecture.md").unwrap().1;
    let tree = architecture.split("```").nth(1).expect("architecture.md opens with the tree");
    let mut folders: Vec<(usize, String)> = Vec::new();
    for line in tree.lines() {
        let name = line.trim_start();
        let indent = line.len() - name.len();
        let Some(name) = name.split_whitespace().next() else { continue };
        if !(name.ends_with('/') || name.ends_with(".rs")) {
            continue;
        }
        folders.retain(|(i, _)| *i < indent);
        let path: String = folders.iter().map(|(_, f)| f.as_str()).chain([name]).collect();
        if !exists(&path) {
            missing.push(format!("docs/architecture.md's tree: {path}"));
        }
        if name.ends_with('/') {
            folders.push((indent, name.to_owned()));
        }
    }
    assert!(missing.is_empty(), "pages name source files that do not exist: {missing:?}");
}

/// Troubleshooting (generated from advice.rs) says what this tool sends as
/// oauth_callback on each path, not `oob` alone: the browser path sends a
/// loopback address.
#[test]
fn the_callback_advice_names_both_paths() {
    let cause = advice::lookup("parameter_absent").causes.join(" ");
    assert!(cause.contains("`oob`") && cause.contains("127.0.0.1"), "{cause}");
}

/// Cargo.toml's comment on the release profile and docs/performance.md
/// give the same measured size of the stripped binary.
#[test]
fn the_binary_size_is_the_same_in_cargo_toml_and_performance_md() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let performance = std::fs::read_to_string(root.join("docs/performance.md")).unwrap();
    let row = performance.lines().find(|l| l.starts_with("| release binary")).expect("a release binary row");
    let figure = row.split("**").nth(1).expect("the size in bold");
    assert!(
        manifest.contains(&format!("it is {figure}")),
        "docs/performance.md says the release binary is {figure}; Cargo.toml's comment says otherwise"
    );
}
