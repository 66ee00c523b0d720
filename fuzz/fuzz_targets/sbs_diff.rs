//! The base-string differ: never panics; a string equals itself; two
//! different strings are never called identical.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smugmug_auth::sbs_diff::{Difference, first_difference, rows};

fuzz_target!(|data: (&str, &str)| {
    let (ours, theirs) = data;
    assert_eq!(first_difference(ours, ours), Difference::Identical);
    let difference = first_difference(ours, theirs);
    assert_eq!(difference == Difference::Identical, ours == theirs);
    let _ = difference.to_string();
    let _ = rows(ours, theirs);
});
