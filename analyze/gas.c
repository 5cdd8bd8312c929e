/*
 * gas.c: the Goal Attainment Scaling T-score (see gas.h).
 */
#include "gas.h"

#include <math.h>

double gas_t_score(const double *levels, const double *weights, size_t n,
                   double rho)
{
    if (n == 0 || !levels || !(rho >= 0.0 && rho <= 1.0))
        return NAN;

    double swx = 0.0, sw = 0.0, sw2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = levels[i], w = weights ? weights[i] : 1.0;
        if (!isfinite(x) || !isfinite(w) || !(w > 0.0))
            return NAN;
        swx += w * x;
        sw += w;
        sw2 += w * w;
    }
    double denom = sqrt((1.0 - rho) * sw2 + rho * sw * sw);
    if (!(denom > 0.0) || !isfinite(denom))
        return NAN;
    double t = 50.0 + 10.0 * swx / denom;
    return isfinite(t) ? t : NAN;
}
