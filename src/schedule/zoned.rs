//! Zoned date arithmetic as luxon 3.2.1 does it.
