/*
 * db.c: opening, migrating and error translation for the SQLite database
 * (see db.h).  The only place that knows about journal modes, busy
 * timeouts and PRAGMA user_version.
 */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"

/* Page size of a database db_open creates, in bytes. */
#define DB_PAGE_SIZE "16384"

int db_schema_version(void)
{
    int v = 0;

    for (int i = 0; i < schema_migration_count; i++)
        if (schema_migrations[i].version > v)
            v = schema_migrations[i].version;
    return v;
}

enum ms_status db_error(sqlite3 *db, int rc, struct ms_err *e, const char *what)
{
    const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(e, MS_BUSY,
                       "%s: the database is in use by another mentorstat "
                       "process; try again when it has finished", what);
    case SQLITE_FULL:
        return err_set(e, MS_IOERR, "%s: disk full (%s); free some space "
                       "and run again: nothing was changed", what, m);
    case SQLITE_READONLY:
        return err_set(e, MS_IOERR, "%s: the database is read-only (%s); "
                       "check the file's permissions", what, m);
    case SQLITE_NOTADB:
        return err_set(e, MS_IOERR, "%s: the file is not an SQLite database",
                       what);
    case SQLITE_CANTOPEN:
        return err_set(e, MS_IOERR, "%s: cannot open the database (%s)", what,
                       m);
    case SQLITE_NOMEM:
        return err_set(e, MS_NOMEM, "%s: out of memory", what);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
        return err_set(e, MS_SOFTWARE, "%s: %s", what, m);
    default:
        /* an I/O error says more with the system's reason ("File too
         * large" when a size limit is hit) */
        if (db != NULL && sqlite3_system_errno(db) != 0)
            return err_set(e, MS_IOERR, "%s: %s (%s)", what, m,
                           strerror(sqlite3_system_errno(db)));
        return err_set(e, MS_IOERR, "%s: %s", what, m);
    }
}

enum ms_status db_exec(sqlite3 *db, const char *sql, struct ms_err *e)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    if (rc != SQLITE_OK)
        return db_error(db, rc, e, "database");
    return MS_OK;
}

enum ms_status db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                          struct ms_err *e)
{
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                                NULL);

    if (rc != SQLITE_OK) {
        *st = NULL;
        return db_error(db, rc, e, "preparing a statement");
    }
    return MS_OK;
}

enum ms_status db_begin(sqlite3 *db, struct ms_err *e)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    if (rc != SQLITE_OK)
        return db_error(db, rc, e, "starting a transaction");
    return MS_OK;
}

enum ms_status db_commit(sqlite3 *db, struct ms_err *e)
{
    int rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);

    if (rc != SQLITE_OK) {
        db_rollback(db);
        return db_error(db, rc, e, "committing");
    }
    return MS_OK;
}

void db_rollback(sqlite3 *db)
{
    if (db != NULL && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s == NULL)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* Read an integer PRAGMA; -1 on error. */
static int pragma_int(sqlite3 *db, const char *sql, int *rc_out)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    *rc_out = rc;
    return v;
}

/* Apply every migration above the current user_version, each in one
 * transaction that re-reads the version under the write lock. */
static enum ms_status db_migrate(sqlite3 *db, const char *path,
                                 struct ms_err *e)
{
    char sql[64];
    enum ms_status s;
    int rc, version, tables;

    for (int i = 0; i < schema_migration_count; i++) {
        const struct schema_migration *m = &schema_migrations[i];

        version = pragma_int(db, "PRAGMA user_version", &rc);
        if (rc != SQLITE_OK)
            return db_error(db, rc, e, path);
        if (m->version <= version)
            continue;
        if ((s = db_begin(db, e)) != MS_OK)
            return s;   /* BUSY, read-only, disk full...: as it was */
        version = pragma_int(db, "PRAGMA user_version", &rc);
        if (rc == SQLITE_OK && m->version <= version) {
            db_rollback(db);
            continue;
        }
        if (version == 0) {
            tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &rc);
            if (rc == SQLITE_OK && tables > 0) {
                db_rollback(db);
                return err_set(e, MS_IOERR,
                               "'%s' is an SQLite database but not "
                               "mentorstat's: give --db a new file name",
                               path);
            }
        }
        rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
            rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK) {
            snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
                     DB_APPLICATION_ID);
            rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            s = db_error(db, rc, e, m->name);
            db_rollback(db);
            return s;
        }
        if ((s = db_commit(db, e)) != MS_OK)
            return s;
    }
    return MS_OK;
}

