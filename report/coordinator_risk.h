/*
 * coordinator_risk.h: coordinator_risk.xlsx, the pairs at risk for
 * coordinators (reports.md): "At-risk pairs", one row per active pair from
 * pair_risk, sorted in SQL (band high first, then risk descending with
 * unknown risk last, then number of flags descending, then pair_id), and
 * "How risk is computed" (flag rules, model terms, cross-validated fit,
 * bands).  Written with libxlsxwriter's constant_memory mode: rows stream
 * top to bottom, so 100,000 pairs take seconds and little memory.  With
 * per_coordinator, also one workbook per coordinator.
 */
#ifndef MS_COORDINATOR_RISK_H
#define MS_COORDINATOR_RISK_H

#include <sqlite3.h>
#include <stddef.h>

#include "status.h"

/* Write out_dir/coordinator_risk.xlsx and, when per_coordinator, one
 * out_dir/coordinator_risk-<id>.xlsx per coordinator_id (pairs without one:
 * "unassigned"), each atomically (book.h), in language lang.  as_of is the
 * analysis date.  on_written (may be NULL) is called with each path once
 * it is in place.  Errors: MS_CANTCREAT (that workbook's previous file
 * stays), MS_IOERR / MS_BUSY / MS_SOFTWARE (database), MS_NOMEM. */
enum ms_status coordinator_risk_write(sqlite3 *db, const char *out_dir,
                                      int lang, int per_coordinator,
                                      const char *as_of,
                                      void (*on_written)(const char *path,
                                                         void *ctx),
                                      void *ctx, struct ms_err *e);

/* The file-name part for coordinator id (NULL or "": "unassigned"): the
 * characters A-Z a-z 0-9 . _ - kept, every other byte replaced by '_', a
 * leading '.' too, at most 64 of them; when anything had to change (or id
 * is literally "unassigned"), "-" and 8 hex digits of the id's FNV-1a hash
 * are appended so that two ids never share a file.  out needs 80 bytes.
 * Returns out. */
char *coordinator_risk_file_id(const char *id, char out[80]);

#endif
