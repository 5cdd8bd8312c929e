-- 001_init.sql: the mentorstat database, version 1.
--
-- Three groups of tables, each written by one stage:
--   ingest:  batches, rejects, dropped_columns (audit, inputs.md);
--            pairs, meetings, goals, evaluations (the exports, by id);
--            programme_config, item_config (the --config file).
--   analyze: res_* tables, pair_gas, pair_risk, risk_model, risk_model_fit,
--            analysis_run (results.md).
--   report:  reads only; writes nothing here.
-- Dates are ISO 8601 text, YYYY-MM-DD. Every column is documented below;
-- the README's "Database" section describes the same.

------------------------------------------------------------------ audit ----

-- One row per file offered to ingest, refused files included.
-- rows_read = rows_loaded + rows_rejected always holds.
CREATE TABLE batches (
  batch_id      INTEGER PRIMARY KEY,      -- 1, 2, ... in the order offered
  file          TEXT NOT NULL,            -- file name as given on the command line
  sha256        TEXT,                     -- hex digest of the file's bytes; NULL if unreadable
  kind          TEXT,                     -- pairs, meetings, goals, evaluations; NULL if unknown
  rows_read     INTEGER NOT NULL DEFAULT 0,  -- records read (not the header, not blank lines)
  rows_loaded   INTEGER NOT NULL DEFAULT 0,  -- records stored
  rows_rejected INTEGER NOT NULL DEFAULT 0,  -- records kept in rejects instead
  status        TEXT NOT NULL CHECK (status IN ('loaded', 'refused')),
  message       TEXT,                     -- why refused, or a one-line summary
  encoding      TEXT,                     -- utf-8 or windows-1252 (as read)
  delimiter     TEXT,                     -- ',', ';' or 'tab'
  CHECK (rows_read = rows_loaded + rows_rejected)
);
CREATE UNIQUE INDEX batches_sha256 ON batches(sha256) WHERE status = 'loaded';

-- One row per rejected record. Never holds the rejected value itself.
CREATE TABLE rejects (
  batch_id  INTEGER NOT NULL REFERENCES batches(batch_id),
  line      INTEGER NOT NULL,   -- physical line where the record starts; header = 1
  "column"  TEXT,               -- the column at fault (NULL: the whole record)
  rule      TEXT NOT NULL,      -- stable code: invalid_date, out_of_range, missing_value,
                                -- invalid_value, end_before_start, duplicate_id, too_many_fields
  message   TEXT NOT NULL       -- a sentence for people
);
CREATE INDEX rejects_batch ON rejects(batch_id, line);

-- Columns outside the contract, named once per file and not stored.
CREATE TABLE dropped_columns (
  batch_id  INTEGER NOT NULL REFERENCES batches(batch_id),
  "column"  TEXT NOT NULL,      -- the header as written in the file
  PRIMARY KEY (batch_id, "column")
);

-------------------------------------------------------------- the data ----
-- Rows are keyed by their export id; a newer export of the same kind
-- replaces a row with the same id (the last load wins). batch_id and line
-- say where each row came from. Meetings, goals and evaluations are stored
-- clustered by pair (their primary key starts with pair_id, the export id
-- is UNIQUE), so analyze reads every table in one ordered pass per pair.
-- Enum checks are written as OR chains: an IN list in a CHECK builds a
-- temporary index for every row inserted, which made loading five times
-- slower.

CREATE TABLE pairs (
  pair_id          TEXT PRIMARY KEY NOT NULL,  -- pseudonymous id of the pair
  programme        TEXT NOT NULL,              -- programme name
  cohort           TEXT NOT NULL,              -- cohort label; default the year of start_date
  mentor_id        TEXT,                       -- pseudonymous mentor id
  mentee_id        TEXT,                       -- pseudonymous mentee (adept) id
  coordinator_id   TEXT,                       -- pseudonymous coordinator id
  org_unit         TEXT,                       -- the mentee's organisational unit
  cross_org        INTEGER CHECK (cross_org = 0 OR cross_org = 1), -- mentor from another organisation
  start_date       TEXT NOT NULL,              -- the introductory meeting's date
  planned_end_date TEXT,                       -- as exported; NULL = start + programme's planned length
  status           TEXT NOT NULL CHECK (status = 'active' OR status = 'completed' OR status = 'ended_early'),
  end_date         TEXT,                       -- set when status is not active
  end_reason       TEXT CHECK (end_reason = 'chemistry' OR end_reason = 'work_change' OR end_reason = 'confidentiality' OR end_reason = 'time' OR end_reason = 'left_organisation' OR end_reason = 'goals_met' OR end_reason = 'other'),
  batch_id         INTEGER NOT NULL,           -- the batch that last wrote the row
  line             INTEGER NOT NULL            -- its line in that batch's file
) WITHOUT ROWID;

