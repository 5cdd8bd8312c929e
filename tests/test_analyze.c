/*
 * test_analyze.c: the analyze stage end to end on small crafted databases
 * (analyze_run, analyze/analyze.h): rows are inserted into pairs,
 * meetings, goals and evaluations directly, analyze runs, and the results
 * tables are read back with SQL and held against results.md: groups and
 * totals, the as_of rule, NULL where a figure can't be computed, the
 * survival rows, edge cases, the one transaction, pair_risk and
 * res_attendance.  The statistics themselves are tested against published
 * values in their own binaries (test_wilson, test_km, ...); here only the
 * Wilson rows use published figures, the rest is counted by hand.
 */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <sqlite3.h>

#include "analyze.h"
#include "risk.h"
#include "dates.h"
#include "db.h"
#include "msg.h"
#include "wilson.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NO_DATE INT32_MIN

/* Every table analyze writes (analyze.c), for dumps and stale rows. */
static const char *const result_tables[] = {
    "res_completion", "res_end_reasons", "res_survival", "res_survival_median",
    "res_incidence", "res_logrank", "res_goals", "res_goal_levels", "pair_gas",
    "res_items", "res_item_dist", "res_scales", "res_change", "res_nps",
    "res_response", "res_attendance", "pair_risk", "risk_model",
    "risk_model_fit", "risk_calibration", "res_cohort_year", "res_cohort_trend",
    "res_factors", "res_breakdown", "res_agreement", "res_coordinators",
    "analysis_run",
};

/* ---------------------------------------------------------- fixture -- */

struct fx {
    char dir[512];
    char path[600];
    sqlite3 *db;
};

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    msg_set_quiet(1);
    return 0;
}

/* A fresh database in a new temporary directory. */
static int fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    struct ms_err e = {{0}};

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/test_analyze.XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/mentorstat.db", f->dir);
    if (db_open(f->path, DB_READWRITE, &f->db, &e) != MS_OK) {
        print_error("db_open: %s\n", e.msg);
        rmdir(f->dir);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    char p[640];

    db_close(f->db);
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* ---------------------------------------------------------- helpers -- */

static int32_t ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fail_msg("%s: %s", sql, err ? err : "?");
    }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    return st;
}

static void bind_date(sqlite3_stmt *st, int i, int32_t d)
{
    char s[11];

    if (d == NO_DATE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, date_format(d, s), 10, SQLITE_TRANSIENT);
}

static void step_done(sqlite3 *db, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        fail_msg("insert: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

/* A pair; end NO_DATE while active; reason NULL unless ended early. */
static void pair_add(sqlite3 *db, const char *id, const char *programme,
                     const char *cohort, int32_t start, const char *status,
                     int32_t end, const char *reason)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO pairs (pair_id, programme, cohort, coordinator_id, "
        "start_date, status, end_date, end_reason, batch_id, line) "
        "VALUES (?1, ?2, ?3, 'coord-1', ?4, ?5, ?6, ?7, 1, 1)");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, cohort, -1, SQLITE_STATIC);
    bind_date(st, 4, start);
    sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
    bind_date(st, 6, end);
    if (reason != NULL)
        sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
    step_done(db, st);
}

/* A meeting; minutes 0 binds NULL; by NULL for none; kind NULL: regular. */
static void meeting_add(sqlite3 *db, const char *id, const char *pair,
                        int32_t date, const char *status, int minutes,
                        const char *by, const char *kind)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO meetings (meeting_id, pair_id, date, status, "
        "duration_min, cancelled_by, kind, batch_id, line) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6, coalesce(?7, 'regular'), 1, 1)");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pair, -1, SQLITE_STATIC);
    bind_date(st, 3, date);
    sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
    if (minutes > 0)
        sqlite3_bind_int(st, 5, minutes);
    if (by != NULL)
        sqlite3_bind_text(st, 6, by, -1, SQLITE_STATIC);
    if (kind != NULL)
        sqlite3_bind_text(st, 7, kind, -1, SQLITE_STATIC);
    step_done(db, st);
}

/* A goal of weight 1; review NO_DATE when not reviewed. */
static void goal_add(sqlite3 *db, const char *id, const char *pair,
                     int32_t set, int level, int32_t review)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO goals (goal_id, pair_id, set_date, attainment, "
        "review_date, batch_id, line) VALUES (?1, ?2, ?3, ?4, ?5, 1, 1)");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pair, -1, SQLITE_STATIC);
    bind_date(st, 3, set);
    if (review != NO_DATE)
        sqlite3_bind_int(st, 4, level);
    bind_date(st, 5, review);
    step_done(db, st);
}

/* A questionnaire; recommend < 0 binds NULL; answers as ingest writes
 * them, e.g. {"q_trust":4}. */
static void eval_add(sqlite3 *db, const char *id, const char *pair,
                     const char *role, const char *survey, int32_t date,
                     int recommend, const char *answers)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO evaluations (response_id, pair_id, role, survey, date, "
        "recommend, answers, batch_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, 1, 1)");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pair, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, survey, -1, SQLITE_STATIC);
    bind_date(st, 5, date);
    if (recommend >= 0)
        sqlite3_bind_int(st, 6, recommend);
    sqlite3_bind_text(st, 7, answers, -1, SQLITE_STATIC);
    step_done(db, st);
}

/* The fixtures' data often end long before the as_of they are analysed
 * at, and results.md refuses an as_of more than 31 days after the data's
 * latest date.  So a run at a given as_of first adds, when the data ends
 * earlier, a cancelled meeting the day after as_of to the first pair: the
 * data then reach past as_of, and nothing dated after as_of is used, so
 * no figure changes (test_analyze__nothing_dated_after_as_of_is_used). */
static void data_reach(sqlite3 *db, int32_t as_of)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO meetings (meeting_id, pair_id, date, status, kind, "
        "batch_id, line) SELECT 'reach-' || ?1, min(pair_id), ?1, "
        "'cancelled', 'regular', 1, 1 FROM pairs HAVING count(*) > 0 AND "
        "?1 > (SELECT max(d) FROM (SELECT max(start_date) d FROM pairs "
        "UNION ALL SELECT max(end_date) FROM pairs UNION ALL SELECT "
        "max(date) FROM meetings UNION ALL SELECT max(review_date) FROM "
        "goals UNION ALL SELECT max(date) FROM evaluations)) "
        "ON CONFLICT DO NOTHING");

    bind_date(st, 1, as_of + 1);
    step_done(db, st);
}

/* analyze_run as of as_of (NO_DATE: the default). */
static enum ms_status run_at(sqlite3 *db, int32_t as_of, struct ms_err *e)
{
    struct analyze_opts o = {0};

    err_clear(e);
    if (as_of != NO_DATE) {
        data_reach(db, as_of);
        o.has_as_of = 1;
        o.as_of = as_of;
    }
    return analyze_run(db, &o, e);
}

/* analyze_run as of as_of, reading the data in parts parts. */
static void run_parts(sqlite3 *db, int32_t as_of, int parts)
{
    struct analyze_opts o = {0};
    struct ms_err e = {{0}};
    enum ms_status s;

    o.has_as_of = as_of != NO_DATE;
    o.as_of = as_of;
    o.parts = parts;
    if (o.has_as_of)
        data_reach(db, as_of);
    if ((s = analyze_run(db, &o, &e)) != MS_OK)
        fail_msg("analyze_run (%d parts): %s: %s", parts, status_str(s),
                 e.msg);
}

static void run_ok(sqlite3 *db, int32_t as_of)
{
    struct ms_err e = {{0}};
    enum ms_status s = run_at(db, as_of, &e);

    if (s != MS_OK)
        fail_msg("analyze_run: %s: %s", status_str(s), e.msg);
}

/* The statement of a query whose text is fmt (identifiers only: values
 * are written into the SQL as literals by the tests themselves). */
static sqlite3_stmt *query(sqlite3 *db, const char *fmt, va_list ap)
{
    char sql[2048];

    vsnprintf(sql, sizeof sql, fmt, ap);
    return prepare(db, sql);
}

/* The one value of a query, as a number: fails on no row or NULL. */
static double q_real(sqlite3 *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static double q_real(sqlite3 *db, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *st;
    double x;

    va_start(ap, fmt);
    st = query(db, fmt, ap);
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s", sqlite3_sql(st));
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        fail_msg("NULL, expected a number: %s", sqlite3_sql(st));
    x = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return x;
}

static long q_int(sqlite3 *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static long q_int(sqlite3 *db, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *st;
    long x;

    va_start(ap, fmt);
    st = query(db, fmt, ap);
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s", sqlite3_sql(st));
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        fail_msg("NULL, expected a number: %s", sqlite3_sql(st));
    x = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return x;
}

/* The one value of a query as text (NULL: "NULL"), into out. */
static const char *q_text(sqlite3 *db, char *out, size_t cap,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static const char *q_text(sqlite3 *db, char *out, size_t cap,
                          const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *st;
    const unsigned char *t;

    va_start(ap, fmt);
    st = query(db, fmt, ap);
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s", sqlite3_sql(st));
    t = sqlite3_column_text(st, 0);
    snprintf(out, cap, "%s", t ? (const char *)t : "NULL");
    sqlite3_finalize(st);
    return out;
}

/* 1 when the query's one row holds NULL (fails when there is no row). */
static int q_null(sqlite3 *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int q_null(sqlite3 *db, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *st;
    int null;

    va_start(ap, fmt);
    st = query(db, fmt, ap);
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s", sqlite3_sql(st));
    null = sqlite3_column_type(st, 0) == SQLITE_NULL;
    sqlite3_finalize(st);
    return null;
}

/* A growing string. */
struct buf {
    char *s;
    size_t n, cap;
};

static void buf_add(struct buf *b, const char *s)
{
    size_t k = strlen(s);

    if (b->n + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->n + k + 1)
            cap *= 2;
        p = realloc(b->s, cap);
        assert_non_null(p);
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

/* Every row of every results table, sorted, as text (the caller frees):
 * two runs gave the same results when their dumps are equal. */
static char *results_dump(sqlite3 *db)
{
    struct buf b = {0};

    buf_add(&b, "");
    for (size_t t = 0; t < N(result_tables); t++) {
        char sql[512];
        size_t o;
        sqlite3_stmt *st;
        int nc;

        snprintf(sql, sizeof sql, "SELECT * FROM %s", result_tables[t]);
        st = prepare(db, sql);
        nc = sqlite3_column_count(st);
        sqlite3_finalize(st);
        o = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1",
                             result_tables[t]);
        for (int c = 2; c <= nc; c++)
            o += (size_t)snprintf(sql + o, sizeof sql - o, ", %d", c);
        st = prepare(db, sql);
        buf_add(&b, result_tables[t]);
        buf_add(&b, ":\n");
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < nc; c++) {
                int type = sqlite3_column_type(st, c);
                char v[32];
                buf_add(&b, c ? "|" : "");
                if (type == SQLITE_FLOAT) {
                    snprintf(v, sizeof v, "%.17g",
                             sqlite3_column_double(st, c));
                    buf_add(&b, v);
                } else if (type == SQLITE_NULL) {
                    buf_add(&b, "NULL");
                } else {
                    buf_add(&b, (const char *)sqlite3_column_text(st, c));
                }
            }
            buf_add(&b, "\n");
        }
        sqlite3_finalize(st);
    }
    return b.s;
}

/* The group rows of a results table, "programme/cohort ..." sorted. */
static const char *groups_of(sqlite3 *db, const char *table, char *out,
                             size_t cap)
{
    return q_text(db, out, cap, "SELECT group_concat(g, ' ') FROM (SELECT "
                  "DISTINCT programme || '/' || cohort AS g FROM %s ORDER BY "
                  "programme, cohort)", table);
}

/* ------------------------------------------------ completion, groups -- */

/* Three cells whose counts are published Wilson examples: Newcombe RG
 * (1998), Two-sided confidence intervals for the single proportion:
 * comparison of seven methods, Statistics in Medicine 17:857-872, Table I,
 * method 3 (Wilson score): 15/148 -> 0.0624-0.1605, 1/29 ->
 * 0.0061-0.1718, and their sum with 65/86 is 81/263 -> 0.2553-0.3662. */
struct cell {
    const char *programme, *cohort;
    int completed, early, goals_met, active;
};
static const struct cell cells[] = {
    {"P1", "2023", 15, 133, 3, 2},
    {"P1", "2024", 1, 28, 0, 1},
    {"P2", "2023", 65, 21, 0, 0},
};
#define CELLS_AS_OF ymd(2025, 6, 30)

/* The cells' pairs, with some meetings, goals and evaluations so that
 * every results table has rows.  Everything is dated by 2024-12-31. */
static void cells_build(sqlite3 *db)
{
    int32_t base = ymd(2023, 1, 2);
    int i = 0;

    exec(db, "BEGIN");
    for (size_t c = 0; c < N(cells); c++) {
        int n = cells[c].completed + cells[c].early + cells[c].active;
        for (int k = 0; k < n; k++, i++) {
            char id[32], mid[32], json[96];
            int32_t start = base + (i % 200), end;
            const char *status, *reason = NULL;

            snprintf(id, sizeof id, "pair-%04d", i);
            if (k < cells[c].completed) {
                status = "completed";
                end = start + 365;
            } else if (k < cells[c].completed + cells[c].early) {
                status = "ended_early";
                end = start + 20 + (i * 37) % 300;
                reason = k - cells[c].completed < cells[c].goals_met ?
                         "goals_met" : i % 2 ? "time" : "chemistry";
            } else {
                status = "active";
                start = ymd(2024, 3, 1) + k;
                end = NO_DATE;
            }
            pair_add(db, id, cells[c].programme, cells[c].cohort, start,
                     status, end, reason);
            snprintf(mid, sizeof mid, "m-%04d-a", i);
            meeting_add(db, mid, id, start, "held", 60, NULL, "intro");
            snprintf(mid, sizeof mid, "m-%04d-b", i);
            if (i % 2)
                meeting_add(db, mid, id, start + 14, "held", 45, NULL, NULL);
            snprintf(mid, sizeof mid, "m-%04d-c", i);
            if (i % 3 == 0)
                meeting_add(db, mid, id, start + 17, "cancelled", 0, "mentor",
                            NULL);
            snprintf(mid, sizeof mid, "m-%04d-d", i);
            if (i % 7 == 0)
                meeting_add(db, mid, id, start + 19, "no_show", 0, NULL, NULL);
            snprintf(mid, sizeof mid, "g-%04d", i);
            if (i % 4 == 0)
                goal_add(db, mid, id, start + 5, i % 5 - 2, start + 15);
            if (i % 6 == 0) {
                snprintf(mid, sizeof mid, "e-%04d-i", i);
                snprintf(json, sizeof json, "{\"q_chemistry\":%d,\"q_trust\":"
                         "%d,\"q_usefulness\":%d}", 1 + i % 5, 1 + (i / 6) % 5,
                         1 + (i / 7) % 5);
                eval_add(db, mid, id, "mentee", "intro", start + 1, i % 11,
                         json);
                snprintf(mid, sizeof mid, "e-%04d-f", i);
                snprintf(json, sizeof json, "{\"q_usefulness\":%d}",
                         1 + (i / 5) % 5);
                eval_add(db, mid, id, "mentee", "final", start + 19,
                         (i / 3) % 11, json);
            }
        }
    }
    exec(db, "COMMIT");
}

static void test_analyze__completion_counts_and_wilson(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *programme, *cohort;
        long n_pairs, active, completed, early, goals_met;
        double low, high;    /* published, 4 decimals; NAN: not published */
    } expect[] = {
        {"P1", "2023", 150, 2, 15, 133, 3, 0.0624, 0.1605},
        {"P1", "2024", 30, 1, 1, 28, 0, 0.0061, 0.1718},
        {"P2", "2023", 86, 0, 65, 21, 0, NAN, NAN},
        {"*", "*", 266, 3, 81, 182, 3, 0.2553, 0.3662},
        {"P1", "*", 180, 3, 16, 161, 3, NAN, NAN},
        {"*", "2023", 236, 2, 80, 154, 3, NAN, NAN},
    };

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    for (size_t i = 0; i < N(expect); i++) {
        double lo, hi, rate;
        char w[160];
        snprintf(w, sizeof w, "FROM res_completion WHERE programme = '%s' "
                 "AND cohort = '%s'", expect[i].programme, expect[i].cohort);
        assert_int_equal(q_int(f->db, "SELECT n_pairs %s", w),
                         expect[i].n_pairs);
        assert_int_equal(q_int(f->db, "SELECT n_active %s", w),
                         expect[i].active);
        assert_int_equal(q_int(f->db, "SELECT n_completed %s", w),
                         expect[i].completed);
        assert_int_equal(q_int(f->db, "SELECT n_ended_early %s", w),
                         expect[i].early);
        assert_int_equal(q_int(f->db, "SELECT n_goals_met_early %s", w),
                         expect[i].goals_met);
        rate = (double)expect[i].completed /
               (double)(expect[i].completed + expect[i].early);
        assert_close(q_real(f->db, "SELECT completion_rate %s", w), rate,
                     1e-12);
        if (isnan(expect[i].low)) {
            /* the interval of the row's own counts */
            assert_int_equal(wilson_interval(expect[i].completed,
                             expect[i].completed + expect[i].early, 0.95,
                             &lo, &hi), MS_OK);
            assert_close(q_real(f->db, "SELECT ci_low %s", w), lo, 1e-12);
            assert_close(q_real(f->db, "SELECT ci_high %s", w), hi, 1e-12);
        } else {
            assert_close(q_real(f->db, "SELECT ci_low %s", w), expect[i].low,
                         0.00005);
            assert_close(q_real(f->db, "SELECT ci_high %s", w),
                         expect[i].high, 0.00005);
        }
    }
    /* res_cohort_year repeats the mature completion figures */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_cohort_year y "
                     "JOIN res_completion c USING (programme, cohort) WHERE "
                     "y.n_started = c.n_pairs AND y.completion_rate IS "
                     "c.mature_rate AND y.ci_low IS c.mature_ci_low AND "
                     "y.ci_high IS c.mature_ci_high AND y.provisional = "
                     "c.provisional"), 8);
}

