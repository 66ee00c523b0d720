//! Sets the four credentials in a YAML document's `smugmug:` block by
//! editing its text, so the person's comments, key order and layout stay.
//! Every edit is then checked by parsing: the four values must read back
//! exactly and every other setting must be unchanged, or nothing is written.

use super::lines::Lines;
use super::nesting::{self, MAX_FLOW_DEPTH};
use serde_yaml::{Mapping, Value};

pub const SECTION: &str = "smugmug";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("it is not valid YAML ({0})")]
    InvalidYaml(String),
    #[error("its top level is {0}, not a mapping of settings")]
    TopNotMapping(&'static str),
    #[error("its `smugmug` entry is {0}, not a mapping of settings")]
    SectionNotMapping(&'static str),
    #[error("its `smugmug` entry is written in flow style ({{ … }}); write it as an indented block")]
    FlowStyle,
    #[error(
        "its `smugmug:` line carries a YAML tag or a value ({0}), which this tool does not edit; write `smugmug:` alone on its line, its settings indented below"
    )]
    InlineValue(String),
    #[error(
        "its `smugmug` entry is laid out in a way this tool cannot edit (a `? name` key, say); write each setting as `name: value` on a line of its own"
    )]
    Layout,
    #[error("an automatic edit would have changed other settings ({0})")]
    Verify(String),
    #[error(
        "it nests lists or mappings in brackets ([ or {{) more than {0} deep, which smugmug-auth does not read (most likely brackets left open)"
    )]
    TooDeep(usize),
    #[error(
        "it uses YAML anchors and aliases (&name, *name) where the credentials go, which this tool does not edit; write the smugmug entry out in full"
    )]
    Aliases,
}

/// Returns `original` with `smugmug.<key>` set to each value.
pub fn merge(original: &str, values: &[(&str, &str)]) -> Result<String, EditError> {
    let before = parse(original)?;
    if let Some(section) = before.get(SECTION)
        && !matches!(section, Value::Mapping(_) | Value::Null)
    {
        return Err(EditError::SectionNotMapping(kind(section)));
    }
    let edited = edit_text(original, values).and_then(|edited| {
        verify(&before, &parse(&edited).map_err(layout_error)?, values)?;
        Ok(edited)
    });
    match edited {
        // The file is valid YAML: it is our edit that cannot follow an
        // anchor or an alias, and the message says so.
        Err(_) if uses_aliases(original) => Err(EditError::Aliases),
        edited => edited,
    }
}

/// Whether the text holds a YAML anchor (`&name`) or alias (`*name`)
/// outside comments and quotes: a word that starts with `&` or `*`
/// followed by a name character.
fn uses_aliases(text: &str) -> bool {
    text.lines().any(|line| {
        let mut quote = None;
        let mut previous = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') if previous.is_whitespace() => return false,
                (None, '&' | '*')
                    if (previous.is_whitespace() || matches!(previous, '[' | '{' | ','))
                        && chars.peek().is_some_and(|n| n.is_alphanumeric() || matches!(n, '_' | '-')) =>
                {
                    return true;
                }
                _ => {}
            }
            previous = c;
        }
        false
    })
}

/// The document's top-level mapping (empty for an empty file).
pub fn parse(text: &str) -> Result<Mapping, EditError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    // Deep brackets cost the parser the square of their number: judged first.
    if nesting::deeper_than(text, MAX_FLOW_DEPTH) {
        return Err(EditError::TooDeep(MAX_FLOW_DEPTH));
    }
    // Merge keys (`<<: *base`) resolved, as PyYAML reads them.
    let parsed =
        serde_yaml::from_str::<Value>(text).and_then(|mut value| value.apply_merge().map(|()| value));
    match parsed {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(other) => Err(EditError::TopNotMapping(kind(&other))),
        Err(e) => Err(EditError::InvalidYaml(crate::sanitize::sanitize(&unquoted(&e.to_string())))),
    }
}

