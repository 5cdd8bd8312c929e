/*
 * logrank.c: k-group log-rank test (see logrank.h).  The sums follow R's
 * survdiff2.c (rho = 0) term by term: subjects sorted by time, walked from
 * the last time back so that the at-risk counts grow as sums.  The
 * (m-1) x (m-1) block of V is inverted with GSL's Cholesky, refused like
 * R's solve() when its reciprocal condition number is below DBL_EPSILON.
 */
#include "logrank.h"
#include "survdata.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* A subject as logrank_test sorts them. */
struct logrank_obs {
    double time;
    int32_t stratum;  /* 0 without strata */
    uint32_t event : 1;   /* 1 for status 1, else 0 */
    uint32_t group : 31;  /* below LOGRANK_MAX_GROUPS */
};

/* 16-byte observations (the sort and its scratch stay small): groups
 * must number fewer than this. */
#define LOGRANK_MAX_GROUPS ((size_t)1 << 31)

/* By stratum, ascending time, then events first, then group: a total order on the
 * values, so the result does not depend on the input order. */
static int logrank_obs_cmp(const void *pa, const void *pb)
{
    const struct logrank_obs *a = pa, *b = pb;

    if (a->stratum != b->stratum)
        return a->stratum < b->stratum ? -1 : 1;
    if (a->time < b->time)
        return -1;
    if (a->time > b->time)
        return 1;
    if (a->event != b->event)
        return (int)b->event - (int)a->event;
    return (a->group > b->group) - (a->group < b->group);
}

void logrank_result_free(struct logrank_result *r)
{
    if (r == NULL)
        return;
    free(r->observed);
    free(r->expected);
    free(r->var);
    free(r);
}

/* O, E and V of r (zeroed, k groups) from the n sorted subjects obs. */
static void logrank_sums(struct logrank_result *r,
                         const struct logrank_obs *obs, size_t n,
                         double *risk)
{
    size_t k = r->k, i, j, g, h;

    for (g = 0; g < k; g++)
        risk[g] = 0.0;
    /* survdiff2.c: for (i = n-1; i >= 0; i--) over blocks of equal time */
    i = n;
    while (i > 0) {
        double deaths = 0.0, nrisk;

        j = i;
        while (j > 0 && obs[j - 1].time == obs[i - 1].time) {
            j--;
            risk[obs[j].group] += 1.0;
            r->observed[obs[j].group] += (double)obs[j].event;
            deaths += (double)obs[j].event;
        }
        i = j;
        nrisk = (double)(n - i);
        if (deaths > 0.0) {
            for (g = 0; g < k; g++)
                r->expected[g] += deaths * risk[g] / nrisk;
            if (nrisk == 1.0)
                continue;
            for (g = 0; g < k; g++) {
                double tmp = deaths * risk[g] * (nrisk - deaths) /
                             (nrisk * (nrisk - 1.0));

                r->var[g * k + g] += tmp;
                for (h = 0; h < k; h++)
                    r->var[g * k + h] -= tmp * risk[h] / nrisk;
            }
        }
    }
}

/* chisq = u' V^-1 u over the groups with E > 0 but the first of them, as
 * survdiff.  Leaves the figures absent when fewer than two groups have
 * E > 0 or V is singular.  Returns MS_NOMEM or MS_OK. */
static enum ms_status logrank_chisq(struct logrank_result *r,
                                    struct ms_err *err)
{
    size_t k = r->k, m = 0, g, h, a, b, *keep = NULL;
    double *vbuf = NULL, *ubuf = NULL, *xbuf = NULL, *work = NULL;
    double rcond = 0.0, chisq = 0.0;
    enum ms_status st = MS_OK;
    int gs;

