/*
 * test_auc.c: area under the ROC curve and Brier score (analyze/auc.c).
 *
 * Published values:
 *  - Hanley & McNeil, Radiology 143:29-36 (1982), Table 1: 109 CT images
 *    rated 1 (definitely normal) .. 5 (definitely abnormal); 58 normal
 *    with counts 33, 6, 6, 11, 2 and 51 abnormal with counts 3, 2, 2, 11,
 *    33.  Area 0.893, standard error 0.032.
 *  - scikit-learn's roc_auc_score documentation example: y = [0, 0, 1, 1],
 *    scores = [0.1, 0.4, 0.35, 0.8] -> 0.75.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "auc.h"

enum { HM_N = 109 };

/* Hanley & McNeil's Table 1 as rows (rating, 1 = abnormal). */
static void hanley_mcneil_rows(double *score, int *label)
{
    static const int normal[5] = {33, 6, 6, 11, 2};
    static const int abnormal[5] = {3, 2, 2, 11, 33};
    size_t i = 0;

    for (int r = 0; r < 5; r++) {
        for (int c = 0; c < normal[r]; c++, i++) {
            score[i] = r + 1;
            label[i] = 0;
        }
        for (int c = 0; c < abnormal[r]; c++, i++) {
            score[i] = r + 1;
            label[i] = 1;
        }
    }
    assert_int_equal(i, HM_N);
}

static void test_auc__hanley_mcneil_ct_ratings(void **state)
{
    double score[HM_N];
    int label[HM_N];
    struct auc_result r;
    struct ms_err err = {{0}};
    (void)state;

    hanley_mcneil_rows(score, label);
    assert_int_equal(auc_compute(score, label, HM_N, &r, &err), MS_OK);
    assert_true(r.defined);
    assert_int_equal(r.n_pos, 51);
    assert_int_equal(r.n_neg, 58);
    assert_close(r.auc, 0.893, 5e-4);
    assert_close(r.se, 0.032, 5e-4);
    /* exactly: (3*16.5 + 2*36 + 2*42 + 11*50.5 + 33*57) / (51*58) */
    assert_close(r.auc, 2642.0 / 2958.0, 1e-12);
}

static void test_auc__row_order_does_not_matter(void **state)
{
    double score[HM_N], s2[HM_N];
    int label[HM_N], l2[HM_N];
    struct auc_result a, b;
    struct ms_err err = {{0}};
    (void)state;

    hanley_mcneil_rows(score, label);
    for (size_t i = 0; i < HM_N; i++) { /* 37 is prime to 109 */
        s2[i] = score[(i * 37) % HM_N];
        l2[i] = label[(i * 37) % HM_N];
    }
    assert_int_equal(auc_compute(score, label, HM_N, &a, &err), MS_OK);
    assert_int_equal(auc_compute(s2, l2, HM_N, &b, &err), MS_OK);
    assert_close(a.auc, b.auc, 0);
    assert_close(a.se, b.se, 0);
}

struct auc_case {
    const char *name;
    size_t n;
    double score[6];
    int label[6];
    double auc;
};

static void test_auc__small_cases(void **state)
{
    static const struct auc_case cases[] = {
        {"sklearn doc", 4, {0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}, 0.75},
        {"perfect", 4, {1, 2, 3, 4}, {0, 0, 1, 1}, 1.0},
        {"reversed", 4, {1, 2, 3, 4}, {1, 1, 0, 0}, 0.0},
        {"all tied", 5, {7, 7, 7, 7, 7}, {0, 1, 0, 1, 1}, 0.5},
        {"one tie", 3, {1, 1, 2}, {0, 1, 1}, 0.75},
        {"negative scores", 4, {-3, -1, -2, 0}, {0, 1, 0, 1}, 1.0},
        {"one each", 2, {0.2, 0.2}, {1, 0}, 0.5},
    };
    (void)state;

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct auc_result r;
        struct ms_err err = {{0}};
        if (auc_compute(cases[c].score, cases[c].label, cases[c].n, &r,
                        &err) != MS_OK || !r.defined ||
            fabs(r.auc - cases[c].auc) > 1e-12)
            fail_msg("%s: auc %g defined %d, expected %g (%s)",
                     cases[c].name, r.auc, r.defined, cases[c].auc, err.msg);
    }
}

