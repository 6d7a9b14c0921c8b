//! The task ledger a 督查室 works from: the stored tasks filtered by unit,
//! role, deadline and the status of their document, each flagged overdue
//! when its deadline has passed while its document is still in force; as
//! CSV and as an iCalendar file. The `/tasks` page and `gongwen tasks` share
//! it.

use gongwen_extract::{Deadline, Role, Task};
use gongwen_model::{Date, FactKind, Status};
use gongwen_store::query::FactRow;
use gongwen_store::said::Statuses;
use gongwen_store::{Store, StoreError};
use icalendar::{Calendar, Component, EventLike};

/// Which tasks to list. Every field left `None` (or false) selects all.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// A unit named in any role (or in `role` when given); `江岸区人民政府`
    /// also matches 各区人民政府.
    pub unit: Option<String>,
    /// Only tasks with a unit in this role (the named `unit`'s role when given).
    pub role: Option<Role>,
    /// Due on or before this date (recurring tasks recur before any date).
    pub due_before: Option<Date>,
    /// Due on or after this date (recurring tasks recur after any date).
    pub due_after: Option<Date>,
    /// Only overdue tasks (see [`is_overdue`]).
    pub overdue: bool,
    /// Only tasks of documents with this status on `on`.
    pub status: Option<Status>,
}

/// One task with its document, the document's status on the ledger's date,
/// and whether it is overdue on that date.
#[derive(Debug, Clone)]
pub struct TaskRow {
    pub fact: FactRow,
    pub task: Task,
    pub status: Status,
    pub overdue: bool,
}

/// A one-off deadline before `on` while the document is still in force:
/// the work should be done and nothing has repealed the duty.
pub fn is_overdue(task: &Task, status: Status, on: Date) -> bool {
    status.is_live() && task.deadline.as_ref().and_then(Deadline::date).is_some_and(|d| d < on)
}

/// Falls due on or after `from`: a dated deadline from then on, or a recurring one.
pub fn due_from(task: &Task, from: Date) -> bool {
    match &task.deadline {
        Some(Deadline::By { date, .. }) => *date >= from,
        Some(Deadline::Yearly { .. } | Deadline::Monthly { .. } | Deadline::Quarterly { .. }) => true,
        _ => false,
    }
}

fn unit_matches(task: &Task, unit: Option<&str>, role: Option<Role>) -> bool {
    match (unit, role) {
        (None, None) => true,
        (Some(u), None) => task.involves(u),
        (None, Some(r)) => task.units.iter().any(|x| x.role == r),
        (Some(u), Some(r)) => {
            let in_role: Vec<_> = task.units.iter().filter(|x| x.role == r).cloned().collect();
            gongwen_extract::task::units_involve(&in_role, u)
        }
    }
}

/// The tasks `rows` (as stored) that `f` selects, with statuses on `on`.
pub fn select(store: &Store, rows: Vec<(FactRow, Task)>, f: &TaskFilter, on: Date) -> Result<Vec<TaskRow>, gongwen_store::StoreError> {
    let mut statuses = Statuses::new(store, on);
    let mut out = Vec::new();
    for (fact, task) in rows {
        let selected = unit_matches(&task, f.unit.as_deref(), f.role) && f.due_before.is_none_or(|d| task.due_by(d)) && f.due_after.is_none_or(|d| due_from(&task, d));
        if !selected {
            continue;
        }
        let status = statuses.of(&fact.doc)?;
        let overdue = is_overdue(&task, status, on);
        if (!f.overdue || overdue) && f.status.is_none_or(|s| s == status) {
            out.push(TaskRow { fact, task, status, overdue });
        }
    }
    Ok(out)
}

/// Every stored task that `f` selects on `on`, with how many stored rows no
/// longer decode (written by another gongwen version).
pub fn tasks(store: &Store, f: &TaskFilter, on: Date) -> Result<(Vec<TaskRow>, usize), StoreError> {
    let (rows, skipped) = store.said::<Task>(FactKind::Task, None)?;
    Ok((select(store, rows, f, on)?, skipped))
}

/// The units of `role`, named directly (not through an expansion), joined by 、.
pub fn units_in(t: &Task, role: Role) -> String {
    t.units.iter().filter(|u| u.role == role && u.via.is_none()).map(|u| u.name.as_str()).collect::<Vec<_>>().join("、")
}

/// The CSV columns of the ledger.
pub const CSV_HEADER: [&str; 15] =
    ["文号", "标题", "条目", "任务", "牵头单位", "责任单位", "配合单位", "指导单位", "完成时限", "截止日期", "是否逾期", "文件状态", "阶段", "出处", "来源行"];

/// One row's cells in [`CSV_HEADER`] order.
pub fn csv_cells(r: &TaskRow) -> Vec<String> {
    let (f, t) = (&r.fact, &r.task);
    vec![
        f.doc.doc_number.clone().unwrap_or_default(),
        f.doc.title.clone(),
        t.node.join("/"),
        t.text.clone(),
        units_in(t, Role::Lead),
        units_in(t, Role::Responsible),
        units_in(t, Role::Cooperating),
        units_in(t, Role::Guiding),
        t.deadline.as_ref().map(|d| d.text().to_string()).unwrap_or_default(),
        t.deadline.as_ref().and_then(|d| d.date()).map(|d| d.to_string()).unwrap_or_default(),
        if r.overdue { "逾期" } else { "" }.to_string(),
        r.status.label_zh().to_string(),
        t.phase.clone().unwrap_or_default(),
        gongwen_extract::from_label(&t.from).to_string(),
        locator(&f.source, f.page, t.line),
    ]
}

