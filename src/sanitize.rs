//! Text from a server, or pasted by a person, made safe to show on a terminal.

/// Removes control characters (C0, DEL, C1 — so no escape sequence can reach
/// the terminal), the bidirectional controls that can disguise text, and
/// the invisible format characters (zero-width spaces and joiners, the
/// byte-order mark, the Arabic letter mark). Tabs and line breaks become
/// spaces so one reply stays one paragraph. Apply it after every decoding.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A path found on disk (not given by the person), as a message shows it:
/// as it is, or quoted with its control and direction characters escaped,
/// so a name holding a line break or an escape forges no line and drives
/// no terminal, and still names the file.
pub fn path_shown(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text.chars().any(is_unsafe) { format!("{text:?}") } else { text }
}

/// Whether `c` is one `sanitize` removes: a control character, or a format
/// character drawn as nothing or reordering the text around it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Unicode format characters (category Cf) that a terminal draws as
/// nothing, or that reorder the text around them.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// [`sanitize`], then cut to at most `max` characters with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    let clean = sanitize(text);
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() <= max {
        return clean;
    }
    let mut cut: String = clean.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let hostile = "nick\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m\u{202e}name";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(char::is_control));
        assert_eq!(clean, "nick]52;c;ZXZpbA==[2J31mname");
    }

    #[test]
    fn excerpt_folds_space_and_cuts() {
        assert_eq!(excerpt("a\n\n b\tc", 10), "a b c");
        assert_eq!(excerpt("abcdefghij", 5), "abcd…");
    }
}
