//! The closed vocabularies every crate shares: a document's status on a date,
//! how one document relates to another, and the kinds of item read from a
//! document. Each is an enum with one machine spelling (`as_str`, serde, the
//! value stored in SQLite and the index) and, where people see it, one
//! Chinese label (`label_zh`). Text read back from a store or a request is
//! parsed with `FromStr`; a value outside the vocabulary is an
//! [`UnknownValue`] naming it, never a silent default.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A word that is not in a vocabulary: which vocabulary, and the word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` 不是已知的 {vocabulary}（应为其中之一：{expected}）")]
pub struct UnknownValue {
    /// `status`, `relation`, `fact kind` …
    pub vocabulary: &'static str,
    pub value: String,
    /// The accepted spellings, comma separated.
    pub expected: String,
}

/// Declares `as_str`, `ALL`, `Display` (padding honoured) and `FromStr` for a
/// fieldless enum from one table of (variant, spelling), so the spellings
/// cannot drift apart. Serde uses the same spellings (checked by tests).
macro_rules! vocabulary {
    ($ty:ident, $name:literal, [$(($v:ident, $s:literal)),+ $(,)?]) => {
        impl $ty {
            pub const ALL: [$ty; [$($s),+].len()] = [$($ty::$v),+];

            /// The machine spelling: JSON, CSV, the store and the index.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$v => $s,)+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<$ty, UnknownValue> {
                $ty::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| UnknownValue {
                    vocabulary: $name,
                    value: s.to_string(),
                    expected: $ty::ALL.map(|x| x.as_str()).join(", "),
                })
            }
        }
    };
}

pub(crate) use vocabulary;

/// Whether a document (or the work it is a version of) is in force on a
/// date. That a text was amended is not a status: the work stays in force,
/// and which of its versions is current is [`Currency`](crate::Currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotYetInForce,
    InForce,
    Expired,
    Repealed,
    Unknown,
}

// `ALL` in the order the API documents and lists them (live ones first).
vocabulary!(Status, "status", [
    (InForce, "in_force"),
    (NotYetInForce, "not_yet_in_force"),
    (Expired, "expired"),
    (Repealed, "repealed"),
    (Unknown, "unknown"),
]);

impl Status {
    /// In force (现行有效, amended or not): what `--in-force-on` keeps.
    pub fn is_live(self) -> bool {
        self == Status::InForce
    }

    /// The label the reading room shows.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::InForce => "现行有效",
            Status::NotYetInForce => "尚未施行",
            Status::Expired => "已失效",
            Status::Repealed => "已废止",
            Status::Unknown => "状态不明",
        }
    }
}

/// How a citing document relates to the document it names, as its text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Any mention without a stronger verb.
    Cites,
    /// 根据…制定 / 为贯彻落实…: the citing document implements the cited one.
    Implements,
    /// 作如下修改 / 修订: the citing document amends the cited one.
    Amends,
    /// 予以废止 / 同时废止 / 废止N件: the citing document repeals the cited one.
    Repeals,
    /// The citing document prints the cited one again (a 集中修改 decision).
    Republishes,
    /// A 继续有效 catalog row: the cited document stays valid.
    KeepsValid,
    /// 延长…有效期: the citing document extends the cited one's term.
    Extends,
    /// 宣布失效: the citing document declares the cited one expired.
    DeclaresExpired,
    /// 暂时调整实施 / 暂停实施: the citing document suspends the cited one's
    /// provisions (named or all) for a time; the cited one stays in force.
    Suspends,
}

vocabulary!(Relation, "relation", [
    (Cites, "cites"),
    (Implements, "implements"),
    (Amends, "amends"),
    (Repeals, "repeals"),
    (Republishes, "republishes"),
    (KeepsValid, "keeps_valid"),
    (Extends, "extends"),
    (DeclaresExpired, "declares_expired"),
    (Suspends, "suspends"),
]);

impl Relation {
    /// The relation spelled `s`, if it is one.
    pub fn parse(s: &str) -> Option<Relation> {
        s.parse().ok()
    }

    /// The label the reading room shows.
    pub fn label_zh(self) -> &'static str {
        match self {
            Relation::Cites => "引用",
            Relation::Implements => "依据",
            Relation::Amends => "修改",
            Relation::Repeals => "废止",
            Relation::Republishes => "重新公布",
            Relation::KeepsValid => "继续有效",
            Relation::Extends => "延长有效期",
            Relation::DeclaresExpired => "宣布失效",
            Relation::Suspends => "暂停实施",
        }
    }
}

/// The kinds of item gongwen-extract reads from a document and ingest stores
/// (the `fact.kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A support measure (补贴, 奖励 …).
    Measure,
    /// A task with its responsible units and deadline.
    Task,
    /// A quantified target.
    Target,
    /// A 任免 (appointment or removal).
    Appointment,
    /// A member of a leading group or 工作专班.
    Member,
}

