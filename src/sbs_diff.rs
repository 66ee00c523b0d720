//! Compares our signature base string with the server's `debug_sbs` and
//! names the first difference: method, scheme, host case, port, empty
//! path, or a parameter missing, added or encoded differently.

use std::fmt;

/// A base string split into its three parts (RFC 5849 §3.4.1.1), each
/// decoded once: the parameters are left in their normalised, encoded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub method: String,
    pub uri: String,
    pub params: Vec<(String, String)>,
}

impl Parts {
    pub fn parse(base_string: &str) -> Option<Parts> {
        let mut pieces = base_string.splitn(3, '&');
        let method = decode(pieces.next()?);
        let uri = decode(pieces.next()?);
        let params = decode(pieces.next().unwrap_or(""))
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        Some(Parts { method, uri, params })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What differs first, in the order a signer builds the string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Identical,
    Method {
        ours: String,
        theirs: String,
    },
    Scheme {
        ours: String,
        theirs: String,
    },
    /// Same host but for letter case: the host must be lower-cased.
    HostCase {
        ours: String,
        theirs: String,
    },
    Host {
        ours: String,
        theirs: String,
    },
    /// A default port (`:443`, `:80`) kept on one side, or another port.
    Port {
        ours: String,
        theirs: String,
    },
    /// One side signed an empty path where `/` belongs.
    EmptyPath {
        ours: String,
        theirs: String,
    },
    Path {
        ours: String,
        theirs: String,
    },
    /// The server saw a parameter we did not sign.
    Missing {
        name: String,
    },
    /// We signed a parameter the server did not see.
    Added {
        name: String,
    },
    Encoding {
        name: String,
        kind: EncodingKind,
        ours: String,
        theirs: String,
    },
    /// The strings differ in a way not named above.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingKind {
    /// Encoded once more on our side.
    TwiceByUs,
    /// Encoded once more on the server's side (or on the way there).
    TwiceByServer,
    /// `+` on one side, `%20` on the other.
    PlusForSpace,
    /// `%2f` against `%2F`: hex digits must be upper-case.
    LowerCaseHex,
    Value,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Identical => f.write_str("none: the two base strings are identical"),
            Difference::Method { ours, theirs } => {
                write!(f, "the HTTP method: we signed {ours}, the server saw {theirs}")
            }
            Difference::Scheme { ours, theirs } => {
                write!(
                    f,
                    "the scheme: we signed {ours}, the server saw {theirs} (a proxy or load balancer in between?)"
                )
            }
            Difference::HostCase { ours, theirs } => write!(
                f,
                "the host's letter case: {ours} against {theirs}; the host must be signed in lower case"
            ),
            Difference::Host { ours, theirs } => {
                write!(f, "the host: we signed {ours}, the server saw {theirs} (check --origin and proxies)")
            }
            Difference::Port { ours, theirs } => write!(
                f,
                "the port: {ours} against {theirs}; a default port (:443 for https, :80 for http) must be left out"
            ),
            Difference::EmptyPath { ours, theirs } => {
                write!(f, "an empty path: {ours} against {theirs}; sign `/` when the URL has no path")
            }
            Difference::Path { ours, theirs } => {
                write!(f, "the path: we signed {ours}, the server saw {theirs}")
            }
            Difference::Missing { name } => {
                write!(f, "the parameter {name} reached the server but was not signed (added on the way?)")
            }
            Difference::Added { name } => {
                write!(
                    f,
                    "the parameter {name} was signed but did not reach the server (removed on the way?)"
                )
            }
            Difference::Encoding { name, kind, ours, theirs } => {
                let how = match kind {
                    EncodingKind::TwiceByUs => "it was percent-encoded twice on our side",
                    EncodingKind::TwiceByServer => "it was percent-encoded twice on the server's side",
                    EncodingKind::PlusForSpace => "a space was encoded as + on one side and %20 on the other",
                    EncodingKind::LowerCaseHex => "lower-case hex in a %-escape; it must be upper-case",
                    EncodingKind::Value => "the values differ",
                };
                write!(f, "the parameter {name}: {how} ({ours} against {theirs})")
            }
            Difference::Other => f.write_str("something outside the three parts (a stray character?)"),
        }
    }
}

