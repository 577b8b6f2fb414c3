// Inputs Trigger.dev refuses: hand-written ones plus seeded mutations of valid expressions.
"use strict";
const { rng } = require("./prng");
const { saveable } = require("./run");

// The inputs of ../val.js (kept verbatim; the ones Trigger.dev accepts go to the corpus instead).
const VAL_JS_INPUTS = [
  "", " ", "0 9 * * *", "0 9 * * * *", "0 9 * *", "5", "* * * * * * *", "0  9 * * *", "0 9 * * * ", " 0 9 * * *", "0\t9 * * *",
  "@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@reboot", "@every 5m", "@DAILY",
  "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * 0 *", "* * * * 8", "* * * * 7", "* * * * -1",
  "0 0 30 2 *", "0 0 31 4 *", "0 0 29 2 *", "0 0 30,31 2 *", "0 0 1,30 2 *", "0 0 31 2,3 *",
  "0 0 L * *", "0 0 LW * *", "0 0 15W * *", "0 0 * * 5L", "0 0 * * FRIL", "0 0 * * 5#3", "0 0 * * 5#6", "0 0 * * 5#0", "0 0 * * 1,5#3", "0 0 * * MON#2", "0 0 ? * MON", "0 0 1 * ?", "H * * * *",
  "0 0 * JAN,jul *", "0 0 * * mon-fri", "0 0 * * MON-SUN", "0 0 * * SUN-SAT", "0 0 * * sunday", "0 0 * JANUARY *",
  "*/0 * * * *", "*/60 * * * *", "5/15 * * * *", "1-10/2 * * * *", "10-1 * * * *", "*/15,7 * * * *", "1,,2 * * * *", "1- * * * *", "-1 * * * *", "a * * * *", "1.5 * * * *", "0 0 * * 2-7/2", "0 9-17/3 * * 1-5", "0 0 1-30 * MON",
];

// Whole inputs worth pinning by hand: structure, whitespace, macros, unicode, huge numbers.
const HAND = [
  "\t", "\n", "  ", "     ", "0 9 * * *\t*", "0\t9\t*\t*\t*", "0 9\t* * *", "0 9 * * *\t", "\t0 9 * * *",
  "0 9 * * *\r\n0 9", "0 9 * * * * * *", "0 0 9 * * * 2024", "* * * * * *", "0 0 9 * * ?", "0 9  * * *", "0 9 * *  *",
  "0 9 * * *  ", "  0 9 * * *", "0", "0 9", "0 9 *", "0 9 * *", "* *", "* * *", "* * * *", "L", "5L", "MON", "jan",
  "0 9 * * MON\t", "0\t0\t1\t1\t*\t*\t*",
  "@yearly", "@YEARLY", "@Daily", "@weekly ", " @daily", "@", "@ daily", "@hourly *", "@every", "@every 1h", "@midnight",
  "@annually", "@reboot", "@sunday", "@monthly 5",
  "99999999999999999999 * * * *", "* 99999999999999999999 * * *", "* * 99999999999999999999 * *",
  "* * * 99999999999999999999 *", "* * * * 99999999999999999999", "9007199254740993 * * * *", "1e3 * * * *",
  "0x1 * * * *", "0b1 * * * *", "+5 * * * *", "05 09 * * *", "000 0 * * *", "0 0 001 * *", "0 0 * 012 *", "0 0 * * 07",
  "\u00e9 * * * *", "0 9 * * *\u00a0", "0\u00a09 * * *", "0 9 * * MON\u200b", "\u0665 * * * *", "\uff15 * * * *", "\u2075 * * * *",
  "0 9 * * \u{1F600}", "0 9 * * \u043f\u043d", "0 9 * \u0444\u0435\u0432 *", "\u00bd * * * *", "0 9 * * \u2013", "0\u20139 * * * *",
  "0 9 * * lun", "0 9 * * Montag", "0 9 * * MONDAY", "0 9 * * Monday", "0 9 * * sunday", "0 9 * JANUARY *", "0 9 * January *",
  "0 9 * Sept *", "0 9 * * thurs", "0 9 * * tues",
  "0 0 30 2 *", "0 0 31 2 *", "0 0 31 4 *", "0 0 31 6 *", "0 0 31 9 *", "0 0 31 11 *", "0 0 30,31 2 *", "0 0 31,1 4 *",
  "0 0 31 APR *", "0 0 30 feb *", "0 0 31 2-2 *", "0 0 30 2/12 *", "0 0 L,30 2 *", "0 0 30,L 2 *", "0 0 31-31 2 *",
  "0 0 31 Jun *", "0 0 30 FEB MON", "0 0 30-31 2 *",
  "0 0 * * 5#6", "0 0 * * 5#0", "0 0 * * 1,5#3", "0 0 * * 1-5#2", "0 0 * * */2#1", "0 0 * * 5#", "0 0 * * #1", "0 0 * * 5#5#5",
  "0 0 * * 5#1,1", "0 0 * * 1#1,2#2", "0 0 * * 5L,1#2", "0 0 * * 5#-1", "0 0 * * 5#1.5", "0 0 * * 5##1", "0 0 * * 8#1",
  "0 0 * * 5#10", "0 0 * * MON#6", "0 0 * * 5/2#1", "0 0 * * 1-5/2#3", "0 0 1#1 * *", "1#1 0 * * *", "0 1#1 * * *",
  "0 0 * 1#1 *", "0 0 * * L#1", "0 0 * * 5L#", "0 0 * * ?#", "0 0 * * *#1",
  "0 0 LW * *", "0 0 15W * *", "0 0 W * *", "0 0 L-2 * *", "0 0 L-L * *", "0 0 1-L * *", "0 0 L/0 * *", "0 0 LL * *",
  "0 0 * * 5L-2", "0 0 * * 1-5L", "0 0 * * *L", "0 0 * * 5l", "0 0 * * fril", "0 0 * * L-1", "0 0 * * LW", "L * * * *",
  "0 L * * *", "0 0 * L *", "0 0 L L *", "0 0 * * 5W", "H * * * *", "H/5 * * * *", "0 H * * *", "0 0 H * *", "0 0 * H *",
  "0 0 * * H", "H(0-29) * * * *", "? * * * *", "0 ? * * *", "0 0 * ? *", "0 0 ? ? ?", "*/0 * * * *", "0 */0 * * *",
  "0 0 */0 * *", "0 0 * */0 *", "0 0 * * */0", "1-5/0 * * * *", "0/0 * * * *", "/5 * * * *", "5/ * * * *", "*/ * * * *",
  "a/b/c * * * *", "1/2/3 * * * *", "*/2/2 * * * *", "1/2-3 * * * *", "*/-1 * * * *", "*/a * * * *", "*/1.5 * * * *",
  "1,,2 * * * *", ",1 * * * *", "1, * * * *", ", * * * *", "1,,,2 * * * *", "- * * * *", "1-2-3 * * * *", "1--2 * * * *",
  "*-* * * * *", "** * * * *", "*-5 * * * *", "5-* * * * *", "% * * * *", "$ * * * *", "0 9 * * 1;2", "0 9 * * 1|2",
  "0 9 * * (1)", "0 9 * * [1]", "0 9 * * {1}", "0 9 * * 1 2", "0 9 * * MON-", "0 9 * * -MON", "0 9 * * MON-SUN",
  "0 9 * * sat-sun", "0 9 * DEC-JAN *", "0 9 * * 6-0", "0 9 * * 7-0", "0 9 31-1 * *", "59-0 * * * *", "23-0 0 * * *",
  "0-60 * * * *", "0 0-24 * * *", "0 0 0-31 * *", "0 0 1-32 * *", "0 0 * 0-12 *", "0 0 * 1-13 *", "0 0 * * 0-8",
  "0 0 * * -1-5", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * 0 *", "* * * * 8",
  "* * * * -1", "-0 * * * *", "0 -0 * * *", "1.0 * * * *", "0 9.5 * * *", "0 9 * * 1.", ".5 * * * *",
];