/* The group rows of results.md: every (programme, cohort) with a pair,
 * every (programme, *), (*, cohort) and (*, *); a cell without pairs
 * (P2, 2024) has none. */
static void test_analyze__every_group_has_its_row(void **state)
{
    struct fx *f = *state;
    static const char *const tables[] = {
        "res_completion", "res_survival_median", "res_goals", "res_attendance",
        "res_cohort_year", "res_survival", "res_incidence",
    };
    static const char want[] =
        "*/* */2023 */2024 P1/* P1/2023 P1/2024 P2/* P2/2023";
    char got[256];

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    for (size_t t = 0; t < N(tables); t++) {
        groups_of(f->db, tables[t], got, sizeof got);
        if (strcmp(got, want) != 0)
            fail_msg("%s holds the groups '%s', expected '%s'", tables[t], got,
                     want);
    }
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_completion"), 8);
    /* res_logrank: a row per programme and one for '*' */
    assert_string_equal(q_text(f->db, got, sizeof got, "SELECT group_concat("
                        "programme || ':' || cohorts, ' ') FROM (SELECT * FROM "
                        "res_logrank ORDER BY programme)"),
                        "*:2023,2024 P1:2023,2024 P2:2023");
}

/* A total row's column is the sum of its parts' (keys: the table's other
 * key columns, NULL-terminated).  Returns the number of rows that break
 * the rule; *checked is the number of total rows looked at. */
static long totals_broken(sqlite3 *db, const char *table, const char *col,
                          const char *const *keys, long *checked)
{
    static const struct {
        const char *total, *part;
    } kinds[] = {
        {"t.programme <> '*' AND t.cohort = '*'",
         "p.programme = t.programme AND p.cohort <> '*'"},
        {"t.programme = '*' AND t.cohort <> '*'",
         "p.programme <> '*' AND p.cohort = t.cohort"},
        {"t.programme = '*' AND t.cohort = '*'",
         "p.programme <> '*' AND p.cohort <> '*'"},
    };
    long broken = 0;
    char match[256] = "", part_keys[256] = "";
    size_t o = 0, q = 0;

    for (size_t k = 0; keys[k] != NULL; k++) {
        o += (size_t)snprintf(match + o, sizeof match - o, " AND p.%s = t.%s",
                              keys[k], keys[k]);
        q += (size_t)snprintf(part_keys + q, sizeof part_keys - q, ", %s",
                              keys[k]);
    }
    *checked = 0;
    for (size_t k = 0; k < N(kinds); k++) {
        broken += q_int(db, "SELECT count(*) FROM %s t WHERE %s AND t.%s IS "
                        "NOT (SELECT sum(p.%s) FROM %s p WHERE %s%s)", table,
                        kinds[k].total, col, col, table, kinds[k].part, match);
        *checked += q_int(db, "SELECT count(*) FROM %s t WHERE %s", table,
                          kinds[k].total);
    }
    /* and every key seen in a part has its (*, *) row */
    broken += q_int(db, "SELECT (SELECT count(*) FROM (SELECT DISTINCT 1%s "
                    "FROM %s WHERE programme <> '*' AND cohort <> '*')) - "
                    "(SELECT count(*) FROM %s WHERE programme = '*' AND "
                    "cohort = '*')", part_keys, table, table);
    return broken;
}

static void test_analyze__totals_equal_the_sum_of_their_parts(void **state)
{
    struct fx *f = *state;
    static const char *const none[] = {NULL};
    static const char *const reason[] = {"end_reason", NULL};
    static const char *const level[] = {"level", NULL};
    static const char *const nps[] = {"survey", "role", NULL};
    static const char *const item[] = {"survey", "role", "item", NULL};
    static const char *const value[] = {"survey", "role", "item", "value",
                                        NULL};
    static const struct {
        const char *table, *col;
        const char *const *keys;
        long min_total;   /* the (*, *) figure must reach it: not vacuous */
    } sums[] = {
        {"res_completion", "n_pairs", none, 266},
        {"res_completion", "n_active", none, 3},
        {"res_completion", "n_completed", none, 81},
        {"res_completion", "n_ended_early", none, 182},
        {"res_completion", "n_goals_met_early", none, 3},
        {"res_end_reasons", "n", reason, 1},
        {"res_goals", "n_goals", none, 60},
        {"res_goals", "n_reviewed", none, 60},
        {"res_goals", "n_pairs_scored", none, 60},
        {"res_goal_levels", "n", level, 1},
        {"res_attendance", "n_pairs", none, 266},
        {"res_attendance", "held", none, 266},
        {"res_attendance", "cancelled", none, 50},
        {"res_attendance", "no_show", none, 20},
        {"res_nps", "n", nps, 40},
        {"res_nps", "promoters", nps, 0},
        {"res_nps", "detractors", nps, 1},
        {"res_items", "n", item, 40},
        {"res_item_dist", "count", value, 1},
    };

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    for (size_t i = 0; i < N(sums); i++) {
        long checked, broken = totals_broken(f->db, sums[i].table, sums[i].col,
                                             sums[i].keys, &checked);
        if (broken != 0)
            fail_msg("%s.%s: %ld total rows are not the sum of their parts",
                     sums[i].table, sums[i].col, broken);
        assert_true(checked >= 5);
        if (q_int(f->db, "SELECT sum(%s) FROM %s WHERE programme = '*' AND "
                  "cohort = '*'", sums[i].col, sums[i].table) <
            sums[i].min_total)
            fail_msg("%s.%s: the (*, *) total is below %ld", sums[i].table,
                     sums[i].col, sums[i].min_total);
    }
}

/* With 182 early endings the model is fitted: every active pair has a
 * risk in [0, 1], banded by the thresholds risk_model_fit records. */
static void test_analyze__risk_model_scores_the_active_pairs(void **state)
{
    struct fx *f = *state;
    char method[512];

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk"), 3);
    assert_true(q_int(f->db, "SELECT n_events FROM risk_model_fit") >= 20);
    q_text(f->db, method, sizeof method, "SELECT method FROM risk_model_fit");
    if (strncmp(method, "flags only", 10) == 0) {
        /* the fit may fail on data this small; then it must say why and
         * leave risk NULL */
        assert_non_null(strstr(method, "could not be fitted"));
        assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk WHERE "
                         "risk IS NULL"), 3);
        return;
    }
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM risk_model"), RISK_N_TERMS);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk WHERE risk "
                     "BETWEEN 0 AND 1"), 3);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk, "
                     "risk_model_fit f WHERE band <> CASE WHEN risk >= "
                     "f.band_high_min THEN 'high' WHEN risk >= "
                     "f.band_medium_min THEN 'medium' ELSE 'low' END"), 0);
}

/* ------------------------------------------------------------ as_of -- */

/* Before its end_date a pair is active; a pair started after as_of is in
 * no table at all. */
static void test_analyze__pair_active_until_its_end(void **state)
{
    struct fx *f = *state;
    static const char *const tables[] = {
        "res_completion", "res_end_reasons", "res_survival",
        "res_survival_median", "res_incidence", "res_goals",
        "res_goal_levels", "res_items", "res_item_dist", "res_scales",
        "res_change", "res_nps", "res_attendance", "res_cohort_year",
        "pair_risk",
    };
    sqlite3 *db = f->db;
    char t[64];

    pair_add(db, "A", "Prog", "2024", ymd(2024, 1, 1), "completed",
             ymd(2024, 12, 31), NULL);
    pair_add(db, "B", "Prog", "2024", ymd(2024, 1, 1), "ended_early",
             ymd(2024, 6, 30), "time");
    /* C starts after as_of, in a programme and cohort of its own, with
     * everything that would give it rows */
    pair_add(db, "C", "Late", "2025", ymd(2025, 1, 10), "active", NO_DATE,
             NULL);
    meeting_add(db, "mc1", "C", ymd(2025, 1, 10), "held", 60, NULL, "intro");
    goal_add(db, "gc1", "C", ymd(2025, 1, 11), 1, ymd(2025, 1, 20));
    eval_add(db, "ec1", "C", "mentor", "intro", ymd(2025, 1, 12), 9,
             "{\"q_trust\":4,\"q_chemistry\":4,\"q_openness\":4}");
    eval_add(db, "ec2", "C", "mentor", "final", ymd(2025, 1, 22), 9,
             "{\"q_trust\":5,\"q_chemistry\":4,\"q_openness\":4}");

    run_ok(db, ymd(2024, 5, 1));
    assert_int_equal(q_int(db, "SELECT n_active FROM res_completion WHERE "
                     "programme = '*' AND cohort = '*'"), 2);
    assert_int_equal(q_int(db, "SELECT n_completed + n_ended_early FROM "
                     "res_completion WHERE programme = 'Prog' AND cohort = "
                     "'2024'"), 0);
    assert_true(q_null(db, "SELECT completion_rate FROM res_completion WHERE "
                       "programme = '*' AND cohort = '*'"));
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_end_reasons"), 0);
    assert_string_equal(q_text(db, t, sizeof t, "SELECT group_concat(pair_id) "
                        "FROM (SELECT pair_id FROM pair_risk ORDER BY 1)"),
                        "A,B");
    /* time = as_of - start: 121 days, censored */
    assert_int_equal(q_int(db, "SELECT days_active FROM pair_risk WHERE "
                     "pair_id = 'A'"), 121);
    assert_int_equal(q_int(db, "SELECT n_risk FROM res_survival WHERE "
                     "programme = '*' AND cohort = '*' AND month = 3"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_survival WHERE "
                     "programme = '*' AND cohort = '*'"), 4); /* day 121 */
    assert_string_equal(q_text(db, t, sizeof t, "SELECT as_of FROM "
                        "analysis_run"), "2024-05-01");
    assert_int_equal(q_int(db, "SELECT n_pairs FROM analysis_run"), 2);
    for (size_t i = 0; i < N(tables); i++)
        if (q_int(db, "SELECT count(*) FROM %s WHERE programme = 'Late' OR "
                  "cohort = '2025'", tables[i]) != 0)
            fail_msg("%s has rows of a pair started after as_of", tables[i]);
    assert_int_equal(q_int(db, "SELECT count(*) FROM pair_gas"), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_logrank WHERE "
                     "programme = 'Late' OR cohorts LIKE '%%2025%%'"), 0);

    /* the default as_of (2025-01-22) takes them all: A completed, B ended
     * early, C in every table */
    run_ok(db, NO_DATE);
    assert_int_equal(q_int(db, "SELECT n_completed FROM res_completion WHERE "
                     "programme = 'Prog' AND cohort = '2024'"), 1);
    assert_int_equal(q_int(db, "SELECT n_ended_early FROM res_completion "
                     "WHERE programme = 'Prog' AND cohort = '2024'"), 1);
    assert_string_equal(q_text(db, t, sizeof t, "SELECT group_concat(pair_id) "
                        "FROM pair_risk"), "C");
    assert_int_equal(q_int(db, "SELECT count(*) FROM pair_gas"), 1);
    for (size_t i = 0; i < N(tables); i++)
        if (strcmp(tables[i], "res_end_reasons") != 0 &&
            q_int(db, "SELECT count(*) FROM %s WHERE programme = 'Late' OR "
                  "cohort = '2025'", tables[i]) == 0)
            fail_msg("%s has no row of the late pair once it started",
                     tables[i]);
}

/* Rows dated after as_of change nothing: results before and after
 * changing them are the same, while the same change does show once
 * as_of is later (so the rows would have mattered). */
static void test_analyze__nothing_dated_after_as_of_is_used(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    int32_t as_of = ymd(2024, 6, 30), later = ymd(2025, 3, 31);
    char *before, *after, *late_before, *late_after;

    pair_add(db, "A", "Prog", "2024", ymd(2024, 1, 1), "active", NO_DATE,
             NULL);
    pair_add(db, "B", "Prog", "2024", ymd(2024, 2, 1), "completed",
             ymd(2025, 1, 31), NULL);
    pair_add(db, "C", "Prog", "2023", ymd(2023, 9, 1), "ended_early",
             ymd(2024, 4, 1), "chemistry");
    pair_add(db, "D", "Prog", "2023", ymd(2023, 9, 1), "ended_early",
             ymd(2024, 9, 1), "time");
    meeting_add(db, "m1", "A", ymd(2024, 1, 1), "held", 60, NULL, "intro");
    meeting_add(db, "m2", "A", ymd(2024, 6, 1), "held", 60, NULL, NULL);
    meeting_add(db, "m3", "A", ymd(2024, 7, 1), "held", 60, NULL, NULL);
    meeting_add(db, "m4", "A", ymd(2024, 8, 1), "held", 90, NULL, NULL);
    meeting_add(db, "m5", "B", ymd(2024, 2, 1), "held", 60, NULL, "intro");
    meeting_add(db, "m6", "B", ymd(2024, 9, 1), "held", 60, NULL, NULL);
    meeting_add(db, "m7", "D", ymd(2024, 7, 15), "held", 60, NULL, NULL);
    goal_add(db, "g1", "A", ymd(2024, 1, 15), 1, ymd(2024, 5, 1));
    goal_add(db, "g2", "A", ymd(2024, 1, 15), 2, ymd(2024, 8, 1));
    goal_add(db, "g3", "B", ymd(2024, 3, 1), 0, ymd(2024, 12, 1));
    eval_add(db, "e1", "A", "mentor", "intro", ymd(2024, 1, 20), 8,
             "{\"q_trust\":3,\"q_chemistry\":3,\"q_openness\":3,"
             "\"q_usefulness\":3}");
    eval_add(db, "e2", "A", "mentor", "final", ymd(2024, 5, 20), 9,
             "{\"q_trust\":4,\"q_chemistry\":4,\"q_openness\":4,"
             "\"q_usefulness\":4}");
    eval_add(db, "e3", "A", "mentor", "final", ymd(2024, 7, 20), 10,
             "{\"q_trust\":5,\"q_chemistry\":5,\"q_openness\":5,"
             "\"q_usefulness\":5}");
    eval_add(db, "e4", "B", "mentee", "midpoint", ymd(2024, 10, 1), 6,
             "{\"q_trust\":2,\"q_chemistry\":2,\"q_openness\":2}");

    run_ok(db, as_of);
    before = results_dump(db);
    run_ok(db, later);
    late_before = results_dump(db);

    /* change every row dated after as_of */
    exec(db, "UPDATE meetings SET status = 'cancelled', duration_min = NULL, "
             "cancelled_by = 'mentee' WHERE date > '2024-06-30'");
    exec(db, "UPDATE goals SET attainment = -2 WHERE review_date > "
             "'2024-06-30'");
    exec(db, "UPDATE evaluations SET recommend = 0, answers = "
             "'{\"q_trust\":1,\"q_chemistry\":1,\"q_openness\":1,"
             "\"q_usefulness\":1}' WHERE date > '2024-06-30'");
    exec(db, "UPDATE pairs SET status = 'ended_early', end_reason = "
             "'work_change' WHERE end_date > '2024-06-30'");
    goal_add(db, "g4", "A", ymd(2024, 7, 2), 2, ymd(2024, 7, 30));
    meeting_add(db, "m8", "A", ymd(2024, 7, 3), "no_show", 0, NULL, NULL);
    eval_add(db, "e5", "A", "mentee", "intro", ymd(2024, 7, 4), 3,
             "{\"q_trust\":1}");

    run_ok(db, as_of);
    after = results_dump(db);
    run_ok(db, later);
    late_after = results_dump(db);
    if (strcmp(before, after) != 0)
        fail_msg("rows dated after as_of changed the results:\n%s\n---\n%s",
                 before, after);
    assert_string_not_equal(late_before, late_after);
    free(before);
    free(after);
    free(late_before);
    free(late_after);
}

