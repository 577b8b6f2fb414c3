// Sanity-checks the committed golden files: invariants on every record, and a seeded sample
// re-run through the oracle with the result compared field by field. Usage: node check.js [sample]
"use strict";
const fs = require("fs");
const path = require("path");
const { runCase, saveable } = require("./lib/run");
const { rng } = require("./lib/prng");

const DATA = path.join(__dirname, "..", "..", "tests", "data");
const read = (f) => JSON.parse(fs.readFileSync(path.join(DATA, f), "utf8"));
const sample = Number(process.argv[2] || 150);
const problems = [];
const fail = (c, msg) => problems.push(`${c.id}: ${msg}`);

/** Fire lists: strictly increasing, whole seconds with 0 ms, after `from`, `n` long unless cut by an ERR. */
function checkFires(c, list, what) {
  let prev = Date.parse(c.from);
  list.forEach((t, i) => {
    if (t.startsWith("ERR: ")) {
      if (i !== list.length - 1) fail(c, `${what}: ERR not last`);
      return;
    }
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/.test(t)) fail(c, `${what}: bad instant ${t}`);
    const ms = Date.parse(t);
    if (!(ms > prev)) fail(c, `${what}: ${t} not after ${new Date(prev).toISOString()}`);
    prev = ms;
  });
  const cut = list.length && list[list.length - 1].startsWith("ERR: ");
  if (!cut && list.length !== c.n) fail(c, `${what}: ${list.length} fires, n = ${c.n}`);
}

function checkFile(file, kind) {
  const cases = read(file);
  const ids = new Set();
  for (const c of cases) {
    if (ids.has(c.id)) fail(c, "duplicate id");
    ids.add(c.id);
    if (kind === "corpus" && !saveable(c.cron)) fail(c, "corpus entry is not saveable");
    if (kind === "invalid" && saveable(c.cron)) fail(c, "invalid entry is saveable");
    if (!c.valid.ok && (c.next.length || c.preview !== "same")) fail(c, "fire times for a refused input");
    if (c.valid.ok) {
      checkFires(c, c.next, "next");
      if (c.preview !== "same") checkFires(c, c.preview, "preview");
    }
  }
  // Re-run a seeded sample and compare everything the oracle computes.
  const r = rng(`check-${file}`);
  for (let i = 0; i < Math.min(sample, cases.length); i++) {
    const c = r.pick(cases);
    const again = runCase({ id: c.id, cron: c.cron, tz: c.tz, from: c.from, n: c.n });
    for (const k of ["valid", "description", "next", "preview"]) {
      if (JSON.stringify(again[k]) !== JSON.stringify(c[k])) fail(c, `${k} differs on re-run`);
    }
  }
  console.error(`${file}: ${cases.length} records checked, ${Math.min(sample, cases.length)} re-run`);
}

checkFile("cron_cases.json", "cases");
checkFile("cron_corpus.json", "corpus");
checkFile("cron_invalid.json", "invalid");
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.error("ok");
