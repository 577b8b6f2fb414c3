// Generates crates/trigger-cron/tests/data/cron_describe.json: [expression, description] pairs from the pinned
// cronstrue 2.21.0 (default options), the golden corpus for crates/trigger-cron/src/describe.rs.
//
// Usage (from tools/cron-oracle, after `npm ci`):  node gen-describe.js
//
// The corpus is deterministic (fixed token lists plus a seeded PRNG), so re-running reproduces
// the file byte for byte. When cronstrue throws, the description is {"error": message}, with
// the "Error: " prefix that cronstrue's `throw "".concat(ex)` adds removed.

"use strict";
const fs = require("fs");
const path = require("path");
const cronstrue = require("cronstrue");

const OUT = path.join(__dirname, "..", "..", "crates", "trigger-cron", "tests", "data", "cron_describe.json");

// The 34 expressions of the shared oracle's desc-cases.js, first, so they are easy to find.
const SHARED = [
  "* * * * *", "*/5 * * * *", "0 * * * *", "0 0 * * *", "0 9 * * *", "0 9 * * 4", "0 9 * * THU",
  "0 9 * * 1-5", "30 14 * * *", "0 0,12 * * *", "0 0 1,15 * *", "*/15 9-17 * * 1-5", "0 0 1 1 *",
  "0 */2 * * *", "30 4 1,15 * 5", "5/15 * * * *", "1-10/2 * * * *", "0 9-17/3 * * 1-5", "0 0 * * 7",
  "0 0 * * 0", "0 0 L * *", "0 0 * * 5L", "0 0 * * 5#3", "0 0 ? * MON", "0 12 1 JAN,jul *",
  "0 0 */2 * MON", "0 0 29 2 *", "59 23 31 12 *", "0 0 * * 2-7/2", "15,45 * * * *", "0 0 1-30 * MON",
  "0 22 * * 1-5", "23 0-20/2 * * *", "0 0 * * 6,0",
];

// Token lists per field: bounds, leading zeros, lists of 2-4, ranges, stepped ranges, `*/n` for
// n = 1, typical, and beyond the field's range, `a/n`, names, and the L / # forms.
const MINUTE = [
  "0", "00", "1", "5", "05", "9", "10", "19", "20", "30", "45", "59",
  "*", "*/1", "*/2", "*/5", "*/7", "*/10", "*/15", "*/30", "*/59", "*/60", "*/90",
  "0/5", "0/1", "5/15", "30/10", "59/1", "00/5",
  "0-59", "1-10", "0-0", "5-5", "1-10/2", "0-30/15", "10-50/20", "0-59/1",
  "0,30", "15,45", "0,15,30,45", "1,2,3", "5,10,15,20", "0-5,30", "10-20,40-50", "1-5/2,30",
  "*/5,30", "0,0", "59,0",
];
const HOUR = [
  "0", "00", "1", "7", "9", "09", "11", "12", "13", "17", "20", "23",
  "*", "*/1", "*/2", "*/3", "*/5", "*/6", "*/12", "*/23", "*/24", "*/25",
  "0/2", "0/1", "9/3", "12/4", "23/1",
  "0-23", "9-17", "0-0", "12-12", "8-20", "13-23", "9-17/2", "9-17/3", "0-23/6", "0-12/12",
  "0,12", "9,17", "12,0", "6,12,18", "8,12,16,20", "0,1,2,3", "1-5,13-17", "9-12,14-18/2",
  "*/6,1", "12,13", "11,23",
];
const DOM = [
  "1", "01", "2", "10", "15", "19", "20", "28", "29", "30", "31",
  "*", "?", "*/1", "*/2", "*/5", "*/10", "*/15", "*/31", "*/40", "1/1", "1/3", "2/5", "15/2",
  "1-15", "1-31", "10-20", "1-1", "1-15/2", "10-20/2", "5-25/5",
  "1,15", "1,10,20", "1,10,20,30", "1-5,15", "10-12,20-22", "1-10/3,20",
  "L", "1,L", "L,15",
];
const MONTH = [
  "1", "01", "2", "6", "9", "10", "11", "12",
  "*", "?", "*/1", "*/2", "*/3", "*/4", "*/6", "*/12", "*/13", "1/2", "2/3", "6/6", "12/1",
  "1-12", "1-6", "3-9", "6-6", "1-12/2", "3-9/2", "2-11/3",
  "1,7", "6,12", "1,4,7,10", "3,6,9,12", "1-3,10-12", "1-6/2,12",
  "JAN", "jan", "Feb", "JUN", "Dec", "dec", "JAN-JUN", "jan-jun", "Mar-Nov", "JAN,JUL",
  "jan,apr,jul,oct", "FEB-NOV/3", "JAN/2", "JUN-AUG,DEC",
];
const DOW = [
  "0", "1", "2", "3", "4", "5", "6", "7", "00", "01", "05",
  "*", "?", "*/1", "*/2", "*/3", "*/6", "*/7", "*/8", "1/2", "0/3", "5/1",
  "0-6", "0-7", "1-5", "1-7", "0-0", "7-7", "3-3", "5-6", "2-7/2", "1-5/2", "0-6/3", "1-7/3",
  "6,0", "0,6", "7,1", "1,3,5", "1,2,3,4", "1-3,5", "1-5,0", "0-2,4-6",
  "SUN", "MON", "thu", "Sat", "fri", "MON-FRI", "mon-fri", "Mon-Sun", "SUN-SAT", "SUN,SAT",
  "MON,WED,FRI", "tue,thu", "MON/2", "MON-FRI/2",
  "L", "5L", "7L", "0L", "1L", "6L", "1L,5L", "5L,1",
  "5#3", "1#1", "0#2", "6#5", "7#4", "SUN#1", "MON#2", "fri#5", "1#1,5#3",
];

