//! An evaluation's output written in parts, so that no part outgrows a JavaScript string
//! (V8 holds at most about 512 MiB in one) and no big buffer is grown without asking the
//! allocator first; and the heap an evaluation is expected to take (DESIGN.md, "Large
//! tables").
//! Their order is documented on [`super::evaluate_encoded_parts`].

use crate::engine::{read_options, with_numbers, CompactOutput, Decimals, EvaluateOutput, Explain, OutputMode};
use crate::error::JixiaoError;
use indexmap::IndexMap;
use serde::Serialize;

/// About how many bytes one part holds at most (a long item may make it longer).
pub const PART_BYTES: usize = 32 << 20;

/// About how many bytes of heap an evaluation of `rows_bytes` of rows takes with these
/// `options` (JSON text; unreadable options count as the default), measured on the demo
/// scheme at 20 000 and 100 000 people: ~7× the rows' bytes for `"totals"` and `"scores"`,
/// ~27× for `"full"`, ~55× explained. The binding grows wasm memory to it in one step
/// (DESIGN.md, "Large tables").
///
/// ```
/// let lean = jixiao::json::heap_estimate(1_000, r#"{"output":"totals"}"#);
/// let full = jixiao::json::heap_estimate(1_000, "{}");
/// let explained = jixiao::json::heap_estimate(1_000, r#"{"explain":true}"#);
/// assert!(lean < full && full < explained);
/// ```
pub fn heap_estimate(rows_bytes: usize, options: &str) -> usize {
    let options = read_options("evaluate", options).unwrap_or_default();
    let factor = match (options.output, &options.explain) {
        (_, Explain::Every(true)) => 56,
        (OutputMode::Full, _) => 28,
        _ => 8,
    };
    rows_bytes.saturating_mul(factor)
}

/// An output whose long lists are written apart from the rest.
pub(crate) trait LongLists: Serialize {
    /// Writes each long list through `parts`, leaving it empty in `self`.
    fn write_lists(&mut self, parts: &mut Parts<'_>) -> Result<(), JixiaoError>;
}

impl LongLists for EvaluateOutput {
    fn write_lists(&mut self, parts: &mut Parts<'_>) -> Result<(), JixiaoError> {
        parts.lists(&mut self.results, &mut self.errors, &mut self.rows)
    }
}

impl LongLists for CompactOutput {
    fn write_lists(&mut self, parts: &mut Parts<'_>) -> Result<(), JixiaoError> {
        parts.lists(&mut self.results, &mut self.errors, &mut self.rows)
    }
}

/// An output's write-back rows.
type WriteBack = Option<Vec<IndexMap<String, serde_json::Value>>>;

/// Hands the parts of one output, in order, to a sink.
pub(crate) struct Parts<'s> {
    sink: &'s mut dyn FnMut(String),
    limit: usize,
}

impl<'s> Parts<'s> {
    /// Parts of at most about `limit` bytes, given to `sink`.
    pub(crate) fn new(sink: &'s mut dyn FnMut(String), limit: usize) -> Parts<'s> {
        Parts { sink, limit }
    }

    /// Writes `out` in parts: its long lists, then the rest, decimals as `decimals` says.
    pub(crate) fn write<T: LongLists>(&mut self, mut out: T, decimals: Decimals) -> Result<(), JixiaoError> {
        with_numbers(decimals == Decimals::Number, || {
            out.write_lists(self)?;
            let envelope = serde_json::to_string(&out).map_err(JixiaoError::cannot_write_result)?;
            (self.sink)(envelope);
            Ok(())
        })
    }

    /// Writes an output's three long lists, leaving them empty (`rows` stays absent when it is).
    fn lists<R: Serialize>(
        &mut self,
        results: &mut Vec<R>,
        errors: &mut Vec<JixiaoError>,
        rows: &mut WriteBack,
    ) -> Result<(), JixiaoError> {
        self.list("results", std::mem::take(results))?;
        self.list("errors", std::mem::take(errors))?;
        match rows {
            Some(rows) => self.list("rows", std::mem::take(rows)),
            None => Ok(()),
        }
    }

    /// Writes `items` as `key`'s arrays, dropping each item once written.
    fn list<E: Serialize>(&mut self, key: &str, items: Vec<E>) -> Result<(), JixiaoError> {
        let mut part = String::new();
        let count = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let text = serde_json::to_string(&item).map_err(JixiaoError::cannot_write_result)?;
            if !part.is_empty() && part.len().saturating_add(text.len()) >= self.limit {
                self.close(key, &mut part)?;
            }
            if part.is_empty() {
                let left = count.saturating_sub(i);
                part.try_reserve_exact(self.room_for(text.len(), left))
                    .map_err(|_| JixiaoError::out_of_memory())?;
            }
            grow(&mut part, text.len().saturating_add(2))?;
            part.push(if part.is_empty() { '[' } else { ',' });
            part.push_str(&text);
        }
        if part.is_empty() {
            return Ok(());
        }
        self.close(key, &mut part)
    }

