/*
 * test_sentences.c: the generated sentences (report/sentences.c).  Each
 * certainty level of each rule, the exact English wording a reader sees,
 * the number format of sv and da, and that a provisional figure is never
 * the subject of a claim.  The figures are made up; what is tested is the
 * rule (reports.md: "about", "clearly", "we cannot tell yet").
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "sentences.h"

static void test_sentences__ratio_sure(void **state)
{
    static const struct {
        double est, lo, hi, p;
        enum sent_sure want;
    } cases[] = {
        { 0.70, 0.52, 0.94, 0.02, SENT_CLEAR },    /* below 1 */
        { 1.60, 1.10, 2.30, 0.01, SENT_CLEAR },    /* above 1 */
        { 0.70, 0.45, 1.09, 0.11, SENT_UNSURE },   /* holds 1 */
        { 0.70, 0.52, 0.94, 0.06, SENT_UNSURE },   /* the test disagrees */
        { 0.70, 0.52, 0.94, NAN, SENT_CLEAR },     /* no p: the interval */
        { NAN, NAN, NAN, NAN, SENT_NONE },
        { 0.70, NAN, 0.9, 0.01, SENT_NONE },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sent_ratio_sure(cases[i].est, cases[i].lo, cases[i].hi,
                            cases[i].p) != cases[i].want)
            fail_msg("case %zu", i);
}

static void test_sentences__rate_and_diff_sure(void **state)
{
    (void)state;
    assert_int_equal(sent_rate_sure(0.72, 0.65, 0.79, 0), SENT_ABOUT);
    assert_int_equal(sent_rate_sure(0.72, 0.50, 0.88, 0), SENT_UNSURE);
    assert_int_equal(sent_rate_sure(0.72, 0.65, 0.79, 1), SENT_UNSURE);
    assert_int_equal(sent_rate_sure(NAN, NAN, NAN, 0), SENT_NONE);
    assert_int_equal(sent_diff_sure(0.50, 0.60, 0.65, 0.75), SENT_CLEAR);
    assert_int_equal(sent_diff_sure(0.50, 0.66, 0.65, 0.75), SENT_UNSURE);
    assert_int_equal(sent_diff_sure(0.50, NAN, 0.65, 0.75), SENT_NONE);
}

static void test_sentences__numbers_per_language(void **state)
{
    char buf[32];

    (void)state;
    assert_string_equal(sent_number(I18N_EN, 0.725, 0, 1, buf, sizeof buf),
                        "72%");   /* 72.5 rounds to even: printf */
    assert_string_equal(sent_number(I18N_SV, 0.7, 2, 0, buf, sizeof buf),
                        "0,70");
    assert_string_equal(sent_number(I18N_DA, 0.31, 0, 1, buf, sizeof buf),
                        "31\xc2\xa0%");
    assert_string_equal(sent_number(I18N_EN, -0.001, 0, 0, buf, sizeof buf),
                        "0");
}

static void test_sentences__factor_levels(void **state)
{
    char buf[512];

    (void)state;
    /* clearly less: 1 - 0.70 = 30 %, interval 1 - 0.94 .. 1 - 0.52 */
    assert_true(sent_factor(I18N_EN, "goals_by_30", 0.70, 0.52, 0.94, 0.02,
                            buf, sizeof buf) > 0);
    assert_string_equal(buf, "Pairs that set a goal in the first month "
                             "clearly ended early less often: about 30% "
                             "less (95% interval 6% to 48% less).");
    /* clearly more */
    assert_true(sent_factor(I18N_EN, "cross_org", 1.5, 1.1, 2.0, 0.01, buf,
                            sizeof buf) > 0);
    assert_non_null(strstr(buf, "clearly ended early more often: about 50% "
                                "more"));
    /* unsure: never "clearly", says we cannot tell */
    assert_true(sent_factor(I18N_EN, "held_by_30", 0.9, 0.7, 1.2, 0.4, buf,
                            sizeof buf) > 0);
    assert_null(strstr(buf, "clearly"));
    assert_non_null(strstr(buf, "We cannot tell yet"));
    assert_non_null(strstr(buf, "from 30% less to 20% more"));
    /* nothing to say, and an unknown term says nothing */
    assert_int_equal(sent_factor(I18N_EN, "goals_by_30", NAN, NAN, NAN, NAN,
                                 buf, sizeof buf),
                     0);
    assert_string_equal(buf, "");
    assert_int_equal(sent_factor(I18N_EN, "new_term", 0.5, 0.3, 0.7, 0.001,
                                 buf, sizeof buf),
                     0);
    /* Swedish: decimal comma and its own words */
    assert_true(sent_factor(I18N_SV, "goals_by_30", 0.70, 0.52, 0.94, 0.02,
                            buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "tydligt"));
    assert_non_null(strstr(buf, "30\xc2\xa0%"));
}

