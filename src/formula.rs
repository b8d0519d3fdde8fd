//! Formulas (SPEC §8): Excel-like expressions as no-code users write them, parsed into a
//! small AST and evaluated over exact decimals. Pure core: no wasm-bindgen here.
//!
//! ```
//! use jixiao::{parse_formula, FormulaValue};
//! use rust_decimal::Decimal;
//! let f = parse_formula("IF([合同 金额] >= 100万, 合同金额提成 * 110%, 合同金额提成)").unwrap();
//! assert_eq!(f.names(), vec!["合同 金额", "合同金额提成"]);
//! let v = f
//!     .eval(&mut |name| {
//!         Ok(match name {
//!             "合同 金额" => FormulaValue::Text("1.2万".into()),
//!             _ => FormulaValue::Number(Decimal::from(500)),
//!         })
//!     })
//!     .unwrap();
//! assert_eq!(v, FormulaValue::Number(Decimal::from(500)));
//! ```
//!
//! # Language
//!
//! - Numbers `12`, `0.5`, `.5`, with `万`/`萬` (×10⁴) or `亿`/`億` (×10⁸) written right after
//!   the digits; `%` is a postfix operator (÷100) on any value. No exponent notation.
//! - Text in `"double"`, `'single'` or `“curly”` quotes; a doubled closing quote stands
//!   for itself (`"say ""hi"""`).
//! - `TRUE` / `FALSE` (any case).
//! - Names: a letter (CJK included) or `_`, then letters, digits, `_`, and `.` between
//!   them (`负责人.name`); or anything but `]` in `[brackets]` (trimmed). A bracketed name
//!   is always a name, never a keyword (`[AND]`).
//! - A leading `=` (as pasted from a spreadsheet) is ignored.
//! - Full-width `（）`, `，`, `＋－＊／`, `％＝＜＞＆＾［］` and digits are read as their ASCII
//!   forms outside quotes and brackets.
//!
//! Operators, lowest to highest precedence: `OR` `||`; `AND` `&&`; prefix `NOT`;
//! comparisons `= == <> != ≠ < > <= >= ≤ ≥` (they do not chain: `a < b < c` is a syntax
//! error); `&`; `+ -`; `* / × ÷`; `^` (left-associative, `2^3^2` = 64); postfix `%`;
//! prefix `-` `+` (tightest, `-2^2` = 4). The rest of the semantics are in DESIGN.md
//! ("Formulas").

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{
    checked_add, checked_div, checked_mul, checked_sub, format_plain, parse_number_text, round, NumberError,
    RoundingMode,
};
use crate::text;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Errors travel boxed inside the parser and evaluator: small results keep the recursive
/// frames small.
type Fail = Box<JixiaoError>;

/// The longest formula source read, in bytes (64 KiB); a longer one is `TOO_LARGE` and
/// never parsed.
pub const FORMULA_MAX_BYTES: usize = 64 * 1024;

/// The deepest nesting of brackets, function calls, prefix operators and operators of
/// different precedence (`TOO_LARGE` beyond). Evaluation recursion is bounded by it too.
pub const FORMULA_MAX_DEPTH: usize = 128;

/// The most AST nodes (values, names, operator applications, calls) a formula may have.
pub const FORMULA_MAX_NODES: usize = 10_000;

/// The most work one [`Formula::eval`] may do: one step per node evaluated plus one per
/// character of text built by `&` or `CONCAT`.
pub const FORMULA_MAX_STEPS: usize = 100_000;

/// The largest exponent magnitude `^` and `POWER` accept.
pub const FORMULA_MAX_EXPONENT: i64 = 1_000;

/// How many characters of the formula an error message quotes.
const EXCERPT_CHARS: usize = 12;

// ---------------------------------------------------------------- values

/// A formula value: a decimal number, text, a truth value, or blank (an empty cell).
///
/// ```
/// use jixiao::FormulaValue;
/// assert_eq!(FormulaValue::from("a"), FormulaValue::Text("a".into()));
/// assert_eq!(FormulaValue::from(true), FormulaValue::Bool(true));
/// assert_eq!(FormulaValue::from(rust_decimal::Decimal::ONE), FormulaValue::Number(rust_decimal::Decimal::ONE));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum FormulaValue {
    /// An exact decimal.
    Number(Decimal),
    /// Text.
    Text(String),
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// Nothing (an empty cell): 0 in arithmetic, `""` in text.
    Blank,
}

impl From<Decimal> for FormulaValue {
    fn from(d: Decimal) -> FormulaValue {
        FormulaValue::Number(d)
    }
}

impl From<&str> for FormulaValue {
    fn from(s: &str) -> FormulaValue {
        FormulaValue::Text(s.to_string())
    }
}

impl From<String> for FormulaValue {
    fn from(s: String) -> FormulaValue {
        FormulaValue::Text(s)
    }
}

impl From<bool> for FormulaValue {
    fn from(b: bool) -> FormulaValue {
        FormulaValue::Bool(b)
    }
}

// ---------------------------------------------------------------- tokens

/// A place in the source: character offset (reported) and byte offset (for excerpts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct At {
    ch: usize,
    byte: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Percent,
    Concat,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    And,
    Or,
}

/// Precedence levels, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Lowest,
    Or,
    And,
    Not,
    Compare,
    Concat,
    Add,
    Mul,
    Pow,
    Percent,
}

