//! The authorize URL as a QR matrix, encoded once per link, and the quiet
//! zone that fits the space on screen. Each terminal cell shows two
//! modules (upper and lower half-block).

use qrcode::{Color, EcLevel, QrCode};

/// The modules of a QR code, without its quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
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

    /// The largest quiet zone (4, the standard; then 2 and 1, which most
    /// phone readers accept) whose code fits `cols` x `rows` cells.
    pub fn fit(&self, cols: usize, rows: usize) -> Option<QrPlan<'_>> {
        [4, 2, 1].into_iter().map(|quiet| QrPlan { matrix: self, quiet }).find(|plan| {
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
}

impl QrPlan<'_> {
    /// Size on screen in cells: one column per module, two modules per row.
    pub fn cells(&self) -> (usize, usize) {
        let side = self.matrix.width + 2 * self.quiet;
        (side, side.div_ceil(2))
    }

    /// Whether the module at (`x`, `y`), counted from the quiet zone's
    /// corner, is dark. Outside the code it is light.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        let (Some(x), Some(y)) = (x.checked_sub(self.quiet), y.checked_sub(self.quiet)) else { return false };
        let width = self.matrix.width;
        x < width && y < width && self.matrix.dark[y * width + x]
    }

    /// Whether the upper and the lower module of the cell at column `x`,
    /// row `row` are dark.
    pub fn halves(&self, x: usize, row: usize) -> (bool, bool) {
        (self.dark(x, 2 * row), self.dark(x, 2 * row + 1))
    }

    /// The glyph for the cell at column `x`, row `row`: its ink is the dark
    /// modules, so the code survives a plain-text screen capture too.
    pub fn glyph(&self, x: usize, row: usize) -> char {
        match self.halves(x, row) {
            (true, true) => '█',
            (true, false) => '▀',
            (false, true) => '▄',
            (false, false) => ' ',
        }
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
        let plan = matrix.fit(45, 23).unwrap();
        assert_eq!((plan.quiet, plan.cells()), (2, (45, 23)));
        assert_eq!(matrix.fit(60, 30).unwrap().quiet, 4);
        assert_eq!(matrix.fit(43, 22).unwrap().quiet, 1);
        assert!(matrix.fit(40, 40).is_none());
    }
}
