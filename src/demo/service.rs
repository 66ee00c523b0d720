//! The fake SmugMug: token endpoints, the authorize page, `!authuser`, and
//! the fault switches tests use to make it fail like the real one can.

use super::http::{Handler, Request, Response};
use super::verify;
use super::{DemoConfig, Fault, Mangle};
use crate::oauth::{ACCESS_TOKEN_PATH, AUTHORIZE_PATH, AUTHUSER_PATH, Endpoint, REQUEST_TOKEN_PATH};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// How far a request's timestamp may be from the server's clock.
const TIMESTAMP_WINDOW: i64 = 300;

pub struct Service {
    config: DemoConfig,
    state: Mutex<State>,
}

#[derive(Default)]
pub struct State {
    pub faults: Vec<(Option<Endpoint>, Fault)>,
    pub clock_offset: i64,
    request_tokens: HashMap<String, PendingToken>,
    access_tokens: HashMap<String, String>,
    nonces: HashSet<(String, String)>,
    pub last_code: Option<String>,
    counter: u64,
}

struct PendingToken {
    secret: String,
    code: String,
    /// `oob`, or where the authorize page sends the browser.
    callback: String,
    issued: Instant,
    used: bool,
}

impl Service {
    pub fn new(config: DemoConfig) -> Self {
        Self { config, state: Mutex::new(State::default()) }
    }

