/*
 * logit.c: ridge-penalised logistic regression by IRLS (see logit.h).
 *
 * Each step solves (Z'WZ + lambda I*) b = Z'(W eta + w (y - mu)) by
 * Cholesky (GSL), the Newton step of the penalised log-likelihood written as
 * a weighted least-squares problem.  Z (the standardised design) is never
 * stored: each row is standardised on the fly, so a fit needs O(n + p^2)
 * memory beyond X.
 */
#include "logit.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* R's glm.fit calls fitted probabilities below this (or above 1 minus it)
 * "numerically 0 or 1". */
#define EXTREME_EPS (10 * DBL_EPSILON)
/* A system whose reciprocal condition number is below this is singular. */
#define RCOND_MIN 1e-12
/* Step halvings tried when a step raises the penalised deviance. */
#define MAX_HALVINGS 30

struct work {
    const double *X, *y, *w;
    size_t n, p;
    double lambda;
    double *mean, *scale; /* p each; entry 0 is (0, 1) */
    double *inv_scale;    /* 1 / scale */
    double *eta;          /* n linear predictors */
    double *z;            /* p: one standardised row */
    gsl_matrix *H;        /* Z'WZ + lambda I*, then its Cholesky factor */
    gsl_vector *g;        /* Z'(W eta + w (y - mu)) */
    gsl_vector *b, *b_old;
    gsl_vector *rc_work;  /* 3p, for gsl_linalg_cholesky_rcond */
};

static double weight(const struct work *k, size_t i)
{
    return k->w != NULL ? k->w[i] : 1.0;
}

