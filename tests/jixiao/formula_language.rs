//! Formulas (DESIGN.md, "Formulas"): table tests for precedence and associativity, every function and its
//! edge cases, names (Chinese, dotted, bracketed), full-width input, blank handling,
//! comparisons, every error with its code and position, the size, depth and work bounds,
//! IFERROR, short-circuiting and `names()`.

use crate::common::d;
use jixiao::{formula::FormulaValue, formula::FORMULA_MAX_BYTES, parse_formula, ErrorCode, JixiaoError, Text};
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

fn n(s: &str) -> FormulaValue {
    FormulaValue::Number(d(s))
}

fn t(s: &str) -> FormulaValue {
    FormulaValue::Text(s.to_string())
}

fn b(v: bool) -> FormulaValue {
    FormulaValue::Bool(v)
}

const BLANK: FormulaValue = FormulaValue::Blank;

/// The test record: what each name means.
fn resolve(name: &str) -> Result<FormulaValue, JixiaoError> {
    Ok(match name {
        "销售额" => n("120"),
        "目标" => n("100"),
        "零" => n("0"),
        "空" => BLANK,
        "空文本" => t("  "),
        "文本" => t("abc"),
        "数字文本" => t("1.2万"),
        "名字 带空格" => n("5"),
        "负责人.name" => t("张三"),
        "flag" => b(true),
        "x" => n("2"),
        _ => {
            return Err(JixiaoError::new(
                ErrorCode::MissingValue,
                "rows/0/坏",
                Text::new("缺值", "缺值", format!("no value for {name}")),
            ))
        }
    })
}

fn eval(src: &str) -> Result<FormulaValue, JixiaoError> {
    parse_formula(src)?.eval(&mut resolve)
}

