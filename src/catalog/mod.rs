//! The catalog: the built-in indicator library, its expansion into a scheme, and the
//! ready scheme templates (DESIGN.md, "The indicator library and scheme templates").
//!
//! - `library.rs`: the indicator table, and how an entry is listed in one locale.
//! - `expand.rs`: the `library` pre-pass that fills library indicators into a scheme document.
//! - `templates.rs`: the embedded scheme templates, resolved to one locale.

mod expand;
mod library;
mod templates;

pub(crate) use expand::{expand_library, uses_library};
pub use library::{indicators, library_indicator, IndicatorUnit, LibraryIndicator};
pub use templates::{template, templates, SampleCases, Template};
