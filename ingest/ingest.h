/*
 * ingest.h: the ingest stage, one export file at a time (inputs.md).
 *
 * A file is read as a stream, checked row by row (ingest/fields.h,
 * ingest/contract.h), scanned for personal data (ingest/pii.h) and loaded
 * in one transaction: it is in whole or not at all.  Every record is
 * accounted for in batches and rejects.
 */
#ifndef MS_INGEST_H
#define MS_INGEST_H

#include <stddef.h>

#include <sqlite3.h>

#include "config.h"
#include "status.h"

struct ingest_opts {
    const char *kind;              /* pairs/meetings/goals/evaluations, or
                                      NULL to tell the kind from the header */
    const struct config *config;   /* --config, or NULL: item scales then
                                      come from the database's item_config */
};

/* What became of one file. */
enum ingest_outcome {
    INGEST_NOT_TRIED = 0,  /* not reached (a signal, or an earlier stop) */
    INGEST_LOADED,         /* committed: each row loaded or rejected */
    INGEST_REFUSED,        /* nothing loaded: personal data, not CSV, no
                              export kind, missing or duplicate columns */
    INGEST_UNCHANGED,      /* already ingested: nothing changes */
    INGEST_FAILED          /* a database or read error: nothing recorded */
};

/* The word of o in the summary line: "loaded", "refused", "unchanged",
 * "failed", or "-" for INGEST_NOT_TRIED.  This function can't fail. */
const char *ingest_outcome_word(enum ingest_outcome o);

struct ingest_result {
    int reported;            /* 1 when the fields below describe the file */
    long batch_id;           /* batches.batch_id, 0 when none was written */
    const char *file;        /* the path as given */
    const char *kind;        /* static kind name, or NULL when unknown */
    enum ingest_outcome outcome;  /* what became of the file */
    long rows_read, rows_loaded, rows_rejected;
    long orphans;            /* loaded rows whose pair is not in the roster
                                when the file loaded (see
                                ingest_orphans_stale) */
};

/* Ingest the export at path into db.  Fills *r in every case.  For a
 * file over 1 MiB the records are read and checked on a second thread,
 * which has ended when this returns; db is used on the caller's only.
 * Returns MS_OK when every record loaded (or the file was already
 * ingested: nothing changes); MS_DATAERR when the file was refused
 * (personal data, not CSV, unknown kind, missing or duplicate columns) or
 * some records were rejected - e says which and what to do; MS_NOINPUT
 * when the file cannot be read; MS_IOERR / MS_BUSY / MS_NOMEM on database
 * trouble, with the database unchanged. */
enum ms_status ingest_file(sqlite3 *db, const char *path,
                           const struct ingest_opts *o,
                           struct ingest_result *r, struct ms_err *e);

/* Rows of batch r->batch_id (a loaded meetings, goals or evaluations file)
 * whose pair is not in the roster now, into r->orphans (0 for any other
 * result).  One scan of the child table: call it only when
 * ingest_orphans_stale() says the count from loading is out of date.
 * Errors: MS_IOERR (r->orphans is then 0). */
enum ms_status ingest_count_orphans(sqlite3 *db, struct ingest_result *r,
                                    struct ms_err *e);

/* 1 when r->orphans, counted as r's file loaded, may no longer hold
 * because of later[0..n), the results of the files ingested after it
 * (same database, in order): a later loaded pairs file may name the
 * missing pairs, and a later loaded file of r's kind may have taken over
 * some of r's rows.  0 when the count is exact, and for a result that is
 * not a loaded child file.  This function can't fail. */
int ingest_orphans_stale(const struct ingest_result *r,
                         const struct ingest_result *later, size_t n);

#endif
