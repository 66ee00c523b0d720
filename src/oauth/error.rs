//! What can go wrong talking to the server, keeping what the server said.

use std::time::SystemTime;

/// Which call failed; advice depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    RequestToken,
    /// The authorize page, as its redirect to our loopback callback tells.
    Authorize,
    AccessToken,
    AuthUser,
}

impl Endpoint {
    pub fn describe(self) -> &'static str {
        match self {
            Endpoint::RequestToken => "asking for a request token",
            Endpoint::Authorize => "authorizing in the browser",
            Endpoint::AccessToken => "exchanging the code for an access token",
            Endpoint::AuthUser => "checking that the tokens work",
        }
    }
}

/// Facts about the reply that every error kind keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyInfo {
    pub endpoint: Endpoint,
    pub status: u16,
    /// The server's `Date` header: used to measure clock skew.
    pub server_date: Option<SystemTime>,
    /// `Retry-After` seconds, on 429 and 503.
    pub retry_after: Option<u64>,
    /// The base string we signed for this request.
    pub our_base_string: String,
}

/// An `oauth_problem` value. The ones the program decides on are named;
/// every other (the advice table still knows most) is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The signature did not match: `debug_sbs` tells why.
    SignatureInvalid,
    /// The timestamp is outside the server's window: our clock.
    TimestampRefused,
    /// The nonce was seen before: often our clock too.
    NonceUsed,
    /// The token lacks the access asked for.
    PermissionDenied,
    AdditionalAuthorizationRequired,
    /// SmugMug's "has not granted the required permissions", sent as text.
    NotGranted(String),
    Other(String),
}

impl Problem {
    pub fn parse(value: &str) -> Problem {
        match value {
            "signature_invalid" => Problem::SignatureInvalid,
            "timestamp_refused" => Problem::TimestampRefused,
            "nonce_used" => Problem::NonceUsed,
            "permission_denied" => Problem::PermissionDenied,
            "additional_authorization_required" => Problem::AdditionalAuthorizationRequired,
            text if text.contains("not granted") => Problem::NotGranted(text.to_owned()),
            other => Problem::Other(other.to_owned()),
        }
    }

    /// The value as the server sent it.
    pub fn as_str(&self) -> &str {
        match self {
            Problem::SignatureInvalid => "signature_invalid",
            Problem::TimestampRefused => "timestamp_refused",
            Problem::NonceUsed => "nonce_used",
            Problem::PermissionDenied => "permission_denied",
            Problem::AdditionalAuthorizationRequired => "additional_authorization_required",
            Problem::NotGranted(text) | Problem::Other(text) => text,
        }
    }

    /// Problems that come from this computer's clock.
    pub fn is_about_time(&self) -> bool {
        matches!(self, Problem::TimestampRefused | Problem::NonceUsed)
    }

    /// Problems that come from the access granted.
    pub fn is_about_access(&self) -> bool {
        matches!(
            self,
            Problem::PermissionDenied | Problem::NotGranted(_) | Problem::AdditionalAuthorizationRequired
        )
    }
}

impl From<&str> for Problem {
    fn from(value: &str) -> Problem {
        Problem::parse(value)
    }
}

impl PartialEq<&str> for Problem {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `oauth_problem` reply (OAuth Problem Reporting extension), sanitized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthProblem {
    pub problem: Problem,
    /// SmugMug's own base string, appended raw after `debug_sbs=`.
    pub debug_sbs: Option<String>,
    pub parameters_absent: Option<String>,
    pub acceptable_timestamps: Option<String>,
    pub advice: Option<String>,
    pub reply: ReplyInfo,
}

/// Every failure of a call to the server. All text in it is sanitized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("the server refused the request while {}: oauth_problem={}", .0.reply.endpoint.describe(), .0.problem)]
    OAuth(Box<OAuthProblem>),
    #[error("the server answered HTTP {} while {}: {message}", .reply.status, .reply.endpoint.describe())]
    Api { message: String, reply: Box<ReplyInfo> },
    #[error("the server answered HTTP {} while {}: {excerpt}", .reply.status, .reply.endpoint.describe())]
    Http { excerpt: String, reply: Box<ReplyInfo> },
    #[error("the reply to {} was not what an OAuth server sends ({kind}): {excerpt}", .reply.endpoint.describe())]
    Unexpected { kind: Unexpected, excerpt: String, reply: Box<ReplyInfo> },
    #[error("could not reach the server while {}: {detail}", .endpoint.describe())]
    Transport { kind: TransportKind, detail: String, endpoint: Endpoint },
}

/// What was wrong with a reply that was not an error and not an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unexpected {
    /// An HTML page (a captive portal, a proxy's login, a web server),
    /// with its sanitized title if it has one.
    WebPage { title: Option<String> },
    /// JSON where form data belongs.
    Json,
    /// The reply lacked the fields named.
    MissingFields(&'static str),
    /// A token or secret longer than this many characters.
    TooLong(usize),
    /// A token or secret with control characters, spaces or non-ASCII.
    NotTokenText,
}

impl std::fmt::Display for Unexpected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unexpected::WebPage { title: Some(title) } => write!(f, "a web page titled \"{title}\""),
            Unexpected::WebPage { title: None } => f.write_str("a web page"),
            Unexpected::Json => f.write_str("JSON instead of form data"),
            Unexpected::MissingFields(fields) => write!(f, "no {fields} in it"),
            Unexpected::TooLong(max) => write!(f, "a token longer than {max} characters"),
            Unexpected::NotTokenText => {
                f.write_str("a token with characters no token has (control characters, spaces or non-ASCII)")
            }
        }
    }
}

/// Why no reply came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Dns,
    Connect,
    Tls,
    Timeout,
    Proxy,
    /// The connection broke mid-reply, or the reply was malformed HTTP.
    Broken,
}

impl ClientError {
    pub fn reply(&self) -> Option<&ReplyInfo> {
        match self {
            ClientError::OAuth(p) => Some(&p.reply),
            ClientError::Api { reply, .. }
            | ClientError::Http { reply, .. }
            | ClientError::Unexpected { reply, .. } => Some(reply),
            ClientError::Transport { .. } => None,
        }
    }

    /// The `oauth_problem` value, if the server named one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::OAuth(p) => Some(&p.problem),
            _ => None,
        }
    }
}
