/*
 * ratio.c: the ratio estimator and its linearised interval (see ratio.h).
 */
#include "ratio.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

enum ms_status ratio_interval(const double *y, const double *x, size_t n,
                              double conf, double lo, double hi,
                              struct ratio_result *out)
{
    struct ratio_result r = {n, NAN, NAN, NAN, NAN};
    double sy = 0.0, sx = 0.0, ss = 0.0, nn = (double)n, z, xbar;

    if (!out || (n > 0 && (!y || !x)) || !(conf > 0.0 && conf < 1.0) ||
        isnan(lo) || isnan(hi) || lo > hi)
        return MS_SOFTWARE;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]) || !isfinite(x[i]) || x[i] < 0.0)
            return MS_SOFTWARE;
        sy += y[i];
        sx += x[i];
    }
    if (n == 0 || !(sx > 0.0) || !isfinite(sy) || !isfinite(sx)) {
        *out = r;
        return MS_OK;
    }
    r.ratio = sy / sx;
    if (n < 2) {
        *out = r;
        return MS_OK;
    }
    for (size_t i = 0; i < n; i++) {
        double res = y[i] - r.ratio * x[i];
        ss += res * res;
    }
    xbar = sx / nn;
    r.se = sqrt(ss / (nn * (nn - 1.0))) / xbar;
    z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
    if (isfinite(r.se)) {
        r.ci_low = fmax(lo, fmin(hi, r.ratio - z * r.se));
        r.ci_high = fmin(hi, fmax(lo, r.ratio + z * r.se));
    } else {
        r.se = NAN;
    }
    *out = r;
    return MS_OK;
}
