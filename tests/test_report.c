/*
 * test_report.c: the report stage (report/): languages and the i18n table,
 * the three workbooks for en, sv and da from a crafted results database,
 * byte-identical reruns, atomic replacement on failure (also of the
 * coordinators' list, compressed on a second thread), text from the data
 * kept as text, per-coordinator files, small-cell suppression and the
 * orphan-row counts on the fixture.
 *
 * The fixture holds a programme named =HYPERLINK("x") with k = 6, a cohort
 * "+46" of three pairs, file names "=1+1.csv" and "@SUM(A1).csv", and a
 * coordinator "=cmd|x": none may become a formula or a number.  The
 * workbooks are read back with python3's zipfile (python3 is a build
 * dependency); tests/check_workbooks.py checks their values with openpyxl.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coordinator_risk.h"
#include "db.h"
#include "figures.h"
#include "i18n.h"
#include "report.h"
#include "risk.h"
#include "suppress.h"

/* Crafted results.  Group counts are written once per programme and
 * cohort and the '*' rows are their sums, as analyze writes them. */
static const char *const fixture_sql[] = {
    "INSERT INTO analysis_run VALUES ('2025-06-30', 110, 'test');"
    "INSERT INTO programme_config VALUES ('=HYPERLINK(\"x\")', 9, 6);"
    "INSERT INTO programme_config VALUES ('Leader mentoring', 12, 5);",
    /* completion */
    "CREATE TEMP TABLE g(p, c, pairs, active, completed, early, gme);"
    "INSERT INTO g VALUES"
    " ('Leader mentoring', '2023', 40, 0, 30, 10, 2),"
    " ('Leader mentoring', '2024', 35, 20, 10, 5, 1),"
    " ('Leader mentoring', '+46', 3, 3, 0, 0, 0),"
    " ('=HYPERLINK(\"x\")', '2023', 12, 0, 9, 3, 0),"
    " ('=HYPERLINK(\"x\")', '2024', 20, 10, 5, 5, 1);"
    "CREATE TEMP VIEW gall AS"
    " SELECT p, c, pairs, active, completed, early, gme FROM g"
    " UNION ALL SELECT p, '*', sum(pairs), sum(active), sum(completed),"
    "  sum(early), sum(gme) FROM g GROUP BY p"
    " UNION ALL SELECT '*', c, sum(pairs), sum(active), sum(completed),"
    "  sum(early), sum(gme) FROM g GROUP BY c"
    " UNION ALL SELECT '*', '*', sum(pairs), sum(active), sum(completed),"
    "  sum(early), sum(gme) FROM g;"
    "INSERT INTO res_completion (programme, cohort, n_pairs, n_active,"
    " n_completed, n_ended_early, n_goals_met_early, completion_rate, ci_low,"
    " ci_high) SELECT p, c, pairs, active, completed, early,"
    " gme, CASE WHEN completed + early > 0 THEN completed * 1.0 /"
    " (completed + early) END, CASE WHEN completed + early > 0 THEN"
    " max(0, completed * 1.0 / (completed + early) - 0.15) END,"
    " CASE WHEN completed + early > 0 THEN"
    " min(1, completed * 1.0 / (completed + early) + 0.12) END FROM gall;",
    /* early endings by reason (add up to early) */
    "CREATE TEMP TABLE r(p, c, reason, n);"
    "INSERT INTO r VALUES"
    " ('Leader mentoring', '2023', 'chemistry', 3),"
    " ('Leader mentoring', '2023', 'time', 5),"
    " ('Leader mentoring', '2023', 'goals_met', 2),"
    " ('Leader mentoring', '2024', 'work_change', 4),"
    " ('Leader mentoring', '2024', 'goals_met', 1),"
    " ('=HYPERLINK(\"x\")', '2023', 'time', 3),"
    " ('=HYPERLINK(\"x\")', '2024', 'chemistry', 1),"
    " ('=HYPERLINK(\"x\")', '2024', 'time', 3),"
    " ('=HYPERLINK(\"x\")', '2024', 'goals_met', 1);"
    "CREATE TEMP VIEW rall AS SELECT p, c, reason, n FROM r"
    " UNION ALL SELECT p, '*', reason, sum(n) FROM r GROUP BY p, reason"
    " UNION ALL SELECT '*', c, reason, sum(n) FROM r GROUP BY c, reason"
    " UNION ALL SELECT '*', '*', reason, sum(n) FROM r GROUP BY reason;"
    "INSERT INTO res_end_reasons SELECT rall.p, rall.c, reason, n,"
    " n * 1.0 / gall.early FROM rall JOIN gall ON gall.p = rall.p"
    " AND gall.c = rall.c;",
    /* survival and incidence, months 0..12 while pairs are at risk */
    "CREATE TEMP TABLE s AS WITH RECURSIVE m(x) AS (SELECT 0 UNION ALL"
    " SELECT x + 1 FROM m WHERE x < 12) SELECT p, c, x AS month,"
    " CASE WHEN x = 0 THEN pairs ELSE pairs - x * (pairs / 14) - x END"
    " AS n_risk FROM g, m;"
    "DELETE FROM s WHERE n_risk <= 0;"
    "CREATE TEMP VIEW sall AS SELECT p, c, month, n_risk FROM s"
    " UNION ALL SELECT p, '*', month, sum(n_risk) FROM s GROUP BY p, month"
    " UNION ALL SELECT '*', c, month, sum(n_risk) FROM s GROUP BY c, month"
    " UNION ALL SELECT '*', '*', month, sum(n_risk) FROM s GROUP BY month;"
    "INSERT INTO res_survival SELECT p, c, month, n_risk, 0, 0,"
    " 1 - 0.02 * month, CASE WHEN month = 0 THEN 1 ELSE 0.95 - 0.025 * month"
    " END, CASE WHEN month = 0 THEN 1 ELSE min(1, 1.02 - 0.015 * month) END"
    " FROM sall;"
    "INSERT INTO res_incidence SELECT p, c, month, 0.02 * month,"
    " 0.03 * month FROM sall;"
    "INSERT INTO res_survival_median SELECT p, c, CASE WHEN c = '2023'"
    " THEN 240 END, CASE WHEN c = '2023' THEN 180 END, NULL FROM gall;"
    "INSERT INTO res_logrank VALUES"
    " ('Leader mentoring', '+46,2023,2024', 7.1, 2, 0.029),"
    " ('=HYPERLINK(\"x\")', '2023,2024', 0.4, 1, 0.53),"
    " ('*', '+46,2023,2024', NULL, NULL, NULL);",
    /* goals and their levels (add up to n_reviewed) */
    "CREATE TEMP TABLE lv(p, c, level, n);"
    "INSERT INTO lv VALUES"
    " ('Leader mentoring', '2023', -2, 3), ('Leader mentoring', '2023', -1, 10),"
    " ('Leader mentoring', '2023', 0, 25), ('Leader mentoring', '2023', 1, 15),"
    " ('Leader mentoring', '2023', 2, 7), ('Leader mentoring', '2024', -1, 5),"
    " ('Leader mentoring', '2024', 0, 10), ('Leader mentoring', '2024', 1, 5),"
    " ('Leader mentoring', '+46', 0, 2),"
    " ('=HYPERLINK(\"x\")', '2023', -2, 1), ('=HYPERLINK(\"x\")', '2023', 0, 9),"
    " ('=HYPERLINK(\"x\")', '2023', 1, 5), ('=HYPERLINK(\"x\")', '2024', -1, 2),"
    " ('=HYPERLINK(\"x\")', '2024', 0, 6), ('=HYPERLINK(\"x\")', '2024', 2, 2);"
    "CREATE TEMP VIEW lvall AS SELECT p, c, level, n FROM lv"
    " UNION ALL SELECT p, '*', level, sum(n) FROM lv GROUP BY p, level"
    " UNION ALL SELECT '*', c, level, sum(n) FROM lv GROUP BY c, level"
    " UNION ALL SELECT '*', '*', level, sum(n) FROM lv GROUP BY level;"
    "INSERT INTO res_goal_levels SELECT p, c, level, n FROM lvall;"
    "CREATE TEMP TABLE gl(p, c, goals, scored, t);"
    "INSERT INTO gl VALUES ('Leader mentoring', '2023', 80, 30, 52.1),"
    " ('Leader mentoring', '2024', 50, 12, 49.0),"
    " ('Leader mentoring', '+46', 4, 2, 47.5),"
    " ('=HYPERLINK(\"x\")', '2023', 20, 8, 51.0),"
    " ('=HYPERLINK(\"x\")', '2024', 30, 4, 55.5);"
    "CREATE TEMP VIEW glall AS SELECT p, c, goals, scored, t FROM gl"
    " UNION ALL SELECT p, '*', sum(goals), sum(scored), avg(t) FROM gl"
    "  GROUP BY p"
    " UNION ALL SELECT '*', c, sum(goals), sum(scored), avg(t) FROM gl"
    "  GROUP BY c"
    " UNION ALL SELECT '*', '*', sum(goals), sum(scored), avg(t) FROM gl;"
    "INSERT INTO res_goals (programme, cohort, n_goals, n_reviewed, share_met,"
    " share_ci_low, share_ci_high, n_pairs_scored, gas_t_mean, gas_t_ci_low,"
    " gas_t_ci_high) SELECT glall.p, glall.c, goals,"
    " (SELECT sum(n) FROM lvall WHERE lvall.p = glall.p AND lvall.c = glall.c),"
    " 0.7, 0.6, 0.8, scored, t, t - 2, t + 2 FROM glall;",
    /* questionnaires: one custom item the i18n table does not know */
    "CREATE TEMP TABLE it(p, c, survey, role, item, n, mean);"
    "INSERT INTO it VALUES"
    " ('Leader mentoring', '2023', 'final', 'mentee', 'q_usefulness', 25, 4.1),"
    " ('Leader mentoring', '2023', 'final', 'mentor', 'q_usefulness', 22, 3.9),"
    " ('Leader mentoring', '2024', 'final', 'mentee', 'q_usefulness', 6, 4.4),"
    " ('Leader mentoring', '2024', 'intro', 'mentee', 'q_trust', 30, 3.5),"
    " ('Leader mentoring', '+46', 'intro', 'mentee', 'q_trust', 3, 3.0),"
    " ('=HYPERLINK(\"x\")', '2023', 'final', 'mentee', 'q_usefulness', 9, 3.7),"
    " ('=HYPERLINK(\"x\")', '2024', 'intro', 'mentee', 'q_psych_safety', 15,"
    "  5.2);"
    "CREATE TEMP VIEW itall AS SELECT * FROM it"
    " UNION ALL SELECT p, '*', survey, role, item, sum(n), avg(mean) FROM it"
    "  GROUP BY p, survey, role, item"
    " UNION ALL SELECT '*', c, survey, role, item, sum(n), avg(mean) FROM it"
    "  GROUP BY c, survey, role, item"
    " UNION ALL SELECT '*', '*', survey, role, item, sum(n), avg(mean)"
    "  FROM it GROUP BY survey, role, item;"
    "INSERT INTO res_items (programme, cohort, survey, role, item, n, mean,"
    " sd, ci_low, ci_high) SELECT p, c, survey, role, item, n, mean, 0.8,"
    " mean - 0.3, mean + 0.3 FROM itall;"
    "INSERT INTO res_scales SELECT p, c, 'final', 'mentee', 'value', 2, n,"
    " CASE WHEN n > 2 THEN 0.81 END FROM itall WHERE survey = 'final'"
    " AND role = 'mentee';"
    "INSERT INTO res_change (programme, cohort, role, item, n_pairs,"
    " mean_intro, mean_final, mean_diff, wilcoxon_v, p_value) SELECT p, c, 'mentee', 'q_usefulness', n, 3.2,"
    " mean, mean - 3.2, 40.5, 0.0004 FROM itall WHERE survey = 'final'"
    " AND role = 'mentee';"
    "CREATE TEMP TABLE np(p, c, role, pro, pas, det);"
    "INSERT INTO np VALUES"
    " ('Leader mentoring', '2023', 'mentee', 15, 6, 4),"
    " ('Leader mentoring', '2023', 'mentor', 10, 8, 4),"
    " ('Leader mentoring', '2024', 'mentee', 3, 2, 1),"
    " ('=HYPERLINK(\"x\")', '2023', 'mentee', 5, 3, 1);"
    "CREATE TEMP VIEW npall AS SELECT * FROM np"
    " UNION ALL SELECT p, '*', role, sum(pro), sum(pas), sum(det) FROM np"
    "  GROUP BY p, role"
    " UNION ALL SELECT '*', c, role, sum(pro), sum(pas), sum(det) FROM np"
    "  GROUP BY c, role"
    " UNION ALL SELECT '*', '*', role, sum(pro), sum(pas), sum(det) FROM np"
    "  GROUP BY role;"
    "INSERT INTO res_nps (programme, cohort, survey, role, n, promoters,"
    " passives, detractors, nps) SELECT p, c, 'final', role, pro + pas + det, pro,"
    " pas, det, 100.0 * (pro - det) / (pro + pas + det) FROM npall;"
    "INSERT INTO res_attendance (programme, cohort, n_pairs, held, cancelled,"
    " no_show, cancel_rate, no_show_rate, hours_per_pair_month,"
    " share_on_cadence) SELECT p, c, pairs, pairs * 6, pairs,"
    " pairs / 2, 0.13, 0.06, 1.3, 0.7 FROM gall;"
    "INSERT INTO res_cohort_year (programme, cohort, n_started,"
    " completion_rate, ci_low, ci_high, cif_ended_early_6m, gas_t_mean,"
    " final_usefulness_mean, nps_final, hours_per_pair_month) SELECT gall.p, gall.c, pairs,"
    " rc.completion_rate, rc.ci_low, rc.ci_high, 0.12,"
    " (SELECT gas_t_mean FROM res_goals WHERE programme = gall.p"
    "  AND cohort = gall.c), 4.0, 35.0, 1.3 FROM gall JOIN res_completion"
    " AS rc ON rc.programme = gall.p AND rc.cohort = gall.c;",
    /* the coordinators' list */
    "INSERT INTO pair_risk VALUES"
    " ('P001', 'Leader mentoring', '2024', 'c-17', '2025-06-30', 100, 0.42,"
    "  'high', 'no_recent_meeting,low_chemistry',"
    "  'days_since_held,low_chemistry', 70, 0, 2, 2, 1),"
    " ('P002', 'Leader mentoring', '2024', 'c-17', '2025-06-30', 90, 0.55,"
    "  'high', 'no_recent_meeting', 'not_held_90d', 65, 0, 1, 4, 2),"
    " ('P003', 'Leader mentoring', '2024', 'a/b', '2025-06-30', 400, NULL,"
    "  'high', 'repeated_cancellations,no_goals,overdue_closure', '', 20, 1,"
    "  2, NULL, 0),"
    " ('P004', '=HYPERLINK(\"x\")', '2024', 'a/b', '2025-06-30', 60, 0.2,"
    "  'medium', '', 'new_term', 10, 2, 0, 4, 3),"
    " ('P005', '=HYPERLINK(\"x\")', '2024', '=cmd|x', '2025-06-30', 30, 0.05,"
    "  'low', '', '', 5, 3, 0, NULL, 1),"
    " ('P006', 'Leader mentoring', '+46', NULL, '2025-06-30', 50, 0.30,"
    "  'medium', 'stalled_after_intro', 'month_1_3,cross_org', 48, 0, 0, 3, 1),"
    " ('P007', 'Leader mentoring', '+46', 'unassigned', '2025-06-30', 20,"
    "  0.10, 'low', '', '', 3, 2, 0, 5, 1),"
    " ('P008', 'Leader mentoring', '+46', '=cmd|x', '2025-06-30', 25, 0.12,"
    "  'low', '', 'chemistry', 4, 2, 1, 4, 2);"
    "INSERT INTO risk_model (term, coefficient, std_error) VALUES ('intercept', -3.1, 0.2),"
    " ('days_since_held', 0.02, 0.004), ('low_chemistry', 1.1, 0.3),"
    " ('cross_org', -0.3, 0.25), ('new_term', 0.5, NULL);"
    "INSERT INTO risk_model_fit (n_periods, n_events, auc_cv, brier_cv,"
    " auc_cv_flags, band_high_min, band_medium_min, method) VALUES (1200, 85,"
    " 0.74, 0.061, 0.66, 0.38, 0.21, 'logistic regression (discrete-time"
    " hazard), 5-fold cross-validation grouped by pair');",
    /* what ingest recorded; one roster row and one orphan meeting */
    "INSERT INTO batches (batch_id, file, sha256, kind, rows_read,"
    " rows_loaded, rows_rejected, status, message, encoding, delimiter) VALUES"
    " (1, 'pairs.csv', '0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef', 'pairs', 60, 58, 2, 'loaded', '58 loaded, 2 rejected',"
    " 'utf-8', ','),"
    " (2, '=1+1.csv', 'fedcba9876543210fedcba9876543210fedcba9876543210"
    "fedcba9876543210', 'meetings', 10, 10, 0, 'loaded', '10 loaded',"
    " 'utf-8', ';'),"
    " (3, '@SUM(A1).csv', NULL, NULL, 0, 0, 0, 'refused',"
    " 'not an export mentorstat knows', NULL, NULL);"
    "INSERT INTO rejects VALUES (1, 5, 'start_date', 'invalid_date',"
    " 'line 5: start_date is not a date'), (1, 9, 'end_reason',"
    " 'invalid_value', 'line 9: unknown end_reason');"
    "INSERT INTO dropped_columns VALUES (1, 'Kommentar'), (2, '-x');"
    "INSERT INTO pairs VALUES ('P001', 'Leader mentoring', '2024', 'M-ALPHA',"
    " 'E-BRAVO', 'c-17', NULL, 0, '2024-03-01', NULL, 'active', NULL, NULL,"
    " 1, 2);"
    "INSERT INTO meetings (meeting_id, pair_id, date, status, duration_min,"
    " cancelled_by, kind, mode, batch_id, line) VALUES ('MT1', 'P001',"
    " '2025-01-01', 'held', 60, NULL, 'regular', NULL, 2, 2), ('MT2', 'P999',"
    " '2025-01-02', 'cancelled', NULL, 'mentor', 'regular', NULL, 2, 3);",
    /* the figures of migration 3 (honest figures, what works, the risk
     * list), filled as results.md defines them */
    "UPDATE res_completion SET provisional = n_active > 0,"
    " n_mature = n_pairs - n_active, n_mature_completed = n_completed;"
    "UPDATE res_completion SET mature_rate = CASE WHEN n_mature > 0 THEN"
    " n_mature_completed * 1.0 / n_mature END;"
    "UPDATE res_completion SET mature_ci_low = max(0, mature_rate - 0.12),"
    " mature_ci_high = min(1, mature_rate + 0.1);"
    "UPDATE res_cohort_year SET (completion_rate, ci_low, ci_high,"
    " provisional) = (SELECT mature_rate, mature_ci_low, mature_ci_high,"
    " provisional FROM res_completion AS c WHERE c.programme ="
    " res_cohort_year.programme AND c.cohort = res_cohort_year.cohort);"
    "UPDATE res_nps SET ci_low = max(-100, nps - 25), ci_high ="
    " min(100, nps + 25) WHERE n >= 2;"
    "UPDATE res_items SET top2_n = CAST(n * 0.6 AS INTEGER);"
    "UPDATE res_items SET top2_share = top2_n * 1.0 / n, top2_ci_low ="
    " max(0, top2_n * 1.0 / n - 0.15), top2_ci_high = min(1, top2_n * 1.0 / n"
    " + 0.15);"
    "UPDATE res_change SET diff_ci_low = mean_diff - 0.4, diff_ci_high ="
    " mean_diff + 0.4, effect_r = 0.52, p_adjusted = 0.0008 WHERE"
    " n_pairs >= 10;"
    "UPDATE res_change SET p_value = NULL WHERE n_pairs < 10;"
    "UPDATE res_attendance SET hours_ci_low = 1.1, hours_ci_high = 1.5;"
    "INSERT INTO res_cohort_trend VALUES"
    " ('Leader mentoring', 78, 15, 2023, 2024, 0.62, 0.41, 0.94, 0.024),"
    " ('=HYPERLINK(\"x\")', 32, 8, 2023, 2024, NULL, NULL, NULL, NULL),"
    " ('*', 110, 23, 2023, 2024, 0.81, 0.55, 1.19, 0.28);"
    "INSERT INTO res_factors VALUES"
    " ('Leader mentoring', 'cross_org', 66, 13, NULL, NULL, NULL, NULL),"
    " ('Leader mentoring', 'goals_by_30', 66, 13, NULL, NULL, NULL, NULL),"
    " ('Leader mentoring', 'held_by_30', 66, 13, NULL, NULL, NULL, NULL),"
    " ('=HYPERLINK(\"x\")', 'cross_org', 29, 7, NULL, NULL, NULL, NULL),"
    " ('=HYPERLINK(\"x\")', 'goals_by_30', 29, 7, NULL, NULL, NULL, NULL),"
    " ('=HYPERLINK(\"x\")', 'held_by_30', 29, 7, NULL, NULL, NULL, NULL),"
    " ('*', 'cross_org', 95, 20, 0.55, 0.31, 0.97, 0.039),"
    " ('*', 'goals_by_30', 95, 20, 0.70, 0.45, 1.09, 0.11),"
    " ('*', 'held_by_30', 95, 20, 0.93, 0.88, 0.98, 0.004);"
    ,
    "INSERT INTO res_breakdown VALUES"
    " ('Leader mentoring', 'cross_org', 'yes', 30, 20, 0.8, 0.6, 0.91, 6, 0.2),"
    " ('Leader mentoring', 'cross_org', 'no', 45, 32, 0.69, 0.51, 0.82, 8,"
    "  0.178),"
    " ('Leader mentoring', 'cross_org', 'unknown', 3, 3, 0.67, 0.2, 0.94, 1,"
    "  0.33),"
    " ('=HYPERLINK(\"x\")', 'cross_org', 'no', 32, 22, 0.64, 0.43, 0.8, 8,"
    "  0.25),"
    " ('*', 'cross_org', 'yes', 30, 20, 0.8, 0.6, 0.91, 6, 0.2),"
    " ('*', 'cross_org', 'no', 77, 54, 0.67, 0.54, 0.78, 16, 0.208),"
    " ('*', 'cross_org', 'unknown', 3, 3, 0.67, 0.2, 0.94, 1, 0.33);"
    "INSERT INTO res_agreement VALUES"
    " ('Leader mentoring', '2023', 'final', 'q_chemistry', 20, 4.1, 3.8,"
    "  -0.3, 0.41),"
    " ('Leader mentoring', '*', 'final', 'q_chemistry', 20, 4.1, 3.8, -0.3,"
    "  0.41),"
    " ('*', '2023', 'final', 'q_chemistry', 20, 4.1, 3.8, -0.3, 0.41),"
    " ('*', '*', 'final', 'q_chemistry', 20, 4.1, 3.8, -0.3, 0.41);"
    "INSERT INTO res_response VALUES"
    " ('Leader mentoring', '2023', 'final', 'mentee', 'completed', 30, 25,"
    "  0.833),"
    " ('Leader mentoring', '2023', 'final', 'mentee', 'ended_early', 10, 2,"
    "  0.2),"
    " ('Leader mentoring', '*', 'final', 'mentee', 'completed', 40, 35, 0.875),"
    " ('Leader mentoring', '*', 'final', 'mentee', 'ended_early', 15, 2,"
    "  0.133);"
    ,
    "INSERT INTO res_coordinators VALUES"
    " ('Leader mentoring', 'c-17', 30, 9, 6.2, 1.45, 0.06, 0.35, 0.0, 0.43,"
    "  'watch'),"
    " ('Leader mentoring', 'a/b', 25, 3, 5.1, 0.59, 0.06, 0.36, 0.0, 0.45,"
    "  ''),"
    " ('*', 'c-17', 30, 9, 6.2, 1.45, 0.06, 0.35, 0.0, 0.43, 'watch'),"
    " ('*', 'a/b', 37, 6, 7.9, 0.76, 0.09, 0.33, 0.03, 0.41, ''),"
    " ('*', 'unassigned', 4, 0, 0.8, 0, 0, 0.6, 0, 0.8, '');"
    "UPDATE risk_model SET robust_se = std_error * 1.2, direction ="
    " CASE term WHEN 'intercept' THEN 0 WHEN 'cross_org' THEN -1 ELSE 1 END;"
    "UPDATE risk_model_fit SET n_event_pairs = 80, calibration_intercept ="
    " 0.05, calibration_slope = 0.93, lambda = 0.1, backtest_as_of ="
    " '2025-04-01', backtest_n = 300, backtest_events = 21, backtest_auc ="
    " 0.71, backtest_oe = 1.1, backtest_slope = 0.9;"
    "WITH RECURSIVE d(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM d"
    " WHERE x < 10) INSERT INTO risk_calibration SELECT x, 120, 0.01 * x,"
    " 0.011 * x FROM d;"
    "INSERT INTO pair_risk VALUES ('P009', 'Leader mentoring', '+46',"
    " 'c-17', '2025-06-30', 12, 0.08, 'too_early', '', '', 12, 1, 0, NULL,"
    " 0);"
    "UPDATE batches SET message = 'not an export mentorstat knows: the"
    " header names none of the columns of pairs, meetings, goals or"
    " evaluations (it has Namn, Startdatum, Slutdatum, Kommentar); save the"
    " export again from the programme tool, or map its columns in"
    " mentorstat.ini' WHERE batch_id = 3;",
    NULL
};

