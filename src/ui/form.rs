//! The two-field form as drawn, for the api_key and api_secret and for
//! pasted tokens alike: the fields with their cursor or selection, where a
//! prefilled value came from, and the lints of what would be sent.

use super::Theme;
use crate::credential_lints::{self, Lint};
use crate::prefill::Source;
use crate::wizard::{Focus, Pair, TextField};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// How the secret shows: dots, or its first and last four characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretView {
    Dots,
    Ends,
}

/// The pair's lines; `sources` says where a prefilled value came from.
pub fn lines(
    pair: &Pair,
    sources: [Option<&Source>; 2],
    view: SecretView,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let (key_field, secret_field) = pair.fields;
    let from = |prefill: bool, source: Option<&Source>| match source {
        Some(source) if prefill => format!(" from {}", source.short()),
        _ => String::new(),
    };
    let secret_len = pair.secret.value.len();
    // Its length, unless the revealed ends already say it.
    let secret_note =
        if secret_len > 0 && view == SecretView::Dots { format!(" ({secret_len})") } else { String::new() };
    let notes = [
        from(pair.key.is_prefill(), sources[0]),
        format!("{secret_note}{}", from(pair.secret.is_prefill(), sources[1])),
    ];
    let key_shown = Shown::of(&pair.key, pair.key.value.chars().collect());
    let secret_shown = match view {
        SecretView::Dots => Shown::of(&pair.secret, vec!['•'; secret_len]),
        // The ends are no place to edit in: the cursor waits at the end.
        SecretView::Ends => {
            let hint: Vec<char> = pair.secret.value.hint().chars().collect();
            Shown { cursor: hint.len(), chars: hint, selected: false }
        }
    };
    // "› api_secret [" + box + "]" + note on one line; but a value that
    // fits the line is never scrolled for a note (a key whose first letter
    // is off screen reads as a wrong key): the note's end gives way instead.
    let longest = notes.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let room = usize::from(width).saturating_sub(16);
    // (The secret's dots may scroll: they are not read.)
    let key_room = key_shown.chars.len() + 1;
    let box_width = room.saturating_sub(longest).max(key_room.min(room)).clamp(16, 66);
    let key_lints = credential_lints::lint(key_field, &pair.key.cleaned());
    let secret_lints = credential_lints::lint(secret_field, pair.secret.cleaned().expose());
    let mut lines = Vec::new();
    let rows = [
        (Focus::Key, key_field, key_shown, key_lints),
        (Focus::Secret, secret_field, secret_shown, secret_lints),
    ];
    for ((focus, field, shown, lints), note) in rows.into_iter().zip(notes) {
        let focused = pair.focus == focus;
        lines.push(field_line(field.name(), &shown, focused, box_width, note, theme));
        for lint in lints {
            // An empty field is said when Enter finds it empty, not before any input.
            if lint != Lint::Empty {
                lines.extend(super::hanging(
                    "    ⚠ ",
                    &lint.message(field),
                    usize::from(width),
                    theme.warn(),
                ));
            }
        }
        // Under the field it is about.
        if focused && pair.focused_restorable() {
            lines.push(Line::styled("    Esc brings back the value it started with.", theme.dim()));
        }
    }
    lines
}

/// What a field shows: its characters (or dots), the cursor among them,
/// and whether the whole value is selected.
struct Shown {
    chars: Vec<char>,
    cursor: usize,
    selected: bool,
}

impl Shown {
    fn of<T: crate::wizard::Text>(field: &TextField<T>, chars: Vec<char>) -> Shown {
        Shown { cursor: field.cursor().min(chars.len()), chars, selected: field.selected() }
    }
}

/// `› name [value  ] note`: a one-line field scrolled to keep its cursor
/// in view. The cursor is a reversed cell; a selected value is reversed whole.
fn field_line(
    name: &str,
    shown: &Shown,
    focused: bool,
    width: usize,
    note: String,
    theme: Theme,
) -> Line<'static> {
    let start = (shown.cursor + 1).saturating_sub(width);
    let cell = |i: usize| shown.chars.get(i).copied().unwrap_or(' ');
    let text = |range: std::ops::Range<usize>| -> String { range.map(cell).collect() };
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    let end = (start + width).min(shown.chars.len().max(shown.cursor + 1));
    let mut spans = vec![
        Span::styled(
            format!("{} {name:<11} ", if focused { "›" } else { " " }),
            if focused { theme.accent() } else { Style::new() },
        ),
        Span::raw("["),
    ];
    if shown.selected {
        spans.push(Span::styled(text(start..shown.chars.len()), reversed));
    } else if focused {
        spans.push(Span::raw(text(start..shown.cursor)));
        spans.push(Span::styled(cell(shown.cursor).to_string(), reversed));
        spans.push(Span::raw(text(shown.cursor + 1..end)));
    } else {
        spans.push(Span::raw(text(start..end)));
    }
    let used: usize = spans[2..].iter().map(|s| s.content.chars().count()).sum();
    spans.push(Span::raw(format!("{}]", " ".repeat(width.saturating_sub(used)))));
    spans.push(Span::styled(note, theme.dim()));
    Line::from(spans)
}
