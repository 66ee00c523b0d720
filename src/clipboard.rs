//! Putting the authorize URL on the person's clipboard: the system
//! clipboard where there is a local display, else an OSC 52 escape that
//! asks the person's own terminal to copy (works over SSH), wrapped for
//! tmux and screen.

use base64::Engine;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    Tmux,
    Screen,
}

impl Multiplexer {
    /// `$TMUX` or `$STY` (screen) tell which one we run inside.
    pub fn from_env() -> Option<Self> {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if set("TMUX") {
            Some(Multiplexer::Tmux)
        } else if set("STY") {
            Some(Multiplexer::Screen)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Multiplexer::Tmux => "tmux",
            Multiplexer::Screen => "screen",
        }
    }
}

/// The bytes that ask the terminal to copy `text`. Inside tmux both the
/// plain sequence (used when `set-clipboard on`) and the passthrough-wrapped
/// one (used when `allow-passthrough on`) are sent; screen needs its DCS wrap.
pub fn osc52(text: &str, multiplexer: Option<Multiplexer>) -> Vec<u8> {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    let plain = format!("\x1b]52;c;{payload}\x1b\\");
    match multiplexer {
        None => plain.into_bytes(),
        Some(Multiplexer::Tmux) => format!("{plain}\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\").into_bytes(),
        Some(Multiplexer::Screen) => format!("\x1bP\x1b]52;c;{payload}\x07\x1b\\").into_bytes(),
    }
}

/// Where a copy went.
#[derive(Debug)]
pub enum Delivery {
    /// The system clipboard (arboard).
    System,
    /// An OSC 52 escape to the terminal, wrapped for a multiplexer if any:
    /// sent, but whether the terminal honours it cannot be known.
    Osc52(Option<Multiplexer>),
    /// Nothing could be written.
    Failed(std::io::Error),
    /// The terminal is known to ignore OSC 52 (macOS Terminal.app): nothing
    /// was sent, and the person must copy the link by hand.
    Unsupported(&'static str),
}

/// A terminal known to drop OSC 52, from `$TERM_PROGRAM` (set by the
/// terminal itself, so only seen when we run in it directly).
fn osc52_ignored_by() -> Option<&'static str> {
    (std::env::var_os("TERM_PROGRAM").is_some_and(|p| p == "Apple_Terminal")).then_some("Terminal.app")
}

/// Kept for the whole wizard: on X11 the clipboard's content lives only as
/// long as the process that set it, and dropping it can block ~100 ms, so
/// it is dropped after the terminal is restored.
#[derive(Default)]
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
}

impl Clipboard {
    /// Copies `text`, writing any OSC 52 escape to `terminal`. Fast: arboard
    /// fails at once without a display, and OSC 52 is a single write.
    pub fn copy(&mut self, text: &str, terminal: &mut impl Write) -> Delivery {
        if crate::platform::local_desktop() {
            if self.system.is_none() {
                self.system = arboard::Clipboard::new().ok();
            }
            if let Some(system) = self.system.as_mut()
                && system.set_text(text.to_owned()).is_ok()
            {
                return Delivery::System;
            }
        }
        if let Some(terminal_name) = osc52_ignored_by() {
            return Delivery::Unsupported(terminal_name);
        }
        let multiplexer = Multiplexer::from_env();
        match terminal.write_all(&osc52(text, multiplexer)).and_then(|()| terminal.flush()) {
            Ok(()) => Delivery::Osc52(multiplexer),
            Err(e) => Delivery::Failed(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_plain_and_wrapped() {
        let url = "https://api.smugmug.com/x?a=1";
        let b64 = "aHR0cHM6Ly9hcGkuc211Z211Zy5jb20veD9hPTE=";
        assert_eq!(osc52(url, None), format!("\x1b]52;c;{b64}\x1b\\").into_bytes());
        assert_eq!(
            osc52(url, Some(Multiplexer::Tmux)),
            format!("\x1b]52;c;{b64}\x1b\\\x1bPtmux;\x1b\x1b]52;c;{b64}\x07\x1b\\").into_bytes()
        );
        assert_eq!(
            osc52(url, Some(Multiplexer::Screen)),
            format!("\x1bP\x1b]52;c;{b64}\x07\x1b\\").into_bytes()
        );
    }

    #[test]
    fn copy_falls_back_to_osc52_into_the_writer() {
        let mut out = Vec::new();
        let mut clipboard = Clipboard::default();
        let copied = clipboard.copy("hello", &mut out);
        if !matches!(copied, Delivery::System) {
            assert!(matches!(copied, Delivery::Osc52(_)));
            assert!(String::from_utf8(out).unwrap().contains("]52;c;aGVsbG8="));
        }
    }
}
