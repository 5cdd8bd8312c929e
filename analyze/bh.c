/*
 * bh.c: Benjamini-Hochberg adjusted p-values (see bh.h).
 */
#include "bh.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_sort_double.h>

enum ms_status bh_adjust(const double *p, size_t n, double *adj)
{
    size_t *order = NULL;
    double *sorted = NULL, running = 1.0, nn = (double)n;
    enum ms_status s = MS_OK;

    if (n == 0)
        return MS_OK;
    if (!p || !adj)
        return MS_SOFTWARE;
    for (size_t i = 0; i < n; i++)
        if (!(p[i] >= 0.0 && p[i] <= 1.0))
            return MS_SOFTWARE;
    if (n > SIZE_MAX / sizeof(double))
        return MS_NOMEM;
    order = malloc(n * sizeof *order);
    sorted = malloc(n * sizeof *sorted);
    if (order == NULL || sorted == NULL) {
        s = MS_NOMEM;
        goto done;
    }
    /* gsl_sort_index (a heap sort) may put equal p-values in any order;
     * that changes nothing: over a run of ties n p / k is least at the
     * run's last place, and the running minimum from the top gives every
     * member of the run that value. */
    gsl_sort_index(order, p, 1, n);
    for (size_t k = n; k-- > 0;) {
        double v = nn / (double)(k + 1) * p[order[k]];  /* as R: n/i * p */
        if (v < running)
            running = v;
        sorted[k] = running;
    }
    for (size_t k = 0; k < n; k++)   /* p is not read any more: adj may be p */
        adj[order[k]] = sorted[k];
done:
    free(order);
    free(sorted);
    return s;
}