vocabulary!(FactKind, "fact kind", [
    (Measure, "measure"),
    (Task, "task"),
    (Target, "target"),
    (Appointment, "appointment"),
    (Member, "member"),
]);

/// What a support measure gives its beneficiary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Money granted outright: an award, a subsidy, 奖补, 以奖代补, 资助.
    #[default]
    Grant,
    /// A share of a base (按设备投资的8%给予).
    Rate,
    /// An amount per unit (每平方米1000元).
    PerUnit,
    /// A loan, credit line or guarantee.
    Loan,
    /// An interest subsidy (贴息).
    Interest,
    /// Money paid back: 返还, 先征后返, 退税.
    Refund,
    /// Tax or fee relief: 免征, 减半征收, 减免, 加计扣除.
    TaxRelief,
    /// Another financial benefit.
    Other,
}

vocabulary!(MeasureKind, "measure kind", [
    (Grant, "grant"),
    (Rate, "rate"),
    (PerUnit, "per_unit"),
    (Loan, "loan"),
    (Interest, "interest"),
    (Refund, "refund"),
    (TaxRelief, "tax_relief"),
    (Other, "other"),
]);

impl MeasureKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            MeasureKind::Grant => "资金奖补",
            MeasureKind::Rate => "按比例奖补",
            MeasureKind::PerUnit => "按单位奖补",
            MeasureKind::Loan => "贷款担保",
            MeasureKind::Interest => "贴息",
            MeasureKind::Refund => "返还",
            MeasureKind::TaxRelief => "减免税费",
            MeasureKind::Other => "其他优惠",
        }
    }
}

/// What a [`crate::TableCheck`] compares with the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// A 合计/总计/小计 row against the column's sum.
    Total,
    /// A heading's `（9名）` against the rows under it.
    Count,
}

vocabulary!(CheckKind, "table check kind", [(Total, "total"), (Count, "count")]);

/// What a dated line of a law's history records. The spelling is the
/// Chinese verb itself, as `gongwen parse` has always written `events[].kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LawEventKind {
    #[serde(rename = "通过")]
    Adopted,
    #[serde(rename = "公布")]
    Promulgated,
    #[serde(rename = "修正")]
    Amended,
    #[serde(rename = "修订")]
    Revised,
    #[serde(rename = "施行")]
    Effective,
    #[serde(rename = "批准")]
    Approved,
    #[serde(rename = "其他")]
    Other,
}

vocabulary!(LawEventKind, "law event kind", [
    (Adopted, "通过"),
    (Promulgated, "公布"),
    (Amended, "修正"),
    (Revised, "修订"),
    (Effective, "施行"),
    (Approved, "批准"),
    (Other, "其他"),
]);

impl LawEventKind {
    /// 修正 or 修订: the law was amended from that date.
    pub fn is_amendment(self) -> bool {
        matches!(self, LawEventKind::Amended | LawEventKind::Revised)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde, `as_str` and `FromStr` spell every value the same way.
    fn agree<T: Copy + PartialEq + fmt::Debug + Serialize + for<'de> Deserialize<'de> + FromStr<Err = UnknownValue>>(all: &[T], as_str: fn(T) -> &'static str) {
        for &v in all {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(v)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
            assert_eq!(as_str(v).parse::<T>().unwrap(), v);
        }
    }

    #[test]
    fn spellings_agree() {
        agree(&Status::ALL, Status::as_str);
        agree(&Relation::ALL, Relation::as_str);
        agree(&FactKind::ALL, FactKind::as_str);
        agree(&CheckKind::ALL, CheckKind::as_str);
        agree(&LawEventKind::ALL, LawEventKind::as_str);
        agree(&MeasureKind::ALL, MeasureKind::as_str);
    }

    #[test]
    fn wire_spellings_are_stable() {
        let s: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(s, ["in_force", "not_yet_in_force", "expired", "repealed", "unknown"]);
        let r: Vec<&str> = Relation::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(r, ["cites", "implements", "amends", "repeals", "republishes", "keeps_valid", "extends", "declares_expired", "suspends"]);
        let k: Vec<&str> = FactKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(k, ["measure", "task", "target", "appointment", "member"]);
    }

    #[test]
    fn unknown_values_are_named() {
        let e = "in force".parse::<Status>().unwrap_err();
        assert_eq!(e.value, "in force");
        assert!(e.to_string().contains("`in force` 不是已知的 status"), "{e}");
        assert!(e.to_string().contains("in_force, not_yet_in_force"), "{e}");
        assert!(Relation::parse("quotes").is_none());
    }

    #[test]
    fn live_and_labels() {
        let live: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_live()).collect();
        assert_eq!(live, [Status::InForce]);
        assert!("amended".parse::<Status>().is_err(), "an amendment is a version, not a status");
        assert_eq!(Status::NotYetInForce.label_zh(), "尚未施行");
        assert_eq!(Relation::KeepsValid.label_zh(), "继续有效");
        assert_eq!(format!("{:<10}|", Relation::Cites), "cites     |");
    }
}