static void test_sentences__completion_levels(void **state)
{
    char buf[512];

    (void)state;
    sent_completion(I18N_EN, "Trainees", 0.72, 0.65, 0.79, 0, buf,
                    sizeof buf);
    assert_string_equal(buf, "Trainees: about 72% of the pairs whose "
                             "planned time has passed completed (95% "
                             "interval 65% to 79%).");
    sent_completion(I18N_EN, "Trainees", 0.72, 0.45, 0.90, 0, buf,
                    sizeof buf);
    assert_null(strstr(buf, "about"));
    assert_non_null(strstr(buf, "we cannot tell"));
    /* provisional: no figure is the subject of the sentence */
    sent_completion(I18N_EN, "2026", 0.30, 0.25, 0.35, 1, buf, sizeof buf);
    assert_null(strstr(buf, "30%"));
    assert_non_null(strstr(buf, "too early to tell"));
    sent_completion(I18N_DA, "Trainees", NAN, NAN, NAN, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "endnu ikke"));
}

static void test_sentences__trend_change_compare(void **state)
{
    char buf[512];

    (void)state;
    sent_trend(I18N_EN, "All programmes", 0.8, 0.7, 0.9, 0.001, buf,
               sizeof buf);
    assert_non_null(strstr(buf, "clearly become rarer"));
    assert_non_null(strstr(buf, "about 20% fewer per year"));
    sent_trend(I18N_EN, "All programmes", 0.9, 0.7, 1.1, 0.3, buf,
               sizeof buf);
    assert_non_null(strstr(buf, "we cannot tell yet"));
    assert_null(strstr(buf, "clearly"));
    sent_trend(I18N_EN, "All programmes", NAN, NAN, NAN, NAN, buf,
               sizeof buf);
    assert_non_null(strstr(buf, "too few"));

    sent_change(I18N_EN, "2024", 0.80, 0.74, 0.85, "2023", 0.62, 0.55, 0.69,
                buf, sizeof buf);
    assert_string_equal(buf, "Completion rose clearly, from 62% in the 2023 "
                             "cohort to 80% in the 2024 cohort.");
    sent_change(I18N_EN, "2024", 0.70, 0.62, 0.77, "2023", 0.66, 0.58, 0.73,
                buf, sizeof buf);
    assert_non_null(strstr(buf, "we cannot tell whether that is a real "
                                "change"));
    assert_int_equal(sent_compare(I18N_EN, "Trainees", 0.70, 0.62, 0.77,
                                  0.66, 0.60, 0.71, buf, sizeof buf),
                     0);
    assert_true(sent_compare(I18N_EN, "Trainees", 0.85, 0.80, 0.89, 0.66,
                             0.60, 0.71, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "clearly more often"));
}

static void test_sentences__newest_and_nps(void **state)
{
    char buf[512];

    (void)state;
    sent_newest(I18N_EN, "2026", 1, 0.30, 0.2, 0.4, buf, sizeof buf);
    assert_string_equal(buf, "The 2026 cohort still has pairs running: it "
                             "is too early to tell how it will end.");
    sent_newest(I18N_EN, "2025", 0, 0.75, 0.68, 0.81, buf, sizeof buf);
    assert_non_null(strstr(buf, "about 75%"));
    sent_nps(I18N_EN, "Mentees", 42, 30, 54, buf, sizeof buf);
    assert_non_null(strstr(buf, "about 42"));
    sent_nps(I18N_EN, "Mentees", 42, 5, 79, buf, sizeof buf);
    assert_non_null(strstr(buf, "we cannot tell yet"));
    assert_null(strstr(buf, "42"));
    assert_int_equal(sent_nps(I18N_EN, "Mentees", NAN, NAN, NAN, buf,
                              sizeof buf),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences__ratio_sure),
        cmocka_unit_test(test_sentences__rate_and_diff_sure),
        cmocka_unit_test(test_sentences__numbers_per_language),
        cmocka_unit_test(test_sentences__factor_levels),
        cmocka_unit_test(test_sentences__completion_levels),
        cmocka_unit_test(test_sentences__trend_change_compare),
        cmocka_unit_test(test_sentences__newest_and_nps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