static void test_auc__matches_pairwise_definition(void **state)
{
    /* 3000 rows with many ties against the O(n^2) definition. */
    enum { N = 3000 };
    static double score[N];
    static int label[N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double u = 0;
    size_t np = 0, nn = 0;
    struct auc_result r;
    struct ms_err err = {{0}};
    (void)state;

    gsl_rng_set(rng, 42);
    for (size_t i = 0; i < N; i++) {
        label[i] = gsl_rng_uniform(rng) < 0.2;
        score[i] = (double)gsl_rng_uniform_int(rng, 20) + 3.0 * label[i] *
                   gsl_rng_uniform(rng);
    }
    gsl_rng_free(rng);
    for (size_t i = 0; i < N; i++) {
        if (!label[i])
            continue;
        np++;
        for (size_t j = 0; j < N; j++)
            if (!label[j])
                u += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
    }
    nn = N - np;
    assert_int_equal(auc_compute(score, label, N, &r, &err), MS_OK);
    assert_int_equal(r.n_pos, np);
    assert_close(r.auc, u / ((double)np * (double)nn), 1e-12);
    assert_true(r.auc > 0.55);
}

static void test_auc__absent_when_a_class_is_empty(void **state)
{
    double score[3] = {0.1, 0.5, 0.9};
    int ones[3] = {1, 1, 1}, zeros[3] = {0, 0, 0};
    struct auc_result r;
    struct ms_err err = {{0}};
    (void)state;

    memset(&r, 0xff, sizeof r);
    assert_int_equal(auc_compute(score, ones, 3, &r, &err), MS_OK);
    assert_false(r.defined);
    assert_int_equal(r.n_pos, 3);
    assert_int_equal(r.n_neg, 0);
    assert_int_equal(auc_compute(score, zeros, 3, &r, &err), MS_OK);
    assert_false(r.defined);
    assert_int_equal(auc_compute(NULL, NULL, 0, &r, &err), MS_OK);
    assert_false(r.defined);
    assert_int_equal(r.n_pos + r.n_neg, 0);
    assert_string_equal(err.msg, "");
}

static void test_auc__refusals(void **state)
{
    double score[3] = {0.1, 0.5, 0.9}, bad[3] = {0.1, NAN, 0.9};
    int label[3] = {0, 1, 1}, badl[3] = {0, 2, 1};
    struct auc_result r = {.n_pos = 77};
    struct ms_err err = {{0}};
    (void)state;

    assert_int_equal(auc_compute(score, badl, 3, &r, &err), MS_SOFTWARE);
    assert_string_equal(err.msg,
                        "auc_compute: label of row 1 is 2, not 0 or 1");
    err_clear(&err);
    assert_int_equal(auc_compute(bad, label, 3, &r, &err), MS_NUMERIC);
    assert_string_equal(err.msg, "cannot compute the AUC: the score of row 1 "
                                 "is not a finite number");
    err_clear(&err);
    assert_int_equal(auc_compute(NULL, label, 3, &r, &err), MS_SOFTWARE);
    assert_int_equal(auc_compute(score, label, 3, NULL, &err), MS_SOFTWARE);
    assert_int_equal(r.n_pos, 77); /* untouched */
}

static void test_auc__brier_by_hand(void **state)
{
    double p[4] = {0.1, 0.9, 0.8, 0.3}, base[5], perfect[3] = {0, 1, 0};
    int y[4] = {0, 1, 0, 1}, y5[5] = {1, 0, 0, 1, 0};
    int right[3] = {0, 1, 0}, one_wrong[3] = {0, 1, 1};
    double b = -1;
    struct ms_err err = {{0}};
    (void)state;

    /* (0.01 + 0.01 + 0.64 + 0.49) / 4 */
    assert_int_equal(brier_score(p, y, 4, &b, &err), MS_OK);
    assert_close(b, 0.2875, 1e-12);
    /* predicting the base rate 0.4 scores 0.4 * 0.6 */
    for (size_t i = 0; i < 5; i++)
        base[i] = 0.4;
    assert_int_equal(brier_score(base, y5, 5, &b, &err), MS_OK);
    assert_close(b, 0.24, 1e-12);
    /* certain and right: 0 */
    assert_int_equal(brier_score(perfect, right, 3, &b, &err), MS_OK);
    assert_close(b, 0, 0);
    /* certain and wrong on one row of three: 1/3 */
    assert_int_equal(brier_score(perfect, one_wrong, 3, &b, &err), MS_OK);
    assert_close(b, 1.0 / 3.0, 1e-12);
}

static void test_auc__brier_refusals(void **state)
{
    double p[2] = {0.5, 1.2}, ok[2] = {0.5, 0.5}, b = -7;
    int y[2] = {0, 1}, bad[2] = {0, 3};
    struct ms_err err = {{0}};
    (void)state;

    assert_int_equal(brier_score(p, y, 0, &b, &err), MS_NUMERIC);
    assert_string_equal(err.msg, "cannot compute the Brier score: no rows");
    err_clear(&err);
    assert_int_equal(brier_score(p, y, 2, &b, &err), MS_NUMERIC);
    assert_string_equal(err.msg, "cannot compute the Brier score: probability "
                                 "of row 1 is 1.2, not in [0, 1]");
    err_clear(&err);
    assert_int_equal(brier_score(ok, bad, 2, &b, &err), MS_SOFTWARE);
    assert_int_equal(brier_score(NULL, y, 2, &b, &err), MS_SOFTWARE);
    assert_close(b, -7, 0); /* untouched */
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* Calibration on constructed cases whose answer is known exactly.  With two
 * distinct predictions the two-parameter model is saturated, so its fit
 * reproduces the observed rates: predicted 0.2 and 0.5, observed 0.1 and
 * 0.5, slope = (logit 0.5 - logit 0.1) / (logit 0.5 - logit 0.2) =
 * log 9 / log 4 (R 4.2.2: coef(glm(y ~ qlogis(p), binomial)) = 2.4e-16,
 * 1.58496248847).  The offset intercept of the same data, computed with
 * R 4.2.2: coef(glm(y ~ offset(qlogis(p)), binomial, control =
 * glm.control(epsilon = 1e-14))) = -0.252074746225 (the default epsilon
 * stops at -0.252074743729). */
static void test_auc__calibration_known_slope(void **state)
{
    double p[20], a, b;
    int y[20];
    struct ms_err e = {{0}};

    (void)state;
    for (int i = 0; i < 20; i++) {
        p[i] = i < 10 ? 0.2 : 0.5;
        y[i] = i == 0 || (i >= 10 && i < 15);
    }
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_OK);
    assert_close(b, log(9) / log(4), 1e-9);
    assert_close(a, -0.252074746225, 1e-11);
    /* observed = predicted: slope 1, intercept 0 */
    y[1] = 1;   /* 2 of 10 at 0.2, 5 of 10 at 0.5 */
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_OK);
    assert_close(b, 1.0, 1e-9);
    assert_close(a, 0.0, 1e-9);
}

