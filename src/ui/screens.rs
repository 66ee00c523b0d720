//! The screens other than Authorize: credentials, saved tokens, waiting,
//! the browser's authorization, save and done.

use super::form::SecretView;
use super::{Theme, mm_ss, spinner};
use crate::config::Saved;
use crate::oauth::{Account, Scope};
use crate::secret::Secret;
use crate::wizard::{Check, Link, REDIRECT_HINT_AFTER, Screen, TokenForm, Wizard};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Instant;

pub const APPLY_URL: &str = "https://api.smugmug.com/api/developer/apply";

pub fn draw(frame: &mut Frame, area: Rect, w: &Wizard, now: Instant, theme: Theme) {
    let mut lines = match &w.screen {
        Screen::Existing => existing(w, now, theme, area.width),
        Screen::Credentials => credentials(w, theme, area.width),
        Screen::RequestingLink { since, .. } => {
            waiting("Asking SmugMug for a request token", "the server", *since, now, theme)
        }
        Screen::Browser { link } => browser(link, now, theme),
        Screen::Tokens(form) => tokens(form, theme, area.width),
        Screen::CheckingTokens { since, .. } => {
            waiting("Checking with SmugMug that your tokens work", "SmugMug", *since, now, theme)
        }
        Screen::Exchanging { since, .. } => waiting(
            "Exchanging the code for tokens, then checking that they work",
            "SmugMug",
            *since,
            now,
            theme,
        ),
        Screen::Save { account, saving_since, .. } => save(w, account, *saving_since, now, theme, area.width),
        Screen::Done { saved, account, .. } => {
            done(saved, account, w.context.scope, w.context.not_smugmug.as_deref(), theme)
        }
        Screen::Authorize(_) => Vec::new(),
    };
    if let Some(notice) = &w.notice {
        lines.push(Line::default());
        lines.push(Line::styled(notice.clone(), theme.warn()));
    }
    if let Some(clock) = &w.clock_warning {
        lines.push(Line::default());
        lines.push(Line::styled(format!("⚠ {clock}"), theme.warn()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Every warning made before the sign-in, each wrapped under its sign.
fn warnings(w: &Wizard, width: u16, theme: Theme) -> Vec<Line<'static>> {
    w.context
        .warnings
        .iter()
        .flat_map(|note| super::hanging("⚠ ", note, usize::from(width), theme.warn()))
        .collect()
}

fn title(text: &str, theme: Theme) -> Line<'static> {
    Line::styled(text.to_owned(), theme.accent())
}

fn existing(w: &Wizard, now: Instant, theme: Theme, width: u16) -> Vec<Line<'static>> {
    // The demo's own, saved by an earlier `--origin` run: not SmugMug's.
    let demo = w.saved_tokens.as_ref().is_some_and(|(c, _)| c.key == crate::credential_lints::DEMO_API_KEY);
    let heading = if demo {
        "You already have the demo server's credentials"
    } else {
        "You already have SmugMug credentials"
    };
    let mut lines = vec![
        title(heading, theme),
        Line::default(),
        Line::from(format!("{} holds all four values:", w.context.config_path.display())),
    ];
    if let Some((consumer, access)) = &w.saved_tokens {
        lines.push(Line::from(format!("  api_key     {}", shorten(&consumer.key))));
        lines.push(Line::from(format!("  user_token  {}", shorten(&access.token))));
    }
    lines.push(Line::default());
    lines.push(match &w.check {
        Check::Idle => {
            Line::from("Press c to check they still work (one signed call), or n to get new tokens.")
        }
        Check::Running { since } => Line::from(format!("{} Checking with SmugMug…", spinner(*since, now))),
        Check::Failed { problem } => Line::styled(
            format!("✗ The check failed ({problem}): t shows why; c checks again, n gets new tokens."),
            theme.error(),
        ),
        Check::Passed(account) => Line::styled(
            format!("✓ They work: authorized as {}. Nothing to do: press q to quit.", account.label()),
            theme.ok(),
        ),
    });
    // What `n` would lead to (a save over them, say) is said here too.
    if !w.context.warnings.is_empty() {
        lines.push(Line::default());
        lines.extend(warnings(w, width, theme));
    }
    lines
}

fn credentials(w: &Wizard, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![
        title("Your SmugMug API key and secret", theme),
        Line::from("smugVision signs in to SmugMug as your application. No key yet? Apply at"),
        Line::from(format!("{APPLY_URL} (your keys: Account Settings → Privacy → API Keys).")),
        Line::default(),
    ];
    let form = &w.form;
    let sources = [form.key_source.as_ref(), form.secret_source.as_ref()];
    let view = if form.reveal { SecretView::Ends } else { SecretView::Dots };
    lines.extend(super::form::lines(form, sources, view, width, theme));
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("The tokens will be saved to {}", w.context.config_path.display()),
        theme.dim(),
    ));
    lines.extend(warnings(w, width, theme));
    lines.push(Line::styled(
        "Already have an access token and secret? Ctrl-O opens a form for them.",
        theme.dim(),
    ));
    lines
}

/// The secret as dots, or its first and last four characters when revealed.
fn masked(secret: &Secret, reveal: bool) -> String {
    match (reveal, secret.len()) {
        (_, 0) => String::new(),
        (true, _) => secret.hint(),
        (false, n) => format!("{} ({n})", "•".repeat(n.min(24))),
    }
}

