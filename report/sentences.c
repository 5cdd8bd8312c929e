/*
 * sentences.c: the generated sentences of the summaries (see
 * sentences.h).  The certainty rules are three small functions; each
 * sentence function picks its template (i18n "sent.*") from them, so a
 * template never claims more than its rule allows.
 */
#include "sentences.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

#define RATE_WIDTH 0.2   /* widest interval read as "about" (share) */
#define NPS_WIDTH 50.0   /* the same for NPS points */
#define ALPHA 0.05

enum sent_sure sent_ratio_sure(double est, double lo, double hi, double p)
{
    if (isnan(est) || isnan(lo) || isnan(hi))
        return SENT_NONE;
    if ((hi < 1 || lo > 1) && (isnan(p) || p < ALPHA))
        return SENT_CLEAR;
    return SENT_UNSURE;
}

enum sent_sure sent_rate_sure(double est, double lo, double hi,
                              int provisional)
{
    if (isnan(est))
        return SENT_NONE;
    if (provisional || isnan(lo) || isnan(hi) || hi - lo > RATE_WIDTH)
        return SENT_UNSURE;
    return SENT_ABOUT;
}

enum sent_sure sent_diff_sure(double lo1, double hi1, double lo2,
                              double hi2)
{
    if (isnan(lo1) || isnan(hi1) || isnan(lo2) || isnan(hi2))
        return SENT_NONE;
    return hi1 < lo2 || hi2 < lo1 ? SENT_CLEAR : SENT_UNSURE;
}

char *sent_number(int lang, double v, int decimals, int pct, char *buf,
                  size_t n)
{
    if (pct)
        v *= 100;
    if (fabs(v) < 0.5 * pow(10, -decimals))
        v = 0;   /* no "-0" */
    snprintf(buf, n, "%.*f%s", decimals, v,
             !pct ? "" : lang == I18N_EN ? "%" : "\xc2\xa0%");
    if (lang != I18N_EN) {
        char *dot = strchr(buf, '.');

        if (dot != NULL)
            *dot = ',';
    }
    return buf;
}

/* 0 and "" in buf: nothing to say. */
static size_t none(char *buf, size_t n)
{
    if (n > 0)
        buf[0] = '\0';
    return 0;
}

/* Length of buf after a snprintf into it (cut at n - 1). */
static size_t written(int r, size_t n)
{
    if (r < 0)
        return 0;
    return (size_t)r < n ? (size_t)r : n - 1;
}

size_t sent_completion(int lang, const char *who, double rate, double lo,
                       double hi, int provisional, char *buf, size_t n)
{
    char a[32], b[32], c[32];

    switch (sent_rate_sure(rate, lo, hi, provisional)) {
    case SENT_NONE:
        return written(snprintf(buf, n,
                                i18n_get(lang, "sent.completion.none"), who),
                       n);
    case SENT_ABOUT:
    case SENT_CLEAR:
        return written(snprintf(buf, n,
                                i18n_get(lang, "sent.completion.about"), who,
                                sent_number(lang, rate, 0, 1, a, sizeof a),
                                sent_number(lang, lo, 0, 1, b, sizeof b),
                                sent_number(lang, hi, 0, 1, c, sizeof c)),
                       n);
    case SENT_UNSURE:
        break;
    }
    if (provisional)
        return written(snprintf(buf, n,
                                i18n_get(lang, "sent.completion.running"),
                                who),
                       n);
    return written(snprintf(buf, n, i18n_get(lang, "sent.completion.unsure"),
                            who, sent_number(lang, lo, 0, 1, b, sizeof b),
                            sent_number(lang, hi, 0, 1, c, sizeof c)),
                   n);
}

size_t sent_factor(int lang, const char *term, double hr, double lo,
                   double hi, double p, char *buf, size_t n)
{
    char key[64], mid[64], a[32], b[32], c[32];
    enum sent_sure s = sent_ratio_sure(hr, lo, hi, p);

    snprintf(key, sizeof key, "sent.subject.%s", term);
    snprintf(mid, sizeof mid, "sent.subject_mid.%s", term);
    if (s == SENT_NONE || !i18n_has(key) || !i18n_has(mid))
        return none(buf, n);
    if (s == SENT_UNSURE)
        return written(snprintf(buf, n, i18n_get(lang, "sent.factor.unsure"),
                                i18n_get(lang, mid),
                                sent_number(lang, lo < 1 ? 1 - lo : 0, 0, 1,
                                            b, sizeof b),
                                sent_number(lang, hi > 1 ? hi - 1 : 0, 0, 1,
                                            c, sizeof c)),
                       n);
    if (hr < 1)
        return written(snprintf(buf, n, i18n_get(lang, "sent.factor.less"),
                                i18n_get(lang, key),
                                sent_number(lang, 1 - hr, 0, 1, a, sizeof a),
                                sent_number(lang, 1 - hi, 0, 1, b, sizeof b),
                                sent_number(lang, 1 - lo, 0, 1, c, sizeof c)),
                       n);
    return written(snprintf(buf, n, i18n_get(lang, "sent.factor.more"),
                            i18n_get(lang, key),
                            sent_number(lang, hr - 1, 0, 1, a, sizeof a),
                            sent_number(lang, lo - 1, 0, 1, b, sizeof b),
                            sent_number(lang, hi - 1, 0, 1, c, sizeof c)),
                   n);
}

