/*
 * survdata.h: the checks every survival module (km, aj, logrank) makes of
 * its input, in one place so their messages agree.
 */
#ifndef MS_SURVDATA_H
#define MS_SURVDATA_H

#include <stddef.h>

#include "status.h"

/* Check n subjects: time[i] finite and >= 0 (days), status[i] 0, 1 or 2.
 * Returns MS_OK, or MS_DATAERR with "subject I: ..." in err. */
enum ms_status survdata_check(const double *time, const int *status, size_t n,
                              struct ms_err *err);

/* Check requested times: finite, >= 0 and strictly increasing.  Returns
 * MS_OK, or MS_SOFTWARE naming the caller `who` in err. */
enum ms_status survdata_check_times(const double *at, size_t n_at,
                                    const char *who, struct ms_err *err);

/* 1 when time[0..n) never decreases.  The estimators only need their
 * subjects grouped by time (within a time their counts do not depend on
 * the order), so a caller that hands them over in time order spares them
 * the sort.  This function can't fail. */
int survdata_time_sorted(const double *time, size_t n);

#endif
