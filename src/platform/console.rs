//! What the QR code can be drawn with here. Only the Linux console is
//! known to lack the half blocks (317 of Debian's 456 console fonts,
//! among them the default Lat15-Fixed16); there the loaded font's Unicode
//! map says what it can draw, as Tailscale does before drawing its QR.

use crate::qr::{QrFormat, QrStyle};

/// The style `--qr` resolves to; `None` for `off`.
pub fn qr_style(format: QrFormat) -> Option<QrStyle> {
    match format {
        QrFormat::Off => None,
        QrFormat::Style(style) => Some(style),
        QrFormat::Auto if std::env::var_os("TERM").is_some_and(|t| t == "linux") => {
            Some(QrStyle::for_console_font(console_glyphs().as_deref()))
        }
        QrFormat::Auto => Some(QrStyle::Small),
    }
}

/// The code points the console font on our terminal can draw; `None`
/// when that cannot be asked (not a virtual console: SSH, a pipe).
#[cfg(target_os = "linux")]
fn console_glyphs() -> Option<Vec<u32>> {
    use std::os::fd::AsRawFd;
    /// `GIO_UNIMAP` from <linux/kd.h>: the font's Unicode map.
    const GIO_UNIMAP: libc::c_ulong = 0x4B66;
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct UniPair {
        unicode: u16,
        fontpos: u16,
    }
    #[repr(C)]
    struct UniMapDesc {
        entry_ct: u16,
        entries: *mut UniPair,
    }
    // Console fonts have at most 512 glyphs; a few thousand mappings is ample.
    let mut pairs = vec![UniPair::default(); 8192];
    let mut desc = UniMapDesc { entry_ct: pairs.len() as u16, entries: pairs.as_mut_ptr() };
    let tty = std::fs::File::open("/dev/tty").ok()?;
    // SAFETY: GIO_UNIMAP writes at most `entry_ct` pairs into `entries`,
    // which holds that many, and the count into `desc`.
    let status = unsafe { libc::ioctl(tty.as_raw_fd(), GIO_UNIMAP, &mut desc) };
    if status != 0 {
        return None;
    }
    let count = usize::from(desc.entry_ct).min(pairs.len());
    Some(pairs[..count].iter().map(|p| u32::from(p.unicode)).collect())
}

#[cfg(not(target_os = "linux"))]
fn console_glyphs() -> Option<Vec<u32>> {
    None
}
