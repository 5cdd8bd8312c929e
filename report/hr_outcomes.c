/*
 * hr_outcomes.c: the HR workbook (see hr_outcomes.h).  Every sheet has its
 * title on row 0, a note on row 1, block titles on row 2 and the headers
 * of its tables side by side on row 3, frozen; charts sit to the right of
 * the tables.
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

#define HDR 3          /* header row of every table sheet */
#define LONG_TABLE 20  /* autofilter on blocks longer than this */

#define PROG { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 14 }
#define COHORT { "hdr.cohort", COL_COHORT, LK_COHORT, NULL, LF_TEXT, 10 }
#define FIG(h, c, f, w) { h, c, LK_FIGURE, NULL, f, w }

static int max_lines(const struct layout_block *blk, int n)
{
    int m = 1;

    for (int i = 0; i < n; i++)
        if (blk[i].header_lines > m)
            m = blk[i].header_lines;
    return m;
}

/* The block with the most rows gets the sheet's one autofilter. */
static void filter_longest(struct book *b, lxw_worksheet *ws,
                           const struct layout_block *blk, int n)
{
    int best = 0;

    for (int i = 1; i < n; i++)
        if (blk[i].last_row - blk[i].first_row >
            blk[best].last_row - blk[best].first_row)
            best = i;
    layout_filter(b, ws, &blk[best], LONG_TABLE);
}

/* ----------------------------------------------------------- Completion -- */

/* Crossbars of the completion rate over the rows of t that keep selects,
 * labelled by column label_col (programme or cohort). */
static void completion_chart(struct book *b, lxw_worksheet *ws, lxw_col_t col,
                             const struct chart_spec *spec,
                             const struct fig_table *t,
                             int (*keep)(const struct fig_table *, int),
                             int label_col)
{
    int n = 0, cap = t->n_rows + 1;
    const char **labels = calloc((size_t)cap, sizeof *labels);
    double *v = malloc((size_t)cap * 3 * sizeof *v);

    if (labels == NULL || v == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
    } else {
        for (int r = 0; r < t->n_rows; r++) {
            if (!keep(t, r))
                continue;
            labels[n] = label_col == COL_PROGRAMME
                            ? layout_programme(b, fig_text(t, r, label_col))
                            : layout_cohort(b, fig_text(t, r, label_col));
            v[n] = fig_value(t, r, COMP_RATE);
            v[cap + n] = fig_value(t, r, COMP_CI_LOW);
            v[2 * cap + n] = fig_value(t, r, COMP_CI_HIGH);
            n++;
        }
        if (n > 0)
            charts_interval(b, ws, HDR + 1, col, spec, n, labels, v,
                            v + cap, v + 2 * cap);
    }
    free(labels);
    free(v);
}

/* Cohorts of all programmes; programmes (all cohorts, then all). */
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
        FIG("hdr.completion_rate", COMP_RATE, LF_PCT, 11),
        FIG("hdr.ci_low", COMP_CI_LOW, LF_PCT, 10),
        FIG("hdr.ci_high", COMP_CI_HIGH, LF_PCT, 10),
    };
    static const struct chart_spec cohort_spec = {
        "chart.completion", "axis.cohort", "axis.completion_rate", "0%", 0, 1
    };
    static const struct chart_spec prog_spec = {
        "chart.completion_prog", "axis.programme", "axis.completion_rate",
        "0%", 0, 1
    };
    static const lxw_col_t breaks[] = { 11, 20 };
    const struct fig_table *t = &f->completion;
    struct layout_block blk;

    layout_heading(b, ws, "title.completion", "note.completion", f->as_of,
                   9, 100);
    blk = layout_table(b, ws, NULL, HDR, 0, t, cols, 10);
    layout_freeze(b, ws, HDR, blk.header_lines);
    layout_filter(b, ws, &blk, LONG_TABLE);
    layout_print(b, ws, 0, HDR, breaks, 2, layout_scale(&blk, 1));
    completion_chart(b, ws, 11, &cohort_spec, t, by_cohort, COL_COHORT);
    completion_chart(b, ws, 20, &prog_spec, t, by_programme, COL_PROGRAMME);
    layout_paragraph(b, ws, HDR + 19, 11, 19, "note.crossbar", NULL, 72);
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