// Small "background" values for the fields a section does not vary.
const BASE_MIN = ["0", "*/15"];
const BASE_HOUR = ["9", "*"];

const cases = [];
const seen = new Set();
function add(expr) {
  if (seen.has(expr)) return;
  seen.add(expr);
  cases.push(expr);
}

SHARED.forEach(add);

// Time of day: every minute token with every hour token.
for (const m of MINUTE) for (const h of HOUR) add(`${m} ${h} * * *`);

// Day of month with day of week (the "and on" wording depends on both), at two times of day.
for (const dom of DOM)
  for (const [i, dow] of DOW.entries()) add(i % 2 === 0 ? `0 9 ${dom} * ${dow}` : `*/5 * ${dom} * ${dow}`);

// Month with every other day-of-month and day-of-week token.
const everyOther = (list) => list.filter((_, i) => i % 2 === 0);
for (const mon of MONTH) {
  for (const dom of everyOther(DOM)) add(`30 12 ${dom} ${mon} *`);
  for (const dow of everyOther(DOW)) add(`0 0 * ${mon} ${dow}`);
}

// Each field varied alone over the background values of the time fields.
for (const m of BASE_MIN)
  for (const h of BASE_HOUR) {
    for (const dom of DOM) add(`${m} ${h} ${dom} * *`);
    for (const mon of MONTH) add(`${m} ${h} * ${mon} *`);
    for (const dow of DOW) add(`${m} ${h} * * ${dow}`);
  }

