/*
 * hr_outcomes.c: the HR workbook (see hr_outcomes.h).  It opens on the
 * Summary (sentences and one row per programme), then what works, mentor
 * and mentee, the detail sheets, a sheet of cohort-level detail that is
 * not printed, and About last.  On every sheet the title is on row 0 and
 * a note on row 1; charts come first, tables are stacked below them, so
 * no two tables share a row (an autofilter on one never hides rows of
 * another) and each printed sheet fits the page width.
 */
#include "hr_outcomes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "book.h"
#include "charts.h"
#include "i18n.h"
#include "layout.h"
#include "sentences.h"

#define TOP 3          /* first row below the heading */
#define CHART_ROWS 19  /* rows a chart takes */
#define LONG_TABLE 20  /* autofilter on blocks longer than this */
#define HALF_CHART 540 /* pixels of a chart drawn at scale 0.95 */

#define PROG { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 14 }
#define COHORT { "hdr.cohort", COL_COHORT, LK_COHORT, NULL, LF_TEXT, 10 }
#define FIG(h, c, f, w) { h, c, LK_FIGURE, NULL, f, w }
#define WORD(h, c, p, w) { h, c, LK_WORD, p, LF_TEXT, w }
#define SPEC(t, x, y, f, lo, hi) { t, x, y, f, lo, hi, 0 }

/* ------------------------------------------------------------- helpers -- */

/* Rows of all cohorts of a programme (the printed level). */
static int keep_prog(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_COHORT);
}

/* Programme level, final survey (items and scales: survey in column 2). */
static int keep_prog_final(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_COHORT) &&
           strcmp(fig_text(t, r, ITEM_SURVEY), "final") == 0;
}

/* Programme level, every third month of the survival table. */
static int keep_prog_quarter(const struct fig_table *t, int r)
{
    const struct fig_cell *m = fig_at(t, r, SURV_MONTH);

    return fig_is_all(t, r, COL_COHORT) && m->type == FIG_NUM &&
           fmod(m->num, 3) == 0;
}

/* Breakdowns printed: by pairing and intro mode for every programme, by
 * unit for all programmes (every unit of every programme: sheet Detail by
 * cohort). */
static int keep_breakdown(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_PROGRAMME) ||
           strcmp(fig_text(t, r, BRK_DIMENSION), "org_unit") != 0;
}

/* The autofilter on blk when it is long (tables are stacked: the filter
 * covers this table's rows only). */
static void filter(struct book *b, lxw_worksheet *ws,
                   const struct layout_block *blk)
{
    layout_filter(b, ws, blk, LONG_TABLE);
}

/* Print set-up of a detail sheet: landscape, the whole width on a page,
 * the heading repeated. */
static void print_wide(struct book *b, lxw_worksheet *ws)
{
    layout_print(b, ws, 0, 1, NULL, 0, 0);
}

/* A paragraph under a chart or table, from i18n key, over columns 0..c1
 * (width characters together). */
static lxw_row_t note(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                      lxw_col_t c1, const char *key, double width)
{
    return layout_paragraph(b, ws, r, 0, c1, key, NULL, width);
}

/* The row of t for programme p and cohort c (and text k in column kc when
 * kc >= 0), or -1. */
static int find(const struct fig_table *t, const char *p, const char *c,
                int kc, const char *k)
{
    for (int r = 0; r < t->n_rows; r++)
        if (strcmp(fig_text(t, r, COL_PROGRAMME), p) == 0 &&
            strcmp(fig_text(t, r, COL_COHORT), c) == 0 &&
            (kc < 0 || strcmp(fig_text(t, r, kc), k) == 0))
            return r;
    return -1;
}

/* book_figure when row >= 0, else nothing (an empty cell). */
static void fig(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const struct fig_table *t, int row, int col, lxw_format *f)
{
    if (row >= 0)
        book_figure(b, ws, r, c, t, row, col, f);
}

/* ------------------------------------------------------------ Summary -- */

/* The latest and the one before of the cohorts of programme p without
 * active pairs and with a shown mature rate (rows of completion). */
static void mature_cohorts(const struct fig_table *t, const char *p,
                           int *cur, int *prev)
{
    *cur = *prev = -1;
    for (int r = 0; r < t->n_rows; r++) {
        const struct fig_cell *pv = fig_at(t, r, COMP_PROV);

        if (strcmp(fig_text(t, r, COL_PROGRAMME), p) != 0 ||
            fig_is_all(t, r, COL_COHORT) ||
            (pv->type == FIG_NUM && pv->num != 0) ||
            isnan(fig_value(t, r, COMP_MRATE)))
            continue;
        *prev = *cur;
        *cur = r;
    }
}