/* Busy timeout from the environment, or the default. */
static int busy_timeout_ms(void)
{
    const char *s = getenv("MENTORSTAT_BUSY_TIMEOUT_MS");
    char *end;
    long v;

    if (s == NULL || *s == '\0')
        return DB_BUSY_TIMEOUT_MS;
    v = strtol(s, &end, 10);
    if (*end != '\0' || v < 0 || v > 3600000)
        return DB_BUSY_TIMEOUT_MS;
    return (int)v;
}

/* Switch db to WAL.  That takes an exclusive lock, and SQLite returns
 * SQLITE_BUSY for it at once, without the busy handler, while another
 * process creates or converts the same new database: so retry, for as
 * long as the busy timeout.  Returns the SQLite result code. */
static int wal_enable(sqlite3 *db)
{
    int rc, waited = 0, limit = busy_timeout_ms();

    for (;;) {
        rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc != SQLITE_BUSY || waited >= limit)
            return rc;
        sqlite3_sleep(20);
        waited += 20;
    }
}

/* 1 when path's write-ahead log holds changes not yet in the database
 * file (a reader must then use the WAL index, which it cannot create
 * without write access to the folder). */
static int wal_pending(const char *path)
{
    char wal[4096];
    struct stat sb;

    if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
        return 1;
    return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* Open path read-only and immutable (SQLite then takes no lock and needs
 * no -shm file): for a database this user may not write, with no WAL
 * pending.  The path goes into a URI, every byte but [A-Za-z0-9/._~-]
 * percent-encoded.  Returns the SQLite result code. */
static int open_immutable(const char *path, sqlite3 **db, int flags)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path), o = 0;
    char *uri = malloc(3 * n + 32);
    int rc;

    if (uri == NULL)
        return SQLITE_NOMEM;
    o += (size_t)sprintf(uri, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("/._~-", c) != NULL) {
            uri[o++] = (char)c;
        } else {
            uri[o++] = '%';
            uri[o++] = hex[c >> 4];
            uri[o++] = hex[c & 15];
        }
    }
    strcpy(uri + o, "?immutable=1");
    rc = sqlite3_open_v2(uri, db, flags | SQLITE_OPEN_URI, NULL);
    free(uri);
    return rc;
}