impl Op {
    fn level(self) -> Level {
        match self {
            Op::Or => Level::Or,
            Op::And => Level::And,
            Op::Eq | Op::Ne | Op::Lt | Op::Gt | Op::Le | Op::Ge => Level::Compare,
            Op::Concat => Level::Concat,
            Op::Add | Op::Sub => Level::Add,
            Op::Mul | Op::Div => Level::Mul,
            Op::Pow => Level::Pow,
            Op::Percent => Level::Percent,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(Decimal),
    Str(String),
    Ident { name: String, bracketed: bool },
    LParen,
    RParen,
    Comma,
    Op(Op),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    at: At,
    /// Byte offset just past the token.
    end: usize,
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
fn fold_keyword(name: &str) -> String {
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

/// Quotes up to [`EXCERPT_CHARS`] characters of `src` from byte `byte`; `None` at the end.
fn excerpt(src: &str, byte: usize) -> Option<String> {
    let rest = src.get(byte..)?;
    let mut out: String = rest.chars().take(EXCERPT_CHARS).collect();
    if out.is_empty() {
        return None;
    }
    if rest.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    Some(out)
}

/// An error at a place in the formula: the message says where and quotes the source there.
fn fail_at(code: ErrorCode, src: &str, at: At, detail: Text) -> Fail {
    let n = at.ch.saturating_add(1);
    let messages = match excerpt(src, at.byte) {
        Some(ex) => Text::new(
            format!("公式第 {n} 个字符（“{ex}”）：{}", detail.zh_cn),
            format!("公式第 {n} 個字元（「{ex}」）：{}", detail.zh_tw),
            format!("formula, character {n} (\"{ex}\"): {}", detail.en),
        ),
        None => Text::new(
            format!("公式第 {n} 个字符（公式末尾）：{}", detail.zh_cn),
            format!("公式第 {n} 個字元（公式末尾）：{}", detail.zh_tw),
            format!("formula, character {n} (end of formula): {}", detail.en),
        ),
    };
    Box::new(JixiaoError::new(code, "", messages).at_position(at.ch))
}

fn syntax(src: &str, at: At, detail: Text) -> Fail {
    fail_at(ErrorCode::FormulaSyntax, src, at, detail)
}

fn too_deep(src: &str, at: At) -> Fail {
    fail_at(
        ErrorCode::TooLarge,
        src,
        at,
        text!(
            "公式嵌套超过 {} 层",
            "公式巢狀超過 {} 層",
            "the formula nests deeper than {} levels",
            FORMULA_MAX_DEPTH
        ),
    )
}

/// Splits the source into tokens.
fn lex(src: &str) -> Result<Vec<Token>, Fail> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let at = |i: usize| At {
        ch: i,
        byte: chars.get(i).map_or(src.len(), |&(b, _)| b),
    };
    let raw = |i: usize| chars.get(i).map(|&(_, c)| c);
    let peek = |i: usize| raw(i).map(norm);
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(c) = peek(i) {
        let start = at(i);
        let next = i.saturating_add(1);
        let (tok, end) = if c.is_whitespace() {
            i = next;
            continue;
        } else if c.is_ascii_digit() || (c == '.' && peek(next).is_some_and(|d| d.is_ascii_digit())) {
            lex_number(src, &mut i, &peek, &at)?
        } else if matches!(c, '"' | '\'' | '“' | '‘') {
            let close = match raw(i) {
                Some('“') => '”',
                Some('‘') => '’',
                Some(q) => q,
                None => c,
            };
            let mut s = String::new();
            let mut j = next;
            loop {
                match raw(j) {
                    None => {
                        return Err(syntax(
                            src,
                            start,
                            text!("引号没有闭合", "引號沒有閉合", "the quoted text is never closed"),
                        ))
                    }
                    Some(q) if q == close => {
                        if raw(j.saturating_add(1)) == Some(close) {
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
            i = j;
            (Tok::Str(s), at(j).byte)
        } else if c == '[' {
            let mut j = next;
            loop {
                match raw(j) {
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
                .get(at(next).byte..at(j).byte)
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
            i = j.saturating_add(1);
            (Tok::Ident { name, bracketed: true }, at(i).byte)
        } else if c.is_alphabetic() || c == '_' {
            let mut j = next;
            loop {
                match raw(j) {
                    Some(d) if is_name_char(d) => j = j.saturating_add(1),
                    Some('.') if raw(j.saturating_add(1)).is_some_and(is_name_char) => j = j.saturating_add(1),
                    _ => break,
                }
            }
            let name = src.get(start.byte..at(j).byte).unwrap_or_default().to_string();
            i = j;
            (Tok::Ident { name, bracketed: false }, at(j).byte)
        } else {
            let two = peek(next);
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
            i = i.saturating_add(len);
            (tok, at(i).byte)
        };
        out.push(Token { tok, at: start, end });
    }
    Ok(out)
}

/// Reads digits, an optional fraction and an optional `万`/`亿` suffix starting at `*i`.
fn lex_number(
    src: &str,
    i: &mut usize,
    peek: &dyn Fn(usize) -> Option<char>,
    at: &dyn Fn(usize) -> At,
) -> Result<(Tok, usize), Fail> {
    let start = at(*i);
    let mut digits = String::new();
    let mut j = *i;
    let mut seen_point = false;
    loop {
        match peek(j) {
            Some(d) if d.is_ascii_digit() => digits.push(d),
            Some('.') if !seen_point && peek(j.saturating_add(1)).is_some_and(|d| d.is_ascii_digit()) => {
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
    let factor = match peek(j) {
        Some('万' | '萬') => Some(Decimal::from(10_000)),
        Some('亿' | '億') => Some(Decimal::from(100_000_000)),
        _ => None,
    };
    if let Some(f) = factor {
        value = checked_mul(value, f).map_err(|_| too_big())?.normalize();
        j = j.saturating_add(1);
    }
    *i = j;
    Ok((Tok::Num(value), at(j).byte))
}

// ---------------------------------------------------------------- AST

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    If,
    Ifs,
    And,
    Or,
    Not,
    Min,
    Max,
    Sum,
    Avg,
    Count,
    Round,
    RoundUp,
    RoundDown,
    Abs,
    IfError,
    Mod,
    Int,
    Power,
    IsBlank,
    Len,
    Concat,
    Switch,
}

/// Function names (upper case), the function, and the least and most argument counts.
const FUNCTIONS: [(&str, Func, usize, Option<usize>); 24] = [
    ("IF", Func::If, 2, Some(3)),
    ("IFS", Func::Ifs, 2, None),
    ("AND", Func::And, 1, None),
    ("OR", Func::Or, 1, None),
    ("NOT", Func::Not, 1, Some(1)),
    ("MIN", Func::Min, 1, None),
    ("MAX", Func::Max, 1, None),
    ("SUM", Func::Sum, 1, None),
    ("AVG", Func::Avg, 1, None),
    ("AVERAGE", Func::Avg, 1, None),
    ("COUNT", Func::Count, 1, None),
    ("ROUND", Func::Round, 1, Some(2)),
    ("ROUNDUP", Func::RoundUp, 1, Some(2)),
    ("ROUNDDOWN", Func::RoundDown, 1, Some(2)),
    ("ABS", Func::Abs, 1, Some(1)),
    ("IFERROR", Func::IfError, 2, Some(2)),
    ("MOD", Func::Mod, 2, Some(2)),
    ("INT", Func::Int, 1, Some(1)),
    ("POWER", Func::Power, 2, Some(2)),
    ("ISBLANK", Func::IsBlank, 1, Some(1)),
    ("LEN", Func::Len, 1, Some(1)),
    ("CONCAT", Func::Concat, 1, None),
    ("CONCATENATE", Func::Concat, 1, None),
    ("SWITCH", Func::Switch, 3, None),
];

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    /// Where to point an error: the literal, name, operator or function name.
    at: At,
    /// 1 for a leaf; 1 + the tallest child otherwise.
    height: usize,
}

#[derive(Clone, Debug)]
enum Kind {
    Num(Decimal),
    Text(String),
    Bool(bool),
    Name(String),
    Neg(Box<Node>),
    Pos(Box<Node>),
    Percent(Box<Node>),
    Not(Box<Node>),
    /// `first op x op y …` for one left-associative level (`+ -`, `* /`, `^`, `&`, `AND`, `OR`).
    Chain(Level, Box<Node>, Vec<(Op, At, Node)>),
    Compare(Op, Box<Node>, Box<Node>),
    Call(Func, &'static str, Vec<Node>),
}

impl Kind {
    fn child_height(&self) -> usize {
        match self {
            Kind::Num(_) | Kind::Text(_) | Kind::Bool(_) | Kind::Name(_) => 0,
            Kind::Neg(n) | Kind::Pos(n) | Kind::Percent(n) | Kind::Not(n) => n.height,
            Kind::Chain(_, first, rest) => rest.iter().map(|(_, _, n)| n.height).fold(first.height, usize::max),
            Kind::Compare(_, a, b) => a.height.max(b.height),
            Kind::Call(_, _, args) => args.iter().map(|n| n.height).max().unwrap_or(0),
        }
    }
}

/// A parsed formula: its source, its syntax tree and the names it references.
///
/// ```
/// let f = jixiao::parse_formula("1 + 2 * 3").unwrap();
/// assert_eq!(f.source(), "1 + 2 * 3");
/// assert_eq!(f.eval(&mut |_| Ok(jixiao::FormulaValue::Blank)).unwrap(), jixiao::FormulaValue::Number(7.into()));
/// ```
#[derive(Clone, Debug)]
pub struct Formula {
    source: String,
    root: Node,
    names: Vec<String>,
}

struct Parser<'s> {
    src: &'s str,
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    nodes: usize,
    names: Vec<String>,
    seen: HashSet<String>,
}

/// Parses a formula. Errors: `TOO_LARGE` (longer than [`FORMULA_MAX_BYTES`], deeper than
/// [`FORMULA_MAX_DEPTH`], more than [`FORMULA_MAX_NODES`] nodes), `FORMULA_SYNTAX`
/// (with `position`), `OVERFLOW` (a number literal beyond the decimal range).
///
/// ```
/// use jixiao::{parse_formula, ErrorCode};
/// assert!(parse_formula("=SUM(a, b) / 2").is_ok());
/// let e = parse_formula("IF(a > 1, 2").unwrap_err();
/// assert_eq!((e.code, e.position), (ErrorCode::FormulaSyntax, Some(2)));
/// assert_eq!(parse_formula("FOO(1)").unwrap_err().code, ErrorCode::FormulaSyntax);
/// ```
pub fn parse_formula(text: &str) -> Result<Formula, JixiaoError> {
    parse(text).map_err(|e| *e)
}

fn parse(text: &str) -> Result<Formula, Fail> {
    if text.len() > FORMULA_MAX_BYTES {
        let len = text.len();
        return Err(Box::new(JixiaoError::new(
            ErrorCode::TooLarge,
            "",
            text!(
                "公式长 {len} 字节，超过上限 {} 字节",
                "公式長 {len} 位元組，超過上限 {} 位元組",
                "the formula is {len} bytes long, over the limit of {} bytes",
                FORMULA_MAX_BYTES
            ),
        )));
    }
    let mut toks = lex(text)?;
    if toks.first().is_some_and(|t| t.tok == Tok::Op(Op::Eq)) {
        toks.remove(0);
    }
    let mut p = Parser {
        src: text,
        toks,
        i: 0,
        depth: 0,
        nodes: 0,
        names: Vec::new(),
        seen: HashSet::new(),
    };
    if p.toks.is_empty() {
        return Err(syntax(
            text,
            At { ch: 0, byte: 0 },
            text!("公式是空的", "公式是空的", "the formula is empty"),
        ));
    }
    let root = p.expr(Level::Lowest)?;
    if let Some(t) = p.toks.get(p.i) {
        return Err(if t.tok == Tok::RParen {
            syntax(
                text,
                t.at,
                text!(
                    "多了一个“)”，没有对应的“(”",
                    "多了一個「)」，沒有對應的「(」",
                    "')' without a matching '('"
                ),
            )
        } else {
            p.unexpected(t)
        });
    }
    Ok(Formula {
        source: text.to_string(),
        root,
        names: p.names,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn advance(&mut self) -> Option<Token> {
        let t = self.toks.get(self.i).cloned();
        if t.is_some() {
            self.i = self.i.saturating_add(1);
        }
        t
    }

    fn end(&self) -> At {
        At {
            ch: self.src.chars().count(),
            byte: self.src.len(),
        }
    }

    fn unexpected(&self, t: &Token) -> Fail {
        let s: String = self
            .src
            .get(t.at.byte..t.end)
            .unwrap_or_default()
            .chars()
            .take(EXCERPT_CHARS)
            .collect();
        syntax(
            self.src,
            t.at,
            text!("此处不应出现“{s}”", "此處不應出現「{s}」", "unexpected \"{s}\" here"),
        )
    }

    fn enter(&mut self, at: At) -> Result<(), Fail> {
        if self.depth >= FORMULA_MAX_DEPTH {
            return Err(too_deep(self.src, at));
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn count_node(&mut self, at: At) -> Result<(), Fail> {
        self.nodes = self.nodes.saturating_add(1);
        if self.nodes > FORMULA_MAX_NODES {
            return Err(fail_at(
                ErrorCode::TooLarge,
                self.src,
                at,
                text!(
                    "公式超过 {} 个节点",
                    "公式超過 {} 個節點",
                    "the formula has more than {} parts",
                    FORMULA_MAX_NODES
                ),
            ));
        }
        Ok(())
    }

    fn check_height(&self, height: usize, at: At) -> Result<(), Fail> {
        if height > FORMULA_MAX_DEPTH {
            return Err(too_deep(self.src, at));
        }
        Ok(())
    }

    fn make(&mut self, kind: Kind, at: At) -> Result<Node, Fail> {
        self.count_node(at)?;
        let height = kind.child_height().saturating_add(1);
        self.check_height(height, at)?;
        Ok(Node { kind, at, height })
    }

    /// The operator at the cursor, if the token there can continue an expression.
    fn infix(&self) -> Option<(Op, At)> {
        let t = self.peek()?;
        match &t.tok {
            Tok::Op(op) => Some((*op, t.at)),
            Tok::Ident { name, bracketed: false } if name.chars().nth(3).is_none() => match fold_keyword(name).as_str()
            {
                "AND" => Some((Op::And, t.at)),
                "OR" => Some((Op::Or, t.at)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Precedence climbing: an expression whose operators all bind tighter than `min`.
    fn expr(&mut self, min: Level) -> Result<Node, Fail> {
        let here = self.peek().map_or_else(|| self.end(), |t| t.at);
        self.enter(here)?;
        let r = self.expr_inner(min);
        self.leave();
        r
    }

    fn expr_inner(&mut self, min: Level) -> Result<Node, Fail> {
        let mut lhs = self.prefix()?;
        let mut compared = false;
        while let Some((op, at)) = self.infix() {
            let level = op.level();
            if level <= min {
                break;
            }
            self.advance();
            if op == Op::Percent {
                lhs = self.make(Kind::Percent(Box::new(lhs)), at)?;
                continue;
            }
            if level == Level::Compare {
                if compared {
                    return Err(self.chained_comparison(at));
                }
                compared = true;
                let rhs = self.expr(level)?;
                lhs = self.make(Kind::Compare(op, Box::new(lhs), Box::new(rhs)), at)?;
                continue;
            }
            let rhs = self.expr(level)?;
            lhs = self.chain(lhs, level, op, at, rhs)?;
        }
        Ok(lhs)
    }

    /// Appends `op rhs` to `lhs`'s chain when it is of the same level, else starts one.
    fn chain(&mut self, mut lhs: Node, level: Level, op: Op, at: At, rhs: Node) -> Result<Node, Fail> {
        if let Kind::Chain(l, _, rest) = &mut lhs.kind {
            if *l == level {
                self.count_node(at)?;
                let height = lhs.height.max(rhs.height.saturating_add(1));
                self.check_height(height, at)?;
                rest.push((op, at, rhs));
                lhs.height = height;
                return Ok(lhs);
            }
        }
        self.count_node(at)?;
        let kind = Kind::Chain(level, Box::new(lhs), vec![(op, at, rhs)]);
        self.make(kind, at)
    }

    /// A value: a literal, a name, a call, a bracketed expression, or a prefix operator
    /// applied to one.
    fn prefix(&mut self) -> Result<Node, Fail> {
        let Some(t) = self.advance() else {
            return Err(self.missing_value());
        };
        match t.tok {
            Tok::Num(n) => self.make(Kind::Num(n), t.at),
            Tok::Str(ref s) => self.make(Kind::Text(s.clone()), t.at),
            Tok::LParen => {
                let inner = self.expr(Level::Lowest)?;
                match self.advance() {
                    Some(Token { tok: Tok::RParen, .. }) => Ok(inner),
                    None => Err(self.unclosed(t.at)),
                    Some(other) => Err(self.unexpected(&other)),
                }
            }
            Tok::Op(op @ (Op::Sub | Op::Add)) => {
                self.enter(t.at)?;
                let operand = self.prefix();
                self.leave();
                let operand = Box::new(operand?);
                let kind = if op == Op::Sub {
                    Kind::Neg(operand)
                } else {
                    Kind::Pos(operand)
                };
                self.make(kind, t.at)
            }
            Tok::Ident { ref name, bracketed } => self.ident(name, bracketed, &t),
            Tok::RParen | Tok::Comma | Tok::Op(_) => Err(self.unexpected(&t)),
        }
    }

    fn chained_comparison(&self, at: At) -> Fail {
        syntax(
            self.src,
            at,
            text!(
                "比较不能连写，请用 AND 连接（如 a < b AND b < c）",
                "比較不能連寫，請用 AND 連接（如 a < b AND b < c）",
                "comparisons do not chain; join them with AND (a < b AND b < c)"
            ),
        )
    }

    fn missing_value(&self) -> Fail {
        syntax(
            self.src,
            self.end(),
            text!(
                "公式在这里缺少一个值",
                "公式在這裡缺少一個值",
                "a value is missing at the end"
            ),
        )
    }

    /// A name, a keyword (`TRUE`, `FALSE`, prefix `NOT`) or a function call.
    fn ident(&mut self, name: &str, bracketed: bool, t: &Token) -> Result<Node, Fail> {
        if bracketed {
            return self.name(name, t.at);
        }
        if self.peek().is_some_and(|n| n.tok == Tok::LParen) {
            return self.call(name, t.at);
        }
        match fold_keyword(name).as_str() {
            "TRUE" => self.make(Kind::Bool(true), t.at),
            "FALSE" => self.make(Kind::Bool(false), t.at),
            "NOT" => {
                let operand = self.expr(Level::Not)?;
                self.make(Kind::Not(Box::new(operand)), t.at)
            }
            "AND" | "OR" => Err(self.unexpected(t)),
            _ => self.name(name, t.at),
        }
    }

    fn unclosed(&self, at: At) -> Fail {
        syntax(
            self.src,
            at,
            text!("“(”没有对应的“)”", "「(」沒有對應的「)」", "'(' is never closed"),
        )
    }

    fn name(&mut self, name: &str, at: At) -> Result<Node, Fail> {
        if self.seen.insert(name.to_string()) {
            self.names.push(name.to_string());
        }
        self.make(Kind::Name(name.to_string()), at)
    }

    fn arity_error(&self, func: Func, canonical: &str, min: usize, max: Option<usize>, n: usize, at: At) -> Fail {
        let want = match (func, max) {
            (Func::Ifs, _) => Text::new("成对的条件和值", "成對的條件和值", "pairs of condition and value"),
            (_, Some(m)) if m == min => text!("{m} 个参数", "{m} 個參數", "{m} argument(s)"),
            (_, Some(m)) => text!("{min} 到 {m} 个参数", "{min} 到 {m} 個參數", "{min} to {m} arguments"),
            (_, None) => text!("至少 {min} 个参数", "至少 {min} 個參數", "at least {min} argument(s)"),
        };
        syntax(
            self.src,
            at,
            Text::new(
                format!("{canonical} 需要{}，这里给了 {n} 个", want.zh_cn),
                format!("{canonical} 需要{}，這裡給了 {n} 個", want.zh_tw),
                format!("{canonical} takes {}, got {n}", want.en),
            ),
        )
    }

    fn unknown_function(&self, name: &str, at: At) -> Fail {
        syntax(
            self.src,
            at,
            text!(
                "没有函数“{name}”",
                "沒有函數「{name}」",
                "there is no function \"{name}\""
            ),
        )
    }

    fn call(&mut self, name: &str, at: At) -> Result<Node, Fail> {
        let upper = fold_keyword(name);
        let Some(&(canonical, func, min, max)) = FUNCTIONS.iter().find(|(n, ..)| *n == upper) else {
            return Err(self.unknown_function(name, at));
        };
        let open = self.advance().map_or(at, |t| t.at);
        let mut args = Vec::new();
        if self.peek().is_some_and(|t| t.tok == Tok::RParen) {
            self.advance();
        } else {
            loop {
                args.push(self.expr(Level::Lowest)?);
                match self.advance() {
                    Some(Token { tok: Tok::Comma, .. }) => {}
                    Some(Token { tok: Tok::RParen, .. }) => break,
                    None => return Err(self.unclosed(open)),
                    Some(other) => return Err(self.unexpected(&other)),
                }
            }
        }
        let n = args.len();
        let count_ok = n >= min && max.is_none_or(|m| n <= m) && (func != Func::Ifs || n & 1 == 0);
        if !count_ok {
            return Err(self.arity_error(func, canonical, min, max, n, at));
        }
        self.make(Kind::Call(func, canonical, args), at)
    }
}

// ---------------------------------------------------------------- evaluation

impl Formula {
    /// The names referenced (field or indicator names, brackets removed), in order of first
    /// use, each once. Names in branches that evaluation may skip are included.
    ///
    /// ```
    /// let f = jixiao::parse_formula("IF(a > [b c], a, 负责人.name)").unwrap();
    /// assert_eq!(f.names(), vec!["a", "b c", "负责人.name"]);
    /// ```
    pub fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The formula text as given.
    ///
    /// ```
    /// assert_eq!(jixiao::parse_formula(" 1+1 ").unwrap().source(), " 1+1 ");
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the formula. `resolve` maps a referenced name to its value (the caller
    /// decides what a name means); a resolver error propagates unchanged unless caught by
    /// `IFERROR`. Errors: `FORMULA_TYPE`, `ZERO_DIVISOR`, `OVERFLOW` (each with `position`),
    /// `TOO_LARGE` past [`FORMULA_MAX_STEPS`].
    ///
    /// ```
    /// use jixiao::{parse_formula, ErrorCode, FormulaValue};
    /// let f = parse_formula("IFERROR(销售额 / 目标, 0)").unwrap();
    /// let v = f.eval(&mut |n| Ok(FormulaValue::Number(if n == "目标" { 0.into() } else { 5.into() })));
    /// assert_eq!(v.unwrap(), FormulaValue::Number(0.into()));
    /// let e = parse_formula("1 / 目标").unwrap().eval(&mut |_| Ok(FormulaValue::Blank)).unwrap_err();
    /// assert_eq!((e.code, e.position), (ErrorCode::ZeroDivisor, Some(2)));
    /// ```
    pub fn eval(
        &self,
        resolve: &mut dyn FnMut(&str) -> Result<FormulaValue, JixiaoError>,
    ) -> Result<FormulaValue, JixiaoError> {
        let mut ev = Evaluator {
            src: &self.source,
            resolve,
            steps: 0,
        };
        ev.eval(&self.root).map_err(|e| *e)
    }
}

struct Evaluator<'a> {
    src: &'a str,
    resolve: &'a mut dyn FnMut(&str) -> Result<FormulaValue, JixiaoError>,
    steps: usize,
}

/// Text that is empty after trimming counts as blank.
fn blank_text(v: &FormulaValue) -> bool {
    match v {
        FormulaValue::Blank => true,
        FormulaValue::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// The text form of a value: numbers without trailing zeros, `TRUE`/`FALSE`, blank as `""`.
fn to_text(v: FormulaValue) -> String {
    match v {
        FormulaValue::Number(n) => format_plain(n),
        FormulaValue::Text(t) => t,
        FormulaValue::Bool(true) => "TRUE".to_string(),
        FormulaValue::Bool(false) => "FALSE".to_string(),
        FormulaValue::Blank => String::new(),
    }
}

fn describe(v: &FormulaValue) -> String {
    match v {
        FormulaValue::Number(n) => format_plain(*n),
        FormulaValue::Text(t) => {
            let short: String = t.chars().take(EXCERPT_CHARS).collect();
            if t.chars().nth(EXCERPT_CHARS).is_some() {
                format!("\"{short}…\"")
            } else {
                format!("\"{short}\"")
            }
        }
        FormulaValue::Bool(true) => "TRUE".to_string(),
        FormulaValue::Bool(false) => "FALSE".to_string(),
        FormulaValue::Blank => "blank".to_string(),
    }
}

/// Compares two values (see DESIGN.md "Formulas"); `None` when they cannot be compared.
fn compare(a: &FormulaValue, b: &FormulaValue) -> Option<Ordering> {
    use FormulaValue::{Blank, Bool, Number, Text};
    let a = if blank_text(a) { &Blank } else { a };
    let b = if blank_text(b) { &Blank } else { b };
    match (a, b) {
        (Blank, Blank) => Some(Ordering::Equal),
        (Number(x), Number(y)) => Some(x.cmp(y)),
        (Blank, Number(y)) => Some(Decimal::ZERO.cmp(y)),
        (Number(x), Blank) => Some(x.cmp(&Decimal::ZERO)),
        (Text(x), Text(y)) => Some(x.trim().cmp(y.trim())),
        (Blank, Text(_)) => Some(Ordering::Less),
        (Text(_), Blank) => Some(Ordering::Greater),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Blank, Bool(y)) => Some(false.cmp(y)),
        (Bool(x), Blank) => Some(x.cmp(&false)),
        (Number(x), Text(t)) => match parse_number_text(t) {
            Ok(Some(y)) => Some(x.cmp(&y)),
            _ => None,
        },
        (Text(t), Number(y)) => match parse_number_text(t) {
            Ok(Some(x)) => Some(x.cmp(y)),
            _ => None,
        },
        _ => None,
    }
}

/// `10^k` for `k` in 0..=28.
fn ten_pow(k: u32) -> Option<Decimal> {
    let mut f = Decimal::ONE;
    for _ in 0..k {
        f = f.checked_mul(Decimal::TEN)?;
    }
    Some(f)
}

impl Evaluator<'_> {
    fn fail(&self, code: ErrorCode, at: At, detail: Text) -> Fail {
        fail_at(code, self.src, at, detail)
    }

    fn number_error(&self, e: NumberError, at: At) -> Fail {
        match e {
            NumberError::DivisionByZero => self.fail(
                ErrorCode::ZeroDivisor,
                at,
                text!("除数为 0", "除數為 0", "division by zero"),
            ),
            NumberError::Overflow => self.fail(
                ErrorCode::Overflow,
                at,
                text!("结果超出数值范围", "結果超出數值範圍", "the result is out of range"),
            ),
            NumberError::NotANumber | NumberError::NonFinite => self.fail(
                ErrorCode::FormulaType,
                at,
                text!("这里需要数字", "這裡需要數字", "a number is needed here"),
            ),
        }
    }

    fn type_error(&self, at: At, v: &FormulaValue, want: Text) -> Fail {
        let d = describe(v);
        self.fail(
            ErrorCode::FormulaType,
            at,
            Text::new(
                format!("{d} 不是{}", want.zh_cn),
                format!("{d} 不是{}", want.zh_tw),
                format!("{d} is not {}", want.en),
            ),
        )
    }

    fn step(&mut self, n: usize, at: At) -> Result<(), Fail> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > FORMULA_MAX_STEPS {
            return Err(self.fail(
                ErrorCode::TooLarge,
                at,
                text!(
                    "公式计算量超过 {} 步",
                    "公式計算量超過 {} 步",
                    "evaluating the formula takes more than {} steps",
                    FORMULA_MAX_STEPS
                ),
            ));
        }
        Ok(())
    }

    /// A value as a number: blank 0, TRUE 1, FALSE 0, numeric text read as in cells.
    fn num(&self, v: FormulaValue, at: At) -> Result<Decimal, Fail> {
        match v {
            FormulaValue::Number(n) => Ok(n),
            FormulaValue::Blank => Ok(Decimal::ZERO),
            FormulaValue::Bool(b) => Ok(if b { Decimal::ONE } else { Decimal::ZERO }),
            FormulaValue::Text(ref t) => match parse_number_text(t) {
                Ok(Some(n)) => Ok(n),
                Ok(None) => Ok(Decimal::ZERO),
                Err(NumberError::Overflow) => Err(self.number_error(NumberError::Overflow, at)),
                Err(_) => Err(self.type_error(at, &v, text!("数字", "數字", "a number"))),
            },
        }
    }

    /// A value as a condition: TRUE/FALSE, a number (≠ 0 is true), blank (false), or the
    /// text `TRUE`/`FALSE`.
    fn truthy(&self, v: FormulaValue, at: At) -> Result<bool, Fail> {
        match v {
            FormulaValue::Bool(b) => Ok(b),
            FormulaValue::Number(n) => Ok(!n.is_zero()),
            FormulaValue::Blank => Ok(false),
            FormulaValue::Text(ref t) => {
                let t = t.trim();
                if t.is_empty() || t.eq_ignore_ascii_case("FALSE") {
                    Ok(false)
                } else if t.eq_ignore_ascii_case("TRUE") {
                    Ok(true)
                } else {
                    Err(self.type_error(at, &v, text!("真假值", "真假值", "TRUE or FALSE")))
                }
            }
        }
    }

    fn eval_num(&mut self, node: &Node, at: At) -> Result<Decimal, Fail> {
        let v = self.eval(node)?;
        self.num(v, at)
    }

    fn eval_bool(&mut self, node: &Node, at: At) -> Result<bool, Fail> {
        let v = self.eval(node)?;
        self.truthy(v, at)
    }

    fn eval(&mut self, node: &Node) -> Result<FormulaValue, Fail> {
        self.step(1, node.at)?;
        let at = node.at;
        match &node.kind {
            Kind::Num(n) => Ok(FormulaValue::Number(*n)),
            Kind::Text(t) => Ok(FormulaValue::Text(t.clone())),
            Kind::Bool(b) => Ok(FormulaValue::Bool(*b)),
            Kind::Name(name) => (self.resolve)(name).map_err(Box::new),
            Kind::Neg(x) | Kind::Pos(x) | Kind::Percent(x) => self.unary(&node.kind, x, at),
            Kind::Not(x) => Ok(FormulaValue::Bool(!self.eval_bool(x, at)?)),
            Kind::Chain(level, first, rest) => self.chain(*level, first, rest, at),
            Kind::Compare(op, a, b) => self.compare_node(*op, a, b, at),
            Kind::Call(func, name, args) => self.call(*func, name, args, at),
        }
    }

    fn unary(&mut self, kind: &Kind, x: &Node, at: At) -> Result<FormulaValue, Fail> {
        let v = self.eval_num(x, at)?;
        let r = match kind {
            Kind::Neg(_) => checked_sub(Decimal::ZERO, v),
            Kind::Percent(_) => checked_div(v, Decimal::ONE_HUNDRED),
            _ => Ok(v),
        };
        r.map(FormulaValue::Number).map_err(|e| self.number_error(e, at))
    }

    fn compare_node(&mut self, op: Op, a: &Node, b: &Node, at: At) -> Result<FormulaValue, Fail> {
        let a = self.eval(a)?;
        let b = self.eval(b)?;
        let Some(ord) = compare(&a, &b) else {
            let (da, db) = (describe(&a), describe(&b));
            return Err(self.fail(
                ErrorCode::FormulaType,
                at,
                text!(
                    "{da} 与 {db} 无法比较",
                    "{da} 與 {db} 無法比較",
                    "{da} and {db} cannot be compared"
                ),
            ));
        };
        let r = match op {
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
            Op::Lt => ord == Ordering::Less,
            Op::Gt => ord == Ordering::Greater,
            Op::Le => ord != Ordering::Greater,
            _ => ord != Ordering::Less,
        };
        Ok(FormulaValue::Bool(r))
    }

    fn chain(&mut self, level: Level, first: &Node, rest: &[(Op, At, Node)], at: At) -> Result<FormulaValue, Fail> {
        match level {
            Level::And | Level::Or => {
                let want = level == Level::Or;
                if self.eval_bool(first, at)? == want {
                    return Ok(FormulaValue::Bool(want));
                }
                for (_, op_at, x) in rest {
                    if self.eval_bool(x, *op_at)? == want {
                        return Ok(FormulaValue::Bool(want));
                    }
                }
                Ok(FormulaValue::Bool(!want))
            }
            Level::Concat => {
                let v = self.eval(first)?;
                let mut s = to_text(v);
                self.step(s.chars().count(), at)?;
                for (_, op_at, x) in rest {
                    let t = to_text(self.eval(x)?);
                    self.step(t.chars().count(), *op_at)?;
                    s.push_str(&t);
                }
                Ok(FormulaValue::Text(s))
            }
            _ => {
                let mut acc = self.eval_num(first, at)?;
                for (op, op_at, x) in rest {
                    let b = self.eval_num(x, *op_at)?;
                    acc = self.arith(*op, acc, b, *op_at)?;
                }
                Ok(FormulaValue::Number(acc))
            }
        }
    }

    fn arith(&self, op: Op, a: Decimal, b: Decimal, at: At) -> Result<Decimal, Fail> {
        let r = match op {
            Op::Add => checked_add(a, b),
            Op::Sub => checked_sub(a, b),
            Op::Mul => checked_mul(a, b),
            Op::Div => checked_div(a, b),
            _ => return self.power(a, b, at),
        };
        r.map_err(|e| self.number_error(e, at))
    }

    /// `x ^ e` for a whole exponent with |e| ≤ [`FORMULA_MAX_EXPONENT`], by squaring.
    fn power(&self, x: Decimal, e: Decimal, at: At) -> Result<Decimal, Fail> {
        let n = if e.fract().is_zero() { e.to_i64() } else { None };
        let Some(n) = n.filter(|n| n.unsigned_abs() <= FORMULA_MAX_EXPONENT.unsigned_abs()) else {
            let d = format_plain(e);
            let m = FORMULA_MAX_EXPONENT;
            return Err(self.fail(
                ErrorCode::FormulaType,
                at,
                text!(
                    "指数 {d} 应为 -{m} 到 {m} 之间的整数",
                    "指數 {d} 應為 -{m} 到 {m} 之間的整數",
                    "the exponent {d} must be a whole number from -{m} to {m}"
                ),
            ));
        };
        if n == 0 {
            return Ok(Decimal::ONE);
        }
        if x.is_zero() {
            return if n < 0 {
                Err(self.number_error(NumberError::DivisionByZero, at))
            } else {
                Ok(Decimal::ZERO)
            };
        }
        let mut k = n.unsigned_abs();
        let mut base = x;
        let mut acc = Decimal::ONE;
        let mut overflow = false;
        while k > 0 {
            if k & 1 == 1 {
                match acc.checked_mul(base) {
                    Some(v) => acc = v,
                    None => {
                        overflow = true;
                        break;
                    }
                }
            }
            k = k.wrapping_shr(1);
            if k > 0 {
                match base.checked_mul(base) {
                    Some(v) => base = v,
                    None => {
                        overflow = true;
                        break;
                    }
                }
            }
        }
        match (overflow, n < 0) {
            // |x^|n|| > 7.9e28: its reciprocal is below the smallest decimal step
            (true, true) => Ok(Decimal::ZERO),
            (true, false) => Err(self.number_error(NumberError::Overflow, at)),
            (false, true) => checked_div(Decimal::ONE, acc).map_err(|e| self.number_error(e, at)),
            (false, false) => Ok(acc),
        }
    }

    fn call(&mut self, func: Func, name: &str, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        // one small function per group keeps each recursive frame small
        match func {
            Func::If | Func::Ifs | Func::Switch | Func::IfError => self.call_branch(func, args, at),
            Func::And | Func::Or | Func::Not => self.call_logic(func, args, at),
            Func::Min | Func::Max | Func::Sum | Func::Avg | Func::Count => self.call_aggregate(func, args, at),
            Func::Round | Func::RoundUp | Func::RoundDown => self.call_round(func, name, args, at),
            Func::Abs | Func::Int | Func::Mod | Func::Power => self.call_math(func, args, at),
            Func::IsBlank | Func::Len | Func::Concat => self.call_text(func, args, at),
        }
    }

    fn call_branch(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::If => {
                let (Some(c), Some(then)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                if self.eval_bool(c, at)? {
                    self.eval(then)
                } else {
                    arg(2).map_or(Ok(FormulaValue::Blank), |e| self.eval(e))
                }
            }
            Func::Ifs => {
                for pair in args.chunks_exact(2) {
                    if let [c, v] = pair {
                        if self.eval_bool(c, at)? {
                            return self.eval(v);
                        }
                    }
                }
                Ok(FormulaValue::Blank)
            }
            Func::Switch => {
                let Some((subject, rest)) = args.split_first() else {
                    return Err(self.internal(at));
                };
                let v = self.eval(subject)?;
                let pairs = rest.chunks_exact(2);
                let default = pairs.remainder().first();
                for pair in pairs {
                    if let [case, result] = pair {
                        let c = self.eval(case)?;
                        if compare(&v, &c) == Some(Ordering::Equal) {
                            return self.eval(result);
                        }
                    }
                }
                default.map_or(Ok(FormulaValue::Blank), |d| self.eval(d))
            }
            Func::IfError => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                match self.eval(a) {
                    Ok(v) => Ok(v),
                    Err(e) if matches!(e.code, ErrorCode::TooLarge | ErrorCode::Internal) => Err(e),
                    Err(_) => self.eval(b),
                }
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_logic(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::And | Func::Or => {
                let want = func == Func::Or;
                for x in args {
                    if self.eval_bool(x, at)? == want {
                        return Ok(FormulaValue::Bool(want));
                    }
                }
                Ok(FormulaValue::Bool(!want))
            }
            Func::Not => {
                let x = arg(0).ok_or_else(|| self.internal(at))?;
                Ok(FormulaValue::Bool(!self.eval_bool(x, at)?))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_aggregate(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        match func {
            Func::Min | Func::Max | Func::Sum | Func::Avg => {
                let mut seen = 0usize;
                let mut acc: Option<Decimal> = None;
                for x in args {
                    let v = self.eval(x)?;
                    if blank_text(&v) {
                        continue;
                    }
                    let n = self.num(v, at)?;
                    seen = seen.saturating_add(1);
                    acc = Some(match (acc, func) {
                        (None, _) => n,
                        (Some(a), Func::Min) => a.min(n),
                        (Some(a), Func::Max) => a.max(n),
                        (Some(a), _) => checked_add(a, n).map_err(|e| self.number_error(e, at))?,
                    });
                }
                Ok(match (acc, func) {
                    (None, Func::Sum) => FormulaValue::Number(Decimal::ZERO),
                    (None, _) => FormulaValue::Blank,
                    (Some(total), Func::Avg) => FormulaValue::Number(
                        checked_div(total, Decimal::from(seen)).map_err(|e| self.number_error(e, at))?,
                    ),
                    (Some(a), _) => FormulaValue::Number(a),
                })
            }
            Func::Count => {
                let mut count = 0usize;
                for x in args {
                    let v = self.eval(x)?;
                    let numeric = match &v {
                        FormulaValue::Number(_) => true,
                        FormulaValue::Text(t) => matches!(parse_number_text(t), Ok(Some(_))),
                        _ => false,
                    };
                    if numeric {
                        count = count.saturating_add(1);
                    }
                }
                Ok(FormulaValue::Number(Decimal::from(count)))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_round(&mut self, func: Func, name: &str, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::Round | Func::RoundUp | Func::RoundDown => {
                let mode = match func {
                    Func::Round => RoundingMode::HalfUp,
                    Func::RoundUp => RoundingMode::Up,
                    _ => RoundingMode::Down,
                };
                let x = self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?;
                let digits = match arg(1) {
                    Some(d) => self.eval_num(d, at)?.trunc(),
                    None => Decimal::ZERO,
                };
                let Some(d) = digits.to_i64().filter(|d| (-28..=28).contains(d)) else {
                    let d = format_plain(digits);
                    return Err(self.fail(
                        ErrorCode::FormulaType,
                        at,
                        text!(
                            "{name} 的位数 {d} 应在 -28 到 28 之间",
                            "{name} 的位數 {d} 應在 -28 到 28 之間",
                            "{name}: the number of digits {d} must be from -28 to 28"
                        ),
                    ));
                };
                let places = u32::try_from(d.unsigned_abs()).unwrap_or(28);
                if d >= 0 {
                    return Ok(FormulaValue::Number(round(x, places, mode)));
                }
                let factor = ten_pow(places).ok_or_else(|| self.internal(at))?;
                let q = checked_div(x, factor).map_err(|e| self.number_error(e, at))?;
                checked_mul(round(q, 0, mode), factor)
                    .map(FormulaValue::Number)
                    .map_err(|e| self.number_error(e, at))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_math(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::Abs => Ok(FormulaValue::Number(
                self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?.abs(),
            )),
            Func::Int => Ok(FormulaValue::Number(
                self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?.floor(),
            )),
            Func::Mod => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                let a = self.eval_num(a, at)?;
                let b = self.eval_num(b, at)?;
                if b.is_zero() {
                    return Err(self.number_error(NumberError::DivisionByZero, at));
                }
                let mut r = a
                    .checked_rem(b)
                    .ok_or_else(|| self.number_error(NumberError::Overflow, at))?;
                if !r.is_zero() && r.is_sign_negative() != b.is_sign_negative() {
                    r = checked_add(r, b).map_err(|e| self.number_error(e, at))?;
                }
                Ok(FormulaValue::Number(r))
            }
            Func::Power => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                let x = self.eval_num(a, at)?;
                let e = self.eval_num(b, at)?;
                self.power(x, e, at).map(FormulaValue::Number)
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_text(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::IsBlank => {
                let v = self.eval(arg(0).ok_or_else(|| self.internal(at))?)?;
                Ok(FormulaValue::Bool(blank_text(&v)))
            }
            Func::Len => {
                let v = self.eval(arg(0).ok_or_else(|| self.internal(at))?)?;
                Ok(FormulaValue::Number(Decimal::from(to_text(v).chars().count())))
            }
            Func::Concat => {
                let mut s = String::new();
                for x in args {
                    let t = to_text(self.eval(x)?);
                    self.step(t.chars().count(), at)?;
                    s.push_str(&t);
                }
                Ok(FormulaValue::Text(s))
            }
            _ => Err(self.internal(at)),
        }
    }
    /// An argument the parser guaranteed is missing: a bug.
    fn internal(&self, at: At) -> Fail {
        self.fail(
            ErrorCode::Internal,
            at,
            text!(
                "公式参数缺失（内部错误）",
                "公式參數缺失（內部錯誤）",
                "a formula argument is missing (a bug)"
            ),
        )
    }
}
