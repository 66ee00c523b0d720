//! The reply parsers (form data, debug_sbs, SmugMug JSON errors, HTML):
//! no panic, and nothing unsanitized comes out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smugmug_auth::oauth::{ClientError, Endpoint, RawReply, ReplyInfo, account, parse_problem, token_pair};

fn raw(body: &str, status: u16, html: bool) -> RawReply {
    RawReply {
        body: body.to_owned(),
        content_type: html.then(|| "text/html".to_owned()),
        info: ReplyInfo {
            endpoint: Endpoint::AccessToken,
            status,
            server_date: None,
            retry_after: None,
            our_base_string: String::new(),
        },
    }
}

fn shown(error: &ClientError) -> String {
    error.to_string()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let body = String::from_utf8_lossy(rest);
    let status = [200, 401, 403, 429, 500][usize::from(selector % 5)];
    let html = selector & 0x80 != 0;
    if let Some(problem) = parse_problem(&body, &raw(&body, status, html).info) {
        assert!(!problem.problem.as_str().chars().any(char::is_control));
        assert!(!problem.debug_sbs.unwrap_or_default().chars().any(char::is_control));
    }
    match token_pair(raw(&body, status, html)) {
        Ok((token, secret)) => assert!(!token.is_empty() && !secret.is_empty()),
        Err(e) => assert!(!shown(&e).chars().any(|c| c.is_control()), "{e:?}"),
    }
    match account(raw(&body, status, html)) {
        Ok((nick, name)) => assert!(!nick.chars().chain(name.chars()).any(char::is_control)),
        Err(e) => assert!(!shown(&e).chars().any(|c| c.is_control()), "{e:?}"),
    }
});
