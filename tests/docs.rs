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
