//! The authorize URL as a QR matrix, encoded once per link; how its
//! modules become terminal cells (the style); and the quiet zone that fits
//! the space on screen.

use qrcode::{Color, EcLevel, QrCode};

/// The dark modules' colour: the 256-colour cube's black. Themes and
/// reverse video remap the 16 palette colours (0 "black" can become grey),
/// not the cube, so the code keeps its contrast on every theme.
pub const DARK: u8 = 16;
/// The light modules' colour: the cube's white.
pub const LIGHT: u8 = 231;

/// The modules of a QR code, without its quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

/// How modules are drawn with characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrStyle {
    /// Two modules a cell, stacked: `▀ ▄ █`. The smallest; needs fonts
    /// with the half blocks (most desktop fonts, not most console fonts).
    Small,
    /// A module is two cells side by side, `██` or two spaces: square on
    /// most fonts, and only the full block, which console fonts have.
    Large,
    /// As `Large`, with `##`: for terminals that are not UTF-8.
    Ascii,
}

impl QrStyle {
    /// What the Linux console can draw with the font whose Unicode map is
    /// `glyphs`: the half blocks, else the full block, else plain ASCII
    /// (also when the map is unknown).
    pub fn for_console_font(glyphs: Option<&[u32]>) -> QrStyle {
        let has = |c: char| glyphs.is_some_and(|g| g.contains(&u32::from(c)));
        if has('▀') && has('▄') && has('█') {
            QrStyle::Small
        } else if has('█') {
            QrStyle::Large
        } else {
            QrStyle::Ascii
        }
    }

    /// From the columns a terminal gave `▀` (`None`: it did not say): two
    /// would stretch every module, so plain ASCII, which is never wide.
    pub fn for_block_width(width: Option<u16>) -> QrStyle {
        if width.is_some_and(|w| w >= 2) { QrStyle::Ascii } else { QrStyle::Small }
    }
}

/// What `--qr` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrFormat {
    /// Chosen from what can be known of the terminal (`platform::qr_style`).
    Auto,
    Style(QrStyle),
    Off,
}

impl QrMatrix {
    /// Error correction L: the lowest level keeps a 130-character URL at
    /// version 6 (41 modules), which fits 80x24 beside its text.
    pub fn encode(text: &str) -> Option<QrMatrix> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Some(QrMatrix { width: code.width(), dark })
    }

    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at (`x`, `y`) of the code itself is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The largest quiet zone (4, the standard; then 2 and 1, which most
    /// phone readers accept) whose code in `style` fits `cols` x `rows`.
    pub fn fit(&self, style: QrStyle, cols: usize, rows: usize) -> Option<QrPlan<'_>> {
        [4, 2, 1].into_iter().map(|quiet| QrPlan { matrix: self, quiet, style }).find(|plan| {
            let (c, r) = plan.cells();
            c <= cols && r <= rows
        })
    }
}

/// A matrix with the quiet zone chosen for the space available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QrPlan<'a> {
    matrix: &'a QrMatrix,
    pub quiet: usize,
    pub style: QrStyle,
}

impl QrPlan<'_> {
    /// Size on screen in cells.
    pub fn cells(&self) -> (usize, usize) {
        let side = self.matrix.width + 2 * self.quiet;
        match self.style {
            QrStyle::Small => (side, side.div_ceil(2)),
            QrStyle::Large | QrStyle::Ascii => (2 * side, side),
        }
    }

    /// Whether the module at (`x`, `y`), counted from the quiet zone's
    /// corner, is dark. Outside the code it is light.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        let (Some(x), Some(y)) = (x.checked_sub(self.quiet), y.checked_sub(self.quiet)) else { return false };
        self.matrix.is_dark(x, y)
    }

    /// The modules the cell at column `col`, row `row` shows: the upper and
    /// the lower one for `Small`; one module twice for the others.
    pub fn halves(&self, col: usize, row: usize) -> (bool, bool) {
        match self.style {
            QrStyle::Small => (self.dark(col, 2 * row), self.dark(col, 2 * row + 1)),
            QrStyle::Large | QrStyle::Ascii => {
                let dark = self.dark(col / 2, row);
                (dark, dark)
            }
        }
    }

    /// The character for a cell whose modules are `halves`: its ink is the
    /// dark modules, so the code survives a plain-text screen capture too.
    pub fn glyph(&self, halves: (bool, bool)) -> char {
        match (self.style, halves) {
            (QrStyle::Ascii, (true, _)) => '#',
            (_, (true, true)) => '█',
            (_, (true, false)) => '▀',
            (_, (false, true)) => '▄',
            (_, (false, false)) => ' ',
        }
    }

    /// The code as lines of text, for a stream (plain mode's stderr).
    pub fn lines(&self) -> Vec<String> {
        let (cols, rows) = self.cells();
        (0..rows).map(|row| (0..cols).map(|col| self.glyph(self.halves(col, row))).collect()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://api.smugmug.com/services/oauth/1.0a/authorize?oauth_token=abcdefghijklmnopqrstuvwxyz012345&Access=Full&Permissions=Modify";

    #[test]
    fn real_url_fits_80x24_at_version_6() {
        assert_eq!(URL.len(), 129);
        let matrix = QrMatrix::encode(URL).unwrap();
        assert_eq!(matrix.width(), 41);
        let plan = matrix.fit(QrStyle::Small, 45, 23).unwrap();
        assert_eq!((plan.quiet, plan.cells()), (2, (45, 23)));
        assert_eq!(matrix.fit(QrStyle::Small, 60, 30).unwrap().quiet, 4);
        assert_eq!(matrix.fit(QrStyle::Small, 43, 22).unwrap().quiet, 1);
        assert!(matrix.fit(QrStyle::Small, 40, 40).is_none());
    }

    #[test]
    fn a_wide_block_glyph_means_ascii() {
        assert_eq!(QrStyle::for_block_width(Some(1)), QrStyle::Small);
        assert_eq!(QrStyle::for_block_width(Some(2)), QrStyle::Ascii);
        assert_eq!(QrStyle::for_block_width(None), QrStyle::Small, "no answer: the usual width");
    }

    #[test]
    fn large_and_ascii_modules_are_two_cells_wide_and_one_high() {
        let matrix = QrMatrix::encode(URL).unwrap();
        let plan = matrix.fit(QrStyle::Large, 100, 50).unwrap();
        assert_eq!((plan.quiet, plan.cells()), (4, (98, 49)));
        assert!(matrix.fit(QrStyle::Large, 80, 24).is_none(), "80x24 has no room for square modules");
        let ascii = matrix.fit(QrStyle::Ascii, 90, 45).unwrap();
        let lines = ascii.lines();
        assert_eq!(lines.len(), 45);
        // The finder pattern's top row: 7 dark modules after the quiet zone.
        assert_eq!(&lines[2][4..18], "##############");
        assert!(lines.iter().all(|l| l.chars().all(|c| c == '#' || c == ' ')));
    }
}