/// The parser's message without the values it quotes: `invalid value:
/// string "…"` or `duplicate entry with key "…"` may quote a secret (a
/// tagged value, a secret pasted as a key), and the message is shown.
fn unquoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            // Skip to the closing quote, past escaped ones.
            while let Some(inner) = chars.next() {
                match inner {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            out.push_str("…\"");
        }
    }
    out
}

pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a single string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn edit_text(original: &str, values: &[(&str, &str)]) -> Result<String, EditError> {
    let mut lines = Lines::split(original);
    let base = top_indent(&lines);
    let header = lines.iter().position(|l| indent(l) == base && key_of(l) == Some(SECTION));
    match header {
        None => {
            if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                lines.push(String::new());
            }
            let pad = " ".repeat(base);
            lines.push(format!("{pad}{SECTION}:"));
            for (k, v) in values {
                lines.push(format!("{pad}  {k}: {}", quote(v)));
            }
        }
        Some(h) => edit_block(&mut lines, h, values)?,
    }
    Ok(lines.join())
}

/// Why a value on the `smugmug:` line itself cannot be edited.
fn inline_error(inline: &str) -> EditError {
    if inline.starts_with(['{', '[']) {
        EditError::FlowStyle
    } else {
        EditError::InlineValue(crate::sanitize::sanitize(&inline.chars().take(40).collect::<String>()))
    }
}

/// Our edit's text did not parse: the layout is one the line editor does
/// not understand (a `? key` complex key, say), not the person's YAML.
fn layout_error(error: EditError) -> EditError {
    match error {
        EditError::InvalidYaml(_) => EditError::Layout,
        other => other,
    }
}

/// How far the top-level keys are indented: PyYAML reads a document
/// whose whole mapping is indented, so we edit one too.
fn top_indent(lines: &[String]) -> usize {
    lines
        .iter()
        .find(|l| !is_blank_or_comment(l) && !l.starts_with("---") && !l.starts_with('%'))
        .map_or(0, |l| indent(l))
}

fn edit_block(lines: &mut Lines, header: usize, values: &[(&str, &str)]) -> Result<(), EditError> {
    let (inline, comment) = split_value(&lines[header]);
    if !inline.is_empty() {
        if !matches!(inline.as_str(), "~" | "null" | "Null" | "NULL" | "{}") {
            return Err(inline_error(&inline));
        }
        let pad = " ".repeat(indent(&lines[header]));
        lines[header] = format!("{pad}{SECTION}:{comment}");
    }
    let end = |lines: &[String]| block_end(lines, header);
    let child = child_indent(lines, header);
    merges_into(lines, header, child)?;
    let pad = " ".repeat(child);
    let mut missing = Vec::new();
    for (key, value) in values {
        let found =
            (header + 1..end(lines)).find(|&j| indent(&lines[j]) == child && key_of(&lines[j]) == Some(key));
        match found {
            Some(j) => {
                let (old_value, comment) = split_value(&lines[j]);
                lines[j] = format!("{pad}{key}: {}{comment}", quote(value));
                remove_old_continuation(lines, j, child, end(lines), &old_value);
            }
            None => missing.push(format!("{pad}{key}: {}", quote(value))),
        }
    }
    let last_content =
        (header..end(lines)).rev().find(|&j| !is_blank_or_comment(&lines[j])).unwrap_or(header);
    for (i, line) in missing.into_iter().enumerate() {
        lines.insert(last_content + 1 + i, line);
    }
    Ok(())
}

/// A merge key (`<<: *base`) in the block: values come from elsewhere in
/// the file, where an edit of the block cannot reach (a logout would leave
/// them reading back), so the block is not edited.
fn merges_into(lines: &[String], header: usize, child: usize) -> Result<(), EditError> {
    let merges = (header + 1..block_end(lines, header))
        .any(|j| indent(&lines[j]) == child && key_of(&lines[j]) == Some("<<"));
    if merges { Err(EditError::Aliases) } else { Ok(()) }
}

