//! Where in the formula a problem is, and the errors that point there: the message says
//! which character and quotes the source from it.

use super::FORMULA_MAX_DEPTH;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;

/// Errors travel boxed inside the parser and evaluator: small results keep the recursive
/// frames small.
pub(super) type Fail = Box<JixiaoError>;

/// How many characters of the formula an error message quotes.
pub(super) const EXCERPT_CHARS: usize = 12;

/// A place in the source: character offset (reported) and byte offset (for excerpts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct At {
    pub(super) ch: usize,
    pub(super) byte: usize,
}

/// Quotes up to [`EXCERPT_CHARS`] characters of `src` from byte `byte`; `None` at the end.
fn excerpt(src: &str, byte: usize) -> Option<String> {
    let rest = src.get(byte..)?;
    let mut out: String = rest.chars().take(EXCERPT_CHARS).collect();
    if out.is_empty() {
        return None;
    }
    if rest.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    Some(out)
}

/// An error at a place in the formula: the message says where and quotes the source there.
pub(super) fn fail_at(code: ErrorCode, src: &str, at: At, detail: Text) -> Fail {
    let n = at.ch.saturating_add(1);
    let messages = match excerpt(src, at.byte) {
        Some(ex) => Text::new(
            format!("公式第 {n} 个字符（“{ex}”）：{}", detail.zh_cn),
            format!("公式第 {n} 個字元（「{ex}」）：{}", detail.zh_tw),
            format!("formula, character {n} (\"{ex}\"): {}", detail.en),
        ),
        None => Text::new(
            format!("公式第 {n} 个字符（公式末尾）：{}", detail.zh_cn),
            format!("公式第 {n} 個字元（公式末尾）：{}", detail.zh_tw),
            format!("formula, character {n} (end of formula): {}", detail.en),
        ),
    };
    Box::new(JixiaoError::new(code, "", messages).at_position(at.ch))
}

pub(super) fn syntax(src: &str, at: At, detail: Text) -> Fail {
    fail_at(ErrorCode::FormulaSyntax, src, at, detail)
}

pub(super) fn too_deep(src: &str, at: At) -> Fail {
    fail_at(
        ErrorCode::TooLarge,
        src,
        at,
        text!(
            "公式嵌套超过 {} 层",
            "公式巢狀超過 {} 層",
            "the formula nests deeper than {} levels",
            FORMULA_MAX_DEPTH
        ),
    )
}
