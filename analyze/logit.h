/*
 * logit.h: ridge-penalised logistic regression, fitted by IRLS.
 *
 * The risk model of analyze (results.md: pair_risk, risk_model) is a
 * discrete-time hazard model: a logistic regression over monthly
 * pair-periods.  This module is the pure mathematics: arrays in, a fitted
 * model out, no database.  It needs gsl_set_error_handler_off() (main and
 * the tests call it).
 *
 *     struct logit_model *m = NULL;
 *     if (logit_fit(X, y, NULL, n, p, 1.0, &m, &err) != MS_OK) ...
 *     ... m->coef[j], m->se[j] ...
 *     logit_predict(m, Xnew, n_new, prob, &err);
 *     logit_model_free(m);
 */
#ifndef MS_LOGIT_H
#define MS_LOGIT_H

#include <stddef.h>

#include "status.h"

/* Convergence as in R's glm.fit: |D - D_old| / (|D| + 0.1) < epsilon, where
 * D is the penalised deviance, checked after each IRLS step. */
#define LOGIT_EPSILON 1e-8
#define LOGIT_MAX_ITER 50

/* A fitted model.  coef and se have p entries each, on the scale of the
 * caller's columns (column 0 is the intercept). */
struct logit_model {
    size_t p;
    double *coef;     /* coefficients, original scale */
    double *se;       /* standard errors, original scale */
    double *cov;      /* p x p covariance (row-major), original scale: the
                       * bread of a sandwich (sandwich.h) */
    double deviance;  /* -2 log-likelihood (saturated model 0), no penalty */
    double lambda;    /* the ridge penalty it was fitted with */
    int iterations;   /* IRLS steps taken */
    int converged;    /* 1 when the criterion above was met */
};

/*
 * Fit P(y = 1 | x) = 1 / (1 + exp(-x'beta)) by iteratively reweighted
 * least squares (Newton-Raphson; McCullagh & Nelder, Generalized Linear
 * Models, 2nd ed., 1989, sec. 4.4), maximising
 *
 *     sum_i w_i [y_i log mu_i + (1 - y_i) log(1 - mu_i)]
 *         - lambda / 2 * sum_{j >= 1} b_j^2
 *
 * X is n rows by p columns, row-major (X[i * p + j]); column 0 must be the
 * intercept (every entry 1).  y[i] is in [0, 1] (a 0/1 outcome, or a
 * proportion of w[i] trials).  w is NULL (every weight 1) or n prior
 * weights >= 0; a row of weight 0 takes no part (cross-validation uses this
 * to hold rows out without copying X).
 *
 * Columns 1..p-1 are standardised internally (weighted mean 0, weighted
 * population standard deviation 1; a constant column is only centred, so
 * with lambda > 0 it gets coefficient 0 and standard error
 * 1 / sqrt(lambda)), and
 * b_j above are the coefficients of the standardised columns: the penalty
 * is unit-free, as with glmnet's standardize = TRUE, and never touches the
 * intercept.  The model reports beta on the caller's scale, and standard
 * errors sqrt(diag(T (Z'WZ + lambda I*)^-1 T')), where Z is the
 * standardised design, W the IRLS weights at the solution, I* the identity
 * without its intercept entry and T the map back to the original scale.
 * With lambda = 0 this is R's glm(..., family = binomial).  cov holds the
 * whole matrix T (Z'WZ + lambda I*)^-1 T' (R: vcov(fit)).
 *
 * On MS_OK *out is a new model the caller frees with logit_model_free; a
 * model that stopped at LOGIT_MAX_ITER has converged = 0 and should not be
 * used.  Otherwise *out is untouched and err says why:
 *   MS_SOFTWARE  a contract violation (NULL array, p == 0, column 0 not 1,
 *                y outside [0, 1], a negative or non-finite weight,
 *                lambda < 0 or not finite);
 *   MS_NUMERIC   no rows of positive weight, a non-finite feature, an
 *                outcome that is all 0 or all 1, a singular system
 *                (collinear or constant columns when lambda = 0), or
 *                separation when lambda = 0 (fitted probabilities of 0 or
 *                1: the maximum-likelihood estimate does not exist);
 *   MS_NOMEM     out of memory.
 */
enum ms_status logit_fit(const double *X, const double *y, const double *w,
                         size_t n, size_t p, double lambda,
                         struct logit_model **out, struct ms_err *err);

/*
 * logit_fit started from the coefficients start (p values, the caller's
 * scale; NULL: R's starting values), e.g. the fit at a neighbouring
 * penalty: the same maximum, reached in fewer steps (it agrees with
 * logit_fit to the convergence criterion, not bit for bit).
 */
enum ms_status logit_fit_from(const double *X, const double *y,
                              const double *w, size_t n, size_t p,
                              double lambda, const double *start,
                              struct logit_model **out, struct ms_err *err);

/*
 * Write the fitted probability 1 / (1 + exp(-x'beta)) of each of the n
 * rows of X (row-major, m->p columns, column 0 the intercept) to prob[i].
 * Returns MS_OK; MS_SOFTWARE for a NULL argument; MS_NUMERIC when a row
 * holds a non-finite value (prob is then partly written).
 */
enum ms_status logit_predict(const struct logit_model *m, const double *X,
                             size_t n, double *prob, struct ms_err *err);

/* Free m and its arrays.  NULL is a no-op. */
void logit_model_free(struct logit_model *m);

#endif
