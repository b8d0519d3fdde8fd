//! The field table: every column name the plan reads, registered once, so row decoding
//! keeps only those columns and a dotted name (`负责人.name`) reads into an object cell.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the column lookup runs once per key of every row, and SipHash's protection
/// against chosen collisions is not needed here: the map holds the scheme's own column
/// names, fixed at compile time, so a row's keys can only be looked up, never inserted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Column name → index, hashed with [`Fnv`].
pub(crate) type ColumnIndex = HashMap<String, usize, BuildHasherDefault<Fnv>>;

/// A reference to a field path in [`FieldTable::paths`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldRef(pub usize);

/// A field name as the user wrote it, resolved to row columns.
#[derive(Clone, Debug)]
pub(crate) struct FieldPath {
    /// The name as written (`负责人.name`).
    pub name: String,
    /// The column holding the whole name.
    pub exact: usize,
    /// For a dotted name: the column of the first segment and the rest of the path.
    pub nested: Option<(usize, Vec<String>)>,
}

/// The columns a plan reads, so row decoding keeps only those.
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldTable {
    /// Top-level column names read from rows.
    pub columns: Vec<String>,
    /// Column name → index in `columns`.
    pub index: ColumnIndex,
    /// Field paths.
    pub paths: Vec<FieldPath>,
    by_name: HashMap<String, usize>,
}

impl FieldTable {
    fn column(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        let i = self.columns.len();
        self.columns.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    /// Registers a field name, returning its reference.
    pub fn field(&mut self, name: &str) -> FieldRef {
        if let Some(i) = self.by_name.get(name) {
            return FieldRef(*i);
        }
        let exact = self.column(name);
        let nested = match name.split_once('.') {
            Some((head, rest)) if !head.is_empty() && !rest.is_empty() => {
                let col = self.column(head);
                Some((col, rest.split('.').map(str::to_string).collect()))
            }
            _ => None,
        };
        let i = self.paths.len();
        self.paths.push(FieldPath {
            name: name.to_string(),
            exact,
            nested,
        });
        self.by_name.insert(name.to_string(), i);
        FieldRef(i)
    }

    /// The name of a field reference.
    pub fn name(&self, f: FieldRef) -> &str {
        self.paths.get(f.0).map(|p| p.name.as_str()).unwrap_or("")
    }
}
