/*
 * wilson.c: the Wilson score interval (see wilson.h).
 */
#include "wilson.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* The lower Wilson limit for s successes out of n, written without the
 * subtraction of the textbook form: multiplying numerator and denominator
 * of (2s + z^2 - h) / (2(n + z^2)) by (2s + z^2 + h), where
 * h = z sqrt(z^2 + 4s(n-s)/n), the numerator becomes 4s^2 (1 + z^2/n), so
 * the limit is 2s^2 / (n (2s + z^2 + h)).  h is the same for s and n - s,
 * which gives the upper limit as 1 - wilson_lower(n - s, n). */
static double wilson_lower(double s, double n, double z2, double h)
{
    return 2.0 * s * s / (n * (2.0 * s + z2 + h));
}

enum ms_status wilson_interval(long successes, long n, double conf,
                               double *low, double *high)
{
    if (!low || !high || n < 0 || successes < 0 || successes > n ||
        !(conf > 0.0 && conf < 1.0))
        return MS_SOFTWARE;
    if (n == 0) {
        *low = NAN;
        *high = NAN;
        return MS_OK;
    }

    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
    double z2 = z * z;
    double s = (double)successes, f = (double)(n - successes), nn = (double)n;
    double h = z * sqrt(z2 + 4.0 * s * f / nn);

    double lo = wilson_lower(s, nn, z2, h);
    double hi = 1.0 - wilson_lower(f, nn, z2, h);
    /* Rounding cannot push the limits past the estimate by more than an
     * ulp or two; clamp so the documented order always holds. */
    double p = s / nn;
    *low = lo > p ? p : lo;
    *high = hi < p ? p : (hi > 1.0 ? 1.0 : hi);
    return MS_OK;
}