static void early_write(struct book *b, lxw_worksheet *ws,
                        const struct figures *f)
{
    static const struct layout_col reasons[] = {
        PROG, COHORT,
        { "hdr.reason", RSN_REASON, LK_WORD, "reason", LF_TEXT, 16 },
        FIG("hdr.early_endings", RSN_N, LF_COUNT, 10),
        FIG("hdr.share_of_early", RSN_SHARE, LF_PCT, 11),
    };
    static const struct layout_col median[] = {
        PROG, COHORT,
        FIG("hdr.median_days", MED_DAYS, LF_COUNT, 12),
        FIG("hdr.ci_low", MED_CI_LOW, LF_COUNT, 10),
        FIG("hdr.ci_high", MED_CI_HIGH, LF_COUNT, 10),
    };
    static const struct layout_col surv[] = {
        PROG, COHORT,
        FIG("hdr.month", SURV_MONTH, LF_COUNT, 7),
        FIG("hdr.at_risk", SURV_N_RISK, LF_COUNT, 9),
        FIG("hdr.survival", SURV_SURVIVAL, LF_PCT, 13),
        FIG("hdr.ci_low", SURV_CI_LOW, LF_PCT, 10),
        FIG("hdr.ci_high", SURV_CI_HIGH, LF_PCT, 10),
        FIG("hdr.cif_early", SURV_CIF_EARLY, LF_PCT, 13),
        FIG("hdr.cif_completed", SURV_CIF_COMPLETED, LF_PCT, 13),
    };
    static const struct chart_spec bars = {
        "chart.reasons", "axis.early_endings", NULL, "0", NAN, NAN
    };
    static const struct chart_spec curve = {
        "chart.survival", "axis.months", "axis.survival", "0%", 0, 1
    };
    const struct fig_table *rt = &f->reasons, *st = &f->survival;
    struct layout_block blk[3];
    struct reason_point pts[16];
    const char *labels[16];
    double vals[16];
    int n = 0;
    double *xs = malloc(((size_t)st->n_rows + 1) * 4 * sizeof *xs);

    layout_heading(b, ws, "title.early", "note.early", f->as_of, 4, 60);
    blk[0] = layout_table(b, ws, "block.reasons", HDR, 0, rt, reasons, 5);
    blk[1] = layout_table(b, ws, "block.median", HDR, 6, &f->median, median,
                          5);
    blk[2] = layout_table(b, ws, "block.survival", HDR, 12, st, surv, 9);
    layout_freeze(b, ws, HDR, max_lines(blk, 3));
    filter_longest(b, ws, blk, 3);
    {
        static const lxw_col_t breaks[] = { 6, 12, 22, 31 };

        layout_print(b, ws, 0, HDR, breaks, 4, layout_scale(blk, 3));
    }

    /* early endings by reason, all programmes and cohorts; a hidden count
     * says so in its label rather than look like zero */
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
    /* insertion sort: stable, at most seven reasons */
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
        charts_bars(b, ws, HDR + 1, 22, &bars, n, labels, vals);

    /* the survival curve of all programmes and cohorts */
    if (xs == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
        return;
    }
    n = 0;
    for (int r = 0; r < st->n_rows; r++)
        if (fig_is_all(st, r, COL_PROGRAMME) && fig_is_all(st, r, COL_COHORT)) {
            xs[n] = fig_at(st, r, SURV_MONTH)->num;
            xs[st->n_rows + n] = fig_value(st, r, SURV_SURVIVAL);
            xs[2 * st->n_rows + n] = fig_value(st, r, SURV_CI_LOW);
            xs[3 * st->n_rows + n] = fig_value(st, r, SURV_CI_HIGH);
            n++;
        }
    if (n > 0) {
        charts_curve(b, ws, HDR + 1, 31, &curve, n, xs, xs + st->n_rows,
                     xs + 2 * st->n_rows, xs + 3 * st->n_rows,
                     "legend.survival", "legend.interval");
        layout_paragraph(b, ws, HDR + 19, 31, 39, "note.survival_chart", NULL,
                         72);
    }
    free(xs);
}

/* ---------------------------------------------------------------- Goals -- */

/* The distribution of attainment levels, one row per group, a column per
 * level -2..+2 (a level without a row has no goals: 0). */