/// The first difference between our base string and the server's.
pub fn first_difference(ours: &str, theirs: &str) -> Difference {
    if ours == theirs {
        return Difference::Identical;
    }
    let (Some(a), Some(b)) = (Parts::parse(ours), Parts::parse(theirs)) else { return Difference::Other };
    if a.method != b.method {
        return Difference::Method { ours: a.method, theirs: b.method };
    }
    if let Some(d) = uri_difference(&a.uri, &b.uri) {
        return d;
    }
    for (name, value) in &a.params {
        match b.param(name) {
            None => return Difference::Added { name: name.clone() },
            Some(theirs) if theirs != value => return encoding(name, value, theirs),
            Some(_) => {}
        }
    }
    b.params
        .iter()
        .find(|(name, _)| a.param(name).is_none())
        .map_or(Difference::Other, |(name, _)| Difference::Missing { name: name.clone() })
}

fn uri_difference(ours: &str, theirs: &str) -> Option<Difference> {
    let (a, b) = (split_uri(ours), split_uri(theirs));
    let pair = |x: &str, y: &str| (x.to_owned(), y.to_owned());
    if a.0 != b.0 {
        let (ours, theirs) = pair(a.0, b.0);
        return Some(Difference::Scheme { ours, theirs });
    }
    if a.1 != b.1 {
        let (ours, theirs) = pair(a.1, b.1);
        return Some(if a.1.eq_ignore_ascii_case(b.1) {
            Difference::HostCase { ours, theirs }
        } else {
            Difference::Host { ours, theirs }
        });
    }
    if a.2 != b.2 {
        let show = |p: &str| if p.is_empty() { "no port".to_owned() } else { format!(":{p}") };
        return Some(Difference::Port { ours: show(a.2), theirs: show(b.2) });
    }
    if a.3 != b.3 {
        let show = |p: &str| if p.is_empty() { "(empty)".to_owned() } else { p.to_owned() };
        let (ours, theirs) = (show(a.3), show(b.3));
        return Some(if a.3.is_empty() || b.3.is_empty() {
            Difference::EmptyPath { ours, theirs }
        } else {
            Difference::Path { ours, theirs }
        });
    }
    None
}

/// `scheme://host:port/path` → (scheme, host, port, path).
fn split_uri(uri: &str) -> (&str, &str, &str, &str) {
    let (scheme, rest) = uri.split_once("://").unwrap_or(("", uri));
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => (h, p),
        _ => (authority, ""),
    };
    (scheme, host, port, path)
}

fn encoding(name: &str, ours: &str, theirs: &str) -> Difference {
    let kind = if decode(ours) == theirs {
        EncodingKind::TwiceByUs
    } else if decode(theirs) == ours {
        EncodingKind::TwiceByServer
    } else if ours.replace('+', "%20") == theirs.replace('+', "%20") {
        EncodingKind::PlusForSpace
    } else if upper_hex(ours) == upper_hex(theirs) {
        EncodingKind::LowerCaseHex
    } else {
        EncodingKind::Value
    };
    Difference::Encoding { name: name.to_owned(), kind, ours: ours.to_owned(), theirs: theirs.to_owned() }
}

fn upper_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_uppercase()));
        }
    }
    out
}

/// Percent-decoding once (no `+` handling: base strings never use it).
/// The result is sanitized: decoding can reveal what the first
/// sanitizing could not see (`%1B]0;…%07`).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    crate::sanitize::sanitize(&String::from_utf8_lossy(&out))
}

