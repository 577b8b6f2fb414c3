//! A task's schedule and zone as the engine reads them, remembered per expression and zone on
//! each thread: a list of 10,000 tasks shares a handful of schedules, and every row reads its
//! schedule twice (its next fire, its health), which parsed the same text 20,000 times a load.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono_tz::Tz;
use trigger_cron::{Schedule, timezones};

/// Pairs remembered before the memo is emptied (a list of many distinct schedules must not
/// grow it without bound).
const LIMIT: usize = 4096;

type Read = Option<(Rc<Schedule>, Tz)>;

thread_local! {
    static READ: RefCell<HashMap<(String, String), Read>> = RefCell::new(HashMap::new());
}

/// `expression` parsed and `zone` resolved, as `trigger_cron::check` does them; `None` when the
/// engine refuses either.
pub fn engine_schedule(expression: &str, zone: &str) -> Read {
    READ.with(|memo| {
        let key = (expression.to_string(), zone.to_string());
        if let Some(read) = memo.borrow().get(&key) {
            return read.clone();
        }
        let read = match (trigger_cron::parse(expression), timezones::resolve(zone)) {
            (Ok(schedule), Ok(zone)) => Some((Rc::new(schedule), zone)),
            _ => None,
        };
        let mut memo = memo.borrow_mut();
        if memo.len() >= LIMIT {
            memo.clear();
        }
        memo.insert(key, read.clone());
        read
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_reads_as_the_engine_reads_it_and_refusals_are_none() {
        let read = engine_schedule("30 2 * * *", "Europe/London");
        let (schedule, zone) = read.unwrap_or_else(|| panic!("refused"));
        assert_eq!(
            *schedule,
            trigger_cron::parse("30 2 * * *").unwrap_or_else(|e| panic!("{e:?}"))
        );
        assert_eq!(zone, chrono_tz::Europe::London);
        assert!(engine_schedule("30 25 * * *", "UTC").is_none());
        assert!(engine_schedule("30 2 * * *", "Mars/Olympus").is_none());
        // Asked again: the same reading.
        let again = engine_schedule("30 2 * * *", "Europe/London");
        assert!(again.is_some_and(|(s, _)| Rc::ptr_eq(&s, &schedule)));
    }
}
