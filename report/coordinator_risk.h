/*
 * coordinator_risk.h: coordinator_risk.xlsx, the pairs at risk for
 * coordinators (reports.md): "At-risk pairs", one row per active pair from
 * pair_risk, sorted in SQL (band high first, then risk descending with
 * unknown risk last, then number of flags descending, then pair_id), and
 * "How risk is computed" (flag rules, model terms, cross-validated fit,
 * bands).  Written with libxlsxwriter's constant_memory mode: rows stream
 * top to bottom, so 100,000 pairs take little memory.  Compressing that
 * long sheet is the slow part of the report, so it runs on a second thread
 * while the report reads the database (coordinator_risk_start); the file
 * is put in place later (coordinator_risk_finish), after the HR and
 * leadership workbooks, with per_coordinator also one workbook per
 * coordinator.
 *
 *     struct coordinator_risk *cr;
 *     if (coordinator_risk_start(db, "out", lang, "2025-06-30", work, ctx,
 *                                &cr, &e) == MS_OK)
 *         s = coordinator_risk_finish(cr, 0, print_path, NULL, &e);
 */
#ifndef MS_COORDINATOR_RISK_H
#define MS_COORDINATOR_RISK_H

#include <sqlite3.h>
#include <stddef.h>

#include "status.h"

/* The list of all pairs (coordinator_risk.xlsx) between
 * coordinator_risk_start and coordinator_risk_finish. */
struct coordinator_risk;

/* Start out_dir/coordinator_risk.xlsx in language lang (as_of: the
 * analysis date, YYYY-MM-DD): read the model's description and stream
 * every pair of pair_risk into the workbook's temporary file, then close
 * it (compress it into the zip file) on a second thread while
 * meanwhile(mctx) runs on this one (book_close_during: meanwhile may use
 * db but no libxlsxwriter).  meanwhile is called exactly once, also when
 * this fails.  On success *out is new: place it with
 * coordinator_risk_finish or drop it with coordinator_risk_free.  Errors:
 * MS_IOERR / MS_BUSY / MS_SOFTWARE (database), MS_NOMEM, MS_CANTCREAT;
 * *out is then NULL and no file is left.  A workbook error met while
 * writing is reported by coordinator_risk_finish. */
enum ms_status coordinator_risk_start(sqlite3 *db, const char *out_dir,
                                      int lang, const char *as_of,
                                      void (*meanwhile)(void *ctx),
                                      void *mctx,
                                      struct coordinator_risk **out,
                                      struct ms_err *e);

/* Put cr's workbook in place (atomically, book.h) and, when
 * per_coordinator, write one out_dir/coordinator_risk-<id>.xlsx per
 * coordinator_id (pairs without one: "unassigned") from the same database,
 * which must still be in the read transaction coordinator_risk_start saw.
 * on_written (may be NULL) is called with each path once it is in place.
 * cr is freed either way.  Errors: MS_CANTCREAT (that workbook's previous
 * file stays), MS_IOERR / MS_BUSY / MS_SOFTWARE (database), MS_NOMEM. */
enum ms_status coordinator_risk_finish(struct coordinator_risk *cr,
                                       int per_coordinator,
                                       void (*on_written)(const char *path,
                                                          void *ctx),
                                       void *ctx, struct ms_err *e);

/* Drop cr without placing its workbook: the temporary file is removed and
 * the previous coordinator_risk.xlsx stays.  NULL is a no-op. */
void coordinator_risk_free(struct coordinator_risk *cr);

/* The file-name part for coordinator id (NULL or "": "unassigned"): the
 * characters A-Z a-z 0-9 . _ - kept, every other byte replaced by '_', a
 * leading '.' too, at most 64 of them; when anything had to change (or id
 * is literally "unassigned"), "-" and 8 hex digits of the id's FNV-1a hash
 * are appended so that two ids never share a file.  out needs 80 bytes.
 * Returns out. */
char *coordinator_risk_file_id(const char *id, char out[80]);

#endif
