/*
 * leadership.c: the leadership workbook (see leadership.h).  Trends are
 * drawn over the cohort labels of res_cohort_year, one line per programme
 * plus all programmes when there is more than one programme.
 */
#include "leadership.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "book.h"
#include "charts.h"
#include "i18n.h"
#include "layout.h"

#define HDR 3

#define PROG { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 14 }
#define COHORT { "hdr.cohort", COL_COHORT, LK_COHORT, NULL, LF_TEXT, 10 }
#define FIG(h, c, f, w) { h, c, LK_FIGURE, NULL, f, w }

static void summary_write(struct book *b, lxw_worksheet *ws,
                          const struct figures *f)
{
    static const struct layout_col cols[] = {
        PROG, COHORT,
        FIG("hdr.pairs_started", CY_N_STARTED, LF_COUNT, 9),
        FIG("hdr.completion_rate", CY_RATE, LF_PCT, 11),
        FIG("hdr.ci_low", CY_CI_LOW, LF_PCT, 10),
        FIG("hdr.ci_high", CY_CI_HIGH, LF_PCT, 10),
        FIG("hdr.early_6m", CY_CIF6, LF_PCT, 13),
        FIG("hdr.gas_t", CY_GAS, LF_NUM1, 11),
        FIG("hdr.usefulness_final", CY_USEFUL, LF_NUM2, 13),
        FIG("hdr.nps_final", CY_NPS, LF_NUM1, 10),
        FIG("hdr.hours", CY_HOURS, LF_NUM1, 12),
    };
    static const struct layout_col lr[] = {
        { "hdr.programme", LR_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 14 },
        { "hdr.cohorts_compared", LR_COHORTS, LK_LIST, NULL, LF_TEXT, 16 },
        FIG("hdr.chisq", LR_CHISQ, LF_NUM2, 10),
        FIG("hdr.df", LR_DF, LF_COUNT, 6),
        FIG("hdr.p_value", LR_P, LF_PVALUE, 9),
    };
    const struct fig_table *t = &f->logrank;
    struct layout_block blk[2];
    lxw_col_t cc = 12 + 5;
    int lines;

    layout_heading(b, ws, "title.summary", "note.summary", f->as_of, 10,
                   115);
    blk[0] = layout_table(b, ws, NULL, HDR, 0, &f->cohort_year, cols, 11);
    blk[1] = layout_table(b, ws, "block.logrank", HDR, 12, t, lr, 5);
    /* the sentence: do this programme's cohorts differ? */
    book_label(b, ws, HDR, cc, "hdr.conclusion", b->f.header);
    for (int r = 0; r < t->n_rows; r++) {
        double p = fig_value(t, r, LR_P);
        const char *key = isnan(p) ? "lr.none"
                          : p < 0.05 ? "lr.differ" : "lr.same";

        book_label(b, ws, (lxw_row_t)(HDR + 1 + r), cc, key, b->f.text);
    }
    book_width(b, ws, cc, cc, 62);
    blk[1].width += 62;
    lines = blk[0].header_lines > blk[1].header_lines ? blk[0].header_lines
                                                      : blk[1].header_lines;
    layout_freeze(b, ws, HDR, lines);
    layout_filter(b, ws, &blk[0], 20);
    {
        static const lxw_col_t breaks[] = { 12 };

        layout_print(b, ws, 0, HDR, breaks, 1, layout_scale(blk, 2));
    }
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Trends: the cohorts on the x axis, sorted by label. */
static void trends_write(struct book *b, lxw_worksheet *ws,
                         const struct figures *f)
{
    static const struct chart_spec completion = {
        "chart.trend_completion", "axis.cohort", "axis.completion_rate", "0%",
        0, 1
    };
    static const struct chart_spec early = {
        "chart.trend_early", "axis.cohort", "axis.early_6m", "0%", 0, NAN
    };
    static const struct chart_spec gas = {
        "chart.trend_gas", "axis.cohort", "axis.gas_t", "0", NAN, NAN
    };
    static const struct chart_spec nps = {
        "chart.trend_nps", "axis.cohort", "axis.nps", "0", -100, 100
    };
    const struct fig_table *t = &f->cohort_year;
    int nc = 0, np = 0;
    const char **cohorts = calloc((size_t)t->n_rows + 1, sizeof *cohorts);
    const char **names = calloc((size_t)t->n_rows + 2, sizeof *names);
    const char **progs = calloc((size_t)t->n_rows + 2, sizeof *progs);
    double *v = NULL, *lo = NULL, *hi = NULL;

    layout_heading(b, ws, "title.trends", "note.trends", f->as_of, 9, 80);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
    if (cohorts == NULL || names == NULL || progs == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
        goto done;
    }
    /* cohorts (not '*'), distinct and sorted; programmes in table order
     * ('*' last) */
    for (int r = 0; r < t->n_rows; r++) {
        const char *c = fig_text(t, r, COL_COHORT);
        const char *p = fig_text(t, r, COL_PROGRAMME);

        if (strcmp(c, "*") != 0)
            cohorts[nc++] = c;
        if (strcmp(c, "*") == 0)
            progs[np++] = p;
    }
    qsort(cohorts, (size_t)nc, sizeof *cohorts, str_cmp);
    {
        int u = 0;

        for (int i = 0; i < nc; i++)
            if (u == 0 || strcmp(cohorts[u - 1], cohorts[i]) != 0)
                cohorts[u++] = cohorts[i];
        nc = u;
    }
    if (nc == 0 || np == 0) {
        book_label(b, ws, HDR, 0, "table.empty", b->f.note);
        goto done;
    }
    /* one programme: its line is the all-programmes line */
    if (np == 2) {
        progs[0] = progs[1];
        np = 1;
    }
    for (int i = 0; i < np; i++)
        names[i] = layout_programme(b, progs[i]);
    v = malloc((size_t)np * (size_t)nc * sizeof *v);
    lo = malloc((size_t)nc * sizeof *lo);
    hi = malloc((size_t)nc * sizeof *hi);
    if (v == NULL || lo == NULL || hi == NULL) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart data");
        goto done;
    }

    /* completion with its interval: all programmes */
    for (int i = 0; i < nc; i++)
        v[i] = lo[i] = hi[i] = NAN;
    for (int r = 0; r < t->n_rows; r++)
        if (fig_is_all(t, r, COL_PROGRAMME) && !fig_is_all(t, r, COL_COHORT))
            for (int i = 0; i < nc; i++)
                if (strcmp(cohorts[i], fig_text(t, r, COL_COHORT)) == 0) {
                    v[i] = fig_value(t, r, CY_RATE);
                    lo[i] = fig_value(t, r, CY_CI_LOW);
                    hi[i] = fig_value(t, r, CY_CI_HIGH);
                }
    charts_interval(b, ws, HDR, 0, &completion, nc, cohorts, v, lo, hi);

    /* the three lines per programme */
    {
        static const int cols[3] = { CY_CIF6, CY_GAS, CY_NPS };
        const struct chart_spec *specs[3] = { &early, &gas, &nps };
        static const lxw_row_t rows[3] = { HDR, HDR + 19, HDR + 19 };
        static const lxw_col_t colpos[3] = { 9, 0, 9 };

        for (int k = 0; k < 3; k++) {
            for (size_t i = 0; i < (size_t)np * (size_t)nc; i++)
                v[i] = NAN;
            for (int r = 0; r < t->n_rows; r++) {
                if (fig_is_all(t, r, COL_COHORT))
                    continue;
                for (int s = 0; s < np; s++) {
                    if (strcmp(progs[s], fig_text(t, r, COL_PROGRAMME)) != 0)
                        continue;
                    for (int i = 0; i < nc; i++)
                        if (strcmp(cohorts[i], fig_text(t, r, COL_COHORT)) == 0)
                            v[(size_t)s * (size_t)nc + (size_t)i] =
                                fig_value(t, r, cols[k]);
                }
            }
            charts_lines(b, ws, rows[k], colpos[k], specs[k], nc, cohorts, np,
                         names, v);
        }
    }
    layout_paragraph(b, ws, HDR + 37, 0, 17, "note.crossbar", NULL, 144);
done:
    free(cohorts);
    free(names);
    free(progs);
    free(v);
    free(lo);
    free(hi);
}

static const char *const lead_defs[] = {
    "def.pairs",      "def.completion_rate", "def.interval",
    "def.early_6m",   "def.gas_t",           "def.usefulness_final",
    "def.nps",        "def.hours",           "def.logrank",
};

enum ms_status leadership_write(const struct figures *f, const char *path,
                                int lang, struct ms_err *e)
{
    lxw_worksheet *ws[3];
    struct book b;
    enum ms_status s = book_open(&b, path, lang, 0, f->as_of,
                                 "about.title.leadership", e);

    if (s != MS_OK)
        return s;
    ws[0] = book_sheet_add(&b, "sheet.summary");
    ws[1] = book_sheet_add(&b, "sheet.trends");
    ws[2] = book_sheet_add(&b, "sheet.about");
    if (!book_ok(&b))
        return book_commit(&b, e);
    summary_write(&b, ws[0], f);
    trends_write(&b, ws[1], f);
    about_write(&b, ws[2], f, "about.title.leadership",
                "about.purpose.leadership", lead_defs,
                (int)(sizeof lead_defs / sizeof lead_defs[0]));
    return book_commit(&b, e);
}