/* The default as_of is the latest start, end, meeting, review or
 * evaluation date: each case makes one of them the latest. */
static void test_analyze__default_as_of_is_the_latest_date(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *what;
        int y, m, d;
    } cases[] = {
        {"start", 2024, 3, 1}, {"end", 2024, 4, 1}, {"meeting", 2024, 5, 1},
        {"review", 2024, 6, 1}, {"evaluation", 2024, 7, 1},
    };

    for (size_t i = 0; i < N(cases); i++) {
        sqlite3 *db = f->db;
        int32_t day = ymd(cases[i].y, cases[i].m, cases[i].d);
        char got[16], want[11];

        exec(db, "DELETE FROM pairs; DELETE FROM meetings; DELETE FROM goals; "
                 "DELETE FROM evaluations");
        /* the same floor of dates in every case: 2024-02-01 */
        pair_add(db, "A", "Prog", "2024", ymd(2024, 1, 1), "active",
                 NO_DATE, NULL);
        pair_add(db, "B", "Prog", "2024", ymd(2024, 1, 5), "completed",
                 ymd(2024, 2, 1), NULL);
        goal_add(db, "g0", "A", ymd(2024, 1, 10), 0, NO_DATE);
        switch (i) {
        case 0:
            pair_add(db, "C", "Prog", "2024", day, "active", NO_DATE, NULL);
            break;
        case 1:
            pair_add(db, "C", "Prog", "2024", ymd(2024, 1, 2), "completed",
                     day, NULL);
            break;
        case 2:
            meeting_add(db, "m", "A", day, "cancelled", 0, "mentor", NULL);
            break;
        case 3:
            goal_add(db, "g", "A", ymd(2024, 1, 10), 1, day);
            break;
        default:
            eval_add(db, "e", "A", "mentee", "midpoint", day, 7, "{}");
            break;
        }
        run_ok(db, NO_DATE);
        date_format(day, want);
        q_text(db, got, sizeof got, "SELECT as_of FROM analysis_run");
        if (strcmp(got, want) != 0)
            fail_msg("latest %s: as_of %s, expected %s", cases[i].what, got,
                     want);
        assert_string_equal(q_text(db, got, sizeof got, "SELECT as_of FROM "
                            "pair_risk WHERE pair_id = 'A'"), want);
    }
}

/* ------------------------------------------------------------ NULLs -- */

static void test_analyze__null_where_a_figure_cannot_be_computed(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;

    /* Solo/A: one active pair, one intro and one final response from the
     * mentor with the same answers */
    pair_add(db, "S1", "Solo", "A", ymd(2024, 1, 1), "active", NO_DATE, NULL);
    eval_add(db, "s1", "S1", "mentor", "intro", ymd(2024, 1, 10), 8,
             "{\"q_trust\":4,\"q_chemistry\":3,\"q_openness\":5,"
             "\"q_usefulness\":4}");
    eval_add(db, "s2", "S1", "mentor", "final", ymd(2024, 6, 10), 8,
             "{\"q_usefulness\":4}");
    /* Two/X, Two/Y: two cohorts, no early ending */
    pair_add(db, "T1", "Two", "X", ymd(2023, 1, 1), "completed",
             ymd(2023, 12, 31), NULL);
    pair_add(db, "T2", "Two", "Y", ymd(2023, 2, 1), "completed",
             ymd(2024, 1, 31), NULL);
    /* Half/A: 1 of 5 ends early, survival never goes below 0.8 */
    pair_add(db, "H1", "Half", "A", ymd(2023, 1, 1), "ended_early",
             ymd(2023, 4, 11), "time");
    for (int i = 2; i <= 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "H%d", i);
        pair_add(db, id, "Half", "A", ymd(2023, 1, i), "completed",
                 ymd(2024, 1, i), NULL);
    }
    run_ok(db, ymd(2024, 6, 30));

    /* completion_rate with no closed pair */
    assert_true(q_null(db, "SELECT completion_rate FROM res_completion WHERE "
                       "programme = 'Solo' AND cohort = 'A'"));
    assert_true(q_null(db, "SELECT ci_low FROM res_completion WHERE "
                       "programme = 'Solo' AND cohort = 'A'"));
    assert_true(q_null(db, "SELECT ci_high FROM res_completion WHERE "
                       "programme = 'Solo' AND cohort = 'A'"));
    assert_int_equal(q_int(db, "SELECT n_pairs FROM res_completion WHERE "
                     "programme = 'Solo' AND cohort = 'A'"), 1);
    /* sd with n = 1: the mean is there, sd and interval are not */
    assert_close(q_real(db, "SELECT mean FROM res_items WHERE programme = "
                        "'Solo' AND cohort = 'A' AND survey = 'intro' AND role "
                        "= 'mentor' AND item = 'q_trust'"), 4, 0);
    assert_true(q_null(db, "SELECT sd FROM res_items WHERE programme = 'Solo' "
                       "AND cohort = 'A' AND survey = 'intro' AND role = "
                       "'mentor' AND item = 'q_trust'"));
    assert_true(q_null(db, "SELECT ci_low FROM res_items WHERE programme = "
                       "'Solo' AND cohort = 'A' AND survey = 'intro' AND role "
                       "= 'mentor' AND item = 'q_trust'"));
    /* alpha with one complete response */
    assert_int_equal(q_int(db, "SELECT n_responses FROM res_scales WHERE "
                     "programme = 'Solo' AND cohort = 'A' AND survey = "
                     "'intro' AND role = 'mentor' AND construct = "
                     "'relationship'"), 1);
    assert_true(q_null(db, "SELECT alpha FROM res_scales WHERE programme = "
                       "'Solo' AND cohort = 'A' AND survey = 'intro' AND role "
                       "= 'mentor' AND construct = 'relationship'"));
    /* res_change with every difference 0: V = 0, p NULL */
    assert_int_equal(q_int(db, "SELECT n_pairs FROM res_change WHERE "
                     "programme = 'Solo' AND cohort = 'A' AND role = 'mentor' "
                     "AND item = 'q_usefulness'"), 1);
    assert_close(q_real(db, "SELECT mean_diff FROM res_change WHERE programme "
                        "= 'Solo' AND cohort = 'A' AND role = 'mentor' AND "
                        "item = 'q_usefulness'"), 0, 0);
    assert_close(q_real(db, "SELECT wilcoxon_v FROM res_change WHERE "
                        "programme = 'Solo' AND cohort = 'A' AND role = "
                        "'mentor' AND item = 'q_usefulness'"), 0, 0);
    assert_true(q_null(db, "SELECT p_value FROM res_change WHERE programme = "
                       "'Solo' AND cohort = 'A' AND role = 'mentor' AND item "
                       "= 'q_usefulness'"));
    /* q_trust was not answered in the final: no res_change row */
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_change WHERE item = "
                     "'q_trust'"), 0);
    /* median where survival never reaches 0.5 */
    assert_close(q_real(db, "SELECT min(survival) FROM res_survival WHERE "
                        "programme = 'Half' AND cohort = 'A'"), 0.8, 1e-12);
    assert_true(q_null(db, "SELECT median_days FROM res_survival_median WHERE "
                       "programme = 'Half' AND cohort = 'A'"));
    assert_true(q_null(db, "SELECT median_days FROM res_survival_median WHERE "
                       "programme = 'Two' AND cohort = '*'"));
    /* log-rank: one cohort (Solo, Half), or no early ending (Two) */
    for (int i = 0; i < 3; i++) {
        static const char *const prog[] = {"Solo", "Half", "Two"};
        assert_true(q_null(db, "SELECT chisq FROM res_logrank WHERE programme "
                           "= '%s'", prog[i]));
        assert_true(q_null(db, "SELECT df FROM res_logrank WHERE programme = "
                           "'%s'", prog[i]));
        assert_true(q_null(db, "SELECT p_value FROM res_logrank WHERE "
                           "programme = '%s'", prog[i]));
    }
    /* across programmes, stratified by programme: the one early ending is
     * in Half, which holds cohort A alone, so no programme compares two
     * cohorts (survdiff(... ~ cohort + strata(programme)) has one group
     * with an expected count): no test */
    assert_true(q_null(db, "SELECT chisq FROM res_logrank WHERE programme = "
                       "'*'"));
    assert_true(q_null(db, "SELECT df FROM res_logrank WHERE programme = "
                       "'*'"));
    {
        char t[64];
        assert_string_equal(q_text(db, t, sizeof t, "SELECT cohorts FROM "
                                   "res_logrank WHERE programme = '*'"),
                            "A,X,Y");
    }
}

/* --------------------------------------------------------- survival -- */

/* Ten pairs, all ending early (no censoring): Kaplan-Meier is then the
 * empirical share still in the programme (Kaplan & Meier 1958, JASA
 * 53:457-481: without censoring the product-limit estimate reduces to
 * the sample survival function), n_risk counts times >= the month's day,
 * and the early-ending incidence is 1 - survival with no completions. */
static const int ten_times[] = {20, 45, 45, 80, 100, 150, 200, 250, 300, 396};

static void test_analyze__survival_without_censoring_is_the_share(void **state)
{
    struct fx *f = *state;
    int32_t start = ymd(2023, 1, 1);
    sqlite3_stmt *st;
    int rows = 0, prev_day = -1;

    for (size_t i = 0; i < N(ten_times); i++) {
        char id[16];
        snprintf(id, sizeof id, "S%zu", i);
        pair_add(f->db, id, "S", "c", start, "ended_early",
                 start + ten_times[i], "time");
    }
    run_ok(f->db, NO_DATE);
    st = prepare(f->db, "SELECT s.month, n_risk, n_event, n_censor, survival, "
                 "s.ci_low, s.ci_high, cif_ended_early, cif_completed FROM "
                 "res_survival s JOIN res_incidence i USING (programme, "
                 "cohort, month) WHERE programme = 'S' AND cohort = 'c' "
                 "ORDER BY s.month");
    while (sqlite3_step(st) == SQLITE_ROW) {
        int m = sqlite3_column_int(st, 0), day = date_months_to_days(m);
        int at_risk = 0, events = 0, still = 0;
        double surv = sqlite3_column_double(st, 4);

        assert_int_equal(m, rows);
        for (size_t i = 0; i < N(ten_times); i++) {
            at_risk += ten_times[i] >= day;
            still += ten_times[i] > day;
            events += ten_times[i] > prev_day && ten_times[i] <= day;
        }
        assert_int_equal(sqlite3_column_int(st, 1), at_risk);
        assert_int_equal(sqlite3_column_int(st, 2), events);
        assert_int_equal(sqlite3_column_int(st, 3), 0);
        assert_close(surv, still / 10.0, 1e-12);
        assert_close(sqlite3_column_double(st, 7), 1 - still / 10.0, 1e-12);
        assert_close(sqlite3_column_double(st, 8), 0, 1e-15);
        if (surv == 1.0) {
            /* survival 1: the interval is [1, 1] */
            assert_close(sqlite3_column_double(st, 5), 1, 0);
            assert_close(sqlite3_column_double(st, 6), 1, 0);
        } else if (surv == 0.0) {
            /* survival 0: both limits NULL */
            assert_int_equal(sqlite3_column_type(st, 5), SQLITE_NULL);
            assert_int_equal(sqlite3_column_type(st, 6), SQLITE_NULL);
        } else {
            assert_true(sqlite3_column_double(st, 5) < surv);
            assert_true(sqlite3_column_double(st, 6) > surv);
        }
        prev_day = day;
        rows++;
    }
    sqlite3_finalize(st);
    /* month 13 = day 396: the last pair is at risk and ends that day
     * (survival 0); month 14 = day 426 has nobody at risk: no row */
    assert_int_equal(rows, 14);
    assert_close(q_real(f->db, "SELECT survival FROM res_survival WHERE "
                        "programme = 'S' AND month = 13"), 0, 0);
    /* survival is exactly 0.5 from day 100 to day 150: R's median is the
     * midpoint, 125 (results.md; R's quantile.survfit) */
    assert_close(q_real(f->db, "SELECT median_days FROM res_survival_median "
                        "WHERE programme = 'S' AND cohort = 'c'"), 125, 1e-9);
}

/* Pairs going for more than 36 months: months 0..36 and no more. */
static void test_analyze__survival_rows_stop_at_month_36(void **state)
{
    struct fx *f = *state;

    pair_add(f->db, "L1", "Long", "2019", ymd(2019, 1, 1), "active", NO_DATE,
             NULL);
    pair_add(f->db, "L2", "Long", "2019", ymd(2019, 6, 1), "active", NO_DATE,
             NULL);
    run_ok(f->db, ymd(2024, 1, 1));
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival WHERE "
                     "programme = 'Long' AND cohort = '2019'"), 37);
    assert_int_equal(q_int(f->db, "SELECT max(month) FROM res_survival"), 36);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_incidence WHERE "
                     "programme = 'Long' AND cohort = '2019'"), 37);
    assert_int_equal(q_int(f->db, "SELECT min(n_risk) FROM res_survival"), 2);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival WHERE "
                     "survival = 1 AND ci_low = 1 AND ci_high = 1"), 4 * 37);
}

/* Every rate, share, survival and incidence lies in [0, 1], intervals
 * hold their estimate, and the two incidences never sum above 1. */
