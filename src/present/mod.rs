//! How the domain reads to a person, the same in every output: the CLI's tables and sheets, the
//! TUI's panes and the preview. Formatting only — no I/O beyond reading the viewer's zone.
//!
//! | value | in a table / list | in a detail view |
//! |---|---|---|
//! | instant | `Thu 12-03 09:00` | `2026-12-03 09:00:14 CET` |
//! | fire time | `Thu 2026-12-03 09:00 CET  (… local)` | same |
//! | DST day | `Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT` | same |
//! | duration | `850ms`, `12.3s`, `4m 05s`, `2h 03m`, `<1ms`, `—` | same |
//! | cost | `$0.0123` | `$0.0123 (base $0.0000)` |
//! | run status | `✓ COMPLETED` | same |
//! | how long ago | `3 h ago` | `3 h ago  Sun 11-29 09:00` |
//! | task health | `⚠ missed`, `✗ 2/5`, `✓` | `2 of 5 recent runs failed` |
//! | task | `Weekly report`, `(deleted task)`, `—` | `“Weekly report”  <id>` |
//! | artist | `Nova`, `—` | `Nova  <id>`, `<id>` |
//! | cadence | `30 min`, `12 h`, `1 day`, `4 weeks` | same |
//! | plan refusal | `<sentence> (plan free, 1 of 1 enabled tasks; upgrade: <url>)` | sentence, facts and link apart |
//!
//! Server text passes through [`sanitize`] before it reaches a terminal.

pub mod cost;
pub mod dst_note;
pub mod duration;
pub mod english;
pub mod health;
pub mod instant;
pub mod names;
pub mod plans;
pub mod relative;
pub mod sanitize;
pub mod schedule_hint;
pub mod status;
pub mod task_file;
pub mod time;
pub mod width;
pub mod zone_hint;

pub use cost::{cost, cost_with_base};
pub use dst_note::{dst_note, dst_notes};
pub use duration::{duration, run_duration, summary_duration};
pub use instant::{detail_instant, detail_timestamp, next_fire, table_instant, table_timestamp};
pub use names::{TaskName, artist_name, detail_artist, detail_name, list_artist, list_name};
pub use relative::ago;
pub use schedule_hint::{ScheduleHint, schedule_hint};
pub use status::status;
pub use time::{fire_line, fire_time, local_zone};
pub use width::{fit, pad};
pub use zone_hint::{zone_hint, zone_hint_target, zone_offset_now};

/// What stands in for a value there is none of.
pub const NONE: &str = "—";
