// The zones the golden corpus exercises, and their UTC-offset transitions as luxon (Node's ICU) sees them.
"use strict";
const { DateTime } = require("luxon");

// Each zone is here for a DST peculiarity (comments) or as a plain reference. All names are on
// Trigger.dev's accepted list (legacy CLDR spellings such as Asia/Calcutta, Europe/Kiev).
const CORPUS_ZONES = [
  "UTC",
  "America/New_York", // US rules: gap 02:00 -> 03:00, overlap 01:00-02:00
  "Europe/London", // EU rules at 01:00 UTC
  "Australia/Lord_Howe", // 30-minute DST
  "America/Santiago", // DST starts at 24:00: midnight is missing
  "Africa/Cairo", // DST resumed in 2023, starts at 00:00 (last Friday of April)
  "Asia/Calcutta", // +05:30, no DST (legacy name of Asia/Kolkata)
  "Pacific/Auckland", // southern hemisphere, far east
  "Australia/Sydney",
  "America/Sao_Paulo", // DST abolished in 2019: transitions only in the past
  "Asia/Tehran", // DST abolished in 2022
  "America/St_Johns", // -03:30 with DST
  "Pacific/Chatham", // +12:45/+13:45, transitions at 02:45 / 03:45 local
  "Atlantic/Azores", // DST ends at 01:00 -> 00:00: midnight repeated
  "America/Havana", // DST at midnight (00:00 -> 01:00, 01:00 -> 00:00)
  "Asia/Beirut", // transitions at 00:00
  "Pacific/Apia", // DST abolished in 2021
  "Europe/Dublin", // negative DST in tzdb (winter is "daylight" time)
  "Asia/Katmandu", // +05:45 (the accepted legacy spelling of Asia/Kathmandu)
  "America/Godthab", // Nuuk: -02 with DST since 2024, transitions near local midnight
  "Europe/Kiev", // EU rules at 03:00/04:00 local
  "Asia/Gaza", // irregular, Ramadan-dependent transitions
  "America/Asuncion", // permanent -03 since late 2024
  "Africa/Casablanca", // negative "DST" during Ramadan
  "Antarctica/Troll", // +00 / +02: two-hour DST
  "America/Los_Angeles",
  "Europe/Berlin",
  "Asia/Tokyo",
];

const HOUR_MS = 3600e3;

/** UTC offset in minutes of `zone` at epoch milliseconds `ms`, per luxon 3.2.1 on this Node. */
function offsetAt(zone, ms) {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/**
 * Offset transitions of `zone` in [fromMs, toMs): [{ at, before, after }], `at` being the first
 * millisecond with the new offset. A coarse scan finds the change, bisection pins it to the ms.
 */
function transitions(zone, fromMs, toMs, stepMs = HOUR_MS) {
  const out = [];
  let t = fromMs;
  let off = offsetAt(zone, t);
  while (t < toMs) {
    const u = Math.min(t + stepMs, toMs);
    const offU = offsetAt(zone, u);
    if (offU !== off) {
      let lo = t;
      let hi = u; // offset(lo) === off, offset(hi) !== off
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(zone, mid) === off) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, before: off, after: offsetAt(zone, hi) });
    }
    t = u;
    off = offU;
  }
  return out;
}

module.exports = { CORPUS_ZONES, offsetAt, transitions, HOUR_MS };
