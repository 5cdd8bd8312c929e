/*
 * nps.c: the Net Promoter Score (see nps.h).
 */
#include "nps.h"

#include <limits.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

enum ms_status nps_from_counts(long promoters, long passives, long detractors,
                               struct nps_result *out)
{
    if (!out || promoters < 0 || passives < 0 || detractors < 0 ||
        promoters > LONG_MAX - passives ||
        promoters + passives > LONG_MAX - detractors)
        return MS_SOFTWARE;

    struct nps_result r;
    r.promoters = promoters;
    r.passives = passives;
    r.detractors = detractors;
    r.n = promoters + passives + detractors;
    r.nps = r.n > 0 ? 100.0 * ((double)promoters - (double)detractors) / (double)r.n
                    : NAN;
    *out = r;
    return MS_OK;
}

enum ms_status nps_score(const int *answers, size_t n, struct nps_result *out)
{
    if (!out || (n > 0 && !answers) || n > (size_t)LONG_MAX)
        return MS_SOFTWARE;

    long promoters = 0, passives = 0, detractors = 0;
    for (size_t i = 0; i < n; i++) {
        int a = answers[i];
        if (a < 0 || a > 10)
            return MS_SOFTWARE;
        if (a >= 9)
            promoters++;
        else if (a >= 7)
            passives++;
        else
            detractors++;
    }
    return nps_from_counts(promoters, passives, detractors, out);
}

enum ms_status nps_interval(const struct nps_result *r, double conf,
                            double *low, double *high)
{
    if (!r || !low || !high || r->promoters < 0 || r->passives < 0 ||
        r->detractors < 0 || !(conf > 0.0 && conf < 1.0) ||
        r->n - r->promoters - r->passives != r->detractors)
        return MS_SOFTWARE;
    if (r->n < 2) {
        *low = NAN;
        *high = NAN;
        return MS_OK;
    }

    double n = (double)r->n;
    double pp = (double)r->promoters / n, pd = (double)r->detractors / n;
    double nps = 100.0 * ((double)r->promoters - (double)r->detractors) / n;
    double var = (pp + pd - (pp - pd) * (pp - pd)) / n;
    double se = 100.0 * sqrt(var > 0.0 ? var : 0.0);
    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);

    *low = fmax(-100.0, nps - z * se);
    *high = fmin(100.0, nps + z * se);
    return MS_OK;
}