/* A temporary folder with the fixture database. */
struct fixture {
    char dir[64];
    char db_path[96];
    sqlite3 *db;
    char written[16][256];
    int n_written;
};

static void on_written(const char *path, void *ctx)
{
    struct fixture *f = ctx;

    if (f->n_written < 16)
        snprintf(f->written[f->n_written++], sizeof f->written[0], "%s",
                 path);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ms_err e = { "" };
    char *err = NULL;

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/test_report.XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db_path, sizeof f->db_path, "%s/ms.db", f->dir);
    if (db_open(f->db_path, DB_READWRITE, &f->db, &e) != MS_OK) {
        fprintf(stderr, "fixture: %s\n", e.msg);
        free(f);
        return -1;
    }
    for (int i = 0; fixture_sql[i] != NULL; i++)
        if (sqlite3_exec(f->db, fixture_sql[i], NULL, NULL, &err) !=
            SQLITE_OK) {
            fprintf(stderr, "fixture part %d: %s\n", i, err);
            sqlite3_free(err);
            db_close(f->db);
            free(f);
            return -1;
        }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[160];

    db_close(f->db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "teardown: cannot remove %s\n", f->dir);
    free(f);
    return 0;
}

/* The whole file at path; NULL if it cannot be read.  Caller frees. */
static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long len;

    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) != NULL) {
        *n = fread(buf, 1, (size_t)len, fp);
        if (*n != (size_t)len) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(fp);
    return buf;
}

