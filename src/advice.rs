//! What each failure means and what to do about it, for SmugMug in
//! particular. Pure data: the wizard's pane, plain mode, `check` and
//! docs/troubleshooting.md all read this one table.

use crate::oauth::{Access, Permissions, Scope, TransportKind};

/// Where SmugMug's settings live; the same page has also been called Site Settings.
macro_rules! settings {
    () => {
        "SmugMug's Account Settings (also called Site Settings)"
    };
}

/// The step that fixes a problem, offered as one key in the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Go back to the api_key / api_secret screen.
    ReenterCredentials,
    /// Go back to the api_secret: it does not belong to the api_key.
    ReenterSecret,
    /// Ask for a new request token and authorize link.
    NewLink,
    /// Type the six-digit code again.
    ReenterCode,
    /// Paste the access token and secret again (the tokens path).
    ReenterTokens,
    /// Try the same call again.
    Retry,
    /// Nothing this tool can do; the person must act elsewhere.
    Quit,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::ReenterCredentials => "re-enter the API key and secret",
            Action::ReenterSecret => "re-enter the API secret",
            Action::NewLink => "get a new authorization link",
            Action::ReenterCode => "type the code again",
            Action::ReenterTokens => "paste the tokens again",
            Action::Retry => "try again",
            Action::Quit => "quit",
        }
    }
}

pub struct Advice {
    /// The `oauth_problem` value, or our own name for a non-OAuth failure.
    pub key: &'static str,
    /// What it means, in a sentence.
    pub meaning: &'static str,
    /// Likely causes with SmugMug, most likely first.
    pub causes: &'static [&'static str],
    /// What to do, in order.
    pub fixes: &'static [&'static str],
    pub action: Action,
}

/// Why tokens a person gave (pasted, or in the environment) are refused.
const GIVEN_TOKENS_CAUSES: &[&str] = &[
    "The token and secret belong to another application or api_key under Authorized Services.",
    "One of them was cut short, or copied with something extra.",
    "Access was removed (the token revoked) since the token was shown.",
];

/// The entry for an `oauth_problem` the server named (any text: an
/// unknown one gets `UNKNOWN`).
pub fn lookup(key: &str) -> &'static Advice {
    TABLE.iter().find(|a| a.key == key).unwrap_or(&UNKNOWN)
}

/// The failures that are ours to name (not an `oauth_problem`): each has
/// its entry, which a test checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    NotGranted,
    NoV2Access,
    ConsumerKeyRejected,
    Http401,
    Http403,
    Http429,
    Http5xx,
    HttpOther,
    Html,
    Unexpected,
    /// No reply, and why.
    Transport(TransportKind),
    /// Pasted tokens refused by `!authuser` (the tokens path).
    PastedTokensRefused,
    /// Plain mode's tokens from the environment, refused.
    EnvTokensRefused,
}

impl Failure {
    pub const ALL: [Failure; 18] = [
        Failure::NotGranted,
        Failure::NoV2Access,
        Failure::ConsumerKeyRejected,
        Failure::Http401,
        Failure::Http403,
        Failure::Http429,
        Failure::Http5xx,
        Failure::HttpOther,
        Failure::Html,
        Failure::Unexpected,
        Failure::Transport(TransportKind::Dns),
        Failure::Transport(TransportKind::Connect),
        Failure::Transport(TransportKind::Tls),
        Failure::Transport(TransportKind::Timeout),
        Failure::Transport(TransportKind::Proxy),
        Failure::Transport(TransportKind::Broken),
        Failure::PastedTokensRefused,
        Failure::EnvTokensRefused,
    ];

    /// Its name in the table and in docs/troubleshooting.md.
    pub fn key(self) -> &'static str {
        match self {
            Failure::NotGranted => "not_granted",
            Failure::NoV2Access => "no_v2_access",
            Failure::ConsumerKeyRejected => "consumer_key_rejected",
            Failure::Http401 => "http_401",
            Failure::Http403 => "http_403",
            Failure::Http429 => "http_429",
            Failure::Http5xx => "http_5xx",
            Failure::HttpOther => "http_other",
            Failure::Html => "html",
            Failure::Unexpected => "unexpected",
            Failure::Transport(kind) => match kind {
                TransportKind::Dns => "dns",
                TransportKind::Connect => "connect",
                TransportKind::Tls => "tls",
                TransportKind::Timeout => "timeout",
                TransportKind::Proxy => "proxy",
                TransportKind::Broken => "broken",
            },
            Failure::PastedTokensRefused => "pasted_tokens_refused",
            Failure::EnvTokensRefused => "env_tokens_refused",
        }
    }

    pub fn advice(self) -> &'static Advice {
        lookup(self.key())
    }
}