static void test_analyze__figures_are_proportions(void **state)
{
    struct fx *f = *state;
    /* required: set somewhere in this data (the check is not vacuous);
     * the model's figures exist only when its fit succeeds */
    static const struct {
        const char *table, *col;
        int required;
    } props[] = {
        {"res_completion", "completion_rate", 1},
        {"res_completion", "ci_low", 1},
        {"res_completion", "ci_high", 1},
        {"res_end_reasons", "share", 1},
        {"res_survival", "survival", 1},
        {"res_survival", "ci_low", 1},
        {"res_survival", "ci_high", 1},
        {"res_incidence", "cif_ended_early", 1},
        {"res_incidence", "cif_completed", 1},
        {"res_goals", "share_met", 1},
        {"res_goals", "share_ci_low", 1},
        {"res_goals", "share_ci_high", 1},
        {"res_attendance", "cancel_rate", 1},
        {"res_attendance", "no_show_rate", 1},
        {"res_attendance", "share_on_cadence", 1},
        {"res_cohort_year", "completion_rate", 1},
        {"res_cohort_year", "cif_ended_early_6m", 1},
        {"pair_risk", "risk", 0},
        {"risk_model_fit", "auc_cv", 0},
        {"risk_model_fit", "brier_cv", 0},
    };
    static const struct {
        const char *table, *low, *est, *high;
    } intervals[] = {
        {"res_completion", "ci_low", "completion_rate", "ci_high"},
        {"res_survival", "ci_low", "survival", "ci_high"},
        {"res_goals", "share_ci_low", "share_met", "share_ci_high"},
        {"res_goals", "gas_t_ci_low", "gas_t_mean", "gas_t_ci_high"},
        {"res_items", "ci_low", "mean", "ci_high"},
    };

    cells_build(f->db);
    /* and the ten uncensored pairs of the survival test */
    for (size_t i = 0; i < N(ten_times); i++) {
        char id[16];
        snprintf(id, sizeof id, "S%zu", i);
        pair_add(f->db, id, "S", "c", ymd(2023, 1, 1), "ended_early",
                 ymd(2023, 1, 1) + ten_times[i], "time");
    }
    run_ok(f->db, CELLS_AS_OF);
    for (size_t i = 0; i < N(props); i++) {
        if (q_int(f->db, "SELECT count(*) FROM %s WHERE %s < 0 OR %s > 1",
                  props[i].table, props[i].col, props[i].col) != 0)
            fail_msg("%s.%s outside [0, 1]", props[i].table, props[i].col);
    }
    for (size_t i = 0; i < N(props); i++)
        if (props[i].required &&
            q_int(f->db, "SELECT count(%s) FROM %s", props[i].col,
                  props[i].table) == 0)
            fail_msg("%s.%s is never set", props[i].table, props[i].col);
    for (size_t i = 0; i < N(intervals); i++) {
        if (q_int(f->db, "SELECT count(*) FROM %s WHERE %s > %s OR %s > %s",
                  intervals[i].table, intervals[i].low, intervals[i].est,
                  intervals[i].est, intervals[i].high) != 0)
            fail_msg("%s: an interval misses its estimate", intervals[i].table);
        assert_true(q_int(f->db, "SELECT count(%s) FROM %s", intervals[i].low,
                          intervals[i].table) > 0);
    }
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_incidence WHERE "
                     "cif_ended_early + cif_completed > 1 + 1e-12"), 0);
    assert_true(q_real(f->db, "SELECT max(cif_ended_early + cif_completed) "
                       "FROM res_incidence") > 0.5);
}

/* ------------------------------------------------------------ edges -- */

static void test_analyze__one_pair(void **state)
{
    struct fx *f = *state;

    pair_add(f->db, "only", "Prog", "2024", ymd(2024, 1, 1), "active",
             NO_DATE, NULL);
    run_ok(f->db, ymd(2024, 3, 1));
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_completion"), 4);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk"), 1);
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM analysis_run"), 1);
    /* 60 days: months 0, 1 (day 30); month 2 is day 61 */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival WHERE "
                     "programme = '*' AND cohort = '*'"), 2);
    assert_true(q_null(f->db, "SELECT median_days FROM res_survival_median "
                       "WHERE programme = '*'"));
    assert_true(q_null(f->db, "SELECT chisq FROM res_logrank WHERE "
                       "programme = 'Prog'"));
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_attendance WHERE "
                     "programme = '*'"), 1);
}

/* Every pair completed: survival stays 1 with interval [1, 1], the rate
 * is 1 (Wilson upper limit exactly 1), no median. */
static void test_analyze__no_early_ending(void **state)
{
    struct fx *f = *state;

    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof id, "C%d", i);
        pair_add(f->db, id, "Prog", "2023", ymd(2023, 1, 1 + i), "completed",
                 ymd(2024, 1, 1 + i), NULL);
    }
    run_ok(f->db, NO_DATE);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival WHERE "
                     "survival <> 1 OR ci_low <> 1 OR ci_high <> 1 OR "
                     "ci_low IS NULL"), 0);
    assert_true(q_int(f->db, "SELECT count(*) FROM res_survival") >= 4 * 12);
    assert_close(q_real(f->db, "SELECT completion_rate FROM res_completion "
                        "WHERE programme = '*' AND cohort = '*'"), 1, 0);
    assert_close(q_real(f->db, "SELECT ci_high FROM res_completion WHERE "
                        "programme = '*' AND cohort = '*'"), 1, 0);
    assert_true(q_null(f->db, "SELECT median_days FROM res_survival_median "
                       "WHERE programme = '*'"));
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_end_reasons"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk"), 0);
    assert_close(q_real(f->db, "SELECT cif_completed FROM res_incidence WHERE "
                        "programme = '*' AND cohort = '*' AND month = 12"),
                 1, 1e-12);
}

/* Every pair active: all censored. */
static void test_analyze__all_censored(void **state)
{
    struct fx *f = *state;

    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "A%d", i);
        pair_add(f->db, id, "Prog", "2024", ymd(2024, 1, 1 + i), "active",
                 NO_DATE, NULL);
    }
    run_ok(f->db, ymd(2024, 12, 31));
    assert_int_equal(q_int(f->db, "SELECT n_active FROM res_completion WHERE "
                     "programme = '*' AND cohort = '*'"), 3);
    assert_true(q_null(f->db, "SELECT completion_rate FROM res_completion "
                       "WHERE programme = '*' AND cohort = '*'"));
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival WHERE "
                     "survival <> 1 OR ci_low <> 1 OR ci_high <> 1"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_incidence WHERE "
                     "cif_ended_early <> 0 OR cif_completed <> 0"), 0);
    assert_true(q_int(f->db, "SELECT count(*) FROM res_incidence") > 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk"), 3);
    /* censored at their times, days 363..365: in month 12's row (days
     * 336..365) */
    assert_int_equal(q_int(f->db, "SELECT n_censor FROM res_survival WHERE "
                     "programme = '*' AND cohort = '*' AND month = 12"), 3);
    assert_int_equal(q_int(f->db, "SELECT sum(n_censor) FROM res_survival "
                     "WHERE programme = '*' AND cohort = '*'"), 3);
}

/* Ties: two early endings and a completion on day 100, one early ending
 * on day 200.  By hand: KM at 100 = 1 - 2/4 = 0.5 (the completion is
 * censored after the events of its day), and exactly 0.5 until 200, so
 * R's median is (100 + 200)/2 = 150; Aalen-Johansen at 100: early 2/4,
 * completed 1/4. */
static void test_analyze__ties(void **state)
{
    struct fx *f = *state;
    int32_t s = ymd(2023, 3, 1);

    pair_add(f->db, "T1", "Prog", "2023", s, "ended_early", s + 100, "time");
    pair_add(f->db, "T2", "Prog", "2023", s, "ended_early", s + 100, "other");
    pair_add(f->db, "T3", "Prog", "2023", s, "completed", s + 100, NULL);
    pair_add(f->db, "T4", "Prog", "2023", s, "ended_early", s + 200, "time");
    run_ok(f->db, NO_DATE);
    /* month 3 = day 91: all four at risk; month 4 = day 122 */
    assert_int_equal(q_int(f->db, "SELECT n_risk FROM res_survival WHERE "
                     "programme = 'Prog' AND cohort = '2023' AND month = 3"),
                     4);
    assert_int_equal(q_int(f->db, "SELECT n_risk FROM res_survival WHERE "
                     "programme = 'Prog' AND cohort = '2023' AND month = 4"),
                     1);
    assert_int_equal(q_int(f->db, "SELECT n_event FROM res_survival WHERE "
                     "programme = 'Prog' AND cohort = '2023' AND month = 4"),
                     2);
    assert_int_equal(q_int(f->db, "SELECT n_censor FROM res_survival WHERE "
                     "programme = 'Prog' AND cohort = '2023' AND month = 4"),
                     1);
    assert_close(q_real(f->db, "SELECT survival FROM res_survival WHERE "
                        "programme = 'Prog' AND cohort = '2023' AND month = "
                        "4"), 0.5, 1e-12);
    assert_close(q_real(f->db, "SELECT cif_ended_early FROM res_incidence "
                        "WHERE programme = 'Prog' AND cohort = '2023' AND "
                        "month = 4"), 0.5, 1e-12);
    assert_close(q_real(f->db, "SELECT cif_completed FROM res_incidence "
                        "WHERE programme = 'Prog' AND cohort = '2023' AND "
                        "month = 4"), 0.25, 1e-12);
    /* month 7 = day 213: nobody at risk, no row */
    assert_int_equal(q_int(f->db, "SELECT max(month) FROM res_survival WHERE "
                     "programme = 'Prog' AND cohort = '2023'"), 6);
    assert_close(q_real(f->db, "SELECT median_days FROM res_survival_median "
                        "WHERE programme = 'Prog' AND cohort = '2023'"),
                 150, 1e-9);
    assert_int_equal(q_int(f->db, "SELECT n FROM res_end_reasons WHERE "
                     "programme = '*' AND cohort = '*' AND end_reason = "
                     "'time'"), 2);
    assert_close(q_real(f->db, "SELECT share FROM res_end_reasons WHERE "
                        "programme = '*' AND cohort = '*' AND end_reason = "
                        "'other'"), 1.0 / 3.0, 1e-12);
}

static void test_analyze__empty_database_says_ingest_first(void **state)
{
    struct fx *f = *state;
    struct ms_err e = {{0}};

    assert_int_equal(run_at(f->db, NO_DATE, &e), MS_DATAERR);
    assert_non_null(strstr(e.msg, "ingest"));
    /* nothing was written and no transaction is left open */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM analysis_run"), 0);
    assert_int_equal(sqlite3_get_autocommit(f->db), 1);
}

/* Pairs exist but none started by --as-of: nothing to report on, no
 * pair-level rows, and no group of the data. */
static void test_analyze__as_of_before_every_start(void **state)
{
    struct fx *f = *state;

    pair_add(f->db, "A", "Prog", "2024", ymd(2024, 1, 1), "active", NO_DATE,
             NULL);
    run_ok(f->db, ymd(2023, 12, 31));
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM analysis_run"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM pair_risk"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_completion WHERE "
                     "programme <> '*' OR cohort <> '*' OR n_pairs <> 0"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_survival"), 0);
}

/* ----------------------------------------------------- transactions -- */

static void test_analyze__running_twice_gives_the_same_results(void **state)
{
    struct fx *f = *state;
    char *first, *second;

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    first = results_dump(f->db);
    run_ok(f->db, CELLS_AS_OF);
    second = results_dump(f->db);
    assert_string_equal(first, second);
    assert_true(strlen(first) > 10000);
    free(first);
    free(second);
}

/* Reading the data in two parts (two threads, two connections, split at
 * the middle pair_id) gives exactly the results of one part, with the
 * given as_of and with the default one. */
static void test_analyze__two_parts_give_the_same_results(void **state)
{
    struct fx *f = *state;
    char *one, *two;

    cells_build(f->db);
    /* mentors' answers beside the mentees' (res_agreement), and units */
    exec(f->db, "INSERT INTO evaluations (response_id, pair_id, role, survey, "
         "date, answers, batch_id, line) SELECT response_id || '-m', pair_id, "
         "'mentor', survey, date, '{\"q_chemistry\":' || (1 + length("
         "response_id) % 3 + substr(pair_id, -1) % 3) || ',\"q_trust\":4}', "
         "1, 1 FROM evaluations WHERE survey = 'intro';"
         "UPDATE pairs SET org_unit = 'unit ' || (substr(pair_id, -1) % 3), "
         "cross_org = substr(pair_id, -2) % 2 WHERE substr(pair_id, -1) <> '0'");
    for (int k = 0; k < 2; k++) {
        int32_t as_of = k == 0 ? CELLS_AS_OF : NO_DATE;
        run_parts(f->db, as_of, 1);
        one = results_dump(f->db);
        run_parts(f->db, as_of, 2);
        two = results_dump(f->db);
        assert_string_equal(one, two);
        assert_true(strlen(one) > 10000);
        assert_non_null(strstr(one, "res_agreement:\n*|*|intro|q_chemistry|"));
        assert_non_null(strstr(one, "res_breakdown:\n*|cross_org|no|"));
        assert_non_null(strstr(one, "res_coordinators:\n*|coord-1|"));
        free(one);
        free(two);
    }
}

/* The batches' note of their latest date is only a first guess at the
 * default as_of: too high (a replaced row) or too low, the run still uses
 * the latest date in the data. */
static void test_analyze__latest_date_notes_are_checked(void **state)
{
    struct fx *f = *state;
    static const char *const notes[] = {"2031-01-01", "2000-01-01", NULL};
    char want[16], got[16];

    cells_build(f->db);
    run_ok(f->db, NO_DATE);
    q_text(f->db, want, sizeof want, "SELECT as_of FROM analysis_run");
    for (int i = 0; notes[i]; i++) {
        exec(f->db, "DELETE FROM batches");
        exec(f->db, "INSERT INTO batches (file, kind, status, latest_date) "
                    "VALUES ('p.csv', 'pairs', 'loaded', '2001-01-01')");
        exec(f->db, i == 0 ?
                    "INSERT INTO batches (file, kind, status, latest_date) "
                    "VALUES ('m.csv', 'meetings', 'loaded', '2031-01-01')" :
                    "INSERT INTO batches (file, kind, status, latest_date) "
                    "VALUES ('m.csv', 'meetings', 'loaded', '2000-01-01')");
        run_ok(f->db, NO_DATE);
        q_text(f->db, got, sizeof got, "SELECT as_of FROM analysis_run");
        if (strcmp(got, want) != 0)
            fail_msg("note %s: as_of %s, expected %s", notes[i], got, want);
    }
}