static struct layout_block levels_write(struct book *b, lxw_worksheet *ws,
                                        lxw_col_t c0, const struct figures *f)
{
    static const char *const hdr[] = { "hdr.programme", "hdr.cohort",
                                       "hdr.level_m2", "hdr.level_m1",
                                       "hdr.level_0", "hdr.level_p1",
                                       "hdr.level_p2" };
    const struct fig_table *g = &f->goals, *l = &f->levels;
    struct layout_block blk = { HDR + 1, HDR, c0, (lxw_col_t)(c0 + 6), 1, 0 };
    lxw_row_t row = HDR + 1;
    int j = 0;
    double pw = 14, cw = 10;

    book_label(b, ws, HDR - 1, c0, "block.levels", b->f.subtitle);
    for (int i = 0; i < 7; i++) {
        const char *h = i18n_get(b->lang, hdr[i]);
        int lines = book_text_width(h) / 11 + 1;

        book_string(b, ws, HDR, (lxw_col_t)(c0 + i), h,
                    i < 2 ? b->f.header : b->f.header_num);
        if (lines > blk.header_lines)
            blk.header_lines = lines;
    }
    for (int r = 0; r < g->n_rows; r++, row++) {
        const char *p = layout_programme(b, fig_text(g, r, COL_PROGRAMME));
        const char *c = layout_cohort(b, fig_text(g, r, COL_COHORT));
        const struct fig_cell *rev = fig_at(g, r, GOAL_N_REVIEWED);
        int written[5] = { 0, 0, 0, 0, 0 };
        lxw_format *label = fig_is_all(g, r, COL_PROGRAMME) ||
                                    fig_is_all(g, r, COL_COHORT)
                                ? b->f.text_total
                                : b->f.text;

        if (book_text_width(p) + 2 > pw)
            pw = book_text_width(p) + 2;
        if (book_text_width(c) + 2 > cw)
            cw = book_text_width(c) + 2;
        book_string(b, ws, row, c0, p, label);
        book_string(b, ws, row, c0 + 1, c, label);
        while (j < l->n_rows &&
               strcmp(fig_text(l, j, COL_PROGRAMME),
                      fig_text(g, r, COL_PROGRAMME)) == 0 &&
               strcmp(fig_text(l, j, COL_COHORT),
                      fig_text(g, r, COL_COHORT)) == 0) {
            int lv = (int)fig_at(l, j, LVL_LEVEL)->num;

            if (lv >= -2 && lv <= 2) {
                book_figure(b, ws, row, (lxw_col_t)(c0 + 4 + lv), l, j, LVL_N,
                            b->f.count);
                written[lv + 2] = 1;
            }
            j++;
        }
        for (int lv = 0; lv < 5; lv++)
            if (!written[lv]) {
                if (rev->mark != SUPPRESS_SHOWN)
                    book_figure(b, ws, row, (lxw_col_t)(c0 + 2 + lv), g, r,
                                GOAL_N_REVIEWED, b->f.count);
                else
                    book_number(b, ws, row, (lxw_col_t)(c0 + 2 + lv), 0,
                                b->f.count);
            }
    }
    blk.last_row = row - 1;
    book_width(b, ws, c0, c0, pw > 45 ? 45 : pw);
    book_width(b, ws, c0 + 1, c0 + 1, cw > 45 ? 45 : cw);
    book_width(b, ws, c0 + 2, c0 + 6, 12);
    blk.width = (pw > 45 ? 45 : pw) + (cw > 45 ? 45 : cw) + 5 * 12;
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
        FIG("hdr.ci_low", GOAL_SHARE_LOW, LF_PCT, 10),
        FIG("hdr.ci_high", GOAL_SHARE_HIGH, LF_PCT, 10),
        FIG("hdr.pairs_scored", GOAL_N_SCORED, LF_COUNT, 10),
        FIG("hdr.gas_t", GOAL_T, LF_NUM1, 11),
        FIG("hdr.ci_low", GOAL_T_LOW, LF_NUM1, 10),
        FIG("hdr.ci_high", GOAL_T_HIGH, LF_NUM1, 10),
    };
    struct layout_block blk[2];

    layout_heading(b, ws, "title.goals", "note.goals", f->as_of, 10, 115);
    blk[0] = layout_table(b, ws, "block.goals", HDR, 0, &f->goals, cols, 11);
    blk[1] = levels_write(b, ws, 12, f);
    layout_freeze(b, ws, HDR, max_lines(blk, 2));
    filter_longest(b, ws, blk, 2);
    {
        static const lxw_col_t breaks[] = { 12 };

        layout_print(b, ws, 0, HDR, breaks, 1, layout_scale(blk, 2));
    }
}

/* ---------------------------------------------------------- Evaluations -- */

