//! Where the OAuth endpoints live: `https://api.smugmug.com` unless told otherwise.

use reqwest::Url;
use std::fmt;
use std::net::IpAddr;

pub const DEFAULT_ORIGIN: &str = "https://api.smugmug.com";

/// A normalised origin: lower-case scheme and host, no default port, and a
/// path prefix without a trailing slash, so joining never doubles a slash.
/// The signature base string is built from these URLs, so the normalisation
/// SmugMug's FAQ asks for (lower-case host, `/` for an empty path) happens here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    base: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    #[error("'{0}' is not a URL; give one like https://api.smugmug.com")]
    NotAUrl(String),
    #[error("'{0}' must start with https:// (or http:// for a server on this machine)")]
    Scheme(String),
    #[error(
        "refusing plain http:// to {0}: keys and signatures would cross the network unencrypted; use https://, or http:// only for 127.0.0.1, ::1 or localhost"
    )]
    InsecureRemote(String),
    #[error("'{0}' must not carry a user name, password, query or fragment")]
    Extra(String),
}

/// A refused URL as messages show it: a password in it is not repeated.
fn shown(url: &Url) -> String {
    let mut url = url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    crate::sanitize::sanitize(url.as_str())
}

impl Origin {
    pub fn parse(input: &str) -> Result<Self, OriginError> {
        let input = input.trim();
        let url = Url::parse(input).map_err(|_| OriginError::NotAUrl(input.to_owned()))?;
        let host = url.host_str().ok_or_else(|| OriginError::NotAUrl(input.to_owned()))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => return Err(OriginError::InsecureRemote(host.to_owned())),
            _ => return Err(OriginError::Scheme(shown(&url))),
        }
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(OriginError::Extra(shown(&url)));
        }
        // `Url` already lower-cases the scheme and host and drops a default port.
        let mut base = format!("{}://{}", url.scheme(), host);
        if let Some(port) = url.port() {
            base.push_str(&format!(":{port}"));
        }
        base.push_str(url.path().trim_end_matches('/'));
        Ok(Self { base })
    }

    /// The URL of an endpoint below this origin; `path` starts with `/`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn is_default(&self) -> bool {
        self.base == DEFAULT_ORIGIN
    }
}

impl Default for Origin {
    fn default() -> Self {
        Self { base: DEFAULT_ORIGIN.to_owned() }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_host_case_port_and_slashes() {
        let o = Origin::parse("HTTPS://API.SmugMug.com:443/").unwrap();
        assert_eq!(o.to_string(), "https://api.smugmug.com");
        assert!(o.is_default());
        assert_eq!(o.join("/api/v2!authuser"), "https://api.smugmug.com/api/v2!authuser");
        let o = Origin::parse("https://proxy.example/smugmug//").unwrap();
        assert_eq!(o.join("/x"), "https://proxy.example/smugmug/x");
    }

    #[test]
    fn http_only_on_loopback() {
        assert!(Origin::parse("http://127.0.0.1:8080").is_ok());
        assert!(Origin::parse("http://[::1]:8080").is_ok());
        assert!(Origin::parse("http://localhost:1").is_ok());
        assert_eq!(
            Origin::parse("http://api.smugmug.com"),
            Err(OriginError::InsecureRemote("api.smugmug.com".into()))
        );
        assert!(matches!(Origin::parse("ftp://x"), Err(OriginError::Scheme(_))));
        assert!(matches!(Origin::parse("nonsense"), Err(OriginError::NotAUrl(_))));
        assert!(matches!(Origin::parse("https://u:p@x"), Err(OriginError::Extra(_))));
    }

    #[test]
    fn a_refused_url_does_not_repeat_its_password() {
        for input in ["http://u:hunter2@127.0.0.1:1", "ftp://u:hunter2@x"] {
            let said = Origin::parse(input).unwrap_err().to_string();
            assert!(!said.contains("hunter2") && said.contains("u:***@"), "{said}");
        }
    }
}
