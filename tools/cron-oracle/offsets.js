// Writes crates/trigger-cron/tests/data/tz_offsets.json: the UTC offsets luxon (Node's ICU tz data) gives for every
// zone the golden fire-time files use, so a Rust test can check chrono-tz's bundled tzdb agrees.
//
// Sampled per zone: hourly over +-3 days around each case's start, every golden fire time, and
// both sides (1 s apart) of each transition inside those windows. Usage:
//   node offsets.js            (reads ../../crates/trigger-cron/tests/data/cron_cases.json and cron_corpus.json)
"use strict";
const fs = require("fs");
const path = require("path");
const { offsetAt, transitions } = require("./lib/zones");

const HOUR_S = 3600;

/** luxon's offset in whole seconds (luxon reports minutes, fractional for pre-1972 LMT-style offsets). */
function offsetSeconds(zone, s) {
  return Math.round(offsetAt(zone, s * 1000) * 60);
}
const WINDOW_S = 3 * 86400;

/** Groups sorted hour instants into runs of consecutive hours. */
function runs(hours) {
  const out = [];
  for (const h of hours) {
    const last = out[out.length - 1];
    if (last && h === last.start + last.count * HOUR_S) last.count++;
    else out.push({ start: h, count: 1 });
  }
  return out;
}

/** The offset rows for `cases` (records of the golden fire-time files). */
function buildOffsets(cases) {
  const byZone = new Map();
  const zoneOf = (tz) => {
    if (!byZone.has(tz)) byZone.set(tz, { hours: new Set(), points: new Set() });
    return byZone.get(tz);
  };
  for (const c of cases) {
    if (!c.valid.ok || c.tz === null) continue;
    const z = zoneOf(c.tz);
    const start = Math.floor(Date.parse(c.from) / 1000);
    const lo = Math.floor((start - WINDOW_S) / HOUR_S) * HOUR_S;
    const hi = Math.ceil((start + WINDOW_S) / HOUR_S) * HOUR_S;
    for (let h = lo; h <= hi; h += HOUR_S) z.hours.add(h);
    for (const t of [c.from, ...c.next, ...(Array.isArray(c.preview) ? c.preview : [])]) {
      if (!t.startsWith("ERR")) z.points.add(Math.floor(Date.parse(t) / 1000));
    }
  }
  const rows = [];
  for (const zone of [...byZone.keys()].sort()) {
    const z = byZone.get(zone);
    const hours = [...z.hours].sort((a, b) => a - b);
    const points = new Set(z.points);
    for (const run of runs(hours)) {
      const offsets = [];
      for (let i = 0; i < run.count; i++) offsets.push(offsetSeconds(zone, run.start + i * HOUR_S));
      rows.push({ zone, start: run.start, step: HOUR_S, offsets });
      const end = (run.start + (run.count - 1) * HOUR_S) * 1000;
      for (const t of transitions(zone, run.start * 1000, end, HOUR_S * 1000)) {
        const at = Math.ceil(t.at / 1000);
        points.add(at - 1);
        points.add(at);
      }
    }
    const instants = [...points].sort((a, b) => a - b);
    rows.push({ zone, instants, offsets: instants.map((s) => offsetSeconds(zone, s)) });
  }
  return rows;
}

/** The file's text: metadata, then one row per line. */
function render(rows) {
  const meta = {
    source: "luxon 3.2.1 DateTime.fromMillis(ms, { zone }).offset * 60 (seconds east of UTC)",
    node: process.version,
    tz: process.versions.tz,
    icu: process.versions.icu,
  };
  const head = JSON.stringify(meta).slice(0, -1);
  return `${head},"rows":[\n${rows.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`;
}

module.exports = { buildOffsets, render };

if (require.main === module) {
  const data = path.join(__dirname, "..", "..", "crates", "trigger-cron", "tests", "data");
  const read = (f) => JSON.parse(fs.readFileSync(path.join(data, f), "utf8"));
  const rows = buildOffsets([...read("cron_cases.json"), ...read("cron_corpus.json")]);
  fs.writeFileSync(path.join(data, "tz_offsets.json"), render(rows));
  console.error(`tz_offsets.json: ${rows.length} rows`);
}