/* Stale rows in every results table are gone after a run. */
static void test_analyze__stale_results_are_replaced(void **state)
{
    struct fx *f = *state;
    char *fresh, *again;

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    fresh = results_dump(f->db);
    exec(f->db,
         "INSERT INTO analysis_run VALUES ('1999-01-01', 7, 'STALE');"
         "INSERT INTO res_completion (programme, cohort, n_pairs, n_active, n_completed, n_ended_early, n_goals_met_early, completion_rate, ci_low, ci_high) "
         " VALUES ('STALE', 'x', 1, 1, 0, 0, 0, NULL, "
         " NULL, NULL);"
         "INSERT INTO res_end_reasons VALUES ('STALE', 'x', 'time', 1, 1);"
         "INSERT INTO res_survival VALUES ('STALE', 'x', 0, 1, 0, 0, 1, 1, 1);"
         "INSERT INTO res_survival_median VALUES ('STALE', 'x', 1, 1, 1);"
         "INSERT INTO res_incidence VALUES ('STALE', 'x', 0, 0, 0);"
         "INSERT INTO res_logrank VALUES ('STALE', 'x', 1, 1, 1);"
         "INSERT INTO res_goals (programme, cohort, n_goals, n_reviewed, share_met, share_ci_low, share_ci_high, n_pairs_scored, gas_t_mean, gas_t_ci_low, gas_t_ci_high) "
         " VALUES ('STALE', 'x', 1, 1, 1, 0, 1, 1, 50, 40, "
         " 60);"
         "INSERT INTO res_goal_levels VALUES ('STALE', 'x', 0, 1);"
         "INSERT INTO pair_gas VALUES ('STALE-pair', 1, 50);"
         "INSERT INTO res_items (programme, cohort, survey, role, item, n, mean, sd, ci_low, ci_high) "
         " VALUES ('STALE', 'x', 'intro', 'mentor', "
         " 'q_trust', 1, 1, NULL, NULL, NULL);"
         "INSERT INTO res_item_dist VALUES ('STALE', 'x', 'intro', 'mentor', "
         " 'q_trust', 1, 1);"
         "INSERT INTO res_scales VALUES ('STALE', 'x', 'intro', 'mentor', "
         " 'relationship', 3, 1, NULL);"
         "INSERT INTO res_change (programme, cohort, role, item, n_pairs, mean_intro, mean_final, mean_diff, wilcoxon_v, p_value) "
         " VALUES ('STALE', 'x', 'mentor', 'q_trust', 1, "
         " 1, 1, 0, 0, NULL);"
         "INSERT INTO res_nps (programme, cohort, survey, role, n, promoters, passives, detractors, nps) "
         " VALUES ('STALE', 'x', 'final', 'mentor', 1, 1, 0, "
         " 0, 100);"
         "INSERT INTO res_response VALUES ('STALE', 'x', 'final', 'mentor', "
         " 'active', 1, 0, 0);"
         "INSERT INTO res_attendance (programme, cohort, n_pairs, held, cancelled, no_show, cancel_rate, no_show_rate, hours_per_pair_month, share_on_cadence) "
         " VALUES ('STALE', 'x', 1, 1, 0, 0, 0, 0, 1, "
         " 1);"
         "INSERT INTO pair_risk (pair_id, programme, cohort, as_of, "
         " days_active, band, flags, drivers, days_since_last_held, held_90d, "
         " not_held_90d, n_goals) VALUES ('STALE-pair', 'STALE', 'x', "
         " '1999-01-01', 1, 'low', '', '', 1, 0, 0, 0);"
         "INSERT INTO risk_model (term, coefficient, std_error) "
         " VALUES ('STALE_term', 1, 1);"
         "INSERT INTO risk_model_fit (n_periods, n_events, method) VALUES "
         " (1, 1, 'STALE');"
         "INSERT INTO res_cohort_year (programme, cohort, n_started) VALUES "
         " ('STALE', 'x', 1);"
         "INSERT INTO res_cohort_trend (programme, n_pairs, n_events) VALUES "
         " ('STALE', 1, 1);"
         "INSERT INTO res_factors (programme, term, n_pairs, n_events) VALUES "
         " ('STALE', 'cross_org', 1, 1);"
         "INSERT INTO res_breakdown (programme, dimension, level, n_pairs, "
         " n_mature, n_ended_early) VALUES ('STALE', 'org_unit', 'x', 1, 1, "
         " 1);"
         "INSERT INTO res_agreement (programme, cohort, survey, item, "
         " n_pairs) VALUES ('STALE', 'x', 'intro', 'q_trust', 1);"
         "INSERT INTO res_coordinators (programme, coordinator_id, n_mature, "
         " n_ended_early, signal) VALUES ('STALE', 'c', 1, 1, '');");
    for (size_t t = 0; t < N(result_tables); t++)
        assert_true(q_int(f->db, "SELECT count(*) FROM %s", result_tables[t])
                    > 0);
    run_ok(f->db, CELLS_AS_OF);
    again = results_dump(f->db);
    assert_null(strstr(again, "STALE"));
    assert_string_equal(fresh, again);
    free(fresh);
    free(again);
}

/* A failure half-way leaves the previous results as they were. */
static void test_analyze__a_failed_run_keeps_the_previous_results(void **state)
{
    struct fx *f = *state;
    struct ms_err e = {{0}};
    char *before, *after;

    cells_build(f->db);
    run_ok(f->db, CELLS_AS_OF);
    before = results_dump(f->db);
    /* the attendance writer fails, after the outcome tables were emptied
     * and refilled (for another as_of) */
    exec(f->db, "CREATE TEMP TRIGGER fail_attendance BEFORE INSERT ON "
                "main.res_attendance BEGIN SELECT RAISE(ABORT, 'injected "
                "failure'); END");
    assert_int_not_equal(run_at(f->db, ymd(2024, 6, 30), &e), MS_OK);
    assert_non_null(strstr(e.msg, "res_attendance"));
    assert_int_equal(sqlite3_get_autocommit(f->db), 1);
    after = results_dump(f->db);
    assert_string_equal(before, after);
    free(after);
    exec(f->db, "DROP TRIGGER fail_attendance");
    run_ok(f->db, ymd(2024, 6, 30));
    after = results_dump(f->db);
    assert_string_not_equal(before, after);
    free(before);
    free(after);
}

/* ------------------------------------------------------------- risk -- */

/* pair_risk holds exactly the active pairs; with fewer than 20 early
 * endings there is no model: risk NULL, method says so, the band follows
 * the number of flags (2+ high, 1 medium, 0 low). */
static void test_analyze__pair_risk_flags_only(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    int32_t as_of = ymd(2024, 6, 30);
    char t[256];

    /* R1: 100 days, nothing held, no goal: no_recent_meeting (100 > 61)
     * and no_goals (100 > 60) */
    pair_add(db, "R1", "Prog", "2024", as_of - 100, "active", NO_DATE, NULL);
    /* R2: 30 days, held on days 10 and 24 (6 days ago), one cancelled on
     * day 17, a goal, the mentee's latest chemistry 2: low_chemistry */
    pair_add(db, "R2", "Prog", "2024", as_of - 30, "active", NO_DATE, NULL);
    meeting_add(db, "r2a", "R2", as_of - 20, "held", 60, NULL, "intro");
    meeting_add(db, "r2b", "R2", as_of - 13, "cancelled", 0, "mentee", NULL);
    meeting_add(db, "r2c", "R2", as_of - 6, "held", 60, NULL, NULL);
    goal_add(db, "r2g", "R2", as_of - 15, 0, NO_DATE);
    eval_add(db, "r2e1", "R2", "mentor", "intro", as_of - 19, 9,
             "{\"q_chemistry\":4,\"q_trust\":4}");
    eval_add(db, "r2e2", "R2", "mentee", "intro", as_of - 18, 5,
             "{\"q_chemistry\":2,\"q_trust\":4}");
    /* R3: 10 days, intro held on its first day: no flag */
    pair_add(db, "R3", "Prog", "2024", as_of - 10, "active", NO_DATE, NULL);
    meeting_add(db, "r3a", "R3", as_of - 10, "held", 60, NULL, "intro");
    /* closed pairs: never in pair_risk */
    for (int i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "X%d", i);
        pair_add(db, id, "Prog", "2023", ymd(2023, 1, 1 + i),
                 i < 3 ? "ended_early" : "completed",
                 ymd(2023, 3, 1 + i * 60), i < 3 ? "time" : NULL);
    }
    run_ok(db, as_of);

    assert_string_equal(q_text(db, t, sizeof t, "SELECT group_concat(pair_id) "
                        "FROM (SELECT pair_id FROM pair_risk ORDER BY 1)"),
                        "R1,R2,R3");
    assert_int_equal(q_int(db, "SELECT count(*) FROM pair_risk WHERE risk IS "
                     "NULL AND drivers = '' AND as_of = '2024-06-30' AND "
                     "coordinator_id = 'coord-1' AND programme = 'Prog' AND "
                     "cohort = '2024'"), 3);
    assert_int_equal(q_int(db, "SELECT count(*) FROM risk_model"), 0);
    q_text(db, t, sizeof t, "SELECT method FROM risk_model_fit");
    {
        char need[32];
        snprintf(need, sizeof need, "%d needed",
                 RISK_MIN_EVENT_PAIRS_PER_TERM * (RISK_N_TERMS - 1));
        if (strncmp(t, "flags only", 10) != 0 || strstr(t, need) == NULL)
            fail_msg("method '%s' does not say the flags alone rank the "
                     "pairs for want of %s early-ending pairs", t, need);
    }
    assert_true(q_int(db, "SELECT n_event_pairs FROM risk_model_fit") <
                RISK_MIN_EVENT_PAIRS_PER_TERM * (RISK_N_TERMS - 1));
    assert_true(q_null(db, "SELECT auc_cv FROM risk_model_fit"));

    assert_string_equal(q_text(db, t, sizeof t, "SELECT flags || ' ' || band "
                        "FROM pair_risk WHERE pair_id = 'R1'"),
                        "no_recent_meeting,no_goals high");
    assert_string_equal(q_text(db, t, sizeof t, "SELECT days_active || ' ' || "
                        "days_since_last_held || ' ' || held_90d || ' ' || "
                        "not_held_90d || ' ' || n_goals || ' ' || "
                        "coalesce(latest_chemistry, 'NULL') FROM pair_risk "
                        "WHERE pair_id = 'R1'"), "100 100 0 0 0 NULL");
    assert_string_equal(q_text(db, t, sizeof t, "SELECT flags || ' ' || band "
                        "FROM pair_risk WHERE pair_id = 'R2'"),
                        "low_chemistry,rating_gap high");
    assert_string_equal(q_text(db, t, sizeof t, "SELECT days_active || ' ' || "
                        "days_since_last_held || ' ' || held_90d || ' ' || "
                        "not_held_90d || ' ' || n_goals || ' ' || "
                        "coalesce(latest_chemistry, 'NULL') FROM pair_risk "
                        "WHERE pair_id = 'R2'"), "30 6 2 1 1 2");
    assert_string_equal(q_text(db, t, sizeof t, "SELECT '[' || flags || '] ' "
                        "|| band FROM pair_risk WHERE pair_id = 'R3'"),
                        "[] too_early");
}

/* ------------------------------------------------------- attendance -- */

/* One group of three pairs as of 2024-03-31, worked by hand from the
 * results.md formulas:
 *
 * AT1 active from 2024-01-01: d = 90 days.  In [start, as_of]: held
 *   01-01 (60 min), 01-15 (90), 02-12 (no duration), 03-25 (45); cancelled
 *   01-29; no_show 02-26.  Outside: 2023-12-20 (before start), 04-05
 *   (after as_of).  held 4, 195 min: (195/60) / (90/30.4375) =
 *   3.25 x 30.4375 / 90 = 1.0991319444 h per month; expected = 61/14 +
 *   29/30.4375 = 5.3099149311, 0.75 x that = 3.9824: 4 held, on cadence.
 * AT2 completed 2024-01-01 .. 02-15: d = 45.  held 01-01 (60), 02-10 (60);
 *   cancelled 01-20; 02-20 is after its end.  held 2, 120 min: 2 x 30.4375
 *   / 45 = 1.3527777778; expected 45/14 = 3.2143, 0.75 x = 2.4107: off.
 * AT3 active from 2024-03-31 = as_of: d = 0.  held 03-31 (30 min): counted,
 *   but left out of hours_per_pair_month; expected 0: on cadence.
 *
 * Group: n_pairs 3, held 7, cancelled 2, no_show 1 (10 scheduled):
 * cancel_rate 0.2, no_show_rate 0.1; share_on_cadence 2/3;
 * hours_per_pair_month, the ratio over AT1 and AT2 (results.md): held
 * hours 3.25 + 2 = 5.25 over (90 + 45)/30.4375 months: 5.25 x 30.4375 /
 * 135 = 1.1836805556 (not the mean of the pairs' rates, 1.2259548611);
 * its interval: residuals 3.25 - 3.5 = -0.25 and 2 - 1.75 = 0.25, sum of
 * squares 0.125 / (2 x 1), sqrt 0.25, over xbar = 67.5/30.4375: se =
 * 0.25 x 30.4375 / 67.5 = 0.1127314815.
 */
static void test_analyze__attendance_by_hand(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const char w[] = "FROM res_attendance WHERE programme = 'Att' AND "
                            "cohort = '2024'";

    pair_add(db, "AT1", "Att", "2024", ymd(2024, 1, 1), "active", NO_DATE,
             NULL);
    meeting_add(db, "a0", "AT1", ymd(2023, 12, 20), "held", 30, NULL, NULL);
    meeting_add(db, "a1", "AT1", ymd(2024, 1, 1), "held", 60, NULL, "intro");
    meeting_add(db, "a2", "AT1", ymd(2024, 1, 15), "held", 90, NULL, NULL);
    meeting_add(db, "a3", "AT1", ymd(2024, 1, 29), "cancelled", 0, "mentee",
                NULL);
    meeting_add(db, "a4", "AT1", ymd(2024, 2, 12), "held", 0, NULL, NULL);
    meeting_add(db, "a5", "AT1", ymd(2024, 2, 26), "no_show", 0, NULL, NULL);
    meeting_add(db, "a6", "AT1", ymd(2024, 3, 25), "held", 45, NULL, NULL);
    meeting_add(db, "a7", "AT1", ymd(2024, 4, 5), "held", 60, NULL, NULL);
    pair_add(db, "AT2", "Att", "2024", ymd(2024, 1, 1), "completed",
             ymd(2024, 2, 15), NULL);
    meeting_add(db, "b1", "AT2", ymd(2024, 1, 1), "held", 60, NULL, "intro");
    meeting_add(db, "b2", "AT2", ymd(2024, 1, 20), "cancelled", 0, "mentor",
                NULL);
    meeting_add(db, "b3", "AT2", ymd(2024, 2, 10), "held", 60, NULL, NULL);
    meeting_add(db, "b4", "AT2", ymd(2024, 2, 20), "held", 60, NULL, NULL);
    pair_add(db, "AT3", "Att", "2024", ymd(2024, 3, 31), "active", NO_DATE,
             NULL);
    meeting_add(db, "c1", "AT3", ymd(2024, 3, 31), "held", 30, NULL, "intro");
    run_ok(db, ymd(2024, 3, 31));

    assert_int_equal(q_int(db, "SELECT n_pairs %s", w), 3);
    assert_int_equal(q_int(db, "SELECT held %s", w), 7);
    assert_int_equal(q_int(db, "SELECT cancelled %s", w), 2);
    assert_int_equal(q_int(db, "SELECT no_show %s", w), 1);
    assert_close(q_real(db, "SELECT cancel_rate %s", w), 0.2, 1e-12);
    assert_close(q_real(db, "SELECT no_show_rate %s", w), 0.1, 1e-12);
    assert_close(q_real(db, "SELECT hours_per_pair_month %s", w),
                 5.25 * 30.4375 / 135.0, 1e-12);
    assert_close(q_real(db, "SELECT hours_ci_low %s", w),
                 5.25 * 30.4375 / 135.0 - 1.959963984540054 * 0.25 *
                 30.4375 / 67.5, 1e-12);
    assert_close(q_real(db, "SELECT hours_ci_high %s", w),
                 5.25 * 30.4375 / 135.0 + 1.959963984540054 * 0.25 *
                 30.4375 / 67.5, 1e-12);
    assert_close(q_real(db, "SELECT share_on_cadence %s", w), 2.0 / 3.0,
                 1e-12);
    /* the yearly review repeats it */
    assert_close(q_real(db, "SELECT hours_per_pair_month FROM res_cohort_year "
                        "WHERE programme = 'Att' AND cohort = '2024'"),
                 5.25 * 30.4375 / 135.0, 1e-12);
}

/* A group whose only pair has no active day has no hours figure. */
static void test_analyze__attendance_without_active_days_is_null(void **state)
{
    struct fx *f = *state;

    pair_add(f->db, "Z", "Zero", "2024", ymd(2024, 3, 31), "active", NO_DATE,
             NULL);
    run_ok(f->db, ymd(2024, 3, 31));
    assert_true(q_null(f->db, "SELECT hours_per_pair_month FROM "
                       "res_attendance WHERE programme = 'Zero'"));
    assert_true(q_null(f->db, "SELECT cancel_rate FROM res_attendance WHERE "
                       "programme = 'Zero'"));
    assert_close(q_real(f->db, "SELECT share_on_cadence FROM res_attendance "
                        "WHERE programme = 'Zero'"), 1, 0);
}

/* --------------------------------------------------- honest figures -- */