/// The line after the `smugmug:` block that starts at `header`: the next
/// key as shallow as the header, or the document's end.
fn block_end(lines: &[String], header: usize) -> usize {
    let base = indent(&lines[header]);
    (header + 1..lines.len())
        .find(|&j| {
            let l = &lines[j];
            (!is_blank_or_comment(l) && indent(l) <= base) || l.starts_with("---") || l.starts_with("...")
        })
        .unwrap_or(lines.len())
}

/// How far the block's keys are indented (two more than the header for
/// a new block).
fn child_indent(lines: &[String], header: usize) -> usize {
    (header + 1..block_end(lines, header))
        .find(|&j| !is_blank_or_comment(&lines[j]))
        .map_or(indent(&lines[header]) + 2, |j| indent(&lines[j]))
}

/// Returns `original` without `smugmug.<key>` for each of `keys` (and
/// without their values' continuation lines); everything else, comments
/// included, stays. Checked by parsing, like [`merge`].
pub fn remove(original: &str, keys: &[&str]) -> Result<String, EditError> {
    let before = parse(original)?;
    let mut lines = Lines::split(original);
    let base = top_indent(&lines);
    let Some(header) = lines.iter().position(|l| indent(l) == base && key_of(l) == Some(SECTION)) else {
        return Ok(original.to_owned());
    };
    match before.get(SECTION) {
        Some(Value::Mapping(_)) => {}
        None | Some(Value::Null) => return Ok(original.to_owned()),
        Some(other) => return Err(EditError::SectionNotMapping(kind(other))),
    }
    let (inline, _) = split_value(&lines[header]);
    if !inline.is_empty() {
        return Err(inline_error(&inline));
    }
    let child = child_indent(&lines, header);
    merges_into(&lines, header, child)?;
    for key in keys {
        let end = block_end(&lines, header);
        if let Some(j) =
            (header + 1..end).find(|&j| indent(&lines[j]) == child && key_of(&lines[j]) == Some(key))
        {
            let (old_value, _) = split_value(&lines[j]);
            remove_old_continuation(&mut lines, j, child, end, &old_value);
            lines.remove(j);
        }
    }
    let text = lines.join();
    let after = parse(&text).map_err(layout_error)?;
    let gone = |m: &Mapping| match m.get(SECTION) {
        Some(Value::Mapping(s)) => keys.iter().all(|k| s.get(*k).is_none()),
        _ => true,
    };
    if !gone(&after) {
        return Err(EditError::Verify("a removed value would still read back".into()));
    }
    others_unchanged(&before, &after, keys)?;
    Ok(text)
}

/// Removes the lines that belonged to the old value of the key on line
/// `at`: a block scalar (`|`, `>`) owns every deeper or blank line up to
/// its last deeper one; a multi-line plain or quoted value owns the deeper
/// lines that are not comments. A deeper comment after a one-line value is
/// a comment, and stays.
fn remove_old_continuation(lines: &mut Lines, at: usize, child: usize, end: usize, old_value: &str) {
    let deeper = |l: &String| !l.trim().is_empty() && indent(l) > child;
    let last = if old_value.starts_with(['|', '>']) {
        (at + 1..end)
            .take_while(|&k| lines[k].trim().is_empty() || deeper(&lines[k]))
            .filter(|&k| deeper(&lines[k]))
            .last()
    } else {
        (at + 1..end).take_while(|&k| deeper(&lines[k]) && !lines[k].trim_start().starts_with('#')).last()
    };
    if let Some(last) = last {
        lines.drain(at + 1..last + 1);
    }
}

fn verify(before: &Mapping, after: &Mapping, values: &[(&str, &str)]) -> Result<(), EditError> {
    let section = |m: &Mapping| match m.get(SECTION) {
        Some(Value::Mapping(s)) => s.clone(),
        _ => Mapping::new(),
    };
    for (key, value) in values {
        if section(after).get(*key) != Some(&Value::String((*value).to_owned())) {
            return Err(EditError::Verify(format!("smugmug.{key} would not read back as written")));
        }
    }
    let keys: Vec<&str> = values.iter().map(|(k, _)| *k).collect();
    others_unchanged(before, after, &keys)
}

