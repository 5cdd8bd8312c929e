/*
 * describe.c: mean, sample sd and t interval (see describe.h).
 */
#include "describe.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

/* x when it is finite, else NAN: an overflowed figure is absent. */
static double finite_or_nan(double x)
{
    return isfinite(x) ? x : NAN;
}

enum ms_status describe_mean_ci(const double *x, size_t n, double conf,
                                struct describe_stats *out)
{
    if (!out || (n > 0 && !x) || !(conf > 0.0 && conf < 1.0))
        return MS_SOFTWARE;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return MS_SOFTWARE;

    struct describe_stats d = {n, NAN, NAN, NAN, NAN};
    if (n >= 1)
        d.mean = finite_or_nan(gsl_stats_mean(x, 1, n));
    if (n >= 2 && isfinite(d.mean)) {
        d.sd = finite_or_nan(gsl_stats_sd_m(x, 1, n, d.mean));
        double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - conf) / 2.0, (double)(n - 1));
        double half = t * d.sd / sqrt((double)n);
        if (isfinite(d.sd) && isfinite(half)) {
            d.ci_low = finite_or_nan(d.mean - half);
            d.ci_high = finite_or_nan(d.mean + half);
        }
        if (!isfinite(d.ci_low) || !isfinite(d.ci_high))
            d.ci_low = d.ci_high = NAN;
    }
    *out = d;
    return MS_OK;
}

enum ms_status describe_mean_ci_counts(const long *counts, long lo,
                                       size_t n_values, double conf,
                                       struct describe_stats *out)
{
    double sum = 0.0, ss = 0.0, mean;
    long n = 0;

    if (!out || (n_values > 0 && !counts) || !(conf > 0.0 && conf < 1.0))
        return MS_SOFTWARE;
    for (size_t i = 0; i < n_values; i++) {
        if (counts[i] < 0)
            return MS_SOFTWARE;
        n += counts[i];
        sum += (double)counts[i] * (double)(lo + (long)i);
    }
    struct describe_stats d = {(size_t)n, NAN, NAN, NAN, NAN};
    if (n >= 1) {
        mean = sum / (double)n;
        d.mean = finite_or_nan(mean);
    }
    if (n >= 2 && isfinite(d.mean)) {
        for (size_t i = 0; i < n_values; i++) {
            double dv = (double)(lo + (long)i) - d.mean;
            ss += (double)counts[i] * dv * dv;
        }
        d.sd = finite_or_nan(sqrt(ss / (double)(n - 1)));
        double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - conf) / 2.0, (double)(n - 1));
        double half = t * d.sd / sqrt((double)n);
        if (isfinite(d.sd) && isfinite(half)) {
            d.ci_low = finite_or_nan(d.mean - half);
            d.ci_high = finite_or_nan(d.mean + half);
        }
        if (!isfinite(d.ci_low) || !isfinite(d.ci_high))
            d.ci_low = d.ci_high = NAN;
    }
    *out = d;
    return MS_OK;
}
