//! Cleaning and checking what a person types or pastes: credentials and
//! the six-digit code. Shared by the wizard, plain mode and `check`.

/// Trims spaces and line breaks, then one pair of surrounding quotes
/// (a paste of `"abc"` from a YAML or JSON file), then spaces again.
pub fn clean(raw: &str) -> String {
    let t = raw.trim();
    let unquoted = ['"', '\'', '`']
        .iter()
        .find_map(|q| t.strip_prefix(*q).and_then(|r| r.strip_suffix(*q)))
        .unwrap_or(t);
    unquoted.trim().to_owned()
}

/// A paste into a key, secret or token field: as `clean`, and line breaks
/// inside are dropped too (a long secret wrapped in an email or a web
/// page). None of these values holds a line break.
pub fn clean_paste(raw: &str) -> String {
    clean(&raw.replace(['\r', '\n'], ""))
}

/// The digits of a code as typed or pasted: spaces, dashes and line
/// breaks are ignored (`123 456`, `123-456`); `None` if anything else is
/// there. The one rule for the code, in plain mode and the wizard alike.
pub fn code_digits(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    digits.chars().all(|c| c.is_ascii_digit()).then_some(digits)
}

/// Codes SmugMug may refuse for one link before a new link is the way on,
/// in the wizard and plain mode alike.
pub const CODE_TRIES: usize = 3;

/// The six-digit verifier: `None` unless exactly six digits remain.
pub fn clean_code(raw: &str) -> Option<String> {
    code_digits(raw).filter(|d| d.len() == 6)
}

/// The demo's application credentials: shaped like SmugMug's (32 and 64
/// letters and digits) so the input checks treat them as real ones. Known
/// here too (not only to the demo server) so `check` can tell them apart.
pub const DEMO_API_KEY: &str = "DEMOk3yQ7vX2mB9pL4wR8tY6nC1hJ5sF";
pub const DEMO_API_SECRET: &str = "DEMOs3cr3tZq8Wm2Xk7Vb4Nr9Tp1Ly6Hd3Gf5Jc8Ks2Qw7Ex4Ru9Ti1Yo6Pa3Sd0";

/// The four names smugVision reads under `smugmug:`.
pub const KEYS: [&str; 4] = ["api_key", "api_secret", "user_token", "user_secret"];

/// The credential name `found` was probably meant to be (`api_kye` →
/// `api_key`): within two edits of one of the four, which is not there
/// itself. `None` for the four and for names far from them (`album`).
pub fn misspelt_key(found: &str, present: &[&str]) -> Option<&'static str> {
    let lower = found.to_ascii_lowercase();
    if KEYS.contains(&found) {
        return None;
    }
    KEYS.iter()
        .map(|key| (strsim::damerau_levenshtein(&lower, key), *key))
        .filter(|(distance, key)| *distance <= 2 && !present.contains(key))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, key)| key)
}

/// `demo-server --code`: the code every authorization gives must be one a
/// person can type at the six-digit prompt, or the server can never be used.
pub fn six_digit_code(raw: &str) -> Result<String, String> {
    clean_code(raw).ok_or_else(|| format!("'{raw}' is not six digits; give a code like 123456"))
}

/// Which credential a value is, for the checks that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ApiKey,
    ApiSecret,
    UserToken,
    UserSecret,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::ApiKey => "api_key",
            Field::ApiSecret => "api_secret",
            Field::UserToken => "user_token",
            Field::UserSecret => "user_secret",
        }
    }

    /// SmugMug's lengths: keys and tokens 32 characters, secrets 64.
    fn expected_len(self) -> usize {
        match self {
            Field::ApiKey | Field::UserToken => 32,
            Field::ApiSecret | Field::UserSecret => 64,
        }
    }
}

/// Something that looks wrong before anything is sent. Warnings: a key
/// that breaks the pattern may still be valid, so none of these blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lint {
    Empty,
    InnerSpace,
    Quotes,
    Placeholder,
    Length { expected: usize, got: usize },
    Charset,
}

impl Lint {
    pub fn message(&self, field: Field) -> String {
        let name = field.name();
        match self {
            Lint::Empty => format!("{name} is empty"),
            Lint::InnerSpace => format!("{name} has a space inside; copy it again without spaces"),
            Lint::Quotes => format!("{name} has quote characters inside; copy only the value"),
            Lint::Placeholder => {
                format!(
                    "{name} looks like an example value, not yours; copy it from your SmugMug developer page"
                )
            }
            Lint::Length { expected, got } => {
                let unit = if *got == 1 { "character" } else { "characters" };
                format!(
                    "{name} is {got} {unit}; SmugMug's are {expected}: check nothing was cut off or added"
                )
            }
            Lint::Charset => format!("{name} has characters other than letters and digits, unlike SmugMug's"),
        }
    }
}

