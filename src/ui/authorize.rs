//! The Authorize screen: the QR code on the left at full height, and beside
//! it the link, clipboard and countdown, and the code field — so someone
//! looking at their phone can type the code without pressing anything else.

use super::{Theme, hanging, mm_ss, step_bar};
use crate::qr::{QrMatrix, QrPlan, QrStyle};
use crate::wizard::{Authorize, Copied, Wizard};
use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::time::Instant;

/// The narrowest the text beside the QR code may be.
const TEXT_MIN: u16 = 33;

pub fn draw(frame: &mut Frame, area: Rect, w: &Wizard, a: &Authorize, now: Instant, theme: Theme) {
    let link = &a.link;
    let room = (usize::from(area.width.saturating_sub(TEXT_MIN + 1)), usize::from(area.height));
    // The full link's code where it fits with a quiet zone phones read
    // well (2 modules or more), else the shorter password-only one.
    // A dead link's code would lead a phone where no code can be used: gone.
    let style = w.context.qr.filter(|_| !a.dead(now));
    let full = fit(link.qr.as_ref(), style, room).filter(|plan| plan.quiet >= 2);
    let compact = if full.is_none() { fit(link.qr_compact.as_ref(), style, room) } else { None };
    let plan = full.or(compact);
    let text = match &plan {
        Some(plan) => {
            let (cols, rows) = plan.cells();
            let (cols, rows) = (cols as u16, rows as u16);
            let qr_area = Rect { x: area.x, y: area.y + (area.height - rows) / 2, width: cols, height: rows };
            render_qr(plan, qr_area, frame.buffer_mut());
            Rect { x: area.x + cols + 1, width: area.width - cols - 1, ..area }
        }
        None => area,
    };
    let roomy = text.width >= 50;
    // On a small screen the least needed pieces go first (blank lines and
    // the instructions, then the notes), so the link, the code, the
    // countdown and the sign-in note always show.
    let width = usize::from(text.width);
    let footer_height = if roomy { 1 } else { 2 };
    let room = usize::from(text.height.saturating_sub(footer_height + 1));
    let mut wrapped: Vec<(u8, Vec<Line<'static>>)> =
        authorize_text(w, a, now, theme, plan.is_some(), compact.is_some())
            .into_iter()
            .map(|(p, t, s)| {
                (p, if t.is_empty() { vec![Line::default()] } else { hanging("", &t, width, s) })
            })
            .collect();
    for drop in [2, 1] {
        while wrapped.iter().map(|(_, l)| l.len()).sum::<usize>() > room {
            let Some(i) = wrapped.iter().rposition(|(p, _)| *p == drop) else { break };
            wrapped.remove(i);
        }
    }
    let mut lines = vec![step_bar(w, theme, text.width)];
    lines.extend(wrapped.into_iter().flat_map(|(_, l)| l));
    // Where the link starts, so the hyperlink is marked there alone.
    let head: String = link.url.chars().take(16).collect();
    let url_row = lines.iter().position(|l| l.spans.first().is_some_and(|s| s.content.starts_with(&head)));
    let body = Rect { height: text.height.saturating_sub(footer_height), ..text };
    frame.render_widget(Paragraph::new(lines), body);
    if let Some(row) = url_row.filter(|_| theme.links) {
        let rows = link.url.chars().count().div_ceil(width.max(1)) as u16;
        let y = body.y + row as u16;
        let at = Rect { y, height: rows.min(body.bottom().saturating_sub(y)), ..body };
        super::link::hyperlink(frame.buffer_mut(), at, &link.url);
    }
    let footer = Rect { y: text.y + body.height, height: footer_height, ..text };
    let keys = crate::wizard::footer(w, width, usize::from(footer_height));
    let keys: Vec<Line> = keys.into_iter().map(|k| Line::styled(k, theme.dim())).collect();
    frame.render_widget(Paragraph::new(keys), footer);
}

/// The text beside the QR code, each piece with its priority: 0 must
/// show, 1 is useful, 2 may go (blank lines, the instructions).
fn authorize_text(
    w: &Wizard,
    a: &Authorize,
    now: Instant,
    theme: Theme,
    has_qr: bool,
    compact: bool,
) -> Vec<(u8, String, Style)> {
    let link = &a.link;
    let plain = Style::new();
    let mut out =
        vec![(2, String::new(), plain), (0, "Authorize smugVision on SmugMug".into(), theme.accent())];
    let how = match (has_qr, w.context.qr) {
        _ if link.expired(now) => "This link has expired, and its QR code is gone.",
        _ if a.spent() => "This link's tries at a code are used, and its QR code is gone.",
        (true, _) => {
            "Scan the code with your phone, or open the link. Log in, press Authorize, then type the six-digit code here."
        }
        (false, Some(_)) => {
            "Open the link, log in, press Authorize, then type the six-digit code here. (A larger window shows a QR code; p saves it as a picture.)"
        }
        (false, None) => "Open the link, log in, press Authorize, then type the six-digit code here.",
    };
    out.push((2, how.into(), plain));
    out.push((2, String::new(), plain));
    out.push((0, link.url.clone(), plain));
    if compact {
        out.push((
            0,
            "Facebook, Google or Apple login? Open the link: this QR code leaves it out.".into(),
            theme.dim(),
        ));
    }
    // What was done with a dead link no longer matters.
    let dead = a.dead(now);
    if let Some((text, style)) = copied_line(a.copied.as_ref(), theme).filter(|_| !dead) {
        out.push((1, text, style));
    }
    match &a.picture {
        _ if dead => {}
        Some(Ok(path)) => out.push((1, format!("QR code saved as {}", path.display()), theme.ok())),
        Some(Err(why)) => out.push((1, format!("The QR code was not saved: {why}"), theme.warn())),
        None => {}
    }
    out.push(match link.remaining(now) {
        left if left.is_zero() => (0, "Link expired: press n for a new one.".into(), theme.error()),
        _ if a.spent() => (0, "Its tries are used: press n for a new link.".into(), theme.error()),
        left => (0, format!("The link works for {} more.", mm_ss(left)), plain),
    });
    out.push((2, String::new(), plain));
    let boxes: Vec<String> =
        (0..6).map(|i| a.code.digits.chars().nth(i).map_or("_".to_owned(), |c| c.to_string())).collect();
    out.push((0, format!("Code: {}", boxes.join(" ")), theme.accent()));
    if let Some(code) = link.demo_code.as_ref().filter(|_| !dead) {
        out.push((1, format!("Demo: the page would show {code}"), theme.warn()));
    }
    if let Some(notice) = &w.notice {
        out.push((1, notice.clone(), theme.warn()));
    }
    if let Some(why) = &a.browser_note {
        out.push((1, format!("The browser was not opened: {why}."), theme.warn()));
    }
    if let Some(clock) = &w.clock_warning {
        out.push((1, format!("⚠ {clock}"), theme.warn()));
    }
    out
}

fn fit(qr: Option<&QrMatrix>, style: Option<QrStyle>, (cols, rows): (usize, usize)) -> Option<QrPlan<'_>> {
    qr?.fit(style?, cols, rows)
}

