//! What can go wrong talking to the server, keeping what the server said.

use std::time::SystemTime;

/// Which call failed; advice depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    RequestToken,
    AccessToken,
    AuthUser,
}

impl Endpoint {
    pub fn describe(self) -> &'static str {
        match self {
            Endpoint::RequestToken => "asking for a request token",
            Endpoint::AccessToken => "exchanging the code for an access token",
            Endpoint::AuthUser => "checking the new tokens with !authuser",
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

/// An `oauth_problem` reply (OAuth Problem Reporting extension), sanitized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthProblem {
    pub problem: String,
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
    #[error("the reply to {} was not what an OAuth server sends ({what}): {excerpt}", .reply.endpoint.describe())]
    Unexpected { what: String, excerpt: String, reply: Box<ReplyInfo> },
    #[error("could not reach the server while {}: {detail}", .endpoint.describe())]
    Transport { kind: TransportKind, detail: String, endpoint: Endpoint },
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
    pub fn problem(&self) -> Option<&str> {
        match self {
            ClientError::OAuth(p) => Some(&p.problem),
            _ => None,
        }
    }
}
