/*
 * test_ingest.c: loading export files into the database (ingest/ingest.c),
 * against inputs.md and the reject rules ingest implements.
 *
 * Every case writes small CSV files into a mkdtemp() directory, opens a
 * fresh database there with db_open(), runs ingest_file() and checks the
 * returned status, the ingest_result, the error message and the tables
 * with SQL.  Rejects are compared as one string "LINE:COLUMN:RULE;..."
 * (COLUMN '-' for a whole-record rule) so a failure shows all of them.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "ingest.h"
#include "interrupt.h"
#include "msg.h"

/* ---- headers and valid rows of each kind --------------------------------- */

#define H_PAIRS                                                              \
    "pair_id,programme,cohort,mentor_id,mentee_id,coordinator_id,org_unit,"  \
    "cross_org,start_date,planned_end_date,status,end_date,end_reason"
#define GOOD_PAIR                                                            \
    "P1,Leader mentoring,2024,M1,A1,C1,Finance,1,2024-02-01,2025-01-31,"     \
    "completed,2025-01-20,"
#define H_MEETINGS "meeting_id,pair_id,date,status,duration_min,cancelled_by,kind,mode"
#define GOOD_MEETING "MT1,P1,2024-03-01,held,60,,regular,digital"
#define H_GOALS                                                              \
    "goal_id,pair_id,set_date,target_date,weight,attainment,review_date,category"
#define GOOD_GOAL "G1,P1,2024-02-10,2024-12-31,1.5,1,2024-10-01,career"
#define H_EVALS "response_id,pair_id,role,survey,date,q_trust,q_chemistry,recommend"
#define GOOD_EVAL "R1,P1,mentee,intro,2024-03-01,4,5,9"

/* ---- fixture: a temp directory with a fresh database --------------------- */

static char tmpdir[64];
static char dbpath[128];
static sqlite3 *db;

static int db_setup(void **state)
{
    struct ms_err e = {{0}};

    (void)state;
    if (test_dir_make(tmpdir, sizeof tmpdir, "test_ingest") != 0)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/m.db", tmpdir);
    if (db_open(dbpath, DB_READWRITE, &db, &e) != MS_OK) {
        fprintf(stderr, "db_open: %s\n", e.msg);
        return -1;
    }
    return 0;
}

/* Remove tmpdir and what it holds (files and empty subdirectories). */
static int db_teardown(void **state)
{
    (void)state;
    db_close(db);
    db = NULL;
    return test_dir_remove(tmpdir);
}

/* tmpdir/name in one of eight rotating buffers. */
static const char *path_of(const char *name)
{
    static char ring[8][256];
    static int next;
    char *p = ring[next++ % 8];

    snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
    return p;
}

