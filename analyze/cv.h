/*
 * cv.h: cross-validation of the risk model, folds grouped by pair.
 *
 * analyze's risk_model_fit (results.md) reports how well the model
 * predicts pairs it has not seen: every row gets a prediction from a model
 * fitted without its pair (folds.h), and the AUC and Brier score are taken
 * over those out-of-fold predictions (auc.h).  An alternative score (the
 * number of flags) is scored on the same rows, so model and flags compare
 * like for like.  Pure arrays, no database.
 */
#ifndef MS_CV_H
#define MS_CV_H

#include <stddef.h>

#include "auc.h"
#include "status.h"

/* The rows to cross-validate; all arrays have n entries (X: n * p). */
struct cv_input {
    const double *X;         /* row-major, column 0 the intercept (logit.h) */
    const int *y;            /* outcome 0/1 */
    const int *group;        /* pair index >= 0: rows of a pair share a fold */
    const int *stratum;      /* NULL, or strata for folds_assign */
    const double *alt_score; /* NULL, or a score to compare (flag count) */
    size_t n, p;
};

struct cv_result {
    size_t n;                /* rows */
    size_t n_events;         /* rows with y = 1 */
    int k;                   /* folds asked for */
    int *fold;               /* n: each row's fold */
    double *oof;             /* n: out-of-fold probability of y = 1 */
    struct auc_result auc;   /* AUC of oof */
    double brier;            /* Brier score of oof */
    struct auc_result auc_alt; /* AUC of alt_score (defined 0 if NULL) */
    double lambda;           /* the ridge penalty of the fold fits */
    double deviance;         /* mean out-of-fold binomial deviance,
                              * -2 mean(y log p + (1 - y) log(1 - p)) */
};

/*
 * Assign folds with folds_assign(in->group, in->stratum, n, k, seed); for
 * each non-empty fold f fit logit_fit(X, y, w, n, p, lambda) with weight 0
 * on the rows of f and 1 elsewhere, and predict the rows of f.  Then score
 * the out-of-fold predictions and in->alt_score over all n rows.
 *
 * On MS_OK *out is a new result the caller frees with cv_result_free.
 * Otherwise *out is untouched: MS_SOFTWARE for a NULL argument, k < 2 or
 * a y other than 0/1; MS_NUMERIC for n == 0, or when a fold's model cannot
 * be fitted or
 * does not converge (err names the fold: e.g. its training rows hold no
 * event, too few early endings to validate), or a value is not finite;
 * MS_NOMEM.
 */
enum ms_status cv_evaluate(const struct cv_input *in, int k, double lambda,
                           unsigned long seed, struct cv_result **out,
                           struct ms_err *err);

/*
 * The ridge penalty by cross-validation: cv_evaluate for the n lambdas
 * (ascending, same folds) in turn, and *out is the result of the one with
 * the least out-of-fold deviance (ties: the larger penalty, the simpler
 * model).  The search stops at the first lambda whose deviance is above
 * the least so far: the out-of-fold deviance of a ridge path falls to one
 * minimum and rises after it, and the fits past it only cost time.  A
 * lambda whose fold fits fail with MS_NUMERIC is passed over; when every
 * one fails, that error is returned.  Other errors and ownership as
 * cv_evaluate.
 */
enum ms_status cv_choose_lambda(const struct cv_input *in, int k,
                                const double *lambdas, size_t n,
                                unsigned long seed, struct cv_result **out,
                                struct ms_err *err);

/* Free r and its arrays.  NULL is a no-op. */
void cv_result_free(struct cv_result *r);

#endif
