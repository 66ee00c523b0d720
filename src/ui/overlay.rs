//! Windows over the screen: the troubleshooting pane and the key help.

use super::Theme;
use crate::advice::Action;
use crate::diagnose::Part;
use crate::wizard::{Overlay, Trouble, Wizard, keys_for, suggested_action};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, w: &Wizard, theme: Theme) {
    match w.overlay {
        Some(Overlay::Troubleshooting { scroll }) => {
            let action = match suggested_action(w) {
                Some(Action::Quit) | None => String::new(),
                Some(action) => format!("Enter: {} · ", action.label()),
            };
            let check = if w.context.saved_tokens.is_some() { "c check saved · " } else { "" };
            let keys = format!("{action}{check}Esc close · ↑↓ scroll · q quit");
            popup(frame, area, " Troubleshooting ", pane_lines(w, theme), &keys, scroll, theme);
        }
        Some(Overlay::Help) => popup(frame, area, " Keys ", help_lines(w), "Any key closes this.", 0, theme),
        // Drawn by `link::draw_alone`.
        Some(Overlay::Link) | None => {}
    }
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
    frame.render_widget(Clear, inset);
    let block = Block::default().borders(Borders::ALL).title(title).border_style(theme.accent());
    let inner = block.inner(inset);
    frame.render_widget(block, inset);
    let [text, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), text);
    frame.render_widget(
        Paragraph::new(Line::styled(keys.to_owned(), theme.accent())).wrap(Wrap { trim: true }),
        footer,
    );
}

fn pane_lines(w: &Wizard, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match &w.trouble {
        Some(Trouble::Client { diagnosis: d, .. }) => {
            lines.extend(d.layout().into_iter().map(|part| match part {
                Part::Headline(text) => Line::styled(text, theme.error()),
                Part::Meaning(text) => Line::from(text),
                Part::Fact(text) => Line::styled(format!("• {text}"), theme.warn()),
                Part::Heading(text) => Line::styled(text, theme.accent()),
                Part::Item(text) => Line::from(format!("  - {text}")),
                Part::Compare { line, differs } => {
                    Line::styled(line, if differs { theme.error() } else { theme.dim() })
                }
            }));
        }
        Some(Trouble::Save(error)) => {
            lines.push(Line::styled("The config was not saved", theme.error()));
            lines.push(Line::from(error.to_string()));
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
                lines.push(Line::from(format!("  - {item}")));
            }
        }
    }
    // A diagnosis that read the server's clock says what it found itself.
    let diagnosed_clock =
        matches!(&w.trouble, Some(Trouble::Client { diagnosis: d, .. }) if d.clock_offset.is_some());
    if let Some(clock) = w.clock_warning.as_ref().filter(|_| !diagnosed_clock) {
        lines.push(Line::styled(format!("⚠ {clock}"), theme.warn()));
    }
    lines
}

/// The keys of the screen underneath, with what each does.
fn help_lines(w: &Wizard) -> Vec<Line<'static>> {
    let keys = keys_for(w.step());
    let mut lines: Vec<Line<'static>> =
        keys.iter().map(|k| Line::from(format!("  {:<11} {}", k.key, k.long))).collect();
    if !keys.iter().any(|k| k.key == "Ctrl-C") {
        lines.push(Line::from(format!("  {:<11} quit from anywhere, even a text field", "Ctrl-C")));
    }
    lines
}
