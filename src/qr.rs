//! The authorize URL as a QR matrix, sized for the space on screen.
//! Each terminal cell shows two modules (upper and lower half-block).

use qrcode::{Color, EcLevel, QrCode};

/// A QR code with the quiet zone chosen for the space available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPlan {
    /// Modules per side, without the quiet zone.
    pub width: usize,
    /// Light modules around the code (4 is the standard; 2 and 1 scan with
    /// most phone readers when space is short).
    pub quiet: usize,
    pub ec: EcLevel,
    dark: Vec<bool>,
}

impl QrPlan {
    /// The largest quiet zone (4, 2, then 1) whose code fits `cols` x `rows`
    /// cells, at error correction L: the lowest level keeps a 130-character
    /// URL at version 6 (41 modules), which fits 80x24 beside its text.
    pub fn fit(url: &str, cols: usize, rows: usize) -> Option<QrPlan> {
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::L).ok()?;
        let width = code.width();
        let dark: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        [4, 2, 1].into_iter().map(|quiet| QrPlan { width, quiet, ec: EcLevel::L, dark: dark.clone() }).find(
            |plan| {
                let (c, r) = plan.cells();
                c <= cols && r <= rows
            },
        )
    }

    /// Size on screen in cells: one column per module, two modules per row.
    pub fn cells(&self) -> (usize, usize) {
        let side = self.width + 2 * self.quiet;
        (side, side.div_ceil(2))
    }

    /// Whether the module at (`x`, `y`), counted from the quiet zone's
    /// corner, is dark. Outside the code it is light.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        let (Some(x), Some(y)) = (x.checked_sub(self.quiet), y.checked_sub(self.quiet)) else { return false };
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The glyph for the cell at column `x`, row `row`: its ink is the dark
    /// modules, so the code survives a plain-text screen capture too.
    pub fn glyph(&self, x: usize, row: usize) -> char {
        match (self.dark(x, 2 * row), self.dark(x, 2 * row + 1)) {
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
        let plan = QrPlan::fit(URL, 45, 23).unwrap();
        assert_eq!((plan.width, plan.quiet), (41, 2));
        assert_eq!(plan.cells(), (45, 23));
        assert_eq!(QrPlan::fit(URL, 60, 30).unwrap().quiet, 4);
        assert_eq!(QrPlan::fit(URL, 43, 22).unwrap().quiet, 1);
        assert!(QrPlan::fit(URL, 40, 40).is_none());
    }
}
