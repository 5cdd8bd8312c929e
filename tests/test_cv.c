/*
 * test_cv.c: grouped cross-validation of the risk model (analyze/cv.c).
 *
 * Synthetic pair-period data from a known logistic model (fixed GSL seeds,
 * so the bounds below are checked on the same data every run):
 * a real predictor must give an out-of-fold AUC well above 0.5 and a Brier
 * score below the base rate's r(1 - r); pure noise must stay near 0.5.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cv.h"
#include "logit.h"

/* Synthetic pair-periods: pairs of 1..12 monthly rows, p columns (1 and
 * p-1 standard normal features); P(y = 1) = 1 / (1 + exp(2 - beta x1)). */
struct synth {
    size_t n, p;
    double *X, *alt;
    int *y, *group, *stratum;
};

static void synth_make(struct synth *s, size_t pairs, size_t p, double beta,
                       unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t cap = pairs * 12;

    gsl_rng_set(rng, seed);
    s->p = p;
    s->n = 0;
    s->X = malloc(cap * p * sizeof *s->X);
    s->alt = malloc(cap * sizeof *s->alt);
    s->y = malloc(cap * sizeof *s->y);
    s->group = malloc(cap * sizeof *s->group);
    s->stratum = malloc(cap * sizeof *s->stratum);
    assert_non_null(s->X);
    assert_non_null(s->stratum);
    for (size_t g = 0; g < pairs; g++) {
        size_t months = 1 + gsl_rng_uniform_int(rng, 12), first = s->n;
        int event = 0;
        for (size_t t = 0; t < months; t++, s->n++) {
            double *x = s->X + s->n * p;
            x[0] = 1;
            for (size_t j = 1; j < p; j++)
                x[j] = gsl_ran_gaussian(rng, 1.0);
            s->y[s->n] = gsl_rng_uniform(rng) <
                         1 / (1 + exp(2 - beta * x[1]));
            /* a coarse "flag count" */
            s->alt[s->n] = x[1] > 0.5 ? 2 : x[1] > -0.5;
            s->group[s->n] = (int)g;
            event |= s->y[s->n];
        }
        for (size_t i = first; i < s->n; i++)
            s->stratum[i] = event;
    }
    gsl_rng_free(rng);
}

static void synth_free(struct synth *s)
{
    free(s->X);
    free(s->alt);
    free(s->y);
    free(s->group);
    free(s->stratum);
}

static struct cv_input synth_input(const struct synth *s)
{
    struct cv_input in = {s->X, s->y, s->group, s->stratum, s->alt, s->n,
                          s->p};
    return in;
}

static double base_rate(const struct synth *s)
{
    size_t e = 0;
    for (size_t i = 0; i < s->n; i++)
        e += (size_t)s->y[i];
    return (double)e / (double)s->n;
}

static void test_cv__real_predictor_scores_well(void **state)
{
    struct synth s;
    struct cv_input in;
    struct cv_result *r = NULL;
    struct ms_err err = {{0}};
    double rate;
    (void)state;

    synth_make(&s, 400, 4, 1.5, 11);
    in = synth_input(&s);
    if (cv_evaluate(&in, 5, 1.0, 12345, &r, &err) != MS_OK)
        fail_msg("%s", err.msg);
    rate = base_rate(&s);
    assert_int_equal(r->n, s.n);
    assert_int_equal(r->k, 5);
    assert_close((double)r->n_events, rate * (double)s.n, 1e-9);
    assert_true(r->auc.defined);
    /* the true model's AUC with slope 1.5 on N(0,1) is about 0.83 */
    assert_true(r->auc.auc > 0.75 && r->auc.auc < 0.92);
    assert_true(r->brier < rate * (1 - rate));
    /* the coarse flag count on the same rows: useful, but worse */
    assert_true(r->auc_alt.defined);
    assert_true(r->auc_alt.auc > 0.6 && r->auc_alt.auc < r->auc.auc);
    for (size_t i = 0; i < s.n; i++)
        assert_true(r->oof[i] > 0 && r->oof[i] < 1);
    cv_result_free(r);
    synth_free(&s);
}

