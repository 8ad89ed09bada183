use super::*;
use crate::code::Code;
use crate::period::Period;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn code(s: &str) -> Code {
    Code::parse(s).expect("test code")
}

fn scope() -> Scope {
    Scope::new()
        .with_indicators(["ECO_GRDP", "POP", "A", "B", "C"].map(code))
        .with_constants([code("MILLION")])
}

fn p(text: &str) -> Expr {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn err(text: &str) -> FormulaError {
    match parse_checked(text, &scope()) {
        Ok(_) => panic!("{text} should be rejected"),
        Err(mut e) => e.remove(0),
    }
}

#[test]
fn precedence_and_canonical_printing() {
    for (text, printed) in [
        ("1+2*3", "1 + 2 * 3"),
        ("(1+2)*3", "(1 + 2) * 3"),
        ("1-(2-3)", "1 - (2 - 3)"),
        ("1-2-3", "1 - 2 - 3"),
        ("-2^2", "-2 ^ 2"),
        ("(-2)^2", "(-2) ^ 2"),
        ("2^3^2", "2 ^ 3 ^ 2"),
        ("(2^3)^2", "(2 ^ 3) ^ 2"),
        ("2^-1", "2 ^ -1"),
        (
            "not #{A} > 1 and #{B} < 2 or #{C} == 0",
            "not #{A} > 1 and #{B} < 2 or #{C} == 0",
        ),
        ("not (#{A} > 1 and #{B} < 2)", "not (#{A} > 1 and #{B} < 2)"),
        (
            "#{A} > 1 && !(#{B} > 1) || #{C} >= 1",
            "#{A} > 1 and not #{B} > 1 or #{C} >= 1",
        ),
        ("(#{A} > 0) + (#{B} > 0)", "(#{A} > 0) + (#{B} > 0)"),
        ("isNull(#{A})", "is_null(#{A})"),
        ("firstNonNull(#{A}, 0)", "coalesce(#{A}, 0)"),
        (
            "ROUND( #{A} / C{MILLION} , 2 )",
            "round(#{A} / C{MILLION}, 2)",
        ),
        ("1.50e3", "1500"),
    ] {
        assert_eq!(p(text).to_string(), printed, "{text}");
    }
}

#[test]
fn errors_point_at_the_column() {
    let e = err("2*#{ECO_GRPD}");
    assert_eq!(
        e.to_string(),
        "unknown indicator ECO_GRPD at column 3; did you mean ECO_GRDP?"
    );
    assert_eq!(e.kind.key(), "formula.unknown_indicator_hint");
    let e = err("#{A} +\n  #{NOPE_NOT_CLOSE}");
    assert_eq!((e.span.line, e.span.column), (2, 3));
    assert_eq!(e.kind.suggestion(), None);
    let e = err("1 < #{A} < 3");
    assert_eq!(e.kind, FormulaErrorKind::ChainedComparison);
    assert_eq!(e.span.column, 10);
    let e = err("roud(#{A})");
    assert_eq!(
        e.to_string(),
        "unknown function roud at column 1; did you mean round?"
    );
    let e = err("#{A} + ");
    assert_eq!(
        e.to_string(),
        "the formula ends where a number, #{INDICATOR}, a function or «(» was expected at column 8"
    );
    assert_eq!(err("#{A").kind, FormulaErrorKind::Unclosed);
    assert_eq!(err("#{A B}").kind, FormulaErrorKind::BadCode("A B".into()));
    assert_eq!(err("1 $ 2").kind, FormulaErrorKind::UnexpectedChar('$'));
    assert_eq!(
        err("(1 + 2").to_string(),
        "the formula ends where «)» was expected at column 7"
    );
    assert!(matches!(
        err("abs(1, 2)").kind,
        FormulaErrorKind::WrongArity { found: 2, .. }
    ));
    assert_eq!(err("prev(#{A}, 1.5)").kind, FormulaErrorKind::BadOffset);
    assert_eq!(
        err("C{THOUSANDS}").to_string(),
        "unknown constant THOUSANDS at column 1"
    );
    let deep = "(".repeat(500) + "1" + &")".repeat(500);
    assert!(parse(&deep).is_err(), "nesting is bounded");
}

#[test]
fn types_catch_numbers_used_as_conditions() {
    let e = err("if(#{A}, 1, 0)");
    assert_eq!(e.kind, FormulaErrorKind::ExpectedCondition);
    assert_eq!(e.span.column, 4);
    let all = parse_checked("#{A} and #{B} > 0 or #{X}", &scope()).expect_err("two errors");
    assert_eq!(
        all.len(),
        3,
        "two numbers as conditions and an unknown code: {all:?}"
    );
    let (_, ty) = parse_checked("#{A} <= #{B}", &scope()).expect("valid");
    assert_eq!(ty, FormulaType::Boolean);
    let (_, ty) = parse_checked("(#{A} > 0) + (#{B} > 0)", &scope()).expect("valid");
    assert_eq!(ty, FormulaType::Number);
}

/// Data by (indicator, period); the lookup aggregates a window by summing, like an
/// indicator whose time aggregation is a sum.
struct Data(BTreeMap<(String, String), f64>, Vec<String>);

impl Lookup for Data {
    fn indicator(&mut self, code: &Code, window: &Window) -> Option<f64> {
        let periods = window.periods();
        self.1.push(format!(
            "{code}@{}",
            periods
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("+")
        ));
        let vals: Vec<f64> = periods
            .iter()
            .filter_map(|p| self.0.get(&(code.to_string(), p.to_string())).copied())
            .collect();
        (!vals.is_empty()).then(|| vals.iter().sum())
    }
    fn constant(&mut self, name: &Code) -> Option<f64> {
        (name.as_str() == "MILLION").then_some(1e6)
    }
}

fn data() -> Data {
    let mut m = BTreeMap::new();
    for (c, per, v) in [
        ("A", "2025-01", 10.0),
        ("A", "2025-02", 20.0),
        ("A", "2025-03", 30.0),
        ("A", "2024-03", 24.0),
        ("B", "2025-03", 4.0),
        ("C", "2025-03", 0.0),
    ] {
        m.insert((c.to_string(), per.to_string()), v);
    }
    Data(m, Vec::new())
}

fn at(text: &str, period: &str) -> Option<f64> {
    let e = p(text);
    evaluate(&e, Period::parse(period).expect("period"), &mut data())
}

#[test]
fn evaluation_with_offsets_and_gaps() {
    assert_eq!(at("#{A} / #{B}", "2025-03"), Some(7.5));
    assert_eq!(at("prev(#{A})", "2025-03"), Some(20.0));
    assert_eq!(at("prev(#{A}, 2)", "2025-03"), Some(10.0));
    assert_eq!(at("last_year(#{A})", "2025-03"), Some(24.0));
    assert_eq!(at("ytd(#{A})", "2025-03"), Some(60.0));
    assert_eq!(
        at("ytd(#{A}) / #{B}", "2025-03"),
        Some(15.0),
        "ytd applies inside only"
    );
    assert_eq!(
        at(
            "(#{A} - last_year(#{A})) / last_year(#{A}) * 100",
            "2025-03"
        ),
        Some(25.0)
    );
    assert_eq!(at("#{A} / #{C}", "2025-03"), None, "division by zero");
    assert_eq!(at("#{A} + #{B}", "2025-02"), None, "B missing");
    assert_eq!(at("coalesce(#{B}, 0) + #{A}", "2025-02"), Some(20.0));
    assert_eq!(at("is_null(#{B})", "2025-02"), Some(1.0));
    assert_eq!(
        at("min(#{A}, #{B})", "2025-02"),
        Some(20.0),
        "min of those present"
    );
    assert_eq!(
        at("#{B} > 0 and #{A} > 100", "2025-02"),
        Some(0.0),
        "false and missing"
    );
    assert_eq!(
        at("#{B} > 0 or #{A} > 1", "2025-02"),
        Some(1.0),
        "missing or true"
    );
    assert_eq!(at("#{B} > 0 or #{A} > 100", "2025-02"), None);
    assert_eq!(at("if(#{C} > 0, 1, 2)", "2025-03"), Some(2.0));
    assert_eq!(
        at("round(2.5) + round(-2.5) + round(1.2345, 2)", "2025-03"),
        Some(1.23)
    );
    assert_eq!(at("#{A} / C{MILLION}", "2025-03"), Some(0.00003));
    assert_eq!(
        at("10 ^ 400", "2025-03"),
        None,
        "overflow is missing, not infinite"
    );
    assert_eq!(at("-2 ^ 2", "2025-03"), Some(-4.0));
    assert_eq!(at("ytd(#{A}) + period_in_year()", "2025-03"), Some(63.0));
}

#[test]
fn ratio_semantics_aggregate_each_reference_first() {
    // The lookup is asked for A and B over the window, once each: the formula divides the
    // aggregates, it never averages ratios.
    let mut d = data();
    let e = p("ytd(#{A} / #{B})");
    let _ = evaluate(&e, Period::parse("2025-03").expect("period"), &mut d);
    assert_eq!(
        d.1,
        vec!["A@2025-01+2025-02+2025-03", "B@2025-01+2025-02+2025-03"]
    );
}

#[test]
fn cycles_are_found_with_their_path() {
    let mut g: BTreeMap<Code, BTreeSet<Code>> = BTreeMap::new();
    g.insert(code("X"), deps::indicators(&p("#{Y} + #{A}")));
    g.insert(code("Y"), deps::indicators(&p("#{Z} * 2")));
    g.insert(code("Z"), deps::indicators(&p("#{B}")));
    assert_eq!(deps::find_cycle(&g), None);
    g.insert(code("Z"), deps::indicators(&p("#{B} + prev(#{X})")));
    let cycle: Vec<String> = deps::find_cycle(&g)
        .expect("cycle")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(cycle, ["X", "Y", "Z", "X"]);
    g.insert(code("S"), deps::indicators(&p("#{S}")));
    assert!(deps::find_cycle(&g).is_some());
}

fn arb_expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0u32..1000, 0u32..4)
            .prop_map(|(n, d)| Expr::new(ExprKind::Number(f64::from(n) / 10f64.powi(d as i32)))),
        (0.0f64..1e25).prop_map(|n| Expr::new(ExprKind::Number(n))),
        prop::sample::select(vec!["A", "B", "ECO_GRDP", "X.Y-1"])
            .prop_map(|c| Expr::new(ExprKind::Indicator(code(c)))),
        Just(Expr::new(ExprKind::Constant(code("MILLION")))),
    ];
    leaf.prop_recursive(6, 48, 4, |inner| {
        let ops = prop::sample::select(vec![
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Pow,
            BinaryOp::Eq,
            BinaryOp::Ne,
            BinaryOp::Lt,
            BinaryOp::Le,
            BinaryOp::Gt,
            BinaryOp::Ge,
            BinaryOp::And,
            BinaryOp::Or,
        ]);
        prop_oneof![
            (ops, inner.clone(), inner.clone()).prop_map(|(op, l, r)| Expr::new(
                ExprKind::Binary {
                    op,
                    lhs: Box::new(l),
                    rhs: Box::new(r)
                }
            )),
            (prop::bool::ANY, inner.clone()).prop_map(|(neg, x)| Expr::new(ExprKind::Unary {
                op: if neg { UnaryOp::Neg } else { UnaryOp::Not },
                operand: Box::new(x)
            })),
            (
                prop::sample::select(Function::ALL.to_vec()),
                prop::collection::vec(inner, 1..4)
            )
                .prop_map(|(function, mut args)| {
                    let (lo, hi) = function.arity();
                    args.truncate(hi.unwrap_or(args.len()));
                    while args.len() < lo {
                        args.push(Expr::new(ExprKind::Number(1.0)));
                    }
                    Expr::new(ExprKind::Call { function, args })
                }),
        ]
    })
}

proptest! {
    #[test]
    fn printing_then_parsing_gives_the_same_tree(e in arb_expr()) {
        let text = e.to_string();
        let back = parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
        prop_assert_eq!(back, e, "{}", text);
    }

    #[test]
    fn evaluation_never_panics(e in arb_expr(), vals in prop::collection::vec(prop::option::of(-1e300f64..1e300), 8)) {
        struct Random(Vec<Option<f64>>, usize);
        impl Lookup for Random {
            fn indicator(&mut self, _: &Code, _: &Window) -> Option<f64> {
                self.1 += 1;
                self.0[self.1 % self.0.len()]
            }
            fn constant(&mut self, _: &Code) -> Option<f64> {
                Some(f64::MAX)
            }
        }
        for per in ["2025", "2025-01", "1970-01", "2025W01"] {
            let r = evaluate(&e, Period::parse(per).expect("period"), &mut Random(vals.clone(), 0));
            prop_assert!(r.is_none_or(f64::is_finite));
        }
    }

    #[test]
    fn parsing_never_panics(text in "[#C{}()0-9a-z_A-Z.,+*/^<>=!&| \n-]{0,60}") {
        let _ = parse_checked(&text, &scope());
    }
}
