//! Locales and the three-language text every message and explanation carries.

use serde::{Deserialize, Serialize};

/// The output language: simplified Chinese, traditional Chinese or English.
///
/// Parsing is forgiving about the spelling a host platform uses:
///
/// ```
/// use jixiao::Locale;
/// assert_eq!(Locale::parse("zh-Hant"), Some(Locale::ZhTw));
/// assert_eq!(Locale::parse("en-US"), Some(Locale::En));
/// assert_eq!(Locale::parse("zh"), Some(Locale::ZhCn));
/// assert_eq!(Locale::parse("fr"), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub enum Locale {
    /// 简体中文 (default).
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// 繁體中文.
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Reads a BCP-47-like tag: `zh-CN`, `zh_cn`, `zh-Hans`, `zh` → [`Locale::ZhCn`];
    /// `zh-TW`, `zh-HK`, `zh-Hant` → [`Locale::ZhTw`]; `en`, `en-US` → [`Locale::En`].
    ///
    /// ```
    /// assert_eq!(jixiao::Locale::parse("zh_TW"), Some(jixiao::Locale::ZhTw));
    /// ```
    pub fn parse(tag: &str) -> Option<Locale> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        if t == "en" || t.starts_with("en-") {
            return Some(Locale::En);
        }
        if t == "zh-tw" || t == "zh-hk" || t == "zh-mo" || t.starts_with("zh-hant") {
            return Some(Locale::ZhTw);
        }
        if t == "zh" || t == "zh-cn" || t == "zh-sg" || t.starts_with("zh-hans") {
            return Some(Locale::ZhCn);
        }
        None
    }

    /// The canonical tag: `"zh-CN"`, `"zh-TW"` or `"en"`.
    ///
    /// ```
    /// assert_eq!(jixiao::Locale::En.tag(), "en");
    /// ```
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }
}

/// One piece of text in the three supported locales.
///
/// ```
/// use jixiao::{Locale, Text};
/// let t = Text::new("权重", "權重", "weight");
/// assert_eq!(t.get(Locale::ZhTw), "權重");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct Text {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// Traditional Chinese.
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    /// English.
    #[serde(rename = "en")]
    pub en: String,
}

impl Text {
    /// Builds a text from its three translations.
    ///
    /// ```
    /// let t = jixiao::Text::new("分", "分", "pts");
    /// assert_eq!(t.en, "pts");
    /// ```
    pub fn new(zh_cn: impl Into<String>, zh_tw: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh_cn: zh_cn.into(),
            zh_tw: zh_tw.into(),
            en: en.into(),
        }
    }

    /// The same text in every locale (names, numbers).
    ///
    /// ```
    /// assert_eq!(jixiao::Text::same("E001").zh_tw, "E001");
    /// ```
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            zh_cn: s.clone(),
            zh_tw: s.clone(),
            en: s,
        }
    }

    /// The translation for `locale`.
    ///
    /// ```
    /// use jixiao::{Locale, Text};
    /// assert_eq!(Text::new("是", "是", "yes").get(Locale::En), "yes");
    /// ```
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::ZhTw => &self.zh_tw,
            Locale::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from three `format!` templates sharing the same arguments
/// (`text!("共 {n} 人", "共 {n} 人", "{n} people")`).
macro_rules! text {
    ($cn:literal, $tw:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::i18n::Text::new(format!($cn $(, $arg)*), format!($tw $(, $arg)*), format!($en $(, $arg)*))
    };
}
pub(crate) use text;

/// Picks one of three `format!` templates by locale: the one-locale twin of [`text!`],
/// for text written straight into an output in the caller's locale.
macro_rules! tr {
    ($loc:expr, $cn:literal, $tw:literal, $en:literal $(, $a:expr)* $(,)?) => {
        match $loc {
            $crate::i18n::Locale::ZhCn => format!($cn $(, $a)*),
            $crate::i18n::Locale::ZhTw => format!($tw $(, $a)*),
            $crate::i18n::Locale::En => format!($en $(, $a)*),
        }
    };
}
pub(crate) use tr;
