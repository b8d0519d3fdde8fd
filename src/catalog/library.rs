//! The built-in indicator library (指标库): common sales indicators with their formula
//! over input columns, unit, direction, a suggested scoring and an explanation in zh-CN,
//! zh-TW and en (DESIGN.md, "The indicator library and scheme templates").

use crate::formula::parse_formula;
use crate::i18n::{Locale, Text};
use crate::scheme::Direction;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What kind of figure a library indicator gives.
///
/// ```
/// let u: jixiao::catalog::IndicatorUnit = serde_json::from_str("\"money\"").unwrap();
/// assert_eq!(u, jixiao::catalog::IndicatorUnit::Money);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum IndicatorUnit {
    /// A ratio (0.85 is 85 %).
    Rate,
    /// An amount of money.
    Money,
    /// A count (customers, visits).
    Count,
    /// A score already on a 0‥100 scale.
    Score,
    /// A number of days.
    Days,
}

/// One entry of the indicator library, as [`indicators`] lists it (names and text in one locale).
///
/// ```
/// let all = jixiao::indicators(Some(jixiao::Locale::En));
/// let c = all.iter().find(|e| e.key == "collection_rate").unwrap();
/// assert_eq!(c.name, "Collection rate");
/// assert_eq!(c.formula, "实际回款额 / 应收款总额");
/// assert_eq!(c.columns, ["实际回款额", "应收款总额"]);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct LibraryIndicator {
    /// The key a scheme names it by (`"library": "collection_rate"`).
    pub key: String,
    /// The name in the requested locale.
    pub name: String,
    /// The name in all three locales.
    pub names: Text,
    /// What the indicator measures, as a formula over input columns (Chinese names).
    pub formula: String,
    /// Every input column it reads (the formula's names, then the target column).
    pub columns: Vec<String>,
    /// The indicator's actual value in a scheme: a column name or a formula.
    pub actual: String,
    /// The column holding each person's target, when the indicator is scored against one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `rate`, `money`, `count`, `score` or `days`.
    pub unit: IndicatorUnit,
    /// `higher_better` or `lower_better` (反向指标).
    pub direction: Direction,
    /// The scoring used when the indicator gives none: on the value when there is no
    /// target, else against the target.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Scoring"))]
    pub scoring: Value,
    /// The scoring used when the indicator has a target (its own or the library's).
    #[serde(rename = "targetScoring")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Scoring"))]
    pub target_scoring: Value,
    /// What it measures and how to read it, in the requested locale.
    pub text: String,
    /// The explanation in all three locales.
    pub texts: Text,
}

/// How a library entry is scored when the indicator gives no scoring of its own.
enum Suggested {
    /// Bands on the value: `(min, score)` from the top.
    Bands(&'static [(&'static str, u32)]),
    /// Piecewise on the value: `(x, score)` points, x increasing.
    Piecewise(&'static [(&'static str, u32)]),
    /// The value is already a 0‥100 score.
    Direct,
    /// Only against a target (the entry has a target column).
    Target,
}