/// docs/troubleshooting.md, written from the table (a test keeps them equal).
pub fn to_markdown() -> String {
    let mut out = String::from(
        "# Troubleshooting\n\nGenerated from `src/advice.rs` by `UPDATE_DOCS=1 cargo test --test docs`; edit the table, not this file.\n\nEach entry is an `oauth_problem` value SmugMug (or another OAuth 1.0a server) can send, one of SmugMug's own messages, or a failure before any reply. The wizard's troubleshooting pane, plain mode and `smugmug-auth check` show the same text.\n",
    );
    for advice in TABLE.iter().chain(std::iter::once(&UNKNOWN)) {
        // The same order as the pane and plain mode (`Diagnosis::layout`).
        out.push_str(&format!("\n## `{}`\n\n{}\n\nWhat to do:\n", advice.key, advice.meaning));
        for fix in advice.fixes {
            out.push_str(&format!("- {fix}\n"));
        }
        out.push_str("\nLikely causes:\n");
        for cause in advice.causes {
            out.push_str(&format!("- {cause}\n"));
        }
        out.push_str(&format!("\nThe wizard offers: {}.\n", advice.action.label()));
    }
    out
}

/// What smugVision will not be able to do with the grant a run asked for
/// (`None` for tokens this run did not ask for: their level is unknown);
/// nothing when it asked for Full/Modify. Never claims a grant it did not ask for.
/// `command` is how to run this tool again with this run's options, when
/// the caller knows them all.
pub fn grant_note(asked: Option<Scope>, command: Option<&str>) -> Option<String> {
    let Some(scope) = asked else {
        return Some(
            "SmugMug does not say what level these tokens were granted; smugVision needs Access=Full and Permissions=Modify to write keywords and captions.".to_owned(),
        );
    };
    let mut cannot = Vec::new();
    if scope.permissions != Permissions::Modify {
        cannot.push("write keywords and captions (that needs Permissions=Modify)");
    }
    if scope.access != Access::Full {
        cannot.push("see private or unlisted galleries (that needs Access=Full)");
    }
    if cannot.is_empty() {
        return None;
    }
    let again = match command {
        Some(command) => format!("run `{command}` (without --access and --permissions)"),
        None => "sign in again without --access and --permissions".to_owned(),
    };
    Some(format!(
        "this run asked for Access={:?} and Permissions={:?}, so smugVision will not be able to {}. To change the grant, remove this application under {} → Privacy → Authorized Services, then {again}.",
        scope.access,
        scope.permissions,
        cannot.join(", nor "),
        settings!()
    ))
}

pub static UNKNOWN: Advice = Advice {
    key: "unknown",
    meaning: "The server refused the request for a reason this tool does not know.",
    causes: &["A problem name this tool has no entry for; its exact text is shown above."],
    fixes: &[
        "Try once more: some failures pass.",
        "Run `smugmug-auth check` to test saved credentials step by step.",
        "If it persists, search SmugMug's API documentation or ask SmugMug's API support, quoting the problem name.",
    ],
    action: Action::Retry,
};

const NEW_KEY: &str = concat!(
    "Copy the key and secret again from ",
    settings!(),
    " → Privacy → API Keys, or apply for a key at https://api.smugmug.com/api/developer/apply."
);

