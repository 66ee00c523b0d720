//! Renders a ratatui buffer as an SVG picture of a dark-theme terminal, for
//! the README. Half-block cells (the QR code) become exact rectangles.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 9.0;
const CELL_H: f32 = 18.0;
const FG: &str = "#d4d4d4";
const BG: &str = "#1e1e1e";

fn hex(color: Color, default: &str) -> String {
    match color {
        Color::Reset => default,
        Color::Black => "#000000",
        Color::Red => "#e06c75",
        Color::Green => "#98c379",
        Color::Yellow => "#e5c07b",
        Color::Blue => "#61afef",
        Color::Magenta => "#c678dd",
        Color::Cyan => "#56b6c2",
        Color::Gray => "#abb2bf",
        Color::DarkGray => "#7f848e",
        Color::White => "#ffffff",
        Color::Indexed(16) => "#000000",
        Color::Indexed(231) => "#ffffff",
        _ => default,
    }
    .to_owned()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn render(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (width, height) = (f32::from(area.width) * CELL_W, f32::from(area.height) * CELL_H);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n\
         <g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"15\" shape-rendering=\"crispEdges\">\n"
    );
    for y in 0..area.height {
        let top = f32::from(y) * CELL_H;
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let left = f32::from(x) * CELL_W;
            let bg = hex(cell.bg, BG);
            if bg != BG {
                out.push_str(&format!(
                    "<rect x=\"{left}\" y=\"{top}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{bg}\"/>\n"
                ));
            }
            let fg = hex(cell.fg, FG);
            let half = CELL_H / 2.0;
            match cell.symbol() {
                "█" => out.push_str(&format!(
                    "<rect x=\"{left}\" y=\"{top}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{fg}\"/>\n"
                )),
                "▀" => out.push_str(&format!(
                    "<rect x=\"{left}\" y=\"{top}\" width=\"{CELL_W}\" height=\"{half}\" fill=\"{fg}\"/>\n"
                )),
                "▄" => out.push_str(&format!(
                    "<rect x=\"{left}\" y=\"{}\" width=\"{CELL_W}\" height=\"{half}\" fill=\"{fg}\"/>\n",
                    top + half
                )),
                " " => {}
                _ => {
                    // A run of cells with the same style becomes one text element.
                    let style = (cell.fg, cell.modifier);
                    let mut text = String::new();
                    let start = x;
                    while x < area.width {
                        let c = &buffer[(x, y)];
                        if (c.fg, c.modifier) != style
                            || matches!(c.symbol(), "█" | "▀" | "▄")
                            || c.bg != cell.bg
                        {
                            break;
                        }
                        text.push_str(c.symbol());
                        x += 1;
                    }
                    let weight = if style.1.contains(Modifier::BOLD) { " font-weight=\"bold\"" } else { "" };
                    let text = text.trim_end();
                    out.push_str(&format!(
                        "<text x=\"{}\" y=\"{}\" fill=\"{fg}\"{weight} xml:space=\"preserve\" textLength=\"{}\">{}</text>\n",
                        f32::from(start) * CELL_W,
                        top + CELL_H * 0.78,
                        text.chars().count() as f32 * CELL_W,
                        escape(text)
                    ));
                    continue;
                }
            }
            x += 1;
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}