    r->chisq = NAN;
    r->df = -1;
    r->p_value = NAN;
    keep = malloc((k > 0 ? k : 1) * sizeof *keep);
    if (keep == NULL)
        return err_set(err, MS_NOMEM, "logrank_test: out of memory");
    for (g = 0; g < k; g++)
        if (r->expected[g] > 0.0)
            keep[m++] = g;
    if (m < 2)
        goto done;
    m--;  /* drop keep[0] */
    vbuf = malloc(m * m * sizeof *vbuf);
    ubuf = malloc(m * sizeof *ubuf);
    xbuf = malloc(m * sizeof *xbuf);
    work = malloc(3 * m * sizeof *work);
    if (vbuf == NULL || ubuf == NULL || xbuf == NULL || work == NULL) {
        st = err_set(err, MS_NOMEM, "logrank_test: out of memory");
        goto done;
    }
    for (a = 0; a < m; a++) {
        g = keep[a + 1];
        ubuf[a] = r->observed[g] - r->expected[g];
        for (b = 0; b < m; b++) {
            h = keep[b + 1];
            vbuf[a * m + b] = r->var[g * k + h];
        }
    }
    {
        gsl_matrix_view v = gsl_matrix_view_array(vbuf, m, m);
        gsl_vector_view u = gsl_vector_view_array(ubuf, m);
        gsl_vector_view x = gsl_vector_view_array(xbuf, m);
        gsl_vector_view w = gsl_vector_view_array(work, 3 * m);

        /* GSL's aborting handler is off: main turns it off once, before
         * any thread starts (a process-wide switch here raced with the
         * model fitted on another thread) */
        gs = gsl_linalg_cholesky_decomp1(&v.matrix);
        if (gs == GSL_SUCCESS)
            gs = gsl_linalg_cholesky_rcond(&v.matrix, &rcond, &w.vector);
        if (gs == GSL_SUCCESS && rcond >= DBL_EPSILON)
            gs = gsl_linalg_cholesky_solve(&v.matrix, &u.vector, &x.vector);
        if (gs != GSL_SUCCESS || !(rcond >= DBL_EPSILON))
            goto done;
    }
    for (a = 0; a < m; a++)
        chisq += xbuf[a] * ubuf[a];
    if (!isfinite(chisq))
        goto done;
    r->chisq = chisq;
    r->df = (int)m;
    r->p_value = gsl_cdf_chisq_Q(chisq, (double)m);
done:
    free(keep);
    free(vbuf);
    free(ubuf);
    free(xbuf);
    free(work);
    return st;
}

enum ms_status logrank_test(const double *time, const int *status,
                            const size_t *group, size_t n, size_t k,
                            struct logrank_result **out, struct ms_err *err)
{
    return logrank_test_strata(time, status, group, NULL, n, k, out, err);
}

enum ms_status logrank_test_strata(const double *time, const int *status,
                                   const size_t *group, const int *stratum,
                                   size_t n, size_t k,
                                   struct logrank_result **out,
                                   struct ms_err *err)
{
    struct logrank_obs *obs = NULL;
    struct logrank_result *r = NULL;
    double *risk = NULL;
    enum ms_status st = MS_OK;
    size_t i, kk = k > 0 ? k : 1;

    if (out == NULL ||
        (n > 0 && (time == NULL || status == NULL || group == NULL)))
        return err_set(err, MS_SOFTWARE, "logrank_test: NULL argument");
    if (survdata_check(time, status, n, err) != MS_OK)
        return MS_DATAERR;
    if (k > LOGRANK_MAX_GROUPS)
        return err_set(err, MS_DATAERR, "logrank_test: %zu groups is too "
                       "many", k);
    for (i = 0; i < n; i++) {
        if (group[i] >= k)
            return err_set(err, MS_DATAERR,
                           "subject %zu: group %zu is not below %zu", i,
                           group[i], k);
    }
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return err_set(err, MS_NOMEM, "logrank_test: out of memory");
    r->k = k;
    r->observed = calloc(kk, sizeof *r->observed);
    r->expected = calloc(kk, sizeof *r->expected);
    r->var = calloc(kk * kk, sizeof *r->var);
    risk = calloc(kk, sizeof *risk);
    if (n > 0)
        obs = malloc(n * sizeof *obs);
    if (r->observed == NULL || r->expected == NULL || r->var == NULL ||
        risk == NULL || (n > 0 && obs == NULL)) {
        st = err_set(err, MS_NOMEM,
                     "logrank_test: out of memory for %zu subjects in %zu "
                     "groups", n, k);
        goto done;
    }
    for (i = 0; i < n; i++) {
        obs[i].stratum = stratum ? stratum[i] : 0;
        obs[i].time = time[i];
        obs[i].event = status[i] == 1;
        obs[i].group = (uint32_t)group[i];
    }
    if (n > 0 && (stratum != NULL || !survdata_time_sorted(time, n)))
        qsort(obs, n, sizeof *obs, logrank_obs_cmp);
    /* survdiff with strata: O, E and V add up over the strata */
    for (i = 0; i < n;) {
        size_t j = i;

        while (j < n && obs[j].stratum == obs[i].stratum)
            j++;
        logrank_sums(r, obs + i, j - i, risk);
        i = j;
    }
    st = logrank_chisq(r, err);
    if (st != MS_OK)
        goto done;
    *out = r;
    r = NULL;
done:
    free(obs);
    free(risk);
    logrank_result_free(r);
    return st;
}
