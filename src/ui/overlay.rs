//! Windows over the screen: the troubleshooting pane and the key help.

use super::Theme;
use super::hanging;
use crate::diagnose::Part;
use crate::wizard::{Overlay, Trouble, Wizard, keys_for, screen_keys, suggested_action};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, w: &Wizard, theme: Theme) {
    match w.overlay {
        Some(Overlay::Troubleshooting { scroll }) => {
            // The pane's keys as the key table has them now.
            let keys: Vec<String> = keys_for(w)
                .iter()
                .filter(|k| !k.short.is_empty() || k.key == "Enter")
                .map(|k| match (k.key, suggested_action(w)) {
                    ("Enter", Some(action)) => format!("Enter: {}", action.label()),
                    _ => format!("{} {}", k.key, k.short),
                })
                .collect();
            let keys = keys.join(" · ");
            let lines = pane_lines(w, theme, text_width(area));
            popup(frame, area, " Troubleshooting ", lines, &keys, scroll, theme);
        }
        Some(Overlay::Help) => {
            let lines = help_lines(w, text_width(area));
            popup(frame, area, " Keys ", lines, "Any key closes this.", 0, theme);
        }
        // Drawn by `link::draw_alone`.
        Some(Overlay::Link) | None => {}
    }
}

/// The width inside a popup's borders and its one-column margins.
fn text_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(6))
}

/// A bordered window with its keys pinned to the last line, so they show
/// however long the text is.
fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    keys: &str,
    scroll: u16,
    theme: Theme,
) {
    let inset = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(1),
    };
    // Whole rows cleared, so nothing of the screen shows beside the border.
    frame.render_widget(Clear, Rect { x: area.x, width: area.width, ..inset });
    // A column of margin inside the border: text never touches it.
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.accent())
        .padding(Padding::horizontal(1));
    let inner = block.inner(inset);
    frame.render_widget(block, inset);
    let [text, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), text);
    frame.render_widget(
        Paragraph::new(Line::styled(keys.to_owned(), theme.accent())).wrap(Wrap { trim: true }),
        footer,
    );
}

fn pane_lines(w: &Wizard, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match &w.trouble {
        Some(Trouble::Client { diagnosis: d, .. }) => {
            // Wrapped items keep their indent under their first line;
            // commands carry this run's `--config` and `--origin`.
            let fill = |text: &str| w.context.rerun.fill(text);
            for part in d.layout() {
                lines.extend(match part {
                    Part::Headline(text) => hanging("", &text, width, theme.error()),
                    Part::Meaning(text) => hanging("", text, width, Style::new()),
                    Part::Fact(text) => hanging("• ", &fill(&text), width, theme.warn()),
                    Part::Heading(text) => hanging("", text, width, theme.accent()),
                    Part::Item(text) => hanging("  - ", &fill(text), width, Style::new()),
                    Part::Compare { line, differs } => {
                        vec![Line::styled(line, if differs { theme.error() } else { theme.dim() })]
                    }
                });
            }
        }
        Some(Trouble::Save(error)) => {
            lines.push(Line::styled("The config was not saved", theme.error()));
            lines.extend(hanging("", &error.to_string(), width, Style::new()));
        }
        None => {
            lines.push(Line::styled(
                "Nothing has failed so far. If smugVision cannot sign in, check:",
                theme.accent(),
            ));
            for item in [
                "All four values are in the config: api_key, api_secret, user_token, user_secret.",
                "No extra spaces or quotes inside the values.",
                "The API key is approved: SmugMug sends an email (check spam).",
                "The user tokens were made with the same api_key that is saved beside them.",
                "This computer's clock is right (network time on).",
            ] {
                lines.extend(hanging("  - ", item, width, Style::new()));
            }
        }
    }
    // A diagnosis that read the server's clock says what it found itself.
    let diagnosed_clock =
        matches!(&w.trouble, Some(Trouble::Client { diagnosis: d, .. }) if d.clock_offset.is_some());
    if let Some(clock) = w.clock_warning.as_ref().filter(|_| !diagnosed_clock) {
        lines.extend(hanging("⚠ ", clock, width, theme.warn()));
    }
    lines
}

/// The keys of the screen underneath, with what each does; a long
/// sentence wraps under itself, not under the key.
fn help_lines(w: &Wizard, width: usize) -> Vec<Line<'static>> {
    screen_keys(w)
        .iter()
        .flat_map(|k| hanging(&format!(" {:<13} ", k.key), k.long, width, Style::new()))
        .collect()
}
