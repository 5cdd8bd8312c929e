/*
 * fuzz_ingest.c: libFuzzer harness for a whole-file ingest into an
 * in-memory database.  After every input the audit must add up:
 * rows_read = rows_loaded + rows_rejected, and a refused file leaves no
 * row behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "fuzz_common.h"
#include "ingest.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long n = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* One in-memory database for the whole run (creating the schema for every
 * input would be most of the work); emptied after each input. */
static sqlite3 *fuzz_db;

static void db_empty(sqlite3 *db)
{
    if (sqlite3_exec(db, "DELETE FROM rejects; DELETE FROM dropped_columns; "
                     "DELETE FROM batches; DELETE FROM pairs; DELETE FROM "
                     "meetings; DELETE FROM goals; DELETE FROM evaluations; "
                     "DELETE FROM item_config WHERE construct IS NULL",
                     NULL, NULL, NULL) != SQLITE_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    sqlite3 *db;
    struct ms_err e = {{0}};
    struct ingest_opts o = {0};
    struct ingest_result r;

    msg_set_quiet(1);
    if (fuzz_write_temp(data, size, path, sizeof path) != 0)
        return 0;
    if (fuzz_db == NULL && db_open(":memory:", DB_READWRITE, &fuzz_db, &e) != MS_OK)
        abort();
    db = fuzz_db;
    (void)ingest_file(db, path, &o, &r, &e);
    if (count(db, "SELECT count(*) FROM batches WHERE rows_read != "
                  "rows_loaded + rows_rejected") != 0)
        abort();
    if (r.outcome == INGEST_REFUSED &&
        count(db, "SELECT (SELECT count(*) FROM pairs) + (SELECT count(*) "
                  "FROM meetings) + (SELECT count(*) FROM goals) + (SELECT "
                  "count(*) FROM evaluations) + (SELECT count(*) FROM "
                  "rejects)") != 0)
        abort();
    if (!sqlite3_get_autocommit(db))
        abort();   /* ingest_file always ends its transaction */
    db_empty(db);
    unlink(path);
    return 0;
}
