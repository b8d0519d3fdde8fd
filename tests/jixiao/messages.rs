//! Every message is written three times, and the English one in English: a scan of the
//! sources for `text!(…)`, `tr!(…)` and `Text::new(…)` whose third literal (the English
//! one) holds a Chinese character. Names a user gave (columns, keys) reach messages through
//! `{…}` placeholders, never as literal text.

use std::path::Path;

/// The string literals that follow `at`, up to `n` of them, separated by commas and spaces.
fn literals(src: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    while out.len() < n {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.next() != Some('"') {
            break;
        }
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                c => lit.push(c),
            }
        }
        out.push(lit);
    }
    out
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn scan(dir: &Path, found: &mut Vec<String>, scanned: &mut usize) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(&path, found, scanned);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        for opener in ["text!(", "tr!(", "Text::new("] {
            for (at, _) in src.match_indices(opener) {
                let lits = literals(&src[at + opener.len()..], 3);
                if lits.len() < 3 {
                    continue;
                }
                *scanned += 1;
                if lits[2].chars().any(is_chinese) {
                    let line = src[..at].lines().count();
                    found.push(format!("{}:{line}: {}", path.display(), lits[2]));
                }
            }
        }
    }
}

#[test]
fn english_messages_hold_no_chinese_words() {
    let (mut found, mut scanned) = (Vec::new(), 0);
    scan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
        &mut scanned,
    );
    assert!(
        scanned > 200,
        "only {scanned} messages found: is the scan still reading them?"
    );
    assert!(
        found.is_empty(),
        "English messages with Chinese words:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_a_chinese_word_in_an_english_message() {
    let src = r#""考核方案过大", "考核方案過大", "the 考核方案 is too large")"#;
    let lits = literals(src, 3);
    assert_eq!(lits.len(), 3);
    assert!(lits[2].chars().any(is_chinese));
    assert!(!literals(r#""a", "b", "the scheme \"x\" is too large")"#, 3)[2]
        .chars()
        .any(is_chinese));
}
