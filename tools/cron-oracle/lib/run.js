// Runs one case through the oracle exactly as Trigger.dev would: CronPattern, cronstrue, the
// scheduler's fire chain and the dashboard's one-iterator preview.
"use strict";
const { parseExpression } = require("cron-parser");
const cronstrue = require("cronstrue");
const { validate } = require("../tv");

/** cronstrue's sentence, or its throw (it throws strings such as "Error: Expression has only 4 parts..."). */
function describe(cron) {
  try {
    return cronstrue.toString(cron);
  } catch (e) {
    return "THROWS: " + ((e && e.message) || e);
  }
}

function options(date, tz) {
  return { currentDate: date, utc: tz === null, tz: tz ?? undefined };
}

/** The times the scheduler really fires: each one re-parsed from the previous fire. */
function chain(cron, tz, from, n) {
  const out = [];
  let d = new Date(from);
  try {
    for (let i = 0; i < n; i++) {
      d = parseExpression(cron, options(d, tz)).next().toDate();
      out.push(d.toISOString());
    }
  } catch (e) {
    out.push("ERR: " + e.message);
  }
  return out;
}

/** The dashboard's list: one iterator, next() n times (differs from the chain in some DST gaps). */
function iterate(cron, tz, from, n) {
  const out = [];
  try {
    const it = parseExpression(cron, options(new Date(from), tz));
    for (let i = 0; i < n; i++) out.push(it.next().toDate().toISOString());
  } catch (e) {
    out.push("ERR: " + e.message);
  }
  return out;
}

/**
 * The golden record for `c` = {id, cron, tz, from, n, ...extra}. Fire times are computed only
 * when CronPattern accepts the expression; otherwise `next` is [] whatever `n` says.
 */
function runCase(c) {
  const valid = validate(c.cron);
  const description = describe(c.cron);
  const next = valid.ok ? chain(c.cron, c.tz, c.from, c.n) : [];
  const it = valid.ok ? iterate(c.cron, c.tz, c.from, c.n) : [];
  const preview = JSON.stringify(it) === JSON.stringify(next) ? "same" : it;
  const { id, cron, tz, from, n, ...extra } = c;
  return { id, cron, tz, from, n, ...extra, valid, description, next, preview };
}

/** Accepted by Trigger.dev end to end: CronPattern passes and cronstrue can describe it. */
function saveable(cron) {
  return validate(cron).ok && !describe(cron).startsWith("THROWS: ");
}

module.exports = { runCase, describe, chain, iterate, saveable, validate };
