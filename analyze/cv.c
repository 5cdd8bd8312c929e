/*
 * cv.c: grouped K-fold cross-validation of the logistic risk model
 * (see cv.h).  Held-out rows are given weight 0 rather than copied out, so
 * a fold costs one pass of IRLS over X and no second copy of it.
 */
#include "cv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "folds.h"
#include "logit.h"

/* Fit without fold f and predict its rows into r->oof.  warm is NULL, or
 * p coefficients: the start of the fit when warm[0] is finite, and the
 * fit's coefficients on return. */
static enum ms_status fold_predict(const struct cv_input *in, const double *y,
                                   double *w, int f, double lambda,
                                   double *warm, struct cv_result *r,
                                   struct ms_err *err)
{
    struct logit_model *m = NULL;
    struct ms_err fit_err = {{0}};
    enum ms_status st;
    size_t held = 0;

    for (size_t i = 0; i < in->n; i++) {
        w[i] = r->fold[i] == f ? 0.0 : 1.0;
        held += r->fold[i] == f;
    }
    if (held == 0)
        return MS_OK; /* more folds than pairs: nothing to predict */
    st = logit_fit_from(in->X, y, w, in->n, in->p, lambda,
                        warm != NULL && isfinite(warm[0]) ? warm : NULL, &m,
                        &fit_err);
    if (st != MS_OK)
        return err_set(err, st, "cross-validation fold %d of %d: %s", f + 1,
                       r->k, fit_err.msg);
    if (!m->converged) {
        logit_model_free(m);
        return err_set(err, MS_NUMERIC,
                       "cross-validation fold %d of %d: the model did not "
                       "converge in %d iterations", f + 1, r->k,
                       LOGIT_MAX_ITER);
    }
    for (size_t i = 0; i < in->n && st == MS_OK; i++)
        if (r->fold[i] == f)
            st = logit_predict(m, in->X + i * in->p, 1, &r->oof[i], err);
    if (warm != NULL)
        memcpy(warm, m->coef, in->p * sizeof *warm);
    logit_model_free(m);
    return st;
}

/* cv_evaluate, with warm NULL or k x p coefficients as fold_predict's. */
static enum ms_status cv_run(const struct cv_input *in, int k, double lambda,
                             unsigned long seed, double *warm,
                             struct cv_result **out, struct ms_err *err)
{
    struct cv_result *r = NULL;
    double *y = NULL, *w = NULL;
    enum ms_status st = MS_OK;

    if (in == NULL || out == NULL || in->X == NULL || in->y == NULL ||
        in->group == NULL)
        return err_set(err, MS_SOFTWARE, "cv_evaluate: NULL argument");
    if (k < 2)
        return err_set(err, MS_SOFTWARE,
                       "cv_evaluate: %d folds; at least 2 are needed", k);
    if (in->n == 0)
        return err_set(err, MS_NUMERIC, "cannot cross-validate: no rows");
    r = calloc(1, sizeof *r);
    y = malloc(in->n * sizeof *y);
    w = malloc(in->n * sizeof *w);
    if (r == NULL || y == NULL || w == NULL ||
        (r->fold = malloc(in->n * sizeof *r->fold)) == NULL ||
        (r->oof = calloc(in->n, sizeof *r->oof)) == NULL) {
        st = err_set(err, MS_NOMEM,
                     "cannot cross-validate: out of memory (%zu rows)", in->n);
        goto done;
    }
    r->n = in->n;
    r->k = k;
    for (size_t i = 0; i < in->n; i++) {
        if (in->y[i] != 0 && in->y[i] != 1) {
            st = err_set(err, MS_SOFTWARE,
                         "cv_evaluate: outcome of row %zu is %d, not 0 or 1",
                         i, in->y[i]);
            goto done;
        }
        y[i] = in->y[i];
        r->n_events += in->y[i] == 1;
    }
    if ((st = folds_assign(in->group, in->stratum, in->n, k, seed, r->fold,
                           err)) != MS_OK)
        goto done;
    for (int f = 0; f < k; f++)
        if ((st = fold_predict(in, y, w, f, lambda,
                               warm != NULL ? warm + (size_t)f * in->p : NULL,
                               r, err)) != MS_OK)
            goto done;
    if ((st = auc_compute(r->oof, in->y, in->n, &r->auc, err)) != MS_OK ||
        (st = brier_score(r->oof, in->y, in->n, &r->brier, err)) != MS_OK)
        goto done;
    r->lambda = lambda;
    r->deviance = 0;
    for (size_t i = 0; i < in->n; i++) {
        double p = r->oof[i];
        r->deviance -= 2 * (in->y[i] ? log(p) : log1p(-p)) / (double)in->n;
    }
    if (in->alt_score != NULL &&
        (st = auc_compute(in->alt_score, in->y, in->n, &r->auc_alt, err)) !=
            MS_OK)
        goto done;
    *out = r;
    r = NULL;
done:
    cv_result_free(r);
    free(y);
    free(w);
    return st;
}

enum ms_status cv_evaluate(const struct cv_input *in, int k, double lambda,
                           unsigned long seed, struct cv_result **out,
                           struct ms_err *err)
{
    return cv_run(in, k, lambda, seed, NULL, out, err);
}

enum ms_status cv_choose_lambda(const struct cv_input *in, int k,
                                const double *lambdas, size_t n,
                                unsigned long seed, struct cv_result **out,
                                struct ms_err *err)
{
    struct cv_result *best = NULL;
    enum ms_status st = MS_NUMERIC;
    double *warm;

    if (lambdas == NULL || n == 0 || out == NULL || in == NULL || k < 2)
        return err_set(err, MS_SOFTWARE, "cv_choose_lambda: no lambda, "
                       "NULL argument or fewer than 2 folds");
    /* each fold's fit starts from its fit at the previous penalty */
    if ((warm = malloc((size_t)k * in->p * sizeof *warm)) == NULL)
        return err_set(err, MS_NOMEM, "cannot cross-validate: out of memory");
    for (size_t i = 0; i < (size_t)k * in->p; i++)
        warm[i] = NAN;
    for (size_t l = 0; l < n; l++) {
        struct cv_result *r = NULL;
        struct ms_err e = {{0}};
        enum ms_status s = cv_run(in, k, lambdas[l], seed, warm, &r, &e);

        if (s == MS_NUMERIC) {
            for (size_t i = 0; i < (size_t)k * in->p; i++)
                warm[i] = NAN;
            if (best == NULL)
                *err = e;
            continue;
        }
        if (s != MS_OK) {
            cv_result_free(best);
            free(warm);
            *err = e;
            return s;
        }
        if (best == NULL || r->deviance < best->deviance ||
            (r->deviance == best->deviance && r->lambda > best->lambda)) {
            cv_result_free(best);
            best = r;
        } else {
            cv_result_free(r);
            break;      /* past the least deviance: the rest rise too */
        }
    }
    free(warm);
    if (best != NULL) {
        *out = best;
        st = MS_OK;
    }
    return st;
}

void cv_result_free(struct cv_result *r)
{
    if (r == NULL)
        return;
    free(r->fold);
    free(r->oof);
    free(r);
}