    pub fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut state)
    }

    pub fn config(&self) -> &DemoConfig {
        &self.config
    }

    pub fn code_for(&self, token: &str) -> Option<String> {
        self.with_state(|s| s.request_tokens.get(token).map(|t| t.code.clone()))
    }

    fn now(&self) -> i64 {
        let local = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        local + self.with_state(|s| s.clock_offset)
    }

    fn route(&self, request: &Request) -> Result<Response, Response> {
        let endpoint = match request.path.as_str() {
            REQUEST_TOKEN_PATH => Endpoint::RequestToken,
            ACCESS_TOKEN_PATH => Endpoint::AccessToken,
            AUTHUSER_PATH => Endpoint::AuthUser,
            AUTHORIZE_PATH => return Ok(self.authorize_page(request)),
            _ => return Ok(Response::new(404, "text/plain", "no such endpoint in the demo")),
        };
        let mut delay = None;
        for fault in self.faults_for(endpoint) {
            match fault {
                Fault::Slow(d) => delay = Some(d),
                other => {
                    if let Some(response) = fault_response(endpoint, &other, request) {
                        return Err(response);
                    }
                }
            }
        }
        let params = self.checked_params(request, endpoint)?;
        let mut response = match endpoint {
            Endpoint::RequestToken => self.issue_request_token(&params),
            Endpoint::AccessToken => self.exchange(&params)?,
            Endpoint::AuthUser => self.authuser(),
            Endpoint::Authorize => unreachable!("the authorize page is answered above"),
        };
        response.delay = delay;
        Ok(response)
    }

    fn faults_for(&self, endpoint: Endpoint) -> Vec<Fault> {
        self.with_state(|s| {
            s.faults
                .iter()
                .filter(|(at, _)| at.is_none_or(|e| e == endpoint))
                .map(|(_, f)| f.clone())
                .collect()
        })
    }

    /// Every check SmugMug makes, in its order; the first failure is the reply.
    fn checked_params(
        &self,
        request: &Request,
        endpoint: Endpoint,
    ) -> Result<Vec<(String, String)>, Response> {
        let problem = |name: &str| Err(problem(endpoint, name, &[]));
        let mut params = verify::parse_pairs(&request.query);
        if request.header("content-type").is_some_and(|t| t.starts_with(FORM)) {
            params.extend(verify::parse_pairs(&request.body));
        }
        if let Some(header) = request.header("authorization") {
            let Some(oauth) = verify::parse_authorization(header) else {
                return problem("parameter_rejected");
            };
            params.extend(oauth);
        }
        let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let mut required = vec![
            "oauth_consumer_key",
            "oauth_signature_method",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_nonce",
        ];
        required.extend(match endpoint {
            Endpoint::RequestToken => &["oauth_callback"][..],
            Endpoint::AccessToken => &["oauth_token", "oauth_verifier"][..],
            Endpoint::AuthUser => &["oauth_token"][..],
            Endpoint::Authorize => &[][..],
        });
        let absent: Vec<&str> = required.into_iter().filter(|r| get(r).is_none()).collect();
        if !absent.is_empty() {
            let absent = absent.join("&");
            return Err(problem_with(endpoint, "parameter_absent", &[("oauth_parameters_absent", &absent)]));
        }
        if get("oauth_version").is_some_and(|v| v != "1.0") {
            return problem("version_rejected");
        }
        if get("oauth_signature_method") != Some("HMAC-SHA1") {
            return problem("signature_method_rejected");
        }
        if get("oauth_consumer_key") != Some(self.config.consumer_key.as_str()) {
            return problem("consumer_key_unknown");
        }
        let now = self.now();
        let timestamp: i64 = get("oauth_timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
        if (timestamp - now).abs() > TIMESTAMP_WINDOW {
            let window = format!("{}-{}", now - TIMESTAMP_WINDOW, now + TIMESTAMP_WINDOW);
            return Err(problem_with(
                endpoint,
                "timestamp_refused",
                &[("oauth_acceptable_timestamps", &window)],
            ));
        }
        let nonce = (get("oauth_nonce").unwrap_or_default().to_owned(), timestamp.to_string());
        if !self.with_state(|s| s.nonces.insert(nonce)) {
            return problem("nonce_used");
        }
        let token_secret = match self.token_secret(endpoint, get("oauth_token")) {
            Ok(secret) => secret,
            Err(name) => return problem(name),
        };
        let host = request.header("host").unwrap_or("127.0.0.1");
        let uri = verify::base_uri("http", host, &request.path);
        let base_string = verify::base_string(&request.method, &uri, &params);
        let expected = verify::hmac_sha1(&base_string, &self.config.consumer_secret, &token_secret);
        if !verify::same_signature(&expected, get("oauth_signature").unwrap_or_default()) {
            return Err(signature_invalid(endpoint, &base_string));
        }
        Ok(params)
    }

    /// The secret that signs with this token, or the problem with the token.
    fn token_secret(&self, endpoint: Endpoint, token: Option<&str>) -> Result<String, &'static str> {
        let lifetime = self.config.request_token_lifetime;
        self.with_state(|s| match (endpoint, token) {
            (Endpoint::RequestToken, _) => Ok(String::new()),
            (Endpoint::AccessToken, Some(token)) => match s.request_tokens.get(token) {
                None => Err("token_rejected"),
                Some(t) if t.used => Err("token_used"),
                Some(t) if t.issued.elapsed() > lifetime => Err("token_expired"),
                Some(t) => Ok(t.secret.clone()),
            },
            (_, Some(token)) => s.access_tokens.get(token).cloned().ok_or("token_rejected"),
            (_, None) => Err("parameter_absent"),
        })
    }

    fn issue_request_token(&self, params: &[(String, String)]) -> Response {
        let callback =
            params.iter().find(|(k, _)| k == "oauth_callback").map(|(_, v)| v.clone()).unwrap_or_default();
        let token = self.random(32);
        let secret = self.random(64);
        let code = self.config.fixed_code.clone().unwrap_or_else(|| self.random_code());
        let body = format!("oauth_callback_confirmed=true&oauth_token={token}&oauth_token_secret={secret}");
        self.with_state(|s| {
            s.last_code = Some(code.clone());
            s.request_tokens
                .insert(token, PendingToken { secret, code, callback, issued: Instant::now(), used: false });
        });
        Response::new(200, FORM, body)
    }

    fn exchange(&self, params: &[(String, String)]) -> Result<Response, Response> {
        let get =
            |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
        let token = get("oauth_token");
        let matches =
            self.with_state(|s| s.request_tokens.get(token).is_some_and(|t| t.code == get("oauth_verifier")));
        if !matches {
            return Err(problem(Endpoint::AccessToken, "verifier_invalid", &[]));
        }
        let (access, secret) = (self.random(32), self.random(64));
        self.with_state(|s| {
            if let Some(t) = s.request_tokens.get_mut(token) {
                t.used = true;
            }
            s.access_tokens.insert(access.clone(), secret.clone());
        });
        Ok(Response::new(200, FORM, format!("oauth_token={access}&oauth_token_secret={secret}")))
    }

    fn authuser(&self) -> Response {
        let user = serde_json::json!({
            "Code": 200,
            "Message": "Ok",
            "Response": { "User": { "NickName": self.config.nickname, "Name": self.config.name } }
        });
        Response::new(200, JSON, user.to_string())
    }

    /// What SmugMug's page does after "Authorize": show the six-digit code
    /// (`oob`), or send the browser to the token's callback with the
    /// verifier (there is no one to log in, so at once). A fault on
    /// `Endpoint::Authorize` sends its problem instead, as a refusal would.
    fn authorize_page(&self, request: &Request) -> Response {
        let token = verify::parse_pairs(&request.query)
            .into_iter()
            .find(|(k, _)| k == "oauth_token")
            .map(|(_, v)| v)
            .unwrap_or_default();
        let pending =
            self.with_state(|s| s.request_tokens.get(&token).map(|t| (t.code.clone(), t.callback.clone())));
        let Some((code, callback)) = pending else {
            let page =
                "<html><body>This link is unknown to the demo server. Ask for a new one.</body></html>";
            return Response::new(200, "text/html; charset=utf-8", page);
        };
        if callback != "oob" {
            let refusal = self.faults_for(Endpoint::Authorize).into_iter().find_map(|f| match f {
                Fault::Problem(name) => Some(name),
                _ => None,
            });
            let outcome = match refusal {
                Some(problem) => format!("oauth_problem={}", verify::percent_encode(&problem)),
                None => format!("oauth_verifier={code}"),
            };
            let separator = if callback.contains('?') { '&' } else { '?' };
            let location =
                format!("{callback}{separator}oauth_token={}&{outcome}", verify::percent_encode(&token));
            let mut response = Response::new(302, "text/plain", "Redirecting to the application.");
            response.headers.push(("Location", location));
            return response;
        }
        let body = format!(
            "<html><head><title>smugmug-auth demo</title></head><body><h1>Demo authorization</h1>\
             <p>In the real flow you would log in to SmugMug and press Authorize. Your six-digit code:</p>\
             <p style=\"font-size:3em\">{code}</p></body></html>"
        );
        Response::new(200, "text/html; charset=utf-8", body)
    }

    fn random(&self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len).map(|_| ALPHABET[(self.next_random() % ALPHABET.len() as u64) as usize] as char).collect()
    }

    fn random_code(&self) -> String {
        format!("{:06}", self.next_random() % 1_000_000)
    }

    /// Demo tokens need to be unpredictable enough, not cryptographic:
    /// std's randomly keyed hasher over a counter does.
    fn next_random(&self) -> u64 {
        let n = self.with_state(|s| {
            s.counter += 1;
            s.counter
        });
        std::collections::hash_map::RandomState::new().hash_one(n)
    }
}

