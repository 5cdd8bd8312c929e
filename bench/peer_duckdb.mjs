// peer_duckdb.mjs: what a user might do instead of mentorstat with DuckDB
// (bench.py times it beside mentorstat; see README, Performance).
//
//   node bench/peer_duckdb.mjs DIR OUT
//
// Reads DIR/{pairs,meetings,goals,evaluations}.csv, computes completion,
// end reasons, attendance, item means and a Kaplan-Meier curve of early
// endings by programme (months 0..36), and writes one CSV per table to OUT.
// Needs @duckdb/node-api (npm; `make bench-peers` installs it), found from
// the current directory (an npm prefix: bench.py runs node there).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(join(process.cwd(), 'peer.js'));
const { DuckDBInstance } = await import(
  pathToFileURL(require.resolve('@duckdb/node-api')).href);

const [dir, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = (sql) => con.run(sql);
const csv = (f) => `read_csv('${dir}/${f}.csv', header = true, all_varchar = false)`;

await q(`CREATE TABLE pairs AS SELECT * FROM ${csv('pairs')}`);
await q(`CREATE TABLE meetings AS SELECT * FROM ${csv('meetings')}`);
await q(`CREATE TABLE goals AS SELECT * FROM ${csv('goals')}`);
await q(`CREATE TABLE evaluations AS SELECT * FROM ${csv('evaluations')}`);
await q(`CREATE TABLE as_of AS SELECT greatest(max(start_date), max(end_date)) AS d FROM pairs`);

const tables = {
  completion: `SELECT programme, cohort, count(*) AS n_pairs,
      count(*) FILTER (status = 'active') AS n_active,
      count(*) FILTER (status = 'completed') AS n_completed,
      count(*) FILTER (status = 'ended_early') AS n_ended_early,
      n_completed / nullif(n_completed + n_ended_early, 0) AS completion_rate
    FROM pairs GROUP BY ALL ORDER BY ALL`,
  end_reasons: `SELECT programme, cohort, end_reason, count(*) AS n,
      count(*) / sum(count(*)) OVER (PARTITION BY programme, cohort) AS share
    FROM pairs WHERE status = 'ended_early' GROUP BY programme, cohort, end_reason
    ORDER BY ALL`,
  attendance: `SELECT p.programme, p.cohort, count(DISTINCT m.pair_id) AS n_pairs,
      count(*) FILTER (m.status = 'held') AS held,
      count(*) FILTER (m.status = 'cancelled') AS cancelled,
      count(*) FILTER (m.status = 'no_show') AS no_show,
      cancelled / count(*) AS cancel_rate, no_show / count(*) AS no_show_rate,
      sum(m.duration_min) / 60.0 / count(DISTINCT m.pair_id) AS hours_per_pair
    FROM meetings m JOIN pairs p USING (pair_id) GROUP BY ALL ORDER BY ALL`,
  goals: `SELECT p.programme, p.cohort, count(*) AS n_goals,
      count(g.attainment) AS n_reviewed,
      avg(CASE WHEN g.attainment >= 0 THEN 1.0 WHEN g.attainment < 0 THEN 0.0 END) AS share_met
    FROM goals g JOIN pairs p USING (pair_id) GROUP BY ALL ORDER BY ALL`,
  items: `SELECT p.programme, p.cohort, e.survey, e.role, u.item,
      count(u.value) AS n, avg(u.value) AS mean, stddev_samp(u.value) AS sd
    FROM (UNPIVOT evaluations ON COLUMNS('^q_') INTO NAME item VALUE value) u
    JOIN evaluations e USING (response_id) JOIN pairs p ON p.pair_id = e.pair_id
    GROUP BY ALL ORDER BY ALL`,
  survival: `WITH t AS (
      SELECT programme,
        date_diff('day', start_date, coalesce(end_date, (SELECT d FROM as_of))) AS days,
        (status = 'ended_early')::INT AS ev FROM pairs),
    byday AS (SELECT programme, days, sum(ev) AS d, count(*) AS n FROM t GROUP BY ALL),
    risk AS (SELECT programme, days, d,
        sum(n) OVER (PARTITION BY programme ORDER BY days DESC) AS at_risk FROM byday),
    km AS (SELECT programme, days,
        exp(sum(ln(1 - d / at_risk)) OVER (PARTITION BY programme ORDER BY days)) AS s
      FROM risk WHERE d < at_risk),
    months AS (SELECT range AS month, floor(30.4375 * range + 0.5) AS day FROM range(0, 37)),
    grid AS (SELECT programme, month, day
      FROM (SELECT DISTINCT programme FROM pairs), months)
    SELECT g.programme, g.month, coalesce(km.s, 1.0) AS survival
    FROM grid g ASOF LEFT JOIN km
      ON km.programme = g.programme AND g.day >= km.days
    ORDER BY ALL`,
};
for (const [name, sql] of Object.entries(tables))
  await q(`COPY (${sql}) TO '${out}/${name}.csv' (HEADER)`);
