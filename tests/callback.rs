//! The loopback callback listener as a browser meets it: raw HTTP over
//! TCP, the wrong token, a refusal, a connection that sends nothing, a
//! second request, no request at all, and the port closing when dropped.

use smugmug_auth::oauth::{CALLBACK_PATH, CallbackListener, ClientError, Endpoint, Problem, Unexpected};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The callback's path (with its random part), from its URL.
fn path_of(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    rest[rest.find('/').unwrap()..].to_owned()
}

/// A GET of `target` on `url`'s port; the status code and body. A target
/// starting with `?` is a query on the callback's own path.
async fn get(url: &str, target: &str) -> (u16, String) {
    let target = match target.strip_prefix('?') {
        Some(query) => format!("{}?{query}", path_of(url)),
        None => target.to_owned(),
    };
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: test\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let status = reply.split(' ').nth(1).unwrap().parse().unwrap();
    (status, reply.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned())
}

#[tokio::test]
async fn the_callback_is_on_loopback_with_one_path() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let path = path_of(&url);
    let random = path.strip_prefix(&format!("{CALLBACK_PATH}/")).expect("the fixed start");
    assert_eq!(random.len(), 32, "128 random bits: {path}");
    let other = CallbackListener::bind().await.unwrap().url();
    assert_ne!(path, path_of(&other), "a new one each time");
}

#[tokio::test]
async fn only_our_token_counts_and_the_page_says_the_tab_can_be_closed() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let waiting = tokio::spawn(async move { listener.wait_for("ourtoken").await });
    // A connection that never sends anything (a browser's speculative one)
    // must not hold up the real redirect.
    let _idle =
        TcpStream::connect(url.trim_start_matches("http://").split('/').next().unwrap()).await.unwrap();
    let (status, body) = get(&url, "?oauth_token=other&oauth_verifier=111111").await;
    assert_eq!(status, 400);
    assert!(body.contains("not the authorization smugmug-auth is waiting for"), "{body}");
    assert_eq!(get(&url, "/favicon.ico").await.0, 404);
    // Our token with the path's random part missing: a forged redirect by
    // someone who read the authorize link (it is in the browser's argv).
    let forged = format!("{CALLBACK_PATH}?oauth_token=ourtoken&oauth_problem=user_refused");
    assert_eq!(get(&url, &forged).await.0, 404);
    assert_eq!(get(&url, "?oauth_verifier=111111").await.0, 400);
    assert!(!waiting.is_finished(), "none of those was the redirect");
    let (status, body) = get(&url, "?oauth_token=ourtoken&oauth_verifier=123456").await;
    assert_eq!(status, 200);
    assert!(body.contains("You can close this tab"), "{body}");
    let verifier = tokio::time::timeout(Duration::from_secs(5), waiting).await.unwrap().unwrap();
    assert_eq!(verifier.unwrap(), "123456");
}

#[tokio::test]
async fn a_refusal_comes_back_as_the_servers_problem() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let waiting = tokio::spawn(async move { listener.wait_for("t").await });
    let (status, body) = get(&url, "?oauth_token=t&oauth_problem=user_refused").await;
    assert_eq!(status, 200);
    assert!(body.contains("did not authorize"), "{body}");
    match waiting.await.unwrap() {
        Err(ClientError::OAuth(p)) => {
            assert_eq!(p.problem, Problem::Other("user_refused".into()));
            assert_eq!(p.reply.endpoint, Endpoint::Authorize);
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_without_a_verifier_is_named_and_its_text_sanitized() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let waiting = tokio::spawn(async move { listener.wait_for("t").await });
    get(&url, "?oauth_token=t&note=%1B%5D0%3Btitle%07").await;
    match waiting.await.unwrap() {
        Err(ClientError::Unexpected {
            kind: Unexpected::MissingFields("oauth_verifier"), excerpt, ..
        }) => {
            assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
        }
        other => panic!("expected a missing verifier, got {other:?}"),
    }
}

#[tokio::test]
async fn an_escape_sequence_in_a_problem_never_reaches_the_terminal() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let waiting = tokio::spawn(async move { listener.wait_for("t").await });
    get(&url, "?oauth_token=t&oauth_problem=%1B%5D52%3Bc%3BZXZpbA%3D%3D%07x").await;
    let Err(error) = waiting.await.unwrap() else { panic!("a problem is an error") };
    assert!(!error.to_string().chars().any(char::is_control), "{error}");
}