fn check(cases: &[(&str, FormulaValue)]) {
    let mut failures = Vec::new();
    for (src, want) in cases {
        match eval(src) {
            Ok(got) if &got == want => {}
            other => failures.push(format!("{src:?}: want {want:?}, got {other:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// (source, code, position)
fn check_errors(cases: &[(&str, ErrorCode, Option<usize>)]) {
    let mut failures = Vec::new();
    for (src, code, pos) in cases {
        match eval(src) {
            Err(e) if e.code == *code && e.position == *pos => {}
            other => failures.push(format!("{src:?}: want {code:?} at {pos:?}, got {other:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn precedence_and_associativity() {
    check(&[
        ("1+2*3", n("7")),
        ("(1+2)*3", n("9")),
        ("2*3^2", n("18")),
        ("-2^2", n("4")),
        ("-2^3", n("-8")),
        ("-(2^2)", n("-4")),
        ("2^3^2", n("64")),
        ("2^-1", n("0.5")),
        ("10-2-3", n("5")),
        ("100/10/5", n("2")),
        ("10-(2-3)", n("11")),
        ("2*3/4", n("1.5")),
        ("10%", n("0.1")),
        ("-10%", n("-0.1")),
        ("50%*200", n("100")),
        ("200*50%", n("100")),
        ("10%%", n("0.001")),
        ("x%", n("0.02")),
        ("\"a\"&1", t("a1")),
        ("1+2&3", t("33")),
        ("1&2=\"12\"", b(true)),
        ("\"a\"&\"b\"&\"c\"", t("abc")),
        ("1+1=2", b(true)),
        ("1=1 AND 2>1", b(true)),
        ("1>2 OR 2>1 AND 1=0", b(false)),
        ("TRUE OR FALSE AND FALSE", b(true)),
        ("NOT 1>2", b(true)),
        ("NOT FALSE AND FALSE", b(false)),
        ("NOT NOT TRUE", b(true)),
        ("true || false && false", b(true)),
        ("(1<2)=TRUE", b(true)),
        ("--3", n("3")),
        ("+-3", n("-3")),
        ("1 - -1", n("2")),
        ("=1+1", n("2")),
        ("  1  +  1  ", n("2")),
        ("((((7))))", n("7")),
    ]);
}

#[test]
fn literals() {
    check(&[
        ("12", n("12")),
        ("0.5", n("0.5")),
        (".5+1", n("1.5")),
        ("1.2万", n("12000")),
        ("3亿", n("300000000")),
        ("2萬", n("20000")),
        ("1.5万*2", n("30000")),
        ("\"say \"\"hi\"\"\"", t("say \"hi\"")),
        ("'it''s'", t("it's")),
        ("'a\"b'", t("a\"b")),
        ("“中文”", t("中文")),
        ("\"\"", t("")),
        ("true", b(true)),
        ("False", b(false)),
        ("79228162514264337593543950335", n("79228162514264337593543950335")),
        ("0.12345678901234567890123456789", n("0.1234567890123456789012345679")),
    ]);
}

#[test]
fn operators_all_spellings() {
    check(&[
        ("2×3÷4", n("1.5")),
        ("1≠2", b(true)),
        ("2≥2", b(true)),
        ("2≤1", b(false)),
        ("1<=2", b(true)),
        ("1>=2", b(false)),
        ("1<>1", b(false)),
        ("1!=2", b(true)),
        ("1==1", b(true)),
        ("1<2", b(true)),
        ("1>2", b(false)),
        ("TRUE && FALSE", b(false)),
        ("FALSE || TRUE", b(true)),
        ("TRUE and true", b(true)),
        ("FALSE Or FALSE", b(false)),
    ]);
}

#[test]
fn full_width_input() {
    check(&[
        ("（１＋２）＊３", n("9")),
        ("１０％", n("0.1")),
        ("IF（1＞0，“是”，“否”）", t("是")),
        ("ＭＡＸ（１，２）", n("2")),
        ("８／２－１", n("3")),
        ("１．５＋１", n("2.5")),
        ("［名字 带空格］＊２", n("10")),
        ("1＜＞2", b(true)),
        ("\"（全角）\"", t("（全角）")),
    ]);
}

#[test]
fn names_chinese_dotted_and_bracketed() {
    check(&[
        ("销售额 / 目标", n("1.2")),
        ("销售额/目标*100", n("120")),
        ("[名字 带空格] * 2", n("10")),
        ("[ 名字 带空格 ]", n("5")),
        ("负责人.name", t("张三")),
        ("负责人.name & \"好\"", t("张三好")),
        ("flag", b(true)),
        ("IF(flag, 销售额, 0)", n("120")),
        ("数字文本 + 1", n("12001")),
    ]);
}

#[test]
fn blank_handling() {
    check(&[
        ("空", BLANK),
        ("空 + 1", n("1")),
        ("空 * 5", n("0")),
        ("-空", n("0")),
        ("空%", n("0")),
        ("空 & \"a\"", t("a")),
        ("空 = 0", b(true)),
        ("空 = \"\"", b(true)),
        ("空 = FALSE", b(true)),
        ("空 < 1", b(true)),
        ("空 < \"a\"", b(true)),
        ("空文本 + 1", n("1")),
        ("空文本 = 空", b(true)),
        ("IF(空, 1, 2)", n("2")),
        ("LEN(空)", n("0")),
        ("ISBLANK(空)", b(true)),
        ("ISBLANK(空文本)", b(true)),
        ("ISBLANK(\"\")", b(true)),
        ("ISBLANK(0)", b(false)),
        ("ISBLANK(\"a\")", b(false)),
    ]);
}

#[test]
fn comparisons_and_coercion() {
    check(&[
        ("\" a \" = \"a\"", b(true)),
        ("\"A\" = \"a\"", b(false)),
        ("\"b\" > \"a\"", b(true)),
        ("\"张三\" = 负责人.name", b(true)),
        ("12000 = 数字文本", b(true)),
        ("数字文本 > 1", b(true)),
        ("\"85%\" = 0.85", b(true)),
        ("1.0 = 1.00", b(true)),
        ("TRUE > FALSE", b(true)),
        ("TRUE = TRUE", b(true)),
        ("\"2\" + 1", n("3")),
        ("\"1,000\" * 2", n("2000")),
        ("TRUE + TRUE", n("2")),
        ("FALSE * 5", n("0")),
        ("(销售额 > 100) + (目标 > 100)", n("1")),
        ("1 & TRUE", t("1TRUE")),
        ("1.50 & \"\"", t("1.5")),
        ("-0 & \"\"", t("0")),
    ]);
}

#[test]
fn functions() {
    check(&[
        // IF
        ("IF(1>0, \"y\", \"n\")", t("y")),
        ("IF(0, 1, 2)", n("2")),
        ("IF(0, 1)", BLANK),
        ("if(空, 1, 2)", n("2")),
        ("IF(\"TRUE\", 1, 2)", n("1")),
        ("IF(\"false\", 1, 2)", n("2")),
        ("IF(TRUE, 1, 1/0)", n("1")),
        ("IF(FALSE, 1/0, 2)", n("2")),
        // IFS
        ("IFS(销售额>200, \"A\", 销售额>100, \"B\", TRUE, \"C\")", t("B")),
        ("IFS(FALSE, 1)", BLANK),
        ("IFS(TRUE, 1, 1/0, 2)", n("1")),
        // AND OR NOT
        ("AND(1, TRUE, 2>1)", b(true)),
        ("AND(TRUE, FALSE, 1/0)", b(false)),
        ("OR(FALSE, TRUE, 1/0)", b(true)),
        ("OR(0, 空)", b(false)),
        ("AND(TRUE)", b(true)),
        ("FALSE AND 1/0", b(false)),
        ("TRUE OR 1/0", b(true)),
        ("NOT(0)", b(true)),
        ("NOT(1 = 1)", b(false)),
        // MIN MAX SUM AVG COUNT
        ("MIN(3, 1, 2)", n("1")),
        ("MIN(-1, -2)", n("-2")),
        ("MAX(3, 1, \"5\")", n("5")),
        ("MIN(空, 4)", n("4")),
        ("MAX(空)", BLANK),
        ("MAX(空, 空文本)", BLANK),
        ("SUM(1, 2, 3.5)", n("6.5")),
        ("SUM(空, 1)", n("1")),
        ("SUM(空)", n("0")),
        ("SUM(数字文本, 1)", n("12001")),
        ("SUM(TRUE, 1)", n("2")),
        ("AVG(1, 2)", n("1.5")),
        ("AVERAGE(1, 2, 空)", n("1.5")),
        ("AVG(空)", BLANK),
        ("ROUND(AVG(1, 2, 2), 4)", n("1.6667")),
        ("COUNT(1, \"2\", \"x\", 空, TRUE, 数字文本)", n("3")),
        ("COUNT(空)", n("0")),
        // ROUND ROUNDUP ROUNDDOWN
        ("ROUND(2.345, 2)", n("2.35")),
        ("ROUND(-2.345, 2)", n("-2.35")),
        ("ROUND(-2.5, 0)", n("-3")),
        ("ROUND(2.5)", n("3")),
        ("ROUND(1234.5, -2)", n("1200")),
        ("ROUND(1250, -2)", n("1300")),
        ("ROUND(-1250, -2)", n("-1300")),
        ("ROUND(2.345, 2.9)", n("2.35")),
        ("ROUND(5, -28)", n("0")),
        ("ROUNDUP(2.341, 2)", n("2.35")),
        ("ROUNDUP(-2.341, 2)", n("-2.35")),
        ("ROUNDUP(1201, -2)", n("1300")),
        ("ROUNDDOWN(2.349, 2)", n("2.34")),
        ("ROUNDDOWN(-2.349, 2)", n("-2.34")),
        ("ROUNDDOWN(1299, -2)", n("1200")),
        // ABS INT MOD POWER
        ("ABS(-3.5)", n("3.5")),
        ("ABS(空)", n("0")),
        ("INT(2.7)", n("2")),
        ("INT(-2.5)", n("-3")),
        ("MOD(7, 3)", n("1")),
        ("MOD(-7, 3)", n("2")),
        ("MOD(7, -3)", n("-2")),
        ("MOD(-7, -3)", n("-1")),
        ("MOD(7.5, 2)", n("1.5")),
        ("MOD(6, 3)", n("0")),
        ("POWER(2, 10)", n("1024")),
        ("POWER(2, -2)", n("0.25")),
        ("POWER(-2, 3)", n("-8")),
        ("POWER(0, 0)", n("1")),
        ("POWER(0, 5)", n("0")),
        ("POWER(10, -1000)", n("0")),
        ("POWER(1, 1000)", n("1")),
        ("POWER(0.5, 1000)", n("0")),
        ("1.1^2", n("1.21")),
        ("POWER(2, 2.0)", n("4")),
        // ISBLANK LEN CONCAT
        ("LEN(\"销售额\")", n("3")),
        ("LEN(1.50)", n("3")),
        ("LEN(TRUE)", n("4")),
        ("CONCAT(\"a\", 1, TRUE, 空)", t("a1TRUE")),
        ("CONCATENATE(\"x\", \"y\")", t("xy")),
        // SWITCH
        ("SWITCH(2, 1, \"a\", 2, \"b\")", t("b")),
        ("SWITCH(3, 1, \"a\", \"z\")", t("z")),
        ("SWITCH(3, 1, \"a\")", BLANK),
        ("SWITCH(\"x\", 1, \"a\", \"x\", \"b\")", t("b")),
        ("SWITCH(1, 1, 2, 1/0, 3)", n("2")),
        ("SWITCH(\" 已签约 \", \"已签约\", 1, 0)", n("1")),
        // IFERROR
        ("IFERROR(1/0, -1)", n("-1")),
        ("IFERROR(\"a\" + 1, 0)", n("0")),
        ("IFERROR(坏, 9)", n("9")),
        ("IFERROR(5, 1/0)", n("5")),
        ("IFERROR(POWER(10, 29), \"big\")", t("big")),
        ("IFERROR(IFERROR(1/0, 1/0), 7)", n("7")),
        // case-insensitive names, nesting
        ("sum(1, max(2, 3))", n("4")),
        ("Round(Avg(销售额, 目标) / 3, 2)", n("36.67")),
    ]);
}

#[test]
fn errors_with_code_and_position() {
    use ErrorCode::{FormulaSyntax as Syn, FormulaType as Ty, MissingValue, Overflow, ZeroDivisor};
    check_errors(&[
        // brackets
        ("(1+2", Syn, Some(0)),
        ("1+2)", Syn, Some(3)),
        ("((1)", Syn, Some(0)),
        ("SUM(1, 2", Syn, Some(3)),
        ("IF(a > 1, 2", Syn, Some(2)),
        ("()", Syn, Some(1)),
        ("[abc", Syn, Some(0)),
        ("[ ]", Syn, Some(0)),
        // functions
        ("FOO(1)", Syn, Some(0)),
        ("1 + foo(2)", Syn, Some(4)),
        ("IF(1)", Syn, Some(0)),
        ("IF(1,2,3,4)", Syn, Some(0)),
        ("ROUND()", Syn, Some(0)),
        ("IFS(1,2,3)", Syn, Some(0)),
        ("SWITCH(1,2)", Syn, Some(0)),
        ("NOT(1,2)", Syn, Some(0)),
        ("1 + MOD(1)", Syn, Some(4)),
        ("IF(1,,2)", Syn, Some(5)),
        ("SUM(1,)", Syn, Some(6)),
        // strings
        ("\"abc", Syn, Some(0)),
        ("1 & 'ab", Syn, Some(4)),
        ("“abc", Syn, Some(0)),
        // tokens
        ("", Syn, Some(0)),
        ("   ", Syn, Some(0)),
        ("=", Syn, Some(0)),
        ("1+", Syn, Some(2)),
        ("1 2", Syn, Some(2)),
        ("a # b", Syn, Some(2)),
        ("1 < 2 < 3", Syn, Some(6)),
        ("AND 1", Syn, Some(0)),
        ("1 AND", Syn, Some(5)),
        ("*1", Syn, Some(0)),
        ("1 ! 2", Syn, Some(2)),
        ("1 | 2", Syn, Some(2)),
        ("1.", Syn, Some(1)),
        ("12abc", Syn, Some(2)),
        // evaluation
        ("1/0", ZeroDivisor, Some(1)),
        ("销售额 / 零", ZeroDivisor, Some(4)),
        ("1/空", ZeroDivisor, Some(1)),
        ("MOD(1, 0)", ZeroDivisor, Some(0)),
        ("POWER(0, -1)", ZeroDivisor, Some(0)),
        ("0^-1", ZeroDivisor, Some(1)),
        ("\"a\"+1", Ty, Some(3)),
        ("1 + 文本", Ty, Some(2)),
        ("销售额 + \"a\"", Ty, Some(4)),
        ("-文本", Ty, Some(0)),
        ("文本%", Ty, Some(2)),
        ("1 = \"abc\"", Ty, Some(2)),
        ("TRUE = 1", Ty, Some(5)),
        ("\"x\" < TRUE", Ty, Some(4)),
        ("IF(\"x\", 1, 2)", Ty, Some(0)),
        ("NOT \"x\"", Ty, Some(0)),
        ("\"x\" AND TRUE", Ty, Some(4)),
        ("TRUE AND \"x\"", Ty, Some(5)),
        ("SUM(1, \"x\")", Ty, Some(0)),
        ("2 ^ 0.5", Ty, Some(2)),
        ("POWER(10, 1001)", Ty, Some(0)),
        ("ROUND(1, 29)", Ty, Some(0)),
        ("ROUND(1, -29)", Ty, Some(0)),
        // overflow
        ("99999999999999999999999999999", Overflow, Some(0)),
        ("79228162514264337593543950335 + 1", Overflow, Some(30)),
        ("79228162514264337593543950335 * 2", Overflow, Some(30)),
        ("POWER(10, 29)", Overflow, Some(0)),
        ("10^29", Overflow, Some(2)),
        ("9999999999999999999999999999亿", Overflow, Some(0)),
        // a resolver error propagates unchanged
        ("1 + 坏", MissingValue, None),
    ]);
}

#[test]
fn messages_say_where_in_three_locales() {
    let e = eval("销售额 + \"a\"").unwrap_err();
    assert_eq!(e.position, Some(4));
    assert!(e.messages.zh_cn.contains("第 5 个字符"), "{}", e.messages.zh_cn);
    assert!(e.messages.zh_tw.contains("第 5 個字元"), "{}", e.messages.zh_tw);
    assert!(e.messages.en.contains("character 5"), "{}", e.messages.en);
    assert!(
        e.messages.en.contains("+ \"a\""),
        "quotes an excerpt: {}",
        e.messages.en
    );
    assert_eq!(e.message, e.messages.zh_cn);

    let e = eval("FOO(1)").unwrap_err();
    assert!(e.messages.en.contains("FOO"), "{}", e.messages.en);
    assert!(e.messages.zh_cn.contains("没有函数"), "{}", e.messages.zh_cn);

    let e = eval("1 +").unwrap_err();
    assert!(e.messages.en.contains("end of formula"), "{}", e.messages.en);

    let e = eval("IF(1)").unwrap_err();
    assert!(
        e.messages.en.contains("IF takes 2 to 3 arguments, got 1"),
        "{}",
        e.messages.en
    );

    // the excerpt is short even for a long formula
    let long = format!("1 + \"{}", "x".repeat(10_000));
    let e = eval(&long).unwrap_err();
    assert!(e.messages.en.chars().count() < 200, "{}", e.messages.en);

    // serialized with its position
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "FORMULA_SYNTAX");
    assert_eq!(json["position"], 4);
    let ok = JixiaoError::new(ErrorCode::Internal, "", Text::same("x"));
    assert!(serde_json::to_value(&ok).unwrap().get("position").is_none());
}

#[test]
fn resolver_errors_propagate_unchanged() {
    let e = eval("1 + 坏").unwrap_err();
    assert_eq!(e, resolve("坏").unwrap_err());
    assert_eq!(e.path, "rows/0/坏");
}

#[test]
fn iferror_catches_errors_but_not_the_work_bound() {
    check(&[("IFERROR(坏 + 1, \"无\")", t("无"))]);
    // TOO_LARGE is not caught
    let big = "y".repeat(60_000);
    let f = parse_formula("IFERROR(LEN(s & s), -1)").unwrap();
    let e = f.eval(&mut |_| Ok(FormulaValue::Text(big.clone()))).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge);
}

#[test]
fn short_circuit_skips_names() {
    let cases: &[(&str, &[&str])] = &[
        ("IF(TRUE, a, b)", &["a"]),
        ("IF(FALSE, a, b)", &["b"]),
        ("IF(FALSE, a)", &[]),
        ("IFS(FALSE, a, TRUE, b, TRUE, c)", &["b"]),
        ("AND(FALSE, a)", &[]),
        ("OR(TRUE, a)", &[]),
        ("FALSE AND a AND b", &[]),
        ("TRUE OR a", &[]),
        ("IFERROR(1, a)", &[]),
        ("SWITCH(1, 1, a, 2, b, c)", &["a"]),
        ("SWITCH(3, 1, a, 2, b, c)", &["c"]),
        ("a + a", &["a", "a"]),
    ];
    for (src, want) in cases {
        let mut called = Vec::new();
        let f = parse_formula(src).unwrap();
        f.eval(&mut |name| {
            called.push(name.to_string());
            Ok(FormulaValue::Number(Decimal::ONE))
        })
        .unwrap();
        assert_eq!(&called, want, "{src}");
    }
}

#[test]
fn names_in_first_use_order_deduplicated() {
    let cases: &[(&str, &[&str])] = &[
        ("a + b * a + [c d] + B", &["a", "b", "c d", "B"]),
        ("IF(TRUE, x, SUM(y, x))", &["x", "y"]),
        ("a AND b or c", &["a", "b", "c"]),
        ("[AND] + [TRUE]", &["AND", "TRUE"]),
        (
            "负责人.name = '张三' AND [合同 金额] > 1万",
            &["负责人.name", "合同 金额"],
        ),
        ("[x] + x", &["x"]),
        ("1 + 2", &[]),
        ("IF(FALSE, 未用, 1)", &["未用"]),
        ("_a1 + a_2", &["_a1", "a_2"]),
    ];
    for (src, want) in cases {
        let f = parse_formula(src).unwrap();
        assert_eq!(
            f.names(),
            want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{src}"
        );
        assert_eq!(f.source(), *src);
    }
}

fn assert_fast(started: Instant) {
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let started = Instant::now();
    let e = parse_formula(&deep).unwrap_err();
    assert_fast(started);
    assert!(matches!(e.code, ErrorCode::TooLarge | ErrorCode::FormulaSyntax));
    assert!(e.position.is_some());

    for src in [
        format!("{}1", "-".repeat(10_000)),
        format!("{}TRUE", "NOT ".repeat(5_000)),
        format!("{}1{}", "ABS(".repeat(5_000), ")".repeat(5_000)),
        format!("{}1", "(".repeat(50_000)),
        format!("{}1{}", "(1+".repeat(5_000), ")".repeat(5_000)),
        format!("{}1", "1^(".repeat(5_000)),
    ] {
        let started = Instant::now();
        let e = parse_formula(&src).unwrap_err();
        assert_fast(started);
        assert_eq!(e.code, ErrorCode::TooLarge, "{}", &src[..20]);
    }

    // within the bound: parsed and evaluated
    let ok = format!("{}1{}", "(".repeat(100), ")".repeat(100));
    assert_eq!(eval(&ok).unwrap(), n("1"));
    let ok = format!("{}1{}", "ABS(".repeat(100), ")".repeat(100));
    assert_eq!(eval(&ok).unwrap(), n("1"));
    let ok = format!("{}1{}", "(1+".repeat(60), ")".repeat(60));
    assert_eq!(eval(&ok).unwrap(), n("61"));
    let ok = format!("{}TRUE", "NOT ".repeat(100));
    assert_eq!(eval(&ok).unwrap(), b(true));
}

#[test]
fn size_is_bounded() {
    let huge = "1+".repeat(500_000) + "1";
    let started = Instant::now();
    let e = parse_formula(&huge).unwrap_err();
    assert_fast(started);
    assert_eq!((e.code, e.position), (ErrorCode::TooLarge, None));
    assert!(e.messages.en.contains("bytes"), "{}", e.messages.en);

    // exactly at the byte bound is read; too many nodes is TOO_LARGE
    let at_bound = "1".repeat(FORMULA_MAX_BYTES);
    assert_eq!(parse_formula(&at_bound).unwrap_err().code, ErrorCode::Overflow);
    let many = "1+".repeat(20_000) + "1";
    assert!(many.len() <= FORMULA_MAX_BYTES);
    let e = parse_formula(&many).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge);
    assert!(e.position.is_some());

    // a long flat chain under the node bound evaluates (no deep recursion)
    let chain = "1+".repeat(4_000) + "1";
    assert_eq!(eval(&chain).unwrap(), n("4001"));
    let chain = vec!["TRUE"; 3_000].join(" AND ");
    assert_eq!(eval(&chain).unwrap(), b(true));
}

#[test]
fn work_is_bounded() {
    let s = "字".repeat(10_000);
    let f = parse_formula("LEN(s&s&s&s&s&s&s&s&s&s&s)").unwrap();
    let started = Instant::now();
    let e = f.eval(&mut |_| Ok(FormulaValue::Text(s.clone()))).unwrap_err();
    assert_fast(started);
    assert_eq!(e.code, ErrorCode::TooLarge);
    assert!(e.position.is_some());
    // the same through CONCAT
    let f = parse_formula("CONCAT(s,s,s,s,s,s,s,s,s,s,s)").unwrap();
    assert_eq!(
        f.eval(&mut |_| Ok(FormulaValue::Text(s.clone()))).unwrap_err().code,
        ErrorCode::TooLarge
    );
    // under the bound it is fine
    let f = parse_formula("LEN(s&s&s&s&s)").unwrap();
    assert_eq!(f.eval(&mut |_| Ok(FormulaValue::Text(s.clone()))).unwrap(), n("50000"));
}

#[test]
fn reusable_and_independent_evaluations() {
    let f = parse_formula("IF(x > 1, x * 2, \"small\")").unwrap();
    let g = f.clone();
    assert_eq!(f.eval(&mut |_| Ok(n("3"))).unwrap(), n("6"));
    assert_eq!(g.eval(&mut |_| Ok(n("1"))).unwrap(), t("small"));
    assert!(format!("{f:?}").contains("Formula"));
}