CREATE TABLE meetings (
  meeting_id   TEXT NOT NULL UNIQUE,
  pair_id      TEXT NOT NULL,
  date         TEXT NOT NULL,                 -- scheduled date
  status       TEXT NOT NULL CHECK (status = 'held' OR status = 'cancelled' OR status = 'no_show'),
  duration_min INTEGER CHECK (duration_min BETWEEN 1 AND 600), -- only for held meetings
  cancelled_by TEXT CHECK (cancelled_by = 'mentor' OR cancelled_by = 'mentee'),
  kind         TEXT NOT NULL DEFAULT 'regular' CHECK (kind = 'intro' OR kind = 'regular' OR kind = 'closing'),
  mode         TEXT CHECK (mode = 'in_person' OR mode = 'digital'),
  batch_id     INTEGER NOT NULL,
  line         INTEGER NOT NULL,
  PRIMARY KEY (pair_id, date, meeting_id)
) WITHOUT ROWID;

CREATE TABLE goals (
  goal_id      TEXT NOT NULL UNIQUE,
  pair_id      TEXT NOT NULL,
  set_date     TEXT NOT NULL,
  target_date  TEXT,
  weight       REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
  attainment   INTEGER CHECK (attainment BETWEEN -2 AND 2), -- GAS level; NULL = not reviewed
  review_date  TEXT,                                        -- set when attainment is
  category     TEXT,
  batch_id     INTEGER NOT NULL,
  line         INTEGER NOT NULL,
  PRIMARY KEY (pair_id, goal_id)
) WITHOUT ROWID;

-- One row per submitted questionnaire. The q_* items are kept in answers,
-- a JSON object {"q_trust": 4, ...} holding the answered items only; the
-- view evaluation_answers lists them one per row.
CREATE TABLE evaluations (
  response_id  TEXT NOT NULL UNIQUE,
  pair_id      TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role = 'mentor' OR role = 'mentee'),
  survey       TEXT NOT NULL CHECK (survey = 'intro' OR survey = 'midpoint' OR survey = 'final'),
  date         TEXT NOT NULL,
  recommend    INTEGER CHECK (recommend BETWEEN 0 AND 10), -- Net Promoter item
  answers      TEXT NOT NULL DEFAULT '{}',
  batch_id     INTEGER NOT NULL,
  line         INTEGER NOT NULL,
  PRIMARY KEY (pair_id, date, response_id)
) WITHOUT ROWID;

CREATE VIEW evaluation_answers AS
  SELECT e.response_id, e.pair_id, e.role, e.survey, e.date,
         a.key AS item, a.value AS value
  FROM evaluations AS e, json_each(e.answers) AS a;

-- Rows naming a pair that is not (yet) in the roster.
CREATE VIEW orphans AS
  SELECT 'meetings' AS kind, meeting_id AS id, pair_id, batch_id, line FROM meetings
   WHERE pair_id NOT IN (SELECT pair_id FROM pairs)
  UNION ALL
  SELECT 'goals', goal_id, pair_id, batch_id, line FROM goals
   WHERE pair_id NOT IN (SELECT pair_id FROM pairs)
  UNION ALL
  SELECT 'evaluations', response_id, pair_id, batch_id, line FROM evaluations
   WHERE pair_id NOT IN (SELECT pair_id FROM pairs);

--------------------------------------------------------- configuration ----
-- Written from --config (INI) by ingest and analyze; '*' holds defaults.

CREATE TABLE programme_config (
  programme      TEXT PRIMARY KEY NOT NULL,  -- programme name, or '*' for the default
  planned_months REAL NOT NULL DEFAULT 12,   -- planned length; m months = floor(30.4375 m + 0.5) days
  k              INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3) -- suppression threshold
) WITHOUT ROWID;
INSERT INTO programme_config VALUES ('*', 12, 5);

