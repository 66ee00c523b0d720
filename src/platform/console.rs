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
        // Terminals in CJK locales are often set to draw ambiguous-width
        // characters (the blocks among them) two columns wide, which would
        // stretch the code: there, ask the terminal how wide `▀` is.
        QrFormat::Auto if cjk_locale() => Some(QrStyle::for_block_width(block_width())),
        QrFormat::Auto => Some(QrStyle::Small),
    }
}

/// The locale's language is Chinese, Japanese or Korean.
fn cjk_locale() -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    ["zh", "ja", "ko"].iter().any(|lang| locale.starts_with(lang))
}

/// How many columns the terminal gives `▀`, from a cursor-position report
/// after drawing one at the start of the line (then erased); `None` when
/// the terminal does not answer (crossterm waits up to 2 s) or is not one.
fn block_width() -> Option<u16> {
    use ratatui::crossterm::{cursor, execute, style::Print};
    use std::io::IsTerminal;
    let mut out = std::io::stdout();
    if !out.is_terminal() {
        return None;
    }
    execute!(out, Print("\r▀")).ok()?;
    let width = cursor::position().ok().map(|(col, _)| col);
    let _ = execute!(out, Print("\r  \r"));
    width
}

/// The code points the console font on our terminal can draw; `None`
/// when that cannot be asked (not a virtual console: SSH, a pipe).
#[cfg(target_os = "linux")]
fn console_glyphs() -> Option<Vec<u32>> {
    use std::os::fd::AsRawFd;
    /// `GIO_UNIMAP` from <linux/kd.h>: the font's Unicode map (the request
    /// type is `c_ulong` on glibc, `c_int` on musl).
    const GIO_UNIMAP: libc::Ioctl = 0x4B66;
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
