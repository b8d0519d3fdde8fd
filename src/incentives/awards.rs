//! Award places (销售之星 …): who wins, at which competition rank, and what share of a
//! prize a tie at the cut gets (DESIGN.md, "Ranking and ties", and the awards paragraph of
//! "Incentives (激励: commission, bonus, pools, awards)").

use crate::numbers::{round, RoundingMode};
use crate::scheme::AwardTies;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Places an award share is cut to when the places left do not divide evenly.
const SHARE_PLACES: u32 = 20;

/// A winner's place in an award: competition rank and share of a prize.
///
/// ```
/// use rust_decimal::Decimal;
/// let p = jixiao::incentives::award_places(&[Some(Decimal::ONE)], 3, jixiao::scheme::AwardTies::Include);
/// assert_eq!(p[0], Some(jixiao::incentives::AwardPlace { rank: 1, share: Decimal::ONE, tied: 1 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct AwardPlace {
    /// Competition rank (1, 2, 2, 4), higher figure first.
    pub rank: u32,
    /// Share of one prize: 1, or places left ÷ group size for a split tie.
    pub share: Decimal,
    /// How many share this rank (1 when not tied).
    pub tied: u32,
}

/// Award places (销售之星 …): ranks the figures, higher first, by competition ranking
/// (1, 2, 2, 4); `None` figures take no place. With [`AwardTies::Include`] everyone ranked
/// ≤ `top` wins a full prize (share 1), so a tie at the cut can make more winners; with
/// [`AwardTies::Split`] the tied group crossing the cut shares the places left equally
/// (places left ÷ group size: exact when it divides, else cut to 20 places so the shares
/// never add up to more than `top`).
///
/// ```
/// use rust_decimal::Decimal;
/// use jixiao::{incentives::award_places, scheme::AwardTies};
/// let f = [Some(Decimal::from(90)), Some(Decimal::from(80)), Some(Decimal::from(70)), Some(Decimal::from(70)), None];
/// let split = award_places(&f, 3, AwardTies::Split);
/// let shares: Vec<Option<String>> = split.iter().map(|p| p.as_ref().map(|p| p.share.to_string())).collect();
/// assert_eq!(shares, [Some("1".into()), Some("1".into()), Some("0.5".into()), Some("0.5".into()), None]);
/// let include = award_places(&f, 3, AwardTies::Include);
/// assert_eq!(include[3].as_ref().map(|p| (p.rank, p.share)), Some((3, Decimal::ONE)));
/// ```
pub fn award_places(figures: &[Option<Decimal>], top: u32, ties: AwardTies) -> Vec<Option<AwardPlace>> {
    let mut order: Vec<(usize, Decimal)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|v| (i, v)))
        .collect();
    order.sort_by_key(|x| std::cmp::Reverse(x.1)); // stable: ties keep the input order
    let mut out: Vec<Option<AwardPlace>> = vec![None; figures.len()];
    let mut pos = 0usize;
    while let Some((_, value)) = order.get(pos).copied() {
        let size = order
            .get(pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|(_, v)| *v == value)
            .count()
            .max(1);
        let end = pos.saturating_add(size);
        let rank = u32::try_from(pos).unwrap_or(u32::MAX).saturating_add(1);
        if rank > top {
            break;
        }
        let tied = u32::try_from(size).unwrap_or(u32::MAX);
        let last = rank.saturating_add(tied).saturating_sub(1);
        let share = if ties == AwardTies::Include || last <= top {
            Decimal::ONE
        } else {
            split_share(top.saturating_sub(rank).saturating_add(1), tied)
        };
        for (i, _) in order.get(pos..end).unwrap_or_default() {
            if let Some(slot) = out.get_mut(*i) {
                *slot = Some(AwardPlace { rank, share, tied });
            }
        }
        pos = end;
    }
    out
}

/// `left ÷ size`, exact when it divides, else cut toward zero so that size × share ≤ left.
fn split_share(left: u32, size: u32) -> Decimal {
    let (l, s) = (Decimal::from(left), Decimal::from(size));
    let Some(q) = l.checked_div(s) else {
        return Decimal::ZERO;
    };
    let mut share = round(q, SHARE_PLACES, RoundingMode::Down);
    if share.checked_mul(s).is_none_or(|t| t > l) {
        share = share.checked_sub(Decimal::new(1, SHARE_PLACES)).unwrap_or_default();
    }
    share.normalize()
}
