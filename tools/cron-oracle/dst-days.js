// Writes crates/trigger-cron/tests/data/cron_dst_days.json: for a handful of (expression, zone,
// window) cases, every UTC-offset change of the zone in the window (luxon's), and the fires the
// scheduler's chain (cron-parser 4.9.0, each fire re-parsed from the one before) makes within
// 6 hours either side of it. `crates/trigger-cron/tests/dst.rs` checks that `dst_days` reports
// exactly these fires. Usage: node dst-days.js
"use strict";
const fs = require("fs");
const path = require("path");
const { parseExpression } = require("cron-parser");
const { DateTime } = require("luxon");
const { transitions } = require("./lib/zones");

const CASES = [
  ["30 2 * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["30 1 * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["0 * * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["*/15 * * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["*/20 2 * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["0 1-3 * * *", "America/New_York", "2026-12-01T00:00:00.000Z"],
  ["30 1 * * *", "Europe/London", "2026-12-01T00:00:00.000Z"],
  ["*/15 * * * *", "Europe/London", "2026-06-01T00:00:00.000Z"],
  ["15 2 * * *", "Australia/Lord_Howe", "2026-12-01T00:00:00.000Z"],
  ["*/15 * * * *", "Australia/Lord_Howe", "2026-12-01T00:00:00.000Z"],
  ["0 0 * * *", "America/Santiago", "2026-12-01T00:00:00.000Z"],
  ["30 0 * * *", "America/Santiago", "2026-12-01T00:00:00.000Z"],
  ["0 23 * * *", "America/Santiago", "2026-12-01T00:00:00.000Z"],
  ["0 0 * * *", "America/Havana", "2026-12-01T00:00:00.000Z"],
  ["0 0 * * *", "Atlantic/Azores", "2026-12-01T00:00:00.000Z"],
  ["0 * * * *", "UTC", "2026-12-01T00:00:00.000Z"],
  ["0 * * * *", "Asia/Tokyo", "2026-12-01T00:00:00.000Z"],
];

const HOUR_MS = 3600e3;
const DAY_MS = 24 * HOUR_MS;
const AROUND_MS = 6 * HOUR_MS;

/** The scheduler's chain from `fromMs` while before `toMs`. */
function chain(cron, tz, fromMs, toMs) {
  const out = [];
  let d = new Date(fromMs);
  for (;;) {
    d = parseExpression(cron, { currentDate: d, tz }).next().toDate();
    if (d.getTime() >= toMs) return out;
    out.push(d.getTime());
  }
}

const iso = (ms) => new Date(ms).toISOString();
const out = CASES.map(([cron, tz, from]) => {
  const fromMs = Date.parse(from);
  const untilMs = DateTime.fromMillis(fromMs, { zone: "UTC" }).plus({ years: 1 }).toMillis();
  const changes = transitions(tz, fromMs, untilMs).map(({ at, before, after }) => {
    // A day of chain before the window, so that it starts from an ordinary fire.
    const fires = chain(cron, tz, at - AROUND_MS - DAY_MS, at + AROUND_MS).filter((t) => t >= at - AROUND_MS);
    return {
      at: iso(at),
      before,
      after,
      fires: fires.map(iso),
      local: fires.map((t) => DateTime.fromMillis(t, { zone: tz }).toFormat("ccc yyyy-MM-dd HH:mm ZZ")),
    };
  });
  return { cron, tz, from, until: iso(untilMs), changes };
});
const target = path.join(__dirname, "../../crates/trigger-cron/tests/data/cron_dst_days.json");
fs.writeFileSync(target, "[\n" + out.map((c) => JSON.stringify(c)).join(",\n") + "\n]\n");
console.log(`wrote ${out.length} cases to ${path.relative(process.cwd(), target)}`);
