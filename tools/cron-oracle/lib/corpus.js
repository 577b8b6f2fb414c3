// Builds the random fire-time corpus: valid expressions x zones x start instants near DST transitions.
"use strict";
const { DateTime } = require("luxon");
const { rng } = require("./prng");
const { candidate, dstCandidate, SPECIAL } = require("./grammar");
const { CORPUS_ZONES, transitions } = require("./zones");
const { saveable } = require("./run");

const DAY_MS = 86400e3;
const SIX_HOURS_MS = 6 * 3600e3;

// Zones whose transitions have the rules most likely to trip a port get drawn more often.
const ZONE_WEIGHT = {
  "America/New_York": 6,
  "Europe/London": 5,
  "Australia/Lord_Howe": 5,
  "America/Santiago": 5,
  "Africa/Cairo": 4,
  "Pacific/Auckland": 4,
  "Atlantic/Azores": 4,
  "America/Havana": 4,
  "Pacific/Chatham": 3,
  "America/St_Johns": 3,
  "Asia/Beirut": 3,
  "Europe/Dublin": 3,
  "America/Godthab": 3,
  "Australia/Sydney": 3,
  "Europe/Kiev": 2,
  "Antarctica/Troll": 2,
  "Africa/Casablanca": 2,
  UTC: 2,
};

/**
 * Per zone: transitions in 2024-2027 (where most starts go) and in a few seeded years between
 * 1990 and 2090 (historical and predicted rules, e.g. Sao Paulo before 2019, Tehran before 2022).
 */
function zoneTransitions() {
  const r = rng("zone-years");
  const out = {};
  for (const zone of CORPUS_ZONES) {
    const recent = transitions(zone, Date.UTC(2024, 0, 1), Date.UTC(2028, 0, 1), SIX_HOURS_MS);
    const other = [];
    for (let i = 0; i < 4; i++) {
      const year = r.chance(0.5) ? r.int(1990, 2023) : r.int(2028, 2090);
      other.push(...transitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1), SIX_HOURS_MS));
    }
    // Local hours either side of each transition (and the ones it skips), for the hour field.
    const hours = new Set();
    for (const t of recent) {
      const before = DateTime.fromMillis(t.at - 1, { zone }).hour;
      const after = DateTime.fromMillis(t.at, { zone }).hour;
      for (let h = before; ; h = (h + 1) % 24) {
        hours.add(h);
        if (h === after) break;
      }
    }
    out[zone] = { recent, other, hours: [...hours].sort((a, b) => a - b) };
  }
  return out;
}

/** Snap `ms` to one of the instant shapes the engine must handle (whole minute, :59.999, :30.500...). */
function shape(r, ms) {
  const minute = Math.floor(ms / 60e3) * 60e3;
  return r.weighted([
    [50, minute],
    [15, Math.floor(ms / 3600e3) * 3600e3],
    [10, minute - 1],
    [10, minute + 30500],
    [5, minute + r.int(1, 59) * 1000],
    [10, ms],
  ]);
}

/** A start instant for `zone`, and a short note of how it was chosen. */
function startInstant(r, zone, zt) {
  const pool = zt[zone].recent.length && r.chance(0.85) ? zt[zone].recent : zt[zone].other;
  if (!pool.length || r.chance(0.1)) {
    const ms = shape(r, r.int(Date.UTC(1990, 0, 1) / 60e3, Date.UTC(2090, 11, 31) / 60e3) * 60e3 + r.int(0, 59999));
    return { from: ms, why: "ordinary instant" };
  }
  const t = r.pick(pool);
  const label = `${new Date(t.at).toISOString()} (${t.before}->${t.after})`;
  const exact = r.weighted([
    [5, ["on", t.at]],
    [1, ["1ms before", t.at - 1]],
    [1, ["1ms after", t.at + 1]],
    [1, ["1s before", t.at - 1000]],
    [92, null],
  ]);
  if (exact) return { from: exact[1], why: `${exact[0]} transition ${label}` };
  // Mostly before the transition, so that the fires walk across it. The distance is
  // log-uniform between a minute and three days half of the time, so that dense expressions
  // (every minute of one hour) also reach the transition within their n fires.
  const size = r.chance(0.5) ? Math.round(Math.exp(r.float() * Math.log(3 * 24 * 60)) * 60e3) : r.int(0, 3 * DAY_MS);
  const delta = r.chance(0.7) ? -size : size;
  return { from: shape(r, t.at + delta), why: `near transition ${label}` };
}

function pickZone(r) {
  return r.weighted(CORPUS_ZONES.map((z) => [ZONE_WEIGHT[z] ?? 1, z]));
}

/**
 * The corpus cases (inputs only: id, cron, tz, from, n, why). `extraValid` are hand-written
 * expressions that must be in it (e.g. the valid inputs of val.js). Rejected random candidates
 * are returned too, for the invalid-input file.
 */
function buildCorpus(target, extraValid) {
  const zt = zoneTransitions();
  const r = rng("corpus");
  const cases = [];
  const rejected = new Set();
  const add = (cron, zone, start, n) => {
    cases.push({
      id: `corpus-${String(cases.length + 1).padStart(4, "0")}`,
      cron,
      tz: zone,
      from: new Date(start.from).toISOString(),
      n,
      why: start.why,
    });
  };

  // Hand-picked quirks: each in UTC and in two zones near a transition.
  for (const cron of [...SPECIAL, ...extraValid]) {
    if (!saveable(cron)) throw new Error(`special expression is not saveable: ${JSON.stringify(cron)}`);
    add(cron, "UTC", { from: Date.UTC(2024, 0, 1), why: "special" }, 5);
    for (let i = 0; i < 2; i++) {
      const zone = pickZone(r);
      add(cron, zone, startInstant(r, zone, zt), r.int(5, 10));
    }
  }

  // Random expressions; 40 % of them shaped for DST (fixed minutes at transition hours).
  while (cases.length < target) {
    const zone = pickZone(r);
    const cron = r.chance(0.4) ? dstCandidate(r, zt[zone].hours) : candidate(r, zt[zone].hours);
    if (!saveable(cron)) {
      rejected.add(cron);
      continue;
    }
    add(cron, zone, startInstant(r, zone, zt), r.int(5, 10));
  }
  return { cases, rejected: [...rejected], zoneTransitions: zt };
}

module.exports = { buildCorpus };