/* Set a pair's planned_end_date. */
static void planned_end_set(sqlite3 *db, const char *id, int32_t planned)
{
    sqlite3_stmt *st = prepare(db, "UPDATE pairs SET planned_end_date = ?2 "
                               "WHERE pair_id = ?1");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    bind_date(st, 2, planned);
    step_done(db, st);
}

/* Mature pairs by hand, as of 2025-06-30 (results.md: as_of - start >=
 * planned days + 61, planned days = planned_end_date - start):
 *   M1 2024-01-01, planned to 2024-12-31 (365 days), completed: 546 >= 426,
 *      mature and completed;
 *   M2 the same plan, ended early 2024-05-01: mature, not completed;
 *   M3 the same plan, still active: mature, counts as not completed;
 *   M4 2025-01-01 planned to 2025-12-31, ended early 2025-02-01: 180 days,
 *      not mature;
 *   M5 2025-03-01, active, no planned_end_date: the programme's 12 months
 *      (365 days): 121 < 426, not mature;
 *   M6 2025-01-20, planned 100 days, completed 2025-04-30: 161 = 100 + 61
 *      exactly: mature and completed;
 *   M7 2025-01-21, planned 100 days, completed: 160 < 161, not mature.
 * n_mature 4, n_mature_completed 2: mature_rate 0.5, Wilson(2, 4).  The
 * ended pairs give completion_rate 3/5 = 0.6 (M1, M6, M7 against M2, M4),
 * provisional (M3, M5 are active); res_cohort_year repeats the mature
 * rate and provisional. */
static void test_analyze__mature_rate_by_hand(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const char w[] = "FROM res_completion WHERE programme = 'Mat' AND "
                            "cohort = '2024'";
    double lo, hi;

    pair_add(db, "M1", "Mat", "2024", ymd(2024, 1, 1), "completed",
             ymd(2024, 12, 20), NULL);
    pair_add(db, "M2", "Mat", "2024", ymd(2024, 1, 1), "ended_early",
             ymd(2024, 5, 1), "time");
    pair_add(db, "M3", "Mat", "2024", ymd(2024, 1, 1), "active", NO_DATE,
             NULL);
    pair_add(db, "M4", "Mat", "2024", ymd(2025, 1, 1), "ended_early",
             ymd(2025, 2, 1), "time");
    pair_add(db, "M5", "Mat", "2024", ymd(2025, 3, 1), "active", NO_DATE,
             NULL);
    pair_add(db, "M6", "Mat", "2024", ymd(2025, 1, 20), "completed",
             ymd(2025, 4, 30), NULL);
    pair_add(db, "M7", "Mat", "2024", ymd(2025, 1, 21), "completed",
             ymd(2025, 4, 30), NULL);
    planned_end_set(db, "M1", ymd(2024, 12, 31));
    planned_end_set(db, "M2", ymd(2024, 12, 31));
    planned_end_set(db, "M3", ymd(2024, 12, 31));
    planned_end_set(db, "M4", ymd(2025, 12, 31));
    planned_end_set(db, "M6", ymd(2025, 1, 20) + 100);
    planned_end_set(db, "M7", ymd(2025, 1, 21) + 100);
    run_ok(db, ymd(2025, 6, 30));

    assert_int_equal(q_int(db, "SELECT n_pairs %s", w), 7);
    assert_int_equal(q_int(db, "SELECT n_mature %s", w), 4);
    assert_int_equal(q_int(db, "SELECT n_mature_completed %s", w), 2);
    assert_int_equal(q_int(db, "SELECT provisional %s", w), 1);
    assert_close(q_real(db, "SELECT completion_rate %s", w), 0.6, 1e-15);
    assert_close(q_real(db, "SELECT mature_rate %s", w), 0.5, 1e-15);
    assert_int_equal(wilson_interval(2, 4, 0.95, &lo, &hi), MS_OK);
    assert_close(q_real(db, "SELECT mature_ci_low %s", w), lo, 1e-15);
    assert_close(q_real(db, "SELECT mature_ci_high %s", w), hi, 1e-15);
    assert_close(q_real(db, "SELECT completion_rate FROM res_cohort_year "
                        "WHERE programme = 'Mat' AND cohort = '2024'"), 0.5,
                 1e-15);
    assert_close(q_real(db, "SELECT ci_low FROM res_cohort_year WHERE "
                        "programme = 'Mat' AND cohort = '2024'"), lo, 1e-15);
    assert_int_equal(q_int(db, "SELECT provisional FROM res_cohort_year "
                     "WHERE programme = 'Mat' AND cohort = '2024'"), 1);
    /* a day earlier M6 is not mature yet; no mature pair at all as of
     * 2025-02-28 (M1's 424 days < 426): mature_rate NULL */
    run_ok(db, ymd(2025, 6, 29));
    assert_int_equal(q_int(db, "SELECT n_mature %s", w), 3);
    run_ok(db, ymd(2025, 2, 28));
    assert_int_equal(q_int(db, "SELECT n_mature %s", w), 0);
    assert_true(q_null(db, "SELECT mature_rate %s", w));
    assert_true(q_null(db, "SELECT mature_ci_low %s", w));
    assert_true(q_null(db, "SELECT completion_rate FROM res_cohort_year "
                       "WHERE programme = 'Mat' AND cohort = '2024'"));
}

/* Properties on the cells: a group whose pairs are all mature and ended
 * has mature_rate = completion_rate with the same interval; a group
 * without an active pair is not provisional, one with is. */
static void test_analyze__all_mature_gives_the_completion_rate(void **state)
{
    struct fx *f = *state;

    cells_build(f->db);
    run_ok(f->db, ymd(2026, 6, 30));   /* every ended pair is mature */
    assert_true(q_int(f->db, "SELECT count(*) FROM res_completion WHERE "
                      "n_mature = n_pairs AND n_active = 0") >= 2);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_completion WHERE "
                     "n_mature = n_pairs AND n_active = 0 AND "
                     "(mature_rate IS NOT completion_rate OR mature_ci_low "
                     "IS NOT ci_low OR mature_ci_high IS NOT ci_high)"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_completion WHERE "
                     "provisional != (n_active > 0)"), 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_cohort_year y "
                     "JOIN res_completion c USING (programme, cohort) WHERE "
                     "y.completion_rate IS c.mature_rate AND y.ci_low IS "
                     "c.mature_ci_low AND y.ci_high IS c.mature_ci_high AND "
                     "y.provisional = c.provisional"),
                     q_int(f->db, "SELECT count(*) FROM res_completion"));
}

/* res_goals by hand, as of 2024-12-31:
 *   G1 completed: 3 goals reviewed, 2 met (levels 0, 1, -1);
 *   G2 completed: 1 reviewed, met (2);
 *   G3 ended early: 2 reviewed, none met (-2, -1);
 *   G4 ended early: 1 goal, not reviewed (no GAS score);
 *   G5 completed: no goal.
 * share_met = 3/6 over the 3 pairs with a reviewed goal; ratio interval
 * (results.md): residuals y - R x = 2 - 1.5, 1 - 0.5, 0 - 1 = 0.5, 0.5,
 * -1: sum of squares 1.5, / (3 x 2) = 0.25, sqrt 0.5, / xbar 2: se 0.25,
 * interval 0.5 -/+ 1.959964 x 0.25.  Scored: completed 2 of 3 (G1, G2),
 * ended early 1 of 2 (G3). */
static void test_analyze__goals_by_hand(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const char w[] = "FROM res_goals WHERE programme = 'Gol' AND "
                            "cohort = '2024'";
    int32_t s = ymd(2024, 1, 1), r = ymd(2024, 6, 1);

    pair_add(db, "G1", "Gol", "2024", s, "completed", ymd(2024, 12, 1), NULL);
    pair_add(db, "G2", "Gol", "2024", s, "completed", ymd(2024, 12, 1), NULL);
    pair_add(db, "G3", "Gol", "2024", s, "ended_early", ymd(2024, 7, 1),
             "time");
    pair_add(db, "G4", "Gol", "2024", s, "ended_early", ymd(2024, 7, 1),
             "time");
    pair_add(db, "G5", "Gol", "2024", s, "completed", ymd(2024, 12, 1), NULL);
    goal_add(db, "g11", "G1", s + 10, 0, r);
    goal_add(db, "g12", "G1", s + 10, 1, r);
    goal_add(db, "g13", "G1", s + 10, -1, r);
    goal_add(db, "g21", "G2", s + 10, 2, r);
    goal_add(db, "g31", "G3", s + 10, -2, r);
    goal_add(db, "g32", "G3", s + 10, -1, r);
    goal_add(db, "g41", "G4", s + 10, 0, NO_DATE);
    run_ok(db, ymd(2024, 12, 31));

    assert_int_equal(q_int(db, "SELECT n_goals %s", w), 7);
    assert_int_equal(q_int(db, "SELECT n_reviewed %s", w), 6);
    assert_close(q_real(db, "SELECT share_met %s", w), 0.5, 1e-15);
    assert_close(q_real(db, "SELECT share_ci_low %s", w),
                 0.5 - 1.959963984540054 * 0.25, 1e-12);
    assert_close(q_real(db, "SELECT share_ci_high %s", w),
                 0.5 + 1.959963984540054 * 0.25, 1e-12);
    assert_close(q_real(db, "SELECT scored_completed %s", w), 2.0 / 3.0,
                 1e-15);
    assert_close(q_real(db, "SELECT scored_ended_early %s", w), 0.5, 1e-15);
    /* one pair with reviewed goals: a share, no interval (n < 2) */
    pair_add(db, "H1", "Gol", "2025", s, "completed", ymd(2024, 12, 1), NULL);
    goal_add(db, "h11", "H1", s + 10, 1, r);
    goal_add(db, "h12", "H1", s + 10, -1, r);
    run_ok(db, ymd(2024, 12, 31));
    assert_close(q_real(db, "SELECT share_met FROM res_goals WHERE programme "
                        "= 'Gol' AND cohort = '2025'"), 0.5, 1e-15);
    assert_true(q_null(db, "SELECT share_ci_low FROM res_goals WHERE "
                       "programme = 'Gol' AND cohort = '2025'"));
    assert_true(q_null(db, "SELECT scored_ended_early FROM res_goals WHERE "
                       "programme = 'Gol' AND cohort = '2025'"));
}

/* res_items by hand: mentee intro q_trust answers 5, 5, 5, 4 (scale
 * 1..5): mean 4.75, sd 0.5, t(0.975, 3) = 3.182446305: the upper limit
 * 4.75 + 3.182446305 x 0.25 = 5.546 is clamped to 5, the lower is
 * 3.954388; top two (4 and 5): 4 of 4, share 1 with Wilson(4, 4).
 * q_usefulness 1, 1, 2: mean 4/3, sd 0.57735, t(0.975, 2) = 4.30265273:
 * the lower limit -0.101 is clamped to 1; top two 0 of 3. */
static void test_analyze__items_limits_stay_on_the_scale(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const char w[] = "FROM res_items WHERE programme = 'Itm' AND "
                            "cohort = '2024' AND survey = 'intro' AND "
                            "role = 'mentee' AND item = ";
    static const char *const answers[] = {
        "{\"q_trust\":5,\"q_usefulness\":1}",
        "{\"q_trust\":5,\"q_usefulness\":1}",
        "{\"q_trust\":5,\"q_usefulness\":2}", "{\"q_trust\":4}"};
    double lo, hi;

    for (int i = 0; i < 4; i++) {
        char id[16], eid[16];
        snprintf(id, sizeof id, "I%d", i);
        snprintf(eid, sizeof eid, "ie%d", i);
        pair_add(db, id, "Itm", "2024", ymd(2024, 1, 1), "active", NO_DATE,
                 NULL);
        eval_add(db, eid, id, "mentee", "intro", ymd(2024, 1, 2), 9,
                 answers[i]);
    }
    run_ok(db, ymd(2024, 3, 1));
    assert_close(q_real(db, "SELECT mean %s'q_trust'", w), 4.75, 1e-15);
    assert_true(q_real(db, "SELECT ci_high %s'q_trust'", w) == 5.0);
    assert_close(q_real(db, "SELECT ci_low %s'q_trust'", w),
                 4.75 - 3.182446305284263 * 0.25, 1e-9);
    assert_int_equal(q_int(db, "SELECT top2_n %s'q_trust'", w), 4);
    assert_true(q_real(db, "SELECT top2_share %s'q_trust'", w) == 1.0);
    assert_int_equal(wilson_interval(4, 4, 0.95, &lo, &hi), MS_OK);
    assert_close(q_real(db, "SELECT top2_ci_low %s'q_trust'", w), lo, 1e-15);
    assert_close(q_real(db, "SELECT top2_ci_high %s'q_trust'", w), hi, 1e-15);
    assert_true(q_real(db, "SELECT ci_low %s'q_usefulness'", w) == 1.0);
    assert_close(q_real(db, "SELECT ci_high %s'q_usefulness'", w),
                 4.0 / 3.0 + 4.302652729911275 * sqrt(1.0 / 3.0) /
                 sqrt(3.0), 1e-9);
    assert_int_equal(q_int(db, "SELECT top2_n %s'q_usefulness'", w), 0);
    assert_true(q_real(db, "SELECT top2_share %s'q_usefulness'", w) == 0.0);
    /* property, on the cells: no limit leaves the scale */
    cells_build(db);
    run_ok(db, CELLS_AS_OF);
    assert_true(q_int(db, "SELECT count(*) FROM res_items WHERE ci_low IS "
                      "NOT NULL") > 10);
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_items WHERE ci_low "
                     "< 1 OR ci_high > 5 OR top2_ci_low < 0 OR top2_ci_high "
                     "> 1 OR top2_n > n"), 0);
}

/* Add n pairs of programme Chg, cohort cohort, each with a mentee intro
 * and final: q_trust 3 -> 3 + dt[i], q_usefulness iu[i] -> iu[i] + du[i]. */
static void change_pairs(sqlite3 *db, const char *cohort, int n,
                         const int *dt, const int *iu, const int *du)
{
    for (int i = 0; i < n; i++) {
        char id[32], e1[40], e2[40], a1[64], a2[64];
        snprintf(id, sizeof id, "C%s-%02d", cohort, i);
        snprintf(e1, sizeof e1, "%s-i", id);
        snprintf(e2, sizeof e2, "%s-f", id);
        snprintf(a1, sizeof a1, "{\"q_trust\":3,\"q_usefulness\":%d}", iu[i]);
        snprintf(a2, sizeof a2, "{\"q_trust\":%d,\"q_usefulness\":%d}",
                 3 + dt[i], iu[i] + du[i]);
        pair_add(db, id, "Chg", cohort, ymd(2024, 1, 1), "completed",
                 ymd(2024, 12, 1), NULL);
        eval_add(db, e1, id, "mentee", "intro", ymd(2024, 1, 5), 8, a1);
        eval_add(db, e2, id, "mentee", "final", ymd(2024, 11, 20), 9, a2);
    }
}

/* res_change by hand, 12 pairs (cohort 2024):
 *   q_trust d = +1 x 8, 0 x 2, -1 x 2: the ten nonzero |d| tie at rank
 *     5.5: T+ = 44, T- = 11, effect_r = 33/55 = 0.6; over all 12
 *     differences mean 0.5, sd sqrt(7/11), t(0.975, 11) = 2.200985160;
 *     p (R 4.2.2: wilcox.test(f, i, paired = TRUE, exact = FALSE)) =
 *     0.0657872315884552;
 *   q_usefulness 3 x6 -> +2, 4 x3 -> +1, 5 x3 -> 0: T- = 0, effect_r = 1,
 *     p (R, the same call) = 0.00692661032852214.
 * Benjamini-Hochberg over the two: 0.0138532206570443 (2 p / 1) and
 * 0.0657872315884552.  Cohort 2025 has 9 pairs: no p_value, no
 * p_adjusted, but V, effect_r and the interval. */