/* log(1 + exp(x)) without overflow. */
static double softplus(double x)
{
    return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

static double inv_logit(double eta)
{
    return 1.0 / (1.0 + exp(-eta));
}

/* Standardised row i of the design into k->z. */
static void row_z(const struct work *k, size_t i)
{
    const double *x = k->X + i * k->p;

    k->z[0] = 1.0;
    for (size_t j = 1; j < k->p; j++)
        k->z[j] = (x[j] - k->mean[j]) * k->inv_scale[j];
}

/* eta = Z b for every row of positive weight. */
static void eta_compute(struct work *k, const gsl_vector *b)
{
    const double *bd = b->data;
    size_t bs = b->stride;

    for (size_t i = 0; i < k->n; i++) {
        double e = 0;
        if (weight(k, i) == 0) {
            k->eta[i] = 0;
            continue;
        }
        row_z(k, i);
        for (size_t j = 0; j < k->p; j++)
            e += k->z[j] * bd[j * bs];
        k->eta[i] = e;
    }
}

/* Binomial deviance 2 sum w [y log(y/mu) + (1-y) log((1-y)/(1-mu))] at
 * k->eta, with log mu and log(1 - mu) taken from eta so that fitted
 * probabilities of 0 or 1 give finite terms. */
static double deviance_compute(const struct work *k)
{
    double dev = 0;

    for (size_t i = 0; i < k->n; i++) {
        double wi = weight(k, i), yi = k->y[i], eta = k->eta[i], d = 0;
        if (wi == 0)
            continue;
        if (yi > 0)
            d += yi * (log(yi) + softplus(-eta));
        if (yi < 1)
            d += (1 - yi) * (log1p(-yi) + softplus(eta));
        dev += 2 * wi * d;
    }
    return dev;
}

static double penalty(const struct work *k, const gsl_vector *b)
{
    double s = 0;

    for (size_t j = 1; j < k->p; j++)
        s += gsl_vector_get(b, j) * gsl_vector_get(b, j);
    return k->lambda * s;
}

/* Number of rows whose fitted probability is numerically 0 or 1. */
static size_t extreme_count(const struct work *k)
{
    size_t c = 0;

    for (size_t i = 0; i < k->n; i++) {
        double mu;
        if (weight(k, i) == 0)
            continue;
        mu = inv_logit(k->eta[i]);
        c += mu < EXTREME_EPS || mu > 1 - EXTREME_EPS;
    }
    return c;
}

/* H = Z'WZ + lambda I* and g = Z'(W eta + w (y - mu)) at k->eta. */
static void system_build(struct work *k)
{
    size_t p = k->p, tda = k->H->tda;
    double *H = k->H->data, *g = k->g->data, *z = k->z;

    gsl_matrix_set_zero(k->H);
    gsl_vector_set_zero(k->g);
    for (size_t i = 0; i < k->n; i++) {
        double wi = weight(k, i), mu, v, wv, r;
        if (wi == 0)
            continue;
        mu = inv_logit(k->eta[i]);
        v = mu * (1 - mu);
        if (v < DBL_EPSILON)
            v = DBL_EPSILON; /* as R's binomial()$mu.eta floor */
        wv = wi * v;
        r = wv * k->eta[i] + wi * (k->y[i] - mu);
        row_z(k, i);
        for (size_t a = 0; a < p; a++) {
            double *Ha = H + a * tda, za = wv * z[a];
            for (size_t c = a; c < p; c++)
                Ha[c] += za * z[c];
            g[a] += r * z[a];
        }
    }
    for (size_t a = 1; a < p; a++)
        *gsl_matrix_ptr(k->H, a, a) += k->lambda;
    for (size_t a = 0; a < p; a++)
        for (size_t c = a + 1; c < p; c++)
            gsl_matrix_set(k->H, c, a, gsl_matrix_get(k->H, a, c));
}

/* Replace k->H by its Cholesky factor; MS_NUMERIC when it is singular. */
static enum ms_status system_factor(struct work *k, struct ms_err *err)
{
    double rcond = 0;

    if (gsl_linalg_cholesky_decomp1(k->H) != GSL_SUCCESS ||
        gsl_linalg_cholesky_rcond(k->H, &rcond, k->rc_work) != GSL_SUCCESS ||
        !(rcond >= RCOND_MIN)) {
        if (k->lambda == 0 && extreme_count(k) > 0)
            return err_set(err, MS_NUMERIC,
                           "cannot fit the logistic model: the outcome is "
                           "separated by the features (fitted probabilities "
                           "of 0 or 1), so no maximum-likelihood estimate "
                           "exists; use a ridge penalty");
        return err_set(err, MS_NUMERIC,
                       "cannot fit the logistic model: the system is "
                       "singular (reciprocal condition %.3g); columns are "
                       "collinear or there are too few rows",
                       rcond);
    }
    return MS_OK;
}

static void work_release(struct work *k)
{
    free(k->mean);
    free(k->scale);
    free(k->inv_scale);
    free(k->eta);
    free(k->z);
    gsl_matrix_free(k->H);
    gsl_vector_free(k->g);
    gsl_vector_free(k->b);
    gsl_vector_free(k->b_old);
    gsl_vector_free(k->rc_work);
}

static enum ms_status work_init(struct work *k, struct ms_err *err)
{
    size_t n = k->n, p = k->p;

    k->mean = calloc(p, sizeof *k->mean);
    k->scale = calloc(p, sizeof *k->scale);
    k->inv_scale = calloc(p, sizeof *k->inv_scale);
    k->eta = calloc(n, sizeof *k->eta);
    k->z = calloc(p, sizeof *k->z);
    k->H = gsl_matrix_alloc(p, p);
    k->g = gsl_vector_alloc(p);
    k->b = gsl_vector_calloc(p);
    k->b_old = gsl_vector_calloc(p);
    k->rc_work = gsl_vector_alloc(3 * p);
    if (!k->mean || !k->scale || !k->inv_scale || !k->eta || !k->z ||
        !k->H || !k->g || !k->b || !k->b_old || !k->rc_work)
        return err_set(err, MS_NOMEM,
                       "cannot fit the logistic model: out of memory "
                       "(%zu rows, %zu columns)", n, p);
    return MS_OK;
}

/* Check the arguments; on success *sw is the sum of weights and *sy the
 * weighted sum of outcomes. */
static enum ms_status inputs_check(const struct work *k, double *sw,
                                   double *sy, struct ms_err *err)
{
    *sw = 0;
    *sy = 0;
    if (!(k->lambda >= 0) || !isfinite(k->lambda))
        return err_set(err, MS_SOFTWARE,
                       "logit_fit: lambda %g is not a finite value >= 0",
                       k->lambda);
    for (size_t i = 0; i < k->n; i++) {
        const double *x = k->X + i * k->p;
        double wi = weight(k, i);
        if (!(wi >= 0) || !isfinite(wi))
            return err_set(err, MS_SOFTWARE,
                           "logit_fit: weight of row %zu is %g, not a finite "
                           "value >= 0", i, wi);
        if (!(k->y[i] >= 0 && k->y[i] <= 1))
            return err_set(err, MS_SOFTWARE,
                           "logit_fit: outcome of row %zu is %g, not in "
                           "[0, 1]", i, k->y[i]);
        if (x[0] != 1.0)
            return err_set(err, MS_SOFTWARE,
                           "logit_fit: column 0 of row %zu is %g; column 0 "
                           "must be the intercept (1)", i, x[0]);
        for (size_t j = 1; j < k->p; j++)
            if (!isfinite(x[j]))
                return err_set(err, MS_NUMERIC,
                               "cannot fit the logistic model: row %zu "
                               "column %zu is not a finite number", i, j);
        *sw += wi;
        *sy += wi * k->y[i];
    }
    if (!(*sw > 0))
        return err_set(err, MS_NUMERIC,
                       "cannot fit the logistic model: no rows of positive "
                       "weight");
    if (!(*sy > 0) || !(*sy < *sw))
        return err_set(err, MS_NUMERIC,
                       "cannot fit the logistic model: every outcome is %d, "
                       "so the intercept has no finite estimate",
                       *sy > 0 ? 1 : 0);
    return MS_OK;
}

/* Weighted mean and population standard deviation of columns 1..p-1;
 * a constant column keeps scale 1 (it is only centred). */
static enum ms_status columns_standardise(struct work *k, double sw,
                                          struct ms_err *err)
{
    k->mean[0] = 0;
    k->scale[0] = 1;
    k->inv_scale[0] = 1;
    for (size_t j = 1; j < k->p; j++) {
        double m = 0, ss = 0, lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < k->n; i++) {
            double wi = weight(k, i), x = k->X[i * k->p + j];
            if (wi == 0)
                continue;
            m += wi * x;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        m /= sw;
        for (size_t i = 0; i < k->n; i++) {
            double d = k->X[i * k->p + j] - m;
            ss += weight(k, i) * d * d;
        }
        k->mean[j] = m;
        k->scale[j] = lo == hi ? 1.0 : sqrt(ss / sw);
        if (lo == hi && k->lambda == 0)
            return err_set(err, MS_NUMERIC,
                           "cannot fit the logistic model: column %zu is "
                           "constant (%g), so it is not identifiable "
                           "without a ridge penalty", j, lo);
        if (!(k->scale[j] > 0) || !isfinite(k->scale[j]))
            return err_set(err, MS_NUMERIC,
                           "cannot fit the logistic model: column %zu has "
                           "no usable spread", j);
        k->inv_scale[j] = 1.0 / k->scale[j];
    }
    return MS_OK;
}

/* IRLS from R's starting values mu = (w y + 0.5) / (w + 1), or from the
 * coefficients start (caller's scale) when not NULL.  On MS_OK k->b holds
 * the solution and k->eta the linear predictors there. */
static enum ms_status irls_run(struct work *k, const double *start,
                               int *iterations, int *converged,
                               struct ms_err *err)
{
    double pen_old;
    enum ms_status st;

    if (start != NULL) {
        double b0 = start[0];
        for (size_t j = 1; j < k->p; j++) {
            gsl_vector_set(k->b_old, j, start[j] * k->scale[j]);
            b0 += start[j] * k->mean[j];
        }
        gsl_vector_set(k->b_old, 0, b0);
        eta_compute(k, k->b_old);
        pen_old = deviance_compute(k) + penalty(k, k->b_old);
        if (!isfinite(pen_old))
            start = NULL;        /* a useless start: R's instead */
    }
    if (start == NULL) {
        for (size_t i = 0; i < k->n; i++) {
            double wi = weight(k, i), mu = (wi * k->y[i] + 0.5) / (wi + 1);
            k->eta[i] = log(mu / (1 - mu));
        }
        pen_old = deviance_compute(k);
    }
    *converged = 0;
    for (*iterations = 1; *iterations <= LOGIT_MAX_ITER; (*iterations)++) {
        double pen;
        system_build(k);
        if ((st = system_factor(k, err)) != MS_OK)
            return st;
        if (gsl_linalg_cholesky_solve(k->H, k->g, k->b) != GSL_SUCCESS)
            return err_set(err, MS_NUMERIC,
                           "cannot fit the logistic model: the IRLS step "
                           "could not be solved");
        eta_compute(k, k->b);
        pen = deviance_compute(k) + penalty(k, k->b);
        /* From the second step on a step that raises the objective is
         * halved back towards the previous coefficients. */
        for (int h = 0; (*iterations > 1 || start != NULL) &&
                        h < MAX_HALVINGS &&
                        (!isfinite(pen) ||
                         pen > pen_old + 1e-9 * (fabs(pen_old) + 0.1));
             h++) {
            gsl_vector_add(k->b, k->b_old);
            gsl_vector_scale(k->b, 0.5);
            eta_compute(k, k->b);
            pen = deviance_compute(k) + penalty(k, k->b);
        }
        if (!isfinite(pen))
            return err_set(err, MS_NUMERIC,
                           "cannot fit the logistic model: the deviance is "
                           "not finite after step %d", *iterations);
        gsl_vector_memcpy(k->b_old, k->b);
        if (fabs(pen - pen_old) / (fabs(pen) + 0.1) < LOGIT_EPSILON) {
            *converged = 1;
            break;
        }
        pen_old = pen;
    }
    if (*iterations > LOGIT_MAX_ITER)
        *iterations = LOGIT_MAX_ITER;
    if (k->lambda == 0 && extreme_count(k) > 0)
        return err_set(err, MS_NUMERIC,
                       "cannot fit the logistic model: the outcome is "
                       "separated by the features (%zu fitted probabilities "
                       "of 0 or 1), so no maximum-likelihood estimate "
                       "exists; use a ridge penalty", extreme_count(k));
    return MS_OK;
}

/* Coefficients and standard errors on the caller's scale: beta = T b and
 * cov = T H^-1 T', T the inverse of the standardisation. */
static enum ms_status estimates_unscale(struct work *k, struct logit_model *m,
                                        struct ms_err *err)
{
    size_t p = k->p;
    gsl_matrix *T = gsl_matrix_calloc(p, p);
    gsl_matrix *A = gsl_matrix_alloc(p, p);
    gsl_matrix *C = gsl_matrix_alloc(p, p);
    enum ms_status st = MS_OK;

    if (!T || !A || !C) {
        st = err_set(err, MS_NOMEM,
                     "cannot fit the logistic model: out of memory");
        goto done;
    }
    system_build(k); /* the information at the solution */
    if ((st = system_factor(k, err)) != MS_OK)
        goto done;
    if (gsl_linalg_cholesky_invert(k->H) != GSL_SUCCESS) {
        st = err_set(err, MS_NUMERIC,
                     "cannot fit the logistic model: the information "
                     "matrix cannot be inverted");
        goto done;
    }
    gsl_matrix_set(T, 0, 0, 1.0);
    for (size_t j = 1; j < p; j++) {
        gsl_matrix_set(T, 0, j, -k->mean[j] / k->scale[j]);
        gsl_matrix_set(T, j, j, 1.0 / k->scale[j]);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, T, k->H, 0.0, A);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, T, 0.0, C);
    for (size_t j = 0; j < p; j++) {
        double beta = 0;
        for (size_t c = 0; c < p; c++)
            beta += gsl_matrix_get(T, j, c) * gsl_vector_get(k->b, c);
        m->coef[j] = beta;
        m->se[j] = sqrt(gsl_matrix_get(C, j, j));
        for (size_t c = 0; c < p; c++)
            m->cov[j * p + c] = gsl_matrix_get(C, j, c);
        if (!isfinite(m->coef[j]) || !isfinite(m->se[j])) {
            st = err_set(err, MS_NUMERIC,
                         "cannot fit the logistic model: coefficient %zu is "
                         "not finite", j);
            goto done;
        }
    }
done:
    gsl_matrix_free(T);
    gsl_matrix_free(A);
    gsl_matrix_free(C);
    return st;
}