static void summary_table(struct book *b, lxw_worksheet *ws, lxw_row_t *rp,
                          const struct figures *f)
{
    static const struct {
        const char *hdr;
        double width;
    } cols[] = {
        { "hdr.programme", 18 },        { "hdr.pairs_started", 9 },
        { "hdr.active", 9 },            { "hdr.mature_rate", 12 },
        { "hdr.ci_low", 8 },            { "hdr.ci_high", 8 },
        { "hdr.provisional", 12 },      { "hdr.change_prev", 13 },
        { "hdr.early_6m", 12 },         { "hdr.gas_t", 9 },
        { "hdr.usefulness_final", 11 }, { "hdr.nps_mentees", 10 },
        { "hdr.ci_low", 8 },            { "hdr.ci_high", 8 },
        { "hdr.hours", 11 },
    };
    const int nc = (int)(sizeof cols / sizeof cols[0]);
    const struct fig_table *c = &f->completion;
    lxw_row_t r = *rp;
    int lines = 1;

    book_label(b, ws, r++, 0, "block.at_a_glance", b->f.subtitle);
    for (int i = 0; i < nc; i++) {
        const char *h = i18n_get(b->lang, cols[i].hdr);
        int l = (int)ceil(book_text_width(h) / (cols[i].width - 1));
        double w = cols[i].width;

        if (layout_longest_word(h) + 2 > w)
            w = layout_longest_word(h) + 2;
        if (l > lines)
            lines = l;
        book_string(b, ws, r, (lxw_col_t)i, h,
                    i == 0 ? b->f.header : b->f.header_num);
        book_width(b, ws, (lxw_col_t)i, (lxw_col_t)i, w);
    }
    book_height(b, ws, r, 15.0 * lines + 2);
    r++;
    for (int i = 0; i < c->n_rows; i++, r++) {
        const char *p = fig_text(c, i, COL_PROGRAMME);
        const struct fig_cell *pv = fig_at(c, i, COMP_PROV);
        int all = fig_is_all(c, i, COL_PROGRAMME), cur, prev;
        int sv, cy, np, at;

        if (!fig_is_all(c, i, COL_COHORT)) {
            r--;
            continue;
        }
        for (sv = 0; sv < f->survival.n_rows; sv++)
            if (strcmp(fig_text(&f->survival, sv, COL_PROGRAMME), p) == 0 &&
                fig_is_all(&f->survival, sv, COL_COHORT) &&
                fig_at(&f->survival, sv, SURV_MONTH)->num == 6)
                break;
        if (sv == f->survival.n_rows)
            sv = -1;
        cy = find(&f->cohort_year, p, "*", -1, NULL);
        np = -1;
        for (int j = 0; j < f->nps.n_rows; j++)
            if (strcmp(fig_text(&f->nps, j, COL_PROGRAMME), p) == 0 &&
                fig_is_all(&f->nps, j, COL_COHORT) &&
                strcmp(fig_text(&f->nps, j, NPS_SURVEY), "final") == 0 &&
                strcmp(fig_text(&f->nps, j, NPS_ROLE), "mentee") == 0)
                np = j;
        at = find(&f->attendance, p, "*", -1, NULL);
        book_string(b, ws, r, 0, layout_programme(b, p),
                    all ? b->f.text_total : b->f.text);
        fig(b, ws, r, 1, c, i, COMP_N_PAIRS, b->f.count);
        fig(b, ws, r, 2, c, i, COMP_N_ACTIVE, b->f.count);
        fig(b, ws, r, 3, c, i, COMP_MRATE, b->f.pct);
        fig(b, ws, r, 4, c, i, COMP_MCI_LOW, b->f.pct);
        fig(b, ws, r, 5, c, i, COMP_MCI_HIGH, b->f.pct);
        book_label(b, ws, r, 6,
                   pv->type == FIG_NUM && pv->num != 0 ? "word.provisional"
                                                       : "word.final",
                   b->f.text);
        mature_cohorts(c, p, &cur, &prev);
        if (cur >= 0 && prev >= 0)
            book_number(b, ws, r, 7,
                        fig_value(c, cur, COMP_MRATE) -
                            fig_value(c, prev, COMP_MRATE),
                        b->f.pct_change);
        fig(b, ws, r, 8, &f->survival, sv, SURV_CIF_EARLY, b->f.pct);
        fig(b, ws, r, 9, &f->cohort_year, cy, CY_GAS, b->f.num1);
        fig(b, ws, r, 10, &f->cohort_year, cy, CY_USEFUL, b->f.num2);
        fig(b, ws, r, 11, &f->nps, np, NPS_NPS, b->f.num1);
        fig(b, ws, r, 12, &f->nps, np, NPS_CI_LOW, b->f.num1);
        fig(b, ws, r, 13, &f->nps, np, NPS_CI_HIGH, b->f.num1);
        fig(b, ws, r, 14, &f->attendance, at, ATT_HOURS, b->f.num1);
    }
    *rp = r + 1;
}

static void summary_write(struct book *b, lxw_worksheet *ws,
                          const struct figures *f)
{
    char sent[6][512];
    int n = sent_summary(b->lang, f, 1, sent, 6);
    lxw_row_t r = TOP;

    layout_heading(b, ws, "title.hr_summary", "note.hr_summary", f->as_of,
                   14, 170);
    book_label(b, ws, r++, 0, "block.in_words", b->f.subtitle);
    for (int i = 0; i < n; i++) {
        char line[520] = "\xe2\x80\xa2 ";

        memcpy(line + 4, sent[i], 512);
        line[519] = '\0';
        r = layout_paragraph(b, ws, r, 0, 14, NULL, line, 170);
    }
    r++;
    summary_table(b, ws, &r, f);
    r = note(b, ws, r, 14, "note.summary_table", 170);
    note(b, ws, r, 14, "note.suppressed", 170);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
}

/* --------------------------------------------------------- What works -- */

/* The factors of all programmes in words, one bullet each, under the
 * chart: the sentence a reader can put on a slide. */
static lxw_row_t factors_words(struct book *b, lxw_worksheet *ws,
                               lxw_row_t r, const struct figures *f)
{
    const struct fig_table *t = &f->factors;

    for (int i = 0; i < t->n_rows; i++) {
        char line[520] = "\xe2\x80\xa2 ";

        if (!fig_is_all(t, i, COL_PROGRAMME))
            continue;
        if (sent_factor(b->lang, fig_text(t, i, FAC_TERM),
                        fig_value(t, i, FAC_HR), fig_value(t, i, FAC_CI_LOW),
                        fig_value(t, i, FAC_CI_HIGH), fig_value(t, i, FAC_P),
                        line + 4, sizeof line - 4) == 0)
            snprintf(line + 4, sizeof line - 4, "%s: %s",
                     i18n_word(b->lang, "factor", fig_text(t, i, FAC_TERM)),
                     i18n_get(b->lang, "word.too_few_to_tell"));
        r = layout_paragraph(b, ws, r, 0, 9, NULL, line, 130);
    }
    return r;
}

