//! The base-string differ: never panics; a string equals itself; two
//! different strings are never called identical; and whatever it shows is
//! sanitized after its percent-decoding (no control or invisible format
//! character survives, however it was encoded).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smugmug_auth::sanitize::sanitize;
use smugmug_auth::sbs_diff::{Difference, first_difference, rows};

fuzz_target!(|data: (&str, &str)| {
    let (ours, theirs) = data;
    assert_eq!(first_difference(ours, ours), Difference::Identical);
    let difference = first_difference(ours, theirs);
    assert_eq!(difference == Difference::Identical, ours == theirs);
    let shown = difference.to_string();
    assert_eq!(sanitize(&shown), shown, "the difference is shown sanitized");
    for (label, a, b) in rows(ours, theirs) {
        for text in [label, a, b] {
            assert_eq!(sanitize(&text), text, "a row is shown sanitized");
        }
    }
});
