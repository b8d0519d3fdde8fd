#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
use serde_json::json;
fn show(v: serde_json::Value) {
    let r = jixiao::validate_scheme_json(&v.to_string(), Some(jixiao::Locale::En));
    println!("ok={} {}", r.ok, v);
    for i in &r.issues { println!("  {} {:?} {} | {}", i.code.as_str(), i.severity, i.path, i.message); }
}
#[test]
fn probe() {
    let d = json!({"key":"b","weight":50,"actual":{"field":"b"},"scoring":{"type":"direct"}});
    show(json!({"indicators":[{"key":"a","weight":"x","actual":{"field":"a"},"scoring":{"type":"direct"}}, {"key":"b","weight":100,"actual":{"field":"b"},"target":{"field":"t"},"scoring":{"type":"linear"},"category":"zz"}]}));
    show(json!({"indicators":[{"key":"a","weight":50,"actual":{"field":"a"},"scoring":{"type":"linaer"}}, d]}));
    show(json!({"indicators":[{"key":"a","weight":50,"actual":{"field":"a"},"scoring":{"type":"linear","flor":1}}, d]}));
    show(json!({"indicators":[{"key":"a","weight":50,"actual":{"field":"a"},"scoring":{"type":"direct"},"wieght":3}, d]}));
    show(json!({"fields":{"role":"r"},"roles":{"x":{"weights":{"a":60}}},"indicators":[{"key":"a","weight":{},"actual":{"field":"a"},"scoring":{"type":"direct"}}, d]}));
    show(json!({"indicators":[{"key":"a","weight":50,"actual":{"formula":"x+1"},"scoring":{"type":"direct"}}, d], "vetoes":[{"key":"v","when":"A > 1"}]}));
    show(json!({"indicators":[{"key":"a","weight":50,"actual":{"field":"a"},"scoring":{"type":"pass_fail","pass":{"indicator":"c","op":">","value":1}}},{"key":"c","weight":50,"scoring":{"type":"pass_fail","pass":{"indicator":"a","op":">","value":1}}}]}));
    show(json!({"grades":{"type":"forced","distribution":[]},"indicators":[d.clone(), {"key":"c","weight":50,"actual":{"field":"a"},"scoring":{"type":"direct"}}]}));
    show(json!({"rounding":{"mode":"sideways","score":"x"},"weighting":"flat","indicators":[d.clone()]}));
    show(json!({"indicators":[{"key":"a","weight":100,"actual":{"field":"a"},"scoring":{"type":"bands","bands":[{"min":1,"score":1},{"min":3,"score":1},{"min":2,"score":1}]}}]}));
    show(json!({"indicators":[{"key":"a","weight":100,"actual":{"field":"a"},"scoring":{"type":"bands","bands":[{"min":1,"score":1},{"min":1,"score":1}]}}]}));
    show(json!({"indicators":"x"}));
    show(json!({"indicators":[1, d]}));
}
