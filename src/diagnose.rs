//! Turns a failed call into what a person needs: which entry of the advice
//! table applies, and the facts of this case (missing parameters, clock
//! offset, the base strings, the access asked for).

use crate::advice::{self, Action, Advice, Failure};
use crate::oauth::{ClientError, Endpoint, Problem, Scope, Unexpected};
use crate::sbs_diff;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A clock further than this from the server's is worth a warning.
pub const CLOCK_WARNING_SECS: i64 = 60;

#[derive(Clone)]
pub struct Diagnosis {
    /// One line: the problem's name and where it happened.
    pub headline: String,
    pub advice: &'static Advice,
    /// The step that fixes it: the table's, unless this case says otherwise.
    pub action: Action,
    /// Facts from this reply, one sentence each.
    pub details: Vec<String>,
    /// Server clock minus ours, in seconds, when the reply had a `Date`.
    pub clock_offset: Option<i64>,
    /// Our base string, and the server's `debug_sbs` if it sent one.
    pub base_strings: Option<(String, Option<String>)>,
}

impl std::fmt::Debug for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnosis")
            .field("headline", &self.headline)
            .field("advice", &self.advice.key)
            .finish()
    }
}

impl PartialEq for Diagnosis {
    fn eq(&self, other: &Self) -> bool {
        self.headline == other.headline && self.details == other.details
    }
}

