//! The parser: tokens to a syntax tree by precedence climbing, bounded in depth and node
//! count; comparisons do not chain, a leading `=` is ignored.

use super::ast::{Func, Kind, Level, Node, Op, FUNCTIONS};
use super::errors::{fail_at, syntax, too_deep, At, Fail, EXCERPT_CHARS};
use super::lex::{fold_keyword, lex, Tok, Token};
use super::{FORMULA_MAX_BYTES, FORMULA_MAX_DEPTH, FORMULA_MAX_NODES};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use std::collections::HashSet;

struct Parser<'s> {
    src: &'s str,
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    nodes: usize,
    names: Vec<String>,
    seen: HashSet<String>,
}

/// Parses `text` into its syntax tree and the names it reads, in order of first use.
pub(super) fn parse_tree(text: &str) -> Result<(Node, Vec<String>), Fail> {
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
    Ok((root, p.names))
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

    pub(super) fn call(&mut self, name: &str, at: At) -> Result<Node, Fail> {
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
