//! Turns a server's reply into a value or a [`ClientError`], reading the body
//! before judging the status: the `oauth_problem` is in the 401 body.

use super::error::{ClientError, OAuthProblem, Problem, ReplyInfo, Unexpected};
use crate::sanitize::{excerpt, sanitize};

/// The longest excerpt of a reply a person is shown.
const EXCERPT: usize = 200;

/// A reply as read from the wire (body already bounded).
pub struct RawReply {
    pub body: String,
    pub content_type: Option<String>,
    pub info: ReplyInfo,
}

/// The longest token or token secret taken from a server.
pub const MAX_TOKEN: usize = 256;

/// Parses a token reply: `oauth_token=…&oauth_token_secret=…`.
pub fn token_pair(raw: RawReply) -> Result<(String, String), ClientError> {
    if let Some(err) = refusal(&raw) {
        return Err(err);
    }
    if looks_like_html(&raw) || looks_like_json(&raw.body) {
        return Err(unexpected(raw, Unexpected::Json));
    }
    let field = |name: &str| {
        form_urlencoded::parse(raw.body.trim().as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    };
    match (field("oauth_token"), field("oauth_token_secret")) {
        // SmugMug's tokens are 32 characters and their secrets 64; a token
        // of kilobytes is no token, and would fill the screen and the QR code.
        (Some(token), Some(secret)) if token.len() > MAX_TOKEN || secret.len() > MAX_TOKEN => {
            Err(unexpected(raw, Unexpected::TooLong(MAX_TOKEN)))
        }
        // Tokens are drawn in part and written to a file smugVision reads:
        // control characters, spaces or non-ASCII are no token's (SmugMug's
        // are letters and digits), and would reach the terminal and the YAML.
        (Some(token), Some(secret)) if !is_token_text(&token) || !is_token_text(&secret) => {
            Err(unexpected(raw, Unexpected::NotTokenText))
        }
        (Some(token), Some(secret)) => Ok((token, secret)),
        _ => Err(unexpected(raw, Unexpected::MissingFields("oauth_token and oauth_token_secret"))),
    }
}

/// Visible ASCII only: what any OAuth token is made of.
fn is_token_text(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

/// Parses `!authuser`: `Response.User.NickName` and `.Name`.
pub fn account(raw: RawReply) -> Result<(String, String), ClientError> {
    if let Some(err) = refusal(&raw) {
        return Err(err);
    }
    let json: Option<serde_json::Value> = serde_json::from_str(&raw.body).ok();
    let user = json.as_ref().and_then(|j| j.pointer("/Response/User"));
    let text = |field: &str| user.and_then(|u| u.get(field)).and_then(|v| v.as_str()).map(sanitize);
    match text("NickName") {
        Some(nick) => Ok((nick, text("Name").unwrap_or_default())),
        None => Err(unexpected(raw, Unexpected::MissingFields("Response.User.NickName"))),
    }
}

/// An OAuth problem, a SmugMug JSON error or an HTTP error status, if the
/// reply is one; `None` for a 2xx reply that carries no problem.
fn refusal(raw: &RawReply) -> Option<ClientError> {
    if let Some(problem) = parse_problem(&raw.body, &raw.info) {
        return Some(ClientError::OAuth(Box::new(problem)));
    }
    if let Some(message) = json_message(&raw.body) {
        if let Some(problem) = parse_problem(&message, &raw.info) {
            return Some(ClientError::OAuth(Box::new(problem)));
        }
        if !(200..300).contains(&raw.info.status) {
            let message = excerpt(&message, EXCERPT);
            return Some(ClientError::Api { message, reply: Box::new(raw.info.clone()) });
        }
    }
    if (200..300).contains(&raw.info.status) {
        return None;
    }
    let text = if looks_like_html(raw) { html_text(&raw.body) } else { raw.body.clone() };
    Some(ClientError::Http { excerpt: excerpt(&text, EXCERPT), reply: Box::new(raw.info.clone()) })
}

/// A reply that is neither an answer nor an error; an HTML page is named
/// as such whatever else was wrong with it.
fn unexpected(raw: RawReply, kind: Unexpected) -> ClientError {
    let (kind, text) = if looks_like_html(&raw) {
        (
            Unexpected::WebPage { title: html_title(&raw.body).map(|t| excerpt(&t, EXCERPT)) },
            html_text(&raw.body),
        )
    } else {
        (kind, raw.body)
    };
    ClientError::Unexpected { kind, excerpt: excerpt(&text, EXCERPT), reply: Box::new(raw.info) }
}

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let (start, end) = (lower.find("<title>")? + "<title>".len(), lower.find("</title>")?);
    (start <= end).then(|| sanitize(html[start..end].trim()))
}

/// Reads `oauth_problem=…` and its companions from a form-encoded body.
/// SmugMug appends `debug_sbs=` raw (it holds `&` and `=` of its own), so
/// everything after it is taken as it is instead of being form-parsed.
pub fn parse_problem(body: &str, reply: &ReplyInfo) -> Option<OAuthProblem> {
    let body = body.trim();
    let (head, debug_sbs) = match find_param(body, "debug_sbs=") {
        Some(at) => (&body[..at], Some(decode_sbs(&body[at + "debug_sbs=".len()..]))),
        None => (body, None),
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(head.as_bytes()).into_owned().collect();
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| sanitize(v));
    let problem = get("oauth_problem").filter(|p| !p.is_empty())?;
    Some(OAuthProblem {
        problem: Problem::parse(&problem),
        debug_sbs: debug_sbs.map(|s| sanitize(&s)),
        parameters_absent: get("oauth_parameters_absent"),
        acceptable_timestamps: get("oauth_acceptable_timestamps"),
        advice: get("oauth_problem_advice"),
        reply: reply.clone(),
    })
}

/// Where `name` starts as a parameter: at the start or right after `&`.
fn find_param(body: &str, name: &str) -> Option<usize> {
    if body.starts_with(name) {
        return Some(0);
    }
    body.find(&format!("&{name}")).map(|i| i + 1)
}

/// A raw base string has `&` between its three parts; one that was
/// form-encoded once more has none, and is decoded back.
fn decode_sbs(sbs: &str) -> String {
    if sbs.contains('&') {
        return sbs.to_owned();
    }
    form_urlencoded::parse(format!("x={sbs}").as_bytes())
        .next()
        .map_or_else(|| sbs.to_owned(), |(_, v)| v.into_owned())
}

/// SmugMug's JSON error shape: `{"Code":401,"Message":"…"}`.
fn json_message(body: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(body.trim()).ok()?;
    json.get("Message").and_then(|m| m.as_str()).map(str::to_owned)
}

fn looks_like_json(body: &str) -> bool {
    body.trim_start().starts_with('{')
}

fn looks_like_html(raw: &RawReply) -> bool {
    raw.content_type.as_deref().is_some_and(|t| t.contains("html")) || raw.body.trim_start().starts_with('<')
}

/// The readable text of an HTML page: its title if it has one, else the text
/// between the tags.
fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if let (Some(start), Some(end)) = (lower.find("<title>"), lower.find("</title>"))
        && start + 7 <= end
    {
        return format!("a web page titled \"{}\"", html[start + 7..end].trim());
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    format!("a web page: {}", text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::Endpoint;

    fn info(status: u16) -> ReplyInfo {
        ReplyInfo {
            endpoint: Endpoint::RequestToken,
            status,
            server_date: None,
            retry_after: None,
            our_base_string: String::new(),
        }
    }

    fn raw(status: u16, body: &str) -> RawReply {
        RawReply { body: body.to_owned(), content_type: None, info: info(status) }
    }

    fn parse_problem(body: &str) -> Option<OAuthProblem> {
        super::parse_problem(body, &info(401))
    }

    #[test]
    fn an_enormous_token_is_no_token() {
        let body = format!("oauth_token={}&oauth_token_secret=s", "t".repeat(60_000));
        let e = token_pair(raw(200, &body)).unwrap_err();
        assert!(matches!(e, ClientError::Unexpected { kind: Unexpected::TooLong(MAX_TOKEN), .. }), "{e:?}");
        assert!(e.to_string().len() < 1000, "the error does not carry the token: {}", e.to_string().len());
    }

    #[test]
    fn debug_sbs_is_taken_raw() {
        // The reply quoted in SmugMug's example-client thread.
        let body = "oauth_problem=signature_invalid&debug_sbs=GET&https%3A%2F%2Fsecure.smugmug.com%2Fservices%2Foauth%2F1.0a%2FgetRequestToken&oauth_callback%3Dhttp%253A%252F%252Flocalhost%253A8090%252Fcallback%26oauth_consumer_key%3D8xXh2hsW6wc9FGWpCrp2GCwVDxdNLczg%26oauth_version%3D1.0";
        let p = parse_problem(body).unwrap();
        assert_eq!(p.problem, "signature_invalid");
        let sbs = p.debug_sbs.unwrap();
        assert!(sbs.starts_with("GET&https%3A%2F%2Fsecure.smugmug.com%2F"));
        assert!(sbs.ends_with("oauth_version%3D1.0"));
        assert_eq!(sbs.split('&').count(), 3);
    }

    #[test]
    fn companions_are_read() {
        let p = parse_problem(
            "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_callback%26oauth_nonce",
        )
        .unwrap();
        assert_eq!(p.parameters_absent.as_deref(), Some("oauth_callback&oauth_nonce"));
        let p = parse_problem("oauth_problem=timestamp_refused&oauth_acceptable_timestamps=100-200").unwrap();
        assert_eq!(p.acceptable_timestamps.as_deref(), Some("100-200"));
        assert!(parse_problem("oauth_token=a&oauth_token_secret=b").is_none());
    }

    #[test]
    fn a_token_with_control_characters_spaces_or_non_ascii_is_refused() {
        for body in [
            "oauth_token=a%1B%5B2Jb&oauth_token_secret=s",
            "oauth_token=ab&oauth_token_secret=s%0Ax",
            "oauth_token=a+b&oauth_token_secret=s",
            "oauth_token=a%E2%80%A8b&oauth_token_secret=s",
            "oauth_token=a%00b&oauth_token_secret=s",
        ] {
            let err = token_pair(raw(200, body)).unwrap_err();
            assert!(err.to_string().contains("characters no token has"), "{body}: {err}");
        }
    }

    #[test]
    fn token_reply_and_refusals() {
        let ok = token_pair(raw(200, "oauth_token=t%2B1&oauth_token_secret=s&oauth_callback_confirmed=true"));
        assert_eq!(ok.unwrap(), ("t+1".to_owned(), "s".to_owned()));
        let e = token_pair(raw(401, "oauth_problem=consumer_key_unknown")).unwrap_err();
        assert_eq!(e.problem().map(Problem::as_str), Some("consumer_key_unknown"));
        let e = token_pair(raw(401, r#"{"Code":401,"Message":"oauth_problem=token_rejected"}"#)).unwrap_err();
        assert_eq!(e.problem().map(Problem::as_str), Some("token_rejected"));
        let e = token_pair(raw(403, r#"{"Code":403,"Message":"API key lacks v2 access"}"#)).unwrap_err();
        assert!(matches!(e, ClientError::Api { ref message, .. } if message == "API key lacks v2 access"));
        let e = token_pair(raw(200, "<html><title>Login</title></html>")).unwrap_err();
        assert!(matches!(e, ClientError::Unexpected { ref excerpt, .. } if excerpt.contains("Login")));
        let e = token_pair(raw(500, "boom\x1b[2J")).unwrap_err();
        assert!(matches!(e, ClientError::Http { ref excerpt, .. } if excerpt == "boom[2J"));
    }

    #[test]
    fn account_reads_smugmug_fields() {
        let body = r#"{"Response":{"User":{"NickName":"ann\u001b[31m","Name":"Ann Example"}}}"#;
        assert_eq!(account(raw(200, body)).unwrap(), ("ann[31m".into(), "Ann Example".into()));
    }
}