fn tokens(form: &TokenForm, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![
        title("Tokens you already have", theme),
        Line::from(
            "SmugMug shows an access token and secret for your own API key: Account Settings (once Site \
             Settings) → Privacy → Authorized Services, the \"token\" link beside the app. Paste them here; \
             one signed call checks them before anything is saved.",
        ),
        Line::default(),
    ];
    lines.extend(super::form::lines(form, [None, None], SecretView::Dots, width, theme));
    lines
}

fn browser(link: &Link, now: Instant, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        title("Authorize smugVision in your browser", theme),
        Line::default(),
        Line::from(
            "Your browser should show SmugMug's authorization page. Log in if asked and press Authorize: \
             this screen goes on by itself, with no code to type.",
        ),
        Line::default(),
        Line::from(link.url.clone()),
    ];
    let waited = now.saturating_duration_since(link.issued);
    lines.push(match link.remaining(now) {
        left if left.is_zero() => Line::styled(
            "The link expired: press n for a new one, or Tab to use a code instead.",
            theme.error(),
        ),
        left => Line::from(format!("Waiting for your browser… (the link works for {} more)", mm_ss(left))),
    });
    if waited >= REDIRECT_HINT_AFTER && !link.expired(now) {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Still waiting? If SmugMug showed a six-digit code or another site after Authorize, your API key's \
             settings on SmugMug probably hold a fixed callback URL. Press Tab to use a code instead; it works \
             with any key. Tab is also the way to authorize from a phone or another computer.",
            theme.warn(),
        ));
    }
    lines
}

fn waiting(what: &str, whom: &str, since: Instant, now: Instant, theme: Theme) -> Vec<Line<'static>> {
    vec![
        title(what, theme),
        Line::default(),
        Line::from(format!("{}  (Esc cancels)", spinner(since, now))),
        Line::styled(format!("Talking to {whom}"), theme.dim()),
    ]
}

fn save(
    w: &Wizard,
    account: &Account,
    saving_since: Option<Instant>,
    now: Instant,
    theme: Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines =
        vec![Line::styled(format!("✓ Authorized as {}", account.label()), theme.ok()), Line::default()];
    let exists = w.context.config_exists;
    let action = if exists { "Update" } else { "Create" };
    lines.push(title(&format!("{action} {}?", w.context.config_path.display()), theme));
    if let Some(c) = w.credentials() {
        lines.push(Line::from(format!("  smugmug.api_key      {}", shorten(&c.api_key))));
        lines.push(Line::from(format!("  smugmug.api_secret   {}", masked(&c.api_secret, false))));
        lines.push(Line::from(format!("  smugmug.user_token   {}", shorten(&c.user_token))));
        lines.push(Line::from(format!("  smugmug.user_secret  {}", masked(&c.user_secret, false))));
    }
    lines.push(Line::default());
    lines.push(Line::from(if exists {
        "Only these four change; your other settings and comments are kept, and the current file is kept as a .bak."
    } else {
        crate::platform::PRIVATE_FILE_NOTE
    }));
    // Said again where the person decides: whose credentials these are,
    // and what was found about the file before the sign-in.
    if let Some(server) = &w.context.not_smugmug {
        lines.push(Line::styled(
            format!("⚠ These credentials are {server}'s, not SmugMug's: smugVision cannot use them."),
            theme.warn(),
        ));
    }
    lines.extend(warnings(w, width, theme));
    if let Some(since) = saving_since {
        lines.push(Line::from(format!("{} Saving…", spinner(since, now))));
    }
    lines
}

fn done(
    saved: &Saved,
    account: &Account,
    scope: Scope,
    not_smugmug: Option<&str>,
    theme: Theme,
) -> Vec<Line<'static>> {
    // The wizard does not know the origin, so the note names no command.
    let grant = crate::advice::grant_note(Some(scope), None);
    let heading = match (not_smugmug, &grant) {
        (Some(_), _) => "Done: saved (not SmugMug's credentials)",
        (None, None) => "Done: smugVision can now reach your SmugMug account",
        (None, Some(_)) => "Done: saved, with less than smugVision needs",
    };
    let mut lines = vec![title(heading, theme), Line::default()];
    lines.push(Line::styled(
        format!("✓ Saved to {} (readable only by you)", saved.path.display()),
        theme.ok(),
    ));
    if let Some(backup) = &saved.backup {
        lines.push(Line::from(format!("  The previous version is kept as {}", backup.display())));
    }
    if let Some(note) = saved.links_note() {
        lines.push(Line::styled(format!("  ⚠ {note}"), theme.warn()));
    }
    lines.push(Line::from(format!("  Account: {}", account.label())));
    if let Some(note) = grant {
        lines.push(Line::styled(format!("  ⚠ Note: {note}"), theme.warn()));
    }
    lines.push(Line::default());
    if let Some(server) = not_smugmug {
        lines.push(Line::from(format!(
            "These credentials are {server}'s, not SmugMug's: smugVision cannot use them. Run smugmug-auth without --demo or --origin for real ones."
        )));
    } else {
        lines.push(Line::from("Next: try smugVision on one album, changing nothing:"));
        lines.push(Line::styled(
            format!("  {}", crate::config::smugvision_try_command(&saved.path)),
            theme.accent(),
        ));
    }
    let name = saved.path.file_name().map_or("the config".into(), |n| n.to_string_lossy().into_owned());
    lines.push(Line::from(format!("Keep {name} out of git (add it to .gitignore) and never share it.")));
    lines
}

/// The first and last four characters of a long value.
fn shorten(value: &str) -> String {
    crate::secret::Secret::new(value).hint()
}