/* One prediction for all: the slope does not exist; the intercept is
 * logit(observed) - logit(predicted) = logit(0.25) - logit(0.2) =
 * log(4/3). */
static void test_auc__calibration_constant_prediction(void **state)
{
    double p[20], a = 0, b = 0;
    int y[20];
    struct ms_err e = {{0}};

    (void)state;
    for (int i = 0; i < 20; i++) {
        p[i] = 0.2;
        y[i] = i < 5;
    }
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_OK);
    assert_close(a, log(4.0 / 3.0), 1e-10);
    assert_true(isnan(b));
    /* one class only, a probability of 1: absent, not 0 */
    for (int i = 0; i < 20; i++)
        y[i] = 0;
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_OK);
    assert_true(isnan(a) && isnan(b));
    y[0] = 1;
    p[3] = 1.0;
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_OK);
    assert_true(isnan(a) && isnan(b));
    y[0] = 2;
    assert_int_equal(calibration_fit(p, y, 20, &a, &b, &e), MS_SOFTWARE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auc__hanley_mcneil_ct_ratings),
        cmocka_unit_test(test_auc__row_order_does_not_matter),
        cmocka_unit_test(test_auc__small_cases),
        cmocka_unit_test(test_auc__matches_pairwise_definition),
        cmocka_unit_test(test_auc__absent_when_a_class_is_empty),
        cmocka_unit_test(test_auc__refusals),
        cmocka_unit_test(test_auc__brier_by_hand),
        cmocka_unit_test(test_auc__brier_refusals),
        cmocka_unit_test(test_auc__calibration_known_slope),
        cmocka_unit_test(test_auc__calibration_constant_prediction),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
