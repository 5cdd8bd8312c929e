/*
 * sentences.h: the sentences in words that open the HR and leadership
 * workbooks, generated from the results tables in en, sv and da.
 *
 * Each sentence says how sure it is, from the figure's 95% interval and
 * p-value, and never more than that supports:
 *   - "clearly" only when the interval excludes "no difference" (a hazard
 *     ratio's interval excludes 1, two rates' intervals do not overlap)
 *     and, where there is a test, p < 0.05;
 *   - "about" for an estimate whose interval is narrow enough to read as
 *     one figure (half-width at most 10 percentage points, or 25 NPS
 *     points);
 *   - "we cannot tell yet" when the interval is wider, contains "no
 *     difference", or the figure is missing.
 * A provisional figure (a group that still has active pairs, results.md)
 * is never the subject of a claim: its sentence only says it is too early
 * to tell.  The templates are i18n keys "sent.*"; numbers are formatted
 * for the language (decimal comma and "72 %" in sv and da).
 *
 *     char buf[512];
 *     if (sent_factor(I18N_EN, "goals_by_30", 0.7, 0.52, 0.94, 0.02, buf,
 *                     sizeof buf) > 0)
 *         puts(buf);   "Pairs that set a goal in the first month clearly
 *                       ended early less often: about 30 % less ..."
 */
#ifndef MS_SENTENCES_H
#define MS_SENTENCES_H

#include <stddef.h>

#include "figures.h"

/* How sure a sentence may be. */
enum sent_sure {
    SENT_NONE = 0,   /* no figure: nothing can be said */
    SENT_UNSURE,     /* "we cannot tell yet" */
    SENT_ABOUT,      /* "about": one figure, interval narrow */
    SENT_CLEAR       /* "clearly": the interval excludes no difference */
};

/* A ratio (hazard ratio) against 1: SENT_CLEAR when lo..hi excludes 1 and
 * p < 0.05 (p NAN: the interval alone decides), SENT_UNSURE when it holds
 * 1, SENT_NONE when est, lo or hi is NAN. */
enum sent_sure sent_ratio_sure(double est, double lo, double hi, double p);

/* A share with its interval: SENT_ABOUT when hi - lo <= 0.2, SENT_UNSURE
 * when wider or provisional, SENT_NONE when est is NAN. */
enum sent_sure sent_rate_sure(double est, double lo, double hi,
                              int provisional);

/* Two shares: SENT_CLEAR when their intervals do not overlap,
 * SENT_UNSURE when they do, SENT_NONE when a limit is NAN. */
enum sent_sure sent_diff_sure(double lo1, double hi1, double lo2,
                              double hi2);

/* The number v with decimals digits for language lang into buf (size n):
 * "0.70" / "0,70".  pct: v is a share, written as a percentage "72%" (en)
 * or "72 %" (sv, da) with decimals digits.  Returns buf. */
char *sent_number(int lang, double v, int decimals, int pct, char *buf,
                  size_t n);

/* The sentence on the headline completion of who (a programme's name or
 * the words for all programmes): mature_rate with its interval.  Returns
 * its length, 0 (and "" in buf) when there is nothing to say. */
size_t sent_completion(int lang, const char *who, double rate, double lo,
                       double hi, int provisional, char *buf, size_t n);

/* What a first-month factor of res_factors (term cross_org, goals_by_30,
 * held_by_30) does to early endings, hazard ratio hr (lo..hi, p). */
size_t sent_factor(int lang, const char *term, double hr, double lo,
                   double hi, double p, char *buf, size_t n);

/* The trend of early endings across start years (res_cohort_trend):
 * hazard ratio per year hr (lo..hi, p) for who. */
size_t sent_trend(int lang, const char *who, double hr, double lo,
                  double hi, double p, char *buf, size_t n);

/* Completion of cohort cur (rate r1, lo1..hi1) against the cohort before
 * it, prev (r0, lo0..hi0), both mature. */
size_t sent_change(int lang, const char *cur, double r1, double lo1,
                   double hi1, const char *prev, double r0, double lo0,
                   double hi0, char *buf, size_t n);

/* Programme prog's completion (r1, lo1..hi1) against all programmes
 * (r0, lo0..hi0): a sentence only when they clearly differ. */
size_t sent_compare(int lang, const char *prog, double r1, double lo1,
                    double hi1, double r0, double lo0, double hi0,
                    char *buf, size_t n);

/* The newest cohort: still running (provisional) or its completion. */
size_t sent_newest(int lang, const char *cohort, int provisional,
                   double rate, double lo, double hi, char *buf, size_t n);

/* Would participants recommend it: NPS nps (lo..hi) of who. */
size_t sent_nps(int lang, const char *who, double nps, double lo, double hi,
                char *buf, size_t n);

/* Up to max sentences (each at most 512 bytes) for the HR Summary
 * (hr = 1) or the leadership Summary (hr = 0) from f, in language lang.
 * Returns how many were written into out. */
int sent_summary(int lang, const struct figures *f, int hr,
                 char (*out)[512], int max);

#endif