static const struct layout_col brk_cols[] = {
    { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 16 },
    WORD("hdr.dimension", BRK_DIMENSION, "dimension", 16),
    WORD("hdr.level", BRK_LEVEL, "level", 14),
    FIG("hdr.pairs", BRK_N_PAIRS, LF_COUNT, 8),
    FIG("hdr.mature_pairs", BRK_N_MATURE, LF_COUNT, 9),
    FIG("hdr.mature_rate", BRK_RATE, LF_PCT, 11),
    FIG("hdr.ci_low", BRK_CI_LOW, LF_PCT, 8),
    FIG("hdr.ci_high", BRK_CI_HIGH, LF_PCT, 8),
    FIG("hdr.ended_early", BRK_N_EARLY, LF_COUNT, 9),
    FIG("hdr.early_share", BRK_EARLY_SHARE, LF_PCT, 10),
};

static const struct layout_col factor_cols[] = {
    { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 16 },
    WORD("hdr.factor", FAC_TERM, "factor", 26),
    FIG("hdr.pairs", FAC_N_PAIRS, LF_COUNT, 8),
    FIG("hdr.early_endings", FAC_N_EVENTS, LF_COUNT, 9),
    FIG("hdr.hazard_ratio", FAC_HR, LF_NUM2, 9),
    FIG("hdr.ci_low", FAC_CI_LOW, LF_NUM2, 8),
    FIG("hdr.ci_high", FAC_CI_HIGH, LF_NUM2, 8),
    FIG("hdr.p_value", FAC_P, LF_PVALUE, 8),
};

static void works_write(struct book *b, lxw_worksheet *ws,
                        const struct figures *f)
{
    static const struct chart_spec forest = SPEC(
        "chart.factors", "axis.hazard_ratio", NULL, NULL, NAN, NAN);
    static const struct layout_col trend[] = {
        { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 16 },
        FIG("hdr.pairs", TR_N_PAIRS, LF_COUNT, 8),
        FIG("hdr.early_endings", TR_N_EVENTS, LF_COUNT, 9),
        { "hdr.years", TR_FIRST, LK_RANGE, NULL, LF_TEXT, 11 },
        FIG("hdr.hr_per_year", TR_HR, LF_NUM2, 10),
        FIG("hdr.ci_low", TR_CI_LOW, LF_NUM2, 8),
        FIG("hdr.ci_high", TR_CI_HIGH, LF_NUM2, 8),
        FIG("hdr.p_value", TR_P, LF_PVALUE, 8),
    };
    const struct fig_table *t = &f->factors;
    const char *labels[16];
    double est[16], lo[16], hi[16];
    char lab[16][96];
    int n = 0;
    lxw_row_t r = TOP;
    struct layout_block blk;

    layout_heading(b, ws, "title.works", "note.works", f->as_of, 9, 130);
    for (int i = 0; i < t->n_rows && n < 16; i++)
        if (fig_is_all(t, i, COL_PROGRAMME)) {
            snprintf(lab[n], sizeof lab[n], "%s",
                     i18n_word(b->lang, "factor", fig_text(t, i, FAC_TERM)));
            labels[n] = lab[n];
            est[n] = fig_value(t, i, FAC_HR);
            lo[n] = fig_value(t, i, FAC_CI_LOW);
            hi[n] = fig_value(t, i, FAC_CI_HIGH);
            n++;
        }
    b->chart_scale = 1.6;
    if (n > 0 && charts_forest(b, ws, r, 0, &forest, n, labels, est, lo,
                               hi) != NULL) {
        r += CHART_ROWS;
        r = note(b, ws, r, 9, "note.forest", 130);
    }
    b->chart_scale = 0;
    if (n > 0) {
        book_label(b, ws, r++, 0, "block.in_words", b->f.subtitle);
        r = factors_words(b, ws, r, f);
    }
    r++;
    layout_stack(b, ws, &r, "block.factors", t, factor_cols, 8, NULL);
    blk = layout_stack(b, ws, &r, "block.trend", &f->trend, trend, 8, NULL);
    (void)blk;
    r = note(b, ws, r - 1, 9, "note.trend", 130) + 1;
    blk = layout_stack(b, ws, &r, "block.breakdown", &f->breakdown, brk_cols,
                       10, keep_breakdown);
    filter(b, ws, &blk);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
}

/* --------------------------------------------------- Mentor and mentee -- */

static void pair_write(struct book *b, lxw_worksheet *ws,
                       const struct figures *f)
{
    static const struct layout_col agr[] = {
        PROG,
        WORD("hdr.survey", AGR_SURVEY, "survey", 10),
        WORD("hdr.question", AGR_ITEM, "item", 24),
        FIG("hdr.pairs", AGR_N, LF_COUNT, 8),
        FIG("hdr.mean_mentor", AGR_MENTOR, LF_NUM2, 10),
        FIG("hdr.mean_mentee", AGR_MENTEE, LF_NUM2, 10),
        FIG("hdr.mean_diff", AGR_DIFF, LF_NUM2, 11),
        FIG("hdr.kappa", AGR_KAPPA, LF_NUM2, 11),
    };
    static const struct layout_col rsp[] = {
        PROG,
        WORD("hdr.survey", RSP_SURVEY, "survey", 10),
        WORD("hdr.role", RSP_ROLE, "role", 9),
        WORD("hdr.status", RSP_STATUS, "pairstatus", 14),
        FIG("hdr.pairs", RSP_N_PAIRS, LF_COUNT, 8),
        FIG("hdr.responded", RSP_N_RESPONDED, LF_COUNT, 10),
        FIG("hdr.response_rate", RSP_RATE, LF_PCT, 10),
    };
    lxw_row_t r = TOP;
    struct layout_block a, s;

    layout_heading(b, ws, "title.pair", "note.pair", f->as_of, 7, 120);
    a = layout_stack(b, ws, &r, "block.agreement", &f->agreement, agr, 8,
                     keep_prog_final);
    r = note(b, ws, r - 1, 7, "note.kappa", 120) + 1;
    s = layout_stack(b, ws, &r, "block.response", &f->response, rsp, 7,
                     keep_prog_final);
    note(b, ws, r - 1, 7, "note.response", 120);
    filter(b, ws, a.last_row - a.first_row > s.last_row - s.first_row ? &a
                                                                      : &s);
    print_wide(b, ws);
}