/// A library entry as stored.
pub(super) struct Entry {
    pub(super) key: &'static str,
    pub(super) names: [&'static str; 3],
    formula: &'static str,
    /// The actual value when it is not the formula (achievement-style entries: the formula
    /// is actual / target, the actual one column).
    actual: Option<&'static str>,
    pub(super) target: Option<&'static str>,
    unit: IndicatorUnit,
    pub(super) direction: Direction,
    scoring: Suggested,
    /// The linear scoring against a target: (floor, cap).
    linear: (Option<&'static str>, &'static str),
    pub(super) text: [&'static str; 3],
}

use Direction::{HigherBetter as Up, LowerBetter as Down};
use IndicatorUnit::{Count, Days, Money, Rate, Score};

const RATE_BANDS: &[(&str, u32)] = &[("1", 100), ("0.9", 90), ("0.8", 80), ("0.6", 60)];
const QUALITY_BANDS: &[(&str, u32)] = &[("0.95", 100), ("0.9", 90), ("0.8", 75), ("0.7", 60)];

/// The library. Keys are snake_case English; formulas read Chinese column names.
pub(super) const ENTRIES: &[Entry] = &[
    Entry {
        key: "sales_achievement",
        names: ["销售额达成率", "銷售額達成率", "Sales attainment"],
        formula: "销售额 / 销售目标",
        actual: Some("销售额"),
        target: Some("销售目标"),
        unit: Rate,
        direction: Up,
        scoring: Suggested::Target,
        linear: (Some("0.6"), "1.2"),
        text: [
            "本期销售额占销售目标的比例，衡量业绩完成情况。按目标线性计分：达成 60% 以下 0 分，最高按 120% 封顶。",
            "本期銷售額占銷售目標的比例，衡量業績完成情況。按目標線性計分：達成 60% 以下 0 分，最高按 120% 封頂。",
            "Sales this period as a share of the sales target: how much of the quota was met. Scored linearly against the target: 0 below 60%, capped at 120%.",
        ],
    },
    Entry {
        key: "collection_rate",
        names: ["回款率", "回款率", "Collection rate"],
        formula: "实际回款额 / 应收款总额",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(RATE_BANDS),
        linear: (None, "1.2"),
        text: [
            "实际收回的款项占应收款总额的比例。回款率低说明销售额没有变成现金，常与提成挂钩（如回款率低于 60% 不发提成）。",
            "實際收回的款項占應收款總額的比例。回款率低說明銷售額沒有變成現金，常與提成掛鉤（如回款率低於 60% 不發提成）。",
            "Cash collected as a share of total receivables. A low rate means sales did not turn into cash; often gates commission (e.g. none below 60%).",
        ],
    },
    Entry {
        key: "on_time_collection_rate",
        names: ["回款及时率", "回款及時率", "On-time collection rate"],
        formula: "按期回款额 / 到期应收款",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(QUALITY_BANDS),
        linear: (None, "1.2"),
        text: [
            "到期应收款中按合同约定日期收回的比例，衡量回款节奏与客户信用管理。",
            "到期應收款中按合約約定日期收回的比例，衡量回款節奏與客戶信用管理。",
            "The share of receivables due that was collected by the contractual date: the pace of collection and credit control.",
        ],
    },
    Entry {
        key: "gross_margin",
        names: ["毛利率", "毛利率", "Gross margin"],
        formula: "(销售额 - 成本) / 销售额",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.1", 0), ("0.35", 100)]),
        linear: (None, "1.2"),
        text: [
            "销售额扣除成本后的毛利占销售额的比例，防止以低价换销量。建议按本行业水平给出目标值。",
            "銷售額扣除成本後的毛利占銷售額的比例，防止以低價換銷量。建議按本行業水準給出目標值。",
            "Gross profit (sales minus cost) as a share of sales; keeps volume from being bought with discounts. Give a target that fits your industry.",
        ],
    },
    Entry {
        key: "gross_profit",
        names: ["毛利额", "毛利額", "Gross profit"],
        formula: "销售额 - 成本",
        actual: None,
        target: Some("毛利目标"),
        unit: Money,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "销售额减去成本后的毛利金额，按毛利目标计算达成率。",
            "銷售額減去成本後的毛利金額，按毛利目標計算達成率。",
            "Sales minus cost, in money, scored against a gross-profit target.",
        ],
    },
    Entry {
        key: "sales_expense_ratio",
        names: ["销售费用率", "銷售費用率", "Sales expense ratio"],
        formula: "销售费用 / 销售额",
        actual: None,
        target: None,
        unit: Rate,
        direction: Down,
        scoring: Suggested::Piecewise(&[("0.05", 100), ("0.15", 0)]),
        linear: (None, "1.2"),
        text: [
            "销售费用占销售额的比例，越低越好（反向指标）。无目标时 5% 及以下满分、15% 及以上 0 分；有目标时达成率 = 目标 ÷ 实际。",
            "銷售費用占銷售額的比例，越低越好（反向指標）。無目標時 5% 及以下滿分、15% 及以上 0 分；有目標時達成率 = 目標 ÷ 實際。",
            "Selling expenses as a share of sales; lower is better. Without a target: 5% or less scores full, 15% or more scores 0; with a target, achievement = target ÷ actual.",
        ],
    },
    Entry {
        key: "clv",
        names: ["客户终身价值（CLV）", "客戶終身價值（CLV）", "Customer lifetime value (CLV)"],
        formula: "客户年平均消费额 * 预计合作年限 * 毛利率 - 客户获取成本",
        actual: None,
        target: Some("CLV目标"),
        unit: Money,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "客户在合作期内带来的毛利减去获取成本，衡量大客户经营的长期价值。按 CLV 目标计算达成率。",
            "客戶在合作期內帶來的毛利減去獲取成本，衡量大客戶經營的長期價值。按 CLV 目標計算達成率。",
            "The gross profit a customer brings over the expected relationship minus what winning them cost: the long-term value of an account. Scored against a CLV target.",
        ],
    },
    Entry {
        key: "referral_rate",
        names: ["客户推荐率", "客戶推薦率", "Referral rate"],
        formula: "推荐新客户数 / 总客户数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0", 0), ("0.2", 100)]),
        linear: (None, "1.2"),
        text: [
            "现有客户推荐来的新客户数占客户总数的比例，反映客户满意与口碑。20% 及以上满分。",
            "現有客戶推薦來的新客戶數占客戶總數的比例，反映客戶滿意與口碑。20% 及以上滿分。",
            "New customers referred by existing ones as a share of all customers: satisfaction and word of mouth. 20% or more scores full.",
        ],
    },
    Entry {
        key: "solution_fit",
        names: ["方案匹配度", "方案匹配度", "Solution fit"],
        formula: "客户认可方案要点数 / 总方案要点数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(&[("0.9", 100), ("0.8", 85), ("0.7", 70), ("0.6", 60)]),
        linear: (None, "1.2"),
        text: [
            "客户认可的方案要点占方案要点总数的比例，衡量顾问式销售对客户需求的把握。",
            "客戶認可的方案要點占方案要點總數的比例，衡量顧問式銷售對客戶需求的掌握。",
            "The share of a proposal's points the customer accepted: how well consultative selling met the customer's needs.",
        ],
    },
    Entry {
        key: "contract_approval_rate",
        names: ["合同审批通过率", "合同審批通過率", "Contract approval rate"],
        formula: "合规合同数 / 提交合同数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(&[("1", 100), ("0.95", 90), ("0.9", 80), ("0.8", 60)]),
        linear: (None, "1.2"),
        text: [
            "一次审批即合规通过的合同占提交合同的比例，衡量合同质量与合规意识。",
            "一次審批即合規通過的合同占提交合同的比例，衡量合同品質與合規意識。",
            "Contracts approved as compliant at first review as a share of those submitted: contract quality and compliance.",
        ],
    },
    Entry {
        key: "team_turnover_rate",
        names: ["团队流失率", "團隊流失率", "Team turnover rate"],
        formula: "离职人数 / 平均人数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Down,
        scoring: Suggested::Piecewise(&[("0.05", 100), ("0.3", 0)]),
        linear: (None, "1.2"),
        text: [
            "期内离职人数占平均在岗人数的比例，越低越好（反向指标），衡量管理者留人能力。5% 及以下满分、30% 及以上 0 分。",
            "期內離職人數占平均在職人數的比例，越低越好（反向指標），衡量管理者留人能力。5% 及以下滿分、30% 及以上 0 分。",
            "Leavers as a share of the average headcount; lower is better: how well a manager keeps the team. 5% or less scores full, 30% or more scores 0.",
        ],
    },
    Entry {
        key: "forecast_accuracy",
        names: ["预测准确率", "預測準確率", "Forecast accuracy"],
        formula: "1 - ABS(实际销售额 - 预测销售额) / 实际销售额",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(QUALITY_BANDS),
        linear: (None, "1.2"),
        text: [
            "1 减去预测偏差占实际销售额的比例，高估和低估同样扣分，衡量销售预测（管道管理）的可靠性。",
            "1 減去預測偏差占實際銷售額的比例，高估和低估同樣扣分，衡量銷售預測（管道管理）的可靠性。",
            "1 minus the forecast error as a share of actual sales; over- and under-forecasting cost alike. Measures how reliable the sales forecast (pipeline) is.",
        ],
    },
    Entry {
        key: "new_customers",
        names: ["新客户数", "新客戶數", "New customers"],
        formula: "新客户数",
        actual: None,
        target: Some("新客户目标"),
        unit: Count,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.5"),
        text: [
            "本期新签约的客户数量，按新客户目标计算达成率，最高按 150% 封顶。",
            "本期新簽約的客戶數量，按新客戶目標計算達成率，最高按 150% 封頂。",
            "Customers signed for the first time this period, scored against a new-customer target, capped at 150%.",
        ],
    },
    Entry {
        key: "average_order_value",
        names: ["客单价", "客單價", "Average order value"],
        formula: "销售额 / 成交订单数",
        actual: None,
        target: Some("客单价目标"),
        unit: Money,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "销售额除以成交订单数，反映单笔成交的规模与交叉销售能力，按客单价目标计分。",
            "銷售額除以成交訂單數，反映單筆成交的規模與交叉銷售能力，按客單價目標計分。",
            "Sales divided by the number of orders won: deal size and cross-selling, scored against a target.",
        ],
    },
    Entry {
        key: "visit_completion_rate",
        names: ["拜访完成率", "拜訪完成率", "Visit completion rate"],
        formula: "实际拜访次数 / 计划拜访次数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(RATE_BANDS),
        linear: (None, "1"),
        text: [
            "实际完成的客户拜访占计划拜访的比例，衡量过程执行（行为指标）。",
            "實際完成的客戶拜訪占計劃拜訪的比例，衡量過程執行（行為指標）。",
            "Customer visits made as a share of those planned: execution of the sales process (a behaviour indicator).",
        ],
    },
    Entry {
        key: "opportunity_conversion_rate",
        names: ["商机转化率", "商機轉化率", "Opportunity win rate"],
        formula: "赢单商机数 / 商机总数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.05", 0), ("0.3", 100)]),
        linear: (None, "1.2"),
        text: [
            "赢单的商机占全部商机的比例，衡量跟进质量。5% 及以下 0 分，30% 及以上满分。",
            "贏單的商機占全部商機的比例，衡量跟進品質。5% 及以下 0 分，30% 及以上滿分。",
            "Opportunities won as a share of all opportunities: the quality of follow-up. 5% or less scores 0, 30% or more scores full.",
        ],
    },
    Entry {
        key: "customer_retention_rate",
        names: ["客户留存率", "客戶留存率", "Customer retention rate"],
        formula: "留存客户数 / 期初客户数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.6", 0), ("0.95", 100)]),
        linear: (None, "1.2"),
        text: [
            "期初客户中到期末仍在合作的比例，衡量客户维护。60% 及以下 0 分，95% 及以上满分。",
            "期初客戶中到期末仍在合作的比例，衡量客戶維護。60% 及以下 0 分，95% 及以上滿分。",
            "The share of customers at the start of the period still buying at its end: account care. 60% or less scores 0, 95% or more full.",
        ],
    },
    Entry {
        key: "complaint_rate",
        names: ["客户投诉率", "客戶投訴率", "Complaint rate"],
        formula: "投诉次数 / 服务客户数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Down,
        scoring: Suggested::Piecewise(&[("0", 100), ("0.1", 0)]),
        linear: (None, "1.2"),
        text: [
            "投诉次数与服务客户数之比，越低越好（反向指标）。没有投诉满分，10% 及以上 0 分。",
            "投訴次數與服務客戶數之比，越低越好（反向指標）。沒有投訴滿分，10% 及以上 0 分。",
            "Complaints per customer served; lower is better. No complaints scores full, 10% or more scores 0.",
        ],
    },
    Entry {
        key: "bad_debt_ratio",
        names: ["坏账率", "壞帳率", "Bad debt ratio"],
        formula: "坏账金额 / 应收款总额",
        actual: None,
        target: None,
        unit: Rate,
        direction: Down,
        scoring: Suggested::Piecewise(&[("0", 100), ("0.05", 0)]),
        linear: (None, "1.2"),
        text: [
            "确认无法收回的应收款占应收款总额的比例，越低越好（反向指标）。0 满分，5% 及以上 0 分。",
            "確認無法收回的應收款占應收款總額的比例，越低越好（反向指標）。0 滿分，5% 及以上 0 分。",
            "Receivables written off as a share of total receivables; lower is better. 0 scores full, 5% or more scores 0.",
        ],
    },
    Entry {
        key: "customer_satisfaction",
        names: ["客户满意度", "客戶滿意度", "Customer satisfaction"],
        formula: "满意度得分",
        actual: None,
        target: None,
        unit: Score,
        direction: Up,
        scoring: Suggested::Direct,
        linear: (None, "1.2"),
        text: [
            "客户满意度调查的百分制得分，直接计入（已是 0–100 分）。",
            "客戶滿意度調查的百分制得分，直接計入（已是 0–100 分）。",
            "The customer satisfaction survey score on a 0–100 scale, taken as the indicator's score.",
        ],
    },
    Entry {
        key: "market_share",
        names: ["市场占有率", "市場佔有率", "Market share"],
        formula: "本公司销售额 / 区域市场总额",
        actual: None,
        target: Some("市场占有率目标"),
        unit: Rate,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "本公司在区域市场销售总额中的份额，按占有率目标计算达成率。",
            "本公司在區域市場銷售總額中的份額，按佔有率目標計算達成率。",
            "The company's share of total sales in the region, scored against a market-share target.",
        ],
    },
    Entry {
        key: "market_coverage",
        names: ["市场覆盖率", "市場覆蓋率", "Market coverage"],
        formula: "已覆盖网点数 / 目标网点数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.5", 0), ("1", 100)]),
        linear: (None, "1.2"),
        text: [
            "已开发并有交易的网点占规划目标网点的比例，衡量新市场的覆盖进度。50% 及以下 0 分，全覆盖满分。",
            "已開發並有交易的網點占規劃目標網點的比例，衡量新市場的覆蓋進度。50% 及以下 0 分，全覆蓋滿分。",
            "Outlets opened and trading as a share of the outlets planned: how far a new market is covered. 50% or less scores 0, full coverage full.",
        ],
    },
    Entry {
        key: "distribution_rate",
        names: ["铺货率", "鋪貨率", "Distribution rate"],
        formula: "铺货门店数 / 目标门店数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.5", 0), ("1", 100)]),
        linear: (None, "1.2"),
        text: [
            "已铺货（上架）的门店占目标门店的比例，快消渠道的基础指标。",
            "已鋪貨（上架）的門店占目標門店的比例，快消通路的基礎指標。",
            "Stores stocking the products as a share of target stores: the basic FMCG channel indicator.",
        ],
    },
    Entry {
        key: "sell_through_rate",
        names: ["动销率", "動銷率", "Sell-through rate"],
        formula: "动销SKU数 / 铺货SKU数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Piecewise(&[("0.4", 0), ("0.9", 100)]),
        linear: (None, "1.2"),
        text: [
            "期内有销售的 SKU 占已铺货 SKU 的比例，衡量铺下去的货是否真正卖得动。",
            "期內有銷售的 SKU 占已鋪貨 SKU 的比例，衡量鋪下去的貨是否真正賣得動。",
            "SKUs that sold this period as a share of SKUs stocked: whether what was placed actually moves.",
        ],
    },
    Entry {
        key: "display_compliance_rate",
        names: ["陈列达标率", "陳列達標率", "Display compliance rate"],
        formula: "陈列达标门店数 / 检查门店数",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(QUALITY_BANDS),
        linear: (None, "1.2"),
        text: [
            "抽查门店中陈列（排面、价签、堆头）符合标准的比例。",
            "抽查門店中陳列（排面、價籤、堆頭）符合標準的比例。",
            "The share of stores checked whose display (shelf space, price tags, stacks) met the standard.",
        ],
    },
    Entry {
        key: "team_achievement",
        names: ["团队销售达成率", "團隊銷售達成率", "Team sales attainment"],
        formula: "团队销售额 / 团队销售目标",
        actual: Some("团队销售额"),
        target: Some("团队销售目标"),
        unit: Rate,
        direction: Up,
        scoring: Suggested::Target,
        linear: (Some("0.6"), "1.2"),
        text: [
            "管理者所带团队的销售额占团队目标的比例，60% 以下 0 分，最高按 120% 封顶。",
            "管理者所帶團隊的銷售額占團隊目標的比例，60% 以下 0 分，最高按 120% 封頂。",
            "The team's sales as a share of the team target, for its manager: 0 below 60%, capped at 120%.",
        ],
    },
    Entry {
        key: "per_capita_sales",
        names: ["人均销售额", "人均銷售額", "Sales per head"],
        formula: "团队销售额 / 团队人数",
        actual: None,
        target: Some("人均销售目标"),
        unit: Money,
        direction: Up,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "团队销售额除以团队人数，衡量团队人效，按人均目标计分。",
            "團隊銷售額除以團隊人數，衡量團隊人效，按人均目標計分。",
            "Team sales divided by headcount: the team's productivity, scored against a per-head target.",
        ],
    },
    Entry {
        key: "training_completion_rate",
        names: ["培训完成率", "培訓完成率", "Training completion rate"],
        formula: "完成培训课时 / 计划培训课时",
        actual: None,
        target: None,
        unit: Rate,
        direction: Up,
        scoring: Suggested::Bands(RATE_BANDS),
        linear: (None, "1"),
        text: [
            "完成的培训课时占计划课时的比例，平衡计分卡“学习与成长”维度的常用指标。",
            "完成的培訓課時占計劃課時的比例，平衡計分卡「學習與成長」構面的常用指標。",
            "Training hours completed as a share of those planned: a common indicator of the balanced scorecard's learning and growth perspective.",
        ],
    },
    Entry {
        key: "average_collection_days",
        names: ["平均回款天数", "平均回款天數", "Average collection days"],
        formula: "回款天数合计 / 回款笔数",
        actual: None,
        target: Some("回款天数目标"),
        unit: Days,
        direction: Down,
        scoring: Suggested::Target,
        linear: (None, "1.2"),
        text: [
            "从开票到收款的平均天数，越短越好（反向指标）：达成率 = 目标天数 ÷ 实际天数。",
            "從開票到收款的平均天數，越短越好（反向指標）：達成率 = 目標天數 ÷ 實際天數。",
            "Average days from invoice to payment; shorter is better: achievement = target days ÷ actual days.",
        ],
    },
];

