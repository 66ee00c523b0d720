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

/// The largest existing file `--qr-png` may replace: a QR picture is about
/// 2 KB, and no more than this is read to judge one.
pub const REPLACEABLE_BYTES: u64 = 64 * 1024;

/// The most pixel data a picture being judged may unpack to (a QR picture
/// unpacks to about 180 KB): a small file cannot make the check slow.
const MAX_UNPACKED: usize = 4 << 20;

/// Whether `bytes` are a whole PNG picture: the header, every row of the
/// image data (checksums included) and the chunks up to its end decode.
/// The PNG signature alone is not enough: text after it is not a picture.
pub fn decodes(bytes: &[u8]) -> bool {
    let limits = png::Limits { bytes: MAX_UNPACKED };
    let Ok(mut reader) = png::Decoder::new_with_limits(io::Cursor::new(bytes), limits).read_info() else {
        return false;
    };
    if reader.output_buffer_size().is_none_or(|size| size > MAX_UNPACKED) {
        return false;
    }
    // Row by row: nothing the size of the image is held.
    loop {
        match reader.next_row() {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return false,
        }
    }
    reader.finish().is_ok()
}

/// Writes `url`'s QR code where the plan puts the picture, through the
/// gate: a new file or over a PNG, never a link or the config.
pub fn write(gate: &Gate, url: &str) -> Result<PathBuf, GateError> {
    let path = gate.picture().map(Path::to_owned).unwrap_or_default();
    let bytes = encode(url).map_err(|source| GateError::Io { path, source })?;
    gate.write(Target::Picture, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_png_decodes() {
        let picture = encode("https://example.com/").unwrap();
        assert!(decodes(&picture));
        assert!(picture.len() < REPLACEABLE_BYTES as usize / 8, "{}", picture.len());
        let mut signature_then_text = picture[..8].to_vec();
        signature_then_text.extend_from_slice(b"my notes, not a picture\n");
        assert!(!decodes(&signature_then_text));
        // The header alone, or the image data cut short.
        assert!(!decodes(&picture[..40]));
        assert!(!decodes(&picture[..picture.len() - 20]));
        let mut damaged = picture.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0xff;
        assert!(!decodes(&damaged));
    }
}
