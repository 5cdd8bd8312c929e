/*
 * auc.c: area under the ROC curve and Brier score (see auc.h).
 */
#include "auc.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort_double.h>

enum ms_status auc_compute(const double *scores, const int *labels, size_t n,
                           struct auc_result *out, struct ms_err *err)
{
    struct auc_result r = {0};
    size_t *order = NULL;
    double u = 0, neg_below = 0;

    if (out == NULL || (n > 0 && (scores == NULL || labels == NULL)))
        return err_set(err, MS_SOFTWARE, "auc_compute: NULL argument");
    for (size_t i = 0; i < n; i++) {
        if (labels[i] != 0 && labels[i] != 1)
            return err_set(err, MS_SOFTWARE,
                           "auc_compute: label of row %zu is %d, not 0 or 1",
                           i, labels[i]);
        if (!isfinite(scores[i]))
            return err_set(err, MS_NUMERIC,
                           "cannot compute the AUC: the score of row %zu is "
                           "not a finite number", i);
        r.n_pos += labels[i] == 1;
    }
    r.n_neg = n - r.n_pos;
    if (r.n_pos == 0 || r.n_neg == 0) {
        *out = r;
        return MS_OK;
    }
    order = malloc(n * sizeof *order);
    if (order == NULL)
        return err_set(err, MS_NOMEM,
                       "cannot compute the AUC: out of memory (%zu rows)", n);
    gsl_sort_index(order, scores, 1, n);
    for (size_t i = 0; i < n;) {
        double pos = 0, neg = 0, s = scores[order[i]];
        for (; i < n && scores[order[i]] == s; i++) {
            if (labels[order[i]])
                pos++;
            else
                neg++;
        }
        u += pos * (neg_below + neg / 2);
        neg_below += neg;
    }
    free(order);
    {
        double a = u / ((double)r.n_pos * (double)r.n_neg);
        double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double v = (a * (1 - a) + ((double)r.n_pos - 1) * (q1 - a * a) +
                    ((double)r.n_neg - 1) * (q2 - a * a)) /
                   ((double)r.n_pos * (double)r.n_neg);
        r.defined = 1;
        r.auc = a;
        r.se = v > 0 ? sqrt(v) : 0;
    }
    *out = r;
    return MS_OK;
}

enum ms_status brier_score(const double *p, const int *y, size_t n,
                           double *out, struct ms_err *err)
{
    double s = 0;

    if (out == NULL || (n > 0 && (p == NULL || y == NULL)))
        return err_set(err, MS_SOFTWARE, "brier_score: NULL argument");
    if (n == 0)
        return err_set(err, MS_NUMERIC,
                       "cannot compute the Brier score: no rows");
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1)
            return err_set(err, MS_SOFTWARE,
                           "brier_score: outcome of row %zu is %d, not 0 or 1",
                           i, y[i]);
        if (!(p[i] >= 0 && p[i] <= 1))
            return err_set(err, MS_NUMERIC,
                           "cannot compute the Brier score: probability of "
                           "row %zu is %g, not in [0, 1]", i, p[i]);
        s += (p[i] - y[i]) * (p[i] - y[i]);
    }
    *out = s / (double)n;
    return MS_OK;
}