/* ----------------------------------------------------------- Completion -- */

/* Crossbars of the mature completion rate over the rows of t that keep
 * selects, labelled by column label_col; a cohort with active pairs says
 * so in its label. */
static int completion_chart(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                            const struct chart_spec *spec,
                            const struct fig_table *t,
                            int (*keep)(const struct fig_table *, int),
                            int label_col)
{
    int n = 0, cap = t->n_rows + 1;
    char (*lab)[96] = calloc((size_t)cap, sizeof *lab);
    const char **labels = calloc((size_t)cap, sizeof *labels);
    double *v = malloc((size_t)cap * 3 * sizeof *v);

    if (lab == NULL || labels == NULL || v == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
    } else {
        for (int r = 0; r < t->n_rows; r++) {
            const struct fig_cell *pv = fig_at(t, r, COMP_PROV);
            const char *name = label_col == COL_PROGRAMME
                                   ? layout_programme(b, fig_text(t, r,
                                                                  label_col))
                                   : layout_cohort(b, fig_text(t, r,
                                                               label_col));

            if (!keep(t, r))
                continue;
            if (label_col == COL_COHORT && pv->type == FIG_NUM && pv->num)
                snprintf(lab[n], sizeof lab[n], "%s (%s)", name,
                         i18n_get(b->lang, "word.provisional"));
            else
                snprintf(lab[n], sizeof lab[n], "%s", name);
            labels[n] = lab[n];
            v[n] = fig_value(t, r, COMP_MRATE);
            v[cap + n] = fig_value(t, r, COMP_MCI_LOW);
            v[2 * cap + n] = fig_value(t, r, COMP_MCI_HIGH);
            n++;
        }
        if (n > 0)
            charts_interval(b, ws, row, 0, spec, n, labels, v, v + cap,
                            v + 2 * cap);
    }
    free(lab);
    free(labels);
    free(v);
    return n;
}

static int by_cohort(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_PROGRAMME) && !fig_is_all(t, r, COL_COHORT);
}

static int by_programme(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_COHORT);
}

static void completion_write(struct book *b, lxw_worksheet *ws,
                             const struct figures *f)
{
    static const struct layout_col cols[] = {
        PROG, COHORT,
        FIG("hdr.pairs_started", COMP_N_PAIRS, LF_COUNT, 9),
        FIG("hdr.active", COMP_N_ACTIVE, LF_COUNT, 9),
        FIG("hdr.completed", COMP_N_COMPLETED, LF_COUNT, 10),
        FIG("hdr.ended_early", COMP_N_EARLY, LF_COUNT, 10),
        FIG("hdr.goals_met_early", COMP_N_GOALS_MET, LF_COUNT, 12),
        FIG("hdr.mature_pairs", COMP_N_MATURE, LF_COUNT, 9),
        FIG("hdr.mature_rate", COMP_MRATE, LF_PCT, 11),
        FIG("hdr.ci_low", COMP_MCI_LOW, LF_PCT, 9),
        FIG("hdr.ci_high", COMP_MCI_HIGH, LF_PCT, 9),
        { "hdr.provisional", COMP_PROV, LK_FLAG, "word.provisional",
          LF_TEXT, 12 },
    };
    static const struct chart_spec cohort_spec = SPEC(
        "chart.completion", "axis.cohort", "axis.mature_rate", "0%", 0, 1);
    static const struct chart_spec prog_spec = SPEC(
        "chart.completion_prog", "axis.programme", "axis.mature_rate", "0%",
        0, 1);
    const struct fig_table *t = &f->completion;
    struct layout_block blk;
    lxw_row_t r = TOP;

    layout_heading(b, ws, "title.completion", "note.completion", f->as_of,
                   11, 130);
    b->chart_scale = 0.95;
    completion_chart(b, ws, r, &cohort_spec, t, by_cohort, COL_COHORT);
    b->chart_dx = HALF_CHART;
    completion_chart(b, ws, r, &prog_spec, t, by_programme, COL_PROGRAMME);
    b->chart_dx = 0;
    b->chart_scale = 0;
    r += CHART_ROWS;
    r = note(b, ws, r, 11, "note.crossbar", 130) + 1;
    blk = layout_stack(b, ws, &r, NULL, t, cols, 12, NULL);
    filter(b, ws, &blk);
    print_wide(b, ws);
}

/* -------------------------------------------------------- Early endings -- */

struct reason_point {
    char label[160];
    double n;
};

/* Fewest first (a bar chart draws its first category at the bottom, so
 * the most common reason ends up on top); hidden counts first of all. */
static int reason_cmp(const struct reason_point *x, const struct reason_point *y)
{
    double nx = isnan(x->n) ? -1 : x->n, ny = isnan(y->n) ? -1 : y->n;

    return (nx > ny) - (nx < ny);
}