-- Evaluation items: the built-in ones, those the configuration adds, and
-- any other q_* column ingest has loaded (scale 1..5, no construct).
CREATE TABLE item_config (
  item       TEXT PRIMARY KEY NOT NULL,  -- column name, q_*
  construct  TEXT,                       -- scale the item belongs to (Cronbach's alpha); NULL: none
  scale_min  INTEGER NOT NULL DEFAULT 1,
  scale_max  INTEGER NOT NULL DEFAULT 5,
  question   TEXT,                       -- the question as asked (English)
  programme  TEXT NOT NULL DEFAULT '*',  -- programme that defined it, '*' built-in
  CHECK (scale_min < scale_max)
) WITHOUT ROWID;
INSERT INTO item_config (item, construct, question) VALUES
  ('q_trust',           'relationship', 'I trust my mentor/mentee with confidential matters'),
  ('q_chemistry',       'relationship', 'The personal chemistry between us works'),
  ('q_openness',        'relationship', 'Our conversations are open and honest'),
  ('q_goal_clarity',    'goals',        'My/our goals are clear and written down'),
  ('q_goal_progress',   'goals',        'I am making progress towards the goals'),
  ('q_usefulness',      'value',        'The meetings are useful to me'),
  ('q_time_well_spent', 'value',        'The time I spend on the mentorship is well spent'),
  ('q_preparation',     'engagement',   'We both come prepared to meetings');

---------------------------------------------------------------- results ----
-- Written by analyze in one transaction (results.md). Every res_ table has
-- programme and cohort; '*' is the total over that dimension. NULL = the
-- figure cannot be computed from the data (too few observations).

-- The analysis these results belong to: one row.
CREATE TABLE analysis_run (
  as_of      TEXT NOT NULL,   -- the date the results are for
  n_pairs    INTEGER NOT NULL,-- pairs started on or before as_of
  version    TEXT NOT NULL    -- mentorstat version that computed them
);

CREATE TABLE res_completion (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  n_pairs INTEGER NOT NULL,        -- pairs started by as_of
  n_active INTEGER NOT NULL,       -- still active at as_of
  n_completed INTEGER NOT NULL,
  n_ended_early INTEGER NOT NULL,
  n_goals_met_early INTEGER NOT NULL, -- early endings with reason goals_met
  completion_rate REAL,            -- n_completed / (n_completed + n_ended_early)
  ci_low REAL, ci_high REAL,       -- Wilson score 95% interval
  PRIMARY KEY (programme, cohort)
);

CREATE TABLE res_end_reasons (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  end_reason TEXT NOT NULL,
  n INTEGER NOT NULL,              -- early endings with this reason
  share REAL,                      -- n / all early endings of the group
  PRIMARY KEY (programme, cohort, end_reason)
);

CREATE TABLE res_survival (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  month INTEGER NOT NULL,          -- 0..36; day floor(30.4375 month + 0.5)
  n_risk INTEGER NOT NULL,         -- pairs at risk at the month's day
  n_event INTEGER NOT NULL,        -- early endings in (previous month, month]
  n_censor INTEGER NOT NULL,       -- censored in (previous month, month]
  survival REAL,                   -- Kaplan-Meier: share without an early ending
  ci_low REAL, ci_high REAL,       -- Greenwood variance, log-log 95% interval
  PRIMARY KEY (programme, cohort, month)
);

CREATE TABLE res_survival_median (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  median_days REAL,                -- median time to an early ending (R quantile(fit, 0.5))
  ci_low REAL, ci_high REAL,
  PRIMARY KEY (programme, cohort)
);

CREATE TABLE res_incidence (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  month INTEGER NOT NULL,
  cif_ended_early REAL,            -- Aalen-Johansen cumulative incidence of an early ending
  cif_completed REAL,              -- ... of completion
  PRIMARY KEY (programme, cohort, month)
);

CREATE TABLE res_logrank (
  programme TEXT NOT NULL,         -- a programme, or '*' (cohort labels across programmes)
  cohorts TEXT NOT NULL,           -- cohort labels compared, sorted, comma-separated
  chisq REAL, df INTEGER, p_value REAL,
  PRIMARY KEY (programme)
);

CREATE TABLE res_goals (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  n_goals INTEGER NOT NULL,        -- goals set by as_of
  n_reviewed INTEGER NOT NULL,     -- with an attainment reviewed by as_of
  share_met REAL,                  -- reviewed goals with attainment >= 0
  share_ci_low REAL, share_ci_high REAL, -- Wilson 95%
  n_pairs_scored INTEGER NOT NULL, -- pairs with at least one reviewed goal
  gas_t_mean REAL,                 -- mean GAS T-score over scored pairs
  gas_t_ci_low REAL, gas_t_ci_high REAL, -- t interval
  PRIMARY KEY (programme, cohort)
);

CREATE TABLE res_goal_levels (     -- not in results.md: the Goals sheet's distribution
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  level INTEGER NOT NULL,          -- GAS level -2..+2
  n INTEGER NOT NULL,              -- reviewed goals at that level
  PRIMARY KEY (programme, cohort, level)
);

CREATE TABLE pair_gas (
  pair_id TEXT PRIMARY KEY NOT NULL,
  n_reviewed INTEGER NOT NULL,
  t_score REAL NOT NULL            -- Kiresuk-Sherman T, rho = 0.3
);

CREATE TABLE res_items (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, role TEXT NOT NULL, item TEXT NOT NULL,
  n INTEGER NOT NULL, mean REAL, sd REAL,  -- sample standard deviation
  ci_low REAL, ci_high REAL,               -- mean +- t(0.975, n-1) sd / sqrt(n)
  PRIMARY KEY (programme, cohort, survey, role, item)
);

CREATE TABLE res_item_dist (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, role TEXT NOT NULL, item TEXT NOT NULL,
  value INTEGER NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (programme, cohort, survey, role, item, value)
);

CREATE TABLE res_scales (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, role TEXT NOT NULL, construct TEXT NOT NULL,
  n_items INTEGER NOT NULL,        -- items of the construct
  n_responses INTEGER NOT NULL,    -- responses answering every item
  alpha REAL,                      -- Cronbach's alpha
  PRIMARY KEY (programme, cohort, survey, role, construct)
);

CREATE TABLE res_change (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  role TEXT NOT NULL, item TEXT NOT NULL,
  n_pairs INTEGER NOT NULL,        -- pairs with intro and final answers to the item
  mean_intro REAL, mean_final REAL, mean_diff REAL,
  wilcoxon_v REAL,                 -- sum of ranks of positive differences
  p_value REAL,                    -- normal approximation, tie and continuity corrected
  PRIMARY KEY (programme, cohort, role, item)
);

CREATE TABLE res_nps (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, role TEXT NOT NULL,
  n INTEGER NOT NULL, promoters INTEGER NOT NULL, passives INTEGER NOT NULL,
  detractors INTEGER NOT NULL,
  nps REAL,                        -- 100 (promoters - detractors) / n
  PRIMARY KEY (programme, cohort, survey, role)
);

CREATE TABLE res_attendance (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  n_pairs INTEGER NOT NULL,
  held INTEGER NOT NULL, cancelled INTEGER NOT NULL, no_show INTEGER NOT NULL,
  cancel_rate REAL, no_show_rate REAL,     -- over all scheduled meetings in the windows
  hours_per_pair_month REAL,               -- mean over pairs with active days > 0
  share_on_cadence REAL,                   -- pairs with held >= 0.75 expected
  PRIMARY KEY (programme, cohort)
);

CREATE TABLE pair_risk (
  pair_id TEXT PRIMARY KEY NOT NULL,
  programme TEXT NOT NULL, cohort TEXT NOT NULL, coordinator_id TEXT,
  as_of TEXT NOT NULL,
  days_active INTEGER NOT NULL,    -- as_of - start_date
  risk REAL,                       -- P(early ending within 90 days); NULL without a model
  band TEXT NOT NULL CHECK (band = 'high' OR band = 'medium' OR band = 'low'),
  flags TEXT NOT NULL,             -- rules that fire, comma-separated; '' when none
  drivers TEXT NOT NULL,           -- model terms raising the risk most, comma-separated
  days_since_last_held INTEGER NOT NULL,
  held_90d INTEGER NOT NULL, not_held_90d INTEGER NOT NULL,
  latest_chemistry INTEGER,        -- lower of the roles' latest q_chemistry
  n_goals INTEGER NOT NULL
);

CREATE TABLE risk_model (
  term TEXT PRIMARY KEY NOT NULL,
  coefficient REAL, std_error REAL
);

CREATE TABLE risk_model_fit (
  n_periods INTEGER NOT NULL, n_events INTEGER NOT NULL,
  auc_cv REAL, brier_cv REAL,
  auc_cv_flags REAL,               -- the same cross-validation scoring by the number of flags
  band_high_min REAL,              -- risk at or above: band high (90th percentile of CV risk)
  band_medium_min REAL,            -- risk at or above: band medium (70th percentile)
  method TEXT NOT NULL
);

CREATE TABLE res_cohort_year (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  n_started INTEGER NOT NULL,
  completion_rate REAL, ci_low REAL, ci_high REAL,
  cif_ended_early_6m REAL,
  gas_t_mean REAL,
  final_usefulness_mean REAL,
  nps_final REAL,
  hours_per_pair_month REAL,
  PRIMARY KEY (programme, cohort)
);
