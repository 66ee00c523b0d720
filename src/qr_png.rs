//! The QR code as a PNG picture, for a terminal that cannot show it: open
//! it from a file browser, or send it to a phone. It holds only the link
//! (a request token is useless without its secret, which stays here).

use crate::qr::QrMatrix;
use std::io;
use std::path::Path;

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

/// Writes `url`'s QR code to `path`: replaced whole (a temp file renamed
/// over it, so a symlink planted there is replaced, not followed).
pub fn write(url: &str, path: &Path) -> io::Result<()> {
    let bytes = encode(url)?;
    crate::config::ensure_private_dir(crate::config::parent(path))?;
    crate::config::write_private(path, &bytes, path)
}