size_t sent_trend(int lang, const char *who, double hr, double lo,
                  double hi, double p, char *buf, size_t n)
{
    char a[32], b[32], c[32];

    switch (sent_ratio_sure(hr, lo, hi, p)) {
    case SENT_NONE:
        return written(snprintf(buf, n, i18n_get(lang, "sent.trend.none"),
                                who),
                       n);
    case SENT_UNSURE:
    case SENT_ABOUT:
        return written(snprintf(buf, n, i18n_get(lang, "sent.trend.unsure"),
                                who),
                       n);
    case SENT_CLEAR:
        break;
    }
    if (hr < 1)
        return written(snprintf(buf, n, i18n_get(lang, "sent.trend.fewer"),
                                who,
                                sent_number(lang, 1 - hr, 0, 1, a, sizeof a),
                                sent_number(lang, 1 - hi, 0, 1, b, sizeof b),
                                sent_number(lang, 1 - lo, 0, 1, c, sizeof c)),
                       n);
    return written(snprintf(buf, n, i18n_get(lang, "sent.trend.more"), who,
                            sent_number(lang, hr - 1, 0, 1, a, sizeof a),
                            sent_number(lang, lo - 1, 0, 1, b, sizeof b),
                            sent_number(lang, hi - 1, 0, 1, c, sizeof c)),
                   n);
}

size_t sent_change(int lang, const char *cur, double r1, double lo1,
                   double hi1, const char *prev, double r0, double lo0,
                   double hi0, char *buf, size_t n)
{
    char a[32], b[32];
    enum sent_sure s = sent_diff_sure(lo1, hi1, lo0, hi0);

    if (s == SENT_NONE || isnan(r1) || isnan(r0))
        return none(buf, n);
    sent_number(lang, r0, 0, 1, a, sizeof a);
    sent_number(lang, r1, 0, 1, b, sizeof b);
    if (s == SENT_UNSURE)
        return written(snprintf(buf, n, i18n_get(lang, "sent.change.unsure"),
                                b, cur, a, prev),
                       n);
    return written(snprintf(buf, n,
                            i18n_get(lang, r1 > r0 ? "sent.change.up"
                                                   : "sent.change.down"),
                            a, prev, b, cur),
                   n);
}

size_t sent_compare(int lang, const char *prog, double r1, double lo1,
                    double hi1, double r0, double lo0, double hi0,
                    char *buf, size_t n)
{
    char a[32], b[32];

    if (sent_diff_sure(lo1, hi1, lo0, hi0) != SENT_CLEAR || isnan(r1) ||
        isnan(r0))
        return none(buf, n);
    return written(snprintf(buf, n,
                            i18n_get(lang, r1 > r0 ? "sent.compare.better"
                                                   : "sent.compare.worse"),
                            prog, sent_number(lang, r1, 0, 1, a, sizeof a),
                            sent_number(lang, r0, 0, 1, b, sizeof b)),
                   n);
}

size_t sent_newest(int lang, const char *cohort, int provisional,
                   double rate, double lo, double hi, char *buf, size_t n)
{
    char a[32], b[32], c[32];

    if (provisional || sent_rate_sure(rate, lo, hi, 0) == SENT_NONE)
        return written(snprintf(buf, n, i18n_get(lang, "sent.newest.running"),
                                cohort),
                       n);
    if (sent_rate_sure(rate, lo, hi, 0) == SENT_UNSURE)
        return written(snprintf(buf, n, i18n_get(lang, "sent.newest.unsure"),
                                cohort,
                                sent_number(lang, lo, 0, 1, b, sizeof b),
                                sent_number(lang, hi, 0, 1, c, sizeof c)),
                       n);
    return written(snprintf(buf, n, i18n_get(lang, "sent.newest.about"),
                            cohort,
                            sent_number(lang, rate, 0, 1, a, sizeof a),
                            sent_number(lang, lo, 0, 1, b, sizeof b),
                            sent_number(lang, hi, 0, 1, c, sizeof c)),
                   n);
}

