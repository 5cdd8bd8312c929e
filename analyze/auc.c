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

/* Log-likelihood of logistic outcomes y at linear predictors a + b o_i. */
static double calib_loglik(const double *o, const int *y, size_t n, double a,
                           double b)
{
    double ll = 0;

    for (size_t i = 0; i < n; i++) {
        double eta = a + b * o[i];
        /* y log(mu) + (1 - y) log(1 - mu) = y eta - log(1 + e^eta) */
        ll += y[i] * eta - (eta > 0 ? eta + log1p(exp(-eta))
                                     : log1p(exp(eta)));
    }
    return ll;
}

/* Newton-Raphson for (a, b) with b fixed at 1 when fit_b is 0; NAN when
 * it does not converge to a finite maximum. */
static void calib_newton(const double *o, const int *y, size_t n, int fit_b,
                         double *a_out, double *b_out)
{
    double a = 0, b = 1, ll = calib_loglik(o, y, n, a, b);

    *a_out = *b_out = NAN;
    for (int it = 0; it < 100; it++) {
        double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0, da, db, step = 1;
        for (size_t i = 0; i < n; i++) {
            double mu = 1 / (1 + exp(-(a + b * o[i]))), v = mu * (1 - mu);
            g0 += y[i] - mu;
            g1 += (y[i] - mu) * o[i];
            h00 += v;
            h01 += v * o[i];
            h11 += v * o[i] * o[i];
        }
        if (!fit_b) {
            if (!(h00 > 0))
                return;
            da = g0 / h00;
            db = 0;
        } else {
            double det = h00 * h11 - h01 * h01;
            if (!(det > 1e-300 * (h00 * h11 + 1e-300)) || !isfinite(det))
                return;
            da = (h11 * g0 - h01 * g1) / det;
            db = (h00 * g1 - h01 * g0) / det;
        }
        for (int h = 0; h < 60; h++) {
            double nl = calib_loglik(o, y, n, a + step * da, b + step * db);
            if (isfinite(nl) && nl >= ll - 1e-12 * (fabs(ll) + 1)) {
                ll = nl;
                break;
            }
            step /= 2;
        }
        a += step * da;
        b += step * db;
        if (!isfinite(a) || !isfinite(b) || fabs(a) > 1e6 || fabs(b) > 1e6)
            return;
        if (fabs(step * da) < 1e-10 && fabs(step * db) < 1e-10) {
            *a_out = a;
            *b_out = b;
            return;
        }
    }
}

enum ms_status calibration_fit(const double *p, const int *y, size_t n,
                               double *intercept, double *slope,
                               struct ms_err *err)
{
    double *o = NULL, b;
    size_t pos = 0;
    int constant = 1;

    if (intercept == NULL || slope == NULL ||
        (n > 0 && (p == NULL || y == NULL)))
        return err_set(err, MS_SOFTWARE, "calibration_fit: NULL argument");
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1)
            return err_set(err, MS_SOFTWARE, "calibration_fit: outcome of "
                           "row %zu is %d, not 0 or 1", i, y[i]);
        pos += y[i] == 1;
    }
    *intercept = *slope = NAN;
    if (n == 0 || pos == 0 || pos == n)
        return MS_OK;
    if ((o = malloc(n * sizeof *o)) == NULL)
        return err_set(err, MS_NOMEM, "cannot fit the calibration: out of "
                       "memory (%zu rows)", n);
    for (size_t i = 0; i < n; i++) {
        if (!(p[i] > 0 && p[i] < 1)) {
            free(o);
            return MS_OK;
        }
        o[i] = log(p[i] / (1 - p[i]));
        constant = constant && o[i] == o[0];
    }
    calib_newton(o, y, n, 0, intercept, &b);     /* b stays 1: offset */
    if (!constant)
        calib_newton(o, y, n, 1, &b, slope);
    free(o);
    return MS_OK;
}