enum ms_status logit_fit(const double *X, const double *y, const double *w,
                         size_t n, size_t p, double lambda,
                         struct logit_model **out, struct ms_err *err)
{
    return logit_fit_from(X, y, w, n, p, lambda, NULL, out, err);
}

enum ms_status logit_fit_from(const double *X, const double *y,
                              const double *w, size_t n, size_t p,
                              double lambda, const double *start,
                              struct logit_model **out, struct ms_err *err)
{
    struct work k = {0};
    struct logit_model *m = NULL;
    double sw, sy;
    int iterations = 0, converged = 0;
    enum ms_status st;

    if (X == NULL || y == NULL || out == NULL || p == 0)
        return err_set(err, MS_SOFTWARE,
                       "logit_fit: NULL array or no columns");
    k.X = X;
    k.y = y;
    k.w = w;
    k.n = n;
    k.p = p;
    k.lambda = lambda;
    if ((st = inputs_check(&k, &sw, &sy, err)) != MS_OK)
        return st;
    if ((st = work_init(&k, err)) != MS_OK)
        goto done;
    if ((st = columns_standardise(&k, sw, err)) != MS_OK)
        goto done;
    if ((st = irls_run(&k, start, &iterations, &converged, err)) != MS_OK)
        goto done;
    m = calloc(1, sizeof *m);
    if (m == NULL || (m->coef = calloc(p, sizeof *m->coef)) == NULL ||
        (m->se = calloc(p, sizeof *m->se)) == NULL ||
        (m->cov = calloc(p * p, sizeof *m->cov)) == NULL) {
        st = err_set(err, MS_NOMEM,
                     "cannot fit the logistic model: out of memory");
        goto done;
    }
    m->p = p;
    m->lambda = lambda;
    m->iterations = iterations;
    m->converged = converged;
    m->deviance = deviance_compute(&k);
    if ((st = estimates_unscale(&k, m, err)) != MS_OK)
        goto done;
    *out = m;
    m = NULL;
done:
    logit_model_free(m);
    work_release(&k);
    return st;
}

enum ms_status logit_predict(const struct logit_model *m, const double *X,
                             size_t n, double *prob, struct ms_err *err)
{
    if (m == NULL || (n > 0 && (X == NULL || prob == NULL)))
        return err_set(err, MS_SOFTWARE, "logit_predict: NULL argument");
    for (size_t i = 0; i < n; i++) {
        double eta = 0;
        for (size_t j = 0; j < m->p; j++)
            eta += m->coef[j] * X[i * m->p + j];
        if (!isfinite(eta))
            return err_set(err, MS_NUMERIC,
                           "cannot predict: row %zu holds a value that is "
                           "not finite", i);
        prob[i] = inv_logit(eta);
    }
    return MS_OK;
}

void logit_model_free(struct logit_model *m)
{
    if (m == NULL)
        return;
    free(m->coef);
    free(m->se);
    free(m->cov);
    free(m);
}
