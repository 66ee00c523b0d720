//! Drawing the wizard. Reads state only: no I/O, no changes.

mod authorize;
mod form;
mod link;
mod overlay;
mod screens;

use crate::wizard::{Overlay, Screen, Wizard};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::time::{Duration, Instant};

/// Below this the screens cannot be laid out.
pub const MIN_COLS: u16 = 60;
pub const MIN_ROWS: u16 = 16;

/// Colours, or none under `NO_COLOR`. Only the 16 ANSI colours are used.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    /// The terminal shows OSC 8 hyperlinks (`FORCE_HYPERLINK=0|1` decides).
    pub links: bool,
}

impl Theme {
    pub fn from_env() -> Self {
        Self {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            links: supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }
    pub fn accent(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }
}

/// Draws the wizard as it is at `now` (countdowns and spinners).
pub fn draw(frame: &mut Frame, w: &Wizard, now: Instant, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_COLS || area.height < MIN_ROWS {
        return too_small(frame, w, theme);
    }
    if let Screen::Authorize(a) = &w.screen {
        authorize::draw(frame, area, w, a, now, theme);
    } else {
        let [bar, body, footer] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        frame.render_widget(Paragraph::new(step_bar(w, theme, area.width)), bar);
        let inner = Rect { x: body.x + 1, width: body.width.saturating_sub(2), ..body };
        screens::draw(frame, inner, w, now, theme);
        let keys = crate::wizard::footer(w, usize::from(footer.width.saturating_sub(1)), 1).join(" ");
        frame.render_widget(Paragraph::new(Line::styled(format!(" {keys}"), theme.dim())), footer);
    }
    // The Authorize screen marks its link where it drew it.
    if let (Screen::Browser { link }, true) = (&w.screen, theme.links) {
        link::hyperlink(frame.buffer_mut(), area, &link.url);
    }
    if let (Some(Overlay::Link), Some(link)) = (w.overlay, link::shown(w)) {
        return link::draw_alone(frame, area, link, theme);
    }
    overlay::draw(frame, area, w, theme);
}

pub use link::alone as link_alone;

/// The steps done, current and to come, as wide as `width` allows:
/// `✓ Key › ✓ Link › ● Authorize …`, the same without spaces, or `✓✓●○○ Authorize`.
pub fn step_bar(w: &Wizard, theme: Theme, width: u16) -> Line<'static> {
    let (bar, current) = w.screen.bar();
    let mark = |i: usize| match i.cmp(&current) {
        std::cmp::Ordering::Less => ("✓", theme.ok()),
        std::cmp::Ordering::Equal => ("●", theme.accent()),
        std::cmp::Ordering::Greater => ("○", theme.dim()),
    };
    let names: usize = bar.iter().map(|(_, n)| n.chars().count() + 1).sum();
    let (gap, separator) = match usize::from(width) {
        w if w >= names + 4 * 3 + 5 => (" ", " › "),
        w if w >= names + 4 => ("", "›"),
        _ => {
            let mut spans: Vec<Span> = (0..bar.len()).map(|i| Span::styled(mark(i).0, mark(i).1)).collect();
            if let Some((_, name)) = bar.get(current) {
                spans.push(Span::styled(format!(" {name}"), theme.accent()));
            }
            return Line::from(spans);
        }
    };
    let mut spans = Vec::new();
    for (i, (_, name)) in bar.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(separator, theme.dim()));
        }
        let (symbol, style) = mark(i);
        spans.push(Span::styled(format!("{symbol}{gap}{name}"), style));
    }
    Line::from(spans)
}

/// Says what size is needed, and still shows the link if there is one.
fn too_small(frame: &mut Frame, w: &Wizard, theme: Theme) {
    let area = frame.area();
    let mut lines = vec![
        Line::styled("Terminal too small", theme.warn()),
        Line::from(format!("Make it at least {MIN_COLS}x{MIN_ROWS}; it is {}x{}.", area.width, area.height)),
    ];
    // What matters most first, the long link last: the lines that do not
    // fit are the ones that go. A window opened here cannot be drawn: say
    // it is open and how it closes, so the next key is not taken for nothing.
    match w.overlay {
        Some(Overlay::Help | Overlay::Link) => {
            lines.push(Line::styled("Help needs a larger window; any key closes it.", theme.dim()));
        }
        Some(Overlay::Troubleshooting { .. }) => {
            if let Some(crate::wizard::Trouble::Client { diagnosis, .. }) = &w.trouble {
                lines.push(Line::styled(diagnosis.headline.clone(), theme.warn()));
            }
            lines.push(Line::styled(
                "The troubleshooting pane needs a larger window; Esc closes it, Enter does its step.",
                theme.dim(),
            ));
        }
        None => {
            let keys = crate::wizard::footer(w, usize::from(area.width), 2);
            lines.extend(keys.into_iter().map(|k| Line::styled(k, theme.dim())));
        }
    }
    match &w.screen {
        Screen::Authorize(a) => {
            lines.push(Line::from(format!("Code: {}", a.code.digits)));
            if let Some(code) = &a.link.demo_code {
                lines.push(Line::styled(format!("Demo: the page would show {code}"), theme.warn()));
            }
            lines.push(Line::from("Open this link, authorize, then type the code:"));
            lines.push(Line::from(a.link.url.clone()));
            lines.push(Line::from(format!("A QR code needs {}; p saves it as a PNG.", qr_sizes())));
        }
        Screen::Browser { link } => {
            lines.push(Line::from(
                "Authorize in your browser; if it did not open, open this link on this computer:",
            ));
            lines.push(Line::from(link.url.clone()));
        }
        _ => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The windows a 129-character link's code (version 6, quiet zone 2)
/// needs beside the Authorize screen's text, per `--qr` style.
fn qr_sizes() -> &'static str {
    "80x24 (--qr small) or 124x45 (--qr large, ascii)"
}

/// `4:59`
pub fn mm_ss(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// A braille spinner frame and the seconds waited since `since`.
pub fn spinner(since: Instant, now: Instant) -> String {
    const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
    let waited = now.saturating_duration_since(since).as_secs();
    format!("{} {}s", FRAMES[waited as usize % FRAMES.len()], waited)
}

/// `text` word-wrapped to `width` after `prefix`, its wrapped lines
/// indented as far as the prefix, so a list item stays one block. A word
/// longer than a line (a URL) is cut.
pub fn hanging(prefix: &str, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent = prefix.chars().count();
    let room = width.saturating_sub(indent).max(10);
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let row = rows.last_mut().expect("one row at least");
            let used = row.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= room {
                if gap == 1 {
                    row.push(' ');
                }
                row.extend(word);
                break;
            }
            if used > 0 {
                rows.push(String::new());
                continue;
            }
            let rest = word.split_off(room);
            row.extend(word);
            word = rest;
            rows.push(String::new());
        }
    }
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let lead = if i == 0 { prefix.to_owned() } else { " ".repeat(indent) };
            Line::styled(format!("{lead}{row}"), style)
        })
        .collect()
}
