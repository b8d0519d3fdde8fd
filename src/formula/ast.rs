//! The syntax tree: operators and their precedence levels, the functions with their
//! argument counts, and the nodes (each with its place and height).

use super::errors::At;
use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
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
pub(super) enum Level {
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
    pub(super) fn level(self) -> Level {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Func {
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
    Date,
    Year,
    Month,
    Day,
    Days,
    DateDif,
    EDate,
    EoMonth,
    NetworkDays,
    PeriodStart,
    PeriodEnd,
    Today,
}

/// Function names (upper case), the function, and the least and most argument counts.
pub(super) const FUNCTIONS: [(&str, Func, usize, Option<usize>); 36] = [
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
    ("DATE", Func::Date, 3, Some(3)),
    ("YEAR", Func::Year, 1, Some(1)),
    ("MONTH", Func::Month, 1, Some(1)),
    ("DAY", Func::Day, 1, Some(1)),
    ("DAYS", Func::Days, 2, Some(2)),
    ("DATEDIF", Func::DateDif, 3, Some(3)),
    ("EDATE", Func::EDate, 2, Some(2)),
    ("EOMONTH", Func::EoMonth, 2, Some(2)),
    ("NETWORKDAYS", Func::NetworkDays, 2, Some(2)),
    ("PERIOD_START", Func::PeriodStart, 0, Some(0)),
    ("PERIOD_END", Func::PeriodEnd, 0, Some(0)),
    ("TODAY", Func::Today, 0, Some(0)),
];

#[derive(Clone, Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    /// Where to point an error: the literal, name, operator or function name.
    pub(super) at: At,
    /// 1 for a leaf; 1 + the tallest child otherwise.
    pub(super) height: usize,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
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
    pub(super) fn child_height(&self) -> usize {
        match self {
            Kind::Num(_) | Kind::Text(_) | Kind::Bool(_) | Kind::Name(_) => 0,
            Kind::Neg(n) | Kind::Pos(n) | Kind::Percent(n) | Kind::Not(n) => n.height,
            Kind::Chain(_, first, rest) => rest.iter().map(|(_, _, n)| n.height).fold(first.height, usize::max),
            Kind::Compare(_, a, b) => a.height.max(b.height),
            Kind::Call(_, _, args) => args.iter().map(|n| n.height).max().unwrap_or(0),
        }
    }
}