static int same_bytes(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x != NULL && y != NULL && na == nb && memcmp(x, y, na) == 0;

    free(x);
    free(y);
    return same;
}

static enum ms_status run(struct fixture *f, const char *out,
                          const char *lang, int per_coordinator,
                          struct ms_err *e)
{
    struct report_opts o = { out, lang, per_coordinator, on_written, f };

    err_clear(e);
    f->n_written = 0;
    return report_run(f->db, &o, e);
}

/* run() with stderr silenced: libxlsxwriter prints its own line about a
 * failure, which would clutter the test's output. */
static enum ms_status run_quietly(struct fixture *f, const char *out,
                                  const char *lang, int per_coordinator,
                                  struct ms_err *e)
{
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    enum ms_status s;

    assert_true(saved >= 0 && null >= 0);
    dup2(null, 2);
    close(null);
    s = run(f, out, lang, per_coordinator, e);
    dup2(saved, 2);
    close(saved);
    return s;
}

static const char *const books[] = { "hr_outcomes.xlsx",
                                     "leadership_cohorts.xlsx",
                                     "coordinator_risk.xlsx" };

/* -------------------------------------------------------------- i18n -- */

static void test_report__lang_valid(void **state)
{
    static const struct {
        const char *lang;
        int valid;
    } cases[] = {
        { "en", 1 }, { "sv", 1 }, { "da", 1 }, { "EN", 0 }, { "de", 0 },
        { "", 0 },   { "en ", 0 }, { "svenska", 0 }, { NULL, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (report_lang_valid(cases[i].lang) != cases[i].valid)
            fail_msg("report_lang_valid(%s) != %d",
                     cases[i].lang ? cases[i].lang : "NULL", cases[i].valid);
}

/* Every key has a text in every language; none is a placeholder. */
static void test_report__i18n_complete(void **state)
{
    int n = i18n_count();

    (void)state;
    assert_true(n > 250);
    for (int i = 0; i < n; i++) {
        const char *key = i18n_key_at(i);
        const char *en = i18n_text_at(i, I18N_EN);

        assert_non_null(key);
        for (int l = 0; l < I18N_NLANG; l++) {
            const char *t = i18n_text_at(i, l);

            if (t == NULL || t[0] == '\0')
                fail_msg("'%s' has no %s text", key, i18n_code(l));
            if (strcmp(t, key) == 0 || strstr(t, "TODO") != NULL ||
                strstr(t, "XXX") != NULL)
                fail_msg("'%s' in %s is a placeholder: %s", key,
                         i18n_code(l), t);
        }
        /* a sentence copied from English is not a translation */
        if (strlen(en) > 24 &&
            (strcmp(en, i18n_text_at(i, I18N_SV)) == 0 ||
             strcmp(en, i18n_text_at(i, I18N_DA)) == 0))
            fail_msg("'%s' is not translated: %s", key, en);
        for (int j = 0; j < i; j++)
            if (strcmp(key, i18n_key_at(j)) == 0)
                fail_msg("'%s' twice in the table", key);
    }
}

/* The words the database holds (results.md, schema) all have an entry. */
static void test_report__i18n_enum_words(void **state)
{
    static const char *const keys[] = {
        "reason.chemistry", "reason.work_change", "reason.confidentiality",
        "reason.time", "reason.left_organisation", "reason.goals_met",
        "reason.other", "band.high", "band.medium", "band.low",
        "bandtext.high", "bandtext.medium", "bandtext.low",
        "flag.no_recent_meeting", "flag.repeated_cancellations",
        "flag.low_chemistry", "flag.no_goals", "flag.stalled_after_intro",
        "flag.overdue_closure", "flagrule.no_recent_meeting",
        "flagrule.repeated_cancellations", "flagrule.low_chemistry",
        "flagrule.no_goals", "flagrule.stalled_after_intro",
        "flagrule.overdue_closure", "survey.intro", "survey.midpoint",
        "survey.final", "role.mentor", "role.mentee", "item.q_trust",
        "item.q_chemistry", "item.q_openness", "item.q_goal_clarity",
        "item.q_goal_progress", "item.q_usefulness", "item.q_time_well_spent",
        "item.q_preparation", "construct.relationship", "construct.goals",
        "construct.value", "construct.engagement", "term.intercept",
        "term.days_since_held", "term.held_90d", "term.not_held_90d",
        "term.cancelled_by_mentor_90d", "term.cancelled_by_mentee_90d",
        "term.no_show_90d", "term.low_chemistry", "term.chemistry",
        "term.no_evaluation", "term.no_goals", "term.month_1_3", "term.month_4_6", "term.month_7_12",
        "term.cross_org", "kind.pairs", "kind.meetings", "kind.goals",
        "kind.evaluations", "status.loaded", "status.refused",
        "rule.invalid_date", "rule.out_of_range", "rule.missing_value",
        "rule.invalid_value", "rule.end_before_start", "rule.duplicate_id",
        "rule.too_many_fields", "rule.unterminated_quote",
        "rule.record_too_long",
    };

    (void)state;
    char key[96];

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!i18n_has(keys[i]))
            fail_msg("no entry for '%s'", keys[i]);
    /* every term the model has and every word analyze writes as a driver */
    for (int i = 0; i < RISK_N_TERMS; i++) {
        snprintf(key, sizeof key, "term.%s", risk_term_names[i]);
        if (!i18n_has(key))
            fail_msg("no entry for '%s'", key);
    }
    for (int i = 0; i < RISK_N_TERMS; i++) {
        if (risk_terms[i].driver == NULL)
            continue;
        snprintf(key, sizeof key, "term.%s", risk_terms[i].driver);
        if (!i18n_has(key))
            fail_msg("no entry for '%s'", key);
    }
}

/* Every key the report code names exists: scan report/ *.c for string
 * literals shaped like keys.  Run from the project root (make test). */
static void test_report__i18n_keys_used_exist(void **state)
{
    static const char *const files[] = {
        "report/about.c", "report/book.c", "report/charts.c",
        "report/coordinator_risk.c", "report/hr_outcomes.c",
        "report/layout.c", "report/leadership.c", "report/sentences.c",
    };
    static const char *const prefixes[] = {
        "sheet.", "hdr.", "note.", "title.", "block.", "chart.", "axis.",
        "legend.", "def.", "about.", "how.", "lr.", "mark.", "table.",
        "word.", "all.", "sent.", "cmp.", "signal.",
    };
    int checked = 0;

    (void)state;
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        size_t n = 0;
        char *src = slurp(files[fi], &n);

        if (src == NULL)
            fail_msg("cannot read %s (run from the project root)", files[fi]);
        src[n] = '\0';
        for (char *p = strchr(src, '"'); p != NULL; p = strchr(p + 1, '"')) {
            char *q = strchr(p + 1, '"');
            char key[96];
            size_t len;

            if (q == NULL)
                break;
            len = (size_t)(q - p - 1);
            if (len > 0 && len < sizeof key) {
                memcpy(key, p + 1, len);
                key[len] = '\0';
                for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0];
                     k++)
                    if (strncmp(key, prefixes[k], strlen(prefixes[k])) == 0 &&
                        strcmp(key + len - 2, ".h") != 0 &&
                        strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_.") ==
                            len) {
                        checked++;
                        /* def stems name .name and .text */
                        if (strncmp(key, "def.", 4) == 0 &&
                            strchr(key + 4, '.') == NULL) {
                            char k2[112];

                            snprintf(k2, sizeof k2, "%s.name", key);
                            if (!i18n_has(k2))
                                fail_msg("%s: no entry '%s'", files[fi], k2);
                            snprintf(k2, sizeof k2, "%s.text", key);
                            if (!i18n_has(k2))
                                fail_msg("%s: no entry '%s'", files[fi], k2);
                        } else if (!i18n_has(key)) {
                            fail_msg("%s: no entry '%s'", files[fi], key);
                        }
                    }
            }
            p = q;
        }
        free(src);
    }
    assert_true(checked > 150);
}