static void test_analyze__change_by_hand(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const int dt[] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, -1, -1};
    static const int iu[] = {3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5};
    static const int du[] = {2, 2, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0};
    static const char w[] = "FROM res_change WHERE programme = 'Chg' AND "
                            "role = 'mentee' AND cohort = ";
    double half = 2.200985160091640 * sqrt(7.0 / 11.0) / sqrt(12.0);

    change_pairs(db, "2024", 12, dt, iu, du);
    change_pairs(db, "2025", 9, dt, iu, du);
    run_ok(db, ymd(2024, 12, 31));

    assert_int_equal(q_int(db, "SELECT n_pairs %s'2024' AND item = "
                     "'q_trust'", w), 12);
    assert_close(q_real(db, "SELECT wilcoxon_v %s'2024' AND item = "
                        "'q_trust'", w), 44, 0);
    assert_close(q_real(db, "SELECT effect_r %s'2024' AND item = 'q_trust'",
                        w), 0.6, 1e-15);
    assert_close(q_real(db, "SELECT diff_ci_low %s'2024' AND item = "
                        "'q_trust'", w), 0.5 - half, 1e-12);
    assert_close(q_real(db, "SELECT diff_ci_high %s'2024' AND item = "
                        "'q_trust'", w), 0.5 + half, 1e-12);
    assert_close(q_real(db, "SELECT p_value %s'2024' AND item = 'q_trust'",
                        w), 0.0657872315884552, 1e-12);
    assert_close(q_real(db, "SELECT p_adjusted %s'2024' AND item = "
                        "'q_trust'", w), 0.0657872315884552, 1e-12);
    assert_close(q_real(db, "SELECT effect_r %s'2024' AND item = "
                        "'q_usefulness'", w), 1.0, 1e-15);
    assert_close(q_real(db, "SELECT p_value %s'2024' AND item = "
                        "'q_usefulness'", w), 0.00692661032852214, 1e-12);
    assert_close(q_real(db, "SELECT p_adjusted %s'2024' AND item = "
                        "'q_usefulness'", w), 2 * 0.00692661032852214, 1e-12);
    /* fewer than 10 pairs: no test */
    assert_int_equal(q_int(db, "SELECT n_pairs %s'2025' AND item = "
                     "'q_trust'", w), 9);
    assert_true(q_null(db, "SELECT p_value %s'2025' AND item = 'q_trust'", w));
    assert_true(q_null(db, "SELECT p_adjusted %s'2025' AND item = 'q_trust'",
                       w));
    assert_false(q_null(db, "SELECT effect_r %s'2025' AND item = 'q_trust'",
                        w));
    assert_false(q_null(db, "SELECT diff_ci_low %s'2025' AND item = "
                        "'q_trust'", w));
    /* properties: p_adjusted >= p_value, both present or both absent */
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_change WHERE "
                     "p_adjusted < p_value OR (p_value IS NULL) != "
                     "(p_adjusted IS NULL) OR (n_pairs < 10 AND p_value IS "
                     "NOT NULL)"), 0);
    cells_build(db);
    run_ok(db, CELLS_AS_OF);
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_change WHERE "
                     "p_adjusted < p_value OR p_adjusted > 1 OR "
                     "(p_value IS NULL) != (p_adjusted IS NULL) OR "
                     "(n_pairs < 10 AND p_value IS NOT NULL)"), 0);
}

/* res_response by hand, as of 2024-12-31:
 *   R1 completed: mentee final, mentor intro;   R2 completed: nothing;
 *   R3 ended early: mentee final;   R4 ended early: a mentee final dated
 *   after as_of (not counted);   R5 ended early: nothing;
 *   R6 active: two mentor intros (one pair).
 * A row for each survey, role and status with pairs: 6 x 3 = 18. */
static void test_analyze__response_by_hand(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = f->db;
    static const char w[] = "FROM res_response WHERE programme = 'Rsp' AND "
                            "cohort = '2024' AND ";
    int32_t s = ymd(2024, 1, 1), e = ymd(2024, 11, 1);

    pair_add(db, "R1", "Rsp", "2024", s, "completed", e, NULL);
    pair_add(db, "R2", "Rsp", "2024", s, "completed", e, NULL);
    pair_add(db, "R3", "Rsp", "2024", s, "ended_early", e, "time");
    pair_add(db, "R4", "Rsp", "2024", s, "ended_early", e, "time");
    pair_add(db, "R5", "Rsp", "2024", s, "ended_early", e, "time");
    pair_add(db, "R6", "Rsp", "2024", s, "active", NO_DATE, NULL);
    eval_add(db, "r1f", "R1", "mentee", "final", e, 9, "{}");
    eval_add(db, "r1i", "R1", "mentor", "intro", s + 3, 9, "{}");
    eval_add(db, "r3f", "R3", "mentee", "final", e, 9, "{}");
    eval_add(db, "r4f", "R4", "mentee", "final", ymd(2025, 1, 5), 9, "{}");
    eval_add(db, "r6a", "R6", "mentor", "intro", s + 3, 9, "{}");
    eval_add(db, "r6b", "R6", "mentor", "intro", s + 4, 9, "{}");
    run_ok(db, ymd(2024, 12, 31));

    assert_int_equal(q_int(db, "SELECT count(*) %s 1", w), 18);
    assert_int_equal(q_int(db, "SELECT n_pairs %s survey = 'final' AND role "
                     "= 'mentee' AND status = 'completed'", w), 2);
    assert_int_equal(q_int(db, "SELECT n_responded %s survey = 'final' AND "
                     "role = 'mentee' AND status = 'completed'", w), 1);
    assert_close(q_real(db, "SELECT rate %s survey = 'final' AND role = "
                        "'mentee' AND status = 'completed'", w), 0.5, 0);
    assert_int_equal(q_int(db, "SELECT n_pairs %s survey = 'final' AND role "
                     "= 'mentee' AND status = 'ended_early'", w), 3);
    assert_int_equal(q_int(db, "SELECT n_responded %s survey = 'final' AND "
                     "role = 'mentee' AND status = 'ended_early'", w), 1);
    assert_int_equal(q_int(db, "SELECT n_responded %s survey = 'intro' AND "
                     "role = 'mentor' AND status = 'active'", w), 1);
    assert_close(q_real(db, "SELECT rate %s survey = 'intro' AND role = "
                        "'mentor' AND status = 'active'", w), 1, 0);
    assert_int_equal(q_int(db, "SELECT n_responded %s survey = 'intro' AND "
                     "role = 'mentor' AND status = 'completed'", w), 1);
    assert_int_equal(q_int(db, "SELECT sum(n_responded) %s 1", w), 4);
    /* a group without any response still has its rows, with 0 */
    pair_add(db, "R7", "Quiet", "2024", s, "completed", e, NULL);
    run_ok(db, ymd(2024, 12, 31));
    assert_int_equal(q_int(db, "SELECT count(*) FROM res_response WHERE "
                     "programme = 'Quiet' AND cohort = '2024' AND "
                     "n_pairs = 1 AND n_responded = 0 AND rate = 0"), 6);
}

/* results.md, as_of: an --as-of more than 31 days after the latest date
 * in the data is refused as a usage error naming that date; 31 days is
 * still fine. */
static void test_analyze__as_of_far_after_the_data_is_refused(void **state)
{
    struct fx *f = *state;
    struct ms_err e = {{0}};

    struct analyze_opts o = {0};

    pair_add(f->db, "A", "P", "2024", ymd(2024, 1, 1), "active", NO_DATE,
             NULL);
    meeting_add(f->db, "am", "A", ymd(2024, 3, 10), "held", 60, NULL, NULL);
    o.has_as_of = 1;    /* analyze_run itself: run_at would add data */
    o.as_of = ymd(2024, 3, 10) + 31;
    assert_int_equal(analyze_run(f->db, &o, &e), MS_OK);
    o.as_of = ymd(2024, 3, 10) + 32;
    assert_int_equal(analyze_run(f->db, &o, &e), MS_USAGE);
    assert_int_equal(status_exit_code(MS_USAGE), 64);
    assert_non_null(strstr(e.msg, "2024-03-10"));
    assert_non_null(strstr(e.msg, "2024-04-11"));   /* the date to use */
    assert_non_null(strstr(e.msg, "--as-of"));
    /* the previous results stand */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM analysis_run WHERE "
                     "as_of = '2024-04-10'"), 1);
}

/* ------------------------------------------------------- what works -- */

/* A pair with coordinator (NULL: none), cross_org (-1: unknown) and
 * org_unit (NULL: none). */
static void pair_add_org(sqlite3 *db, const char *id, const char *programme,
                         const char *cohort, const char *coordinator,
                         int cross_org, const char *unit, int32_t start,
                         const char *status, int32_t end, const char *reason)
{
    sqlite3_stmt *st = prepare(db,
        "INSERT INTO pairs (pair_id, programme, cohort, coordinator_id, "
        "cross_org, org_unit, start_date, status, end_date, end_reason, "
        "batch_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, "
        "1)");

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, cohort, -1, SQLITE_STATIC);
    if (coordinator != NULL)
        sqlite3_bind_text(st, 4, coordinator, -1, SQLITE_STATIC);
    if (cross_org >= 0)
        sqlite3_bind_int(st, 5, cross_org);
    if (unit != NULL)
        sqlite3_bind_text(st, 6, unit, -1, SQLITE_STATIC);
    bind_date(st, 7, start);
    sqlite3_bind_text(st, 8, status, -1, SQLITE_STATIC);
    bind_date(st, 9, end);
    if (reason != NULL)
        sqlite3_bind_text(st, 10, reason, -1, SQLITE_STATIC);
    step_done(db, st);
}

#define WORKS_AS_OF ymd(2025, 6, 30)

/*
 * Programme P (planned 12 months = 365 days; mature: start on or before
 * 2025-06-30 - 426 days = 2024-04-30):
 *   a1 2023-01-02 completed 2024-01-02, c1, cross 1, HR: intro held in
 *      person on its start, a goal on day 10; mature
 *   a2 2023-02-01 ended early 2023-04-01 (day 59), c1, cross 0, HR:
 *      intro held digitally on its start, again in person on day 3 (the
 *      latest held intro); mature
 *   a3 2023-03-01 active, no coordinator, cross unknown, no unit: its
 *      intro, online, was cancelled; mature (and not completed)
 *   a4 2025-01-01 active, c2, cross 1, IT; not mature
 * Programme Q: 60 pairs started 2022-01-01 + k, all mature, cross_org
 * k % 2, no meeting or goal; coordinator x (k < 20) all ended early at
 * day 100, y (20..39) all completed at day 365, z (40..59) 17 ended
 * early, 3 completed.
 */
static void works_build(sqlite3 *db)
{
    exec(db, "BEGIN");
    pair_add_org(db, "a1", "P", "2023", "c1", 1, "HR", ymd(2023, 1, 2),
                 "completed", ymd(2024, 1, 2), NULL);
    pair_add_org(db, "a2", "P", "2023", "c1", 0, "HR", ymd(2023, 2, 1),
                 "ended_early", ymd(2023, 4, 1), "chemistry");
    pair_add_org(db, "a3", "P", "2023", NULL, -1, NULL, ymd(2023, 3, 1),
                 "active", NO_DATE, NULL);
    pair_add_org(db, "a4", "P", "2025", "c2", 1, "IT", ymd(2025, 1, 1),
                 "active", NO_DATE, NULL);
    meeting_add(db, "m1", "a1", ymd(2023, 1, 2), "held", 60, NULL, "intro");
    meeting_add(db, "m2a", "a2", ymd(2023, 2, 1), "held", 60, NULL, "intro");
    meeting_add(db, "m2b", "a2", ymd(2023, 2, 4), "held", 60, NULL, "intro");
    meeting_add(db, "m3", "a3", ymd(2023, 3, 1), "cancelled", 0, "mentee",
                "intro");
    exec(db, "UPDATE meetings SET mode = 'in_person' WHERE meeting_id IN "
         "('m1', 'm2b'); UPDATE meetings SET mode = 'digital' WHERE "
         "meeting_id IN ('m2a', 'm3')");
    goal_add(db, "g1", "a1", ymd(2023, 1, 12), 0, NO_DATE);
    for (int k = 0; k < 60; k++) {
        char id[16];
        int32_t start = ymd(2022, 1, 1) + k;
        int early = k < 20 || (k >= 40 && k < 57);

        snprintf(id, sizeof id, "q%02d", k);
        pair_add_org(db, id, "Q", "2022", k < 20 ? "x" : k < 40 ? "y" : "z",
                     k % 2, "Ops", start, early ? "ended_early" : "completed",
                     start + (early ? 100 : 365), early ? "time" : NULL);
    }
    /* a1: mentor and mentee (twice: the later counts) answer intro; a2:
     * mentor q_trust only, mentee both */
    eval_add(db, "e1m", "a1", "mentor", "intro", ymd(2023, 1, 3), -1,
             "{\"q_trust\":4,\"q_chemistry\":5}");
    eval_add(db, "e1e", "a1", "mentee", "intro", ymd(2023, 1, 3), -1,
             "{\"q_trust\":5}");
    eval_add(db, "e1f", "a1", "mentee", "intro", ymd(2023, 1, 4), -1,
             "{\"q_trust\":2,\"q_chemistry\":3}");
    eval_add(db, "e2m", "a2", "mentor", "intro", ymd(2023, 2, 2), -1,
             "{\"q_trust\":3}");
    eval_add(db, "e2e", "a2", "mentee", "intro", ymd(2023, 2, 2), -1,
             "{\"q_trust\":3,\"q_chemistry\":4}");
    exec(db, "COMMIT");
}

/* res_breakdown by hand from works_build: levels as written, 'unknown'
 * for none; mature_rate over mature pairs (a3, active, not completed). */
static void test_analyze__breakdown_by_hand(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *dimension, *level;
        long n, mature, early;
        double rate;     /* -1: NULL */
    } rows[] = {
        {"cross_org", "yes", 2, 1, 0, 1.0},
        {"cross_org", "no", 1, 1, 1, 0.0},
        {"cross_org", "unknown", 1, 1, 0, 0.0},
        {"org_unit", "HR", 2, 2, 1, 0.5},
        {"org_unit", "IT", 1, 0, 0, -1},
        {"org_unit", "unknown", 1, 1, 0, 0.0},
        {"intro_mode", "in_person", 2, 2, 1, 0.5},
        {"intro_mode", "unknown", 2, 1, 0, 0.0},
    };
    char sel[256];

    works_build(f->db);
    run_ok(f->db, WORKS_AS_OF);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_breakdown WHERE "
                           "programme = 'P'"), N(rows));
    for (size_t i = 0; i < N(rows); i++) {
        snprintf(sel, sizeof sel, "FROM res_breakdown WHERE programme = 'P' "
                 "AND dimension = '%s' AND level = '%s'", rows[i].dimension,
                 rows[i].level);
        assert_int_equal(q_int(f->db, "SELECT n_pairs %s", sel), rows[i].n);
        assert_int_equal(q_int(f->db, "SELECT n_mature %s", sel),
                         rows[i].mature);
        assert_int_equal(q_int(f->db, "SELECT n_ended_early %s", sel),
                         rows[i].early);
        assert_close(q_real(f->db, "SELECT early_share %s", sel),
                     (double)rows[i].early / (double)rows[i].n, 1e-15);
        if (rows[i].rate < 0) {
            assert_true(q_null(f->db, "SELECT mature_rate %s", sel));
            assert_true(q_null(f->db, "SELECT ci_low %s", sel));
        } else {
            assert_close(q_real(f->db, "SELECT mature_rate %s", sel),
                         rows[i].rate, 1e-15);
        }
    }
    /* no pair's intro was digital: no row */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_breakdown WHERE "
                           "level = 'digital'"), 0);
    /* '*' adds Q: 60 Ops pairs, 37 ended early, 23 completed, all mature */
    assert_int_equal(q_int(f->db, "SELECT n_mature FROM res_breakdown WHERE "
                           "programme = '*' AND dimension = 'org_unit' AND "
                           "level = 'Ops'"), 60);
    assert_close(q_real(f->db, "SELECT mature_rate FROM res_breakdown WHERE "
                        "programme = '*' AND dimension = 'cross_org' AND "
                        "level = 'yes'"), (1.0 + 12) / (1 + 30), 1e-15);
}