/** Tokens to drop into one field of a valid expression. */
const BAD_FIELD_TOKENS = {
  0: ["60", "61", "99", "-1", "0-60", "59-0", "*/0", "W", "L", "?", "#", "1#1", "5L", "JAN", "mon", "1.5", "60/5", "0-59/0"],
  1: ["24", "25", "-1", "0-24", "23-0", "*/0", "W", "L", "?", "1#1", "2L", "FEB", "sun", "1.5", "24/2", "H"],
  2: ["0", "32", "0-31", "1-32", "31-1", "*/0", "15W", "LW", "L-1", "1-L", "W", "5L", "1#1", "MON", "jan", "0/5", "32/1"],
  3: ["0", "13", "0-12", "1-13", "12-1", "*/0", "L", "?", "W", "1#1", "JANUARY", "January", "Sept", "mon", "0/2", "13/1"],
  4: ["8", "9", "-1", "0-8", "6-0", "7-1", "*/0", "W", "5W", "LW", "5#6", "5#0", "1,5#3", "1-5#2", "*/2#1", "SUNDAY", "sunday", "thurs", "jan", "5l", "fril"],
};

/** The same valid expression broken in one way. */
function mutate(r, cron) {
  const f = cron.split(" ");
  const i = r.int(0, 4);
  const kind = r.weighted([
    [8, "token"],
    [2, "append"],
    [1, "list"],
    [1, "space"],
    [1, "fields"],
  ]);
  switch (kind) {
    case "token":
      f[i] = r.pick(BAD_FIELD_TOKENS[i]);
      return f.join(" ");
    case "append": // a valid field with junk glued on
      f[i] = f[i] + r.pick(["W", "#2", "/0", "-", ",", ",,1", "/", ".5", "L", "H", "x", "/2/2", "-0", "#"]);
      return f.join(" ");
    case "list": // a bad token inside an otherwise valid list
      f[i] = `${f[i]},${r.pick(BAD_FIELD_TOKENS[i])}`;
      return f.join(" ");
    case "space":
      return r.pick([` ${cron}`, `${cron} `, cron.replace(" ", "  "), cron.replace(" ", "\t"), `${cron}\t`, cron.replace(/ /g, "\t")]);
    default:
      return r.pick([`0 ${cron}`, `${cron} *`, `${cron} 2024`, `0 ${cron} 2024`, f.slice(0, r.int(1, 4)).join(" ")]);
  }
}

/**
 * Refused inputs, deduplicated, in a stable order: val.js, the hand list, rejected random
 * candidates from the corpus generator, then mutations of `validPool` until `target` is reached.
 */
function buildInvalid(target, validPool, rejectedCandidates) {
  const r = rng("invalid");
  const seen = new Set();
  const out = [];
  const take = (cron) => {
    if (seen.has(cron) || saveable(cron)) return;
    seen.add(cron);
    out.push(cron);
  };
  VAL_JS_INPUTS.forEach(take);
  HAND.forEach(take);
  // A sample of the grammar generator's own rejects: realistic near-misses.
  for (const cron of rejectedCandidates.slice(0, Math.floor(target / 5))) take(cron);
  let guard = 0;
  while (out.length < target && guard++ < target * 50) take(mutate(r, r.pick(validPool)));
  return out;
}

module.exports = { buildInvalid, VAL_JS_INPUTS };