static void evaluations_write(struct book *b, lxw_worksheet *ws,
                              const struct figures *f)
{
    static const struct layout_col items[] = {
        PROG, COHORT,
        { "hdr.survey", ITEM_SURVEY, LK_WORD, "survey", LF_TEXT, 10 },
        { "hdr.role", ITEM_ROLE, LK_WORD, "role", LF_TEXT, 9 },
        { "hdr.question", ITEM_ITEM, LK_WORD, "item", LF_TEXT, 24 },
        { "hdr.scale", ITEM_SCALE_MIN, LK_RANGE, NULL, LF_TEXT, 7 },
        FIG("hdr.responses", ITEM_N, LF_COUNT, 10),
        FIG("hdr.mean", ITEM_MEAN, LF_NUM2, 8),
        FIG("hdr.sd", ITEM_SD, LF_NUM2, 9),
        FIG("hdr.ci_low", ITEM_CI_LOW, LF_NUM2, 10),
        FIG("hdr.ci_high", ITEM_CI_HIGH, LF_NUM2, 10),
    };
    static const struct layout_col scales[] = {
        PROG, COHORT,
        { "hdr.survey", SCL_SURVEY, LK_WORD, "survey", LF_TEXT, 10 },
        { "hdr.role", SCL_ROLE, LK_WORD, "role", LF_TEXT, 9 },
        { "hdr.construct", SCL_CONSTRUCT, LK_WORD, "construct", LF_TEXT, 14 },
        FIG("hdr.n_items", SCL_N_ITEMS, LF_COUNT, 8),
        FIG("hdr.complete_responses", SCL_N_RESP, LF_COUNT, 12),
        FIG("hdr.alpha", SCL_ALPHA, LF_NUM2, 10),
    };
    static const struct layout_col change[] = {
        PROG, COHORT,
        { "hdr.role", CHG_ROLE, LK_WORD, "role", LF_TEXT, 9 },
        { "hdr.question", CHG_ITEM, LK_WORD, "item", LF_TEXT, 24 },
        FIG("hdr.pairs", CHG_N, LF_COUNT, 8),
        FIG("hdr.mean_intro", CHG_INTRO, LF_NUM2, 10),
        FIG("hdr.mean_final", CHG_FINAL, LF_NUM2, 10),
        FIG("hdr.mean_change", CHG_DIFF, LF_NUM2, 10),
        FIG("hdr.wilcoxon_v", CHG_V, LF_NUM1, 10),
        FIG("hdr.p_value", CHG_P, LF_PVALUE, 9),
    };
    static const struct layout_col nps[] = {
        PROG, COHORT,
        { "hdr.survey", NPS_SURVEY, LK_WORD, "survey", LF_TEXT, 10 },
        { "hdr.role", NPS_ROLE, LK_WORD, "role", LF_TEXT, 9 },
        FIG("hdr.responses", NPS_N, LF_COUNT, 10),
        FIG("hdr.promoters", NPS_PROMOTERS, LF_COUNT, 10),
        FIG("hdr.passives", NPS_PASSIVES, LF_COUNT, 9),
        FIG("hdr.detractors", NPS_DETRACTORS, LF_COUNT, 10),
        FIG("hdr.nps", NPS_NPS, LF_NUM1, 8),
    };
    struct layout_block blk[4];

    layout_heading(b, ws, "title.evaluations", "note.evaluations",
                   f->as_of, 10, 115);
    blk[0] = layout_table(b, ws, "block.items", HDR, 0, &f->items, items, 11);
    blk[1] = layout_table(b, ws, "block.scales", HDR, 12, &f->scales, scales,
                          8);
    blk[2] = layout_table(b, ws, "block.change", HDR, 21, &f->change, change,
                          10);
    blk[3] = layout_table(b, ws, "block.nps", HDR, 32, &f->nps, nps, 9);
    layout_freeze(b, ws, HDR, max_lines(blk, 4));
    filter_longest(b, ws, blk, 4);
    {
        static const lxw_col_t breaks[] = { 12, 21, 32 };

        layout_print(b, ws, 0, HDR, breaks, 3, layout_scale(blk, 4));
    }
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
        FIG("hdr.cadence", ATT_CADENCE, LF_PCT, 12),
    };
    struct layout_block blk;

    layout_heading(b, ws, "title.attendance", "note.attendance", f->as_of,
                   9, 105);
    blk = layout_table(b, ws, NULL, HDR, 0, &f->attendance, cols, 10);
    layout_freeze(b, ws, HDR, blk.header_lines);
    layout_filter(b, ws, &blk, LONG_TABLE);
    layout_print(b, ws, 0, HDR, NULL, 0, layout_scale(&blk, 1));
}