/// Every setting but `smugmug.<key>` for `keys` reads the same after.
fn others_unchanged(before: &Mapping, after: &Mapping, keys: &[&str]) -> Result<(), EditError> {
    let fail = |what: &str| Err(EditError::Verify(what.to_owned()));
    let section = |m: &Mapping| match m.get(SECTION) {
        Some(Value::Mapping(s)) => s.clone(),
        _ => Mapping::new(),
    };
    let is_ours = |k: &Value| keys.iter().any(|key| k.as_str() == Some(key));
    let others = |m: &Mapping| {
        m.iter().filter(|(k, _)| !is_ours(k)).map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
    };
    if others(&section(before)) != others(&section(after)) {
        return fail("other smugmug settings");
    }
    let top = |m: &Mapping| {
        m.iter()
            .filter(|(k, _)| k.as_str() != Some(SECTION))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    if top(before) != top(after) {
        return fail("other top-level settings");
    }
    Ok(())
}

/// A double-quoted YAML scalar: reads back as exactly `value` in any YAML
/// 1.1 or 1.2 reader (PyYAML included), whatever the characters.
pub fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The key of a `key: value` line (plain or quoted key).
fn key_of(line: &str) -> Option<&str> {
    let rest = line.trim_start();
    let (key, after) = match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let close = rest[1..].find(q)? + 1;
            (&rest[1..close], &rest[close + 1..])
        }
        _ => {
            let colon = rest.find(':')?;
            (&rest[..colon], &rest[colon..])
        }
    };
    let after = after.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(key.trim_end())
}

/// The value text after `key:` and its trailing comment (with the spaces
/// before it), for a one-line value.
fn split_value(line: &str) -> (String, String) {
    let Some(colon) = colon_after_key(line) else { return (String::new(), String::new()) };
    let rest = &line[colon + 1..];
    let trimmed = rest.trim_start();
    let start = rest.len() - trimmed.len();
    let value_end = match trimmed.chars().next() {
        Some('"') => closing_quote(trimmed, '"').map_or(trimmed.len(), |i| i + 1),
        Some('\'') => closing_quote(trimmed, '\'').map_or(trimmed.len(), |i| i + 1),
        _ => comment_start(trimmed).map_or(trimmed.len(), |i| trimmed[..i].trim_end().len()),
    };
    if trimmed.starts_with('#') {
        return (String::new(), rest.trim_end().to_owned());
    }
    let value = trimmed[..value_end].trim().to_owned();
    let tail = &rest[start + value_end..];
    // A tab before the comment is read by libyaml but refused by PyYAML
    // (smugVision): the lines we write get a space there instead.
    let comment = match tail.trim_start() {
        text if text.starts_with('#') => {
            let space = &tail[..tail.len() - text.len()];
            format!("{}{}", space.replace('\t', " "), text.trim_end())
        }
        _ => String::new(),
    };
    (value, comment)
}

fn colon_after_key(line: &str) -> Option<usize> {
    let key = key_of(line)?;
    let at = line.find(key)? + key.len();
    line[at..].find(':').map(|i| at + i)
}

/// Where a comment starts in a plain value: a `#` after a space or a tab.
fn comment_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (1..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))
}

