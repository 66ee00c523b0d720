//! Signs requests with oauth1-request's HMAC-SHA1 and keeps the signature
//! base string it signed, so a `signature_invalid` reply can be compared
//! with what the server computed (its `debug_sbs`).

use oauth1_request as oauth;
use oauth1_request::signature_method::{HmacSha1, Sign, SignatureMethod};
use std::fmt::Display;
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};

/// What to sign: method, URL without query, the query parameters, and the
/// OAuth extras of the token endpoints.
pub struct SignInput<'a> {
    pub method: &'a str,
    /// Must not contain `?`: query parameters go in `query`.
    pub url: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    pub consumer_key: &'a str,
    pub consumer_secret: &'a str,
    pub token: Option<(&'a str, &'a str)>,
    pub callback: Option<&'a str>,
    pub verifier: Option<&'a str>,
    /// Send `oauth_version=1.0` (SmugMug's example client does; RFC 5849 makes it optional).
    pub with_version: bool,
}

/// A signed request: the `Authorization` header and the base string behind it.
#[derive(Debug, Clone)]
pub struct Signed {
    pub authorization: String,
    pub base_string: String,
}

/// Signs with a fresh nonce and the current time.
pub fn sign(input: &SignInput<'_>) -> Signed {
    signed(input, &new_nonce(), None)
}

/// Signs with a given nonce and timestamp: the published examples'
/// values reproduce their published signatures.
pub fn sign_at(input: &SignInput<'_>, nonce: &str, timestamp: u64) -> Signed {
    signed(input, nonce, NonZeroU64::new(timestamp))
}

fn signed(input: &SignInput<'_>, nonce: &str, timestamp: Option<NonZeroU64>) -> Signed {
    debug_assert!(!input.url.contains('?'), "query parameters belong in `query`");
    let recorder = Recorder::default();
    let client = oauth::Credentials::new(input.consumer_key, input.consumer_secret);
    let mut builder = oauth::Builder::<_, &str, &str>::new(client, recorder.clone());
    if let Some((token, secret)) = input.token {
        builder.token(oauth::Credentials::new(token, secret));
    }
    builder.callback(input.callback).verifier(input.verifier).version(input.with_version);
    builder.nonce(nonce);
    if timestamp.is_some() {
        builder.timestamp(timestamp);
    }
    let params = oauth::ParameterList::new(input.query.to_vec());
    let authorization = builder.authorize(input.method, input.url, &params);
    Signed { authorization, base_string: recorder.take() }
}

/// 32 random letters and digits. oauth1-request's own nonces may hold `-`
/// and `_`, which some servers refuse (oauthlib's defaults accept only
/// letters and digits), so we make our own.
fn new_nonce() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 32];
    if getrandom::getrandom(&mut bytes).is_err() {
        // No OS randomness: a nonce only has to be unique, and this is.
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes.iter_mut().enumerate().for_each(|(i, b)| *b = (nanos >> (i % 16 * 8)) as u8 ^ i as u8);
    }
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

/// HMAC-SHA1 that copies every piece of the base string it is fed.
#[derive(Clone, Default)]
struct Recorder {
    base_string: Arc<Mutex<String>>,
}

impl Recorder {
    fn take(&self) -> String {
        self.base_string.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default()
    }
}

struct RecordingSign {
    inner: <HmacSha1 as SignatureMethod>::Sign,
    text: String,
    out: Arc<Mutex<String>>,
}

impl SignatureMethod for Recorder {
    type Sign = RecordingSign;

    fn sign_with(self, client_secret: &str, token_secret: Option<&str>) -> RecordingSign {
        RecordingSign {
            inner: HmacSha1::new().sign_with(client_secret, token_secret),
            text: String::new(),
            out: self.base_string,
        }
    }
}

impl Sign for RecordingSign {
    type Signature = <<HmacSha1 as SignatureMethod>::Sign as Sign>::Signature;

    fn get_signature_method_name(&self) -> &'static str {
        self.inner.get_signature_method_name()
    }

    fn request_method(&mut self, method: &str) {
        self.text.push_str(method);
        self.text.push('&');
        self.inner.request_method(method);
    }

    fn uri<T: Display>(&mut self, uri: T) {
        self.text.push_str(&format!("{uri}&"));
        self.inner.uri(uri);
    }

    fn parameter<V: Display>(&mut self, key: &str, value: V) {
        self.text.push_str(&format!("{key}%3D{value}"));
        self.inner.parameter(key, value);
    }

    fn delimiter(&mut self) {
        self.text.push_str("%26");
        self.inner.delimiter();
    }

    fn end(self) -> Self::Signature {
        if let Ok(mut out) = self.out.lock() {
            *out = self.text;
        }
        self.inner.end()
    }
}
