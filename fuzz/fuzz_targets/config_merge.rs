//! Load-and-merge of a config: never panics; when it edits, the four values
//! read back exactly and the edit is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smugmug_auth::config::merge;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (original, value) = text.split_once('\u{0}').unwrap_or((text, "K\"e y\\#: '"));
    let values = [("api_key", value), ("api_secret", "S"), ("user_token", "T"), ("user_secret", "U")];
    if let Ok(merged) = merge(original, &values) {
        let doc: serde_yaml::Value = serde_yaml::from_str(&merged).expect("a merge result must parse");
        for (key, value) in values {
            assert_eq!(doc["smugmug"][key].as_str(), Some(value), "{merged}");
        }
        let again = merge(&merged, &values).expect("merging twice must work");
        assert_eq!(again, merged, "merging the same values again changes nothing");
    }
});