size_t sent_nps(int lang, const char *who, double nps, double lo, double hi,
                char *buf, size_t n)
{
    char a[32], b[32], c[32];

    if (isnan(nps))
        return none(buf, n);
    sent_number(lang, lo, 0, 0, b, sizeof b);
    sent_number(lang, hi, 0, 0, c, sizeof c);
    if (isnan(lo) || isnan(hi) || hi - lo > NPS_WIDTH)
        return written(snprintf(buf, n, i18n_get(lang, "sent.nps.unsure"),
                                who, isnan(lo) ? "-100" : b,
                                isnan(hi) ? "100" : c),
                       n);
    return written(snprintf(buf, n, i18n_get(lang, "sent.nps.about"), who,
                            sent_number(lang, nps, 0, 0, a, sizeof a), b, c),
                   n);
}

/* ------------------------------------------------------------ summary -- */

/* The value of column c, NAN when NULL, text or suppressed. */
static double v(const struct fig_table *t, int r, int c)
{
    return fig_value(t, r, c);
}

static int is(const struct fig_table *t, int r, const char *p, const char *c)
{
    return strcmp(fig_text(t, r, COL_PROGRAMME), p) == 0 &&
           (c == NULL || strcmp(fig_text(t, r, COL_COHORT), c) == 0);
}

/* The row of completion for (p, c), or -1. */
static int comp_find(const struct figures *f, const char *p, const char *c)
{
    for (int r = 0; r < f->completion.n_rows; r++)
        if (is(&f->completion, r, p, c))
            return r;
    return -1;
}

/* The two latest cohorts of all programmes without active pairs and with
 * a shown mature rate: *cur and *prev (rows of completion, -1 if none). */
static void mature_pair(const struct figures *f, int *cur, int *prev)
{
    const struct fig_table *t = &f->completion;

    *cur = *prev = -1;
    for (int r = 0; r < t->n_rows; r++) {
        const struct fig_cell *pv = fig_at(t, r, COMP_PROV);

        if (!is(t, r, "*", NULL) || fig_is_all(t, r, COL_COHORT) ||
            (pv->type == FIG_NUM && pv->num != 0) ||
            isnan(v(t, r, COMP_MRATE)))
            continue;
        /* rows come by cohort label: the last two are the latest */
        *prev = *cur;
        *cur = r;
    }
}

/* The row of completion of the newest cohort of all programmes, or -1. */
static int newest(const struct figures *f)
{
    const struct fig_table *t = &f->completion;
    int best = -1;

    for (int r = 0; r < t->n_rows; r++)
        if (is(t, r, "*", NULL) && !fig_is_all(t, r, COL_COHORT))
            best = r;
    return best;
}

/* Append the sentence in s when it is not empty. */
static void add(char (*out)[512], int *n, int max, const char *s)
{
    if (*n < max && s[0] != '\0') {
        snprintf(out[*n], 512, "%s", s);
        (*n)++;
    }
}

/* Programmes that clearly differ from all programmes (at most two
 * sentences), or one sentence that none does. */
static void compare_all(int lang, const struct figures *f, char (*out)[512],
                        int *n, int max)
{
    const struct fig_table *t = &f->completion;
    int all = comp_find(f, "*", "*"), progs = 0, said = 0;
    char buf[512];

    if (all < 0)
        return;
    for (int r = 0; r < t->n_rows; r++) {
        if (fig_is_all(t, r, COL_PROGRAMME) || !fig_is_all(t, r, COL_COHORT))
            continue;
        progs++;
        if (said < 2 &&
            sent_compare(lang, fig_text(t, r, COL_PROGRAMME),
                         v(t, r, COMP_MRATE), v(t, r, COMP_MCI_LOW),
                         v(t, r, COMP_MCI_HIGH), v(t, all, COMP_MRATE),
                         v(t, all, COMP_MCI_LOW), v(t, all, COMP_MCI_HIGH),
                         buf, sizeof buf) > 0) {
            add(out, n, max, buf);
            said++;
        }
    }
    if (progs > 1 && said == 0)
        add(out, n, max, i18n_get(lang, "sent.compare.none"));
}

/* The clearest first-month factor of all programmes, or a sentence that
 * none can be told yet. */