static const char *put_file(const char *name, const void *bytes, size_t n)
{
    const char *path = path_of(name);
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *put_text(const char *name, const char *text)
{
    return put_file(name, text, strlen(text));
}

/* ingest_file() on path with --kind kind (NULL: detect) and --config cfg. */
static enum ms_status ingest(const char *path, const char *kind,
                             const struct config *cfg,
                             struct ingest_result *r, struct ms_err *e)
{
    struct ingest_opts o;

    o.kind = kind;
    o.config = cfg;
    err_clear(e);
    return ingest_file(db, path, &o, r, e);
}

/* Write text to tmpdir/name and ingest it (kind detected, no config). */
static enum ms_status load_text(const char *name, const char *text,
                                struct ingest_result *r, struct ms_err *e)
{
    return ingest(put_text(name, text), NULL, NULL, r, e);
}

/* ---- queries ------------------------------------------------------------- */

static sqlite3_stmt *query(const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    return st;
}

/* The integer of a one-row query; p1 (if non-NULL) binds ?1 as text. */
static long q_int(const char *sql, const char *p1)
{
    sqlite3_stmt *st = query(sql);
    long v;

    if (p1 != NULL)
        sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The same with ?1 bound to an integer. */
static long q_int_l(const char *sql, long p1)
{
    sqlite3_stmt *st = query(sql);
    long v;

    sqlite3_bind_int64(st, 1, p1);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double q_double(const char *sql, const char *p1)
{
    sqlite3_stmt *st = query(sql);
    double v;

    if (p1 != NULL)
        sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The text of a one-row query (rotating static buffers), or NULL when the
 * value is NULL. */
static const char *q_text(const char *sql, const char *p1)
{
    static char ring[4][1024];
    static int next;
    char *out = ring[next++ % 4];
    sqlite3_stmt *st = query(sql);
    const unsigned char *t;

    if (p1 != NULL)
        sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    t = sqlite3_column_text(st, 0);
    if (t != NULL)
        snprintf(out, sizeof ring[0], "%s", (const char *)t);
    sqlite3_finalize(st);
    return t != NULL ? out : NULL;
}

static const char *q_text_l(const char *sql, long p1)
{
    static char ring[4][1024];
    static int next;
    char *out = ring[next++ % 4];
    sqlite3_stmt *st = query(sql);
    const unsigned char *t;

    sqlite3_bind_int64(st, 1, p1);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    t = sqlite3_column_text(st, 0);
    if (t != NULL)
        snprintf(out, sizeof ring[0], "%s", (const char *)t);
    sqlite3_finalize(st);
    return t != NULL ? out : NULL;
}

/* A growing string. */
struct sbuf {
    char *s;
    size_t len, cap;
};

static void sbuf_add(struct sbuf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sbuf_str(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

/* Every row of every query, columns joined by '|', rows by '\n'. */
static void dump_rows(struct sbuf *b, const char *sql, long p1)
{
    sqlite3_stmt *st = query(sql);

    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, p1);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            if (c > 0)
                sbuf_str(b, "|");
            sbuf_str(b, t ? (const char *)t : "-");
        }
        sbuf_str(b, ";");
    }
    sqlite3_finalize(st);
}

/* The whole content of the database but batches: what a refused or an
 * already ingested file must leave exactly as it was.  Caller frees. */
static char *db_snapshot(void)
{
    static const char *const sql[] = {
        "SELECT * FROM pairs ORDER BY pair_id",
        "SELECT * FROM meetings ORDER BY meeting_id",
        "SELECT * FROM goals ORDER BY goal_id",
        "SELECT * FROM evaluations ORDER BY response_id",
        "SELECT * FROM rejects ORDER BY batch_id, line",
        "SELECT * FROM dropped_columns ORDER BY batch_id, \"column\"",
        "SELECT * FROM item_config ORDER BY item",
        "SELECT * FROM programme_config ORDER BY programme",
    };
    struct sbuf b = {NULL, 0, 0};

    sbuf_str(&b, "");
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        dump_rows(&b, sql[i], 0);
        sbuf_str(&b, "\n");
    }
    return b.s;
}

/* Rejects of a batch as "LINE:COLUMN:RULE;..." in line order (static). */
static const char *rejects_of(long batch)
{
    static char out[4096];
    sqlite3_stmt *st = query("SELECT line, coalesce(\"column\", '-'), rule, "
                             "message FROM rejects WHERE batch_id = ?1 "
                             "ORDER BY line");
    size_t o = 0;

    out[0] = '\0';
    sqlite3_bind_int64(st, 1, batch);
    while (sqlite3_step(st) == SQLITE_ROW && o < sizeof out) {
        const char *msg = (const char *)sqlite3_column_text(st, 3);
        assert_true(msg != NULL && msg[0] != '\0');   /* a sentence */
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%lld:%s:%s",
                              o ? ";" : "",
                              (long long)sqlite3_column_int64(st, 0),
                              (const char *)sqlite3_column_text(st, 1),
                              (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return out;
}

/* The batch row agrees with the result and with itself. */
static void expect_batch(const struct ingest_result *r, const char *status,
                         long read, long loaded, long rejected)
{
    assert_true(r->batch_id > 0);
    assert_int_equal(r->rows_read, read);
    assert_int_equal(r->rows_loaded, loaded);
    assert_int_equal(r->rows_rejected, rejected);
    assert_int_equal(r->rows_read, r->rows_loaded + r->rows_rejected);
    assert_string_equal(q_text_l("SELECT status FROM batches WHERE batch_id "
                                 "= ?1", r->batch_id), status);
    assert_int_equal(q_int_l("SELECT rows_read FROM batches WHERE batch_id "
                             "= ?1", r->batch_id), read);
    assert_int_equal(q_int_l("SELECT rows_loaded FROM batches WHERE "
                             "batch_id = ?1", r->batch_id), loaded);
    assert_int_equal(q_int_l("SELECT rows_rejected FROM batches WHERE "
                             "batch_id = ?1", r->batch_id), rejected);
    assert_int_equal(q_int_l("SELECT count(*) FROM rejects WHERE batch_id "
                             "= ?1", r->batch_id), rejected);
}

/* A file that loaded: status MS_OK or MS_DATAERR by its rejects, the
 * "loaded" word, the batch summary, and the message. */
static void expect_loaded(enum ms_status s, const struct ingest_result *r,
                          const struct ms_err *e, const char *kind,
                          long read, long loaded, long rejected)
{
    char want[256];

    assert_int_equal(r->reported, 1);
    assert_string_equal(ingest_outcome_word(r->outcome), "loaded");
    assert_non_null(r->kind);
    assert_string_equal(r->kind, kind);
    expect_batch(r, "loaded", read, loaded, rejected);
    assert_string_equal(q_text_l("SELECT kind FROM batches WHERE batch_id = "
                                 "?1", r->batch_id), kind);
    snprintf(want, sizeof want, "%ld rows loaded, %ld rejected", loaded,
             rejected);
    assert_string_equal(q_text_l("SELECT message FROM batches WHERE batch_id "
                                 "= ?1", r->batch_id), want);
    if (rejected == 0) {
        assert_int_equal(s, MS_OK);
        assert_string_equal(e->msg, "");
    } else {
        assert_int_equal(s, MS_DATAERR);
        snprintf(want, sizeof want, "%ld of %ld rows rejected", rejected,
                 read);
        if (strstr(e->msg, want) == NULL)
            fail_msg("message '%s' lacks '%s'", e->msg, want);
    }
}

/* A refused file: MS_DATAERR, one refused batch with nothing loaded and
 * the refusal in its message; e names the file and holds `needle`. */
static void expect_refused(enum ms_status s, const struct ingest_result *r,
                           const struct ms_err *e, const char *file,
                           const char *needle)
{
    char want[256];

    assert_int_equal(s, MS_DATAERR);
    assert_string_equal(ingest_outcome_word(r->outcome), "refused");
    expect_batch(r, "refused", 0, 0, 0);
    assert_string_equal(q_text_l("SELECT file FROM batches WHERE batch_id = "
                                 "?1", r->batch_id), file);
    snprintf(want, sizeof want, "%s: refused: ", file);
    if (strncmp(e->msg, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", e->msg, want);
    if (strstr(e->msg, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", e->msg, needle);
    if (strstr(q_text_l("SELECT message FROM batches WHERE batch_id = ?1",
                        r->batch_id), needle) == NULL)
        fail_msg("batch message lacks '%s'", needle);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("'%s' lacks '%s'", hay, needle);
}

/* ---- every reject rule --------------------------------------------------- */

/* Each case: a file of header, a valid row (line 2) and the row under
 * test (line 3, id X); expected: that one reject. */
struct reject_case {
    const char *what;
    const char *table;      /* where X must not be */
    const char *header;
    const char *good;
    const char *bad;
    const char *expect;     /* rejects_of() */
};

static const struct reject_case reject_cases[] = {
    /* invalid_date */
    {"impossible 2025-02-30", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025-02-30,,active,,", "3:start_date:invalid_date"},
    {"impossible 31.04.2025", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,31.04.2025,,active,,", "3:start_date:invalid_date"},
    {"slashes", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025/03/04,,active,,", "3:start_date:invalid_date"},
    {"month 13", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025-03-04,2025-13-01,active,,",
     "3:planned_end_date:invalid_date"},
    {"meeting date 29.02.2025", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,29.02.2025,held,60,,,", "3:date:invalid_date"},
    {"goal set_date a word", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,soon,,,,,", "3:set_date:invalid_date"},
    {"evaluation date with a bad time", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-03-04 25:00,4,4,", "3:date:invalid_date"},
    /* out_of_range */
    {"duration 0", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,0,,,", "3:duration_min:out_of_range"},
    {"duration 601", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,601,,,", "3:duration_min:out_of_range"},
    {"duration too big to represent", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,99999999999999999999,,,",
     "3:duration_min:out_of_range"},
    {"attainment 3", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,3,2024-10-01,", "3:attainment:out_of_range"},
    {"attainment -3", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,-3,2024-10-01,", "3:attainment:out_of_range"},
    {"recommend 11", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-01-10,4,4,11", "3:recommend:out_of_range"},
    {"recommend -1", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-01-10,4,4,-1", "3:recommend:out_of_range"},
    {"q_ item 6 on 1..5", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-01-10,6,4,8", "3:q_trust:out_of_range"},
    {"q_ item 0 on 1..5", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-01-10,4,0,8", "3:q_chemistry:out_of_range"},
    {"weight 0", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,0,,,", "3:weight:out_of_range"},
    {"weight -1", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,-1,,,", "3:weight:out_of_range"},
    {"weight 1e400 (not finite)", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1e400,,,", "3:weight:out_of_range"},
    /* missing_value */
    {"required pair_id empty", "pairs", H_PAIRS, GOOD_PAIR,
     ",LM,2025,M2,A2,C1,HR,0,2025-03-04,,active,,", "3:pair_id:missing_value"},
    {"required programme empty", "pairs", H_PAIRS, GOOD_PAIR,
     "X,,2025,M2,A2,C1,HR,0,2025-03-04,,active,,", "3:programme:missing_value"},
    {"required status empty", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025-03-04,,,,", "3:status:missing_value"},
    {"required meeting date empty", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,,held,60,,,", "3:date:missing_value"},
    {"required survey empty", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,,2025-01-10,4,4,8", "3:survey:missing_value"},
    {"completed without end_date", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,completed,,",
     "3:end_date:missing_value"},
    {"ended_early without end_date", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,ended_early,,time",
     "3:end_date:missing_value"},
    {"ended_early without end_reason", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,ended_early,2024-06-30,",
     "3:end_reason:missing_value"},
    {"attainment without review_date", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,0,,", "3:review_date:missing_value"},
    /* invalid_value */
    {"pair status not in the enum", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025-03-04,,paused,,", "3:status:invalid_value"},
    {"meeting status not in the enum", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,postponed,,,,", "3:status:invalid_value"},
    {"end_reason not in the enum", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,ended_early,2024-06-30,bored",
     "3:end_reason:invalid_value"},
    {"role not in the enum", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,boss,final,2025-01-10,4,4,8", "3:role:invalid_value"},
    {"meeting mode not in the enum", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,45,,,hybrid", "3:mode:invalid_value"},
    {"bool maybe", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,maybe,2025-03-04,,active,,",
     "3:cross_org:invalid_value"},
    {"integer 4.5 (duration)", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,4.5,,,", "3:duration_min:invalid_value"},
    {"integer 4.5 (attainment)", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,4.5,2024-10-01,", "3:attainment:invalid_value"},
    {"integer 4.5 (q_ item)", "evaluations", H_EVALS, GOOD_EVAL,
     "X,P1,mentor,final,2025-01-10,4.5,4,8", "3:q_trust:invalid_value"},
    {"integer '90 min'", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,90 min,,,", "3:duration_min:invalid_value"},
    {"weight not a number", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,heavy,,,", "3:weight:invalid_value"},
    {"weight 1.2.3", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1.2.3,,,", "3:weight:invalid_value"},
    {"decimal comma with ',' as delimiter", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,\"1,5\",,,", "3:weight:invalid_value"},
    {"duration on a cancelled meeting", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,cancelled,30,mentor,,", "3:duration_min:invalid_value"},
    {"cancelled_by on a held meeting", "meetings", H_MEETINGS, GOOD_MEETING,
     "X,P1,2024-03-08,held,30,mentee,,", "3:cancelled_by:invalid_value"},
    {"end_reason on a completed pair", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,completed,2025-03-01,time",
     "3:end_reason:invalid_value"},
    {"end_date on an active pair", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,active,2025-03-01,",
     "3:end_date:invalid_value"},
    {"review_date without attainment", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,,2024-10-01,", "3:review_date:invalid_value"},
    /* end_before_start */
    {"pair end before start", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,,completed,2024-03-03,",
     "3:end_date:end_before_start"},
    {"planned end before start", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,2024-03-03,active,,",
     "3:planned_end_date:end_before_start"},
    {"goal review before set", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,,1,0,2024-02-09,", "3:review_date:end_before_start"},
    {"goal target before set", "goals", H_GOALS, GOOD_GOAL,
     "X,P1,2024-02-10,2024-02-09,1,,,", "3:target_date:end_before_start"},
    /* record-level */
    {"too many fields", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2025-03-04,,active,,,extra",
     "3:-:too_many_fields"},
    /* order: the first failing column in header order decides */
    {"two bad columns: the leftmost in the header", "pairs", H_PAIRS,
     GOOD_PAIR, "X,LM,2025,M2,A2,C1,HR,maybe,2025-02-30,,active,,",
     "3:cross_org:invalid_value"},
    {"header order, not contract order", "pairs",
     "pair_id,start_date,programme,status,cross_org",
     "P1,2024-02-01,LM,active,1", "X,2025-02-30,LM,active,maybe",
     "3:start_date:invalid_date"},
    {"column checks before cross-column checks", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,maybe,2024-03-04,,completed,,",
     "3:cross_org:invalid_value"},
    {"cross-column checks in the listed order", "pairs", H_PAIRS, GOOD_PAIR,
     "X,LM,2025,M2,A2,C1,HR,0,2024-03-04,2024-01-01,completed,2024-01-02,",
     "3:end_date:end_before_start"},
};

static void test_ingest__reject_rules_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reject_cases / sizeof reject_cases[0]; i++) {
        const struct reject_case *c = &reject_cases[i];
        struct ingest_result r;
        struct ms_err e;
        char name[32], text[1024], sql[128], got[512], want[512];
        enum ms_status s;

        snprintf(name, sizeof name, "case%02zu.csv", i);
        snprintf(text, sizeof text, "%s\n%s\n%s\n", c->header, c->good,
                 c->bad);
        s = load_text(name, text, &r, &e);
        /* one line per case, so a failure names the case */
        snprintf(got, sizeof got, "%s: %s %s %ld/%ld/%ld %s", c->what,
                 status_str(s), r.kind ? r.kind : "-", r.rows_read,
                 r.rows_loaded, r.rows_rejected, rejects_of(r.batch_id));
        snprintf(want, sizeof want, "%s: %s %s 2/1/1 %s", c->what,
                 status_str(MS_DATAERR), c->table, c->expect);
        assert_string_equal(got, want);
        expect_loaded(s, &r, &e, c->table, 2, 1, 1);
        /* the rejected row is not stored; the valid one is */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE batch_id = "
                 "?1", c->table);
        assert_int_equal(q_int_l(sql, r.batch_id), 1);
    }
}

/* Range ends load: duration 1 and 600, attainment -2 and 2, recommend 0
 * and 10, an item 1 and 5, weight just above 0. */
static void test_ingest__range_ends_load(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("m.csv", H_MEETINGS "\n"
                            "MT1,P1,2024-03-01,held,1,,,\n"
                            "MT2,P1,2024-03-08,held,600,,,\n", &r, &e),
                  &r, &e, "meetings", 2, 2, 0);
    expect_loaded(load_text("g.csv", H_GOALS "\n"
                            "G1,P1,2024-02-10,,0.001,-2,2024-10-01,\n"
                            "G2,P1,2024-02-10,,1,+2,2024-10-01,\n", &r, &e),
                  &r, &e, "goals", 2, 2, 0);
    assert_int_equal(q_int("SELECT attainment FROM goals WHERE goal_id = "
                           "'G2'", NULL), 2);
    expect_loaded(load_text("e.csv", H_EVALS "\n"
                            "R1,P1,mentee,intro,2024-03-01,1,5,0\n"
                            "R2,P1,mentor,intro,2024-03-01,5,1,10\n", &r, &e),
                  &r, &e, "evaluations", 2, 2, 0);
}

static void test_ingest__nul_byte_is_invalid_value(void **state)
{
    /* A NUL in the first 64 KiB makes the file binary (refused whole), so
     * a 70 000-byte field comes first and the NUL sits beyond it. */
    static const char head[] = H_PAIRS "\nP1,LM,2024,M1,A1,C1,";
    static const char mid[] = ",1,2024-02-01,,active,,\n"
                              "X,LM,2024,M2,A2,C1,H";
    static const char tail[] = "R,0,2024-02-01,,active,,\n"
                               "P3,LM,2024,M3,A3,C1,IT,0,2024-02-01,,active,,\n";
    size_t pad = 70000, n = 0;
    char *b = malloc(sizeof head + pad + sizeof mid + 1 + sizeof tail);
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    assert_non_null(b);
    memcpy(b + n, head, sizeof head - 1), n += sizeof head - 1;
    memset(b + n, 'a', pad), n += pad;
    memcpy(b + n, mid, sizeof mid - 1), n += sizeof mid - 1;
    b[n++] = '\0';
    memcpy(b + n, tail, sizeof tail - 1), n += sizeof tail - 1;
    s = ingest(put_file("nul.csv", b, n), NULL, NULL, &r, &e);
    free(b);
    expect_loaded(s, &r, &e, "pairs", 3, 2, 1);
    assert_string_equal(rejects_of(r.batch_id), "3:org_unit:invalid_value");
    assert_int_equal(q_int("SELECT length(org_unit) FROM pairs WHERE pair_id "
                           "= 'P1'", NULL), 70000);
}

static void test_ingest__unterminated_quote_at_end_of_file(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    /* the open quote starts on line 3 and swallows lines 4 and 5 */
    s = load_text("open.csv", H_PAIRS "\n" GOOD_PAIR "\n"
                  "X,LM,2024,M2,A2,C1,\"HR,0,2024-02-01,,active,,\n"
                  "P3,LM,2024,M3,A3,C1,IT,0,2024-02-01,,active,,\n"
                  "P4,LM,2024,M4,A4,C1,IT,0,2024-02-01,,active,,\n", &r, &e);
    expect_loaded(s, &r, &e, "pairs", 2, 1, 1);
    assert_string_equal(rejects_of(r.batch_id), "3:-:unterminated_quote");
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 1);
}

static void test_ingest__record_over_16_mib_rejected(void **state)
{
    static const char head[] = H_PAIRS "\n" GOOD_PAIR "\nX,LM,2024,M2,A2,C1,";
    static const char tail[] = ",0,2024-02-01,,active,,\n"
                               "P3,LM,2024,M3,A3,C1,IT,0,2024-02-01,,active,,\n";
    size_t pad = (size_t)17 * 1024 * 1024, n = 0;
    char *b = malloc(sizeof head + pad + sizeof tail);
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    assert_non_null(b);
    memcpy(b + n, head, sizeof head - 1), n += sizeof head - 1;
    memset(b + n, 'a', pad), n += pad;
    memcpy(b + n, tail, sizeof tail - 1), n += sizeof tail - 1;
    s = ingest(put_file("long.csv", b, n), NULL, NULL, &r, &e);
    free(b);
    expect_loaded(s, &r, &e, "pairs", 3, 2, 1);
    assert_string_equal(rejects_of(r.batch_id), "3:-:record_too_long");
    assert_int_equal(q_int("SELECT line FROM pairs WHERE pair_id = 'P3'",
                           NULL), 4);
}

static void test_ingest__fewer_fields_load_with_empty_trailing(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    s = load_text("short.csv", H_PAIRS "\n"
                  "P1,LM,2024,M1,A1,C1,HR,0,2024-02-05,,active\n"
                  "P2,LM,2024,M2,A2,C1,HR,0,2024-02-05\n"
                  "P3,LM,2024,M3,A3,C1,HR,0,2024-02-05,,completed\n", &r, &e);
    expect_loaded(s, &r, &e, "pairs", 3, 1, 2);
    /* missing trailing fields are empty: optional ones load as NULL,
     * required ones are missing values */
    assert_string_equal(rejects_of(r.batch_id),
                        "3:status:missing_value;4:end_date:missing_value");
    assert_int_equal(q_int("SELECT end_date IS NULL AND end_reason IS NULL "
                           "AND status = 'active' FROM pairs WHERE pair_id "
                           "= 'P1'", NULL), 1);
}

static void test_ingest__line_numbers_after_quoted_newlines_and_blanks(
    void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    s = load_text("lines.csv", H_PAIRS "\n"                         /* 1 */
                  "P1,LM,2024,M1,A1,C1,\"Fin\nan\r\nce\",1,"        /* 2-4 */
                  "2024-02-01,,active,,\n"
                  "\n"                                              /* 5 */
                  "\r\n"                                            /* 6 */
                  "X,LM,2024,M2,A2,C1,HR,0,2025-02-30,,active,,\n"  /* 7 */
                  ",,,,,,,,,,,,\n"                                  /* 8 */
                  "P3,LM,2024,M3,A3,C1,IT,0,2024-02-01,,active,,\n" /* 9 */
                  "Y,\"L\n\nM\",2024,,,,,0,2024-02-01,,paused,,\n"  /* 10-12 */
                  "P5,LM,2024,M5,A5,C1,IT,0,2024-02-01,,active,,\n",/* 13 */
                  &r, &e);
    /* blank lines, the all-empty row and the header are not records */
    expect_loaded(s, &r, &e, "pairs", 5, 3, 2);
    assert_string_equal(rejects_of(r.batch_id),
                        "7:start_date:invalid_date;10:status:invalid_value");
    assert_int_equal(q_int("SELECT line FROM pairs WHERE pair_id = 'P1'",
                           NULL), 2);
    assert_int_equal(q_int("SELECT line FROM pairs WHERE pair_id = 'P3'",
                           NULL), 9);
    assert_int_equal(q_int("SELECT line FROM pairs WHERE pair_id = 'P5'",
                           NULL), 13);
    assert_string_equal(q_text("SELECT org_unit FROM pairs WHERE pair_id = "
                               "'P1'", NULL), "Fin\nan\r\nce");
}

static void test_ingest__duplicate_id_first_kept(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    s = load_text("dup.csv", H_PAIRS "\n"
                  "P1,First,2024,M1,A1,C1,HR,0,2024-02-01,,active,,\n"
                  "P1,Second,2024,M1,A1,C1,HR,0,2024-02-01,,active,,\n"
                  "P2,First,2024,M2,A2,C1,HR,0,2025-02-30,,active,,\n"
                  "P2,Second,2024,M2,A2,C1,HR,0,2024-02-01,,active,,\n", &r, &e);
    /* P2's first row was rejected, so its second is no duplicate of a
     * loaded record */
    expect_loaded(s, &r, &e, "pairs", 4, 2, 2);
    assert_string_equal(rejects_of(r.batch_id),
                        "3:pair_id:duplicate_id;4:start_date:invalid_date");
    assert_string_equal(q_text("SELECT programme FROM pairs WHERE pair_id = "
                               "'P1'", NULL), "First");
    assert_string_equal(q_text("SELECT programme FROM pairs WHERE pair_id = "
                               "'P2'", NULL), "Second");

    /* meetings: the id is UNIQUE but not the whole primary key */
    s = load_text("dupm.csv", H_MEETINGS "\n"
                  "MT1,P1,2024-03-01,held,60,,,\n"
                  "MT1,P2,2024-04-01,held,30,,,\n", &r, &e);
    expect_loaded(s, &r, &e, "meetings", 2, 1, 1);
    assert_string_equal(rejects_of(r.batch_id), "3:meeting_id:duplicate_id");
    assert_string_equal(q_text("SELECT pair_id || ' ' || date || ' ' || "
                               "duration_min FROM meetings", NULL),
                        "P1 2024-03-01 60");
}

/* ---- counts, statuses and messages --------------------------------------- */

static void test_ingest__counts_add_up_for_every_batch(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    s = load_text("p.csv", H_PAIRS "\n" GOOD_PAIR "\n"
                  "P2,LM,2024,M2,A2,C1,HR,0,2024-02-05,,active,,\n", &r, &e);
    expect_loaded(s, &r, &e, "pairs", 2, 2, 0);
    assert_int_equal(r.orphans, 0);
    assert_string_equal(r.file, path_of("p.csv"));
    s = load_text("m.csv", H_MEETINGS "\n" GOOD_MEETING "\n"
                  "MT2,P1,2024-03-08,held,0,,,\n"
                  "MT3,P1,2024-03-15,no_show,,,,\n"
                  "MT4,P1,2024-03-22,cancelled,,mentee,,\n"
                  "MT5,P1,2024-03-29,held,90,mentor,,\n", &r, &e);
    expect_loaded(s, &r, &e, "meetings", 5, 3, 2);
    assert_contains(e.msg, "m.csv");
    assert_string_equal(rejects_of(r.batch_id),
                        "3:duration_min:out_of_range;"
                        "6:cancelled_by:invalid_value");
    assert_int_equal(q_int("SELECT count(*) FROM batches WHERE rows_read <> "
                           "rows_loaded + rows_rejected", NULL), 0);
    assert_int_equal(q_int("SELECT count(*) FROM batches", NULL), 2);
}

/* ---- personal data ------------------------------------------------------- */

/* The identifier each file of samples/pii holds, which no message may
 * print (the line, column and kind come from samples/pii/EXPECTED.md). */
static const struct {
    const char *file;
    const char *secret[2];
} pii_secrets[] = {
    {"email.csv", {"anna.berg@example.se", "anna.berg"}},
    {"email_quoted.csv", {"anna berg", "example.se"}},
    {"personnummer.csv", {"811228-9874", "8112289874"}},
    {"personnummer_12.csv", {"196408233234", "6408233234"}},
    {"samordningsnummer.csv", {"701063-2391", "7010632391"}},
    {"cpr.csv", {"150372-1234", "1503721234"}},
    {"phone_se.csv", {"070-123 45 67", "45 67"}},
    {"phone_dk.csv", {"23 45 67 89", "67 89"}},
    {"phone_intl.csv", {"+44 20 7946 0958", "7946"}},
    {"header_name.csv", {"Anna Berg", "Lars Holm"}},
};

/* Split a markdown table row "| a | b | c |" into trimmed cells. */
static int md_cells(char *line, char **cells, int max)
{
    int n = 0;
    char *p = strchr(line, '|');

    while (p != NULL && n < max) {
        char *start = p + 1, *end = strchr(start, '|');
        if (end == NULL)
            break;
        *end = '\0';
        while (*start == ' ')
            start++;
        for (char *t = end - 1; t >= start && *t == ' '; t--)
            *t = '\0';
        cells[n++] = start;
        p = end;
    }
    return n;
}

static void test_ingest__personal_data_refuses_file(void **state)
{
    FILE *md = fopen("samples/pii/EXPECTED.md", "r");
    char line[1024], *cells[6], want[256], path[256];
    struct ingest_result r;
    struct ms_err e;
    int nrows = 0;

    (void)state;
    assert_non_null(md);
    /* rows the refused files would overwrite, and a reject on record */
    expect_loaded(load_text("old.csv", H_PAIRS "\n"
                            "P0001,Old programme,2023,M9,A9,C9,HR,0,"
                            "2023-02-01,,active,,\n"
                            "P0002,Old programme,2023,M9,A9,C9,HR,0,"
                            "2023-02-30,,active,,\n", &r, &e),
                  &r, &e, "pairs", 2, 1, 1);
    while (fgets(line, sizeof line, md) != NULL) {
        const char *secret0 = NULL, *secret1 = NULL, *bmsg;
        char *snap_before, *snap_after;
        long nbatches, lineno;
        enum ms_status s;

        if (md_cells(line, cells, 6) < 4 || strstr(cells[0], ".csv") == NULL)
            continue;
        nrows++;
        for (size_t i = 0; i < sizeof pii_secrets / sizeof pii_secrets[0]; i++)
            if (strcmp(pii_secrets[i].file, cells[0]) == 0) {
                secret0 = pii_secrets[i].secret[0];
                secret1 = pii_secrets[i].secret[1];
            }
        if (secret0 == NULL)
            fail_msg("%s: no secret listed in this test", cells[0]);
        lineno = strtol(cells[1], NULL, 10);

        snap_before = db_snapshot();
        nbatches = q_int("SELECT count(*) FROM batches", NULL);
        snprintf(path, sizeof path, "samples/pii/%s", cells[0]);
        s = ingest(path, NULL, NULL, &r, &e);
        snap_after = db_snapshot();
        if (strcmp(snap_after, snap_before) != 0)
            fail_msg("%s: the database changed", cells[0]);
        free(snap_before);
        free(snap_after);

        /* the message names the file, line, column and kind */
        snprintf(want, sizeof want, "line %ld,", lineno);
        if (lineno == 1)   /* "line 1, column 14 ('name')" */
            snprintf(want, sizeof want, "line 1,");
        expect_refused(s, &r, &e, cells[0], want);
        snprintf(want, sizeof want, "'%s'", cells[2]);
        assert_contains(e.msg, want);
        if (lineno == 1)
            assert_contains(e.msg, "names personal data");
        else
            assert_contains(e.msg, cells[3]);
        /* and never the value */
        bmsg = q_text_l("SELECT message FROM batches WHERE batch_id = ?1",
                        r.batch_id);
        if (strstr(e.msg, secret0) || strstr(e.msg, secret1) ||
            strstr(bmsg, secret0) || strstr(bmsg, secret1))
            fail_msg("%s: the message shows the value: %s", cells[0], e.msg);
        /* one refused batch row, rows_loaded 0 */
        assert_int_equal(q_int("SELECT count(*) FROM batches", NULL),
                         nbatches + 1);
        assert_int_equal(q_int_l("SELECT rows_loaded FROM batches WHERE "
                                 "batch_id = ?1", r.batch_id), 0);
        assert_int_equal(q_int_l("SELECT sha256 IS NOT NULL FROM batches "
                                 "WHERE batch_id = ?1", r.batch_id), 1);
    }
    fclose(md);
    assert_int_equal(nrows, sizeof pii_secrets / sizeof pii_secrets[0]);
    assert_string_equal(q_text("SELECT programme FROM pairs WHERE pair_id = "
                               "'P0001'", NULL), "Old programme");
}

static void test_ingest__personal_header_names_refuse_file(void **state)
{
    static const char *const headers[] = {"email", "E-mail", "Namn",
                                          "First Name", "personnummer",
                                          "telefon", "CPR"};
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        char name[32], text[512], want[64];
        snprintf(name, sizeof name, "hdr%zu.csv", i);
        snprintf(text, sizeof text, H_PAIRS ",%s\n" GOOD_PAIR ",x\n",
                 headers[i]);
        expect_refused(load_text(name, text, &r, &e), &r, &e, name,
                       "names personal data");
        snprintf(want, sizeof want, "line 1, column 14 ('%s')", headers[i]);
        assert_contains(e.msg, want);
    }
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 0);
}

/* ---- files refused whole, and header handling ---------------------------- */

static void test_ingest__binary_file_refused(void **state)
{
    static const unsigned char zip[] = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0,
                                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_refused(ingest(put_file("export.xlsx", zip, sizeof zip), NULL,
                          NULL, &r, &e),
                   &r, &e, "export.xlsx", "not a text file");
    assert_null(r.kind);
}

static void test_ingest__empty_file_refused(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_refused(load_text("empty.csv", "", &r, &e), &r, &e, "empty.csv",
                   "the file is empty");
    expect_refused(load_text("blank.csv", "\n\r\n\n", &r, &e), &r, &e,
                   "blank.csv", "the file is empty");
}

static void test_ingest__header_alone_loads_no_rows(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("h.csv", H_GOALS "\n", &r, &e), &r, &e, "goals",
                  0, 0, 0);
    expect_loaded(load_text("h2.csv", H_MEETINGS, &r, &e), &r, &e,
                  "meetings", 0, 0, 0);
}

static void test_ingest__missing_required_column_refused(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    /* with --kind the message names the column */
    expect_refused(ingest(put_text("nostatus.csv",
                                   "pair_id,programme,start_date\n"
                                   "P1,LM,2024-02-01\n"),
                          "pairs", NULL, &r, &e),
                   &r, &e, "nostatus.csv", "lacks the required column "
                   "'status'");
    assert_contains(e.msg, "check --kind");
    /* without, the header looks like pairs: the message names the column */
    expect_refused(load_text("nostatus2.csv", "pair_id,programme,start_date\n"
                             "P1,LM,2024-02-01\n", &r, &e),
                   &r, &e, "nostatus2.csv", "lacks the required column 'status'");
    assert_contains(e.msg, "give --kind");
    assert_null(r.kind);
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 0);
}

static void test_ingest__duplicate_header_refused(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_refused(load_text("dh.csv", H_PAIRS ",Status\n" GOOD_PAIR ",active\n",
                             &r, &e),
                   &r, &e, "dh.csv", "column 'Status' appears twice");
    assert_contains(e.msg, "columns 11 and 14");
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 0);
}

/* 1 when the bytes of file path hold needle. */
static int file_holds(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 0, k = strlen(needle), got;
    char *b = NULL;
    int found = 0;

    if (f == NULL)
        return 0;
    do {
        if (n + 65536 > cap) {
            cap = (n + 65536) * 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
        got = fread(b + n, 1, 65536, f);
        n += got;
    } while (got > 0);
    fclose(f);
    for (size_t i = 0; i + k <= n && !found; i++)
        found = memcmp(b + i, needle, k) == 0;
    free(b);
    return found;
}

static void test_ingest__unknown_columns_dropped_not_stored(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    char wal[160];

    (void)state;
    expect_loaded(load_text("extra.csv", "Comment," H_PAIRS ",Notes\n"
                            "Talked about Ulrika Svanström," GOOD_PAIR
                            ",Sensitive remark\n", &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    assert_string_equal(q_text_l("SELECT group_concat(\"column\", '+') FROM "
                                 "(SELECT \"column\" FROM dropped_columns "
                                 "WHERE batch_id = ?1 ORDER BY 1)",
                                 r.batch_id), "Comment+Notes");
    assert_string_equal(q_text("SELECT mentor_id FROM pairs", NULL), "M1");
    /* neither value is anywhere in the database's files, though the rest
     * of the row is */
    snprintf(wal, sizeof wal, "%s-wal", dbpath);
    assert_true(file_holds(dbpath, "Leader mentoring") ||
                file_holds(wal, "Leader mentoring"));
    assert_false(file_holds(dbpath, "Ulrika") || file_holds(wal, "Ulrika"));
    assert_false(file_holds(dbpath, "Sensitive") ||
                 file_holds(wal, "Sensitive"));
}

static void test_ingest__header_case_insensitive_and_trimmed(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("odd.csv", " PAIR_ID ,Programme,\" Start_Date \","
                            "STATUS\t\n"
                            " P1 , LM ,01.02.2024, Active\n", &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    assert_string_equal(q_text("SELECT pair_id || '|' || programme || '|' || "
                               "start_date || '|' || status || '|' || cohort "
                               "FROM pairs", NULL),
                        "P1|LM|2024-02-01|active|2024");
    assert_int_equal(q_int("SELECT count(*) FROM dropped_columns", NULL), 0);
}

static void test_ingest__kind_given_or_detected(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("a.csv", H_MEETINGS "\n" GOOD_MEETING "\n", &r,
                            &e),
                  &r, &e, "meetings", 1, 1, 0);
    expect_loaded(ingest(put_text("b.csv", H_MEETINGS "\n"
                                  "MT2,P1,2024-03-08,held,30,,,\n"),
                         "meetings", NULL, &r, &e),
                  &r, &e, "meetings", 1, 1, 0);
    /* a header that fits both goals and evaluations loads as what --kind
     * says; its other columns are dropped */
    expect_loaded(ingest(put_text("c.csv", "goal_id,pair_id,set_date,"
                                  "response_id,role,survey,date\n"
                                  "G1,P1,2024-02-10,R1,mentee,intro,"
                                  "2024-03-01\n"),
                         "goals", NULL, &r, &e),
                  &r, &e, "goals", 1, 1, 0);
    assert_int_equal(q_int("SELECT count(*) FROM evaluations", NULL), 0);
    assert_int_equal(q_int_l("SELECT count(*) FROM dropped_columns WHERE "
                             "batch_id = ?1", r.batch_id), 4);
    /* --kind that does not fit the header */
    expect_refused(ingest(put_text("d.csv", H_MEETINGS "\n"
                                   "MT3,P1,2024-03-15,held,30,,,\n"),
                          "goals", NULL, &r, &e),
                   &r, &e, "d.csv", "the goals export lacks the required "
                   "column 'goal_id'");
    assert_int_equal(q_int("SELECT count(*) FROM meetings", NULL), 2);
}

static void test_ingest__unknown_kind_refused(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_refused(ingest(put_text("k.csv", H_MEETINGS "\n" GOOD_MEETING "\n"),
                          "sessions", NULL, &r, &e),
                   &r, &e, "k.csv", "'sessions'");
    assert_null(r.kind);
    assert_int_equal(q_int("SELECT count(*) FROM meetings", NULL), 0);
}

static void test_ingest__megabyte_field_loads_intact(void **state)
{
    size_t big = 1024 * 1024;
    char *field = malloc(big + 1), *text;
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;

    (void)state;
    assert_non_null(field);
    for (size_t i = 0; i < big; i++)
        field[i] = "abcdefghijklmnopqrstuvwxyz .,;\"\n"[i % 32];
    field[0] = 'X';
    field[big - 1] = 'Z';
    field[big] = '\0';
    text = malloc(2 * big + 512);
    assert_non_null(text);
    {
        size_t o = (size_t)sprintf(text, H_PAIRS "\nP1,LM,2024,M1,A1,C1,\"");
        for (size_t i = 0; i < big; i++) {
            if (field[i] == '"')
                text[o++] = '"';
            text[o++] = field[i];
        }
        sprintf(text + o, "\",1,2024-02-01,,active,,\n"
                "P2,LM,2024,M2,A2,C1,HR,0,2025-02-30,,active,,\n");
    }
    s = load_text("big.csv", text, &r, &e);
    free(text);
    expect_loaded(s, &r, &e, "pairs", 2, 1, 1);
    /* the line count goes on after the field's 32 767 newlines */
    assert_string_equal(rejects_of(r.batch_id),
                        "32770:start_date:invalid_date");
    assert_int_equal(q_int("SELECT length(CAST(org_unit AS BLOB)) FROM pairs",
                           NULL), (long)big);
    assert_int_equal(q_int("SELECT org_unit = ?1 FROM pairs", field), 1);
    free(field);
}

static void test_ingest__refused_file_leaves_database_unchanged(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    char *before, *after;
    long nbatches;

    (void)state;
    expect_loaded(load_text("p.csv", H_PAIRS "\n" GOOD_PAIR "\n", &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    expect_loaded(load_text("m.csv", H_MEETINGS "\n" GOOD_MEETING "\n"
                            "MT2,P1,2024-03-08,held,0,,,\n", &r, &e),
                  &r, &e, "meetings", 2, 1, 1);
    expect_loaded(load_text("e.csv", H_EVALS ",q_extra\n" GOOD_EVAL ",3\n",
                            &r, &e),
                  &r, &e, "evaluations", 1, 1, 0);
    before = db_snapshot();
    nbatches = q_int("SELECT count(*) FROM batches", NULL);

    /* refused after a row that updates P1, a rejected row and a dropped
     * column were written in its transaction */
    expect_refused(load_text("p2.csv", H_PAIRS ",remark\n"
                             "P1,Changed,2024,M1,A1,C1,HR,0,2024-02-01,,"
                             "active,,x\n"
                             "P7,LM,2024,M7,A7,C1,HR,0,2025-02-30,,active,,"
                             "x\n"
                             "P8,LM,2024,M8,a@example.org,C1,HR,0,2024-02-01,,"
                             "active,,x\n", &r, &e),
                   &r, &e, "p2.csv", "line 4,");
    /* refused after a new item was registered in item_config */
    expect_refused(load_text("e2.csv", H_EVALS ",q_brand_new\n"
                             "R2,P1,mentor,intro,2024-03-01,4,5,9,2\n"
                             "R3,P1,mentor,intro,2024-03-01,4,5,9,070-1234567\n",
                             &r, &e),
                   &r, &e, "e2.csv", "phone number");
    /* refused at the header */
    expect_refused(load_text("m2.csv", H_MEETINGS ",meeting_id\n"
                             GOOD_MEETING ",MT1\n", &r, &e),
                   &r, &e, "m2.csv", "appears twice");
    expect_refused(load_text("g2.csv", "", &r, &e), &r, &e, "g2.csv",
                   "empty");

    after = db_snapshot();
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_int_equal(q_int("SELECT count(*) FROM batches", NULL), nbatches + 4);
    assert_int_equal(q_int("SELECT count(*) FROM batches WHERE status = "
                           "'refused' AND rows_loaded = 0", NULL), 4);
}

static void test_ingest__same_file_again_is_a_no_op(void **state)
{
    static const char text[] = H_MEETINGS "\n" GOOD_MEETING "\n"
                               "MT2,P1,2024-03-08,held,0,,,\n";
    struct ingest_result r;
    struct ms_err e;
    char *before, *after;
    long first, nbatches;
    enum ms_status s;

    (void)state;
    expect_loaded(load_text("m.csv", text, &r, &e), &r, &e, "meetings", 2, 1,
                  1);
    first = r.batch_id;
    before = db_snapshot();
    nbatches = q_int("SELECT count(*) FROM batches", NULL);

    s = load_text("m.csv", text, &r, &e);
    assert_int_equal(s, MS_OK);
    assert_string_equal(ingest_outcome_word(r.outcome), "unchanged");
    assert_int_equal(r.batch_id, first);
    assert_int_equal(r.rows_read, 0);
    /* the same bytes under another name are the same export */
    s = load_text("copy.csv", text, &r, &e);
    assert_int_equal(s, MS_OK);
    assert_string_equal(ingest_outcome_word(r.outcome), "unchanged");
    assert_int_equal(r.batch_id, first);

    after = db_snapshot();
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_int_equal(q_int("SELECT count(*) FROM batches", NULL), nbatches);
}

static void test_ingest__newer_export_updates_by_id(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    long first;

    (void)state;
    expect_loaded(load_text("p1.csv", H_PAIRS "\n"
                            "P1,LM,2024,M1,A1,C1,HR,1,2024-02-01,,active,,\n"
                            "P2,LM,2024,M2,A2,C1,HR,0,2024-02-05,,active,,\n",
                            &r, &e),
                  &r, &e, "pairs", 2, 2, 0);
    first = r.batch_id;
    expect_loaded(load_text("p2.csv", H_PAIRS "\n"
                            "P1,LM,2024,,A1,C2,HR,1,2024-02-01,,completed,"
                            "2025-01-20,\n"
                            "P3,LM,2024,M3,A3,C1,IT,0,2024-03-01,,active,,\n",
                            &r, &e),
                  &r, &e, "pairs", 2, 2, 0);
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 3);
    /* the changed row takes every new value, empty ones included */
    assert_string_equal(q_text("SELECT status || ' ' || end_date || ' ' || "
                               "coordinator_id || ' ' || "
                               "coalesce(mentor_id, 'NULL') FROM pairs WHERE "
                               "pair_id = 'P1'", NULL),
                        "completed 2025-01-20 C2 NULL");
    assert_int_equal(q_int("SELECT batch_id FROM pairs WHERE pair_id = 'P1'",
                           NULL), r.batch_id);
    /* rows not mentioned stay as they were */
    assert_string_equal(q_text("SELECT status || ' ' || mentor_id FROM pairs "
                               "WHERE pair_id = 'P2'", NULL), "active M2");
    assert_int_equal(q_int("SELECT batch_id FROM pairs WHERE pair_id = 'P2'",
                           NULL), first);

    /* meetings: an update may move the row to another pair and date */
    expect_loaded(load_text("m1.csv", H_MEETINGS "\n" GOOD_MEETING "\n"
                            "MT2,P2,2024-03-02,held,30,,,\n", &r, &e),
                  &r, &e, "meetings", 2, 2, 0);
    expect_loaded(load_text("m2.csv", H_MEETINGS "\n"
                            "MT1,P2,2024-04-01,cancelled,,mentor,,\n", &r, &e),
                  &r, &e, "meetings", 1, 1, 0);
    assert_int_equal(q_int("SELECT count(*) FROM meetings", NULL), 2);
    assert_string_equal(q_text("SELECT pair_id || ' ' || date || ' ' || status "
                               "|| ' ' || coalesce(duration_min, 'NULL') FROM "
                               "meetings WHERE meeting_id = 'MT1'", NULL),
                        "P2 2024-04-01 cancelled NULL");

    /* goals: last wins for numbers too */
    expect_loaded(load_text("g1.csv", H_GOALS "\n" GOOD_GOAL "\n", &r, &e),
                  &r, &e, "goals", 1, 1, 0);
    expect_loaded(load_text("g2.csv", H_GOALS "\n"
                            "G1,P1,2024-02-10,,,2,2025-01-10,\n", &r, &e),
                  &r, &e, "goals", 1, 1, 0);
    assert_close(q_double("SELECT weight FROM goals", NULL), 1.0, 0);
    assert_int_equal(q_int("SELECT attainment FROM goals", NULL), 2);
}

/* batches.latest_date: the latest of the dates the default as_of looks at
 * (pairs' start and end, meetings' date, goals' review_date,
 * evaluations' date) among the rows the batch stored; a rejected row's
 * date does not count, and a goal's later set_date or target_date do not
 * either.  Counted by hand from the rows below. */
static void test_ingest__latest_date_of_each_batch(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("p.csv", H_PAIRS "\n" GOOD_PAIR "\n"
                            "P2,LM,2024,M2,A2,C1,HR,0,2024-06-01,,active,,\n",
                            &r, &e), &r, &e, "pairs", 2, 2, 0);
    assert_string_equal(q_text("SELECT latest_date FROM batches WHERE "
                               "kind = 'pairs'", NULL), "2025-01-20");
    load_text("m.csv", H_MEETINGS "\n" GOOD_MEETING "\n"
              "MT2,P1,2024-05-01,held,60,,regular,digital\n"
              "MT3,P1,2031-13-01,held,60,,regular,digital\n", &r, &e);
    assert_int_equal(r.rows_loaded, 2);
    assert_string_equal(q_text("SELECT latest_date FROM batches WHERE "
                               "kind = 'meetings'", NULL), "2024-05-01");
    expect_loaded(load_text("g.csv", H_GOALS "\n"
                            "G1,P1,2024-02-10,2026-12-31,1,,,career\n"
                            "G2,P1,2024-02-10,2024-12-31,1,1,2024-10-01,x\n",
                            &r, &e), &r, &e, "goals", 2, 2, 0);
    assert_string_equal(q_text("SELECT latest_date FROM batches WHERE "
                               "kind = 'goals'", NULL), "2024-10-01");
    expect_loaded(load_text("g2.csv", H_GOALS "\n"
                            "G3,P1,2024-02-10,2026-12-31,1,,,career\n",
                            &r, &e), &r, &e, "goals", 1, 1, 0);
    assert_int_equal(q_int("SELECT count(*) FROM batches WHERE kind = "
                           "'goals' AND latest_date IS NULL", NULL), 1);
}

static void test_ingest__orphans_until_the_roster_names_them(void **state)
{
    struct ingest_result r, re, rg, unchanged;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("p.csv", H_PAIRS "\n" GOOD_PAIR "\n", &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    assert_int_equal(r.orphans, 0);
    expect_loaded(load_text("e.csv", H_EVALS "\n" GOOD_EVAL "\n"
                            "R2,P9,mentee,intro,2024-03-01,3,3,7\n"
                            "R3,P9,mentor,intro,2024-03-01,3,3,7\n", &re, &e),
                  &re, &e, "evaluations", 3, 3, 0);
    assert_int_equal(re.orphans, 2);
    expect_loaded(load_text("m.csv", H_MEETINGS "\n"
                            "MT9,P9,2024-03-01,held,60,,,\n", &r, &e),
                  &r, &e, "meetings", 1, 1, 0);
    assert_int_equal(r.orphans, 1);
    expect_loaded(load_text("g.csv", H_GOALS "\n" GOOD_GOAL "\n"
                            "G9,P8,2024-02-10,,,,,\n", &rg, &e),
                  &rg, &e, "goals", 2, 2, 0);
    assert_int_equal(rg.orphans, 1);
    assert_string_equal(q_text("SELECT group_concat(kind || ':' || id, ' ') "
                               "FROM (SELECT kind, id FROM orphans ORDER BY "
                               "kind, id)", NULL),
                        "evaluations:R2 evaluations:R3 goals:G9 meetings:MT9");

    /* the roster names P9: its rows are no longer orphans, and stay */
    expect_loaded(load_text("p2.csv", H_PAIRS "\n"
                            "P9,LM,2024,M9,A9,C1,HR,0,2024-02-20,,active,,\n",
                            &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    assert_string_equal(q_text("SELECT group_concat(id) FROM orphans", NULL),
                        "G9");
    assert_int_equal(q_int("SELECT count(*) FROM evaluations WHERE pair_id = "
                           "'P9'", NULL), 2);
    /* counted again after the roster came in */
    err_clear(&e);
    assert_int_equal(ingest_count_orphans(db, &re, &e), MS_OK);
    assert_int_equal(re.orphans, 0);
    assert_int_equal(ingest_count_orphans(db, &rg, &e), MS_OK);
    assert_int_equal(rg.orphans, 1);
    /* a pairs batch and a file already ingested have none */
    assert_int_equal(ingest_count_orphans(db, &r, &e), MS_OK);
    assert_int_equal(r.orphans, 0);
    assert_int_equal(load_text("g.csv", H_GOALS "\n" GOOD_GOAL "\n"
                               "G9,P8,2024-02-10,,,,,\n", &unchanged, &e),
                     MS_OK);
    assert_string_equal(ingest_outcome_word(unchanged.outcome), "unchanged");
    assert_int_equal(ingest_count_orphans(db, &unchanged, &e), MS_OK);
    assert_int_equal(unchanged.orphans, 0);
}

/* The count made while loading: only stored rows, the roster asked again
 * whenever pair_id changes (P9 comes back after P1), ids compared
 * exactly ('p1' is not 'P1'), a row taken over from an earlier batch
 * counted, duplicates and rejected rows not; it equals the full scan. */
static void test_ingest__orphans_counted_while_loading(void **state)
{
    struct ingest_result r, rm;
    struct ms_err e;
    long again;

    (void)state;
    expect_loaded(load_text("p.csv", H_PAIRS "\n" GOOD_PAIR "\n", &r, &e),
                  &r, &e, "pairs", 1, 1, 0);
    expect_loaded(load_text("m0.csv", H_MEETINGS "\n"
                            "MT0,P7,2024-03-01,held,60,,,\n", &r, &e),
                  &r, &e, "meetings", 1, 1, 0);
    assert_int_equal(r.orphans, 1);
    expect_loaded(load_text("m.csv", H_MEETINGS "\n"
                            "MT1,P9,2024-03-01,held,60,,,\n"    /* orphan */
                            "MT2,P9,2024-03-02,held,60,,,\n"    /* orphan */
                            "MT3,P1,2024-03-03,held,60,,,\n"
                            "MT4,P9,2024-03-04,held,60,,,\n"    /* orphan */
                            "MT1,P9,2024-03-05,held,60,,,\n"    /* duplicate */
                            "MT5,P8,2024-13-01,held,60,,,\n"    /* bad date */
                            "MT6,P1,2024-03-06,held,60,,,\n"
                            "MT7,p1,2024-03-07,held,60,,,\n"    /* orphan */
                            "MT0,P1,2024-03-08,held,60,,,\n",   /* takes over */
                            &rm, &e),
                  &rm, &e, "meetings", 9, 7, 2);
    assert_int_equal(rm.orphans, 4);
    assert_string_equal(q_text_l("SELECT group_concat(id, ' ') FROM (SELECT id "
                                 "FROM orphans WHERE batch_id = ?1 ORDER BY "
                                 "id)", rm.batch_id), "MT1 MT2 MT4 MT7");
    again = rm.orphans;
    err_clear(&e);
    assert_int_equal(ingest_count_orphans(db, &rm, &e), MS_OK);
    assert_int_equal(rm.orphans, again);
    /* the earlier batch lost its orphan MT0 to the later one */
    assert_int_equal(ingest_count_orphans(db, &r, &e), MS_OK);
    assert_int_equal(r.orphans, 0);

    /* goals and evaluations count too */
    expect_loaded(load_text("g.csv", H_GOALS "\n" GOOD_GOAL "\n"
                            "G9,P8,2024-02-10,,,,,\n", &r, &e),
                  &r, &e, "goals", 2, 2, 0);
    assert_int_equal(r.orphans, 1);
    expect_loaded(load_text("e.csv", H_EVALS "\n" GOOD_EVAL "\n"
                            "R2,P8,mentee,intro,2024-03-01,3,3,7\n"
                            "R3,P8,mentor,intro,2024-03-01,3,3,7\n"
                            "R4,P1,mentor,intro,2024-03-01,3,3,7\n", &r, &e),
                  &r, &e, "evaluations", 4, 4, 0);
    assert_int_equal(r.orphans, 2);
}


/* The outcome a summary word names (the cases below are written as the
 * summary lines print them). */
static enum ingest_outcome outcome_of(const char *word)
{
    static const enum ingest_outcome all[] = {
        INGEST_LOADED, INGEST_REFUSED, INGEST_UNCHANGED, INGEST_FAILED,
    };

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(ingest_outcome_word(all[i]), word) == 0)
            return all[i];
    fail_msg("no outcome is called '%s'", word);
    return INGEST_NOT_TRIED;
}

/* When a load-time count must be recounted: after a later loaded pairs
 * file or a later loaded file of the same kind; never for pairs, nor for
 * results that loaded nothing, nor because of files that changed
 * nothing (unchanged, refused, failed) or files of other child kinds. */
static void test_ingest__orphans_stale_rule(void **state)
{
    static const struct {
        const char *kind, *word;             /* the result itself */
        const char *later[3][2];             /* kind, status of later files */
        int stale;
    } cases[] = {
        {"meetings", "loaded", {{NULL, NULL}}, 0},
        {"meetings", "loaded", {{"pairs", "loaded"}}, 1},
        {"meetings", "loaded", {{"meetings", "loaded"}}, 1},
        {"goals", "loaded", {{"meetings", "loaded"}, {"evaluations", "loaded"}},
         0},
        {"goals", "loaded", {{"meetings", "loaded"}, {"goals", "loaded"}}, 1},
        {"evaluations", "loaded", {{"pairs", "unchanged"},
                                   {"pairs", "refused"},
                                   {"evaluations", "failed"}}, 0},
        {"evaluations", "loaded", {{NULL, "refused"}, {"pairs", "loaded"}}, 1},
        {"pairs", "loaded", {{"pairs", "loaded"}}, 0},
        {"meetings", "unchanged", {{"pairs", "loaded"}}, 0},
        {"meetings", "refused", {{"pairs", "loaded"}}, 0},
        {NULL, "refused", {{"pairs", "loaded"}}, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ingest_result r, later[3];
        size_t n = 0;

        memset(&r, 0, sizeof r);
        memset(later, 0, sizeof later);
        r.kind = cases[i].kind;
        r.outcome = outcome_of(cases[i].word);
        for (; n < 3 && cases[i].later[n][1] != NULL; n++) {
            later[n].kind = cases[i].later[n][0];
            later[n].outcome = outcome_of(cases[i].later[n][1]);
        }
        if (ingest_orphans_stale(&r, later, n) != cases[i].stale)
            fail_msg("case %zu: expected %d", i, cases[i].stale);
    }
}

/* A meetings export over 1 MiB (ingest reads it on a second thread and
 * hands checked records over in blocks of 256 KiB): 40,000 rows of pairs
 * P0..P4999, eight rows a pair, the roster naming P0..P99.  Row i is on
 * line i + 2; rows 999, 1999, ... hold 30 February; row 30000 repeats
 * row 5's id; every third row writes its date DD.MM.YYYY; row 20000's id
 * is 300,000 bytes, more than a block.  pii_at >= 0 puts an e-mail
 * address into that row's pair_id.  Caller frees. */
#define BIG_ROWS 40000
#define BIG_ID ((size_t)300000)
static char *big_meetings(long pii_at, size_t *len)
{
    struct sbuf b = {NULL, 0, 0};
    char row[128];

    sbuf_str(&b, H_MEETINGS "\n");
    for (long i = 0; i < BIG_ROWS; i++) {
        const char *date = i % 1000 == 999 ? "2024-02-30" :
                           i % 3 == 1 ? "01.03.2024" : "2024-03-01";
        if (i == 20000) {
            for (size_t k = 0; k < BIG_ID; k++)
                sbuf_add(&b, "X", 1);
            snprintf(row, sizeof row, ",P%ld,%s,held,60,,,\n", i / 8, date);
        } else if (i == pii_at) {
            snprintf(row, sizeof row, "MT%06ld,someone@example.com,%s,held,"
                     "60,,,\n", i, date);
        } else {
            snprintf(row, sizeof row, "MT%06ld,P%ld,%s,held,60,,,\n",
                     i == 30000 ? 5 : i, i / 8, date);
        }
        sbuf_str(&b, row);
    }
    *len = b.len;
    return b.s;
}

static void test_ingest__large_file_streams_through_blocks(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    struct sbuf roster = {NULL, 0, 0}, want = {NULL, 0, 0};
    char row[160], *snap, *text;
    size_t n;
    long orphans;

    (void)state;
    sbuf_str(&roster, H_PAIRS "\n");
    for (int p = 0; p < 100; p++) {
        snprintf(row, sizeof row, "P%d,LM,2024,M1,A1,C1,HR,0,2024-02-01,,"
                 "active,,\n", p);
        sbuf_str(&roster, row);
    }
    expect_loaded(load_text("p.csv", roster.s, &r, &e), &r, &e, "pairs", 100,
                  100, 0);
    free(roster.s);

    /* personal data on the next-to-last row: the whole file is refused */
    snap = db_snapshot();
    text = big_meetings(BIG_ROWS - 2, &n);
    assert_true(n > (size_t)1024 * 1024);
    assert_int_equal(ingest(put_file("pii.csv", text, n), NULL, NULL, &r, &e),
                     MS_DATAERR);
    free(text);
    assert_string_equal(ingest_outcome_word(r.outcome), "refused");
    if (strstr(e.msg, "line 40000, column 2 ('pair_id') holds an e-mail") ==
        NULL)
        fail_msg("refusal message: %s", e.msg);
    assert_int_equal(r.rows_read + r.rows_loaded + r.rows_rejected, 0);
    text = db_snapshot();
    assert_string_equal(text, snap);
    free(text);

    /* a database error part way (row 30001): nothing of the file stays */
    assert_int_equal(sqlite3_exec(db, "CREATE TEMP TRIGGER boom BEFORE INSERT "
                                  "ON meetings WHEN NEW.meeting_id = "
                                  "'MT030001' BEGIN SELECT RAISE(ABORT, "
                                  "'boom'); END", NULL, NULL, NULL),
                     SQLITE_OK);
    text = big_meetings(-1, &n);
    put_file("m.csv", text, n);
    free(text);
    assert_int_equal(ingest(path_of("m.csv"), NULL, NULL, &r, &e),
                     MS_SOFTWARE);
    assert_string_equal(ingest_outcome_word(r.outcome), "failed");
    if (strstr(e.msg, "boom") == NULL)
        fail_msg("database error message: %s", e.msg);
    text = db_snapshot();
    assert_string_equal(text, snap);
    free(text);
    free(snap);
    assert_int_equal(q_int("SELECT count(*) FROM batches WHERE kind = "
                           "'meetings' AND status = 'loaded'", NULL), 0);
    assert_int_equal(sqlite3_exec(db, "DROP TRIGGER boom", NULL, NULL, NULL),
                     SQLITE_OK);

    /* the same file loads: every row accounted for, in file order */
    expect_loaded(ingest(path_of("m.csv"), NULL, NULL, &r, &e), &r, &e,
                  "meetings", BIG_ROWS, BIG_ROWS - 41, 41);
    for (long i = 999; i < BIG_ROWS; i += 1000) {
        if (i > 30000 && i - 1000 < 30000)
            sbuf_str(&want, "30002:meeting_id:duplicate_id;");
        snprintf(row, sizeof row, "%ld:date:invalid_date;", i + 2);
        sbuf_str(&want, row);
    }
    want.s[want.len - 1] = '\0';
    assert_string_equal(rejects_of(r.batch_id), want.s);
    free(want.s);
    assert_string_equal(q_text("SELECT message FROM rejects WHERE rule = "
                               "'duplicate_id'", NULL), "meeting_id "
                        "'MT000005' appears earlier in this file; the first "
                        "is kept");
    assert_int_equal(q_int("SELECT count(*) FROM meetings WHERE date = "
                           "'2024-03-01' AND line = 1 + CAST(substr("
                           "meeting_id, 3) AS INTEGER) + 1", NULL),
                     BIG_ROWS - 41 - 1);
    assert_int_equal(q_int("SELECT length(meeting_id) FROM meetings WHERE "
                           "line = 20002", NULL), (long)BIG_ID);
    assert_int_equal(q_int("SELECT count(*) FROM meetings WHERE pair_id = "
                           "'P2500' AND line = 20002", NULL), 1);
    /* orphans: the rows loaded from pair P100 on (row 800 on) */
    orphans = (BIG_ROWS - 800) - 41;
    assert_int_equal(r.orphans, orphans);
    assert_int_equal(ingest_count_orphans(db, &r, &e), MS_OK);
    assert_int_equal(r.orphans, orphans);
}

static void test_ingest__windows_1252_semicolon_crlf(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("p.csv", "pair_id;programme;cohort;start_date;"
                            "status;end_date;cross_org\r\n"
                            "P1;G\xf6teborg;2024;01.02.2024;Completed;"
                            "20.01.2025;Ja\r\n"
                            "P2;Malm\xf6 \x96 Lund;;05.02.2024 14:30;active;;"
                            "Nej\r\n", &r, &e),
                  &r, &e, "pairs", 2, 2, 0);
    assert_string_equal(q_text_l("SELECT encoding || ' ' || delimiter FROM "
                                 "batches WHERE batch_id = ?1", r.batch_id),
                        "windows-1252 ;");
    assert_string_equal(q_text("SELECT programme FROM pairs WHERE pair_id = "
                               "'P1'", NULL), "G\xc3\xb6teborg");
    assert_string_equal(q_text("SELECT start_date || ' ' || end_date || ' ' "
                               "|| status || ' ' || cross_org FROM pairs "
                               "WHERE pair_id = 'P1'", NULL),
                        "2024-02-01 2025-01-20 completed 1");
    /* 0x96 is an en dash only in Windows-1252 */
    assert_string_equal(q_text("SELECT programme || ' ' || start_date || ' ' "
                               "|| cohort || ' ' || cross_org FROM pairs "
                               "WHERE pair_id = 'P2'", NULL),
                        "Malm\xc3\xb6 \xe2\x80\x93 Lund 2024-02-05 2024 0");

    expect_loaded(load_text("g.csv", "goal_id;pair_id;set_date;weight;"
                            "category\r\n"
                            "G1;P1;10.02.2024;1,5;Ledarskap f\xf6r chefer\r\n"
                            "G2;P1;10.02.2024;2.25;\r\n"
                            "G3;P1;10.02.2024;1.234,5;\r\n", &r, &e),
                  &r, &e, "goals", 3, 2, 1);
    assert_string_equal(rejects_of(r.batch_id), "4:weight:invalid_value");
    assert_close(q_double("SELECT weight FROM goals WHERE goal_id = 'G1'",
                          NULL), 1.5, 0);
    assert_close(q_double("SELECT weight FROM goals WHERE goal_id = 'G2'",
                          NULL), 2.25, 0);
    assert_string_equal(q_text("SELECT category FROM goals WHERE goal_id = "
                               "'G1'", NULL), "Ledarskap f\xc3\xb6r chefer");
    assert_string_equal(q_text("SELECT set_date FROM goals WHERE goal_id = "
                               "'G1'", NULL), "2024-02-10");
}

static void test_ingest__items_stored_as_json(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    expect_loaded(load_text("e.csv", "response_id,pair_id,role,survey,date,"
                            "q_trust,Q_Chemistry,q_custom_x,recommend\n"
                            "R1,P1,mentee,intro,2024-03-01,4,5,3,9\n"
                            "R2,P1,Mentor,FINAL,2025-01-10,2,,1,\n"
                            "R3,P1,mentor,midpoint,2024-08-01,,,,\n", &r, &e),
                  &r, &e, "evaluations", 3, 3, 0);
    assert_int_equal(q_int("SELECT count(*) FROM evaluations WHERE "
                           "json_valid(answers)", NULL), 3);
    assert_string_equal(q_text("SELECT json_extract(answers, '$.q_trust') || "
                               "json_extract(answers, '$.q_chemistry') || "
                               "json_extract(answers, '$.q_custom_x') FROM "
                               "evaluations WHERE response_id = 'R1'", NULL),
                        "453");
    /* unanswered items are absent, not null */
    assert_string_equal(q_text("SELECT group_concat(item || '=' || value) "
                               "FROM (SELECT item, value FROM "
                               "evaluation_answers WHERE response_id = 'R2' "
                               "ORDER BY item)", NULL),
                        "q_custom_x=1,q_trust=2");
    assert_string_equal(q_text("SELECT answers FROM evaluations WHERE "
                               "response_id = 'R3'", NULL), "{}");
    assert_string_equal(q_text("SELECT role || ' ' || survey || ' ' || "
                               "coalesce(recommend, 'NULL') FROM evaluations "
                               "WHERE response_id = 'R2'", NULL),
                        "mentor final NULL");
    /* the unknown item is registered with the default scale, no construct */
    assert_string_equal(q_text("SELECT scale_min || '..' || scale_max || ' ' "
                               "|| coalesce(construct, 'NULL') || ' ' || "
                               "programme FROM item_config WHERE item = "
                               "'q_custom_x'", NULL), "1..5 NULL *");
    /* the built-in items keep their construct */
    assert_string_equal(q_text("SELECT construct FROM item_config WHERE item "
                               "= 'q_chemistry'", NULL), "relationship");
    assert_int_equal(q_int("SELECT count(*) FROM dropped_columns", NULL), 0);
}

static void test_ingest__configured_item_scale(void **state)
{
    struct config *cfg = NULL;
    struct ingest_result r;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(config_load(put_text("c.ini", "[defaults]\n"
                                          "q_psych_safety = 1..7 "
                                          "relationship\n"),
                                 &cfg, &e), MS_OK);
    expect_loaded(ingest(put_text("e.csv", "response_id,pair_id,role,survey,"
                                  "date,q_psych_safety,q_trust\n"
                                  "R1,P1,mentee,intro,2024-03-01,7,5\n"
                                  "R2,P1,mentor,intro,2024-03-01,8,5\n"
                                  "R3,P1,mentor,final,2025-01-10,1,6\n"),
                         NULL, cfg, &r, &e),
                  &r, &e, "evaluations", 3, 1, 2);
    config_free(cfg);
    assert_string_equal(rejects_of(r.batch_id),
                        "3:q_psych_safety:out_of_range;4:q_trust:out_of_range");
    assert_int_equal(q_int("SELECT json_extract(answers, '$.q_psych_safety') "
                           "FROM evaluations", NULL), 7);
    assert_string_equal(q_text("SELECT scale_min || '..' || scale_max FROM "
                               "item_config WHERE item = 'q_psych_safety'",
                               NULL), "1..7");

    /* without --config the scale comes from item_config */
    expect_loaded(load_text("e2.csv", "response_id,pair_id,role,survey,date,"
                            "q_psych_safety\n"
                            "R4,P1,mentee,final,2025-01-10,6\n"
                            "R5,P1,mentor,final,2025-01-10,8\n", &r, &e),
                  &r, &e, "evaluations", 2, 1, 1);
    assert_string_equal(rejects_of(r.batch_id), "3:q_psych_safety:out_of_range");
}

static void test_ingest__missing_file_or_directory_noinput(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    enum ms_status s;
    char *before = db_snapshot(), *after;

    (void)state;
    s = ingest(path_of("nope.csv"), NULL, NULL, &r, &e);
    assert_int_equal(s, MS_NOINPUT);
    assert_contains(e.msg, "nope.csv");
    assert_string_equal(ingest_outcome_word(r.outcome), "refused");
    assert_int_equal(r.rows_read, 0);

    assert_int_equal(mkdir(path_of("dir.csv"), 0700), 0);
    s = ingest(path_of("dir.csv"), NULL, NULL, &r, &e);
    assert_int_equal(s, MS_NOINPUT);
    assert_contains(e.msg, "dir.csv");
    assert_string_equal(ingest_outcome_word(r.outcome), "refused");

    after = db_snapshot();
    assert_string_equal(after, before);
    free(before);
    free(after);
    /* unreadable files are on record as refused, without a digest */
    assert_int_equal(q_int("SELECT count(*) FROM batches WHERE status = "
                           "'refused' AND sha256 IS NULL AND rows_loaded = 0",
                           NULL), 2);
}

/* ---- what a new user meets (issue 16) ------------------------------------ */

/* Excel's "Unicode text" is UTF-16, with or without its byte-order mark:
 * refused with the advice, not as "not a text file". */
static void test_ingest__utf16_refused_with_advice(void **state)
{
    static const char text[] = H_PAIRS "\n" GOOD_PAIR "\n";
    unsigned char le[2 + 2 * sizeof text], be[2 * sizeof text];
    size_t n = strlen(text);
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    le[0] = 0xFF;
    le[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        le[2 + 2 * i] = (unsigned char)text[i];
        le[3 + 2 * i] = 0;
        be[2 * i] = 0;
        be[2 * i + 1] = (unsigned char)text[i];
    }
    expect_refused(ingest(put_file("le.txt", le, 2 + 2 * n), NULL, NULL, &r,
                          &e), &r, &e, "le.txt", "is UTF-16");
    assert_contains(e.msg, "save as CSV UTF-8");
    expect_refused(ingest(put_file("be.txt", be, 2 * n), NULL, NULL, &r, &e),
                   &r, &e, "be.txt", "is UTF-16");
    assert_int_equal(q_int("SELECT count(*) FROM pairs", NULL), 0);
}

/* Fewer than half the required columns of every kind: "matches no export
 * kind", not "looks like a pairs export"; half or more: the nearest kind
 * by share of required columns names what is missing. */
static void test_ingest__unrelated_header_matches_no_kind(void **state)
{
    static const struct {
        const char *header, *want;
    } cases[] = {
        {"Dear all", "the header matches no export kind"},
        {"invoice,amount,date,paid", "the header matches no export kind"},
        {"pair_id,comment", "the header matches no export kind"},
        {"pair_id,programme", "looks like a pairs export but lacks the "
                              "required columns 'start_date', 'status'"},
        {"pair_id,date,status", "looks like a meetings export but lacks the "
                                "required column 'meeting_id'"},
    };
    struct ingest_result r;
    struct ms_err e;
    char name[32], text[128];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(name, sizeof name, "h%zu.csv", i);
        snprintf(text, sizeof text, "%s\nx,y,z\n", cases[i].header);
        expect_refused(load_text(name, text, &r, &e), &r, &e, name,
                       cases[i].want);
    }
}

/* Every row rejected: no "rest loaded"; the most frequent rules, each
 * with its count and first line and column (issue 16's example). */
static void test_ingest__all_rows_rejected_names_top_rules(void **state)
{
    struct ingest_result r;
    struct ms_err e;

    (void)state;
    assert_int_equal(load_text("us.csv", H_PAIRS "\n"
                               "P1,LM,2024,M1,A1,C1,HR,0,10/31/2025,,active,,\n"
                               "P2,LM,2024,M1,A1,C1,HR,0,11/30/2025,,active,,\n"
                               "P3,LM,2024,M1,A1,C1,HR,0,2025-01-01,,maybe,,\n"
                               "P4,LM,2024,M1,A1,C1,HR,0,12/01/2025,,active,,\n",
                               &r, &e), MS_DATAERR);
    assert_int_equal(r.rows_loaded, 0);
    assert_int_equal(r.rows_rejected, 4);
    assert_contains(e.msg, "us.csv: all 4 rows rejected, nothing loaded");
    assert_contains(e.msg, "\n  invalid_date: 3 rows, first at line 2, column "
                    "start_date: '10/31/2025' in start_date is not a date");
    assert_contains(e.msg, "\n  invalid_value: 1 row, first at line 4, column "
                    "status: 'maybe' in status is not one of");
    if (strstr(e.msg, "rest loaded") != NULL)
        fail_msg("'%s' says the rest loaded", e.msg);
    /* some loaded: the rest loaded, the rule named */
    assert_int_equal(load_text("some.csv", H_PAIRS "\n" GOOD_PAIR "\n"
                               "P2,LM,2024,M1,A1,C1,HR,0,10/31/2025,,active,,\n",
                               &r, &e), MS_DATAERR);
    assert_contains(e.msg, "some.csv: 1 of 2 rows rejected, the rest loaded");
    assert_contains(e.msg, "invalid_date: 1 row, first at line 3");
}

/* Another process holds the write lock: "failed" (README), not
 * "refused", and nothing recorded. */
static void test_ingest__busy_database_is_failed(void **state)
{
    struct ingest_result r;
    struct ms_err e = {{0}};
    sqlite3 *other = NULL;
    long before = q_int("SELECT count(*) FROM batches", NULL);

    (void)state;
    assert_int_equal(sqlite3_open(dbpath, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 50);
    assert_int_equal(load_text("g.csv", H_GOALS "\n" GOOD_GOAL "\n", &r, &e),
                     MS_BUSY);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    assert_string_equal(ingest_outcome_word(r.outcome), "failed");
    assert_contains(e.msg, "in use");
    assert_int_equal(q_int("SELECT count(*) FROM batches", NULL), before);
}

/* A signal while a file loads (deferred, interrupt.h): the file is rolled
 * back, MS_INTERRUPTED, "failed", nothing of it in the database. */
static void test_ingest__signal_rolls_the_file_back(void **state)
{
    struct ingest_result r;
    struct ms_err e;
    char *text, *snap, *after;
    size_t n;

    (void)state;
    interrupt_install();
    interrupt_defer(1);
    snap = db_snapshot();
    text = big_meetings(-1, &n);
    assert_true(n > (size_t)1024 * 1024);
    raise(SIGTERM);
    assert_int_equal(interrupt_signal(), SIGTERM);
    assert_int_equal(ingest(put_file("big.csv", text, n), NULL, NULL, &r, &e),
                     MS_INTERRUPTED);
    free(text);
    interrupt_defer(0);
    interrupt_clear();
    assert_string_equal(ingest_outcome_word(r.outcome), "failed");
    assert_contains(e.msg, "big.csv: stopped by SIGTERM: rolled back");
    after = db_snapshot();
    assert_string_equal(after, snap);
    free(after);
    free(snap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, db_setup, db_teardown)
        T(test_ingest__reject_rules_table),
        T(test_ingest__latest_date_of_each_batch),
        T(test_ingest__range_ends_load),
        T(test_ingest__nul_byte_is_invalid_value),
        T(test_ingest__unterminated_quote_at_end_of_file),
        T(test_ingest__record_over_16_mib_rejected),
        T(test_ingest__fewer_fields_load_with_empty_trailing),
        T(test_ingest__line_numbers_after_quoted_newlines_and_blanks),
        T(test_ingest__duplicate_id_first_kept),
        T(test_ingest__counts_add_up_for_every_batch),
        T(test_ingest__personal_data_refuses_file),
        T(test_ingest__personal_header_names_refuse_file),
        T(test_ingest__binary_file_refused),
        T(test_ingest__empty_file_refused),
        T(test_ingest__header_alone_loads_no_rows),
        T(test_ingest__missing_required_column_refused),
        T(test_ingest__duplicate_header_refused),
        T(test_ingest__unknown_columns_dropped_not_stored),
        T(test_ingest__header_case_insensitive_and_trimmed),
        T(test_ingest__kind_given_or_detected),
        T(test_ingest__unknown_kind_refused),
        T(test_ingest__megabyte_field_loads_intact),
        T(test_ingest__refused_file_leaves_database_unchanged),
        T(test_ingest__same_file_again_is_a_no_op),
        T(test_ingest__newer_export_updates_by_id),
        T(test_ingest__orphans_until_the_roster_names_them),
        T(test_ingest__orphans_counted_while_loading),
        T(test_ingest__orphans_stale_rule),
        T(test_ingest__large_file_streams_through_blocks),
        T(test_ingest__windows_1252_semicolon_crlf),
        T(test_ingest__items_stored_as_json),
        T(test_ingest__configured_item_scale),
        T(test_ingest__missing_file_or_directory_noinput),
        T(test_ingest__utf16_refused_with_advice),
        T(test_ingest__unrelated_header_matches_no_kind),
        T(test_ingest__all_rows_rejected_names_top_rules),
        T(test_ingest__busy_database_is_failed),
        T(test_ingest__signal_rolls_the_file_back),
#undef T
    };

    msg_set_quiet(1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
