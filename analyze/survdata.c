/*
 * survdata.c: input checks shared by km.c, aj.c and logrank.c (see
 * survdata.h).
 */
#include "survdata.h"

#include <math.h>

enum ms_status survdata_check(const double *time, const int *status, size_t n,
                              struct ms_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i]) || time[i] < 0.0)
            return err_set(err, MS_DATAERR,
                           "subject %zu: time %g is not a number of days >= 0",
                           i, time[i]);
        if (status[i] < 0 || status[i] > 2)
            return err_set(err, MS_DATAERR,
                           "subject %zu: status %d is not 0, 1 or 2", i,
                           status[i]);
    }
    return MS_OK;
}

enum ms_status survdata_check_times(const double *at, size_t n_at,
                                    const char *who, struct ms_err *err)
{
    for (size_t i = 0; i < n_at; i++)
        if (!isfinite(at[i]) || at[i] < 0.0 || (i > 0 && !(at[i] > at[i - 1])))
            return err_set(err, MS_SOFTWARE, "%s: time %zu (%g) is not >= 0 "
                           "and above the one before", who, i, at[i]);
    return MS_OK;
}

int survdata_time_sorted(const double *time, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (time[i] < time[i - 1])
            return 0;
    return 1;
}