static void factor_best(int lang, const struct figures *f, char (*out)[512],
                        int *n, int max)
{
    const struct fig_table *t = &f->factors;
    int best = -1, any = 0;
    char buf[512];

    for (int r = 0; r < t->n_rows; r++) {
        enum sent_sure s;

        if (!fig_is_all(t, r, COL_PROGRAMME))
            continue;
        s = sent_ratio_sure(v(t, r, FAC_HR), v(t, r, FAC_CI_LOW),
                            v(t, r, FAC_CI_HIGH), v(t, r, FAC_P));
        any |= s != SENT_NONE;
        if (s == SENT_CLEAR &&
            (best < 0 || v(t, r, FAC_P) < v(t, best, FAC_P)))
            best = r;
    }
    if (best >= 0 &&
        sent_factor(lang, fig_text(t, best, FAC_TERM), v(t, best, FAC_HR),
                    v(t, best, FAC_CI_LOW), v(t, best, FAC_CI_HIGH),
                    v(t, best, FAC_P), buf, sizeof buf) > 0)
        add(out, n, max, buf);
    else if (t->n_rows > 0)
        add(out, n, max, i18n_get(lang, any ? "sent.factor.none_clear"
                                            : "sent.factor.none"));
}

int sent_summary(int lang, const struct figures *f, int hr,
                 char (*out)[512], int max)
{
    const struct fig_table *c = &f->completion;
    const char *all = i18n_get(lang, "all.programmes");
    char buf[512];
    int n = 0, r = comp_find(f, "*", "*"), cur, prev;

    mature_pair(f, &cur, &prev);
    if (!hr)
        for (int i = 0; i < f->trend.n_rows; i++)
            if (fig_is_all(&f->trend, i, COL_PROGRAMME)) {
                sent_trend(lang, all, v(&f->trend, i, TR_HR),
                           v(&f->trend, i, TR_CI_LOW),
                           v(&f->trend, i, TR_CI_HIGH), v(&f->trend, i, TR_P),
                           buf, sizeof buf);
                add(out, &n, max, buf);
            }
    if (r >= 0) {
        /* a programme total over mature pairs: never provisional itself */
        sent_completion(lang, all, v(c, r, COMP_MRATE), v(c, r, COMP_MCI_LOW),
                        v(c, r, COMP_MCI_HIGH), 0, buf, sizeof buf);
        add(out, &n, max, buf);
    }
    if (cur >= 0 && prev >= 0) {
        sent_change(lang, fig_text(c, cur, COL_COHORT), v(c, cur, COMP_MRATE),
                    v(c, cur, COMP_MCI_LOW), v(c, cur, COMP_MCI_HIGH),
                    fig_text(c, prev, COL_COHORT), v(c, prev, COMP_MRATE),
                    v(c, prev, COMP_MCI_LOW), v(c, prev, COMP_MCI_HIGH), buf,
                    sizeof buf);
        add(out, &n, max, buf);
    }
    compare_all(lang, f, out, &n, max);
    if (hr) {
        factor_best(lang, f, out, &n, max);
        for (int i = 0; i < f->nps.n_rows; i++)
            if (is(&f->nps, i, "*", "*") &&
                strcmp(fig_text(&f->nps, i, NPS_SURVEY), "final") == 0 &&
                strcmp(fig_text(&f->nps, i, NPS_ROLE), "mentee") == 0) {
                sent_nps(lang, i18n_get(lang, "sent.who.mentees"),
                         v(&f->nps, i, NPS_NPS), v(&f->nps, i, NPS_CI_LOW),
                         v(&f->nps, i, NPS_CI_HIGH), buf, sizeof buf);
                add(out, &n, max, buf);
            }
    }
    if (!hr)
        for (int i = 0; i < f->logrank.n_rows; i++)
            if (fig_is_all(&f->logrank, i, LR_PROGRAMME)) {
                double p = fig_value(&f->logrank, i, LR_P);
                char num[32];

                if (isnan(p))
                    continue;
                if (p < 0.001)
                    snprintf(num, sizeof num, "< %s",
                             lang == I18N_EN ? "0.001" : "0,001");
                else {
                    memcpy(num, "= ", 2);
                    sent_number(lang, p, 3, 0, num + 2, sizeof num - 2);
                }
                snprintf(buf, sizeof buf,
                         i18n_get(lang, p < ALPHA ? "sent.logrank.differ"
                                                  : "sent.logrank.unsure"),
                         num);
                add(out, &n, max, buf);
            }
    r = newest(f);
    if (r >= 0 && r != cur) {
        const struct fig_cell *pv = fig_at(c, r, COMP_PROV);

        sent_newest(lang, fig_text(c, r, COL_COHORT),
                    pv->type == FIG_NUM && pv->num != 0, v(c, r, COMP_MRATE),
                    v(c, r, COMP_MCI_LOW), v(c, r, COMP_MCI_HIGH), buf,
                    sizeof buf);
        add(out, &n, max, buf);
    }
    return n;
}
