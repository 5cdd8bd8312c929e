/*
 * analyze.h: the analyze stage (results.md).
 *
 * Reads the ingested data as of one date (analyze/dataset.h), computes
 * every results table with the statistics modules of this folder (one per
 * statistic: wilson, km, aj, logrank, gas, describe, alpha, wilcoxon, nps,
 * ratio, bh, and the risk model: flags, logit, folds, auc) and replaces all
 * results in one transaction: a failure leaves the previous results in
 * place.
 */
#ifndef MS_ANALYZE_H
#define MS_ANALYZE_H

#include <sqlite3.h>
#include <stdint.h>

#include "status.h"

struct analyze_opts {
    int has_as_of;     /* 0: the latest date in the data (results.md) */
    int32_t as_of;     /* days since 1970-01-01 */
    int parts;         /* 0: as dataset_parts says; 1 or 2: read the data in
                          that many parts (threads); the results are the
                          same either way */
};

/* Recompute every results table of db as of o->as_of.  Errors: MS_USAGE
 * (o->as_of more than 31 days after the latest date in the data; the
 * message names that date), MS_DATAERR (no data to analyze: ingest
 * first), MS_IOERR / MS_BUSY (database),
 * MS_NOMEM, MS_NUMERIC; the previous results are then untouched. */
enum ms_status analyze_run(sqlite3 *db, const struct analyze_opts *o,
                           struct ms_err *e);

#endif
