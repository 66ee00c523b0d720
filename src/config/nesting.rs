//! How deep a YAML text nests flow collections (`[ … ]`, `{ … }`), measured
//! before it is parsed. libyaml's scanner checks every open bracket on
//! every token, so unclosed brackets cost the square of their number (200,000
//! `[` took 51 s) before serde_yaml's own depth limit (128) refuses them.
//! The scan uses libyaml's own scanner, the one serde_yaml parses with, so
//! it counts exactly the brackets the parse would: none in a comment, a
//! quoted value or a block scalar. It stops at the limit, so the scan
//! itself stays cheap.

use unsafe_libyaml::{
    YAML_FLOW_MAPPING_END_TOKEN, YAML_FLOW_MAPPING_START_TOKEN, YAML_FLOW_SEQUENCE_END_TOKEN,
    YAML_FLOW_SEQUENCE_START_TOKEN, YAML_NO_TOKEN, YAML_STREAM_END_TOKEN, yaml_parser_delete,
    yaml_parser_initialize, yaml_parser_scan, yaml_parser_set_input_string, yaml_parser_t, yaml_token_delete,
    yaml_token_t,
};

/// serde_yaml's own limit on nesting of any kind: a text nested deeper in
/// brackets alone could not be read anyway.
pub(super) const MAX_FLOW_DEPTH: usize = 128;

/// Whether `text` opens more than `limit` flow collections inside one
/// another. A text the scanner rejects before that is left to the parse,
/// which stops at the same place with its own message.
pub(super) fn deeper_than(text: &str, limit: usize) -> bool {
    let mut boxed = Box::new(std::mem::MaybeUninit::<yaml_parser_t>::uninit());
    let parser = boxed.as_mut_ptr();
    // SAFETY: the parser lives in a Box that does not move while it is in
    // use (libyaml keeps a pointer to it), it is initialised before any
    // other call and deleted once; the input outlives it; every token the
    // scanner hands out is deleted before the next.
    unsafe {
        if yaml_parser_initialize(parser).fail {
            return false;
        }
        yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut depth = 0usize;
        let deeper = loop {
            let mut token = std::mem::MaybeUninit::<yaml_token_t>::uninit();
            if yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                break false;
            }
            let kind = (*token.as_ptr()).type_;
            yaml_token_delete(token.as_mut_ptr());
            match kind {
                YAML_FLOW_SEQUENCE_START_TOKEN | YAML_FLOW_MAPPING_START_TOKEN => {
                    depth += 1;
                    if depth > limit {
                        break true;
                    }
                }
                YAML_FLOW_SEQUENCE_END_TOKEN | YAML_FLOW_MAPPING_END_TOKEN => {
                    depth = depth.saturating_sub(1);
                }
                YAML_STREAM_END_TOKEN | YAML_NO_TOKEN => break false,
                _ => {}
            }
        };
        yaml_parser_delete(parser);
        deeper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_brackets_the_parser_sees() {
        assert!(!deeper_than("a: [[b]]\n", 2));
        assert!(deeper_than("a: [[[b]]]\n", 2));
        assert!(deeper_than("a: {b: [{c: 1}]}\n", 2));
        // Closed ones do not add up.
        assert!(!deeper_than("a: [[b], [c], {d: [e]}]\n", 3));
        // Not in comments, quoted values or block scalars.
        let hidden = "# [[[[\na: \"[[[[\"\nb: '{{{{'\nc: |\n  [[[[\nd: x [[[[\n";
        assert!(!deeper_than(hidden, 0));
        // Nor fooled by closing brackets inside a quoted value.
        assert!(deeper_than(&format!("a: {}", "[\"]\", ".repeat(10)), 5));
    }

    #[test]
    fn an_endless_unclosed_text_is_judged_at_once() {
        // The scan stops at the limit: how long it takes is measured in
        // docs/security.md, not asserted here.
        let text = format!("a: {}", "[".repeat(200_000));
        assert!(deeper_than(&text, MAX_FLOW_DEPTH));
    }
}
