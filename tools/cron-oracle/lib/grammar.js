// Random 5-field cron expressions drawn from the token grammar cron-parser 4.9.0 accepts.
//
// The generator aims at the corners where a port is most likely to diverge: bounds, steps
// larger than the range, names in mixed case, `L`/`nL`/`#`, Sunday as 0 and 7, the count-based
// wildcard rule for DOM/DOW, Feb 29-31 and hours around DST transitions. It does not promise
// validity: callers run every candidate through the oracle and keep it only if Trigger.dev
// accepts it (the rejects feed the invalid-input file).
"use strict";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dom: { min: 1, max: 31 },
  month: { min: 1, max: 12 },
  dow: { min: 0, max: 7 },
};

/** `jan`, `JAN` or `Jan`: names are matched case-insensitively. */
function casedName(r, name) {
  return r.pick([name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1)]);
}

/** A number for `field`, or its name (month/dow) a quarter of the time. */
function valueToken(r, field, value) {
  if (field === "month" && r.chance(0.3)) return casedName(r, MONTHS[value - 1]);
  if (field === "dow" && value <= 6 && r.chance(0.25)) return casedName(r, DAYS[value]);
  return String(value);
}

/** A value of `field` with the bounds over-represented. */
function boundedValue(r, field) {
  const { min, max } = FIELDS[field];
  return r.weighted([
    [2, min],
    [2, max],
    [1, min + 1],
    [1, max - 1],
    [8, r.int(min, max)],
  ]);
}

function singleAtom(r, field) {
  return valueToken(r, field, boundedValue(r, field));
}

function rangeAtom(r, field) {
  const { min, max } = FIELDS[field];
  let a = r.int(min, max);
  let b = r.int(min, max);
  if (a > b) [a, b] = [b, a];
  if (r.chance(0.15)) [a, b] = [min, max];
  return `${valueToken(r, field, a)}-${valueToken(r, field, b)}`;
}

/** A step from 1 to a little beyond the field's span (a step past the span keeps only the start). */
function stepSize(r, field) {
  const span = FIELDS[field].max - FIELDS[field].min + 1;
  return r.weighted([
    [6, r.int(1, Math.min(6, span))],
    [4, r.int(1, span)],
    [1, span],
    [1, span + r.int(1, 40)],
  ]);
}

function stepAtom(r, field) {
  const n = stepSize(r, field);
  const base = r.weighted([
    [4, "*"],
    [3, "range"],
    [3, "start"],
  ]);
  if (base === "*") return `*/${n}`;
  if (base === "range") return `${rangeAtom(r, field)}/${n}`;
  return `${singleAtom(r, field)}/${n}`;
}

function plainAtom(r, field) {
  return r.weighted([
    [5, () => singleAtom(r, field)],
    [3, () => rangeAtom(r, field)],
    [3, () => stepAtom(r, field)],
  ])();
}

function listOf(r, field, atom, lo = 2, hi = 4) {
  const parts = [];
  const n = r.int(lo, hi);
  for (let i = 0; i < n; i++) parts.push(atom(r, field));
  return parts.join(",");
}

/** Any mix of values, ranges, steps and lists: the generic shape of every field. */
function genericField(r, field) {
  return r.weighted([
    [3, () => "*"],
    [6, () => plainAtom(r, field)],
    [3, () => listOf(r, field, plainAtom)],
  ])();
}

function minuteField(r) {
  return r.weighted([
    [6, () => r.pick(["0", "30", "*/15", "*/20", "0,30", "15,45", "*/7", "*/5", "59", "45", "*/30", "5/15"])],
    [1, () => r.pick(["*", "*/1", "0-59", "*/60", "*/61", "0-59/120"])],
    [5, () => genericField(r, "minute")],
  ])();
}

/**
 * Hours lean towards 0-3 and the local hours at which the case's zone changes offset, because
 * that is where the DST rules (shift by an hour, dropped midnight, first pass only) apply.
 */
function hourField(r, zoneHours) {
  const hot = [0, 1, 2, 3, ...zoneHours];
  const hotAtom = () => {
    const h = r.pick(hot);
    return r.weighted([
      [6, () => String(h)],
      [2, () => `${h}-${Math.min(23, h + r.int(1, 3))}`],
      [2, () => `${h},${(h + r.int(1, 23)) % 24}`],
      [1, () => `${h}/${r.int(1, 24)}`],
    ])();
  };
  return r.weighted([
    [7, hotAtom],
    [2, () => r.pick(["*", "*/1", "0-23", "*/2", "*/3", "*/6", "*/24", "*/25", "1-3", "0-3", "0,1,2,3", "22-23,0-2"])],
    [4, () => genericField(r, "hour")],
  ])();
}

function domField(r) {
  return r.weighted([
    [14, () => "*"],
    [2, () => "?"],
    [3, () => "L"],
    [2, () => r.pick(["1,L", "L,15", "15,L", "1,15,L", "28,L", "L,1-7"])],
    [3, () => r.pick(["29", "30", "31", "29,30", "30,31", "29-31", "28-31", "1,29"])],
    [3, () => r.pick(["1-30", "1-31", "*/1", "*/2", "1-29", "2-31", "1-28", "13", "1", "15", "1,15", "*/40", "1/40"])],
    [8, () => genericField(r, "dom")],
  ])();
}

function monthField(r) {
  return r.weighted([
    [16, () => "*"],
    [2, () => r.pick(["2", "FEB", "feb", "Feb", "2,3", "1,2", "2-3", "2,4", "*/2", "2/12"])],
    [2, () => listOf(r, "month", (rr, f) => casedName(rr, MONTHS[rr.int(1, 12) - 1]))],
    [5, () => genericField(r, "month")],
  ])();
}

