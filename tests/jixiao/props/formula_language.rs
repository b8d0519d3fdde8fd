//! Formula property tests (proptest): random text and random token soups never panic (parse
//! and eval give a value or a structured error, syntax errors with a position), and random
//! integer arithmetic agrees with an independent evaluator written here.

use jixiao::{formula::FormulaValue, parse_formula, ErrorCode, JixiaoError};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A resolver giving each name one of several kinds of value (and an error for `坏`).
fn resolve(name: &str) -> Result<FormulaValue, JixiaoError> {
    let h = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    Ok(match (name, h % 6) {
        ("坏", _) => {
            return Err(JixiaoError::new(
                ErrorCode::MissingValue,
                "",
                jixiao::Text::same("no value"),
            ))
        }
        (_, 0) => FormulaValue::Blank,
        (_, 1) => FormulaValue::Text("abc".into()),
        (_, 2) => FormulaValue::Text("1.2万".into()),
        (_, 3) => FormulaValue::Bool(true),
        (_, 4) => FormulaValue::Number(Decimal::MAX),
        _ => FormulaValue::Number(Decimal::new(-15, 1)),
    })
}

/// Parses and evaluates; checks that every error is structured.
fn run(src: &str) {
    match parse_formula(src) {
        Ok(f) => {
            let _ = f.names();
            if let Err(e) = f.eval(&mut resolve) {
                check_error(&e, src);
            }
        }
        Err(e) => {
            check_error(&e, src);
            if e.code == ErrorCode::FormulaSyntax {
                let pos = e.position.expect("a syntax error has a position");
                assert!(pos <= src.chars().count(), "{pos} beyond {src:?}");
            }
        }
    }
}

fn check_error(e: &JixiaoError, src: &str) {
    assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty());
    assert_ne!(e.code, ErrorCode::Internal, "{src:?}: {e:?}");
    if let Some(pos) = e.position {
        assert!(pos <= src.chars().count(), "{pos} beyond {src:?}");
    }
}

const TOKENS: &[&str] = &[
    "1",
    "0",
    "2.5",
    ".5",
    "12万",
    "3亿",
    "%",
    "+",
    "-",
    "*",
    "/",
    "^",
    "&",
    "(",
    ")",
    ",",
    "=",
    "==",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "≠",
    "≤",
    "≥",
    "×",
    "÷",
    "AND",
    "OR",
    "NOT",
    "&&",
    "||",
    "TRUE",
    "false",
    "IF",
    "IFS",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "COUNT",
    "ROUND",
    "ROUNDUP",
    "ROUNDDOWN",
    "ABS",
    "MOD",
    "INT",
    "POWER",
    "IFERROR",
    "ISBLANK",
    "LEN",
    "CONCAT",
    "SWITCH",
    "FOO",
    "a",
    "b",
    "销售额",
    "坏",
    "负责人.name",
    "[b c]",
    "[",
    "]",
    "\"x\"",
    "'y'",
    "\"",
    "'",
    "“",
    "（",
    "）",
    "，",
    "１",
    "＋",
    "!",
    "|",
    "#",
    " ",
    "99999999999999999999999999999",
    "79228162514264337593543950335",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec((0..TOKENS.len(), any::<bool>()), 0..40).prop_map(|picks| {
        let mut s = String::new();
        for (i, space) in picks {
            s.push_str(TOKENS[i]);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// An integer expression tree for the arithmetic property.
#[derive(Clone, Debug)]
enum E {
    Lit(i64),
    Neg(Box<E>),
    Bin(char, Box<E>, Box<E>),
    /// `base ^ exponent` with a small literal exponent.
    Pow(Box<E>, u32),
    Paren(Box<E>),
}

fn expr() -> impl Strategy<Value = E> {
    let leaf = (0i64..=12).prop_map(E::Lit);
    leaf.prop_recursive(5, 40, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| E::Neg(Box::new(e))),
            inner.clone().prop_map(|e| E::Paren(Box::new(e))),
            (inner.clone(), 0u32..=3).prop_map(|(e, k)| E::Pow(Box::new(e), k)),
            (prop::sample::select(vec!['+', '-', '*']), inner.clone(), inner).prop_map(|(op, a, b)| E::Bin(
                op,
                Box::new(a),
                Box::new(b)
            )),
        ]
    })
}

/// Binding strength as in Excel: prefix minus 4, `^` 3, `*` 2, `+ -` 1; atoms 5.
fn strength(e: &E) -> u8 {
    match e {
        E::Lit(_) | E::Paren(_) => 5,
        E::Neg(_) => 4,
        E::Pow(..) => 3,
        E::Bin('*', ..) => 2,
        E::Bin(..) => 1,
    }
}

/// Renders with only the brackets precedence and left associativity need (plus the
/// explicit `Paren` nodes).
fn render(e: &E) -> String {
    let wrap = |inner: &E, need: bool| {
        if need {
            format!("({})", render(inner))
        } else {
            render(inner)
        }
    };
    match e {
        E::Lit(n) => n.to_string(),
        E::Paren(x) => format!("({})", render(x)),
        E::Neg(x) => format!("-{}", wrap(x, strength(x) < 4)),
        E::Pow(x, k) => format!("{}^{k}", wrap(x, strength(x) < 3)),
        E::Bin(op, a, b) => {
            let s = strength(e);
            format!("{} {op} {}", wrap(a, strength(a) < s), wrap(b, strength(b) <= s))
        }
    }
}

/// The independent evaluation: i128 with overflow past the decimal range as `None`.
fn value(e: &E) -> Option<i128> {
    const MAX: i128 = 79_228_162_514_264_337_593_543_950_335;
    let v = match e {
        E::Lit(n) => i128::from(*n),
        E::Paren(x) => value(x)?,
        E::Neg(x) => -value(x)?,
        E::Pow(x, k) => value(x)?.checked_pow(*k)?,
        E::Bin(op, a, b) => {
            let (a, b) = (value(a)?, value(b)?);
            match op {
                '+' => a.checked_add(b)?,
                '-' => a.checked_sub(b)?,
                _ => a.checked_mul(b)?,
            }
        }
    };
    (v.abs() <= MAX).then_some(v)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,80}") {
        run(&s);
    }

    #[test]
    fn random_formula_alphabet_never_panics(s in "[0-9a-z.,()\\[\\]\"'%+\\-*/^&|!=<>万亿（），“” ]{0,60}") {
        run(&s);
    }

    #[test]
    fn token_soups_never_panic(s in token_soup()) {
        run(&s);
    }

    #[test]
    fn integer_arithmetic_matches_an_independent_evaluation(e in expr()) {
        let src = render(&e);
        let f = parse_formula(&src).unwrap_or_else(|err| panic!("{src}: {err}"));
        let got = f.eval(&mut resolve);
        match value(&e) {
            Some(want) => {
                let want = Decimal::from_i128_with_scale(want, 0);
                prop_assert_eq!(got.map_err(|e| e.to_string()), Ok(FormulaValue::Number(want)), "{}", src);
            }
            None => {
                let code = got.map_err(|e| e.code);
                prop_assert_eq!(code, Err(ErrorCode::Overflow), "{}", src);
            }
        }
    }
}
