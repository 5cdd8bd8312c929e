/*
 * cox.c: Cox proportional hazards regression (see cox.h).  The subjects
 * are sorted by stratum and time; each evaluation walks every stratum from
 * its last time back, so that the risk-set sums grow by addition, and
 * adds the Efron (or Breslow) terms of each event time.  The Newton steps
 * and the convergence test copy R's coxfit6.c.  Covariates are centred
 * first (the likelihood, score and information do not change; exp() does
 * not overflow as soon).
 */
#include "cox.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_heapsort.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* What one evaluation needs, allocated once. */
struct cox_work {
    size_t n, p;
    const double *time;
    const int *event, *stratum;
    double *xc;          /* [n * p] centred covariates */
    size_t *order;       /* by stratum, then time */
    double *s1, *s2;     /* risk-set sums [p], [p * p] */
    double *d1, *d2;     /* death sums [p], [p * p] */
    double *a;           /* [p] */
};

/* A subject as cox_order sorts them: 16 bytes, so that the sort and its
 * scratch stay small (cox_fit refuses more than UINT32_MAX subjects). */
struct cox_key {
    double time;
    int32_t stratum;
    uint32_t index;
};

/* By stratum, then time, then input position: a total order. */
static int cox_key_cmp(const void *pa, const void *pb)
{
    const struct cox_key *a = pa, *b = pb;

    if (a->stratum != b->stratum)
        return a->stratum < b->stratum ? -1 : 1;
    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* cox_key_cmp(a, b) < 0, inline. */
static inline int cox_key_less(const struct cox_key *a,
                               const struct cox_key *b)
{
    if (a->stratum != b->stratum)
        return a->stratum < b->stratum;
    if (a->time != b->time)
        return a->time < b->time;
    return a->index < b->index;
}

static inline void cox_key_swap(struct cox_key *a, struct cox_key *b)
{
    struct cox_key t = *a;

    *a = *b;
    *b = t;
}

/* Sort a[0..n) by cox_key_cmp in place (no scratch memory: qsort's
 * merge sort would take another n keys): quicksort with a median of
 * three, heapsort below depth 0, insertion sort for short runs.  The keys
 * are distinct (index), so the order is the one any sort gives. */
static void cox_keys_sort(struct cox_key *a, size_t n, int depth)
{
    while (n > 16) {
        size_t m = n / 2, i, j;
        struct cox_key pivot;

        if (depth-- <= 0) {
            gsl_heapsort(a, n, sizeof *a, cox_key_cmp);
            return;
        }
        if (cox_key_less(&a[m], &a[0]))
            cox_key_swap(&a[m], &a[0]);
        if (cox_key_less(&a[n - 1], &a[0]))
            cox_key_swap(&a[n - 1], &a[0]);
        if (cox_key_less(&a[n - 1], &a[m]))
            cox_key_swap(&a[n - 1], &a[m]);
        pivot = a[m];
        /* Hoare: a[0..j] <= pivot <= a[j+1..n), both parts non-empty
         * (a[0] <= pivot <= a[n-1] stop the scans) */
        i = 0;
        j = n - 1;
        for (;;) {
            while (cox_key_less(&a[i], &pivot))
                i++;
            while (cox_key_less(&pivot, &a[j]))
                j--;
            if (i >= j)
                break;
            cox_key_swap(&a[i], &a[j]);
            i++;
            j--;
        }
        /* the smaller part by recursion, the larger by the loop */
        if (j + 1 < n - (j + 1)) {
            cox_keys_sort(a, j + 1, depth);
            a += j + 1;
            n -= j + 1;
        } else {
            cox_keys_sort(a + j + 1, n - (j + 1), depth);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        struct cox_key k = a[i];
        size_t j = i;

        while (j > 0 && cox_key_less(&k, &a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = k;
    }
}

/* Fill w->order by (stratum, time); keys is scratch of n.  */
static void cox_order(struct cox_work *w, struct cox_key *keys)
{
    int depth = 0;

    for (size_t i = 0; i < w->n; i++)
        keys[i] = (struct cox_key){w->time[i],
                                   w->stratum ? w->stratum[i] : 0,
                                   (uint32_t)i};
    for (size_t n = w->n; n > 1; n >>= 1)
        depth += 2;
    cox_keys_sort(keys, w->n, depth);
    for (size_t i = 0; i < w->n; i++)
        w->order[i] = keys[i].index;
}

/* The log partial likelihood at beta into *loglik, its score into u[p] and
 * the information into imat[p * p]. */
static void cox_eval(struct cox_work *w, enum cox_ties ties, const double *beta,
                     double *loglik, double *u, double *imat)
{
    size_t n = w->n, p = w->p, i = n;
    double ll = 0.0, s0 = 0.0;

    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    while (i > 0) {
        size_t last = w->order[i - 1];
        int stratum = w->stratum ? w->stratum[last] : 0;
        double t = w->time[last], d0 = 0.0, deaths = 0.0;

        /* a new stratum starts with an empty risk set */
        if (i == n || (w->stratum &&
                       w->stratum[w->order[i]] != stratum)) {
            s0 = 0.0;
            memset(w->s1, 0, p * sizeof *w->s1);
            memset(w->s2, 0, p * p * sizeof *w->s2);
        }
        memset(w->d1, 0, p * sizeof *w->d1);
        memset(w->d2, 0, p * p * sizeof *w->d2);
        /* everyone with this time (in this stratum) joins the risk set */
        while (i > 0) {
            size_t k = w->order[i - 1];
            const double *x = w->xc + k * p;
            double eta = 0.0, r;

            if (w->time[k] != t ||
                (w->stratum && w->stratum[k] != stratum))
                break;
            for (size_t j = 0; j < p; j++)
                eta += x[j] * beta[j];
            r = exp(eta);
            s0 += r;
            for (size_t j = 0; j < p; j++) {
                w->s1[j] += r * x[j];
                for (size_t l = 0; l <= j; l++)
                    w->s2[j * p + l] += r * x[j] * x[l];
            }
            if (w->event[k]) {
                deaths += 1.0;
                d0 += r;
                ll += eta;
                for (size_t j = 0; j < p; j++) {
                    u[j] += x[j];
                    w->d1[j] += r * x[j];
                    for (size_t l = 0; l <= j; l++)
                        w->d2[j * p + l] += r * x[j] * x[l];
                }
            }
            i--;
        }
        for (double k = 0.0; k < deaths; k += 1.0) {
            double f = ties == COX_EFRON ? k / deaths : 0.0;
            double denom = s0 - f * d0;

            ll -= log(denom);
            for (size_t j = 0; j < p; j++) {
                w->a[j] = (w->s1[j] - f * w->d1[j]) / denom;
                u[j] -= w->a[j];
            }
            for (size_t j = 0; j < p; j++)
                for (size_t l = 0; l <= j; l++)
                    imat[j * p + l] += (w->s2[j * p + l] - f * w->d2[j * p + l])
                                       / denom - w->a[j] * w->a[l];
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t l = 0; l < j; l++)
            imat[l * p + j] = imat[j * p + l];
    *loglik = ll;
}

/* Cholesky factor of imat[p * p] into chol (GSL, lower triangle); 0 when
 * the matrix is positive definite with every pivot at least R's
 * toler.chol (DBL_EPSILON^0.75) times the largest diagonal, else -1. */
static int cox_chol(const double *imat, double *chol, size_t p)
{
    gsl_matrix_view m = gsl_matrix_view_array(chol, p, p);
    double dmax = 0.0, toler;

    memcpy(chol, imat, p * p * sizeof *chol);
    for (size_t j = 0; j < p; j++) {
        if (!isfinite(imat[j * p + j]))
            return -1;
        if (imat[j * p + j] > dmax)
            dmax = imat[j * p + j];
    }
    toler = pow(DBL_EPSILON, 0.75) * dmax;
    if (!(dmax > 0.0) || gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < p; j++) {
        double l = gsl_matrix_get(&m.matrix, j, j);
        if (!(l * l >= toler))
            return -1;
    }
    return 0;
}

void cox_fit_free(struct cox_fit *f)
{
    if (f == NULL)
        return;
    free(f->beta);
    free(f->se);
    free(f->var);
    free(f->u);
    free(f->infinite);
    free(f->aliased);
    free(f);
}

static struct cox_fit *cox_fit_new(size_t p)
{
    struct cox_fit *f = calloc(1, sizeof *f);

    if (f == NULL)
        return NULL;
    f->p = p;
    f->beta = calloc(p, sizeof *f->beta);
    f->se = calloc(p, sizeof *f->se);
    f->var = calloc(p * p, sizeof *f->var);
    f->u = calloc(p, sizeof *f->u);
    f->infinite = calloc(p, sizeof *f->infinite);
    f->aliased = calloc(p, sizeof *f->aliased);
    if (f->beta == NULL || f->se == NULL || f->var == NULL || f->u == NULL ||
        f->infinite == NULL || f->aliased == NULL) {
        cox_fit_free(f);
        return NULL;
    }
    return f;
}

/* Mark f singular: every figure NAN. */
static void cox_singular(struct cox_fit *f)
{
    f->outcome = COX_SINGULAR;
    for (size_t j = 0; j < f->p; j++) {
        f->beta[j] = NAN;
        f->se[j] = NAN;
    }
    for (size_t j = 0; j < f->p * f->p; j++)
        f->var[j] = NAN;
}

/* var = imat^-1 from its factor chol; se, and the infinite flags. */
static void cox_finish(struct cox_fit *f, double *chol)
{
    size_t p = f->p;
    gsl_matrix_view m = gsl_matrix_view_array(chol, p, p);

    if (gsl_linalg_cholesky_invert(&m.matrix) != GSL_SUCCESS) {
        cox_singular(f);
        return;
    }
    memcpy(f->var, chol, p * p * sizeof *chol);
    for (size_t j = 0; j < p; j++) {
        double uv = 0.0;

        f->se[j] = sqrt(f->var[j * p + j]);
        for (size_t k = 0; k < p; k++)
            uv += f->u[k] * f->var[k * p + j];
        f->infinite[j] = f->outcome == COX_CONVERGED && fabs(uv) > COX_EPS &&
                         fabs(uv) > sqrt(COX_EPS) * fabs(f->beta[j]);
    }
}

/* Newton step: newbeta = beta + imat^-1 u (chol is imat's factor). */
static void cox_step(double *chol, const double *u, const double *beta,
                     double *newbeta, double *step, size_t p)
{
    gsl_matrix_view m = gsl_matrix_view_array(chol, p, p);
    gsl_vector_const_view uv = gsl_vector_const_view_array(u, p);
    gsl_vector_view sv = gsl_vector_view_array(step, p);

    if (gsl_linalg_cholesky_solve(&m.matrix, &uv.vector, &sv.vector) !=
        GSL_SUCCESS)
        memset(step, 0, p * sizeof *step);
    for (size_t j = 0; j < p; j++)
        newbeta[j] = beta[j] + step[j];
}

/* The iterations of coxfit6.c on w into f. */
static void cox_newton(struct cox_work *w, enum cox_ties ties,
                       struct cox_fit *f, double *buf)
{
    size_t p = w->p;
    double *imat = buf, *chol = imat + p * p, *beta = chol + p * p;
    double *newbeta = beta + p, *step = newbeta + p;
    double lold, lnew;
    int halving = 0;

    memset(beta, 0, p * sizeof *beta);
    cox_eval(w, ties, beta, &lold, f->u, imat);
    f->loglik_null = lold;
    if (cox_chol(imat, chol, p) != 0) {
        cox_singular(f);
        return;
    }
    cox_step(chol, f->u, beta, newbeta, step, p);
    f->outcome = COX_NOT_CONVERGED;
    for (f->iter = 1; f->iter <= COX_ITER_MAX; f->iter++) {
        cox_eval(w, ties, newbeta, &lnew, f->u, imat);
        if (cox_chol(imat, chol, p) != 0) {
            cox_singular(f);
            return;
        }
        if (isfinite(lnew) && fabs(1.0 - lold / lnew) <= COX_EPS && !halving) {
            f->outcome = COX_CONVERGED;
            break;
        }
        if (f->iter == COX_ITER_MAX)
            break;
        if (!isfinite(lnew) || lnew < lold) {   /* not converging: halve */
            halving = 1;
            for (size_t j = 0; j < p; j++)
                newbeta[j] = (newbeta[j] + beta[j]) / 2.0;
        } else {
            halving = 0;
            lold = lnew;
            memcpy(beta, newbeta, p * sizeof *beta);
            cox_step(chol, f->u, beta, newbeta, step, p);
        }
    }
    if (f->iter > COX_ITER_MAX)
        f->iter = COX_ITER_MAX;
    f->loglik = lnew;
    memcpy(f->beta, newbeta, p * sizeof *newbeta);
    cox_finish(f, chol);
}

/* Mark in alias[p] the terms that R's cholesky2 finds linearly dependent
 * on earlier ones: the pivots of an LDL' factorisation of imat (in the
 * term order, no pivoting) below DBL_EPSILON^0.75 times the largest
 * diagonal.  m is scratch of p * p.  Their number. */
static size_t cox_aliased(const double *imat, size_t p, double *m,
                          unsigned char *alias)
{
    double eps = 0.0;
    size_t n = 0;

    memcpy(m, imat, p * p * sizeof *m);
    for (size_t i = 0; i < p; i++)
        if (m[i * p + i] > eps)
            eps = m[i * p + i];
    eps *= pow(DBL_EPSILON, 0.75);
    for (size_t i = 0; i < p; i++) {
        double pivot = m[i * p + i];

        alias[i] = !isfinite(pivot) || pivot < eps || !(eps > 0.0);
        if (alias[i]) {
            n++;
            continue;
        }
        for (size_t j = i + 1; j < p; j++) {
            double t = m[j * p + i] / pivot;

            m[j * p + i] = t;
            m[j * p + j] -= t * t * pivot;
            for (size_t k = j + 1; k < p; k++)
                m[k * p + j] -= t * m[k * p + i];
        }
    }
    return n;
}

/* Fit w without its aliased terms (f->aliased) into f, as R does (their
 * coefficients NA, the others fitted without them).  MS_NOMEM. */
static enum ms_status cox_reduced(struct cox_work *w, enum cox_ties ties,
                                  struct cox_fit *f, double *buf,
                                  struct ms_err *err)
{
    size_t p = w->p, q = 0, n = w->n;
    size_t *col = malloc(p * sizeof *col);
    double *xc = malloc((n > 0 ? n : 1) * p * sizeof *xc);
    struct cox_fit *g = NULL;
    struct cox_work v = *w;

    for (size_t j = 0; col != NULL && j < p; j++)
        if (!f->aliased[j])
            col[q++] = j;
    if (col == NULL || xc == NULL || (g = cox_fit_new(q)) == NULL) {
        free(col);
        free(xc);
        return err_set(err, MS_NOMEM, "cox_fit: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < q; a++)
            xc[i * q + a] = w->xc[i * p + col[a]];
    v.xc = xc;
    v.p = q;
    cox_newton(&v, ties, g, buf);
    f->outcome = g->outcome;
    f->iter = g->iter;
    f->loglik_null = g->loglik_null;
    f->loglik = g->loglik;
    for (size_t j = 0; j < p * p; j++)
        f->var[j] = NAN;
    for (size_t j = 0; j < p; j++) {
        f->beta[j] = NAN;
        f->se[j] = NAN;
        f->u[j] = 0.0;
    }
    for (size_t a = 0; a < q; a++) {
        f->beta[col[a]] = g->beta[a];
        f->se[col[a]] = g->se[a];
        f->u[col[a]] = g->u[a];
        f->infinite[col[a]] = g->infinite[a];
        for (size_t b = 0; b < q; b++)
            f->var[col[a] * p + col[b]] = g->var[a * q + b];
    }
    cox_fit_free(g);
    free(col);
    free(xc);
    return MS_OK;
}

/* Check the input; MS_OK or MS_DATAERR naming the subject. */
static enum ms_status cox_check(const double *time, const int *event,
                                const double *x, size_t n, size_t p,
                                struct ms_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i]))
            return err_set(err, MS_DATAERR, "subject %zu: time is not finite",
                           i);
        if (event[i] != 0 && event[i] != 1)
            return err_set(err, MS_DATAERR, "subject %zu: event %d is not 0 "
                           "or 1", i, event[i]);
        for (size_t j = 0; j < p; j++)
            if (!isfinite(x[i * p + j]))
                return err_set(err, MS_DATAERR, "subject %zu: covariate %zu "
                               "is not finite", i, j);
    }
    return MS_OK;
}

enum ms_status cox_fit(const double *time, const int *event,
                       const int *stratum, const double *x, size_t n,
                       size_t p, enum cox_ties ties, struct cox_fit **out,
                       struct ms_err *err)
{
    struct cox_work w = {0};
    struct cox_fit *f = NULL;
    struct cox_key *keys = NULL;
    double *buf = NULL;
    enum ms_status s = MS_OK;
    size_t nn = n > 0 ? n : 1, events = 0;

    if (out == NULL || p == 0 ||
        (n > 0 && (time == NULL || event == NULL || x == NULL)))
        return err_set(err, MS_SOFTWARE, "cox_fit: NULL argument or no term");
    if ((s = cox_check(time, event, x, n, p, err)) != MS_OK)
        return s;
    w.n = n;
    w.p = p;
    w.time = time;
    w.event = event;
    w.stratum = stratum;
    if (n > UINT32_MAX)
        return err_set(err, MS_NOMEM, "cox_fit: %zu subjects is too many", n);
    /* the order first, and its keys (with qsort's scratch) freed before
     * the centred covariates are made: the peak is the larger of the two,
     * not their sum */
    w.order = malloc(nn * sizeof *w.order);
    keys = malloc(nn * sizeof *keys);
    if (w.order == NULL || keys == NULL) {
        s = err_set(err, MS_NOMEM, "cox_fit: out of memory for %zu subjects",
                    n);
        goto done;
    }
    cox_order(&w, keys);
    free(keys);
    keys = NULL;
    w.xc = malloc(nn * p * sizeof *w.xc);
    w.s1 = malloc(p * sizeof *w.s1);
    w.s2 = malloc(p * p * sizeof *w.s2);
    w.d1 = malloc(p * sizeof *w.d1);
    w.d2 = malloc(p * p * sizeof *w.d2);
    w.a = malloc(p * sizeof *w.a);
    buf = malloc((2 * p * p + 3 * p) * sizeof *buf);
    f = cox_fit_new(p);
    if (w.xc == NULL || w.s1 == NULL || w.s2 == NULL ||
        w.d1 == NULL || w.d2 == NULL || w.a == NULL || buf == NULL ||
        f == NULL) {
        s = err_set(err, MS_NOMEM, "cox_fit: out of memory for %zu subjects",
                    n);
        goto done;
    }
    for (size_t j = 0; j < p; j++) {
        double mean = 0.0;

        for (size_t i = 0; i < n; i++)
            mean += x[i * p + j];
        mean = n > 0 ? mean / (double)n : 0.0;
        for (size_t i = 0; i < n; i++)
            w.xc[i * p + j] = x[i * p + j] - mean;
    }
    for (size_t i = 0; i < n; i++)
        events += event[i] == 1;
    if (events == 0) {
        cox_singular(f);
    } else {
        double ll, *imat = buf, *scratch = buf + p * p;
        size_t n_alias;

        /* terms linearly dependent on earlier ones (within strata) */
        memset(buf + 2 * p * p, 0, p * sizeof *buf);
        cox_eval(&w, ties, buf + 2 * p * p, &ll, f->u, imat);
        n_alias = cox_aliased(imat, p, scratch, f->aliased);
        /* GSL's aborting handler is off: main turns it off once before
         * any thread starts (not switched here: another thread may fit) */
        if (n_alias == p)
            cox_singular(f);
        else if (n_alias > 0)
            s = cox_reduced(&w, ties, f, buf, err);
        else
            cox_newton(&w, ties, f, buf);
        if (s != MS_OK)
            goto done;
    }
    *out = f;
    f = NULL;
done:
    cox_fit_free(f);
    free(keys);
    free(w.xc);
    free(w.order);
    free(w.s1);
    free(w.s2);
    free(w.d1);
    free(w.d2);
    free(w.a);
    free(buf);
    return s;
}

int cox_term_ok(const struct cox_fit *f, size_t j)
{
    return f != NULL && j < f->p && f->outcome == COX_CONVERGED &&
           !f->infinite[j] && isfinite(f->beta[j]) && isfinite(f->se[j]) &&
           f->se[j] > 0.0;
}

double cox_wald_p(const struct cox_fit *f, size_t j)
{
    if (!cox_term_ok(f, j))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_Q(fabs(f->beta[j] / f->se[j]));
}