static void test_report__i18n_words(void **state)
{
    static const struct {
        int lang;
        const char *prefix, *list, *want;
    } cases[] = {
        { I18N_EN, "flag", "no_goals,low_chemistry",
          "No goals set; Low chemistry or trust" },
        { I18N_SV, "flag", "no_goals", "Inga mål satta" },
        { I18N_DA, "band", "high", "Høj" },
        { I18N_EN, "term", "days_since_held,new_term",
          "Days since the last meeting held; new_term" },
        { I18N_EN, "flag", "", "" },
        { I18N_EN, "flag", ",no_goals,, ", "No goals set" },
        { I18N_SV, "reason", "left_organisation", "Lämnat organisationen" },
    };
    char buf[256], small[8];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        i18n_words(cases[i].lang, cases[i].prefix, cases[i].list, buf,
                   sizeof buf);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("case %zu: '%s', expected '%s'", i, buf, cases[i].want);
    }
    /* cut at a character boundary: "Inga mål" has a two-byte 'å' */
    i18n_words(I18N_SV, "flag", "no_goals", small, sizeof small);
    assert_string_equal(small, "Inga m");
    assert_string_equal(i18n_word(I18N_DA, "role", "mentee"), "Mentee");
    assert_string_equal(i18n_word(I18N_SV, "role", "mentee"), "Adept");
    assert_string_equal(i18n_word(I18N_EN, "item", "q_psych_safety"),
                        "q_psych_safety");
}