impl Handler for Service {
    fn handle(&self, request: Request) -> Response {
        self.route(&request).unwrap_or_else(|e| e)
    }

    fn date(&self) -> String {
        let secs = u64::try_from(self.now()).unwrap_or(0);
        httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs))
    }
}

fn problem(endpoint: Endpoint, name: &str, extra: &[(&str, &str)]) -> Response {
    problem_with(endpoint, name, extra)
}

/// A 401 as SmugMug sends it: form data from the OAuth endpoints, JSON from the API.
fn problem_with(endpoint: Endpoint, name: &str, extra: &[(&str, &str)]) -> Response {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("oauth_problem", name);
    for (k, v) in extra {
        form.append_pair(k, v);
    }
    let form = form.finish();
    match endpoint {
        Endpoint::AuthUser => {
            let json = serde_json::json!({ "Code": 401, "Message": form });
            Response::new(401, JSON, json.to_string())
        }
        _ => Response::new(401, FORM, form),
    }
}

/// SmugMug appends its base string raw, after the form-encoded problem.
fn signature_invalid(endpoint: Endpoint, base_string: &str) -> Response {
    let body = format!("oauth_problem=signature_invalid&debug_sbs={base_string}");
    match endpoint {
        Endpoint::AuthUser => {
            Response::new(401, JSON, serde_json::json!({ "Code": 401, "Message": body }).to_string())
        }
        _ => Response::new(401, FORM, body),
    }
}

