//! Organisation-tree target decomposition (组织树目标分解, `decomposeTree`): a company
//! total split down a tree (company → regions → teams → reps) so that every node's
//! children sum **exactly** to the node. Pure core: no wasm-bindgen here (DESIGN.md,
//! "Organisation trees").
//!
//! # Files
//!
//! | file | what it decides |
//! |---|---|
//! | `input.rs` | the input types: the tree, its nodes, capacities |
//! | `flat.rs` | the tree flattened in pre-order within the limits; a node's JSON pointer |
//! | `settings.rs` | every node's own settings checked; the root's total and unit; what every split shares |
//! | `hires.rs` | the period, the ramp, each new hire's ramp factor and days employed |
//! | `node.rs` | one node split over its children (weights × new-hire factors, the flat split), every node in pre-order |
//! | `below_unit.rs` | a node worth less than one unit: all of it to the largest child with room |
//! | `result.rs` | the result types, and the result written with its explanation |
//! | `run.rs` | `decompose_tree`: the steps in order |
//!
//! # Levels
//!
//! The root gets `total × (1 + uplift)`: the uplift applies **once, at the root**, never
//! again below it. Every node with children is then split over them by
//! [`crate::decompose`] with that node's value as the total, so each level follows the
//! rules of a flat decomposition, as documented there: multiples of `unit` by largest
//! remainder (ties: the earlier child), the remainder below one unit to the largest
//! unlocked child with room under its `max`, `min`/`max` bounds moved inward to the unit
//! (impossible bounds are `INVALID_SETTING` at the child or at the node's `children`),
//! `locked` values kept as given. A node's own `method` splits its children; without
//! one, the input's `method` (default `equal`) is used. Methods: `equal`, `weights` (each
//! child's `weight`), `history` (each child's `history`) and `capacity` (each child's
//! `capacity`: a number, or `{ "headcount": …, "productivity": … }` whose product is
//! used). `working_days` has no meaning in a tree and is an error.
//!
//! So the root's own remainder below one unit (a total that is not a multiple of the
//! unit) travels down one chain of largest children to one leaf, and a locked value finer
//! than the unit does the same below its node; every other value is a multiple of the
//! unit.
//!
//! A node whose value is above 0 but below one unit (possible deep in a tree) gives all of
//! it (less its locked children) to its unlocked child with the largest weight that has
//! room under its `max` (ties: the earlier); a child with a `min` above 0 there is an
//! error, and so is every unlocked child weighing 0 (as in [`crate::decompose`]). A node
//! worth 0 gives 0 to every unlocked child, and its children's weights may then all be 0.
//! Otherwise every node needs a child with a weight above 0.
//!
//! The root's value is the total: `locked`, `min`, `max` or `start` on the root is an
//! error. A negative `locked`, `min` or `max` is an error wherever it is; a negative
//! `weight`, `history` or `capacity` when its parent's method uses it.
//!
//! # New hires: ramp and proration
//!
//! Only **leaves** (people) may have a `start` date (on a node with children it is an
//! error), and `asOf` (the period's first day) is then required. `periodEnd` (inclusive)
//! defaults to the last day of `asOf`'s month. A new hire's weight under its parent's
//! method (1 for `equal`) is multiplied by:
//!
//! * **ramp** (when `ramp` is given): *m* = the whole months from `start` to `asOf`
//!   (a month is whole when the same day of month is reached: 2024-11-15 → 2025-01-15 is
//!   2 whole months, → 2025-01-14 is 1; a start on the 31st completes a month only on a
//!   31st or in the next month: 2025-01-31 → 2025-02-28 is 0; 0 when `start` ≥ `asOf`).
//!   The person is in month *m* + 1 and the factor is `ramp[m]` (month 1 → `ramp[0]` …),
//!   the last value beyond the list.
//! * **proration by days**: one who starts after `asOf` but on or before `periodEnd` is
//!   employed (days from `start` to `periodEnd`, both included) of the period's (days from
//!   `asOf` to `periodEnd`, both included); one who starts after `periodEnd`, 0 days (a
//!   weight of 0). To keep this exact, when any child of a node is prorated, every child's
//!   weight is multiplied by its days in the period (the full period's days for the
//!   others) instead of by a rounded fraction: the shares are the same.
//!
//! So with `ramp: ["0.25","0.5","0.75","1"]`, `asOf: 2025-01-01`, `periodEnd: 2025-01-31`:
//! a rep who started 2024-06-01 has factor 1 (month 8, beyond the list); 2024-12-01 →
//! month 2 → 0.5; 2025-01-17 → month 1 → 0.25 × 15/31; 2025-02-01 → 0.
//!
//! ```
//! let out = jixiao::json::decompose_tree_json(r#"{"total":1000,"unit":1,"asOf":"2025-01-01",
//!   "ramp":["0.25","0.5","0.75","1"],"root":{"id":"team","children":[
//!   {"id":"a","start":"2024-06-01"},{"id":"b","start":"2024-12-01"},
//!   {"id":"c","start":"2025-01-17"},{"id":"d","start":"2025-02-01"}]}}"#).unwrap();
//! let d: jixiao::targets::TreeDecomposition = serde_json::from_str(&out).unwrap();
//! let values: Vec<&str> = d.nodes.iter().map(|n| n.value.as_str()).collect();
//! // weights 1×31 : 0.5×31 : 0.25×15 : 0.25×0 days
//! assert_eq!(values, ["1000", "617", "308", "75", "0"]);
//! assert_eq!(d.nodes[3].proration.as_deref(), Some("0.4839"));
//! ```
//!
//! # Limits
//!
//! At most 32 levels (`depth` 0‥31) and 100 000 nodes: beyond is `TOO_LARGE` at the
//! node whose `children` are too deep, or at `/root`. The JSON entry's own nesting limit
//! (JSON text nested past 127 levels: a tree of 64 levels or more) is reported with the
//! same code at `/root`. The tree is walked iteratively.
//!
//! # Output
//!
//! Nodes in pre-order; `share` is value ÷ the parent's value (the root: 1; 0 under a node
//! worth 0), 4 places. Values use the unit's places, more only when a remainder finer than
//! the unit needs them (every value then shows the same places). The explanation has the
//! total, the period, each node's split (its method, the shares, who got the leftover
//! units and the remainder) and each new hire's month, ramp and days.

mod below_unit;
mod flat;
mod hires;
mod input;
mod node;
mod result;
mod run;
mod settings;

pub use flat::{TREE_MAX_LEVELS, TREE_MAX_NODES};
pub(crate) use input::{tree_too_deep, unknown_tree_method};
pub use input::{TreeCapacity, TreeInput, TreeNode};
pub use result::{TreeDecomposition, TreeNodeResult};
pub use run::decompose_tree;
