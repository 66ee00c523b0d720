//! The authorize link as something to take off the screen: an OSC 8
//! hyperlink where the terminal supports one (clickable however it wraps),
//! and `l`'s view of the link alone, printed as one line the terminal
//! wraps itself, so a mouse selection copies it whole and nothing else.

use super::Theme;
use crate::wizard::{Link, Screen, Wizard};
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use std::num::NonZeroU16;

/// The link the screen shows, if any.
pub fn shown(w: &Wizard) -> Option<&Link> {
    match &w.screen {
        Screen::Authorize(a) => Some(&a.link),
        Screen::Browser { link } => Some(link),
        _ => None,
    }
}

/// What opens an OSC 8 hyperlink to `url`; `id` joins the pieces of a
/// link that wraps into one link.
fn open(url: &str) -> String {
    // Our own URL, but no control character may end the sequence early.
    let url: String = url.chars().filter(|c| !c.is_control()).collect();
    format!("\x1b]8;id={};{url}\x1b\\", link_id(&url))
}

/// What closes any hyperlink.
const CLOSE: &str = "\x1b]8;;\x1b\\";

/// Makes the cells that show `url` in `area` one hyperlink. Each cell
/// carries its own open and close: the buffer redraws cells one by one,
/// and a link left open would run into whatever is drawn next.
pub fn hyperlink(buf: &mut Buffer, area: Rect, url: &str) {
    let open = open(url);
    let mut symbol = String::with_capacity(open.len() + CLOSE.len() + 4);
    let want: Vec<char> = url.chars().collect();
    let row_text = |buf: &Buffer, y: u16| -> Vec<(u16, char)> {
        (area.x..area.right()).map(|x| (x, buf[(x, y)].symbol().chars().next().unwrap_or(' '))).collect()
    };
    let head = &want[..want.len().min(16)];
    let (mut matched, mut column) = (0, 0);
    for y in area.y..area.bottom() {
        let cells = row_text(buf, y);
        // The link starts somewhere in a row and goes on, wrapped, from
        // the same column in the rows below.
        if matched == 0 {
            let found =
                cells.windows(head.len()).position(|w| w.iter().map(|c| c.1).eq(head.iter().copied()));
            let Some(i) = found else { continue };
            column = i;
        }
        for &(x, ch) in &cells[column..] {
            if matched == want.len() || ch != want[matched] {
                break;
            }
            let cell = &mut buf[(x, y)];
            symbol.clear();
            symbol.push_str(&open);
            symbol.push(ch);
            symbol.push_str(CLOSE);
            cell.set_symbol(&symbol);
            cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN));
            matched += 1;
        }
        if matched == want.len() {
            return;
        }
    }
}

/// A short id from the link, the same on every frame.
fn link_id(url: &str) -> String {
    let hash =
        url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("smugmug-{hash:x}")
}

/// Where the link view prints the link: the row under its title.
const LINK_ROW: u16 = 2;

/// The link view: a title, then rows kept for the link, which the event
/// loop prints itself (`alone`); ratatui's cells there hold the same text
/// but are not drawn, so the terminal's own wrap is kept.
pub fn draw_alone(frame: &mut Frame, area: Rect, link: &Link, theme: Theme) {
    frame.render_widget(Clear, area);
    let width = usize::from(area.width.max(1));
    let chars: Vec<char> = link.url.chars().collect();
    let rows = chars.len().div_ceil(width) as u16;
    let title = Line::styled("The link alone, to select with the mouse:", theme.accent());
    frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
    let buf = frame.buffer_mut();
    for (i, ch) in chars.iter().enumerate() {
        let (x, y) = (area.x + (i % width) as u16, area.y + LINK_ROW + (i / width) as u16);
        if y < area.bottom() {
            buf[(x, y)].set_char(*ch).set_diff_option(CellDiffOption::Skip);
        }
    }
    let below = area.y + LINK_ROW + rows + 1;
    if below < area.bottom() {
        let note = Line::styled(
            "It is one line, wrapped by your terminal: a double click or a drag copies all of it. Any key goes back.",
            theme.dim(),
        );
        let rest = Rect { y: below, height: area.bottom() - below, ..area };
        frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: false }), rest);
    }
}

/// What the event loop prints for the link view, and where: the link as
/// one line from the row's first column, a hyperlink where supported.
pub fn alone(w: &Wizard, area: Rect, theme: Theme) -> Option<(u16, String)> {
    if w.overlay != Some(crate::wizard::Overlay::Link) {
        return None;
    }
    let url = &shown(w)?.url;
    let text = if theme.links { format!("{}{url}{CLOSE}", open(url)) } else { url.clone() };
    Some((area.y + LINK_ROW, text))
}