/// The base string the server computes for `request`, changed by `mangle`.
fn server_base_string(request: &Request, mangle: Option<Mangle>) -> String {
    let mut params = verify::parse_pairs(&request.query);
    if let Some(oauth) = request.header("authorization").and_then(verify::parse_authorization) {
        params.extend(oauth);
    }
    let mut host = request.header("host").unwrap_or("").to_owned();
    let mut uri = verify::base_uri("http", &host, &request.path);
    match mangle {
        Some(Mangle::HostCase) => {
            host = host.to_ascii_uppercase();
            uri = format!("http://{host}{}", request.path);
        }
        Some(Mangle::DefaultPort) => {
            let bare = host.split(':').next().unwrap_or_default();
            uri = format!("http://{bare}:80{}", request.path);
        }
        Some(Mangle::AddedParameter) => params.push(("x_forwarded".into(), "1".into())),
        Some(Mangle::LostParameter) => params.retain(|(k, _)| k != "oauth_version"),
        None => {}
    }
    verify::base_string(&request.method, &uri, &params)
}

/// The reply a switched-on fault forces, before any check.
fn fault_response(endpoint: Endpoint, fault: &Fault, request: &Request) -> Option<Response> {
    Some(match fault {
        Fault::SignatureInvalid => signature_invalid(endpoint, &server_base_string(request, None)),
        Fault::Mangled(mangle) => signature_invalid(endpoint, &server_base_string(request, Some(*mangle))),
        Fault::Problem(name) => problem(endpoint, name, &[]),
        Fault::ParameterAbsent => {
            problem(endpoint, "parameter_absent", &[("oauth_parameters_absent", "oauth_callback")])
        }
        Fault::PermissionDenied => problem(Endpoint::AuthUser, "permission_denied", &[]),
        Fault::ApiMessage(status, message) => {
            let json = serde_json::json!({ "Code": status, "Message": message });
            Response::new(*status, JSON, json.to_string())
        }
        Fault::Http500 => Response::new(500, "text/plain", "Internal Server Error"),
        Fault::RawHtml(status, body) => Response::new(*status, "text/html", body.clone()),
        Fault::Html => Response::new(
            200,
            "text/html",
            "<!DOCTYPE html><html><head><title>Sign in - SmugMug</title></head><body>Please log in</body></html>",
        ),
        Fault::TooManyRequests(seconds) => {
            let mut r = Response::new(429, "text/plain", "Too Many Requests");
            r.headers.push(("Retry-After", seconds.to_string()));
            r
        }
        Fault::CutReply => {
            let mut r = Response::new(200, FORM, "oauth_token=abc&oauth_token_secret=def");
            r.cut_after = Some(30);
            r
        }
        Fault::HugeReply => Response::new(200, FORM, vec![b'a'; 10 << 20]),
        Fault::PostOnly if request.method == "GET" => {
            let mut r = Response::new(405, "text/plain", "Method Not Allowed");
            r.headers.push(("Allow", "POST".into()));
            r
        }
        Fault::Slow(_) | Fault::PostOnly => return None,
    })
}