pub(super) fn entry(key: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.key == key)
}

pub(super) fn text3(t: &[&str; 3]) -> Text {
    let [cn, tw, en] = *t;
    Text::new(cn, tw, en)
}

impl Entry {
    /// The formula's column names, then the target column.
    pub(super) fn columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = match parse_formula(self.formula) {
            Ok(f) => f.names().iter().map(|s| s.to_string()).collect(),
            Err(_) => Vec::new(),
        };
        for c in self.actual.iter().chain(self.target.iter()) {
            if !cols.iter().any(|x| x == c) {
                cols.push((*c).to_string());
            }
        }
        cols
    }

    pub(super) fn actual_text(&self) -> &'static str {
        self.actual.unwrap_or(self.formula)
    }

    pub(super) fn value_scoring(&self) -> Option<Value> {
        let pairs = |list: &[(&str, u32)]| -> Vec<Value> { list.iter().map(|(x, s)| json!([x, s])).collect() };
        match self.scoring {
            Suggested::Bands(list) => Some(json!({
                "type": "bands", "on": "value",
                "bands": list.iter().map(|(m, s)| json!({ "min": m, "score": s })).collect::<Vec<_>>()
            })),
            Suggested::Piecewise(list) => Some(json!({ "type": "piecewise", "on": "value", "points": pairs(list) })),
            Suggested::Direct => Some(json!({ "type": "direct" })),
            Suggested::Target => None,
        }
    }

    pub(super) fn target_scoring(&self) -> Value {
        let (floor, cap) = self.linear;
        match floor {
            Some(f) => json!({ "type": "linear", "floor": f, "cap": cap }),
            None => json!({ "type": "linear", "cap": cap }),
        }
    }

    fn listing(&self, locale: Locale) -> LibraryIndicator {
        let names = text3(&self.names);
        let texts = text3(&self.text);
        LibraryIndicator {
            key: self.key.to_string(),
            name: names.get(locale).to_string(),
            names,
            formula: self.formula.to_string(),
            columns: self.columns(),
            actual: self.actual_text().to_string(),
            target: self.target.map(str::to_string),
            unit: self.unit,
            direction: self.direction,
            scoring: self.value_scoring().unwrap_or_else(|| self.target_scoring()),
            target_scoring: self.target_scoring(),
            text: texts.get(locale).to_string(),
            texts,
        }
    }
}

/// The indicator library, names and explanations in `locale` (default zh-CN).
///
/// ```
/// let lib = jixiao::indicators(None);
/// let e = lib.iter().find(|e| e.key == "sales_expense_ratio").unwrap();
/// assert_eq!(e.name, "销售费用率");
/// assert_eq!(e.direction, jixiao::scheme::Direction::LowerBetter);
/// assert!(lib.len() >= 15);
/// ```
pub fn indicators(locale: Option<Locale>) -> Vec<LibraryIndicator> {
    let locale = locale.unwrap_or_default();
    ENTRIES.iter().map(|e| e.listing(locale)).collect()
}

/// One library entry by key, in `locale` (default zh-CN); `None` for an unknown key.
///
/// ```
/// let e = jixiao::catalog::library_indicator("forecast_accuracy", None).unwrap();
/// assert_eq!(e.formula, "1 - ABS(实际销售额 - 预测销售额) / 实际销售额");
/// assert!(jixiao::catalog::library_indicator("nope", None).is_none());
/// ```
pub fn library_indicator(key: &str, locale: Option<Locale>) -> Option<LibraryIndicator> {
    entry(key).map(|e| e.listing(locale.unwrap_or_default()))
}
