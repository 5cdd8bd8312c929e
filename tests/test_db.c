/*
 * test_db.c: opening, creating and refusing databases (core/db.c).
 *
 * Every case works in a mkdtemp() directory.  Databases that db_open() must
 * refuse are made with the plain SQLite API, and after each refusal the
 * file must be byte for byte what it was ("the file is unchanged", db.h).
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

/* ---- fixture ------------------------------------------------------------- */

static char tmpdir[64];

static int dir_setup(void **state)
{
    (void)state;
    return test_dir_make(tmpdir, sizeof tmpdir, "test_db");
}

static int dir_teardown(void **state)
{
    (void)state;
    return test_dir_remove(tmpdir);
}

static const char *path_of(const char *name)
{
    static char ring[4][256];
    static int next;
    char *p = ring[next++ % 4];

    snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
    return p;
}

/* The integer of a one-row query. */
static long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long v;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Run sql on the database at path with the plain SQLite API. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* The whole file at path (*n bytes); caller frees. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b;
    long len;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static int exists(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0;
}

/* db_open(path, mode) must fail with status, a message holding needle and
 * the file (if any) left byte for byte as it was. */
static void expect_refused(const char *path, enum db_mode mode,
                           enum ms_status status, const char *needle)
{
    sqlite3 *db = (sqlite3 *)&db;   /* must become NULL */
    struct ms_err e = {{0}};
    char *before = NULL, *after;
    size_t nb = 0, na;
    struct stat sb;
    int is_file = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);

    if (is_file)
        before = slurp(path, &nb);
    assert_int_equal(db_open(path, mode, &db, &e), status);
    assert_null(db);
    if (strstr(e.msg, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", e.msg, needle);
    if (strstr(e.msg, path) == NULL)
        fail_msg("message '%s' does not name '%s'", e.msg, path);
    if (is_file) {
        after = slurp(path, &na);
        assert_int_equal(na, nb);
        assert_memory_equal(after, before, nb);
        free(after);
        free(before);
    }
}

/* ---- a new database ------------------------------------------------------ */

static void test_db__new_database_is_current(void **state)
{
    const char *path = path_of("new.db");
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_false(exists(path));
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    assert_non_null(db);
    assert_string_equal(e.msg, "");
    assert_true(db_schema_version() >= 1);
    assert_int_equal(q_int(db, "PRAGMA user_version"), db_schema_version());
    assert_int_equal(q_int(db, "PRAGMA application_id"), 0x4D535431);
    assert_int_equal(DB_APPLICATION_ID, 0x4D535431);   /* "MST1" */
    assert_int_equal(q_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_journal_mode "
                               "WHERE journal_mode = 'wal'"), 1);
    /* the schema is there: the tables of every stage */
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
                               "type = 'table' AND name IN ('batches', "
                               "'rejects', 'pairs', 'meetings', 'goals', "
                               "'evaluations', 'item_config', "
                               "'programme_config', 'res_completion', "
                               "'pair_risk')"), 10);
    assert_int_equal(q_int(db, "SELECT count(*) FROM item_config"), 8);
    db_close(db);
    db_close(NULL);
}

/* db_init() (called first in main below) turns SQLite's memory statistics
 * off: with them on, an open connection counts bytes in use.  db_open()
 * gives a connection without a mutex of its own (sqlite3_db_mutex() is
 * NULL for such a connection, per SQLite's documentation of it). */
static void test_db__init_and_open_settings_for_speed(void **state)
{
    const char *path = path_of("fast.db");
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM item_config"), 8);
    assert_int_equal(sqlite3_memory_used(), 0);
    assert_null(sqlite3_db_mutex(db));
    db_init();   /* again, once SQLite is in use: no effect, no harm */
    assert_int_equal(q_int(db, "PRAGMA user_version"), db_schema_version());
    db_close(db);
}

static void test_db__reopening_is_a_no_op(void **state)
{
    const char *path = path_of("again.db");
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};
    long objects;

    (void)state;
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    objects = q_int(db, "SELECT count(*) FROM sqlite_schema");
    assert_int_equal(sqlite3_exec(db, "INSERT INTO programme_config VALUES "
                                      "('Leader mentoring', 9, 6)",
                                  NULL, NULL, NULL), SQLITE_OK);
    db_close(db);

    for (int i = 0; i < 2; i++) {
        db = NULL;
        assert_int_equal(db_open(path, i == 0 ? DB_READWRITE : DB_READONLY,
                                 &db, &e), MS_OK);
        assert_int_equal(q_int(db, "PRAGMA user_version"),
                         db_schema_version());
        assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema"),
                         objects);
        /* no migration ran again: the rows are as they were */
        assert_int_equal(q_int(db, "SELECT count(*) FROM programme_config"),
                         2);
        assert_int_equal(q_int(db, "SELECT k FROM programme_config WHERE "
                                   "programme = 'Leader mentoring'"), 6);
        db_close(db);
    }
    assert_string_equal(e.msg, "");
}