static void test_cv__noise_scores_near_chance(void **state)
{
    struct synth s;
    struct cv_input in;
    struct cv_result *r = NULL;
    struct ms_err err = {{0}};
    double rate;
    (void)state;

    synth_make(&s, 400, 6, 0.0, 21);
    in = synth_input(&s);
    in.alt_score = NULL;
    if (cv_evaluate(&in, 5, 1.0, 12345, &r, &err) != MS_OK)
        fail_msg("%s", err.msg);
    rate = base_rate(&s);
    assert_true(r->auc.auc > 0.40 && r->auc.auc < 0.60);
    /* no better than the base rate, within noise */
    assert_true(r->brier > rate * (1 - rate) * 0.98);
    assert_false(r->auc_alt.defined);
    cv_result_free(r);
    synth_free(&s);
}

static void test_cv__out_of_fold_is_honest(void **state)
{
    /* 30 noise columns on 60 pairs: fitted and scored on the same rows the
     * model looks good; scored out of fold it is near chance. */
    struct synth s;
    struct cv_input in;
    struct cv_result *r = NULL;
    struct logit_model *m = NULL;
    struct auc_result in_sample;
    struct ms_err err = {{0}};
    double *prob, *yd;
    (void)state;

    synth_make(&s, 60, 31, 0.0, 5);
    in = synth_input(&s);
    prob = malloc(s.n * sizeof *prob);
    yd = malloc(s.n * sizeof *yd);
    for (size_t i = 0; i < s.n; i++)
        yd[i] = s.y[i];
    assert_int_equal(logit_fit(s.X, yd, NULL, s.n, s.p, 0.1, &m, &err), MS_OK);
    assert_int_equal(logit_predict(m, s.X, s.n, prob, &err), MS_OK);
    assert_int_equal(auc_compute(prob, s.y, s.n, &in_sample, &err), MS_OK);
    if (cv_evaluate(&in, 5, 0.1, 12345, &r, &err) != MS_OK)
        fail_msg("%s", err.msg);
    assert_true(in_sample.auc > 0.75);
    assert_true(r->auc.auc < 0.65);
    assert_true(in_sample.auc - r->auc.auc > 0.15);
    logit_model_free(m);
    cv_result_free(r);
    free(prob);
    free(yd);
    synth_free(&s);
}

static void test_cv__folds_keep_pairs_whole_and_match_direct_fits(void **state)
{
    /* Every pair in one fold, and each fold's predictions equal a fit on
     * the other folds' rows copied out. */
    struct synth s;
    struct cv_input in;
    struct cv_result *r = NULL;
    struct ms_err err = {{0}};
    int *pair_fold;
    double *Xt, *yt, prob;
    (void)state;

    synth_make(&s, 80, 3, 1.0, 31);
    in = synth_input(&s);
    assert_int_equal(cv_evaluate(&in, 4, 2.0, 99, &r, &err), MS_OK);
    pair_fold = malloc(80 * sizeof *pair_fold);
    for (size_t g = 0; g < 80; g++)
        pair_fold[g] = -1;
    for (size_t i = 0; i < s.n; i++) {
        int *pf = &pair_fold[s.group[i]];
        assert_true(*pf < 0 || *pf == r->fold[i]);
        *pf = r->fold[i];
    }
    Xt = malloc(s.n * s.p * sizeof *Xt);
    yt = malloc(s.n * sizeof *yt);
    for (int f = 0; f < 4; f++) {
        size_t nt = 0;
        struct logit_model *m = NULL;
        for (size_t i = 0; i < s.n; i++) {
            if (r->fold[i] == f)
                continue;
            memcpy(Xt + nt * s.p, s.X + i * s.p, s.p * sizeof *Xt);
            yt[nt++] = s.y[i];
        }
        assert_int_equal(logit_fit(Xt, yt, NULL, nt, s.p, 2.0, &m, &err),
                         MS_OK);
        for (size_t i = 0; i < s.n; i++) {
            if (r->fold[i] != f)
                continue;
            assert_int_equal(logit_predict(m, s.X + i * s.p, 1, &prob, &err),
                             MS_OK);
            assert_close(r->oof[i], prob, 1e-12);
        }
        logit_model_free(m);
    }
    free(Xt);
    free(yt);
    free(pair_fold);
    cv_result_free(r);
    synth_free(&s);
}

