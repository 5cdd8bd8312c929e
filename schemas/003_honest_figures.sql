-- mentorstat schema, migration 3: the results of results.md as revised for
-- honest figures (mature pairs, ratio intervals, effect sizes, multiplicity),
-- what works (Cox trend and landmark factors, breakdowns, agreement,
-- coordinators' funnel) and the coordinators' risk list (too_early band,
-- cluster-robust drivers, calibration, backtest).
--
-- Every table here is emptied and refilled by each analyze run, so a table
-- whose constraints change is dropped and created anew; added columns are
-- appended in the order results.md lists them.

-- res_completion: mature pairs (as_of - start_date >= planned days + 61).
ALTER TABLE res_completion ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0; -- 1 when n_active > 0
ALTER TABLE res_completion ADD COLUMN n_mature INTEGER NOT NULL DEFAULT 0;
ALTER TABLE res_completion ADD COLUMN n_mature_completed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE res_completion ADD COLUMN mature_rate REAL;    -- n_mature_completed / n_mature
ALTER TABLE res_completion ADD COLUMN mature_ci_low REAL;  -- Wilson 95%
ALTER TABLE res_completion ADD COLUMN mature_ci_high REAL;

-- res_goals: share_met's interval is now the ratio interval over pairs.
ALTER TABLE res_goals ADD COLUMN scored_completed REAL;    -- share of completed pairs with a GAS score
ALTER TABLE res_goals ADD COLUMN scored_ended_early REAL;  -- share of early-ended pairs with a GAS score

-- res_items: limits clamped to the scale; top-two-box share.
ALTER TABLE res_items ADD COLUMN top2_n INTEGER;           -- answers in the two highest scale points
ALTER TABLE res_items ADD COLUMN top2_share REAL;
ALTER TABLE res_items ADD COLUMN top2_ci_low REAL;         -- Wilson 95%
ALTER TABLE res_items ADD COLUMN top2_ci_high REAL;

-- res_change: interval of the mean difference, effect size, BH adjustment.
ALTER TABLE res_change ADD COLUMN diff_ci_low REAL;        -- mean_diff +- t(0.975, n-1) sd / sqrt(n)
ALTER TABLE res_change ADD COLUMN diff_ci_high REAL;
ALTER TABLE res_change ADD COLUMN effect_r REAL;           -- matched-pairs rank-biserial (T+ - T-)/(T+ + T-)
ALTER TABLE res_change ADD COLUMN p_adjusted REAL;         -- Benjamini-Hochberg within (programme, cohort)

-- res_nps: interval.
ALTER TABLE res_nps ADD COLUMN ci_low REAL;                -- nps +- z se, clipped to [-100, 100]
ALTER TABLE res_nps ADD COLUMN ci_high REAL;

-- res_attendance: hours per pair-month as a ratio over pairs, with interval.
ALTER TABLE res_attendance ADD COLUMN hours_ci_low REAL;   -- ratio interval over pairs
ALTER TABLE res_attendance ADD COLUMN hours_ci_high REAL;

-- res_cohort_year: provisional as in res_completion.
ALTER TABLE res_cohort_year ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;

CREATE TABLE res_response (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, role TEXT NOT NULL,
  status TEXT NOT NULL,            -- active, completed, ended_early
  n_pairs INTEGER NOT NULL,        -- pairs of that status in the group
  n_responded INTEGER NOT NULL,    -- of them, with a response of that survey from that role
  rate REAL,                       -- n_responded / n_pairs
  PRIMARY KEY (programme, cohort, survey, role, status)
);

CREATE TABLE res_cohort_trend (
  programme TEXT NOT NULL,         -- a programme, or '*' (stratified by programme)
  n_pairs INTEGER NOT NULL, n_events INTEGER NOT NULL,
  first_year INTEGER, last_year INTEGER,
  hr_per_year REAL,                -- Cox hazard ratio of an early ending per start year
  ci_low REAL, ci_high REAL, p_value REAL, -- Wald
  PRIMARY KEY (programme)
);

CREATE TABLE res_factors (
  programme TEXT NOT NULL,         -- a programme, or '*' (stratified by programme)
  term TEXT NOT NULL,              -- cross_org, goals_by_30, held_by_30
  n_pairs INTEGER NOT NULL,        -- pairs in the landmark model (time > 30, cross_org known)
  n_events INTEGER NOT NULL,       -- early endings among them
  hazard_ratio REAL, ci_low REAL, ci_high REAL, p_value REAL,
  PRIMARY KEY (programme, term)
);

CREATE TABLE res_breakdown (
  programme TEXT NOT NULL,
  dimension TEXT NOT NULL,         -- cross_org, org_unit, intro_mode
  level TEXT NOT NULL,
  n_pairs INTEGER NOT NULL, n_mature INTEGER NOT NULL,
  mature_rate REAL, ci_low REAL, ci_high REAL, -- Wilson 95%
  n_ended_early INTEGER NOT NULL,
  early_share REAL,                -- n_ended_early / n_pairs
  PRIMARY KEY (programme, dimension, level)
);

CREATE TABLE res_agreement (
  programme TEXT NOT NULL, cohort TEXT NOT NULL,
  survey TEXT NOT NULL, item TEXT NOT NULL,
  n_pairs INTEGER NOT NULL,        -- pairs whose latest mentor and mentee responses both answered
  mean_mentor REAL, mean_mentee REAL,
  mean_diff REAL,                  -- mean of (mentee - mentor)
  kappa_w REAL,                    -- Cohen's kappa, quadratic weights over the scale
  PRIMARY KEY (programme, cohort, survey, item)
);

CREATE TABLE res_coordinators (
  programme TEXT NOT NULL, coordinator_id TEXT NOT NULL, -- 'unassigned' when none
  n_mature INTEGER NOT NULL, n_ended_early INTEGER NOT NULL,
  expected REAL,                   -- sum of the programme's early share over the mature pairs
  ratio REAL,                      -- n_ended_early / expected
  limit95_low REAL, limit95_high REAL,   -- funnel limits, as proportions
  limit998_low REAL, limit998_high REAL,
  signal TEXT NOT NULL,            -- above, watch, below or ''
  PRIMARY KEY (programme, coordinator_id)
);

DROP TABLE pair_risk;
CREATE TABLE pair_risk (
  pair_id TEXT PRIMARY KEY NOT NULL,
  programme TEXT NOT NULL, cohort TEXT NOT NULL, coordinator_id TEXT,
  as_of TEXT NOT NULL,
  days_active INTEGER NOT NULL,    -- as_of - start_date
  risk REAL,                       -- P(early ending within 90 days); NULL without a model
  band TEXT NOT NULL CHECK (band IN ('too_early', 'high', 'medium', 'low')),
  flags TEXT NOT NULL,             -- rules that fire, comma-separated; '' when none
  drivers TEXT NOT NULL,           -- behaviour terms raising the risk most, comma-separated
  days_since_last_held INTEGER NOT NULL,
  held_90d INTEGER NOT NULL, not_held_90d INTEGER NOT NULL,
  latest_chemistry INTEGER,        -- lower of the roles' latest q_chemistry
  n_goals INTEGER NOT NULL
);

DROP TABLE risk_model;
CREATE TABLE risk_model (
  term TEXT PRIMARY KEY NOT NULL,
  coefficient REAL, std_error REAL,
  robust_se REAL,                  -- cluster-robust (sandwich) by pair
  direction INTEGER                -- declared direction: +1 raises risk, -1 lowers, 0 baseline
);

DROP TABLE risk_model_fit;
CREATE TABLE risk_model_fit (
  n_periods INTEGER NOT NULL, n_events INTEGER NOT NULL,
  n_event_pairs INTEGER NOT NULL DEFAULT 0, -- pairs with at least one event period
  auc_cv REAL, brier_cv REAL,
  calibration_intercept REAL,      -- a in logit(y) ~ a + offset(logit(p))
  calibration_slope REAL,          -- b in logit(y) ~ a + b logit(p)
  lambda REAL,                     -- ridge penalty chosen by grouped cross-validation
  method TEXT NOT NULL,
  backtest_as_of TEXT,             -- as_of - 90 days
  backtest_n INTEGER, backtest_events INTEGER,
  backtest_auc REAL, backtest_oe REAL, backtest_slope REAL,
  auc_cv_flags REAL,               -- not in results.md: the same CV scoring by the number of flags
  band_high_min REAL,              -- not in results.md: lowest risk in band high
  band_medium_min REAL             -- not in results.md: lowest risk in band medium
);

CREATE TABLE risk_calibration (
  decile INTEGER PRIMARY KEY NOT NULL, -- 1..10 of the cross-validated predictions
  n INTEGER NOT NULL,
  mean_risk REAL, observed_rate REAL
);
