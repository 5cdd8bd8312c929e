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
#include "sentences.h"

#define HDR 3

#define PROG { "hdr.programme", COL_PROGRAMME, LK_PROGRAMME, NULL, LF_TEXT, 14 }
#define COHORT { "hdr.cohort", COL_COHORT, LK_COHORT, NULL, LF_TEXT, 10 }
#define FIG(h, c, f, w) { h, c, LK_FIGURE, NULL, f, w }
#define SPEC(t, x, y, f, lo, hi, z) { t, x, y, f, lo, hi, z }

static const struct layout_col year_cols[] = {
    PROG, COHORT,
    FIG("hdr.pairs_started", CY_N_STARTED, LF_COUNT, 9),
    FIG("hdr.mature_rate", CY_RATE, LF_PCT, 11),
    FIG("hdr.ci_low", CY_CI_LOW, LF_PCT, 8),
    FIG("hdr.ci_high", CY_CI_HIGH, LF_PCT, 8),
    { "hdr.provisional", CY_PROV, LK_FLAG, "word.provisional", LF_TEXT, 11 },
    FIG("hdr.early_6m", CY_CIF6, LF_PCT, 12),
    FIG("hdr.gas_t", CY_GAS, LF_NUM1, 9),
    FIG("hdr.usefulness_final", CY_USEFUL, LF_NUM2, 11),
    FIG("hdr.nps_final", CY_NPS, LF_NUM1, 9),
    FIG("hdr.hours", CY_HOURS, LF_NUM1, 11),
};
#define N_YEAR_COLS 12

/* Rows of all cohorts (programmes compared). */
static int keep_prog(const struct fig_table *t, int r)
{
    return fig_is_all(t, r, COL_COHORT);
}

/* Rows of one cohort that are not a group under k pairs. */
static int keep_cohort(const struct fig_table *t, int r)
{
    return !fig_is_all(t, r, COL_COHORT) &&
           fig_at(t, r, CY_N_STARTED)->mark != SUPPRESS_PRIMARY;
}

/* Programmes compared: the rows of all cohorts, with a word on how each
 * programme's completion compares with all programmes'. */
static void compare_write(struct book *b, lxw_worksheet *ws, lxw_row_t *rp,
                          const struct figures *f)
{
    const struct fig_table *t = &f->cohort_year;
    int all = -1;
    struct layout_block blk;

    for (int r = 0; r < t->n_rows; r++)
        if (fig_is_all(t, r, COL_PROGRAMME) && fig_is_all(t, r, COL_COHORT))
            all = r;
    blk = layout_stack(b, ws, rp, "block.programmes", t, year_cols,
                       N_YEAR_COLS, keep_prog);
    book_label(b, ws, blk.first_row - 1, N_YEAR_COLS, "hdr.vs_all",
               b->f.header);
    book_width(b, ws, N_YEAR_COLS, N_YEAR_COLS, 22);
    for (int r = 0, row = (int)blk.first_row; r < t->n_rows; r++) {
        const char *key = "cmp.unsure";

        if (!keep_prog(t, r))
            continue;
        if (all >= 0 && r != all) {
            enum sent_sure s = sent_diff_sure(
                fig_value(t, r, CY_CI_LOW), fig_value(t, r, CY_CI_HIGH),
                fig_value(t, all, CY_CI_LOW), fig_value(t, all, CY_CI_HIGH));

            if (s == SENT_CLEAR)
                key = fig_value(t, r, CY_RATE) > fig_value(t, all, CY_RATE)
                          ? "cmp.higher"
                          : "cmp.lower";
            else if (s == SENT_NONE)
                key = "cmp.none";
            book_label(b, ws, (lxw_row_t)row, N_YEAR_COLS, key, b->f.text);
        }
        row++;
    }
}

/* The cohorts of every programme; a group under k pairs is not a row: it
 * is counted in its programme's total, and the note below says which. */
static void cohorts_write(struct book *b, lxw_worksheet *ws, lxw_row_t *rp,
                          const struct figures *f)
{
    const struct fig_table *t = &f->cohort_year;
    char folded[1024] = "";
    size_t len = 0;

    layout_stack(b, ws, rp, "block.cohorts", t, year_cols, N_YEAR_COLS,
                 keep_cohort);
    for (int r = 0; r < t->n_rows; r++)
        if (!fig_is_all(t, r, COL_COHORT) && !fig_is_all(t, r, COL_PROGRAMME) &&
            fig_at(t, r, CY_N_STARTED)->mark == SUPPRESS_PRIMARY &&
            len + 200 < sizeof folded)
            len += (size_t)snprintf(folded + len, sizeof folded - len,
                                    "%s%s (%s)", len ? ", " : "",
                                    fig_text(t, r, COL_COHORT),
                                    fig_text(t, r, COL_PROGRAMME));
    if (len > 0) {
        char buf[1400];

        snprintf(buf, sizeof buf, "%s %s.",
                 i18n_get(b->lang, "note.folded"), folded);
        *rp = layout_paragraph(b, ws, *rp - 1, 0, N_YEAR_COLS, NULL, buf,
                               150) + 1;
    }
}

