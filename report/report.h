/*
 * report.h: the report stage: three workbooks from the results tables.
 *
 * report_run() reads the results and audit tables (results.md, inputs.md)
 * in one read transaction and writes, each atomically, into o->out_dir:
 *   hr_outcomes.xlsx          HR: outcomes by programme and cohort
 *   leadership_cohorts.xlsx   leadership: yearly cohorts and trends
 *   coordinator_risk.xlsx     coordinators: active pairs by risk
 * and with o->per_coordinator one coordinator_risk-<id>.xlsx per
 * coordinator (reports.md).  The HR and leadership workbooks show no ids
 * and suppress small cells (suppress.h); the same database gives
 * byte-identical files.  Temporary files that a killed report left
 * ("<workbook>.xlsx.tmp-<pid>" of a process that is gone) are removed.
 *
 *     struct report_opts o = { "reports", "sv", 0, print_path, NULL };
 *     if (report_run(db, &o, &e) != MS_OK) ... e.msg ...
 */
#ifndef MS_REPORT_H
#define MS_REPORT_H

#include <sqlite3.h>

#include "status.h"

struct report_opts {
    const char *out_dir;      /* created if missing (NULL: "reports") */
    const char *lang;         /* "en", "sv" or "da" (NULL: "en") */
    int per_coordinator;      /* also coordinator_risk-<id>.xlsx */
    /* called with each workbook path written, for stdout (may be NULL) */
    void (*on_written)(const char *path, void *ctx);
    void *ctx;
};

/* Write the workbooks of db (open, read-only is enough) as o says.
 * Errors: MS_USAGE (unknown language; no analysis in the database: run
 * analyze first), MS_CANTCREAT (out_dir cannot be created or a workbook
 * cannot be written: the message names it, with lxw_strerror's or the
 * system's text; that workbook's previous file stays), MS_IOERR / MS_BUSY
 * (database), MS_NOMEM, MS_SOFTWARE.  Workbooks written before a failure
 * stay written. */
enum ms_status report_run(sqlite3 *db, const struct report_opts *o,
                          struct ms_err *e);

/* 1 if lang is supported ("en", "sv", "da"), else 0. */
int report_lang_valid(const char *lang);

#endif
