//! Input cleaners and the sanitizer: never panic, and keep their promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smugmug_auth::credential_lints::{Field, clean, clean_code, lint};
use smugmug_auth::sanitize::{excerpt, sanitize};

fuzz_target!(|text: &str| {
    let cleaned = clean(text);
    assert_eq!(cleaned.trim(), cleaned);
    if let Some(code) = clean_code(text) {
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    }
    for field in [Field::ApiKey, Field::ApiSecret, Field::UserToken, Field::UserSecret] {
        let _ = lint(field, &cleaned);
    }
    let safe = sanitize(text);
    assert!(!safe.chars().any(char::is_control));
    assert!(excerpt(text, 20).chars().count() <= 20);
});