/* ---------------------------------------------------------- workbooks -- */

static void test_report__writes_workbooks_per_language(void **state)
{
    struct fixture *f = *state;
    static const char *const langs[] = { "en", "sv", "da" };
    struct ms_err e;

    for (int l = 0; l < 3; l++) {
        char out[512], path[1024];

        /* a folder that does not exist yet, two levels deep */
        snprintf(out, sizeof out, "%s/out-%s/reports", f->dir, langs[l]);
        if (run(f, out, langs[l], 0, &e) != MS_OK)
            fail_msg("%s: %s", langs[l], e.msg);
        assert_int_equal(f->n_written, 3);
        for (int b = 0; b < 3; b++) {
            size_t n = 0;
            char *x;

            snprintf(path, sizeof path, "%s/%s", out, books[b]);
            assert_string_equal(f->written[b], path);
            x = slurp(path, &n);
            assert_non_null(x);
            assert_true(n > 4000 && memcmp(x, "PK\x03\x04", 4) == 0);
            free(x);
        }
    }
}

static void test_report__byte_identical_reruns(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char a[512], b[512], pa[1024], pb[1024];

    snprintf(a, sizeof a, "%s/a", f->dir);
    snprintf(b, sizeof b, "%s/b", f->dir);
    assert_int_equal(run(f, a, "sv", 1, &e), MS_OK);
    assert_int_equal(run(f, b, "sv", 1, &e), MS_OK);
    for (int i = 0; i < f->n_written; i++) {
        const char *name = strrchr(f->written[i], '/') + 1;

        snprintf(pa, sizeof pa, "%s/%s", a, name);
        snprintf(pb, sizeof pb, "%s/%s", b, name);
        if (!same_bytes(pa, pb))
            fail_msg("%s differs between two runs", name);
    }
    assert_true(f->n_written >= 3);
}

static void test_report__per_coordinator_files(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], id[80];
    char want[6][128];
    struct stat sb;

    snprintf(out, sizeof out, "%s/pc", f->dir);
    assert_int_equal(run(f, out, "en", 1, &e), MS_OK);
    /* three books, then one per coordinator: a/b, c-17, =cmd|x,
     * unassigned (the literal id) and the pairs without one */
    assert_int_equal(f->n_written, 3 + 5);
    snprintf(want[0], 128, "coordinator_risk-%s.xlsx",
             coordinator_risk_file_id("a/b", id));
    snprintf(want[1], 128, "coordinator_risk-c-17.xlsx");
    snprintf(want[2], 128, "coordinator_risk-%s.xlsx",
             coordinator_risk_file_id("=cmd|x", id));
    snprintf(want[3], 128, "coordinator_risk-%s.xlsx",
             coordinator_risk_file_id("unassigned", id));
    snprintf(want[4], 128, "coordinator_risk-unassigned.xlsx");
    for (int i = 0; i < 5; i++) {
        char path[1024];

        if (snprintf(path, sizeof path, "%s/%s", out, want[i]) >=
            (int)sizeof path)
            fail_msg("path too long");
        if (stat(path, &sb) != 0)
            fail_msg("missing %s", path);
    }
}

/* coordinator_risk_file_id, table-driven.  FNV-1a 32-bit as published by
 * Fowler, Noll and Vo (offset basis 2166136261, prime 16777619); the FNV
 * test suite gives FNV-1a("a") = 0xe40c292c. */
static void test_report__coordinator_file_id(void **state)
{
    static const struct {
        const char *id, *want;
    } cases[] = {
        { "c-17", "c-17" },
        { "C_9.x", "C_9.x" },
        { NULL, "unassigned" },
        { "", "unassigned" },
        { "a/b", "a_b-" },
        { ".hidden", "_hidden-" },
        { "=cmd|x", "_cmd_x-" },
        { "unassigned", "unassigned-" },
        { "Åsa", "__sa-" },
    };
    char out[80], longid[101];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t wl = strlen(cases[i].want);

        coordinator_risk_file_id(cases[i].id, out);
        if (cases[i].want[wl - 1] == '-') {
            /* changed ids get 8 hex digits of the hash */
            if (strncmp(out, cases[i].want, wl) != 0 || strlen(out) != wl + 8 ||
                strspn(out + wl, "0123456789abcdef") != 8)
                fail_msg("case %zu: '%s', expected '%s' and 8 hex", i, out,
                         cases[i].want);
        } else if (strcmp(out, cases[i].want) != 0) {
            fail_msg("case %zu: '%s', expected '%s'", i, out, cases[i].want);
        }
    }
    /* the hash itself: "unassigned" -> FNV-1a("unassigned") */
    coordinator_risk_file_id("a\x01", out);
    {
        unsigned h = 2166136261u;

        h = (h ^ 'a') * 16777619u;
        assert_int_equal(h, 0xe40c292cu);   /* published test vector */
        h = (h ^ 1u) * 16777619u;
        {
            char want[32];

            snprintf(want, sizeof want, "a_-%08x", h);
            assert_string_equal(out, want);
        }
    }
    memset(longid, 'x', 100);
    longid[100] = '\0';
    coordinator_risk_file_id(longid, out);
    assert_int_equal(strlen(out), 64 + 1 + 8);
}

static void test_report__out_dir_is_a_file(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512];
    FILE *fp;

    snprintf(out, sizeof out, "%s/plainfile", f->dir);
    fp = fopen(out, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(run(f, out, "en", 0, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "plainfile"));
    assert_int_equal(f->n_written, 0);
    /* a folder below a file cannot be made either */
    snprintf(out, sizeof out, "%s/plainfile/sub", f->dir);
    assert_int_equal(run(f, out, "en", 0, &e), MS_CANTCREAT);
}

/* A workbook that cannot be written leaves the previous one: the
 * temporary name is taken by a folder, so the file cannot be created. */
static void test_report__failure_keeps_previous(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], path[1024], block[1100];
    size_t n0 = 0, n1 = 0;
    char *before, *after;

    snprintf(out, sizeof out, "%s/keep", f->dir);
    assert_int_equal(run(f, out, "en", 0, &e), MS_OK);
    snprintf(path, sizeof path, "%s/hr_outcomes.xlsx", out);
    before = slurp(path, &n0);
    assert_non_null(before);

    /* new figures, so a written file would differ */
    assert_int_equal(sqlite3_exec(f->db, "UPDATE analysis_run SET as_of ="
                                  " '2025-07-01'", NULL, NULL, NULL),
                     SQLITE_OK);
    snprintf(block, sizeof block, "%s.tmp-%ld", path, (long)getpid());
    assert_int_equal(mkdir(block, 0700), 0);
    assert_int_equal(run_quietly(f, out, "en", 0, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "cannot write"));
    assert_non_null(strstr(e.msg, "hr_outcomes.xlsx"));
    assert_int_equal(f->n_written, 0);
    after = slurp(path, &n1);
    assert_non_null(after);
    assert_true(n0 == n1 && memcmp(before, after, n0) == 0);
    free(after);
    assert_int_equal(rmdir(block), 0);

    /* with the way clear the new figures replace it, and no temporary
     * file is left */
    assert_int_equal(run(f, out, "en", 0, &e), MS_OK);
    after = slurp(path, &n1);
    assert_non_null(after);
    assert_false(n0 == n1 && memcmp(before, after, n0) == 0);
    assert_int_equal(access(block, F_OK), -1);
    free(before);
    free(after);
}

/* A killed report leaves "<workbook>.tmp-<pid>"; the next run removes it
 * when that process is gone, and leaves those of a live one (pid 1). */