static void test_cv__refusals(void **state)
{
    double X[6 * 2];
    int y[6] = {0, 0, 0, 0, 0, 1}, group[6] = {0, 0, 1, 1, 2, 2};
    int bad_y[6] = {0, 1, 0, 5, 0, 1};
    struct cv_input in = {X, y, group, NULL, NULL, 6, 2};
    struct cv_result *r = NULL;
    struct ms_err err = {{0}};
    (void)state;

    for (int i = 0; i < 6; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = i;
    }
    /* one event: the folds that train without pair 2 have none */
    assert_int_equal(cv_evaluate(&in, 3, 1.0, 1, &r, &err), MS_NUMERIC);
    assert_null(r);
    assert_non_null(strstr(err.msg, "cross-validation fold "));
    assert_non_null(strstr(err.msg, "every outcome is 0"));

    err_clear(&err);
    in.y = bad_y;
    assert_int_equal(cv_evaluate(&in, 3, 1.0, 1, &r, &err), MS_SOFTWARE);
    assert_string_equal(err.msg,
                        "cv_evaluate: outcome of row 3 is 5, not 0 or 1");
    err_clear(&err);
    assert_int_equal(cv_evaluate(&in, 1, 1.0, 1, &r, &err), MS_SOFTWARE);
    assert_int_equal(cv_evaluate(NULL, 3, 1.0, 1, &r, &err), MS_SOFTWARE);
    in.n = 0;
    err_clear(&err);
    assert_int_equal(cv_evaluate(&in, 3, 1.0, 1, &r, &err), MS_NUMERIC);
    assert_string_equal(err.msg, "cannot cross-validate: no rows");
    assert_null(r);
    cv_result_free(NULL);
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* The penalty is the one whose out-of-fold deviance is least, and the
 * result is cv_evaluate's at that penalty (to the convergence criterion:
 * the folds' fits start from the previous penalty's): on 40 pairs with 30
 * noise columns a heavy penalty wins; with a strong predictor on 400
 * pairs a light one does.  A grid whose every fit fails is an error. */
static void test_cv__choose_lambda_by_deviance(void **state)
{
    static const double grid[] = {0.01, 1, 100, 10000};
    struct synth s;
    struct cv_input in;
    struct cv_result *r = NULL, *each[4];
    struct ms_err err = {{0}};
    size_t best = 0;
    (void)state;

    for (int k = 0; k < 2; k++) {
        synth_make(&s, k == 0 ? 40 : 400, k == 0 ? 31 : 3, k == 0 ? 0.3 : 2.0,
                   31 + (unsigned long)k);
        in = synth_input(&s);
        if (cv_choose_lambda(&in, 5, grid, 4, 7, &r, &err) != MS_OK)
            fail_msg("%s", err.msg);
        best = 0;
        for (size_t l = 0; l < 4; l++) {
            assert_int_equal(cv_evaluate(&in, 5, grid[l], 7, &each[l], &err),
                             MS_OK);
            assert_close(each[l]->lambda, grid[l], 0);
            if (each[l]->deviance < each[best]->deviance)
                best = l;
        }
        assert_close(r->lambda, grid[best], 0);
        assert_close(r->deviance, each[best]->deviance, 1e-6);
        for (size_t i = 0; i < s.n; i++)
            assert_close(r->oof[i], each[best]->oof[i], 1e-5);
        if (k == 0)
            assert_true(r->lambda >= 100);   /* noise: shrink */
        else
            assert_true(r->lambda <= 1);     /* signal: keep it */
        for (size_t l = 0; l < 4; l++)
            cv_result_free(each[l]);
        cv_result_free(r);
        r = NULL;
        synth_free(&s);
    }
    /* every outcome 0: no fold can be fitted at any penalty */
    synth_make(&s, 40, 3, 0.0, 5);
    for (size_t i = 0; i < s.n; i++)
        s.y[i] = 0;
    in = synth_input(&s);
    assert_int_equal(cv_choose_lambda(&in, 5, grid, 4, 7, &r, &err),
                     MS_NUMERIC);
    assert_null(r);
    assert_int_equal(cv_choose_lambda(&in, 5, grid, 0, 7, &r, &err),
                     MS_SOFTWARE);
    synth_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cv__real_predictor_scores_well),
        cmocka_unit_test(test_cv__noise_scores_near_chance),
        cmocka_unit_test(test_cv__out_of_fold_is_honest),
        cmocka_unit_test(test_cv__folds_keep_pairs_whole_and_match_direct_fits),
        cmocka_unit_test(test_cv__refusals),
        cmocka_unit_test(test_cv__choose_lambda_by_deviance),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
