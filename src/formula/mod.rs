//! Formulas: Excel-like expressions as no-code users write them, parsed into a
//! small AST and evaluated over exact decimals. Pure core: no wasm-bindgen here.
//!
//! ```
//! use jixiao::{parse_formula, formula::FormulaValue};
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
//!
//! - `errors.rs`: where in the source a problem is, and errors quoting it.
//! - `lex.rs`: the source as tokens (full-width forms, `万`/`亿`, quotes, bracketed names).
//! - `ast.rs`: operators and precedence, the function table, syntax-tree nodes.
//! - `parse.rs`: tokens to a tree, bounded in depth and node count.
//! - `eval.rs`: the tree over exact decimals with a step budget; comparisons and coercions.
//! - `functions.rs`: the built-in functions.
//! - `dates.rs`: the date functions, dates as values (`+`/`-` on dates, date cells read),
//!   and the context they read (`FormulaContext`: period, `asOf`, holidays, UTC offset).

mod ast;
mod dates;
mod errors;
mod eval;
mod functions;
mod lex;
mod parse;

use crate::dates::Date;
use crate::error::JixiaoError;
use ast::Node;
pub use dates::FormulaContext;
use errors::Fail;
use eval::Evaluator;
use rust_decimal::Decimal;

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

/// A formula value: a decimal number, text, a truth value, a date, or blank (an empty cell).
///
/// ```
/// use jixiao::formula::FormulaValue;
/// assert_eq!(FormulaValue::from("a"), FormulaValue::Text("a".into()));
/// assert_eq!(FormulaValue::from(true), FormulaValue::Bool(true));
/// assert_eq!(FormulaValue::from(rust_decimal::Decimal::ONE), FormulaValue::Number(rust_decimal::Decimal::ONE));
/// let d = jixiao::dates::Date::new(2024, 3, 5).unwrap();
/// assert_eq!(FormulaValue::from(d), FormulaValue::Date(d));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum FormulaValue {
    /// An exact decimal.
    Number(Decimal),
    /// Text.
    Text(String),
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// A calendar date: what `DATE`, `EDATE`, `EOMONTH`, `TODAY()`, `PERIOD_START()` and
    /// `PERIOD_END()` give, and a date plus or minus days (DESIGN.md, "Formulas").
    Date(Date),
    /// Nothing (an empty cell): 0 in arithmetic, `""` in text.
    Blank,
}

/// The text form: numbers without trailing zeros, `TRUE`/`FALSE`, dates as `2024-03-05`,
/// blank as nothing (what `&` joins).
///
/// ```
/// use jixiao::formula::FormulaValue;
/// assert_eq!(FormulaValue::Number("1.50".parse().unwrap()).to_string(), "1.5");
/// assert_eq!(FormulaValue::from(jixiao::dates::Date::new(2024, 3, 5).unwrap()).to_string(), "2024-03-05");
/// ```
impl std::fmt::Display for FormulaValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&eval::to_text(self.clone()))
    }
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

impl From<Date> for FormulaValue {
    fn from(d: Date) -> FormulaValue {
        FormulaValue::Date(d)
    }
}

impl From<bool> for FormulaValue {
    fn from(b: bool) -> FormulaValue {
        FormulaValue::Bool(b)
    }
}

/// A parsed formula: its source, its syntax tree and the names it references.
///
/// ```
/// let f = jixiao::parse_formula("1 + 2 * 3").unwrap();
/// assert_eq!(f.source(), "1 + 2 * 3");
/// assert_eq!(f.eval(&mut |_| Ok(jixiao::formula::FormulaValue::Blank)).unwrap(), jixiao::formula::FormulaValue::Number(7.into()));
/// ```
#[derive(Clone, Debug)]
pub struct Formula {
    source: String,
    root: Node,
    names: Vec<String>,
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

/// Parses `text` into a [`Formula`] with its errors boxed.
fn parse(text: &str) -> Result<Formula, Fail> {
    let (root, names) = parse::parse_tree(text)?;
    Ok(Formula {
        source: text.to_string(),
        root,
        names,
    })
}

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
    /// `IFERROR`. Errors: `FORMULA_TYPE`, `ZERO_DIVISOR`, `OVERFLOW`, `INVALID_DATE` (each
    /// with `position`), `TOO_LARGE` past [`FORMULA_MAX_STEPS`]. No period is known here:
    /// `PERIOD_START()`, `PERIOD_END()` and `TODAY()` are `MISSING_SETTING` (see
    /// [`Formula::eval_in`]).
    ///
    /// ```
    /// use jixiao::{parse_formula, ErrorCode, formula::FormulaValue};
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
        self.eval_in(&FormulaContext::default(), resolve)
    }

    /// Evaluates the formula in `context`: the evaluated period (`PERIOD_START()`,
    /// `PERIOD_END()`), the day `TODAY()` is, the holidays of `NETWORKDAYS` and the UTC
    /// offset of epoch-millisecond dates. Otherwise as [`Formula::eval`].
    ///
    /// ```
    /// use jixiao::{parse_formula, dates::Date, formula::{FormulaContext, FormulaValue}};
    /// let ctx = FormulaContext { period: Date::period_range("2025-Q1"), ..Default::default() };
    /// let f = parse_formula("DATEDIF(PERIOD_START(), 续约日期, \"M\")").unwrap();
    /// let v = f.eval_in(&ctx, &mut |_| Ok(FormulaValue::from("2025/4/1"))).unwrap();
    /// assert_eq!(v, FormulaValue::Number(3.into()));
    /// ```
    pub fn eval_in(
        &self,
        context: &FormulaContext,
        resolve: &mut dyn FnMut(&str) -> Result<FormulaValue, JixiaoError>,
    ) -> Result<FormulaValue, JixiaoError> {
        let mut ev = Evaluator {
            src: &self.source,
            resolve,
            context,
            steps: 0,
        };
        ev.eval(&self.root).map_err(|e| *e)
    }
}
