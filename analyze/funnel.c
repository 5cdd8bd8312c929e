/*
 * funnel.c: funnel-plot limits for a proportion and the signal they give
 * (see funnel.h).
 */
#include "funnel.h"

#include <math.h>
#include <stddef.h>

enum ms_status funnel_limits(double p, long n, double z, double *low,
                             double *high)
{
    double half;

    if (low == NULL || high == NULL || n < 0 || !(z >= 0.0) ||
        (isfinite(p) && (p < 0.0 || p > 1.0)))
        return MS_SOFTWARE;
    if (n == 0 || !isfinite(p)) {
        *low = NAN;
        *high = NAN;
        return MS_OK;
    }
    half = z * sqrt(p * (1.0 - p) / (double)n);
    *low = fmax(0.0, p - half);
    *high = fmin(1.0, p + half);
    return MS_OK;
}

const char *funnel_signal(double share, double low95, double high95,
                          double high998)
{
    if (share > high998)
        return "above";
    if (share > high95)
        return "watch";
    if (share < low95)
        return "below";
    return "";
}