pub fn lint(field: Field, value: &str) -> Vec<Lint> {
    if value.is_empty() {
        return vec![Lint::Empty];
    }
    let mut found = Vec::new();
    if value.chars().any(char::is_whitespace) {
        found.push(Lint::InnerSpace);
    }
    if value.contains(['"', '\'', '`']) {
        found.push(Lint::Quotes);
    }
    if is_placeholder(value) {
        found.push(Lint::Placeholder);
        return found;
    }
    let got = value.chars().count();
    if got != field.expected_len() {
        found.push(Lint::Length { expected: field.expected_len(), got });
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || "\"'`".contains(c)) {
        found.push(Lint::Charset);
    }
    found
}

/// The example values from the guides and SmugMug's example client.
/// An example value from documentation, not a credential: smugVision's
/// `config.yaml.example` (`YOUR_API_KEY_HERE`), SmugMug's docs (`abc123...`).
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("your_") && lower.ends_with("_here") {
        return true;
    }
    ["abc123", "xyz789", "def456", "ghi789"].iter().any(|p| lower.starts_with(p))
        || lower.contains("...")
        || lower.contains('…')
        || lower.contains("put your")
        || ["your_", "your-", "your "].iter().any(|p| lower.starts_with(p))
        || lower.contains("your_api")
        || lower.contains("your-api")
        // `xxxxxxxx`, `XXXX-XXXX`: a mask, not a value.
        || (lower.len() >= 4 && lower.chars().all(|c| c == 'x' || c == '-' || c == '_'))
        || lower == "changeme"
        || (lower.starts_with('<') && lower.ends_with('>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_placeholders_are_known() {
        for value in [
            "YOUR_USER_TOKEN",
            "your_user_secret",
            "YOUR-API-KEY",
            "xxxxxxxx",
            "XXXX-XXXX",
            "changeme",
            "<user_secret>",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in ["DEMOk3yQ7vX2mB9pL4wR8tY6nC1hJ5sF", "yourself1234567890abcdefghijklmn", "xkcd"] {
            assert!(!is_placeholder(value), "{value}");
        }
    }

    #[test]
    fn cleans_pastes() {
        assert_eq!(clean("  \"abc\"\n"), "abc");
        assert_eq!(clean("'abc' "), "abc");
        assert_eq!(clean("\tabc\r\n"), "abc");
        assert_eq!(clean("a\"bc"), "a\"bc");
    }

    #[test]
    fn codes() {
        assert_eq!(clean_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(clean_code("123-456\r").as_deref(), Some("123456"));
        assert_eq!(clean_code("12345"), None);
        assert_eq!(clean_code("1234567"), None);
        assert_eq!(clean_code("12345a"), None);
        assert_eq!(clean_code("١٢٣٤٥٦"), None);
    }

    #[test]
    fn misspelt_keys() {
        assert_eq!(misspelt_key("api_kye", &["api_kye"]), Some("api_key"));
        assert_eq!(misspelt_key("API_KEY", &["API_KEY"]), Some("api_key"));
        assert_eq!(misspelt_key("user_tokn", &[]), Some("user_token"));
        assert_eq!(misspelt_key("api_key", &["api_key"]), None);
        assert_eq!(misspelt_key("album", &[]), None);
        assert_eq!(misspelt_key("api_kye", &["api_key"]), None, "the real one is there too");
    }

    #[test]
    fn lints() {
        assert_eq!(lint(Field::ApiKey, ""), vec![Lint::Empty]);
        assert_eq!(lint(Field::ApiKey, "abc123..."), vec![Lint::Placeholder]);
        assert_eq!(lint(Field::ApiKey, "Put your API Key here"), vec![Lint::InnerSpace, Lint::Placeholder]);
        assert!(lint(Field::ApiKey, &"a".repeat(32)).is_empty());
        assert!(lint(Field::ApiSecret, &"a".repeat(64)).is_empty());
        assert_eq!(lint(Field::ApiKey, &"a".repeat(31)), vec![Lint::Length { expected: 32, got: 31 }]);
        assert_eq!(lint(Field::ApiKey, &format!("{}-", "a".repeat(31))), vec![Lint::Charset]);
        assert!(Lint::Length { expected: 32, got: 1 }.message(Field::ApiKey).contains("is 1 character;"));
        assert!(Lint::Length { expected: 32, got: 2 }.message(Field::ApiKey).contains("is 2 characters;"));
    }
}