static void reasons_chart(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                          const struct figures *f)
{
    static const struct chart_spec bars = SPEC(
        "chart.reasons", "axis.early_endings", NULL, "0", NAN, NAN);
    const struct fig_table *rt = &f->reasons;
    struct reason_point pts[16];
    const char *labels[16];
    double vals[16];
    int n = 0;

    for (int r = 0; r < rt->n_rows && n < 16; r++)
        if (fig_is_all(rt, r, COL_PROGRAMME) && fig_is_all(rt, r, COL_COHORT)) {
            const struct fig_cell *c = fig_at(rt, r, RSN_N);
            const char *word = i18n_word(b->lang, "reason",
                                         fig_text(rt, r, RSN_REASON));

            if (c->mark == SUPPRESS_PRIMARY)
                snprintf(pts[n].label, sizeof pts[n].label, "%s (<%d)", word,
                         rt->k[r]);
            else if (c->mark == SUPPRESS_SECONDARY)
                snprintf(pts[n].label, sizeof pts[n].label, "%s (%s)", word,
                         i18n_get(b->lang, "mark.hidden"));
            else
                snprintf(pts[n].label, sizeof pts[n].label, "%s", word);
            pts[n].n = fig_value(rt, r, RSN_N);
            n++;
        }
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && reason_cmp(&pts[j - 1], &pts[j]) > 0; j--) {
            struct reason_point tmp = pts[j];

            pts[j] = pts[j - 1];
            pts[j - 1] = tmp;
        }
    for (int i = 0; i < n; i++) {
        labels[i] = pts[i].label;
        vals[i] = pts[i].n;
    }
    if (n > 0)
        charts_bars(b, ws, row, 0, &bars, n, labels, vals);
}

static void survival_chart(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                           const struct figures *f)
{
    static const struct chart_spec curve = SPEC(
        "chart.survival", "axis.months", "axis.survival", "0%", 0, 1);
    const struct fig_table *st = &f->survival;
    size_t cap = (size_t)st->n_rows + 1;
    double *xs = malloc(cap * 4 * sizeof *xs);
    int n = 0;

    if (xs == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
        return;
    }
    for (int r = 0; r < st->n_rows; r++)
        if (fig_is_all(st, r, COL_PROGRAMME) && fig_is_all(st, r, COL_COHORT)) {
            xs[n] = fig_at(st, r, SURV_MONTH)->num;
            xs[cap + (size_t)n] = fig_value(st, r, SURV_SURVIVAL);
            xs[2 * cap + (size_t)n] = fig_value(st, r, SURV_CI_LOW);
            xs[3 * cap + (size_t)n] = fig_value(st, r, SURV_CI_HIGH);
            n++;
        }
    if (n > 0)
        charts_curve(b, ws, row, 0, &curve, n, xs, xs + cap, xs + 2 * cap,
                     xs + 3 * cap, "legend.survival", "legend.interval");
    free(xs);
}

static const struct layout_col reasons_cols[] = {
    PROG, COHORT,
    WORD("hdr.reason", RSN_REASON, "reason", 16),
    FIG("hdr.early_endings", RSN_N, LF_COUNT, 10),
    FIG("hdr.share_of_early", RSN_SHARE, LF_PCT, 11),
};
static const struct layout_col survival_cols[] = {
    PROG, COHORT,
    FIG("hdr.month", SURV_MONTH, LF_COUNT, 7),
    FIG("hdr.at_risk", SURV_N_RISK, LF_COUNT, 9),
    FIG("hdr.survival", SURV_SURVIVAL, LF_PCT, 13),
    FIG("hdr.ci_low", SURV_CI_LOW, LF_PCT, 9),
    FIG("hdr.ci_high", SURV_CI_HIGH, LF_PCT, 9),
    FIG("hdr.cif_early", SURV_CIF_EARLY, LF_PCT, 13),
    FIG("hdr.cif_completed", SURV_CIF_COMPLETED, LF_PCT, 13),
};

static void early_write(struct book *b, lxw_worksheet *ws,
                        const struct figures *f)
{
    static const struct layout_col median[] = {
        PROG, COHORT,
        FIG("hdr.median_days", MED_DAYS, LF_COUNT, 12),
        FIG("hdr.ci_low", MED_CI_LOW, LF_COUNT, 9),
        FIG("hdr.ci_high", MED_CI_HIGH, LF_COUNT, 9),
    };
    lxw_row_t r = TOP;
    struct layout_block blk;

    layout_heading(b, ws, "title.early", "note.early", f->as_of, 8, 120);
    b->chart_scale = 0.95;
    reasons_chart(b, ws, r, f);
    b->chart_dx = HALF_CHART;
    survival_chart(b, ws, r, f);
    b->chart_dx = 0;
    b->chart_scale = 0;
    r += CHART_ROWS;
    r = note(b, ws, r, 8, "note.survival_chart", 120) + 1;
    layout_stack(b, ws, &r, "block.reasons", &f->reasons, reasons_cols, 5,
                 keep_prog);
    layout_stack(b, ws, &r, "block.median", &f->median, median, 5, NULL);
    blk = layout_stack(b, ws, &r, "block.survival_quarters", &f->survival,
                       survival_cols, 9, keep_prog_quarter);
    filter(b, ws, &blk);
    print_wide(b, ws);
}

/* ---------------------------------------------------------------- Goals -- */

/* The distribution of attainment levels, one row per group, a column per
 * level -2..+2 (a level without a row has no goals: 0), stacked at *rp. */
