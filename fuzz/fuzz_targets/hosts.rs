//! The Huoban, Feishu Bitable and Jiandaoyun readers and writers on any JSON.
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::json::{
    from_feishu_json, from_huoban_json, from_jiandaoyun_json, to_feishu_json, to_huoban_json, to_jiandaoyun_json,
};
use jixiao_fuzz::{no_internal, no_internal_in, value};
use libfuzzer_sys::fuzz_target;

fn run(u: &mut Unstructured) -> Result<()> {
    let (a, b) = (value(u, 4)?.to_string(), value(u, 3)?.to_string());
    let options = value(u, 1)?.to_string();
    let results = match u.choose_index(6)? {
        0 => from_huoban_json(&a, &b, &options),
        1 => from_feishu_json(&a, &options),
        2 => from_jiandaoyun_json(&a, &b, &options),
        3 => to_huoban_json(&a, &b, &options),
        4 => to_feishu_json(&a, &options),
        _ => to_jiandaoyun_json(&a, &b, &options),
    };
    match results {
        Ok(out) => drop(no_internal_in(&out)),
        Err(e) => no_internal(&e),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