function dowField(r) {
  const lastWeekday = () => {
    const d = r.int(0, 7);
    // FRIL is accepted: names are substituted before `L` is looked at.
    return d <= 6 && r.chance(0.25) ? `${DAYS[d].toUpperCase()}L` : `${d}L`;
  };
  const nth = () => {
    const d = r.int(0, 7);
    const k = r.weighted([
      [3, 1],
      [2, 2],
      [2, 3],
      [2, 4],
      [3, 5],
    ]);
    return `${d <= 6 && r.chance(0.3) ? casedName(r, DAYS[d]) : d}#${k}`;
  };
  return r.weighted([
    [14, () => "*"],
    [2, () => "?"],
    [3, lastWeekday],
    [1, () => listOf(r, "dow", lastWeekday, 2, 3)],
    [3, nth],
    [
      4,
      () =>
        r.pick([
          "0", "7", "0,7", "1-5", "MON-FRI", "mon-fri", "Sat,Sun", "2-7/2", "2/2", "0-7", "1-7", "0-6",
          "5-7", "SUN-SAT", "1-7/2", "0-7/3", "*/2", "*/8", "6,7", "0/7", "sun-7",
        ]),
    ],
    [8, () => genericField(r, "dow")],
  ])();
}

/** One candidate expression; `zoneHours` are the local hours near the zone's transitions. */
function candidate(r, zoneHours = []) {
  return [minuteField(r), hourField(r, zoneHours), domField(r), monthField(r), dowField(r)].join(" ");
}

/**
 * Shapes that matter most for DST: a fixed minute set at one of the zone's transition hours,
 * every day (or on the transition's weekday).
 */
function dstCandidate(r, zoneHours) {
  const minute = r.pick(["0", "30", "15", "45", "59", "*/15", "*/20", "*/30", "0,30", "15,45", "*/7", "*", "*/10"]);
  const h = r.pick([0, 1, 2, 3, ...zoneHours, ...zoneHours]);
  const hour = r.weighted([
    [8, String(h)],
    [2, `${h}-${Math.min(23, h + 2)}`],
    [1, "*"],
    [1, `*/${r.int(2, 4)}`],
    [1, `${h},${(h + 12) % 24}`],
  ]);
  const dow = r.weighted([
    [8, "*"],
    [2, r.pick(["0", "7", "SUN", "sat", "0L", "7L", "0#1", "SUN#2", "6", "5", "FRIL", "5L"])],
  ]);
  return `${minute} ${hour} * * ${dow}`;
}

/** Expressions chosen by hand: quirks a random draw would rarely hit. */
const SPECIAL = [
  "0 0 31 2,4 *", // never fires: loop limit
  "0 0 30 2,2 *",
  "0 0 31 2,2 *",
  "0 0 31 */12 *", // 31 January only
  "0 0 * * L", // `L` alone in DOW throws inside next()
  "0 0 * * L,5",
  "0 0 * * L5",
  "0 0 * * 5L#2", // loop limit
  "0 0 29 2 5#5",
  "0 0 29 2 1#5",
  "0 0 29 2 *",
  "0 0 29 2 1",
  "0 0 29 FEB MON",
  "0 0 29 2 SUN#5",
  "0 0 * 2 0#5",
  "0 0 * 2 SUN#5",
  "0 12 29 2 0L",
  "0 0 31 * 5#5",
  "0 0 L 2 *",
  "0 0 1L * *",
  "0 0 L/2 * *",
  "0 0 ?/2 * *",
  "0 0 * * ?#1",
  "0 0 * * 5L/2",
  "0 0 * * 0L,7L",
  "0 0 * * 7#5",
  "0 0 1 * 1#1",
  "0 0 1 * 1#2",
  "0 0 8 * 1#2",
  "0 0 13 * 5",
  "0 0 13 * 0-6",
  "0 0 13 * 1-7",
  "0 0 1-30 * MON",
  "0 0 1-31 * MON",
  "0 0 */1 * MON",
  "0 0 */2 * MON",
  "0 0 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29 * MON",
  "0 0 1-29 * 1#3",
  "0 0 * * 2-7/2",
  "0 0 * * 2/2",
  "0 0 * * MON-7/2",
  "0 0 * * 0-7/7",
  "0 0 * * 7-7",
  "*/61 * * * *",
  "*/1000 * * * *",
  "0 */25 * * *",
  "0-0 0 * * *",
  "59 23 31 12 *",
  "0 0 1 1 *",
  "0 0 * * *",
  "* * * * *",
  "30 2 * * *",
  "0 2 * * *",
  "*/20 2 * * *",
  "0,30 2 * * *",
  "0 1-3 * * *",
  "0 0-3 * * *",
  "*/30 1 * * *",
  "30 1 * * *",
  "0 0 * * 0",
  "30 0 * * *",
  "*/5 0 * * *",
  "45 2 * * *",
  "15 3 * * *",
  "0 23 * * *",
  // Whitespace that survives both checks: JavaScript's trim() and /\s+/ also cover \r, \v, \f,
  // NBSP and the other Unicode spaces.
  "0 9 * * *\n",
  "0 9 * * *\t",
  "\n0 9 * * *",
  "\t0 9 * * *",
  "0 9 * * *\r\n",
  "0 9 * * *\u000b",
  "0 9 * * *\f",
  "0 9 * * *\u00a0",
  "0 9 * * *\u2003",
  "\u00a00 9 * * *",
  "0 9 * * *\ufeff",
];

module.exports = { candidate, dstCandidate, SPECIAL, FIELDS, MONTHS, DAYS };
