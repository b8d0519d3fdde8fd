//! The lexer: source text to tokens. Full-width digits and punctuation are read as ASCII
//! outside quotes and brackets; numbers may carry `万`/`亿`; text is quoted three ways; a
//! name is plain or `[bracketed]`.

use super::ast::Op;
use super::errors::{fail_at, syntax, At, Fail};
use crate::error::ErrorCode;
use crate::i18n::text;
use crate::numbers::checked_mul;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Num(Decimal),
    Str(String),
    Ident { name: String, bracketed: bool },
    LParen,
    RParen,
    Comma,
    Op(Op),
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) at: At,
    /// Byte offset just past the token.
    pub(super) end: usize,
}

/// Full-width digits and punctuation as ASCII; other characters unchanged.
fn norm(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(u32::from(c).wrapping_sub(0xFF10).wrapping_add(0x30)).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        '，' => ',',
        '＋' => '+',
        '－' | '−' => '-',
        '＊' => '*',
        '／' => '/',
        '％' => '%',
        '＝' => '=',
        '＜' => '<',
        '＞' => '>',
        '＆' => '&',
        '＾' => '^',
        '［' => '[',
        '］' => ']',
        '．' => '.',
        '＂' => '"',
        '＇' => '\'',
        '｜' => '|',
        '！' => '!',
        '　' => ' ',
        _ => c,
    }
}

/// A function name or keyword as compared: full-width letters folded to ASCII, upper case.
pub(super) fn fold_keyword(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ａ'..='ｚ' | 'Ａ'..='Ｚ' => char::from_u32(u32::from(c).wrapping_sub(0xFEE0)).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_uppercase()
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits the source into tokens.
pub(super) fn lex(src: &str) -> Result<Vec<Token>, Fail> {
    let lx = Lexer::new(src);
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(c) = lx.peek(i) {
        if c.is_whitespace() {
            i = i.saturating_add(1);
            continue;
        }
        let start = lx.at(i);
        let (tok, next) = lx.token(c, i)?;
        i = next;
        out.push(Token {
            tok,
            at: start,
            end: lx.at(i).byte,
        });
    }
    Ok(out)
}

/// The source as characters with their byte offsets; each reader takes the index of a
/// token's first character and returns the token and the index just past it.
struct Lexer<'s> {
    src: &'s str,
    chars: Vec<(usize, char)>,
}