static struct layout_block levels_write(struct book *b, lxw_worksheet *ws,
                                        lxw_row_t *rp,
                                        const struct figures *f)
{
    static const char *const hdr[] = { "hdr.programme", "hdr.cohort",
                                       "hdr.level_m2", "hdr.level_m1",
                                       "hdr.level_0", "hdr.level_p1",
                                       "hdr.level_p2" };
    const struct fig_table *g = &f->goals, *l = &f->levels;
    lxw_row_t h = *rp + 1, row = h + 1;
    struct layout_block blk = { row, h, 0, 6, 1, 0 };
    int j = 0;

    book_label(b, ws, *rp, 0, "block.levels", b->f.subtitle);
    for (int i = 0; i < 7; i++) {
        const char *t = i18n_get(b->lang, hdr[i]);
        int lines = book_text_width(t) / 11 + 1;

        book_string(b, ws, h, (lxw_col_t)i, t,
                    i < 2 ? b->f.header : b->f.header_num);
        if (lines > blk.header_lines)
            blk.header_lines = lines;
    }
    book_height(b, ws, h, 15.0 * blk.header_lines + 2);
    for (int r = 0; r < g->n_rows; r++, row++) {
        const char *p = layout_programme(b, fig_text(g, r, COL_PROGRAMME));
        const char *c = layout_cohort(b, fig_text(g, r, COL_COHORT));
        const struct fig_cell *rev = fig_at(g, r, GOAL_N_REVIEWED);
        int written[5] = { 0, 0, 0, 0, 0 };
        lxw_format *label = fig_is_all(g, r, COL_PROGRAMME) ||
                                    fig_is_all(g, r, COL_COHORT)
                                ? b->f.text_total
                                : b->f.text;

        book_string(b, ws, row, 0, p, label);
        book_string(b, ws, row, 1, c, label);
        while (j < l->n_rows &&
               strcmp(fig_text(l, j, COL_PROGRAMME),
                      fig_text(g, r, COL_PROGRAMME)) == 0 &&
               strcmp(fig_text(l, j, COL_COHORT),
                      fig_text(g, r, COL_COHORT)) == 0) {
            int lv = (int)fig_at(l, j, LVL_LEVEL)->num;

            if (lv >= -2 && lv <= 2) {
                book_figure(b, ws, row, (lxw_col_t)(4 + lv), l, j, LVL_N,
                            b->f.count);
                written[lv + 2] = 1;
            }
            j++;
        }
        for (int lv = 0; lv < 5; lv++)
            if (!written[lv]) {
                if (rev->mark != SUPPRESS_SHOWN)
                    book_figure(b, ws, row, (lxw_col_t)(2 + lv), g, r,
                                GOAL_N_REVIEWED, b->f.count);
                else
                    book_number(b, ws, row, (lxw_col_t)(2 + lv), 0,
                                b->f.count);
            }
    }
    blk.last_row = row - 1;
    *rp = row + 1;
    return blk;
}

static void goals_write(struct book *b, lxw_worksheet *ws,
                        const struct figures *f)
{
    static const struct layout_col cols[] = {
        PROG, COHORT,
        FIG("hdr.goals_set", GOAL_N_GOALS, LF_COUNT, 9),
        FIG("hdr.goals_reviewed", GOAL_N_REVIEWED, LF_COUNT, 10),
        FIG("hdr.share_met", GOAL_SHARE, LF_PCT, 12),
        FIG("hdr.ci_low", GOAL_SHARE_LOW, LF_PCT, 9),
        FIG("hdr.ci_high", GOAL_SHARE_HIGH, LF_PCT, 9),
        FIG("hdr.pairs_scored", GOAL_N_SCORED, LF_COUNT, 10),
        FIG("hdr.gas_t", GOAL_T, LF_NUM1, 9),
        FIG("hdr.ci_low", GOAL_T_LOW, LF_NUM1, 9),
        FIG("hdr.ci_high", GOAL_T_HIGH, LF_NUM1, 9),
        FIG("hdr.scored_completed", GOAL_COV_DONE, LF_PCT, 11),
        FIG("hdr.scored_early", GOAL_COV_EARLY, LF_PCT, 11),
    };
    struct layout_block blk;
    lxw_row_t r = TOP;

    layout_heading(b, ws, "title.goals", "note.goals", f->as_of, 12, 140);
    blk = layout_stack(b, ws, &r, "block.goals", &f->goals, cols, 13, NULL);
    filter(b, ws, &blk);
    levels_write(b, ws, &r, f);
    print_wide(b, ws);
}

/* ---------------------------------------------------------- Evaluations -- */

