//! The fire-time search loop of cron-parser 4.9.0.
