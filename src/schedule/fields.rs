//! The parsed value lists of a cron expression, kept as cron-parser keeps them.
