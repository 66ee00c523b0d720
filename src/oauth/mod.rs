//! SmugMug's OAuth 1.0a flow: out of band (a code to type) or with a
//! loopback callback. Knows nothing of terminals or files.

mod callback;
mod client;
mod error;
mod origin;
mod reply;
mod signer;

pub use callback::{CALLBACK_PATH, CallbackListener};
pub use client::{
    ACCESS_TOKEN_PATH, AUTHORIZE_PATH, AUTHUSER_PATH, Access, AccessToken, Account, Client, Consumer, Logins,
    OUT_OF_BAND, Permissions, REQUEST_TOKEN_LIFETIME, REQUEST_TOKEN_PATH, RequestToken, Scope,
};
pub use error::{ClientError, Endpoint, OAuthProblem, Problem, ReplyInfo, TransportKind, Unexpected};
pub use origin::{DEFAULT_ORIGIN, Origin, OriginError};
pub use reply::{MAX_TOKEN, RawReply, account, parse_problem, token_pair};
pub use signer::{SignInput, Signed, sign, sign_at};
