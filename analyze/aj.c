/*
 * aj.c: Aalen-Johansen cumulative incidence of two competing outcomes at
 * given times (see aj.h).  The update at each time is the one of R's
 * survfitaj.c for the competing-risks case: with h_k = d_k / n, the state
 * probabilities move p_k += p_0 h_k and p_0 -= p_0 h_k.
 */
#include "aj.h"
#include "survdata.h"

#include <math.h>
#include <stdlib.h>

/* A subject as aj_at sorts them. */
struct aj_obs {
    double time;
    int status;
};

/* Ascending time, then status.  aj_at counts a time's outcomes and
 * censorings together: censorings at t_j are at risk at t_j. */
static int aj_obs_cmp(const void *pa, const void *pb)
{
    const struct aj_obs *a = pa, *b = pb;

    if (a->time < b->time)
        return -1;
    if (a->time > b->time)
        return 1;
    return a->status - b->status;
}

enum ms_status aj_at(const double *time, const int *status, size_t n,
                     const double *at, size_t n_at, struct aj_row *rows,
                     size_t *n_rows, struct ms_err *err)
{
    struct aj_obs *obs = NULL;
    double p0 = 1.0, p1 = 0.0, p2 = 0.0;
    size_t i, j = 0, k, n_out = 0;

    if (n_rows != NULL)
        *n_rows = 0;
    if (n_rows == NULL || (n > 0 && (time == NULL || status == NULL)) ||
        (n_at > 0 && (at == NULL || rows == NULL)))
        return err_set(err, MS_SOFTWARE, "aj_at: NULL argument");
    if (survdata_check(time, status, n, err) != MS_OK)
        return MS_DATAERR;
    if (survdata_check_times(at, n_at, "aj_at", err) != MS_OK)
        return MS_SOFTWARE;
    if (n == 0 || n_at == 0)
        return MS_OK;
    obs = malloc(n * sizeof *obs);
    if (obs == NULL)
        return err_set(err, MS_NOMEM, "aj_at: out of memory for %zu subjects",
                       n);
    for (i = 0; i < n; i++) {
        obs[i].time = time[i];
        obs[i].status = status[i];
    }
    if (!survdata_time_sorted(time, n))
        qsort(obs, n, sizeof *obs, aj_obs_cmp);

    /* j: the first subject not yet passed; all before it have time <= at */
    for (i = 0; i < n_at && at[i] <= obs[n - 1].time; i++) {
        struct aj_row *r = &rows[n_out++];

        while (j < n && obs[j].time <= at[i]) {
            double nrisk = (double)(n - j), h1, h2, s0 = p0;
            size_t d1 = 0, d2 = 0;

            for (k = j; k < n && obs[k].time == obs[j].time; k++) {
                if (obs[k].status == 1)
                    d1++;
                else if (obs[k].status == 2)
                    d2++;
            }
            h1 = (double)d1 / nrisk;
            h2 = (double)d2 / nrisk;
            p0 -= s0 * h1;
            p1 += s0 * h1;
            p0 -= s0 * h2;
            p2 += s0 * h2;
            j = k;
        }
        r->time = at[i];
        /* subjects with time >= at[i]: those not passed, plus any at at[i] */
        k = j;
        while (k > 0 && obs[k - 1].time == at[i])
            k--;
        r->n_risk = n - k;
        r->cif1 = p1;
        r->cif2 = p2;
    }
    *n_rows = n_out;
    free(obs);
    return MS_OK;
}