fn copied_line(copied: Option<&Copied>, theme: Theme) -> Option<(String, Style)> {
    Some(match copied? {
        Copied::System => ("✓ Copied to the clipboard.".into(), theme.ok()),
        // The terminal never says whether it took the text (Terminal.app
        // and GNOME Terminal ignore OSC 52): say what was done, not more.
        Copied::Osc52 { multiplexer } => (
            format!(
                "Sent to your terminal's clipboard (OSC 52{}), unconfirmed: l shows the link alone.",
                multiplexer.map(|m| format!(", through {m}")).unwrap_or_default()
            ),
            theme.dim(),
        ),
        Copied::Failed(why) => (format!("Not copied ({why}); select the link by hand."), theme.warn()),
    })
}

/// The QR code's colours (see `qr::DARK`), whatever the theme.
const QR_DARK: Color = Color::Indexed(crate::qr::DARK);
const QR_LIGHT: Color = Color::Indexed(crate::qr::LIGHT);

/// Dark modules dark and light ones light, whatever the terminal's theme,
/// so the code scans on dark and light backgrounds alike. A cell whose two
/// modules are both dark is dark behind its glyph too: with most fonts the
/// block glyph is shorter than the cell, and a light seam would cross the
/// code on every row. The glyphs still carry the code for a text capture.
pub fn render_qr(plan: &QrPlan<'_>, area: Rect, buf: &mut Buffer) {
    // The four kinds of cell a code is made of, styled once: copying a cell
    // is several times cheaper than styling one, and this runs every second
    // while the countdown ticks. Index: upper module + 2 × lower module.
    let cell = |halves: (bool, bool)| {
        let behind = if halves == (true, true) { QR_DARK } else { QR_LIGHT };
        let mut cell = Cell::new("");
        cell.set_char(plan.glyph(halves)).set_style(Style::new().fg(QR_DARK).bg(behind));
        cell
    };
    let cells = [cell((false, false)), cell((true, false)), cell((false, true)), cell((true, true))];
    let (cols, rows) = plan.cells();
    for row in 0..rows.min(usize::from(area.height)) {
        for col in 0..cols.min(usize::from(area.width)) {
            let (upper, lower) = plan.halves(col, row);
            let cell = &cells[usize::from(upper) + 2 * usize::from(lower)];
            buf[(area.x + col as u16, area.y + row as u16)].clone_from(cell);
        }
    }
}