static void test_report__removes_stale_temporaries(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], dead[1024], live[1024], other[1024];
    const char *const names[] = { dead, live, other };

    snprintf(out, sizeof out, "%s/stale", f->dir);
    assert_int_equal(mkdir(out, 0700), 0);
    snprintf(dead, sizeof dead, "%s/hr_outcomes.xlsx.tmp-999999999", out);
    snprintf(live, sizeof live, "%s/coordinator_risk-c-17.xlsx.tmp-1", out);
    snprintf(other, sizeof other, "%s/notes.xlsx.tmp-999999999", out);
    for (int i = 0; i < 3; i++) {
        FILE *fp = fopen(names[i], "w");

        assert_non_null(fp);
        fclose(fp);
    }
    assert_int_equal(run(f, out, "en", 0, &e), MS_OK);
    assert_int_equal(access(dead, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
}

static void test_report__refuses_bad_input(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512];

    snprintf(out, sizeof out, "%s/bad", f->dir);
    assert_int_equal(run(f, out, "de", 0, &e), MS_USAGE);
    assert_non_null(strstr(e.msg, "'de'"));
    assert_int_equal(sqlite3_exec(f->db, "DELETE FROM analysis_run", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(run(f, out, "en", 0, &e), MS_DATAERR);
    assert_non_null(strstr(e.msg, "analyze"));
    assert_int_equal(f->n_written, 0);
}

/* python3 (a build dependency) reads the workbook's XML: exit 0 when no
 * worksheet holds a formula and every needle is stored as a string. */
static const char text_script[] =
    "import sys, zipfile, xml.etree.ElementTree as ET\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "texts, formulas = set(), 0\n"
    "for n in z.namelist():\n"
    "    if not n.endswith(\".xml\"):\n"
    "        continue\n"
    "    for el in ET.fromstring(z.read(n)).iter():\n"
    "        tag = el.tag.rsplit(\"}\", 1)[-1]\n"
    "        if tag == \"t\" and el.text:\n"
    "            texts.add(el.text)\n"
    "        if tag == \"f\" and n.startswith(\"xl/worksheets/\"):\n"
    "            formulas += 1\n"
    "if formulas:\n"
    "    sys.exit(\"%d formula cells\" % formulas)\n"
    "missing = [s for s in sys.argv[2:] if s[:1] != \"!\" and s not in texts]\n"
    "if missing:\n"
    "    sys.exit(\"not stored as text: %r\" % missing)\n"
    "present = [s for s in sys.argv[2:] if s[:1] == \"!\" and\n"
    "           any(s[1:] in t for t in texts)]\n"
    "if present:\n"
    "    sys.exit(\"should not be in the workbook: %r\" % present)\n";

static int text_check(const char *path, const char *needles, int quiet)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "python3 -c '%s' '%s' %s%s", text_script, path,
             needles, quiet ? " 2>/dev/null" : "");
    return system(cmd);
}

/* Text from the data stays text: no formula cell anywhere, and the tricky
 * strings are stored as strings. */
static void test_report__text_stays_text(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], path[1024];

    snprintf(out, sizeof out, "%s/text", f->dir);
    assert_int_equal(run(f, out, "en", 1, &e), MS_OK);
    snprintf(path, sizeof path, "%s/hr_outcomes.xlsx", out);
    assert_int_equal(text_check(path, "'=HYPERLINK(\"x\")' '+46' '=1+1.csv'"
                                      " '@SUM(A1).csv' '-x' 'Kommentar'", 0),
                     0);
    snprintf(path, sizeof path, "%s/leadership_cohorts.xlsx", out);
    assert_int_equal(text_check(path, "'=HYPERLINK(\"x\")' '+46'", 0), 0);
    snprintf(path, sizeof path, "%s/coordinator_risk.xlsx", out);
    assert_int_equal(text_check(path, "'=HYPERLINK(\"x\")' '+46' '=cmd|x'"
                                      " 'new_term' 'P001'", 0),
                     0);
    /* the check itself fails on a missing needle */
    assert_int_not_equal(text_check(path, "'not in the workbook'", 1), 0);
}

/* The layout rules of reports.md, checked on the XML of the three
 * workbooks in each language by tests/check_workbooks.py --layout: one
 * table per autofilter, wrapped text (the fixture's long refusal message
 * in Data quality) with the row height it needs, no table row made tall
 * by a chart note beside it, the GAS axis around 50 and the NPS axis
 * -100..100 with its zero line.  Then the whole checker (values read back
 * with openpyxl equal the database) when openpyxl is there. */
static void test_report__layout_rules(void **state)
{
    static const char *const langs[] = { "en", "sv", "da" };
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], cmd[4096];

    for (int l = 0; l < 3; l++) {
        snprintf(out, sizeof out, "%s/layout-%s", f->dir, langs[l]);
        assert_int_equal(run(f, out, langs[l], 1, &e), MS_OK);
        snprintf(cmd, sizeof cmd,
                 "python3 tests/check_workbooks.py --layout"
                 " '%s/hr_outcomes.xlsx' '%s/leadership_cohorts.xlsx'"
                 " '%s/coordinator_risk.xlsx'", out, out, out);
        if (system(cmd) != 0)
            fail_msg("%s: layout rules broken (see above)", langs[l]);
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import openpyxl' 2>/dev/null || exit 0;"
                 " python3 tests/check_workbooks.py '%s' '%s' --lang %s",
                 f->db_path, out, langs[l]);
        if (system(cmd) != 0)
            fail_msg("%s: check_workbooks.py failed (see above)", langs[l]);
    }
}

/* The checker itself sees a table row made tall by a note beside it, a
 * wrapped text without its height and an autofilter over two tables. */
static void test_report__layout_check_not_blind(void **state)
{
    static const char script[] =
        "import sys, zipfile, re\n"
        "src, dst, what = sys.argv[1:4]\n"
        "zin = zipfile.ZipFile(src); zout = zipfile.ZipFile(dst, \"w\")\n"
        "for n in zin.namelist():\n"
        "    d = zin.read(n)\n"
        "    if n == \"xl/worksheets/sheet9.xml\" and what == \"height\":\n"
        "        d = re.sub(rb\" ht=\\\"[0-9.]+\\\" customHeight=\\\"1\\\"\", b\"\", d)\n"
        "    if n == \"xl/worksheets/sheet9.xml\" and what == \"filter\":\n"
        "        d = re.sub(rb\"<autoFilter [^>]*/>\", b\"\", d)\n"
        "        d = d.replace(b\"</sheetData>\", b\"</sheetData><autoFilter ref=\\\"A4:B40\\\"/>\")\n"
        "    zout.writestr(n, d)\n"
        "zout.close()\n";
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], cmd[4096];
    static const char *const what[] = { "height", "filter" };

    snprintf(out, sizeof out, "%s/blind", f->dir);
    assert_int_equal(run(f, out, "en", 0, &e), MS_OK);
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd,
                 "python3 -c '%s' '%s/hr_outcomes.xlsx' '%s/broken.xlsx' %s"
                 " && python3 tests/check_workbooks.py --layout"
                 " '%s/broken.xlsx' 2>/dev/null",
                 script, out, out, what[i], out);
        if (system(cmd) == 0)
            fail_msg("the layout check accepted a workbook broken by %s",
                     what[i]);
    }
}

/* The Swedish and Danish coordinator workbooks hold no English sentence:
 * analyze's method text (English) is said in the reader's words. */
static void test_report__no_english_in_sv_da(void **state)
{
    static const char *const langs[] = { "sv", "da" };
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], path[1024];

    for (int l = 0; l < 2; l++) {
        snprintf(out, sizeof out, "%s/lang-%s", f->dir, langs[l]);
        assert_int_equal(run(f, out, langs[l], 0, &e), MS_OK);
        snprintf(path, sizeof path, "%s/coordinator_risk.xlsx", out);
        assert_int_equal(text_check(path, "'!discrete-time hazard'"
                                          " '!cross-validation grouped'"
                                          " '!Too early to tell'"
                                          " '!Suggested next step'", 0),
                         0);
        snprintf(path, sizeof path, "%s/hr_outcomes.xlsx", out);
        assert_int_equal(text_check(path, "'!we cannot tell'"
                                          " '!Programmes at a glance'", 0),
                         0);
    }
    /* the check sees an English word where it is */
    snprintf(path, sizeof path, "%s/lang-sv/coordinator_risk.xlsx", f->dir);
    assert_int_not_equal(text_check(path, "'!Ring hög först'", 1), 0);
}

/* ---------------------------------------------------------- suppression -- */

/* The row of t with programme p and cohort c (and key text k in column
 * kc when kc >= 0). */
static int find_row(const struct fig_table *t, const char *p, const char *c,
                    int kc, const char *k)
{
    for (int r = 0; r < t->n_rows; r++)
        if (strcmp(fig_text(t, r, COL_PROGRAMME), p) == 0 &&
            strcmp(fig_text(t, r, COL_COHORT), c) == 0 &&
            (kc < 0 || strcmp(fig_text(t, r, kc), k) == 0))
            return r;
    fail_msg("no row %s / %s", p, c);
    return -1;
}

