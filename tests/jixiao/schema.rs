//! The scheme's JSON Schema (DESIGN.md, "The scheme's JSON Schema").

use crate::common::repo_path;

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = format!("{:#}\n", jixiao::scheme::json_schema());
    let path = repo_path("schema/scheme.schema.json");
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "schema/scheme.schema.json is stale: run `UPDATE=1 cargo test --test jixiao schema::`");
}