/// Rows for showing both strings side by side: (label, ours, theirs).
pub fn rows(ours: &str, theirs: &str) -> Vec<(String, String, String)> {
    let (Some(a), Some(b)) = (Parts::parse(ours), Parts::parse(theirs)) else { return Vec::new() };
    let mut rows = vec![
        ("method".to_owned(), a.method.clone(), b.method.clone()),
        ("URI".to_owned(), a.uri.clone(), b.uri.clone()),
    ];
    let mut names: Vec<&String> = a.params.iter().chain(&b.params).map(|(k, _)| k).collect();
    names.sort();
    names.dedup();
    for name in names {
        let get = |p: &Parts| p.param(name).map_or_else(|| "(absent)".to_owned(), str::to_owned);
        rows.push((name.clone(), get(&a), get(&b)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reply quoted in SmugMug's example-client thread.
    const SEED: &str = "GET&https%3A%2F%2Fsecure.smugmug.com%2Fservices%2Foauth%2F1.0a%2FgetRequestToken&oauth_callback%3Dhttp%253A%252F%252Flocalhost%253A8090%252Fcallback%26oauth_consumer_key%3D8xXh2hsW6wc9FGWpCrp2GCwVDxdNLczg%26oauth_nonce%3D9180ca7fbc6a4d0d1f22ebc09eaed6b0f894aa75%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1471969415%26oauth_version%3D1.0";

    #[test]
    fn identical_strings_point_at_the_secret() {
        assert_eq!(first_difference(SEED, SEED), Difference::Identical);
    }

    #[test]
    fn host_case() {
        let ours = SEED.replace("secure.smugmug.com", "Secure.SmugMug.com");
        let d = first_difference(&ours, SEED);
        assert!(matches!(d, Difference::HostCase { .. }), "{d:?}");
        assert!(d.to_string().contains("lower case"));
    }

    #[test]
    fn empty_path() {
        let theirs = "GET&https%3A%2F%2Fupload.smugmug.com%2F&a%3D1";
        let ours = "GET&https%3A%2F%2Fupload.smugmug.com&a%3D1";
        assert!(matches!(first_difference(ours, theirs), Difference::EmptyPath { .. }));
    }

    #[test]
    fn parameter_encoded_twice() {
        let value = "http%253A%252F%252Flocalhost%253A8090%252Fcallback";
        let ours = SEED.replace(value, &value.replace("%25", "%2525"));
        let d = first_difference(&ours, SEED);
        assert!(
            matches!(d, Difference::Encoding { ref name, kind: EncodingKind::TwiceByUs, .. } if name == "oauth_callback"),
            "{d:?}"
        );
        let d = first_difference(SEED, &ours);
        assert!(matches!(d, Difference::Encoding { kind: EncodingKind::TwiceByServer, .. }), "{d:?}");
    }

    #[test]
    fn port_method_added_missing_plus_and_hex() {
        let ours = SEED.replace("secure.smugmug.com%2F", "secure.smugmug.com%3A443%2F");
        assert!(matches!(first_difference(&ours, SEED), Difference::Port { .. }));
        assert!(matches!(
            first_difference(&SEED.replacen("GET", "POST", 1), SEED),
            Difference::Method { .. }
        ));
        let fewer = SEED.replace("%26oauth_version%3D1.0", "");
        assert_eq!(first_difference(&fewer, SEED), Difference::Missing { name: "oauth_version".into() });
        assert_eq!(first_difference(SEED, &fewer), Difference::Added { name: "oauth_version".into() });
        let a = "GET&https%3A%2F%2Fx%2F&q%3Da%2520b";
        let b = "GET&https%3A%2F%2Fx%2F&q%3Da%252Bb";
        assert!(matches!(first_difference(a, b), Difference::Encoding { kind: EncodingKind::Value, .. }));
        let plus = "GET&https%3A%2F%2Fx%2F&q%3Da%2Bb";
        assert!(matches!(
            first_difference(a, plus),
            Difference::Encoding { kind: EncodingKind::PlusForSpace, .. }
        ));
        let lower = "GET&https%3A%2F%2Fx%2F&q%3Da%252fb";
        let upper = "GET&https%3A%2F%2Fx%2F&q%3Da%252Fb";
        assert!(matches!(
            first_difference(lower, upper),
            Difference::Encoding { kind: EncodingKind::LowerCaseHex, .. }
        ));
    }

    #[test]
    fn rows_line_up_both_sides() {
        let fewer = SEED.replace("%26oauth_version%3D1.0", "");
        let rows = rows(&fewer, SEED);
        assert_eq!(rows[0], ("method".into(), "GET".into(), "GET".into()));
        assert_eq!(rows.last().unwrap(), &("oauth_version".into(), "(absent)".into(), "1.0".into()));
    }
}
