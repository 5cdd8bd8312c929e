/*
 * alpha.c: Cronbach's alpha (see alpha.h).
 */
#include "alpha.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

/* Relative size below which the variance of the totals is rounding noise. */
#define ALPHA_ROUNDING 1e-12

enum ms_status alpha_cronbach(const double *x, size_t n, size_t k,
                              double *alpha)
{
    if (!alpha || (k > 0 && n > SIZE_MAX / k))
        return MS_SOFTWARE;
    size_t cells = n * k;
    if (cells > 0 && !x)
        return MS_SOFTWARE;
    for (size_t c = 0; c < cells; c++)
        if (!isfinite(x[c]))
            return MS_SOFTWARE;
    if (n < 2 || k < 2) {
        *alpha = NAN;
        return MS_OK;
    }

    double *total = malloc(n * sizeof *total);
    if (!total)
        return MS_NOMEM;
    for (size_t r = 0; r < n; r++) {
        double t = 0.0;
        for (size_t i = 0; i < k; i++)
            t += x[r * k + i];
        total[r] = t;
    }
    double var_total = gsl_stats_variance(total, 1, n);
    free(total);

    double var_items = 0.0;
    for (size_t i = 0; i < k; i++)
        var_items += gsl_stats_variance(x + i, k, n);

    /* Totals that vary only by rounding (items that cancel, such as q and
     * 6 - q, stored inexactly) count as not varying. */
    if (!(var_total > ALPHA_ROUNDING * var_items) || !isfinite(var_total)) {
        *alpha = NAN;
        return MS_OK;
    }
    double kk = (double)k;
    double a = kk / (kk - 1.0) * (1.0 - var_items / var_total);
    *alpha = isfinite(a) ? a : NAN;
    return MS_OK;
}

enum ms_status alpha_cronbach_sums(size_t n, size_t k, const double *sum,
                                   const double *cross, double *alpha)
{
    if (!alpha || (k > 0 && (!sum || !cross || k > SIZE_MAX / k)))
        return MS_SOFTWARE;
    for (size_t i = 0; i < k; i++)
        if (!isfinite(sum[i]))
            return MS_SOFTWARE;
    for (size_t c = 0; c < k * k; c++)
        if (!isfinite(cross[c]))
            return MS_SOFTWARE;
    if (n < 2 || k < 2) {
        *alpha = NAN;
        return MS_OK;
    }
    double nn = (double)n, var_items = 0.0, var_total = 0.0;
    for (size_t i = 0; i < k; i++) {
        var_items += (cross[i * k + i] - sum[i] * sum[i] / nn) / (nn - 1.0);
        for (size_t j = 0; j < k; j++)
            var_total += (cross[i * k + j] - sum[i] * sum[j] / nn) /
                         (nn - 1.0);
    }
    if (!(var_total > ALPHA_ROUNDING * var_items) || !isfinite(var_total)) {
        *alpha = NAN;
        return MS_OK;
    }
    double kk = (double)k;
    double a = kk / (kk - 1.0) * (1.0 - var_items / var_total);
    *alpha = isfinite(a) ? a : NAN;
    return MS_OK;
}