static void summary_write(struct book *b, lxw_worksheet *ws,
                          const struct figures *f)
{
    char sent[6][512];
    int n = sent_summary(b->lang, f, 0, sent, 6);
    lxw_row_t r = HDR;

    layout_heading(b, ws, "title.summary", "note.summary", f->as_of,
                   N_YEAR_COLS, 150);
    book_label(b, ws, r++, 0, "block.in_words", b->f.subtitle);
    for (int i = 0; i < n; i++) {
        char line[520] = "\xe2\x80\xa2 ";

        memcpy(line + 4, sent[i], 512);
        line[519] = '\0';
        r = layout_paragraph(b, ws, r, 0, N_YEAR_COLS, NULL, line, 150);
    }
    r++;
    compare_write(b, ws, &r, f);
    cohorts_write(b, ws, &r, f);
    r = layout_paragraph(b, ws, r - 1, 0, N_YEAR_COLS, "note.summary_cols",
                         NULL, 150);
    r = layout_paragraph(b, ws, r, 0, N_YEAR_COLS, "note.suppressed", NULL,
                         150);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
    /* the director's page: one sheet of paper while it stays readable */
    if (book_ok(b) && r < 75)
        worksheet_fit_to_pages(ws, 1, 1);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Trends: the cohorts on the x axis, sorted by label. */
static void trends_write(struct book *b, lxw_worksheet *ws,
                         const struct figures *f)
{
    static const struct chart_spec completion = SPEC(
        "chart.trend_completion", "axis.cohort", "axis.mature_rate", "0%", 0,
        1, 0);
    static const struct chart_spec early = SPEC(
        "chart.trend_early", "axis.cohort", "axis.early_6m", "0%", 0, NAN, 0);
    static const struct chart_spec nps = SPEC(
        "chart.trend_nps", "axis.cohort", "axis.nps", "0", -100, 100, 1);
    struct chart_spec gas = SPEC("chart.trend_gas", "axis.cohort",
                                 "axis.gas_t", "0", 40, 60, 0);
    char (*clab)[96] = NULL;
    const char **clabels = NULL;
    const struct fig_table *t = &f->cohort_year;
    int nc = 0, np = 0;
    const char **cohorts = calloc((size_t)t->n_rows + 1, sizeof *cohorts);
    const char **names = calloc((size_t)t->n_rows + 2, sizeof *names);
    const char **progs = calloc((size_t)t->n_rows + 2, sizeof *progs);
    double *v = NULL, *lo = NULL, *hi = NULL;

    layout_heading(b, ws, "title.trends", "note.trends", f->as_of, 17, 150);
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
    clab = calloc((size_t)nc, sizeof *clab);
    clabels = calloc((size_t)nc, sizeof *clabels);
    v = malloc((size_t)np * (size_t)nc * sizeof *v);
    lo = malloc((size_t)nc * sizeof *lo);
    hi = malloc((size_t)nc * sizeof *hi);
    if (v == NULL || lo == NULL || hi == NULL || clab == NULL ||
        clabels == NULL) {
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
                    const struct fig_cell *pv = fig_at(t, r, CY_PROV);

                    v[i] = fig_value(t, r, CY_RATE);
                    lo[i] = fig_value(t, r, CY_CI_LOW);
                    hi[i] = fig_value(t, r, CY_CI_HIGH);
                    /* a running cohort is drawn, and says so */
                    if (pv->type == FIG_NUM && pv->num != 0)
                        snprintf(clab[i], sizeof clab[i], "%s (%s)",
                                 cohorts[i],
                                 i18n_get(b->lang, "word.provisional"));
                }
    for (int i = 0; i < nc; i++) {
        if (clab[i][0] == '\0')
            snprintf(clab[i], sizeof clab[i], "%s", cohorts[i]);
        clabels[i] = clab[i];
    }
    charts_interval(b, ws, HDR, 0, &completion, nc, clabels, v, lo, hi);

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
            if (cols[k] == CY_GAS) {
                /* around 50, wide enough for every point */
                double h = 10;

                for (size_t i = 0; i < (size_t)np * (size_t)nc; i++)
                    if (!isnan(v[i]) && fabs(v[i] - 50) + 2 > h)
                        h = 5 * ceil((fabs(v[i] - 50) + 2) / 5);
                gas.y_min = 50 - h;
                gas.y_max = 50 + h;
            }
            charts_lines(b, ws, rows[k], colpos[k], specs[k], nc, cohorts, np,
                         names, v);
        }
    }
    layout_paragraph(b, ws, HDR + 37, 0, 17, "note.trend_charts", NULL,
                     144);
done:
    free(clab);
    free(clabels);
    free(cohorts);
    free(names);
    free(progs);
    free(v);
    free(lo);
    free(hi);
}

static const char *const lead_defs[] = {
    "def.pairs",      "def.mature_rate", "def.provisional", "def.interval",
    "def.trend",
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