#[tokio::test]
async fn no_request_at_all_waits_until_the_caller_gives_up_and_then_the_port_is_closed() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let gave_up = tokio::time::timeout(Duration::from_millis(300), listener.wait_for("t")).await;
    assert!(gave_up.is_err(), "nothing came, so nothing was returned");
    assert!(TcpStream::connect(&addr).await.is_err(), "the listener is gone with the wait");
}

/// The callback address the demo's authorize page sends a browser to.
async fn callback_of(authorize_url: &str) -> String {
    let rest = authorize_url.trim_start_matches("http://");
    let (addr, target) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let location = reply.lines().find_map(|l| l.strip_prefix("Location: ")).expect("a redirect");
    location.split('?').next().unwrap().to_owned()
}

/// A new browser link's listener replaces the last one's: asking twice
/// (`n` on the browser screen) leaves one port open, not two.
#[tokio::test]
async fn a_new_link_closes_the_last_links_listener() {
    use smugmug_auth::demo::{DemoConfig, DemoServer};
    use smugmug_auth::effects::Effects;
    use smugmug_auth::oauth::{Client, Scope};
    use smugmug_auth::wizard::{Effect, Msg, Route};
    let server = DemoServer::start(DemoConfig::default()).await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut effects = Effects::new(
        Client::new(server.origin()),
        tx,
        None,
        smugmug_auth::gate::Gate::new("/nonexistent/config.yaml".into(), false, None),
    );
    let mut callbacks = Vec::new();
    for generation in [1, 2] {
        let request = Effect::RequestLink {
            generation,
            consumer: server.consumer(),
            scope: Scope::default(),
            route: Route::Browser,
        };
        effects.run(request, &mut Vec::new());
        let Some(Msg::LinkReady { result: Ok(link), .. }) = rx.recv().await else { panic!("no link") };
        callbacks.push(callback_of(&link.url).await);
        effects.keep_listening(Some(generation));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let addr = |url: &str| url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    assert!(TcpStream::connect(addr(&callbacks[0])).await.is_err(), "the first link's port is closed");
    assert!(TcpStream::connect(addr(&callbacks[1])).await.is_ok(), "the second one's listens");
    effects.keep_listening(None);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(TcpStream::connect(addr(&callbacks[1])).await.is_err(), "leaving the screen closes it");
}

/// A browser that closes the tab (and the connection) before reading the
/// "Authorized" page still delivers its verifier: it counts once the
/// request line is read. Repeated, since the close races the answer.
/// Not on Windows: there a reset discards the data not yet read (Winsock),
/// so a request the browser resets before we read it never arrives.
#[cfg(not(windows))]
#[tokio::test]
async fn a_redirect_whose_connection_closes_at_once_still_counts() {
    for _ in 0..20 {
        let listener = CallbackListener::bind().await.unwrap();
        let url = listener.url();
        let waiting = tokio::spawn(async move { listener.wait_for("ourtoken").await });
        let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        let request = format!(
            "GET {}?oauth_token=ourtoken&oauth_verifier=424242 HTTP/1.1\r\nHost: {addr}\r\n\r\n",
            path_of(&url)
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        // Closed with a reset, nothing read (a zero linger's close does
        // not block, which is why tokio deprecates the general form).
        #[allow(deprecated)]
        stream.set_linger(Some(Duration::ZERO)).unwrap();
        drop(stream);
        let verifier = tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("delivered");
        assert_eq!(verifier.unwrap().unwrap(), "424242");
    }
}

/// Cookies for 127.0.0.1 reach every port: a real redirect can carry
/// headers far over 16 KiB. The request line alone decides.
#[tokio::test]
async fn a_redirect_with_large_headers_counts() {
    let listener = CallbackListener::bind().await.unwrap();
    let url = listener.url();
    let waiting = tokio::spawn(async move { listener.wait_for("ourtoken").await });
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let cookie = "c=".to_owned() + &"x".repeat(40 * 1024);
    let request = format!(
        "GET {}?oauth_token=ourtoken&oauth_verifier=515151 HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n",
        path_of(&url)
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{}", &reply[..reply.len().min(200)]);
    assert!(reply.contains("Authorized"), "{reply}");
    assert_eq!(waiting.await.unwrap().unwrap(), "515151");
}