    /// The room a new part takes at once, judged by its first item (`first` bytes) and the
    /// `left` items still to write: growing a big buffer by doubling would hold the old
    /// and the new one at once and grow wasm memory page by page.
    fn room_for(&self, first: usize, left: usize) -> usize {
        let guess = first.saturating_add(1).saturating_mul(left);
        guess
            .saturating_add(guess / 4)
            .min(self.limit.saturating_add(self.limit / 8))
    }

    /// Ends the array in `part` and hands it over after `key`.
    fn close(&mut self, key: &str, part: &mut String) -> Result<(), JixiaoError> {
        grow(part, 1)?;
        part.push(']');
        (self.sink)(key.to_string());
        (self.sink)(std::mem::take(part));
        Ok(())
    }
}

/// Room for `more` bytes in `part`, or `TOO_LARGE` when memory has none.
fn grow(part: &mut String, more: usize) -> Result<(), JixiaoError> {
    part.try_reserve(more).map_err(|_| JixiaoError::out_of_memory())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::engine::{EvaluateOptions, OutputMode};
    use crate::Engine;
    use serde_json::Value;

    const SCHEME: &str = r#"{"fields":{"id":"id"},"indicators":[{"key":"q","weight":100,
        "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#;

    /// The output assembled from its parts as the JS package does (`readOutput`).
    fn assemble(parts: &[String]) -> Value {
        let (envelope, pairs) = parts.split_last().unwrap();
        let mut out: Value = serde_json::from_str(envelope).unwrap();
        for pair in pairs.chunks(2) {
            let items: Vec<Value> = serde_json::from_str(&pair[1]).unwrap();
            out[&pair[0]].as_array_mut().unwrap().extend(items);
        }
        out
    }

    #[test]
    fn parts_of_any_size_assemble_to_the_one_text() {
        let engine = Engine::from_json(SCHEME).unwrap();
        let rows: Vec<String> = (0..40)
            .map(|i| {
                if i % 7 == 3 {
                    format!(r#"{{"id":"E{i}","q":"x"}}"#)
                } else {
                    format!(r#"{{"id":"E{i}","q":{i}}}"#)
                }
            })
            .collect();
        let rows = rows.join("\n");
        for output in [OutputMode::Full, OutputMode::Scores, OutputMode::Totals] {
            let options = EvaluateOptions {
                output,
                explain: true.into(),
                ..Default::default()
            };
            let whole = engine.evaluate_rows(&Default::default(), &rows, &options).unwrap();
            let whole: Value = match output {
                OutputMode::Full => serde_json::to_value(&whole).unwrap(),
                lean => serde_json::to_value(engine.compact(whole, lean)).unwrap(),
            };
            for limit in [1, 300, 5_000, PART_BYTES] {
                let out = engine.evaluate_rows(&Default::default(), &rows, &options).unwrap();
                let mut parts = Vec::new();
                let mut sink = |p: String| parts.push(p);
                let mut writer = Parts::new(&mut sink, limit);
                match output {
                    OutputMode::Full => writer.write(out, Decimals::String).unwrap(),
                    lean => writer.write(engine.compact(out, lean), Decimals::String).unwrap(),
                }
                assert_eq!(assemble(&parts), whole, "{output:?} in parts of {limit} bytes");
                let arrays = parts.len() / 2;
                match limit {
                    1 => assert_eq!(arrays, 40 + 6, "one item per array"),
                    PART_BYTES => assert_eq!(arrays, 2, "results and errors, one array each"),
                    _ => assert!(parts.iter().skip(1).step_by(2).all(|p| p.len() < limit + 2_000)),
                }
            }
        }
    }
}