static int mark(const struct fig_table *t, int r, int c)
{
    return fig_at(t, r, c)->mark;
}

static void test_report__suppresses_small_groups(void **state)
{
    static const char lm[] = "Leader mentoring", hy[] = "=HYPERLINK(\"x\")";
    struct fixture *f = *state;
    struct figures *fg = NULL;
    struct ms_err e = { "" };
    const struct fig_table *t;
    int r;

    if (figures_load(f->db, &fg, &e) != MS_OK)
        fail_msg("figures_load: %s", e.msg);
    t = &fg->completion;
    assert_int_equal(fg->k_all, 6);                   /* the largest k */
    assert_int_equal(t->k[find_row(t, hy, "2023", -1, NULL)], 6);
    assert_int_equal(t->k[find_row(t, lm, "2023", -1, NULL)], 5);

    /* cohort +46: 3 pairs < 5, shown as <5; a second cohort's pairs are
     * hidden too (the smaller first: 2024's 35) */
    r = find_row(t, lm, "+46", -1, NULL);
    assert_int_equal(mark(t, r, COMP_N_PAIRS), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, COMP_N_ACTIVE), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, COMP_N_COMPLETED), SUPPRESS_SHOWN); /* 0 */
    assert_int_equal(mark(t, find_row(t, lm, "2024", -1, NULL), COMP_N_PAIRS),
                     SUPPRESS_SECONDARY);
    /* the programme's headline (mature) completion rate stays */
    assert_int_equal(mark(t, find_row(t, lm, "*", -1, NULL), COMP_MRATE),
                     SUPPRESS_SHOWN);
    /* k = 6 in the =HYPERLINK programme: 5 completed is small there */
    r = find_row(t, hy, "2024", -1, NULL);
    assert_int_equal(mark(t, r, COMP_N_COMPLETED), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, COMP_N_EARLY), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, COMP_RATE), SUPPRESS_SECONDARY); /* 10 pairs */
    /* ... while 5 in Leader mentoring (k = 5) is not small (it may still
     * be hidden to protect another cell) */
    r = find_row(t, lm, "2024", -1, NULL);
    assert_int_not_equal(mark(t, r, COMP_N_EARLY), SUPPRESS_PRIMARY);
    /* the totals of all programmes stay */
    r = find_row(t, "*", "*", -1, NULL);
    assert_int_equal(mark(t, r, COMP_N_PAIRS), SUPPRESS_SHOWN);
    assert_int_equal(mark(t, r, COMP_RATE), SUPPRESS_SHOWN);

    /* every relation of the completion counts keeps 0 or >= 2 hidden */
    for (int row = 0; row < t->n_rows; row++) {
        static const int cols[] = { COMP_N_ACTIVE, COMP_N_COMPLETED,
                                    COMP_N_EARLY, COMP_N_PAIRS };
        int h = 0;

        for (int i = 0; i < 4; i++)
            h += mark(t, row, cols[i]) != SUPPRESS_SHOWN;
        if (h == 1)
            fail_msg("row %d: one hidden count in active + completed + "
                     "early = pairs", row);
    }
    for (int col = COMP_N_PAIRS; col <= COMP_N_GOALS_MET; col++) {
        /* cohorts of each programme, programmes of each cohort */
        for (int tot = 0; tot < t->n_rows; tot++) {
            int h = mark(t, tot, col) != SUPPRESS_SHOWN, parts = 0;

            for (int row = 0; row < t->n_rows; row++) {
                if (row == tot)
                    continue;
                if ((fig_is_all(t, tot, COL_COHORT) &&
                     !fig_is_all(t, row, COL_COHORT) &&
                     strcmp(fig_text(t, row, COL_PROGRAMME),
                            fig_text(t, tot, COL_PROGRAMME)) == 0) ||
                    (fig_is_all(t, tot, COL_PROGRAMME) &&
                     !fig_is_all(t, tot, COL_COHORT) &&
                     !fig_is_all(t, row, COL_PROGRAMME) &&
                     strcmp(fig_text(t, row, COL_COHORT),
                            fig_text(t, tot, COL_COHORT)) == 0)) {
                    parts++;
                    h += mark(t, row, col) != SUPPRESS_SHOWN;
                }
            }
            if (parts > 0 && h == 1)
                fail_msg("column %d total row %d: one hidden cell", col, tot);
        }
    }

    /* reasons add up to early endings: chemistry 1 in =HYPERLINK 2024 is
     * small, and so is its group's total of 5 (k = 6) */
    t = &fg->reasons;
    r = find_row(t, hy, "2024", RSN_REASON, "chemistry");
    assert_int_equal(mark(t, r, RSN_N), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, RSN_SHARE), SUPPRESS_PRIMARY);
    /* the small group hides its survival curve and its questionnaires */
    t = &fg->survival;
    assert_int_equal(mark(t, find_row(t, lm, "+46", -1, NULL), SURV_SURVIVAL),
                     SUPPRESS_PRIMARY);
    t = &fg->items;
    r = find_row(t, lm, "+46", ITEM_ITEM, "q_trust");
    assert_int_equal(mark(t, r, ITEM_MEAN), SUPPRESS_PRIMARY);
    /* goals: 4 pairs scored with k = 6 hides the group's goal figures */
    t = &fg->goals;
    r = find_row(t, hy, "2024", -1, NULL);
    assert_int_equal(mark(t, r, GOAL_N_SCORED), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, GOAL_N_GOALS), SUPPRESS_SECONDARY);
    assert_int_equal(mark(t, r, GOAL_T), SUPPRESS_PRIMARY);
    /* NPS: 3 promoters and 1 detractor of 6 answers are counts of
     * people below k (reports.md "Counts too"); the score of 6 stays */
    t = &fg->nps;
    r = find_row(t, lm, "2024", NPS_ROLE, "mentee");
    assert_int_equal(mark(t, r, NPS_DETRACTORS), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, NPS_PROMOTERS), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, NPS_PASSIVES), SUPPRESS_PRIMARY);
    assert_int_equal(mark(t, r, NPS_N), SUPPRESS_SHOWN);
    assert_int_equal(mark(t, r, NPS_NPS), SUPPRESS_SHOWN);
    /* ... and no count of 1..k-1 is shown in any table */
    {
        const struct fig_table *tabs[] = { &fg->completion, &fg->reasons,
                                           &fg->survival, &fg->goals,
                                           &fg->levels, &fg->items,
                                           &fg->scales, &fg->change,
                                           &fg->nps, &fg->cohort_year,
                                           &fg->trend, &fg->factors,
                                           &fg->breakdown, &fg->agreement,
                                           &fg->response };
        static const int counts[][4] = {
            { COMP_N_PAIRS, COMP_N_ACTIVE, COMP_N_COMPLETED, COMP_N_EARLY },
            { RSN_N, -1, -1, -1 }, { SURV_N_RISK, -1, -1, -1 },
            { GOAL_N_SCORED, -1, -1, -1 }, { LVL_N, -1, -1, -1 },
            { ITEM_N, ITEM_TOP2_N, -1, -1 }, { SCL_N_RESP, -1, -1, -1 },
            { CHG_N, -1, -1, -1 },
            { NPS_N, NPS_PROMOTERS, NPS_PASSIVES, NPS_DETRACTORS },
            { CY_N_STARTED, -1, -1, -1 }, { TR_N_PAIRS, TR_N_EVENTS, -1, -1 },
            { FAC_N_PAIRS, FAC_N_EVENTS, -1, -1 },
            { BRK_N_PAIRS, BRK_N_MATURE, BRK_N_EARLY, -1 },
            { AGR_N, -1, -1, -1 }, { RSP_N_PAIRS, RSP_N_RESPONDED, -1, -1 },
        };

        for (size_t ti = 0; ti < sizeof tabs / sizeof tabs[0]; ti++)
            for (int row = 0; row < tabs[ti]->n_rows; row++)
                for (int ci = 0; ci < 4 && counts[ti][ci] >= 0; ci++) {
                    const struct fig_cell *c = fig_at(tabs[ti], row,
                                                      counts[ti][ci]);

                    if (c->type == FIG_NUM && c->num >= 1 &&
                        c->num < tabs[ti]->k[row] &&
                        c->mark == SUPPRESS_SHOWN)
                        fail_msg("table %zu row %d column %d: %g shown",
                                 ti, row, counts[ti][ci], c->num);
                }
    }
    /* a mature rate of a small group is hidden with its counts */
    t = &fg->completion;
    r = find_row(t, lm, "+46", -1, NULL);
    assert_true(isnan(fig_value(t, r, COMP_MRATE)));
    r = find_row(t, hy, "2024", -1, NULL);   /* 5 of 10 with k = 6 */
    assert_int_not_equal(mark(t, r, COMP_MRATE), SUPPRESS_SHOWN);
    /* leadership rows follow the same marks */
    t = &fg->cohort_year;
    r = find_row(t, lm, "+46", -1, NULL);
    assert_int_equal(mark(t, r, CY_N_STARTED), SUPPRESS_PRIMARY);
    r = find_row(t, lm, "2024", -1, NULL);
    assert_int_equal(mark(t, r, CY_N_STARTED), SUPPRESS_SECONDARY);
    figures_free(fg);
    figures_free(NULL);
}

