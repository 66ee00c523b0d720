//! The QR code as a PNG picture, for a terminal that cannot show it: open
//! it from a file browser, or send it to a phone. It holds only the link
//! (a request token is useless without its secret, which stays here).

use crate::gate::{Gate, GateError, Target};
use crate::qr::QrMatrix;
use std::io;
use std::path::{Path, PathBuf};

/// Pixels per module: 8 makes a 41-module code about 390 px square.
const SCALE: usize = 8;
/// The standard quiet zone, in modules.
const QUIET: usize = 4;

/// The PNG bytes of `url`'s QR code: black modules on white, 8-bit grey.
pub fn encode(url: &str) -> io::Result<Vec<u8>> {
    let matrix =
        QrMatrix::encode(url).ok_or_else(|| io::Error::other("the link is too long for a QR code"))?;
    let side = (matrix.width() + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (y, row) in pixels.chunks_mut(side).enumerate() {
        for (x, pixel) in row.iter_mut().enumerate() {
            let (mx, my) = ((x / SCALE).checked_sub(QUIET), (y / SCALE).checked_sub(QUIET));
            if let (Some(mx), Some(my)) = (mx, my)
                && matrix.is_dark(mx, my)
            {
                *pixel = 0;
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(io::Error::other)?;
    writer.write_image_data(&pixels).map_err(io::Error::other)?;
    writer.finish().map_err(io::Error::other)?;
    Ok(out)
}

/// Writes `url`'s QR code where the plan puts the picture, through the
/// gate: a new file or over a PNG, never a link or the config.
pub fn write(gate: &Gate, url: &str) -> Result<PathBuf, GateError> {
    let path = gate.picture().map(Path::to_owned).unwrap_or_default();
    let bytes = encode(url).map_err(|source| GateError::Io { path, source })?;
    gate.write(Target::Picture, &bytes)
}