static const struct layout_col items_cols[] = {
    PROG, COHORT,
    WORD("hdr.survey", ITEM_SURVEY, "survey", 10),
    WORD("hdr.role", ITEM_ROLE, "role", 9),
    WORD("hdr.question", ITEM_ITEM, "item", 24),
    { "hdr.scale", ITEM_SCALE_MIN, LK_RANGE, NULL, LF_TEXT, 7 },
    FIG("hdr.responses", ITEM_N, LF_COUNT, 10),
    FIG("hdr.mean", ITEM_MEAN, LF_NUM2, 8),
    FIG("hdr.ci_low", ITEM_CI_LOW, LF_NUM2, 9),
    FIG("hdr.ci_high", ITEM_CI_HIGH, LF_NUM2, 9),
    FIG("hdr.top2", ITEM_TOP2, LF_PCT, 10),
    FIG("hdr.ci_low", ITEM_TOP2_LOW, LF_PCT, 9),
    FIG("hdr.ci_high", ITEM_TOP2_HIGH, LF_PCT, 9),
};
static const struct layout_col scales_cols[] = {
    PROG, COHORT,
    WORD("hdr.survey", SCL_SURVEY, "survey", 10),
    WORD("hdr.role", SCL_ROLE, "role", 9),
    WORD("hdr.construct", SCL_CONSTRUCT, "construct", 14),
    FIG("hdr.n_items", SCL_N_ITEMS, LF_COUNT, 8),
    FIG("hdr.complete_responses", SCL_N_RESP, LF_COUNT, 12),
    FIG("hdr.alpha", SCL_ALPHA, LF_NUM2, 10),
};
static const struct layout_col change_cols[] = {
    PROG, COHORT,
    WORD("hdr.role", CHG_ROLE, "role", 9),
    WORD("hdr.question", CHG_ITEM, "item", 24),
    FIG("hdr.pairs", CHG_N, LF_COUNT, 8),
    FIG("hdr.mean_intro", CHG_INTRO, LF_NUM2, 9),
    FIG("hdr.mean_final", CHG_FINAL, LF_NUM2, 9),
    FIG("hdr.mean_change", CHG_DIFF, LF_NUM2, 9),
    FIG("hdr.ci_low", CHG_DIFF_LOW, LF_NUM2, 9),
    FIG("hdr.ci_high", CHG_DIFF_HIGH, LF_NUM2, 9),
    FIG("hdr.effect_r", CHG_R, LF_NUM2, 9),
    FIG("hdr.p_adjusted", CHG_P_ADJ, LF_PVALUE, 10),
};
static const struct layout_col nps_cols[] = {
    PROG, COHORT,
    WORD("hdr.survey", NPS_SURVEY, "survey", 10),
    WORD("hdr.role", NPS_ROLE, "role", 9),
    FIG("hdr.responses", NPS_N, LF_COUNT, 10),
    FIG("hdr.promoters", NPS_PROMOTERS, LF_COUNT, 10),
    FIG("hdr.passives", NPS_PASSIVES, LF_COUNT, 9),
    FIG("hdr.detractors", NPS_DETRACTORS, LF_COUNT, 10),
    FIG("hdr.nps", NPS_NPS, LF_NUM1, 8),
    FIG("hdr.ci_low", NPS_CI_LOW, LF_NUM1, 9),
    FIG("hdr.ci_high", NPS_CI_HIGH, LF_NUM1, 9),
};

static void evaluations_write(struct book *b, lxw_worksheet *ws,
                              const struct figures *f)
{
    lxw_row_t r = TOP;
    struct layout_block blk;

    layout_heading(b, ws, "title.evaluations", "note.evaluations",
                   f->as_of, 12, 140);
    blk = layout_stack(b, ws, &r, "block.items_final", &f->items,
                       items_cols, 13, keep_prog_final);
    filter(b, ws, &blk);
    layout_stack(b, ws, &r, "block.nps", &f->nps, nps_cols, 11, keep_prog);
    layout_stack(b, ws, &r, "block.change", &f->change, change_cols, 12,
                 keep_prog);
    layout_stack(b, ws, &r, "block.scales_final", &f->scales, scales_cols,
                 8, keep_prog_final);
    print_wide(b, ws);
}

/* ------------------------------------------------------------- Detail -- */

/* Everything by cohort, for filtering on screen; only its heading is
 * printed (reports.md: cohort-level detail on a sheet not printed). */
static void detail_write(struct book *b, lxw_worksheet *ws,
                         const struct figures *f)
{
    static const struct layout_col agr[] = {
        PROG, COHORT,
        WORD("hdr.survey", AGR_SURVEY, "survey", 10),
        WORD("hdr.question", AGR_ITEM, "item", 24),
        FIG("hdr.pairs", AGR_N, LF_COUNT, 8),
        FIG("hdr.mean_mentor", AGR_MENTOR, LF_NUM2, 10),
        FIG("hdr.mean_mentee", AGR_MENTEE, LF_NUM2, 10),
        FIG("hdr.mean_diff", AGR_DIFF, LF_NUM2, 11),
        FIG("hdr.kappa", AGR_KAPPA, LF_NUM2, 11),
    };
    static const struct layout_col rsp[] = {
        PROG, COHORT,
        WORD("hdr.survey", RSP_SURVEY, "survey", 10),
        WORD("hdr.role", RSP_ROLE, "role", 9),
        WORD("hdr.status", RSP_STATUS, "pairstatus", 14),
        FIG("hdr.pairs", RSP_N_PAIRS, LF_COUNT, 8),
        FIG("hdr.responded", RSP_N_RESPONDED, LF_COUNT, 10),
        FIG("hdr.response_rate", RSP_RATE, LF_PCT, 10),
    };
    lxw_row_t r = TOP;
    struct layout_block blk;

    layout_heading(b, ws, "title.detail", "note.detail", f->as_of, 12, 140);
    blk = layout_stack(b, ws, &r, "block.items", &f->items, items_cols, 13,
                       NULL);
    filter(b, ws, &blk);
    layout_stack(b, ws, &r, "block.nps", &f->nps, nps_cols, 11, NULL);
    layout_stack(b, ws, &r, "block.change", &f->change, change_cols, 12,
                 NULL);
    layout_stack(b, ws, &r, "block.scales", &f->scales, scales_cols, 8,
                 NULL);
    layout_stack(b, ws, &r, "block.reasons", &f->reasons, reasons_cols, 5,
                 NULL);
    layout_stack(b, ws, &r, "block.survival", &f->survival, survival_cols,
                 9, NULL);
    layout_stack(b, ws, &r, "block.breakdown_all", &f->breakdown, brk_cols,
                 10, NULL);
    layout_stack(b, ws, &r, "block.agreement_all", &f->agreement, agr, 9,
                 NULL);
    layout_stack(b, ws, &r, "block.response_all", &f->response, rsp, 8,
                 NULL);
    print_wide(b, ws);
    if (book_ok(b))
        book_check(b, worksheet_print_area(ws, 0, 0, 1, 12),
                   "setting the print area");
}

/* ----------------------------------------------------------- Attendance -- */