impl<'s> Lexer<'s> {
    fn new(src: &'s str) -> Lexer<'s> {
        Lexer {
            src,
            chars: src.char_indices().collect(),
        }
    }

    /// The place of character `i` (the end of the source past the last one).
    fn at(&self, i: usize) -> At {
        At {
            ch: i,
            byte: self.chars.get(i).map_or(self.src.len(), |&(b, _)| b),
        }
    }

    /// Character `i` as written.
    fn raw(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Character `i` with full-width forms read as ASCII.
    fn peek(&self, i: usize) -> Option<char> {
        self.raw(i).map(norm)
    }

    /// The token starting with `c` at `i`.
    fn token(&self, c: char, i: usize) -> Result<(Tok, usize), Fail> {
        let next = i.saturating_add(1);
        if c.is_ascii_digit() || (c == '.' && self.peek(next).is_some_and(|d| d.is_ascii_digit())) {
            self.number(i)
        } else if matches!(c, '"' | '\'' | '“' | '‘') {
            self.quoted(c, i)
        } else if c == '[' {
            self.bracketed(i)
        } else if c.is_alphabetic() || c == '_' {
            Ok(self.name(i))
        } else {
            self.operator(c, i)
        }
    }

    /// Quoted text; a doubled closing quote stands for itself.
    fn quoted(&self, c: char, i: usize) -> Result<(Tok, usize), Fail> {
        let (src, start, next) = (self.src, self.at(i), i.saturating_add(1));
        let close = match self.raw(i) {
            Some('“') => '”',
            Some('‘') => '’',
            Some(q) => q,
            None => c,
        };
        let mut s = String::new();
        let mut j = next;
        loop {
            match self.raw(j) {
                None => {
                    return Err(syntax(
                        src,
                        start,
                        text!("引号没有闭合", "引號沒有閉合", "the quoted text is never closed"),
                    ))
                }
                Some(q) if q == close => {
                    if self.raw(j.saturating_add(1)) == Some(close) {
                        s.push(close);
                        j = j.saturating_add(2);
                    } else {
                        j = j.saturating_add(1);
                        break;
                    }
                }
                Some(other) => {
                    s.push(other);
                    j = j.saturating_add(1);
                }
            }
        }
        Ok((Tok::Str(s), j))
    }

    /// A `[bracketed name]`, trimmed; it must not be empty.
    fn bracketed(&self, i: usize) -> Result<(Tok, usize), Fail> {
        let (src, start, next) = (self.src, self.at(i), i.saturating_add(1));
        let mut j = next;
        loop {
            match self.raw(j) {
                None => {
                    return Err(syntax(
                        src,
                        start,
                        text!(
                            "方括号没有闭合",
                            "方括號沒有閉合",
                            "the [bracketed name] is never closed"
                        ),
                    ))
                }
                Some(']' | '］') => break,
                Some(_) => j = j.saturating_add(1),
            }
        }
        let name = src
            .get(self.at(next).byte..self.at(j).byte)
            .unwrap_or_default()
            .trim()
            .to_string();
        if name.is_empty() {
            return Err(syntax(
                src,
                start,
                text!("方括号里没有名字", "方括號裡沒有名稱", "empty [] name"),
            ));
        }
        Ok((Tok::Ident { name, bracketed: true }, j.saturating_add(1)))
    }

    /// A plain name: letters, digits, `_`, and `.` between them.
    fn name(&self, i: usize) -> (Tok, usize) {
        let (src, start, next) = (self.src, self.at(i), i.saturating_add(1));
        let mut j = next;
        loop {
            match self.raw(j) {
                Some(d) if is_name_char(d) => j = j.saturating_add(1),
                Some('.') if self.raw(j.saturating_add(1)).is_some_and(is_name_char) => j = j.saturating_add(1),
                _ => break,
            }
        }
        let name = src.get(start.byte..self.at(j).byte).unwrap_or_default().to_string();
        (Tok::Ident { name, bracketed: false }, j)
    }

    /// An operator, a bracket or a comma.
    fn operator(&self, c: char, i: usize) -> Result<(Tok, usize), Fail> {
        let (src, start) = (self.src, self.at(i));
        let two = self.peek(i.saturating_add(1));
        let (tok, len) = match (c, two) {
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            (',', _) => (Tok::Comma, 1),
            ('+', _) => (Tok::Op(Op::Add), 1),
            ('-', _) => (Tok::Op(Op::Sub), 1),
            ('*' | '×', _) => (Tok::Op(Op::Mul), 1),
            ('/' | '÷', _) => (Tok::Op(Op::Div), 1),
            ('^', _) => (Tok::Op(Op::Pow), 1),
            ('%', _) => (Tok::Op(Op::Percent), 1),
            ('&', Some('&')) => (Tok::Op(Op::And), 2),
            ('&', _) => (Tok::Op(Op::Concat), 1),
            ('|', Some('|')) => (Tok::Op(Op::Or), 2),
            ('=', Some('=')) => (Tok::Op(Op::Eq), 2),
            ('=', _) => (Tok::Op(Op::Eq), 1),
            ('!', Some('=')) => (Tok::Op(Op::Ne), 2),
            ('<', Some('>')) => (Tok::Op(Op::Ne), 2),
            ('<', Some('=')) => (Tok::Op(Op::Le), 2),
            ('<', _) => (Tok::Op(Op::Lt), 1),
            ('>', Some('=')) => (Tok::Op(Op::Ge), 2),
            ('>', _) => (Tok::Op(Op::Gt), 1),
            ('≠', _) => (Tok::Op(Op::Ne), 1),
            ('≤', _) => (Tok::Op(Op::Le), 1),
            ('≥', _) => (Tok::Op(Op::Ge), 1),
            _ => {
                return Err(syntax(
                    src,
                    start,
                    text!("不认识的字符“{c}”", "不認識的字元「{c}」", "unexpected character '{c}'"),
                ))
            }
        };
        Ok((tok, i.saturating_add(len)))
    }

    /// Reads digits, an optional fraction and an optional `万`/`亿` suffix starting at `i`.
    fn number(&self, i: usize) -> Result<(Tok, usize), Fail> {
        let src = self.src;
        let start = self.at(i);
        let mut digits = String::new();
        let mut j = i;
        let mut seen_point = false;
        loop {
            match self.peek(j) {
                Some(d) if d.is_ascii_digit() => digits.push(d),
                Some('.') if !seen_point && self.peek(j.saturating_add(1)).is_some_and(|d| d.is_ascii_digit()) => {
                    seen_point = true;
                    digits.push('.');
                }
                _ => break,
            }
            j = j.saturating_add(1);
        }
        let too_big = || {
            fail_at(
                ErrorCode::Overflow,
                src,
                start,
                text!("数字超出范围", "數字超出範圍", "the number is out of range"),
            )
        };
        let mut value = Decimal::from_str_exact(&digits)
            .or_else(|_| digits.parse::<Decimal>())
            .map_err(|_| too_big())?;
        let factor = match self.peek(j) {
            Some('万' | '萬') => Some(Decimal::from(10_000)),
            Some('亿' | '億') => Some(Decimal::from(100_000_000)),
            _ => None,
        };
        if let Some(f) = factor {
            value = checked_mul(value, f).map_err(|_| too_big())?.normalize();
            j = j.saturating_add(1);
        }
        Ok((Tok::Num(value), j))
    }
}
