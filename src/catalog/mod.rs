//! The catalog: the built-in indicator library, its expansion into a scheme, and the
//! ready scheme templates (DESIGN.md, "The indicator library and scheme templates").
//!
//! - `library.rs`: the indicator table, and how an entry is listed in one locale.
//! - `expand.rs`: the `library` pre-pass that fills library indicators into a scheme document.
//! - `templates.rs`: the embedded scheme templates, resolved to one locale.
//! - `json.rs`: the string entry points `indicators_json`, `templates_json`, `template_json`.

mod expand;
mod json;
mod library;
mod templates;

pub(crate) use expand::{expand_library, uses_library};
pub use json::{indicators_json, template_json, templates_json};
pub use library::{indicators, library_indicator, IndicatorUnit, LibraryIndicator};
pub use templates::{template, templates, SampleCases, Template};
