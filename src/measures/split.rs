//! Credit splits: the shares a `split.shares` cell gives the split owners (each 0–1,
//! Σ ≤ 1, the rest to the `owner`s equally), and a row's amount split by the credited
//! weights to the cent with the largest remainder, so the parts sum exactly to the row.

use super::cells::cell_text;
use super::owners::{Credit, Member, SEPARATORS};
use crate::i18n::Text;
use crate::numbers::{checked_add, checked_div, checked_sub, split_largest_remainder};
use crate::records::number_of_value;
use rust_decimal::Decimal;
use serde_json::Value;

/// A bad shares cell: the raw value shown, and what is wrong.
pub(super) type ShareProblem = (String, Text);

/// The shares a cell lists (`[0.6, 0.4]`, `["60%", "40%"]`, `"60%,40%"`); `Err` holds the
/// raw text of a share that is not a number.
fn shares(v: &Value, out: &mut Vec<Decimal>) -> Result<(), String> {
    match v {
        Value::Null => Ok(()),
        Value::Array(items) => items.iter().try_for_each(|i| shares(i, out)),
        Value::String(s) if s.contains(SEPARATORS) => {
            for part in s.split(SEPARATORS).map(str::trim).filter(|t| !t.is_empty()) {
                shares(&Value::String(part.to_string()), out)?;
            }
            Ok(())
        }
        other => match number_of_value(other) {
            Ok(Some(x)) => {
                out.push(x);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(bad) => Err(bad.raw),
        },
    }
}

/// The weighted entries of a row whose shares cell is given: each split owner with its
/// share, then (when the shares leave a rest) each owner with an equal part of the rest.
pub(super) fn shared_entries(
    owners: &[Member],
    split_members: &[Member],
    cell: &Value,
) -> Result<Vec<(Member, Decimal)>, ShareProblem> {
    let list = checked_shares(split_members.len(), cell)?;
    let sum = list.iter().try_fold(Decimal::ZERO, |a, s| checked_add(a, *s).ok());
    check_sum(sum, owners.is_empty(), cell)?;
    let rest = checked_sub(Decimal::ONE, sum.unwrap_or(Decimal::ONE)).unwrap_or(Decimal::ZERO);
    let mut entries: Vec<(Member, Decimal)> = split_members.iter().cloned().zip(list).collect();
    if !rest.is_zero() {
        let each = checked_div(rest, Decimal::from(owners.len())).unwrap_or(Decimal::ZERO);
        entries.extend(owners.iter().map(|mem| (mem.clone(), each)));
    }
    Ok(entries)
}

/// The shares of the cell: numbers, one per split owner (`split_owners` of them), each
/// between 0 and 1.
fn checked_shares(split_owners: usize, cell: &Value) -> Result<Vec<Decimal>, ShareProblem> {
    let mut list = Vec::new();
    match shares(cell, &mut list) {
        Err(raw) => {
            let text = Text::new(
                format!("分配比例 “{raw}” 不是有效数字"),
                format!("分配比例「{raw}」不是有效數字"),
                format!("the share \"{raw}\" is not a valid number"),
            );
            Err((raw, text))
        }
        Ok(()) if list.len() != split_owners => {
            let n = list.len();
            Err((
                cell_text(Some(cell)).unwrap_or_default(),
                Text::new(
                    format!("{split_owners} 个协作人却有 {n} 个分配比例"),
                    format!("{split_owners} 個協作人卻有 {n} 個分配比例"),
                    format!("{split_owners} people share the row but {n} shares are given"),
                ),
            ))
        }
        Ok(()) => match list
            .iter()
            .find(|s| s.is_sign_negative() && !s.is_zero() || **s > Decimal::ONE)
        {
            Some(s) => Err((
                s.to_string(),
                Text::new(
                    format!("分配比例 {s} 不在 0 到 1 之间（写 0.6 或 60%）"),
                    format!("分配比例 {s} 不在 0 到 1 之間（寫 0.6 或 60%）"),
                    format!("the share {s} is not between 0 and 1 (write 0.6 or 60%)"),
                ),
            )),
            None => Ok(list),
        },
    }
}

/// The shares sum to at most 1, and to 1 exactly when no owner takes the rest.
fn check_sum(sum: Option<Decimal>, no_owner: bool, cell: &Value) -> Result<(), ShareProblem> {
    match sum {
        Some(s) if s > Decimal::ONE => Err((
            cell_text(Some(cell)).unwrap_or_default(),
            Text::new(
                format!("分配比例之和 {s} 超过 1"),
                format!("分配比例之和 {s} 超過 1"),
                format!("the shares sum to {s}, more than 1"),
            ),
        )),
        Some(s) if s < Decimal::ONE && no_owner => Err((
            cell_text(Some(cell)).unwrap_or_default(),
            Text::new(
                format!("分配比例之和 {s} 不足 1，且没有负责人承接其余部分"),
                format!("分配比例之和 {s} 不足 1，且沒有負責人承接其餘部分"),
                format!("the shares sum to {s}, less than 1, and no owner takes the rest"),
            ),
        )),
        _ => Ok(()),
    }
}

/// Splits a row's amount by the credited weights, to the cent (or finer, when the
/// amount has more places), largest remainder: the parts sum exactly to the amount.
pub(super) fn split_amount(amount: Decimal, credited: &[Credit], money: u32) -> Option<Vec<Decimal>> {
    if let [_] = credited {
        return Some(vec![amount]);
    }
    let weights: Vec<Decimal> = credited.iter().map(|(_, w)| *w).collect();
    let places = money.max(amount.scale()).min(28);
    let unit = Decimal::new(1, places);
    let negative = amount.is_sign_negative();
    let parts = split_largest_remainder(amount.abs(), &weights, unit).ok()?;
    Some(if negative {
        parts
            .into_iter()
            .map(|p| Decimal::ZERO.checked_sub(p).unwrap_or(p))
            .collect()
    } else {
        parts
    })
}