pub static TABLE: &[Advice] = &[
    Advice {
        key: "signature_invalid",
        meaning: "The signature on the request does not match the one SmugMug computed, so it was not accepted.",
        causes: &[
            "The api_secret does not belong to this api_key (copied from another key, or cut short).",
            "A space, line break or quote was copied along with the secret.",
            "Something between you and SmugMug changed the request (a proxy rewriting the URL or host).",
            "Only with a client you wrote yourself: upper-case letters in the host name, an empty path instead of `/`, or a parameter encoded twice.",
        ],
        fixes: &[
            "If the base string is the same on both sides (or only ours is shown), the secret is wrong: re-enter it.",
            "If the two differ, the first difference names what changed on the way.",
        ],
        action: Action::ReenterSecret,
    },
    Advice {
        key: "consumer_key_unknown",
        meaning: "SmugMug does not know this api_key.",
        causes: &[
            "A typo or a key cut short when copying; or spaces or quotes around it.",
            "The key was deleted, or belongs to another SmugMug account's deleted application.",
        ],
        fixes: &[NEW_KEY],
        action: Action::ReenterCredentials,
    },
    Advice {
        key: "consumer_key_rejected",
        meaning: "SmugMug knows this api_key but will not accept it.",
        causes: &[
            "The key is still waiting for SmugMug's approval (check your email, and its spam folder).",
            "The key was disabled or revoked by SmugMug.",
        ],
        fixes: &["Wait for the approval email, or contact SmugMug's API support about the key.", NEW_KEY],
        action: Action::ReenterCredentials,
    },
    Advice {
        key: "consumer_key_refused",
        meaning: "SmugMug is refusing this api_key for now, for example because it made too many requests.",
        causes: &["Rate limiting of the key.", "A temporary hold on the key."],
        fixes: &["Wait a few minutes, then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "timestamp_refused",
        meaning: "The time in the request is too far from SmugMug's clock.",
        causes: &[
            "This computer's clock is wrong (a virtual machine, a board with no clock battery, time sync switched off).",
        ],
        fixes: &[
            "Turn on network time: `sudo timedatectl set-ntp true` on Linux, or Date & Time → Set automatically on macOS and Windows.",
            "Then try again.",
        ],
        action: Action::Retry,
    },
    Advice {
        key: "nonce_used",
        meaning: "SmugMug has already seen a request with this one-time value.",
        causes: &[
            "A request was sent twice (a retry through a proxy).",
            "The clock is far off, so one-time values collide.",
        ],
        fixes: &["Try again.", "If it repeats, check this computer's clock (see the clock line above)."],
        action: Action::Retry,
    },
    Advice {
        key: "parameter_absent",
        meaning: "The request lacks an OAuth parameter SmugMug requires.",
        causes: &[
            "OAuth 1.0 code talking to the 1.0a endpoints: 1.0a needs oauth_callback on getRequestToken (this tool sends `oob` when you will type the code, and a one-use http://127.0.0.1 address when the browser comes back by itself).",
            "A proxy or gateway removed the Authorization header.",
        ],
        fixes: &[
            "Check that no proxy strips the Authorization header (HTTPS_PROXY, a company gateway).",
            "The missing names are listed above.",
        ],
        action: Action::Retry,
    },
    Advice {
        key: "parameter_rejected",
        meaning: "The request carried a parameter SmugMug does not accept.",
        causes: &["A malformed Authorization header, or a parameter added by a proxy."],
        fixes: &["Try again without a proxy, or report the exact parameters to SmugMug's API support."],
        action: Action::Retry,
    },
    Advice {
        key: "version_rejected",
        meaning: "The server does not accept the oauth_version sent (1.0).",
        causes: &["The origin is not an OAuth 1.0a server like SmugMug's."],
        fixes: &["Check --origin or SMUGMUG_ORIGIN; leave them unset for SmugMug itself."],
        action: Action::Quit,
    },
    Advice {
        key: "signature_method_rejected",
        meaning: "The server does not accept the HMAC-SHA1 signature method.",
        causes: &["The origin is not SmugMug (SmugMug accepts HMAC-SHA1, and PLAINTEXT over https only)."],
        fixes: &["Check --origin or SMUGMUG_ORIGIN."],
        action: Action::Quit,
    },
    Advice {
        key: "token_used",
        meaning: "This authorization link was already used: SmugMug request tokens work once.",
        causes: &["The code was already exchanged, or a second try reused the same link."],
        fixes: &["Get a new link, authorize again, and type the new code."],
        action: Action::NewLink,
    },
    Advice {
        key: "token_expired",
        meaning: "The authorization link expired: SmugMug request tokens last five minutes.",
        causes: &["More than five minutes passed between asking for the link and typing the code."],
        fixes: &["Get a new link and finish within five minutes."],
        action: Action::NewLink,
    },
    Advice {
        key: "token_revoked",
        meaning: "The token was revoked: the account owner removed this application's access.",
        causes: &["Access was removed in SmugMug's account settings, or the password was changed."],
        fixes: &["Authorize again to get new tokens."],
        action: Action::NewLink,
    },
    Advice {
        key: "token_rejected",
        meaning: "SmugMug does not accept this token: it was never issued for this api_key, or it is gone.",
        causes: &[
            "The user_token was made with a different api_key.",
            "The link is old and SmugMug has forgotten it.",
        ],
        fixes: &["Get a new link and authorize again with the same api_key you will save."],
        action: Action::NewLink,
    },
    Advice {
        key: "pasted_tokens_refused",
        meaning: "SmugMug does not accept the pasted access token and secret with this api_key.",
        causes: GIVEN_TOKENS_CAUSES,
        fixes: &[
            concat!(
                "Copy this api_key's token and secret again from ",
                settings!(),
                " → Privacy → Authorized Services (the \"token\" link beside the app)."
            ),
            "Or close this pane and press Esc to go back and sign in with SmugMug instead, for new tokens.",
        ],
        action: Action::ReenterTokens,
    },
    Advice {
        key: "env_tokens_refused",
        meaning: "SmugMug does not accept SMUGMUG_ACCESS_TOKEN and SMUGMUG_ACCESS_TOKEN_SECRET with this api_key.",
        causes: GIVEN_TOKENS_CAUSES,
        fixes: &[
            concat!(
                "Copy this api_key's token and secret again from ",
                settings!(),
                " → Privacy → Authorized Services, and set the two variables again."
            ),
            "Or unset both (`unset SMUGMUG_ACCESS_TOKEN SMUGMUG_ACCESS_TOKEN_SECRET`) and run again, to sign in with SmugMug for new tokens.",
        ],
        action: Action::Quit,
    },
    Advice {
        key: "verifier_invalid",
        meaning: "The six-digit code does not match this authorization link.",
        causes: &[
            "A code from your authenticator app or a text message (SmugMug's two-step login) instead of the one SmugMug shows after Authorize.",
            "A mistyped code.",
            "A code from an older link or another window.",
        ],
        fixes: &[
            "Type the six digits SmugMug shows after you press Authorize, not a two-step login code; if unsure, get a new link.",
        ],
        action: Action::ReenterCode,
    },
    Advice {
        key: "permission_unknown",
        meaning: "The account owner has not finished authorizing yet.",
        causes: &["The code was sent before pressing Authorize on SmugMug's page."],
        fixes: &["Open the link, log in, press Authorize, then type the code shown."],
        action: Action::ReenterCode,
    },
    Advice {
        key: "permission_denied",
        meaning: "The tokens do not have the access this request needs.",
        causes: &[
            "The authorization was for less than smugVision needs (it needs Access=Full and Permissions=Modify).",
            "An existing grant cannot be raised by authorizing again: only the account owner can change it.",
        ],
        fixes: &[
            concat!(
                "Remove this application under ",
                settings!(),
                " → Privacy → Authorized Services, then authorize again."
            ),
            "Run this tool with --access Full --permissions Modify (the defaults).",
        ],
        action: Action::NewLink,
    },
    Advice {
        key: "not_granted",
        meaning: "SmugMug says the account owner has not granted the permissions this request needs.",
        causes: &[
            "The authorize link asked for too little: without Access and Permissions, SmugMug grants the lowest level (Public, Read).",
            "An earlier, lower grant stays in force: authorizing again does not raise it.",
        ],
        fixes: &[concat!(
            "Remove this application under ",
            settings!(),
            " → Privacy → Authorized Services, then authorize again with Full/Modify."
        )],
        action: Action::NewLink,
    },
    Advice {
        key: "additional_authorization_required",
        meaning: "The tokens are valid but not authorized for this request.",
        causes: &["The grant's level is lower than the request needs."],
        fixes: &["Authorize again with Access=Full and Permissions=Modify after removing the old grant."],
        action: Action::NewLink,
    },
    Advice {
        key: "user_refused",
        meaning: "The account owner declined the authorization.",
        causes: &["Cancel was pressed on SmugMug's page."],
        fixes: &["Get a new link and press Authorize this time."],
        action: Action::NewLink,
    },
    Advice {
        key: "no_v2_access",
        meaning: "The api_key has not been enabled for SmugMug's API v2.",
        causes: &["The key's owner has not accepted the API v2 terms of service."],
        fixes: &[
            "Log in to SmugMug as the key's owner, open https://api.smugmug.com/api/developer/accept and accept the terms of service, then try again.",
        ],
        action: Action::Retry,
    },
    Advice {
        key: "http_401",
        meaning: "SmugMug refused the credentials (HTTP 401) without saying why.",
        causes: &["A wrong api_key or api_secret.", "Tokens made with a different api_key."],
        fixes: &["Re-enter the key and secret; then authorize again."],
        action: Action::ReenterCredentials,
    },
    Advice {
        key: "http_403",
        meaning: "SmugMug refused the request (HTTP 403).",
        causes: &["The key is not approved yet, or is disabled.", "A network filter blocked the request."],
        fixes: &["Check your email for SmugMug's approval.", "Try from another network."],
        action: Action::Quit,
    },
    Advice {
        key: "http_429",
        meaning: "Too many requests: SmugMug asks to slow down (HTTP 429).",
        causes: &["Many attempts in a short time from this key or this address."],
        fixes: &["Wait as long as the server asks (shown above), then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "http_5xx",
        meaning: "SmugMug had a problem of its own (HTTP 5xx).",
        causes: &["An outage or maintenance at SmugMug."],
        fixes: &["Wait a few minutes and try again."],
        action: Action::Retry,
    },
    Advice {
        key: "http_other",
        meaning: "The server answered with an HTTP error.",
        causes: &["A wrong --origin, or a proxy answering in the server's place."],
        fixes: &["Check --origin / SMUGMUG_ORIGIN and any proxy settings; then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "html",
        meaning: "A web page came back where the OAuth server sends form data or JSON.",
        causes: &[
            "A captive portal (hotel, airport Wi-Fi) or a company proxy answered instead of SmugMug.",
            "--origin points at a website rather than the API (use https://api.smugmug.com).",
        ],
        fixes: &["Open any web page in a browser to clear a captive portal; check --origin; then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "unexpected",
        meaning: "The reply was not what an OAuth server sends.",
        causes: &["--origin points at something that is not SmugMug's API.", "A proxy changed the reply."],
        fixes: &["Check --origin / SMUGMUG_ORIGIN and proxy settings; then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "dns",
        meaning: "The server's name could not be looked up.",
        causes: &[
            "No internet connection.",
            "A typo in --origin or SMUGMUG_ORIGIN, if either is set.",
            "DNS is blocked on this network.",
        ],
        fixes: &[
            "Check the connection (`ping api.smugmug.com`) and any --origin or SMUGMUG_ORIGIN; then try again.",
        ],
        action: Action::Retry,
    },
    Advice {
        key: "connect",
        meaning: "No connection could be made to the server.",
        causes: &[
            "No internet connection, or a firewall blocking port 443.",
            "A wrong port in --origin or SMUGMUG_ORIGIN, if either is set.",
        ],
        fixes: &["Check the connection and any firewall; then try again."],
        action: Action::Retry,
    },
    Advice {
        key: "tls",
        meaning: "The secure connection failed: the server's certificate was not trusted.",
        causes: &[
            "A company proxy or antivirus that inspects HTTPS, with its own certificate authority.",
            "A wrong system clock, which makes valid certificates look expired.",
        ],
        fixes: &[
            "Install the proxy's CA certificate in the system trust store (ask your IT team for it).",
            "Never turn off certificate checks: that would expose the secrets.",
        ],
        action: Action::Retry,
    },
    Advice {
        key: "proxy",
        meaning: "The proxy in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY refused or failed.",
        causes: &["A wrong proxy address, or a proxy that needs a login."],
        fixes: &["Check those variables (and NO_PROXY); unset them if no proxy is needed."],
        action: Action::Retry,
    },
    Advice {
        key: "timeout",
        meaning: "The server took too long to answer (over 30 seconds).",
        causes: &["A slow or overloaded network.", "A proxy holding the request."],
        fixes: &["Try again; if it repeats, try another network."],
        action: Action::Retry,
    },
    Advice {
        key: "broken",
        meaning: "The connection broke before the reply was complete.",
        causes: &["An unstable network.", "A proxy cutting the connection."],
        fixes: &["Try again."],
        action: Action::Retry,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_of_ours_has_its_entry() {
        for failure in Failure::ALL {
            assert_eq!(failure.advice().key, failure.key(), "{failure:?}");
        }
    }
}