/*
 * res_coordinators by hand from works_build.  P: mature a1 (c1,
 * completed), a2 (c1, early), a3 (unassigned): p0 = 1/3; c1: expected
 * 2/3, ratio 1.5; 95% limits 1/3 -/+ 1.959964 sqrt((1/3)(2/3)/2) = 1/3
 * -/+ 0.653321 -> [0, 0.986655]; share 1/2: no signal.  c2 has no mature
 * pair: no row.  Q: p0 = 37/60; x (20 of 20 early), y (0 of 20), z (17
 * of 20): limits 37/60 -/+ z sqrt((37/60)(23/60)/20) = 0.616667 -/+ z
 * 0.108717: 95% [0.403585, 0.829749], 99.8% high 0.952628; x 1.0 is
 * above, y 0.0 below, z 0.85 watch.
 */
static void test_analyze__coordinators_by_hand(void **state)
{
    struct fx *f = *state;
    char t[64];
    double se = sqrt((37.0 / 60) * (23.0 / 60) / 20);

    works_build(f->db);
    run_ok(f->db, WORKS_AS_OF);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_coordinators "
                           "WHERE programme = 'P'"), 2);
    assert_int_equal(q_int(f->db, "SELECT n_mature FROM res_coordinators "
                           "WHERE programme = 'P' AND coordinator_id = "
                           "'c1'"), 2);
    assert_close(q_real(f->db, "SELECT expected FROM res_coordinators WHERE "
                        "programme = 'P' AND coordinator_id = 'c1'"),
                 2.0 / 3, 1e-15);
    assert_close(q_real(f->db, "SELECT ratio FROM res_coordinators WHERE "
                        "programme = 'P' AND coordinator_id = 'c1'"),
                 1.5, 1e-14);
    assert_close(q_real(f->db, "SELECT limit95_low FROM res_coordinators "
                        "WHERE programme = 'P' AND coordinator_id = 'c1'"),
                 0, 0);
    assert_close(q_real(f->db, "SELECT limit95_high FROM res_coordinators "
                        "WHERE programme = 'P' AND coordinator_id = 'c1'"),
                 0.986655, 1e-6);
    assert_close(q_real(f->db, "SELECT limit998_high FROM res_coordinators "
                        "WHERE programme = 'P' AND coordinator_id = 'c1'"),
                 1, 0);
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT signal FROM "
                               "res_coordinators WHERE programme = 'P' AND "
                               "coordinator_id = 'c1'"), "");
    /* no coordinator: 'unassigned', ratio 0 of 1/3 expected */
    assert_close(q_real(f->db, "SELECT ratio FROM res_coordinators WHERE "
                        "programme = 'P' AND coordinator_id = 'unassigned'"),
                 0, 0);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_coordinators "
                           "WHERE coordinator_id = 'c2'"), 0);
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT signal FROM "
                               "res_coordinators WHERE programme = 'Q' AND "
                               "coordinator_id = 'x'"), "above");
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT signal FROM "
                               "res_coordinators WHERE programme = 'Q' AND "
                               "coordinator_id = 'y'"), "below");
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT signal FROM "
                               "res_coordinators WHERE programme = 'Q' AND "
                               "coordinator_id = 'z'"), "watch");
    assert_close(q_real(f->db, "SELECT limit95_low FROM res_coordinators "
                        "WHERE programme = 'Q' AND coordinator_id = 'z'"),
                 37.0 / 60 - 1.959964 * se, 1e-12);
    assert_close(q_real(f->db, "SELECT limit95_low FROM res_coordinators "
                        "WHERE programme = 'Q' AND coordinator_id = 'z'"),
                 0.403585, 1e-6);
    assert_close(q_real(f->db, "SELECT limit998_high FROM res_coordinators "
                        "WHERE programme = 'Q' AND coordinator_id = 'z'"),
                 0.952628, 1e-6);
    /* '*': p0 from each pair's own programme, so the same figures */
    assert_close(q_real(f->db, "SELECT expected FROM res_coordinators WHERE "
                        "programme = '*' AND coordinator_id = 'z'"),
                 20 * 37.0 / 60, 1e-12);
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT signal FROM "
                               "res_coordinators WHERE programme = '*' AND "
                               "coordinator_id = 'y'"), "below");
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_coordinators "
                           "WHERE programme = '*'"), 5);
}

/*
 * res_agreement by hand: intro, a1 (mentor 4/5, the mentee's latest 2/3
 * on q_trust/q_chemistry) and a2 (q_trust 3/3; the mentor did not answer
 * q_chemistry).  q_trust: n 2, mentor 3.5, mentee 2.5, diff -1; kappa on
 * 1..5 with pairs (4, 2), (3, 3): sum w O = 4/2 = 2, margins 1/2 each,
 * sum w E = (4 + 1 + 1 + 0)/4 = 1.5, kappa = 1 - 2/1.5 = -1/3 (sklearn:
 * cohen_kappa_score([4, 3], [2, 3], weights = "quadratic", labels =
 * [1, 2, 3, 4, 5]) = -0.3333).  q_chemistry: one pair, kappa NULL.
 */
static void test_analyze__agreement_by_hand(void **state)
{
    struct fx *f = *state;

    works_build(f->db);
    run_ok(f->db, WORKS_AS_OF);
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_agreement WHERE "
                           "programme = 'P' AND cohort = '2023' AND survey = "
                           "'intro' AND item = 'q_trust'"), 2);
    assert_close(q_real(f->db, "SELECT mean_mentor FROM res_agreement WHERE "
                        "programme = 'P' AND cohort = '2023' AND item = "
                        "'q_trust'"), 3.5, 1e-15);
    assert_close(q_real(f->db, "SELECT mean_diff FROM res_agreement WHERE "
                        "programme = 'P' AND cohort = '2023' AND item = "
                        "'q_trust'"), -1, 1e-15);
    assert_close(q_real(f->db, "SELECT kappa_w FROM res_agreement WHERE "
                        "programme = '*' AND cohort = '*' AND item = "
                        "'q_trust'"), -1.0 / 3, 1e-15);
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_agreement WHERE "
                           "programme = 'P' AND cohort = '*' AND item = "
                           "'q_chemistry'"), 1);
    assert_close(q_real(f->db, "SELECT mean_diff FROM res_agreement WHERE "
                        "programme = 'P' AND cohort = '*' AND item = "
                        "'q_chemistry'"), -2, 1e-15);
    assert_true(q_null(f->db, "SELECT kappa_w FROM res_agreement WHERE "
                       "programme = 'P' AND cohort = '*' AND item = "
                       "'q_chemistry'"));
    /* rows only where a pair answered: 2 items x 4 groups of P/2023 */
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_agreement"), 8);
}

/*
 * res_cohort_trend, res_factors and the stratified res_logrank row on
 * works_build, their NULL rules; the figures computed with R 4.2.2,
 * survival 3.5-3 on the same pairs (time in days, early = ended early):
 *   trend P: 1 early ending (< 5): NULL.  Q: one start year: NULL.
 *   '*': coxph(Surv(time, early) ~ year + strata(programme)) warns "Loglik
 *     converged before variable 1; coefficient may be infinite": NULL.
 *   factors P: 3 pairs past day 30 with cross_org known, 1 early ending:
 *     fewer than 10 per term, all NULL.  Q: goals_by_30 and held_by_30
 *     are constant (0): NULL; coxph(Surv(time - 30, early) ~ cross_org)
 *     gives exp(coef) 0.920433045614634, Wald 95% 0.483056733964094 ..
 *     1.75382503108301, p 0.800998320788517.
 *   '*': the three terms with strata(programme) (goals and held vary in
 *     P); R warns that 2 and 3 may be infinite: NULL; cross_org as in Q.
 *   log-rank '*': survdiff(Surv(time, early) ~ cohort + strata(programme))
 *     stops (exactly singular: cohort 2022 lives only in Q): NULL.
 */
static void test_analyze__trend_and_factors_null_rules(void **state)
{
    struct fx *f = *state;
    char t[64];

    works_build(f->db);
    run_ok(f->db, WORKS_AS_OF);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_cohort_trend"), 3);
    assert_int_equal(q_int(f->db, "SELECT n_events FROM res_cohort_trend "
                           "WHERE programme = 'P'"), 1);
    assert_int_equal(q_int(f->db, "SELECT last_year FROM res_cohort_trend "
                           "WHERE programme = 'P'"), 2025);
    for (int i = 0; i < 3; i++) {
        static const char *const prog[] = {"P", "Q", "*"};
        assert_true(q_null(f->db, "SELECT hr_per_year FROM res_cohort_trend "
                           "WHERE programme = '%s'", prog[i]));
        assert_true(q_null(f->db, "SELECT p_value FROM res_cohort_trend "
                           "WHERE programme = '%s'", prog[i]));
    }
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_cohort_trend "
                           "WHERE programme = '*'"), 64);
    assert_int_equal(q_int(f->db, "SELECT first_year FROM res_cohort_trend "
                           "WHERE programme = '*'"), 2022);

    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_factors"), 9);
    assert_int_equal(q_int(f->db, "SELECT count(*) FROM res_factors WHERE "
                           "hazard_ratio IS NOT NULL"), 2);
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_factors WHERE "
                           "programme = 'P' AND term = 'held_by_30'"), 3);
    assert_int_equal(q_int(f->db, "SELECT n_pairs FROM res_factors WHERE "
                           "programme = '*' AND term = 'cross_org'"), 63);
    assert_int_equal(q_int(f->db, "SELECT n_events FROM res_factors WHERE "
                           "programme = '*' AND term = 'goals_by_30'"), 38);
    for (int i = 0; i < 2; i++) {
        const char *prog = i == 0 ? "Q" : "*";
        assert_close(q_real(f->db, "SELECT hazard_ratio FROM res_factors "
                            "WHERE programme = '%s' AND term = 'cross_org'",
                            prog), 0.920433045614634, 1e-9);
        assert_close(q_real(f->db, "SELECT ci_low FROM res_factors WHERE "
                            "programme = '%s' AND term = 'cross_org'", prog),
                     0.483056733964094, 1e-9);
        assert_close(q_real(f->db, "SELECT ci_high FROM res_factors WHERE "
                            "programme = '%s' AND term = 'cross_org'", prog),
                     1.75382503108301, 1e-9);
        assert_close(q_real(f->db, "SELECT p_value FROM res_factors WHERE "
                            "programme = '%s' AND term = 'cross_org'", prog),
                     0.800998320788517, 1e-9);
        assert_true(q_null(f->db, "SELECT hazard_ratio FROM res_factors "
                           "WHERE programme = '%s' AND term = 'goals_by_30'",
                           prog));
    }
    assert_true(q_null(f->db, "SELECT chisq FROM res_logrank WHERE "
                       "programme = '*'"));
    assert_string_equal(q_text(f->db, t, sizeof t, "SELECT cohorts FROM "
                               "res_logrank WHERE programme = '*'"),
                        "2022,2023,2025");
}

/* Programmes A and B, 30 pairs each from 2022-01-01 + k, all with
 * cross_org known (A: 1, B: 0), no goal; pair k holds k % 3 meetings on
 * days 1, 2 and ends early at day 60 + k when k % 5 < 2, else completes at
 * day 365. */
static void constant_build(sqlite3 *db)
{
    exec(db, "BEGIN");
    for (int k = 0; k < 60; k++) {
        char id[16], mid[24];
        int32_t start = ymd(2022, 1, 1) + k;
        int early = k % 5 < 2;

        snprintf(id, sizeof id, "k%02d", k);
        pair_add_org(db, id, k < 30 ? "A" : "B", "2022", "c", k < 30, "U",
                     start, early ? "ended_early" : "completed",
                     start + (early ? 60 + k : 365), early ? "time" : NULL);
        for (int m = 0; m < k % 3; m++) {
            snprintf(mid, sizeof mid, "%s-%d", id, m);
            meeting_add(db, mid, id, start + 1 + m, "held", 60, NULL, NULL);
        }
    }
    exec(db, "COMMIT");
}

/*
 * A term constant within every programme leaves the '*' model even though
 * it varies across them (cross_org here): R would otherwise estimate it
 * from the programme difference, which strata(programme) already absorbs.
 * held_by_30 alone, computed with R 4.2.2, survival 3.5-3:
 *   coxph(Surv(time - 30, early) ~ held_by_30 + strata(programme), d):
 *     exp(coef) 0.958325563237, p 0.864839593995 (with cross_org added,
 *     R reports it NA: aliased with the strata)
 */
static void test_analyze__factors_term_constant_in_every_programme(void **state)
{
    struct fx *f = *state;

    constant_build(f->db);
    run_ok(f->db, ymd(2023, 6, 30));
    assert_int_equal(q_int(f->db, "SELECT n_events FROM res_factors WHERE "
                           "programme = '*' AND term = 'cross_org'"), 24);
    assert_true(q_null(f->db, "SELECT hazard_ratio FROM res_factors WHERE "
                       "programme = '*' AND term = 'cross_org'"));
    assert_true(q_null(f->db, "SELECT hazard_ratio FROM res_factors WHERE "
                       "programme = '*' AND term = 'goals_by_30'"));
    assert_close(q_real(f->db, "SELECT hazard_ratio FROM res_factors WHERE "
                        "programme = '*' AND term = 'held_by_30'"),
                 0.958325563237, 1e-9);
    assert_close(q_real(f->db, "SELECT p_value FROM res_factors WHERE "
                        "programme = '*' AND term = 'held_by_30'"),
                 0.864839593995, 1e-9);
    /* A alone: 12 early endings, one term left: fitted */
    assert_false(q_null(f->db, "SELECT hazard_ratio FROM res_factors WHERE "
                        "programme = 'A' AND term = 'held_by_30'"));
    assert_true(q_null(f->db, "SELECT hazard_ratio FROM res_factors WHERE "
                       "programme = 'A' AND term = 'cross_org'"));
}

#define T(name) \
    cmocka_unit_test_setup_teardown(test_analyze__##name, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(completion_counts_and_wilson),
        T(every_group_has_its_row),
        T(totals_equal_the_sum_of_their_parts),
        T(risk_model_scores_the_active_pairs),
        T(pair_active_until_its_end),
        T(nothing_dated_after_as_of_is_used),
        T(default_as_of_is_the_latest_date),
        T(null_where_a_figure_cannot_be_computed),
        T(survival_without_censoring_is_the_share),
        T(survival_rows_stop_at_month_36),
        T(figures_are_proportions),
        T(one_pair),
        T(no_early_ending),
        T(all_censored),
        T(ties),
        T(empty_database_says_ingest_first),
        T(as_of_before_every_start),
        T(running_twice_gives_the_same_results),
        T(two_parts_give_the_same_results),
        T(latest_date_notes_are_checked),
        T(stale_results_are_replaced),
        T(a_failed_run_keeps_the_previous_results),
        T(pair_risk_flags_only),
        T(attendance_by_hand),
        T(attendance_without_active_days_is_null),
        T(mature_rate_by_hand),
        T(all_mature_gives_the_completion_rate),
        T(goals_by_hand),
        T(items_limits_stay_on_the_scale),
        T(change_by_hand),
        T(response_by_hand),
        T(as_of_far_after_the_data_is_refused),
        T(breakdown_by_hand),
        T(coordinators_by_hand),
        T(agreement_by_hand),
        T(trend_and_factors_null_rules),
        T(factors_term_constant_in_every_programme),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