static void test_db__readonly_refuses_writes(void **state)
{
    const char *path = path_of("ro.db");
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    db_close(db);
    assert_int_equal(db_open(path, DB_READONLY, &db, &e), MS_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM item_config", NULL, NULL,
                                  NULL), SQLITE_READONLY);
    assert_int_equal(db_exec(db, "DELETE FROM item_config", &e), MS_IOERR);
    assert_non_null(strstr(e.msg, "read-only"));
    db_close(db);
}

/* ---- databases refused --------------------------------------------------- */

static void test_db__newer_schema_refused(void **state)
{
    const char *path = path_of("newer.db");
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};
    char sql[64];

    (void)state;
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    db_close(db);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
             db_schema_version() + 1);
    raw_exec(path, sql);
    expect_refused(path, DB_READWRITE, MS_IOERR, "newer");
    expect_refused(path, DB_READONLY, MS_IOERR, "newer");
}

static void test_db__text_file_refused(void **state)
{
    const char *path = path_of("pairs.csv");
    FILE *f = fopen(path, "w");

    (void)state;
    assert_non_null(f);
    for (int i = 0; i < 40; i++)   /* more than one database page */
        fprintf(f, "P%04d,Leader mentoring,2024,M%d,A%d,C1,HR,0,2024-02-01,,"
                "active,,\n", i, i, i);
    assert_int_equal(fclose(f), 0);
    expect_refused(path, DB_READWRITE, MS_IOERR, "not an SQLite database");
    expect_refused(path, DB_READONLY, MS_IOERR, "not an SQLite database");

    /* a short one too */
    f = fopen(path_of("short.txt"), "w");
    assert_non_null(f);
    fputs("hello\n", f);
    assert_int_equal(fclose(f), 0);
    expect_refused(path_of("short.txt"), DB_READWRITE, MS_IOERR,
                   "not an SQLite database");
}

static void test_db__other_sqlite_database_refused(void **state)
{
    const char *path = path_of("other.db");
    const char *path2 = path_of("other2.db");

    (void)state;
    /* user_version 0, tables of someone else's */
    raw_exec(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount "
                   "REAL); INSERT INTO invoices VALUES (1, 9.5)");
    expect_refused(path, DB_READWRITE, MS_IOERR, "not mentorstat's");
    /* a user_version of its own and another application_id */
    raw_exec(path2, "CREATE TABLE t (x); PRAGMA user_version = 1; "
                    "PRAGMA application_id = 1234");
    expect_refused(path2, DB_READWRITE, MS_IOERR, "not mentorstat's");
    expect_refused(path2, DB_READONLY, MS_IOERR, "not mentorstat's");
}

static void test_db__readonly_missing_file_noinput(void **state)
{
    const char *path = path_of("missing.db");

    (void)state;
    expect_refused(path, DB_READONLY, MS_NOINPUT, "no database");
    assert_false(exists(path));   /* not created */
}

static void test_db__readonly_older_schema_refused(void **state)
{
    const char *path = path_of("empty.db");
    FILE *f = fopen(path, "w");

    (void)state;
    /* an empty file is an SQLite database of schema 0 */
    assert_non_null(f);
    assert_int_equal(fclose(f), 0);
    expect_refused(path, DB_READONLY, MS_IOERR, "older");
}

static void test_db__directory_refused(void **state)
{
    const char *path = path_of("dir.db");

    (void)state;
    assert_int_equal(mkdir(path, 0700), 0);
    expect_refused(path, DB_READWRITE, MS_IOERR, "directory");
    expect_refused(path, DB_READONLY, MS_IOERR, "directory");
}

static void test_db__busy_database_reports_busy(void **state)
{
    const char *path = path_of("busy.db");
    sqlite3 *a = NULL, *b = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(setenv("MENTORSTAT_BUSY_TIMEOUT_MS", "50", 1), 0);
    assert_int_equal(db_open(path, DB_READWRITE, &a, &e), MS_OK);
    assert_int_equal(db_open(path, DB_READWRITE, &b, &e), MS_OK);
    assert_int_equal(db_begin(a, &e), MS_OK);
    assert_int_equal(db_begin(b, &e), MS_BUSY);
    assert_non_null(strstr(e.msg, "in use by another mentorstat process"));
    db_rollback(a);
    err_clear(&e);
    assert_int_equal(db_begin(b, &e), MS_OK);
    assert_int_equal(db_commit(b, &e), MS_OK);
    db_close(a);
    db_close(b);
    unsetenv("MENTORSTAT_BUSY_TIMEOUT_MS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)
        T(test_db__new_database_is_current),
        T(test_db__init_and_open_settings_for_speed),
        T(test_db__reopening_is_a_no_op),
        T(test_db__readonly_refuses_writes),
        T(test_db__newer_schema_refused),
        T(test_db__text_file_refused),
        T(test_db__other_sqlite_database_refused),
        T(test_db__readonly_missing_file_noinput),
        T(test_db__readonly_older_schema_refused),
        T(test_db__directory_refused),
        T(test_db__busy_database_reports_busy),
#undef T
    };

    db_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