/// One piece of a diagnosis as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Headline(String),
    Meaning(&'static str),
    /// A fact of this case: missing parameters, the clock, what the server said.
    Fact(String),
    Heading(&'static str),
    /// A fix or a cause under its heading.
    Item(&'static str),
    /// A line of the base-string comparison; `differs` marks the difference.
    Compare {
        line: String,
        differs: bool,
    },
}

impl Diagnosis {
    /// The clock warning this reply calls for, if any.
    pub fn clock_warning(&self) -> Option<String> {
        self.clock_offset.filter(|o| o.abs() > CLOCK_WARNING_SECS).map(clock_sentence)
    }
}

pub fn diagnose(error: &ClientError, scope: Scope, now: SystemTime) -> Diagnosis {
    diagnose_grant(error, Some(scope), now)
}

/// `asked` is the grant this run asked SmugMug for; `None` when it asked
/// for none (saved tokens, or tokens from the environment), so the
/// diagnosis claims none.
pub fn diagnose_grant(error: &ClientError, asked: Option<Scope>, now: SystemTime) -> Diagnosis {
    let mut window_offset = None;
    let advice = advice_for(error);
    let mut details = Vec::new();
    let mut base_strings = None;
    let mut action = advice.action;
    let status = error.reply().map(|r| r.status);
    let headline = match error {
        ClientError::OAuth(p) => format!("oauth_problem={} while {}", p.problem, p.reply.endpoint.describe()),
        ClientError::Api { message, reply } => format!("\"{message}\" while {}", reply.endpoint.describe()),
        ClientError::Http { reply, .. } => {
            format!("HTTP {} while {}", reply.status, reply.endpoint.describe())
        }
        ClientError::Unexpected { kind, reply, .. } => {
            format!("an unexpected reply ({kind}) while {}", reply.endpoint.describe())
        }
        ClientError::Transport { detail, endpoint, .. } => {
            format!("no reply while {}: {detail}", endpoint.describe())
        }
    };
    if let ClientError::OAuth(p) = error {
        if let Some(absent) = &p.parameters_absent {
            details.push(format!("Missing parameters: {absent}."));
        }
        if let Some(window) = &p.acceptable_timestamps {
            details.push(match outside_window(window, now) {
                Some((offset, sentence)) => {
                    window_offset = Some(offset);
                    sentence
                }
                None => format!("The server accepts timestamps {window}."),
            });
        }
        if let Some(text) = &p.advice {
            details.push(format!("The server adds: {text}"));
        }
        if p.problem == Problem::SignatureInvalid {
            details.push(match &p.debug_sbs {
                Some(theirs) if *theirs == p.reply.our_base_string => "The server's base string is identical to ours, so nothing changed the request on the way: the key used to sign is wrong. The api_secret (or the token secret) does not belong to this api_key.".to_owned(),
                Some(theirs) => {
                    // The secret is not the problem: something changed the request.
                    action = Action::Retry;
                    format!(
                        "The server signed a different base string. First difference: {}.",
                        sbs_diff::first_difference(&p.reply.our_base_string, theirs)
                    )
                }
                None => "The server did not send its base string (debug_sbs), so only ours can be shown; check the causes below.".to_owned(),
            });
            base_strings = Some((p.reply.our_base_string.clone(), p.debug_sbs.clone()));
            // The token exchange is signed with the api_secret and the link's
            // own secret; the api_secret was just taken for the link itself,
            // so a new link (a new request-token secret) is the way on.
            if p.reply.endpoint == Endpoint::AccessToken && action == Action::ReenterSecret {
                action = Action::NewLink;
                details.push(
                    "At this step the api_secret was already accepted (it got this link), so the link's own secret is the likelier one: get a new link."
                        .to_owned(),
                );
            }
        }
    }
    if let ClientError::Http { excerpt, .. } | ClientError::Unexpected { excerpt, .. } = error
        && !excerpt.is_empty()
    {
        details.push(format!("The server said: {excerpt}"));
    }
    if let Some(seconds) = error.reply().and_then(|r| r.retry_after) {
        details.push(format!("The server asks to wait {seconds} seconds before trying again."));
    }
    let problem = match error {
        ClientError::OAuth(p) => Some(&p.problem),
        _ => None,
    };
    // SmugMug says "not granted" as an oauth_problem or as a JSON message.
    if problem.is_some_and(Problem::is_about_access) || advice.key == Failure::NotGranted.key() {
        details.push(match asked {
            Some(scope) => format!(
                "This run asked for Access={:?}, Permissions={:?}; smugVision needs Full and Modify.",
                scope.access, scope.permissions
            ),
            None => "SmugMug does not say what these tokens were granted; smugVision needs Access=Full and Permissions=Modify.".to_owned(),
        });
    }
    // The server's window of accepted timestamps, when it sends one, is the
    // authority on our clock; its `Date` header only stands in for it.
    let date_offset = error.reply().and_then(|r| r.server_date).and_then(|date| offset_secs(date, now));
    let clock_offset = window_offset.or(date_offset);
    if window_offset.is_none()
        && let Some(offset) = date_offset
        && (offset.abs() > CLOCK_WARNING_SECS || problem.is_some_and(Problem::is_about_time))
    {
        details.push(clock_sentence(offset));
    }
    // A refusal about time while the clocks agree: the advice to fix this
    // computer's clock does not fit, and is said not to.
    if problem.is_some_and(Problem::is_about_time)
        && clock_offset.is_some_and(|o| o.abs() <= CLOCK_WARNING_SECS)
    {
        details.push(
            "As the clocks agree, this computer's clock is not the cause, whatever the list below says: the request may have been held on the way (a proxy). Try again; if it persists, ask the server's support."
                .to_owned(),
        );
    }
    let headline = match status {
        Some(s) if !matches!(error, ClientError::Http { .. }) => format!("{headline} (HTTP {s})"),
        _ => headline,
    };
    Diagnosis { headline, advice, action, details, clock_offset, base_strings }
}

/// Which table entry applies: the server's `oauth_problem` by its name,
/// else the failure we name ourselves.
pub fn advice_for(error: &ClientError) -> &'static Advice {
    let by_status = |status: u16| match status {
        401 => Failure::Http401,
        403 => Failure::Http403,
        429 => Failure::Http429,
        500..=599 => Failure::Http5xx,
        _ => Failure::HttpOther,
    };
    let failure = match error {
        ClientError::OAuth(p) => match &p.problem {
            Problem::NotGranted(_) => Failure::NotGranted,
            other => return advice::lookup(other.as_str()),
        },
        ClientError::Api { message, reply } => {
            let lower = message.to_ascii_lowercase();
            if lower.contains("v2 access") || lower.contains("terms of service") {
                Failure::NoV2Access
            } else if lower.contains("not granted") {
                Failure::NotGranted
            } else if lower.contains("not approved") || lower.contains("pending approval") {
                Failure::ConsumerKeyRejected
            } else {
                by_status(reply.status)
            }
        }
        ClientError::Http { reply, .. } => by_status(reply.status),
        ClientError::Unexpected { kind: Unexpected::WebPage { .. }, .. } => Failure::Html,
        ClientError::Unexpected { .. } => Failure::Unexpected,
        ClientError::Transport { kind, .. } => Failure::Transport(*kind),
    };
    failure.advice()
}

/// Server time minus local time, in whole seconds.
/// Server clock minus ours, in seconds; `None` when the server's `Date`
/// is implausible (more than a year off), so no conclusion is drawn from it.
pub fn offset_secs(server: SystemTime, local: SystemTime) -> Option<i64> {
    const PLAUSIBLE: u64 = 366 * 24 * 3600;
    let offset = match server.duration_since(local) {
        Ok(ahead) => i64::try_from(ahead.as_secs()).ok()?,
        Err(behind) => -i64::try_from(behind.duration().as_secs()).ok()?,
    };
    (offset.unsigned_abs() <= PLAUSIBLE).then_some(offset)
}

/// The warning a reply's `Date` calls for: our clock is more than a
/// minute off the server's.
pub fn clock_warning(server_date: Option<SystemTime>, wall: SystemTime) -> Option<String> {
    let offset = offset_secs(server_date?, wall)?;
    (offset.abs() > CLOCK_WARNING_SECS).then(|| clock_sentence(offset))
}

/// `oauth_acceptable_timestamps=START-END` (seconds since 1970) against our
/// clock: how far outside the window we are (server minus ours, as
/// `offset_secs`), and a sentence with the window as times.
fn outside_window(window: &str, now: SystemTime) -> Option<(i64, String)> {
    let (start, end) = window.split_once('-')?;
    let (start, end): (u64, u64) = (start.trim().parse().ok()?, end.trim().parse().ok()?);
    let ours = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let at = |secs: u64| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
    let shown = format!(
        "The server accepts timestamps from {} to {}; this computer said {}",
        at(start),
        at(end),
        at(ours)
    );
    let offset = if ours < start {
        i64::try_from(start - ours).ok()?
    } else if ours > end {
        -i64::try_from(ours - end).ok()?
    } else {
        return Some((0, format!("{shown}, inside the window.")));
    };
    let minutes = offset.unsigned_abs().div_ceil(60);
    let side = if offset > 0 { "behind" } else { "ahead of" };
    Some((
        offset,
        format!(
            "{shown}: {minutes} minutes {side} that window. Turn on network time (`sudo timedatectl set-ntp true` on Linux; Set automatically on macOS or Windows)."
        ),
    ))
}

/// "This computer's clock is 10 minutes behind SmugMug's …"
pub fn clock_sentence(offset: i64) -> String {
    let (amount, direction) = (offset.unsigned_abs(), if offset > 0 { "behind" } else { "ahead of" });
    let amount = if amount >= 120 { format!("{} minutes", amount / 60) } else { format!("{amount} seconds") };
    if offset.abs() <= CLOCK_WARNING_SECS {
        return format!("This computer's clock agrees with the server's (within {} seconds).", offset.abs());
    }
    format!(
        "This computer's clock is {amount} {direction} the server's. Turn on network time (`sudo timedatectl set-ntp true` on Linux; Set automatically on macOS or Windows)."
    )
}

impl Diagnosis {
    /// The base strings, one part or parameter per line, aligned; `true`
    /// marks a line where ours and the server's differ.
    pub fn comparison(&self) -> Vec<(String, bool)> {
        let Some((ours, theirs)) = &self.base_strings else { return Vec::new() };
        let Some(theirs) = theirs.as_ref().filter(|t| *t != ours) else {
            let title = if theirs.is_some() {
                "Signature base string (the same on both sides):"
            } else {
                "Our signature base string:"
            };
            let mut lines = vec![(title.to_owned(), false)];
            if let Some(parts) = sbs_diff::Parts::parse(ours) {
                lines.push((format!("  {:<22} {}", "method", parts.method), false));
                lines.push((format!("  {:<22} {}", "URI", parts.uri), false));
                lines.extend(parts.params.iter().map(|(k, v)| (format!("  {k:<22} {v}"), false)));
            }
            return lines;
        };
        let mut lines = vec![("Base strings, ours against the server's (debug_sbs):".to_owned(), false)];
        for (label, a, b) in sbs_diff::rows(ours, theirs) {
            if a == b {
                lines.push((format!("  {label:<22} {a}"), false));
            } else {
                lines.push((format!("≠ {label:<22} ours:   {a}"), true));
                lines.push((format!("  {:<22} server: {b}", ""), true));
            }
        }
        lines
    }

    /// The one layout of a diagnosis, for the pane and for plain text:
    /// what happened, what it means, the facts of this case, what to do,
    /// the likely causes, and the base strings side by side.
    pub fn layout(&self) -> Vec<Part> {
        let mut parts = vec![Part::Headline(self.headline.clone()), Part::Meaning(self.advice.meaning)];
        parts.extend(self.details.iter().cloned().map(Part::Fact));
        parts.push(Part::Heading("What to do"));
        parts.extend(self.advice.fixes.iter().map(|f| Part::Item(f)));
        parts.push(Part::Heading("Likely causes"));
        parts.extend(self.advice.causes.iter().map(|c| Part::Item(c)));
        parts.extend(self.comparison().into_iter().map(|(line, differs)| Part::Compare { line, differs }));
        parts
    }

    /// The layout as plain text, for plain mode and `check`.
    /// For tokens a person gave (pasted, or from the environment), not
    /// got from a link: there is no link or code to redo, so a refusal
    /// that would send them to one gets `given`'s advice instead.
    pub fn of_given_tokens(mut self, given: Failure) -> Diagnosis {
        match self.action {
            Action::NewLink | Action::ReenterCode => {
                self.advice = given.advice();
                self.action = given.advice().action;
            }
            // Signed with two secrets, neither checked yet: either may be
            // the wrong one, and the token's is the one given here.
            Action::ReenterSecret => {
                self.details.push(match given {
                    Failure::EnvTokensRefused => "These tokens were signed with two secrets: SMUGMUG_ACCESS_TOKEN_SECRET, or the api_secret, is wrong. Set it again, or unset SMUGMUG_ACCESS_TOKEN and SMUGMUG_ACCESS_TOKEN_SECRET to sign in for new tokens.",
                    _ => "These tokens were signed with two secrets: the user_secret given with them, or the api_secret, is wrong.",
                }.to_owned());
                self.action = given.advice().action;
            }
            _ => {}
        }
        self
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for part in self.layout() {
            let line = match part {
                Part::Headline(text) => text,
                Part::Fact(text) => format!("  {text}"),
                Part::Meaning(text) => text.to_owned(),
                Part::Heading(text) => format!("{text}:"),
                Part::Item(text) => format!("  - {text}"),
                Part::Compare { line, .. } => format!("  {line}"),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn an_implausible_server_date_says_nothing_about_our_clock() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(offset_secs(now + Duration::from_secs(600), now), Some(600));
        assert_eq!(offset_secs(now - Duration::from_secs(90), now), Some(-90));
        assert_eq!(offset_secs(UNIX_EPOCH, now), None, "a Date of 1970");
        assert_eq!(offset_secs(now + Duration::from_secs(4_193_447_414 * 60), now), None);
        assert_eq!(clock_warning(Some(UNIX_EPOCH), now), None);
    }

    /// The server's window is the authority, not its `Date`: a server whose
    /// Date agrees with us but whose window does not is not told "the clock
    /// agrees" and then to fix the clock.
    #[test]
    fn the_acceptable_timestamps_window_decides_about_the_clock() {
        use crate::oauth::{Endpoint, OAuthProblem, Problem, ReplyInfo};
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let error = ClientError::OAuth(Box::new(OAuthProblem {
            problem: Problem::TimestampRefused,
            debug_sbs: None,
            parameters_absent: None,
            acceptable_timestamps: Some("1800000600-1800001200".into()),
            advice: None,
            reply: ReplyInfo {
                endpoint: Endpoint::RequestToken,
                status: 401,
                server_date: Some(now),
                retry_after: None,
                our_base_string: String::new(),
            },
        }));
        let text = diagnose(&error, Scope::default(), now).to_text();
        assert!(text.contains("10 minutes behind that window"), "{text}");
        assert!(text.contains("GMT"), "the window as times: {text}");
        assert!(!text.contains("agrees"), "{text}");
        assert!(!text.contains("1800000600"), "not raw epoch numbers: {text}");
    }
}