void db_init(void)
{
    /* SQLITE_MISUSE once SQLite is initialised: the option then stays */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum ms_status db_open(const char *path, enum db_mode mode, sqlite3 **out,
                       struct ms_err *e)
{
    sqlite3 *db = NULL;
    struct stat sb;
    enum ms_status s = MS_OK;
    int rc, flags, version, appid, tables;
    int latest = db_schema_version();

    *out = NULL;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return err_set(e, MS_IOERR, "database '%s' is a directory: give "
                       "--db a file name", path);
    if (mode == DB_READONLY && stat(path, &sb) != 0)
        return err_set(e, MS_NOINPUT, "no database '%s': run 'mentorstat "
                       "ingest' and 'mentorstat analyze' first", path);
    flags = mode == DB_READONLY ? SQLITE_OPEN_READONLY
                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;   /* each connection serves one thread */
    rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        s = err_set(e, MS_IOERR, "cannot open database '%s': %s", path,
                    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        goto done;
    }
    sqlite3_extended_result_codes(db, 0);
    sqlite3_busy_timeout(db, busy_timeout_ms());

    /* Reading the header tells a non-SQLite file apart at once. */
    appid = pragma_int(db, "PRAGMA application_id", &rc);
    if (mode == DB_READONLY && (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)
        && wal_pending(path)) {
        s = err_set(e, MS_IOERR, "cannot read database '%s': its write-ahead "
                    "log '%s-wal' holds changes that only a user who may "
                    "write its folder can apply; run 'mentorstat report' "
                    "once as that user", path, path);
        goto done;
    }
    if (mode == DB_READONLY && (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)) {
        /* a WAL database in a folder this user may not write: no -shm can
         * be made, and none is needed when nothing is pending (cli.md:
         * report works on a database the user may not write) */
        sqlite3_close(db);
        db = NULL;
        rc = open_immutable(path, &db, flags);
        if (rc == SQLITE_OK)
            appid = pragma_int(db, "PRAGMA application_id", &rc);
    }
    if (rc != SQLITE_OK) {
        if (rc == SQLITE_NOTADB)
            s = err_set(e, MS_IOERR, "'%s' is not an SQLite database: give "
                        "--db a mentorstat database or a new file name", path);
        else
            s = db_error(db, rc, e, path);
        goto done;
    }
    version = pragma_int(db, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK) {
        s = db_error(db, rc, e, path);
        goto done;
    }
    /* Another program's SQLite file (tables but no schema version) is
     * refused here, before the journal mode below writes to it. */
    tables = version == 0 ? pragma_int(db, "SELECT count(*) FROM "
                                       "sqlite_schema", &rc) : 0;
    if (rc != SQLITE_OK) {
        s = db_error(db, rc, e, path);
        goto done;
    }
    if ((version > 0 && appid != DB_APPLICATION_ID) || tables > 0) {
        s = err_set(e, MS_IOERR, "'%s' is an SQLite database but not "
                    "mentorstat's: give --db a new file name", path);
        goto done;
    }
    /* Someone else's database without a user_version: refuse it before
     * the WAL pragma below rewrites its header. */
    if (version == 0) {
        int objects = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
                                 &rc);
        if (rc != SQLITE_OK) {
            s = db_error(db, rc, e, path);
            goto done;
        }
        if (objects > 0) {
            s = err_set(e, MS_IOERR, "'%s' is an SQLite database but not "
                        "mentorstat's: give --db a new file name", path);
            goto done;
        }
    }
    if (version > latest) {
        s = err_set(e, MS_IOERR, "database '%s' was written by a newer "
                    "mentorstat (schema %d; this one knows up to %d): "
                    "upgrade mentorstat to read it", path, version, latest);
        goto done;
    }
    if (mode == DB_READONLY) {
        if (version < latest) {
            s = err_set(e, MS_IOERR, "database '%s' has schema %d, older than "
                        "this mentorstat's %d: run 'mentorstat analyze' to "
                        "upgrade it", path, version, latest);
            goto done;
        }
    } else {
        /* A new database gets 16 KiB pages (SQLite's default is 4 KiB):
         * a quarter of the reads and writes, each a system call, for the
         * same rows (ingest of 1.96 M meetings in the shell: CPU -27 %).
         * It only takes effect before the first page is written, so an
         * existing database keeps its size. */
        rc = version == 0 ? sqlite3_exec(db, "PRAGMA page_size = "
                                         DB_PAGE_SIZE, NULL, NULL, NULL)
                          : SQLITE_OK;
        /* WAL: readers go on while a file loads, and a killed process
         * leaves the last committed state.  Statement journals (opened
         * by every upsert) live in memory: they are small and per-row. */
        if (rc == SQLITE_OK)
            rc = wal_enable(db);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "PRAGMA synchronous = NORMAL; "
                              "PRAGMA temp_store = MEMORY; "
                              "PRAGMA cache_size = -16384;", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            s = db_error(db, rc, e, path);
            goto done;
        }
        s = db_migrate(db, path, e);
        if (s != MS_OK)
            goto done;
    }
    rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        s = db_error(db, rc, e, path);
done:
    if (s != MS_OK) {
        sqlite3_close(db);
        return s;
    }
    *out = db;
    return MS_OK;
}

void db_close(sqlite3 *db)
{
    if (db != NULL)
        sqlite3_close(db);
}