/// Where an item was read: `file:line`, with the page for a paged source
/// (`file:line（第3页）`).
pub fn locator(source: &str, page: Option<u32>, line: usize) -> String {
    match page {
        Some(p) => format!("{source}:{line}（第{p}页）"),
        None => format!("{source}:{line}"),
    }
}

fn naive(d: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

/// The first day of a task's calendar event and its RRULE, counted from
/// the document's date; none for tasks without a date or recurrence.
fn first_day(t: &Task, from: Date) -> (Option<Date>, Option<String>) {
    match &t.deadline {
        Some(Deadline::By { date, .. }) => (Some(*date), None),
        Some(Deadline::Yearly { month, day, .. }) => {
            let this = Date::new(from.year, *month, *day).filter(|d| *d >= from);
            (this.or_else(|| Date::new(from.year + 1, *month, *day)), Some(format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}")))
        }
        Some(Deadline::Monthly { day, .. }) => {
            let this = Date::new(from.year, from.month, *day).filter(|d| *d >= from);
            let next = if from.month == 12 { Date::new(from.year + 1, 1, *day) } else { Date::new(from.year, from.month + 1, *day) };
            (this.or(next), Some(format!("FREQ=MONTHLY;BYMONTHDAY={day}")))
        }
        Some(Deadline::Quarterly { .. }) => {
            let q_end = from.month.div_ceil(3) * 3;
            let last = (28..=31).rev().find(|d| Date::new(from.year, q_end, *d).is_some()).unwrap_or(28);
            (Date::new(from.year, q_end, last), Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1".to_string()))
        }
        _ => (None, None),
    }
}

fn short_hash(s: &str) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32)
}

/// One all-day event per dated task (overdue ones say so in the summary);
/// recurring tasks repeat by RRULE from the first occurrence after the
/// document's date. `text` maps every string written (`--unmasked` in the
/// CLI). Returns the calendar and how many tasks had no date to put in it.
pub fn calendar(rows: &[TaskRow], today: Date, text: &dyn Fn(&str) -> String) -> (Calendar, usize) {
    let mut cal = Calendar::new();
    cal.name("gongwen 任务");
    let mut skipped = 0;
    for r in rows {
        let (f, t) = (&r.fact, &r.task);
        let from = f.doc.date.as_deref().and_then(Date::parse_iso).unwrap_or(today);
        let (start, rule) = first_day(t, from);
        let Some(day) = start.and_then(naive) else {
            skipped += 1;
            continue;
        };
        let summary: String = t.text.chars().take(60).collect();
        let summary = if r.overdue { format!("【逾期】{summary}") } else { summary };
        let units: Vec<String> = t.units.iter().filter(|u| u.via.is_none()).map(|u| format!("{}：{}", u.role.label(), u.name)).collect();
        let mut ev = icalendar::Event::new();
        ev.summary(&text(&summary))
            .description(&text(&format!(
                "{}\n{}\n{}\n时限：{}\n文件状态：{}\n来源：{}",
                f.doc.doc_number.as_deref().unwrap_or(""),
                f.doc.title,
                units.join("；"),
                t.deadline.as_ref().map(|d| d.text()).unwrap_or(""),
                r.status.label_zh(),
                locator(&f.source, f.page, t.line)
            )))
            // All-day: DTEND is exclusive, so the next day.
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            // Stable across exports, so a re-import updates instead of duplicating.
            .uid(&format!("{}-{}-{}@gongwen", f.doc.key, t.line, short_hash(&t.text)));
        if let Some(rule) = rule {
            ev.add_property("RRULE", rule);
        }
        cal.push(ev.done());
    }
    (cal.done(), skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen_extract::Unit;

    fn task(deadline: Option<Deadline>, units: &[(Role, &str)]) -> Task {
        Task {
            node: vec!["三".into()],
            heading: None,
            line: 12,
            text: "完成全市养老服务设施普查".into(),
            units: units.iter().map(|(role, name)| Unit { role: *role, name: name.to_string(), via: None, full: None }).collect(),
            deadline,
            phase: None,
            from: "inline".into(),
        }
    }

    fn by(y: u16, m: u8, d: u8) -> Option<Deadline> {
        Some(Deadline::By { date: Date::new(y, m, d).unwrap(), text: format!("{y}年{m}月底前") })
    }

    #[test]
    fn overdue_means_past_its_date_while_the_document_is_live() {
        let today = Date::new(2025, 1, 1).unwrap();
        let t = task(by(2024, 6, 30), &[]);
        assert!(is_overdue(&t, Status::InForce, today));
        assert!(!is_overdue(&t, Status::Repealed, today), "a repealed document asks nothing any more");
        assert!(!is_overdue(&t, Status::InForce, Date::new(2024, 6, 30).unwrap()), "due that day is not late");
        let yearly = task(Some(Deadline::Yearly { month: 3, day: 31, text: "每年3月底前".into() }), &[]);
        assert!(!is_overdue(&yearly, Status::InForce, today), "a recurring task is never overdue as a whole");
        assert!(due_from(&yearly, today) && !due_from(&t, today) && due_from(&t, Date::new(2024, 6, 1).unwrap()));
    }

    #[test]
    fn units_filter_by_role() {
        let t = task(None, &[(Role::Lead, "市民政局"), (Role::Cooperating, "市财政局")]);
        assert!(unit_matches(&t, Some("市财政局"), None));
        assert!(unit_matches(&t, Some("市财政局"), Some(Role::Cooperating)));
        assert!(!unit_matches(&t, Some("市财政局"), Some(Role::Lead)));
        assert!(unit_matches(&t, None, Some(Role::Lead)) && !unit_matches(&t, None, Some(Role::Guiding)));
        assert_eq!(units_in(&t, Role::Lead), "市民政局");
    }
}
