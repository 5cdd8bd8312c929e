/*
 * nps.c: the Net Promoter Score (see nps.h).
 */
#include "nps.h"

#include <limits.h>
#include <math.h>

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