/// The closing quote of a quoted scalar starting at `text[0]`: `\"` is
/// escaped in double quotes, `''` is a quote in single quotes.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    let mut escaped = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: [(&str, &str); 4] =
        [("api_key", "K1"), ("api_secret", "S1"), ("user_token", "T1"), ("user_secret", "U1")];

    #[test]
    fn new_file_gets_a_block() {
        let out = merge("", &VALUES).unwrap();
        assert_eq!(
            out,
            "smugmug:\n  api_key: \"K1\"\n  api_secret: \"S1\"\n  user_token: \"T1\"\n  user_secret: \"U1\"\n"
        );
    }

    #[test]
    fn keeps_comments_order_and_other_keys() {
        let original = "# smugVision settings\nvision:\n  model: llava   # the default\n\nsmugmug:\n    # from the developer portal\n    api_key: 'old'  # keep me\n    nickname: ann\n    api_secret: \"old\"\n\nprocessing: {workers: 2, tags: [a, b]}\n";
        let out = merge(original, &VALUES).unwrap();
        let expected = "# smugVision settings\nvision:\n  model: llava   # the default\n\nsmugmug:\n    # from the developer portal\n    api_key: \"K1\"  # keep me\n    nickname: ann\n    api_secret: \"S1\"\n    user_token: \"T1\"\n    user_secret: \"U1\"\n\nprocessing: {workers: 2, tags: [a, b]}\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn replaces_multiline_values_and_null_sections() {
        let out = merge("smugmug:\n  api_key: |\n    abc\n    def\n  user_token: x\n", &VALUES).unwrap();
        assert!(out.starts_with("smugmug:\n  api_key: \"K1\"\n  user_token: \"T1\"\n"), "{out}");
        let out = merge("smugmug: ~  # fill me\nother: 1\n", &VALUES).unwrap();
        assert!(out.starts_with("smugmug:  # fill me\n  api_key: \"K1\""), "{out}");
        assert!(out.ends_with("other: 1\n"));
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        assert!(matches!(merge("smugmug: [1, 2]\n", &VALUES), Err(EditError::SectionNotMapping("a list"))));
        assert!(matches!(merge("smugmug: {api_key: x}\n", &VALUES), Err(EditError::FlowStyle)));
        assert!(matches!(merge("- a\n- b\n", &VALUES), Err(EditError::TopNotMapping("a list"))));
        assert!(matches!(merge("a: [unclosed\n", &VALUES), Err(EditError::InvalidYaml(_))));
        // A value the parser quotes in its message is not shown.
        for text in [
            "smugmug:\n  api_secret: !!int \"REALSECRETabc\"\n",
            "smugmug:\n  SECRETKEY5: 1\n  SECRETKEY5: 2\n",
        ] {
            let Err(EditError::InvalidYaml(message)) = parse(text) else { panic!("{text}") };
            assert!(!message.contains("REALSECRET") && !message.contains("SECRETKEY5"), "{message}");
        }
    }

    #[test]
    fn brackets_deeper_than_the_reader_allows_are_refused_before_the_parse() {
        // 127 brackets under a key: 128 levels, the most serde_yaml reads.
        let deepest = format!("a: {}1{}\n", "[".repeat(127), "]".repeat(127));
        assert!(parse(&deepest).is_ok());
        let open = format!("a: {}\n", "[".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(parse(&open), Err(EditError::TooDeep(MAX_FLOW_DEPTH)));
    }

    #[test]
    fn quoting_round_trips_awkward_values() {
        for v in ["no", "0x1F", "1e10", "00123", "a\"b\\c", "#x", "a: b", " lead", "null", "~"] {
            let out = merge("", &[("api_key", v)]).unwrap();
            let parsed = parse(&out).unwrap();
            assert_eq!(parsed["smugmug"]["api_key"], Value::String(v.into()), "{out}");
        }
    }

    #[test]
    fn a_deeper_comment_after_a_value_stays_and_merging_is_idempotent() {
        // Found by the config_merge fuzz target.
        let original = "\nsmugmug:\n api ey: old\n  #a";
        let once = merge(original, &VALUES).unwrap();
        assert!(once.ends_with("  #a\n"), "{once}");
        assert_eq!(merge(&once, &VALUES).unwrap(), once);
        let block =
            "smugmug:\n  api_key: |\n    line one\n\n    # part of the value\n  # a real comment\nother: 1\n";
        let out = merge(block, &VALUES).unwrap();
        assert!(out.starts_with("smugmug:\n  api_key: \"K1\"\n  api_secret"), "{out}");
        assert!(out.ends_with("  user_secret: \"U1\"\n  # a real comment\nother: 1\n"), "{out}");
        assert!(!out.contains("line one") && !out.contains("part of the value"), "{out}");
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let out = merge("a: 1\r\nsmugmug:\r\n  api_key: x\r\n", &VALUES).unwrap();
        assert!(out.contains("  api_key: \"K1\"\r\n") && !out.replace("\r\n", "").contains('\n'));
    }
}