static void attendance_write(struct book *b, lxw_worksheet *ws,
                             const struct figures *f)
{
    static const struct layout_col cols[] = {
        PROG, COHORT,
        FIG("hdr.pairs", ATT_N_PAIRS, LF_COUNT, 8),
        FIG("hdr.held", ATT_HELD, LF_COUNT, 10),
        FIG("hdr.cancelled", ATT_CANCELLED, LF_COUNT, 10),
        FIG("hdr.no_show", ATT_NO_SHOW, LF_COUNT, 10),
        FIG("hdr.cancel_rate", ATT_CANCEL_RATE, LF_PCT, 12),
        FIG("hdr.no_show_rate", ATT_NO_SHOW_RATE, LF_PCT, 12),
        FIG("hdr.hours", ATT_HOURS, LF_NUM1, 12),
        FIG("hdr.ci_low", ATT_HOURS_LOW, LF_NUM1, 9),
        FIG("hdr.ci_high", ATT_HOURS_HIGH, LF_NUM1, 9),
        FIG("hdr.cadence", ATT_CADENCE, LF_PCT, 12),
    };
    struct layout_block blk;
    lxw_row_t r = TOP;

    layout_heading(b, ws, "title.attendance", "note.attendance", f->as_of,
                   11, 125);
    blk = layout_stack(b, ws, &r, NULL, &f->attendance, cols, 12, NULL);
    filter(b, ws, &blk);
    print_wide(b, ws);
}

/* --------------------------------------------------------- Data quality -- */

static void quality_write(struct book *b, lxw_worksheet *ws,
                          const struct figures *f)
{
    static const struct layout_col batches[] = {
        { "hdr.file", BAT_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        WORD("hdr.kind", BAT_KIND, "kind", 12),
        { "hdr.sha12", BAT_SHA12, LK_TEXT, NULL, LF_TEXT, 15 },
        FIG("hdr.rows_read", BAT_READ, LF_COUNT, 9),
        FIG("hdr.rows_loaded", BAT_LOADED, LF_COUNT, 9),
        FIG("hdr.rows_rejected", BAT_REJECTED, LF_COUNT, 9),
        WORD("hdr.status", BAT_STATUS, "status", 10),
        { "hdr.message", BAT_MESSAGE, LK_NOTE, NULL, LF_TEXT, 44 },
    };
    static const struct layout_col rejects[] = {
        { "hdr.file", REJ_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        WORD("hdr.rule", REJ_RULE, "rule", 18),
        FIG("hdr.rows", REJ_N, LF_COUNT, 8),
    };
    static const struct layout_col orphans[] = {
        { "hdr.file", ORPH_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        WORD("hdr.kind", ORPH_KIND, "kind", 12),
        FIG("hdr.rows", ORPH_N, LF_COUNT, 8),
    };
    static const struct layout_col dropped[] = {
        { "hdr.file", DROP_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        { "hdr.column", DROP_COLUMN, LK_TEXT, NULL, LF_TEXT, 16 },
    };
    struct layout_block blk;
    lxw_row_t r = TOP;

    layout_heading(b, ws, "title.quality", "note.quality", NULL, 7, 125);
    layout_stack(b, ws, &r, "block.batches", &f->batches, batches, 8, NULL);
    blk = layout_stack(b, ws, &r, "block.rejects", &f->rejects, rejects, 3,
                       NULL);
    filter(b, ws, &blk);
    layout_stack(b, ws, &r, "block.orphans", &f->orphans, orphans, 3, NULL);
    layout_stack(b, ws, &r, "block.dropped", &f->dropped, dropped, 2, NULL);
    print_wide(b, ws);
}

/* ---------------------------------------------------------------- about -- */

static const char *const hr_defs[] = {
    "def.pairs",        "def.mature_rate",  "def.provisional",
    "def.interval",     "def.early_ending", "def.reason_share",
    "def.survival",     "def.at_risk",      "def.incidence",
    "def.median",       "def.factors",      "def.trend",
    "def.breakdown",    "def.goals_met",    "def.gas_t",
    "def.item_mean",    "def.top2",         "def.alpha",
    "def.change",       "def.effect_r",     "def.nps",
    "def.agreement",    "def.response",     "def.attendance",
    "def.hours",        "def.cadence",      "def.orphans",
};

enum ms_status hr_outcomes_write(const struct figures *f, const char *path,
                                 int lang, struct ms_err *e)
{
    static const char *const sheets[] = {
        "sheet.summary",     "sheet.what_works",  "sheet.mentor_mentee",
        "sheet.completion",  "sheet.early_endings", "sheet.goals",
        "sheet.evaluations", "sheet.attendance",  "sheet.data_quality",
        "sheet.detail",      "sheet.about",
    };
    enum { N_SHEETS = sizeof sheets / sizeof sheets[0] };
    lxw_worksheet *ws[N_SHEETS];
    struct book b;
    enum ms_status s = book_open(&b, path, lang, 0, f->as_of,
                                 "about.title.hr", e);

    if (s != MS_OK)
        return s;
    for (int i = 0; i < N_SHEETS; i++)
        ws[i] = book_sheet_add(&b, sheets[i]);
    if (!book_ok(&b))
        return book_commit(&b, e);   /* reports the error, removes the file */
    summary_write(&b, ws[0], f);
    works_write(&b, ws[1], f);
    pair_write(&b, ws[2], f);
    completion_write(&b, ws[3], f);
    early_write(&b, ws[4], f);
    goals_write(&b, ws[5], f);
    evaluations_write(&b, ws[6], f);
    attendance_write(&b, ws[7], f);
    quality_write(&b, ws[8], f);
    detail_write(&b, ws[9], f);
    about_write(&b, ws[10], f, "about.title.hr", "about.purpose.hr", hr_defs,
                (int)(sizeof hr_defs / sizeof hr_defs[0]));
    return book_commit(&b, e);
}