// Seeded random combinations over all five fields (mulberry32).
function mulberry32(seed) {
  return function () {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20240521);
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

// A random field built from numbers in [lo, hi]: value, range, step, list of those.
function randomField(lo, hi) {
  const one = () => {
    switch (int(0, 5)) {
      case 0:
        return String(int(lo, hi));
      case 1: {
        const a = int(lo, hi);
        return `${a}-${int(a, hi)}`;
      }
      case 2:
        return `*/${int(1, hi + 2)}`;
      case 3: {
        const a = int(lo, hi);
        return `${a}-${int(a, hi)}/${int(1, hi)}`;
      }
      case 4:
        return `${int(lo, hi)}/${int(1, hi)}`;
      default:
        return String(int(lo, hi)).padStart(2, "0");
    }
  };
  if (rand() < 0.3) {
    const n = int(2, 4);
    const items = [];
    for (let i = 0; i < n; i++) items.push(one());
    return items.join(",");
  }
  return one();
}

for (let i = 0; i < 3000; i++) {
  const useTokens = rand() < 0.5;
  const m = useTokens ? pick(MINUTE) : randomField(0, 59);
  const h = useTokens ? pick(HOUR) : randomField(0, 23);
  const dom = rand() < 0.5 ? "*" : useTokens ? pick(DOM) : randomField(1, 31);
  const mon = rand() < 0.6 ? "*" : useTokens ? pick(MONTH) : randomField(1, 12);
  const dow = rand() < 0.5 ? "*" : useTokens ? pick(DOW) : randomField(0, 7);
  add(`${m} ${h} ${dom} ${mon} ${dow}`);
}

// Six and seven fields: cronstrue reads a sixth field as seconds (or as a year when it ends in
// four digits or when day of month / day of week is `?`), a seventh as the year.
const SECONDS = ["0", "00", "5", "30", "59", "*", "*/10", "0/15", "10-20", "1,2,3", "5/20", "0-30/5"];
const YEARS = ["*", "2024", "2024-2026", "*/2", "2025/3", "2024,2030", "1999", "50", "0"];
for (const s of SECONDS)
  for (const [m, h] of [["0", "9"], ["*", "*"], ["30", "9-17"], ["*/5", "0,12"], ["15", "*/2"]])
    add(`${s} ${m} ${h} * * *`);
for (const y of YEARS) {
  add(`0 0 9 * * ? ${y}`);
  add(`0 9 1 * ? ${y}`);
  add(`*/5 * * * * ${y}`);
  add(`0 30 9 1 JAN MON ${y}`);
}
add("0 9 * * ? 2030");
add("0 9 ? * MON 2030");
add("0 9 * * MON 1234");

// Invalid and edge inputs.
const EDGE = [
  "", " ", "   ", "@daily", "@hourly", "*", "* *", "* * *", "* * * *", "0 9 * *",
  "* * * * * * * *", "1 2 3 4 5 6 7 8 9", "  0   9  *  *  *  ", "0\t9 * * *",
  "60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 32 * *", "0 0 * 0 *", "0 0 * 13 *", "0 0 * * 8",
  "-1 * * * *", "0 -1 * * *", "0 0 * * FOO", "0 0 X * *", "0 0 * JANUARY *", "0 0 * * MONDAY",
  "0 0 15W * *", "0 0 1W * *", "0 0 LW * *", "0 0 W * *", "0 0 1-3W * *", "0 0 L-3 * *",
  "0 0 1,L * *", "a b c d e", "0 0 ? ? ?", "*/0 * * * *", "0 */0 * * *", ",,, * * * *",
  "0 99999999999999999999 * * *", "99999999999999999999 * * * *", "0 5-99999999999999999999999 * * *",
  "0 0x10 * * *", "0 9 * * 1#6", "0 9 * * 5#", "0 9 * * #3", "0 9 * * L", "0 9 * * 8L",
  "0 9 1-5/2,10 * *", "0 0 * * 1-5,7-7", "1-5 9 * * *", "10-70 9 * * *", "0 0 1 * 1/2",
  "0 9,x * * *", "%s * * * *", "*/%s * * * *", "0 9 * */%s%s *", "é * * * *", "0 9 * * é",
  "0 0 * * 17", "0 0 * * 77", "0 0 * * a7", "0 9-9 * * *", "0 12-0 * * *",
];
EDGE.forEach(add);

// Noisy five-field expressions from cron's characters, to exercise the normaliser's corners.
const NOISE = "0123456789*/,-?LW# ";
for (let i = 0; i < 400; i++) {
  const fields = [];
  for (let f = 0; f < 5; f++) {
    let s = "";
    const n = int(1, 5);
    for (let k = 0; k < n; k++) s += NOISE[int(0, NOISE.length - 2)];
    fields.push(s);
  }
  add(fields.join(" "));
}

// Odd text in five to seven fields: names, hex, huge numbers, signs, `%s`, non-ASCII and
// JavaScript-only white space. cronstrue describes much of it (oddly); the port must agree.
const ODD = [
  "0", "1", "5", "7", "9", "12", "13", "23", "24", "59", "60", "00", "07", "31", "32", "*", "?",
  "L", "W", "LW", "5L", "7L", "5#3", "#", "SUN", "mon", "Thu", "JAN", "dec", "0x1f", "+5", "-0",
  "99999999999999999999", "1e3", "%s", "é", "😀", "\t", "\u0085", "\ufeff", "X", "w", "l", "L-3",
  "15W", "W1", "2024", "99", "275761", "abc",
];
for (let i = 0; i < 1000; i++) {
  const fields = [];
  const count = pick([5, 5, 5, 6, 7]);
  for (let f = 0; f < count; f++) {
    let s = "";
    const n = int(1, 3);
    for (let k = 0; k < n; k++) s += pick(ODD) + pick(["/", "-", ",", "", ""]);
    fields.push(s);
  }
  add(fields.join(" "));
}

function describe(expr) {
  try {
    return cronstrue.toString(expr);
  } catch (x) {
    const msg = String(x);
    return { error: msg.startsWith("Error: ") ? msg.slice("Error: ".length) : msg };
  }
}

// JSON (and a Rust String) cannot carry lone UTF-16 surrogates; leave such cases out.
const wellFormed = (s) => typeof s !== "string" || s.isWellFormed();

const pairs = [];
for (const expr of cases) {
  const d = describe(expr);
  if (wellFormed(expr) && wellFormed(d)) pairs.push([expr, d]);
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, "[\n" + pairs.map((p) => JSON.stringify(p)).join(",\n") + "\n]\n");
const errors = pairs.filter((p) => typeof p[1] !== "string").length;
console.log(`wrote ${pairs.length} cases (${errors} errors) to ${path.relative(process.cwd(), OUT)}`);
