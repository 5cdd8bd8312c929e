/*
 * wilcoxon.c: paired signed-rank test, normal approximation (see wilcoxon.h).
 */
#include "wilcoxon.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort_double.h>

/* Fill r->z and r->p from V, the number m > 0 of nonzero differences and
 * the tie sum sum(t_j^3 - t_j) (the formula of wilcoxon.h). */
static void signed_rank_normal(double v, size_t m, double ties,
                               struct wilcoxon_result *r)
{
    double mm = (double)m;
    double dev = v - mm * (mm + 1.0) / 4.0;
    double sigma = sqrt(mm * (mm + 1.0) * (2.0 * mm + 1.0) / 24.0 - ties / 48.0);
    double correction = dev > 0.0 ? 0.5 : (dev < 0.0 ? -0.5 : 0.0);
    double z = (dev - correction) / sigma;
    double lower = gsl_cdf_ugaussian_P(z), upper = gsl_cdf_ugaussian_Q(z);
    double p = 2.0 * (lower < upper ? lower : upper);

    r->n_used = m;
    r->v = v;
    r->z = z;
    r->p = p > 1.0 ? 1.0 : p;
}

/* Fill r from the m > 0 nonzero differences d[] and their absolute values
 * absd[]; order is workspace for m indices. */
static void signed_rank_stats(const double *d, const double *absd,
                              size_t *order, size_t m,
                              struct wilcoxon_result *r)
{
    /* Walk |d| in increasing order; a run of equal values [i, j] shares
     * the average of ranks i+1 .. j+1, and adds t^3 - t to the tie sum. */
    gsl_sort_index(order, absd, 1, m);
    double v = 0.0, ties = 0.0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && absd[order[j + 1]] == absd[order[i]])
            j++;
        double rank = ((double)i + (double)j) / 2.0 + 1.0;
        for (size_t k = i; k <= j; k++)
            if (d[order[k]] > 0.0)
                v += rank;
        double t = (double)(j - i + 1);
        ties += t * t * t - t;
        i = j + 1;
    }
    signed_rank_normal(v, m, ties, r);
}

enum ms_status wilcoxon_signed_rank(const double *x, const double *y,
                                    size_t n, struct wilcoxon_result *out)
{
    if (!out || (n > 0 && (!x || !y)))
        return MS_SOFTWARE;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(x[i] - y[i]))
            return MS_SOFTWARE;

    struct wilcoxon_result r = {0, 0.0, NAN, NAN};
    if (n == 0) {
        *out = r;
        return MS_OK;
    }
    if (n > SIZE_MAX / sizeof(double) / 2)
        return MS_NOMEM;

    double *d = malloc(2 * n * sizeof *d);   /* nonzero differences, then |d| */
    size_t *order = malloc(n * sizeof *order);
    enum ms_status st = d && order ? MS_OK : MS_NOMEM;
    if (st == MS_OK) {
        double *absd = d + n;
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            double diff = x[i] - y[i];
            if (diff != 0.0) {
                d[m] = diff;
                absd[m] = fabs(diff);
                m++;
            }
        }
        if (m > 0)
            signed_rank_stats(d, absd, order, m, &r);
        *out = r;
    }
    free(d);
    free(order);
    return st;
}

enum ms_status wilcoxon_signed_rank_tally(const double *diff,
                                          const long *count, size_t k,
                                          struct wilcoxon_result *out)
{
    if (!out || (k > 0 && (!diff || !count)))
        return MS_SOFTWARE;
    for (size_t i = 0; i < k; i++)
        if (!isfinite(diff[i]) || count[i] < 0)
            return MS_SOFTWARE;
    struct wilcoxon_result r = {0, 0.0, NAN, NAN};
    if (k == 0) {
        *out = r;
        return MS_OK;
    }
    if (k > SIZE_MAX / sizeof(double))
        return MS_NOMEM;
    double *absd = malloc(k * sizeof *absd);
    size_t *order = malloc(k * sizeof *order);
    if (!absd || !order) {
        free(absd);
        free(order);
        return MS_NOMEM;
    }
    for (size_t i = 0; i < k; i++)
        absd[i] = fabs(diff[i]);
    gsl_sort_index(order, absd, 1, k);
    /* A run of entries with equal |d| is one group of ties: its t
     * nonzero differences share the ranks below + 1 .. below + t. */
    double v = 0.0, ties = 0.0, below = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        double t = 0.0, positive = 0.0;
        while (j < k && absd[order[j]] == absd[order[i]]) {
            if (diff[order[j]] != 0.0) {
                t += (double)count[order[j]];
                if (diff[order[j]] > 0.0)
                    positive += (double)count[order[j]];
            }
            j++;
        }
        v += positive * (below + (t + 1.0) / 2.0);
        ties += t * t * t - t;
        below += t;
        i = j;
    }
    free(absd);
    free(order);
    m = (size_t)below;
    if (m > 0)
        signed_rank_normal(v, m, ties, &r);
    *out = r;
    return MS_OK;
}

double wilcoxon_rank_biserial(const struct wilcoxon_result *w)
{
    double m, total, r;

    if (w == NULL || w->n_used == 0)
        return NAN;
    m = (double)w->n_used;
    total = m * (m + 1.0) / 2.0;
    r = (2.0 * w->v - total) / total;
    return r < -1.0 ? -1.0 : (r > 1.0 ? 1.0 : r);
}