/* ------------------------------------------------------------ orphans -- */

/* Meetings, goals and questionnaires naming a pair that is not in the
 * roster, counted by batch and kind (the orphans view of
 * schemas/001_init.sql), with orphan ids before the first pair, between
 * pairs (one a prefix-extension of a known id: 'P0050' after 'P005'),
 * after the last, the same id in two kinds, and a batch that batches does
 * not know (file NULL).  Expected counts are by hand from the rows below
 * and the fixture's two meetings (MT1 of P001, MT2 of P999, batch 2). */
static void test_report__counts_orphans(void **state)
{
    static const char rows[] =
        "INSERT INTO batches (batch_id, file, kind, status) VALUES"
        " (4, 'goals.csv', 'goals', 'loaded'),"
        " (5, 'evaluations.csv', 'evaluations', 'loaded'),"
        " (6, 'meetings2.csv', 'meetings', 'loaded');"
        "INSERT INTO pairs (pair_id, programme, cohort, start_date, status,"
        " batch_id, line) VALUES"
        " ('P005', 'Leader mentoring', '2024', '2024-03-01', 'active', 1, 3),"
        " ('P010', 'Leader mentoring', '2024', '2024-03-01', 'active', 1, 4);"
        "INSERT INTO meetings (meeting_id, pair_id, date, status, batch_id,"
        " line) VALUES"
        " ('M1', 'P000', '2025-01-01', 'held', 6, 2),"
        " ('M2', 'P000', '2025-02-01', 'held', 6, 3),"
        " ('M3', 'P003', '2025-01-01', 'held', 2, 4),"
        " ('M4', 'P005', '2025-01-01', 'held', 6, 4),"
        " ('M5', 'P005', '2025-02-01', 'held', 6, 5),"
        " ('M6', 'P0050', '2025-01-01', 'held', 6, 6),"
        " ('M7', 'P01', '2025-01-01', 'held', 6, 7),"
        " ('M8', 'P010', '2025-01-01', 'held', 2, 5),"
        " ('M9', 'P02', '2025-01-01', 'held', 99, 2);"
        "INSERT INTO goals (goal_id, pair_id, set_date, batch_id, line) VALUES"
        " ('G1', 'P9', '2025-01-01', 4, 2), ('G2', 'P9', '2025-01-02', 4, 3),"
        " ('G3', 'P001', '2025-01-01', 4, 4);"
        "INSERT INTO evaluations (response_id, pair_id, role, survey, date,"
        " batch_id, line) VALUES"
        " ('E1', 'P000', 'mentee', 'intro', '2025-01-01', 5, 2),"
        " ('E2', 'P010', 'mentee', 'intro', '2025-01-01', 5, 3);";
    static const struct {
        const char *file, *kind;   /* file NULL: not in batches */
        double n, n_no_roster;     /* with the roster; with no pairs */
    } want[] = {
        { "=1+1.csv", "meetings", 2, 4 },      /* P999, P003 (+ P001, P010) */
        { "goals.csv", "goals", 2, 3 },        /* P9 x2 (+ P001) */
        { "evaluations.csv", "evaluations", 1, 2 }, /* P000 (+ P010) */
        { "meetings2.csv", "meetings", 4, 6 }, /* P000 x2, P0050, P01 (+ P005 x2) */
        { NULL, "meetings", 1, 1 },            /* P02, batch 99 */
    };
    const size_t n_want = sizeof want / sizeof want[0];
    struct fixture *f = *state;
    struct figures *fg = NULL;
    struct ms_err e = { "" };

    assert_int_equal(sqlite3_exec(f->db, rows, NULL, NULL, NULL), SQLITE_OK);
    if (figures_load(f->db, &fg, &e) != MS_OK)
        fail_msg("figures_load: %s", e.msg);
    assert_int_equal(fg->orphans.n_rows, 0);   /* not read by figures_load */
    for (int pass = 0; pass < 2; pass++) {
        const struct fig_table *t = &fg->orphans;

        if (pass == 1)   /* no roster at all: every row is an orphan */
            assert_int_equal(sqlite3_exec(f->db, "DELETE FROM pairs", NULL,
                                          NULL, NULL),
                             SQLITE_OK);
        if (figures_audit_load(f->db, fg, &e) != MS_OK)
            fail_msg("figures_audit_load: %s", e.msg);
        assert_int_equal(t->n_rows, (int)n_want);
        for (int r = 0; r < t->n_rows; r++) {
            const struct fig_cell *file = fig_at(t, r, ORPH_FILE);

            if (want[r].file == NULL)
                assert_int_equal(file->type, FIG_NULL);
            else
                assert_string_equal(fig_text(t, r, ORPH_FILE), want[r].file);
            assert_string_equal(fig_text(t, r, ORPH_KIND), want[r].kind);
            assert_close(fig_at(t, r, ORPH_N)->num,
                         pass == 0 ? want[r].n : want[r].n_no_roster, 0);
        }
        /* the other audit tables come with it */
        assert_int_equal(fg->batches.n_rows, 6);
        assert_int_equal(fg->rejects.n_rows, 2);
        assert_int_equal(fg->dropped.n_rows, 2);
    }
    figures_free(fg);
}

/* The coordinators' list is compressed on a second thread and put in
 * place last: when that fails (its temporary name is taken by a folder),
 * the HR and leadership workbooks are still written, the previous list
 * stays, no temporary file is left and the error names the list.  When the
 * list cannot even be started (no risk_model table), the same holds. */
static void test_report__list_failure_keeps_others(void **state)
{
    struct fixture *f = *state;
    struct ms_err e;
    char out[512], path[1024], block[1100];
    size_t n0 = 0, n1 = 0;
    char *before, *after;

    snprintf(out, sizeof out, "%s/list", f->dir);
    assert_int_equal(run(f, out, "en", 0, &e), MS_OK);
    snprintf(path, sizeof path, "%s/coordinator_risk.xlsx", out);
    before = slurp(path, &n0);
    assert_non_null(before);
    assert_int_equal(sqlite3_exec(f->db, "UPDATE pair_risk SET risk = 0.5"
                                  " WHERE pair_id = 'P001'", NULL, NULL, NULL),
                     SQLITE_OK);
    snprintf(block, sizeof block, "%s.tmp-%ld", path, (long)getpid());
    assert_int_equal(mkdir(block, 0700), 0);
    assert_int_equal(run_quietly(f, out, "en", 1, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "coordinator_risk.xlsx"));
    /* HR and leadership, in their order; no per-coordinator file */
    assert_int_equal(f->n_written, 2);
    assert_non_null(strstr(f->written[0], "/hr_outcomes.xlsx"));
    assert_non_null(strstr(f->written[1], "/leadership_cohorts.xlsx"));
    after = slurp(path, &n1);
    assert_non_null(after);
    assert_true(n0 == n1 && memcmp(before, after, n0) == 0);
    free(after);
    assert_int_equal(rmdir(block), 0);

    assert_int_equal(sqlite3_exec(f->db, "DROP TABLE risk_model", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_not_equal(run(f, out, "en", 0, &e), MS_OK);
    assert_non_null(strstr(e.msg, "risk_model"));
    assert_int_equal(f->n_written, 2);
    after = slurp(path, &n1);
    assert_non_null(after);
    assert_true(n0 == n1 && memcmp(before, after, n0) == 0);
    free(after);
    free(before);
    /* nothing but the three workbooks is left in the folder */
    {
        DIR *d = opendir(out);
        struct dirent *de;
        int n = 0;

        assert_non_null(d);
        while ((de = readdir(d)) != NULL)
            n += de->d_name[0] != '.';
        closedir(d);
        assert_int_equal(n, 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__lang_valid),
        cmocka_unit_test(test_report__i18n_complete),
        cmocka_unit_test(test_report__i18n_enum_words),
        cmocka_unit_test(test_report__i18n_keys_used_exist),
        cmocka_unit_test(test_report__i18n_words),
        cmocka_unit_test(test_report__coordinator_file_id),
        cmocka_unit_test_setup_teardown(test_report__writes_workbooks_per_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__byte_identical_reruns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__per_coordinator_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__out_dir_is_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__failure_keeps_previous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__removes_stale_temporaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__refuses_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__text_stays_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__layout_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__layout_check_not_blind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__no_english_in_sv_da, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__suppresses_small_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__counts_orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__list_failure_keeps_others, setup, teardown),
    };

    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
