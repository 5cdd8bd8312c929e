/*
 * db.h: the SQLite database every stage reads and writes.
 *
 * db_open() opens (or creates) the database, refuses files that are not a
 * mentorstat database or were written by a newer mentorstat, and applies
 * the embedded migrations (schemas/NNN_*.sql, keyed on PRAGMA user_version).
 * All SQL with values goes through prepared statements with bound values.
 */
#ifndef MS_DB_H
#define MS_DB_H

#include <sqlite3.h>

#include "status.h"

/* PRAGMA application_id of a mentorstat database: "MST1". */
#define DB_APPLICATION_ID 0x4D535431

/* How long a second process waits for the database before giving up,
 * in milliseconds; the environment variable MENTORSTAT_BUSY_TIMEOUT_MS
 * overrides it (the tests use a short wait). */
#define DB_BUSY_TIMEOUT_MS 15000

enum db_mode {
    DB_READONLY,   /* report: the file must exist and be current */
    DB_READWRITE   /* ingest, analyze: created and migrated if needed */
};

/* Set SQLite's process-wide options for speed: no memory statistics
 * (they take a global mutex on every allocation).  Call it once at the
 * start of the process, before any other SQLite call (main does; tests
 * may).  This function can't fail: once SQLite is in use the options
 * stay as they are, which is slower, never wrong. */
void db_init(void);

/* Open the database at path.  On success *out is the open connection
 * (close it with db_close; use it from one thread at a time: it has no
 * mutex of its own) with WAL journaling, foreign keys on, the busy
 * timeout set and the schema at the latest version.  On error *out is NULL,
 * e says why and what to do, and the file is unchanged (a half-applied
 * migration is rolled back).  Errors: MS_NOINPUT (missing file in
 * DB_READONLY mode), MS_IOERR (not SQLite, not mentorstat's, newer schema,
 * cannot create), MS_BUSY (locked too long). */
enum ms_status db_open(const char *path, enum db_mode mode, sqlite3 **out,
                       struct ms_err *e);

/* Close db, finalizing nothing: callers finalize their statements first.
 * db_close(NULL) is a no-op. */
void db_close(sqlite3 *db);

/* Translate the last error of db into a status and a message
 * "WHAT: sqlite's message" (with advice for busy, full and read-only
 * databases).  rc is the failing SQLite result code. */
enum ms_status db_error(sqlite3 *db, int rc, struct ms_err *e,
                        const char *what);

/* Run SQL that binds no values (DDL, BEGIN, DELETE FROM t).  On error the
 * message names `what`. */
enum ms_status db_exec(sqlite3 *db, const char *sql, struct ms_err *e);

/* Prepare sql into *st (persistent when the statement is reused in a
 * loop).  The caller finalizes *st.  On error *st is NULL. */
enum ms_status db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                          struct ms_err *e);

/* BEGIN IMMEDIATE (takes the write lock now, waiting up to the busy
 * timeout), COMMIT, and ROLLBACK (which can't fail from the caller's point
 * of view: it is the cleanup path). */
enum ms_status db_begin(sqlite3 *db, struct ms_err *e);
enum ms_status db_commit(sqlite3 *db, struct ms_err *e);
void db_rollback(sqlite3 *db);

/* Bind text s (NULL binds NULL) as SQLITE_TRANSIENT / SQLITE_STATIC.
 * Return the SQLite result code. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Latest schema version this build knows (the highest migration). */
int db_schema_version(void);

#endif