/* --------------------------------------------------------- Data quality -- */

static void quality_write(struct book *b, lxw_worksheet *ws,
                          const struct figures *f)
{
    static const struct layout_col batches[] = {
        { "hdr.file", BAT_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        { "hdr.kind", BAT_KIND, LK_WORD, "kind", LF_TEXT, 12 },
        { "hdr.sha12", BAT_SHA12, LK_TEXT, NULL, LF_TEXT, 15 },
        FIG("hdr.rows_read", BAT_READ, LF_COUNT, 9),
        FIG("hdr.rows_loaded", BAT_LOADED, LF_COUNT, 9),
        FIG("hdr.rows_rejected", BAT_REJECTED, LF_COUNT, 9),
        { "hdr.status", BAT_STATUS, LK_WORD, "status", LF_TEXT, 10 },
        { "hdr.message", BAT_MESSAGE, LK_NOTE, NULL, LF_TEXT, 44 },
    };
    static const struct layout_col rejects[] = {
        { "hdr.file", REJ_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        { "hdr.rule", REJ_RULE, LK_WORD, "rule", LF_TEXT, 18 },
        FIG("hdr.rows", REJ_N, LF_COUNT, 8),
    };
    static const struct layout_col orphans[] = {
        { "hdr.file", ORPH_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        { "hdr.kind", ORPH_KIND, LK_WORD, "kind", LF_TEXT, 12 },
        FIG("hdr.rows", ORPH_N, LF_COUNT, 8),
    };
    static const struct layout_col dropped[] = {
        { "hdr.file", DROP_FILE, LK_TEXT, NULL, LF_TEXT, 16 },
        { "hdr.column", DROP_COLUMN, LK_TEXT, NULL, LF_TEXT, 16 },
    };
    struct layout_block blk[4];

    layout_heading(b, ws, "title.quality", "note.quality", NULL, 7, 110);
    blk[0] = layout_table(b, ws, "block.batches", HDR, 0, &f->batches,
                          batches, 8);
    blk[1] = layout_table(b, ws, "block.rejects", HDR, 9, &f->rejects,
                          rejects, 3);
    blk[2] = layout_table(b, ws, "block.orphans", HDR, 13, &f->orphans,
                          orphans, 3);
    blk[3] = layout_table(b, ws, "block.dropped", HDR, 17, &f->dropped,
                          dropped, 2);
    layout_freeze(b, ws, HDR, max_lines(blk, 4));
    filter_longest(b, ws, blk, 4);
    {
        static const lxw_col_t breaks[] = { 9 };

        layout_print(b, ws, 0, HDR, breaks, 1, layout_scale(blk, 4));
    }
}

/* ---------------------------------------------------------------- about -- */

static const char *const hr_defs[] = {
    "def.pairs",        "def.completion_rate", "def.interval",
    "def.early_ending", "def.reason_share",    "def.survival",
    "def.at_risk",      "def.incidence",       "def.median",
    "def.goals_met",    "def.gas_t",           "def.item_mean",
    "def.alpha",        "def.change",          "def.nps",
    "def.attendance",   "def.hours",           "def.cadence",
    "def.orphans",
};

enum ms_status hr_outcomes_write(const struct figures *f, const char *path,
                                 int lang, struct ms_err *e)
{
    static const char *const sheets[] = {
        "sheet.about",       "sheet.completion", "sheet.early_endings",
        "sheet.goals",       "sheet.evaluations", "sheet.attendance",
        "sheet.data_quality",
    };
    lxw_worksheet *ws[7];
    struct book b;
    enum ms_status s = book_open(&b, path, lang, 0, f->as_of,
                                 "about.title.hr", e);

    if (s != MS_OK)
        return s;
    for (int i = 0; i < 7; i++)
        ws[i] = book_sheet_add(&b, sheets[i]);
    if (!book_ok(&b))
        return book_commit(&b, e);   /* reports the error, removes the file */
    about_write(&b, ws[0], f, "about.title.hr", "about.purpose.hr", hr_defs,
                (int)(sizeof hr_defs / sizeof hr_defs[0]));
    completion_write(&b, ws[1], f);
    early_write(&b, ws[2], f);
    goals_write(&b, ws[3], f);
    evaluations_write(&b, ws[4], f);
    attendance_write(&b, ws[5], f);
    quality_write(&b, ws[6], f);
    return book_commit(&b, e);
}
