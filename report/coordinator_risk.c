/*
 * coordinator_risk.c: the coordinators' workbook(s) (see
 * coordinator_risk.h).  The model's description is read once; the pairs
 * are streamed from one SQL query (sorted by coordinator first when one
 * workbook per coordinator is wanted, so each workbook is written in one
 * pass).
 */
#include "coordinator_risk.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "db.h"
#include "i18n.h"
#include "charts.h"
#include "layout.h"

#define HDR 7                 /* header row of the pairs sheet */
#define NCOL 19

/* ORDER BY of the list: band high first, too early last, then risk
 * descending with unknown risk last, then number of flags descending,
 * then pair_id. */
#define RISK_ORDER                                                         \
    "CASE r.band WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2" \
    " ELSE 3 END, r.risk IS NULL, r.risk DESC,"                            \
    " CASE WHEN r.flags = '' THEN 0 ELSE length(r.flags)"                  \
    " - length(replace(r.flags, ',', '')) + 1 END DESC, r.pair_id"

/* The planned end: as exported, else start + the programme's planned
 * months (m months = floor(30.4375 m + 0.5) days, results.md). */
#define PLANNED_END                                                        \
    "coalesce(p.planned_end_date, date(p.start_date, '+' || CAST(30.4375 *" \
    " coalesce(pc.planned_months, dc.planned_months, 12) + 0.5 AS INTEGER)" \
    " || ' days'))"

#define PAIR_COLUMNS                                                       \
    "SELECT r.pair_id, r.coordinator_id, r.programme, r.cohort,"           \
    " r.days_active, " PLANNED_END ", CAST(julianday(" PLANNED_END ")"    \
    " - julianday(r.as_of) AS INTEGER), r.risk, r.band, r.flags,"          \
    " r.drivers, '', r.days_since_last_held, r.held_90d, r.not_held_90d,"  \
    " r.latest_chemistry, r.n_goals, NULL, NULL FROM pair_risk AS r"       \
    " LEFT JOIN pairs AS p ON p.pair_id = r.pair_id"                       \
    " LEFT JOIN programme_config AS pc ON pc.programme = r.programme"      \
    " LEFT JOIN programme_config AS dc ON dc.programme = '*'"

enum { P_PAIR, P_COORD, P_PROG, P_COHORT, P_DAYS, P_END, P_TO_END, P_RISK,
       P_BAND, P_FLAGS, P_DRIVERS, P_NEXT, P_SINCE, P_HELD, P_NOT_HELD,
       P_CHEM, P_GOALS, P_CONTACTED, P_NOTE };

/* The rules of pair_risk.flags in the order results.md lists them, and
 * the order of strength in which a next step is suggested. */
static const char *const flags[] = { "no_recent_meeting",
                                     "repeated_cancellations",
                                     "low_chemistry", "no_goals",
                                     "stalled_after_intro",
                                     "overdue_closure", "rating_gap" };
static const char *const strength[] = { "low_chemistry", "rating_gap",
                                        "repeated_cancellations",
                                        "no_recent_meeting",
                                        "stalled_after_intro", "no_goals",
                                        "overdue_closure" };
enum { N_FLAGS = sizeof flags / sizeof flags[0] };
static const char *const bands[] = { "high", "medium", "low", "too_early" };
enum { N_BANDS = 4 };

/* Widths of the list's columns in characters (the first four grow with
 * the longest id, programme and cohort). */
static const double col_width[NCOL] = { 10, 12, 14, 8, 8, 11, 9, 8, 11, 30,
                                        28, 36, 9, 8, 8, 10, 7, 12, 24 };

static int is_text_col(int c)
{
    return c <= P_COHORT || c == P_BAND || c == P_FLAGS || c == P_DRIVERS ||
           c == P_NEXT || c == P_NOTE;
}

/* What the "How risk is computed" and "Coordinators compared" sheets show,
 * read once. */
struct model_info {
    struct term {
        char *term;
        double coef, se, rse;
        int has_coef, has_se, has_rse, dir, has_dir;
    } *terms;
    int n_terms;
    int has_fit;
    double n_periods, n_events, auc, brier, auc_flags;
    int has_auc, has_brier, has_auc_flags;
    double fit[9];            /* calibration a, b, lambda, backtest n, */
    int has[9];               /* events, auc, o/e, slope, event pairs */
    char *backtest_as_of;
    double band_min[3];       /* risk at or above: high, medium (low: 0) */
    int has_band_min[3];
    char *method;
    double band_n[N_BANDS], band_lo[N_BANDS], band_hi[N_BANDS];
    int band_has_risk[N_BANDS];
    struct decile {
        double n, mean, obs;
        int has_mean, has_obs;
    } dec[10];
    int n_dec;
    int width[4];   /* widest pair id, coordinator, programme, cohort */
};

static void model_info_release(struct model_info *m)
{
    for (int i = 0; i < m->n_terms; i++)
        free(m->terms[i].term);
    free(m->terms);
    free(m->method);
    free(m->backtest_as_of);
    memset(m, 0, sizeof *m);
}

/* The number in column c of st into *v; 1 when it is not NULL. */
static int col_num(sqlite3_stmt *st, int c, double *v)
{
    *v = sqlite3_column_double(st, c);
    return sqlite3_column_type(st, c) != SQLITE_NULL;
}

/* A copy of the text in column c of st ("" for NULL) into *out. */
static enum ms_status col_text(sqlite3_stmt *st, int c, char **out,
                               struct ms_err *e)
{
    const char *t = (const char *)sqlite3_column_text(st, c);

    *out = strdup(t ? t : "");
    return *out == NULL ? err_set(e, MS_NOMEM, "report: out of memory")
                        : MS_OK;
}

static enum ms_status terms_read(sqlite3 *db, struct model_info *m,
                                 struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    s = db_prepare(db, "SELECT term, coefficient, std_error, robust_se,"
                   " direction FROM risk_model ORDER BY rowid", &st, e);
    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct term *t = realloc(m->terms, (size_t)(m->n_terms + 1) *
                                               sizeof *t);
        double d;

        if (t == NULL) {
            s = err_set(e, MS_NOMEM, "report: out of memory");
            break;
        }
        m->terms = t;
        t = &m->terms[m->n_terms];
        memset(t, 0, sizeof *t);
        if ((s = col_text(st, 0, &t->term, e)) != MS_OK)
            break;
        m->n_terms++;
        t->has_coef = col_num(st, 1, &t->coef);
        t->has_se = col_num(st, 2, &t->se);
        t->has_rse = col_num(st, 3, &t->rse);
        t->has_dir = col_num(st, 4, &d);
        t->dir = (int)d;
    }
    if (s == MS_OK && rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading risk_model");
    sqlite3_finalize(st);
    return s;
}

static enum ms_status fit_read(sqlite3 *db, struct model_info *m,
                               struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    s = db_prepare(db, "SELECT n_periods, n_events, auc_cv, brier_cv,"
                   " auc_cv_flags, method, band_high_min, band_medium_min,"
                   " calibration_intercept, calibration_slope, lambda,"
                   " backtest_n, backtest_events, backtest_auc, backtest_oe,"
                   " backtest_slope, n_event_pairs, backtest_as_of"
                   " FROM risk_model_fit LIMIT 1", &st, e);
    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        m->has_fit = 1;
        col_num(st, 0, &m->n_periods);
        col_num(st, 1, &m->n_events);
        m->has_auc = col_num(st, 2, &m->auc);
        m->has_brier = col_num(st, 3, &m->brier);
        m->has_auc_flags = col_num(st, 4, &m->auc_flags);
        for (int i = 0; i < 2; i++)
            m->has_band_min[i] = col_num(st, 6 + i, &m->band_min[i]);
        for (int i = 0; i < 9; i++)
            m->has[i] = col_num(st, 8 + i, &m->fit[i]);
        s = col_text(st, 5, &m->method, e);
        if (s == MS_OK && sqlite3_column_type(st, 17) != SQLITE_NULL)
            s = col_text(st, 17, &m->backtest_as_of, e);
    } else if (rc != SQLITE_DONE) {
        s = db_error(db, rc, e, "reading risk_model_fit");
    }
    sqlite3_finalize(st);
    if (s != MS_OK)
        return s;

    s = db_prepare(db, "SELECT n, mean_risk, observed_rate FROM"
                   " risk_calibration ORDER BY decile", &st, e);
    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && m->n_dec < 10) {
        struct decile *d = &m->dec[m->n_dec++];

        col_num(st, 0, &d->n);
        d->has_mean = col_num(st, 1, &d->mean);
        d->has_obs = col_num(st, 2, &d->obs);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        s = db_error(db, rc, e, "reading risk_calibration");
    sqlite3_finalize(st);
    return s;
}

static enum ms_status model_info_read(sqlite3 *db, struct model_info *m,
                                      struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    memset(m, 0, sizeof *m);
    if ((s = terms_read(db, m, e)) != MS_OK || (s = fit_read(db, m, e)) !=
                                                   MS_OK)
        return s;
    /* the bands and the widest texts in one pass over the pairs */
    s = db_prepare(db, "SELECT band, count(*), min(risk), max(risk),"
                   " max(length(pair_id)), max(length(coordinator_id)),"
                   " max(length(programme)), max(length(cohort))"
                   " FROM pair_risk GROUP BY band", &st, e);
    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *band = (const char *)sqlite3_column_text(st, 0);

        for (int i = 0; i < N_BANDS; i++)
            if (band != NULL && strcmp(band, bands[i]) == 0) {
                m->band_n[i] = sqlite3_column_double(st, 1);
                m->band_has_risk[i] = col_num(st, 2, &m->band_lo[i]);
                col_num(st, 3, &m->band_hi[i]);
            }
        for (int i = 0; i < 4; i++)
            if (sqlite3_column_int(st, 4 + i) > m->width[i])
                m->width[i] = sqlite3_column_int(st, 4 + i);
    }
    if (rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading pair_risk");
    sqlite3_finalize(st);
    return s;
}

char *coordinator_risk_file_id(const char *id, char out[80])
{
    uint32_t h = 2166136261u;
    int changed = 0, n = 0;

    if (id == NULL || id[0] == '\0') {
        strcpy(out, "unassigned");
        return out;
    }
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        int ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                 (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
                 (*p == '.' && n > 0);

        h = (h ^ *p) * 16777619u;
        if (n < 64)
            out[n++] = ok ? (char)*p : '_';
        else
            changed = 1;
        changed |= !ok;
    }
    out[n] = '\0';
    if (changed || strcmp(out, "unassigned") == 0)
        snprintf(out + n, 80 - (size_t)n, "-%08x", (unsigned)h);
    return out;
}

/* ------------------------------------------------------------- the list -- */

/* The count of pairs per band above the list (rows 2..5, in the wide
 * column of the warning signs): band words in their colours, counts as
 * numbers beside them. */
static void band_counts(struct book *b, lxw_worksheet *ws,
                        const double *n)
{
    book_label(b, ws, 2, 0, "hdr.pairs_per_band", b->f.subtitle);
    for (int i = 0; i < N_BANDS; i++) {
        book_string(b, ws, (lxw_row_t)(2 + i), P_FLAGS,
                    i18n_word(b->lang, "band", bands[i]), b->f.band[i]);
        book_number(b, ws, (lxw_row_t)(2 + i), P_DRIVERS, n[i],
                    b->f.count_left);
    }
}

static void pairs_head(struct book *b, lxw_worksheet *ws,
                       const struct model_info *mi, const char *as_of,
                       const double *counts)
{
    static const char *const hdr[NCOL] = {
        "hdr.pair", "hdr.coordinator", "hdr.programme", "hdr.cohort",
        "hdr.days_active", "hdr.planned_end", "hdr.days_to_end",
        "hdr.risk", "hdr.band", "hdr.flags", "hdr.drivers", "hdr.next_step",
        "hdr.days_since_held", "hdr.held_90d", "hdr.not_held_90d",
        "hdr.latest_chemistry", "hdr.n_goals", "hdr.contacted_on",
        "hdr.coordinator_note",
    };
    int lines = 1;

    for (int c = 0; c < NCOL; c++) {
        double w = col_width[c];
        const char *h = i18n_get(b->lang, hdr[c]);
        int l;

        if (c < 4 && mi->width[c] + 3 > w)
            w = mi->width[c] + 3 > 40 ? 40 : mi->width[c] + 3;
        if (layout_longest_word(h) + 2 > w)
            w = layout_longest_word(h) + 2;
        l = (int)ceil(book_text_width(h) / (w - 1));
        if (l > lines)
            lines = l;
        book_width(b, ws, (lxw_col_t)c, (lxw_col_t)c, w);
    }
    layout_heading(b, ws, "title.pairs", "note.pairs", as_of, 11, 150);
    band_counts(b, ws, counts);
    book_height(b, ws, HDR, 15.0 * lines + 2);
    for (int c = 0; c < NCOL; c++)
        book_label(b, ws, HDR, (lxw_col_t)c, hdr[c],
                   is_text_col(c) ? b->f.header : b->f.header_num);
    if (book_ok(b))
        worksheet_freeze_panes(ws, HDR + 1, 1);
    layout_print(b, ws, 0, HDR, NULL, 0, 0);
}

static int band_index(const char *band)
{
    for (int i = 0; i < N_BANDS; i++)
        if (band != NULL && strcmp(band, bands[i]) == 0)
            return i;
    return -1;
}

/* 1 when word is one of the comma-separated items of list. */
static int list_has(const char *list, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = list; p != NULL && *p;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);

        if (len == n && strncmp(p, word, n) == 0)
            return 1;
        p = q ? q + 1 : NULL;
    }
    return 0;
}

/* The i18n key of the next step for a pair: its strongest flag, else its
 * band's routine step. */
static const char *next_step(const char *flags_list, int band, char *key,
                             size_t n)
{
    for (int i = 0; i < N_FLAGS; i++)
        if (list_has(flags_list, strength[i])) {
            snprintf(key, n, "next.%s", strength[i]);
            return key;
        }
    snprintf(key, n, "next.none_%s", band >= 0 ? bands[band] : "low");
    return key;
}

/* Lines a wrapped text of width w needs. */
static int wrap_lines(const char *t, double w)
{
    int l = (int)ceil(book_text_width(t) / (w - 3));

    return l < 1 ? 1 : l;
}

/* Write the planned end (an ISO date in column c of st) as a date. */
static void write_date_col(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                           lxw_col_t col, sqlite3_stmt *st, int c)
{
    const char *iso = (const char *)sqlite3_column_text(st, c);
    lxw_datetime dt;

    if (iso == NULL || strlen(iso) != 10)
        return;
    memset(&dt, 0, sizeof dt);
    dt.year = atoi(iso);
    dt.month = atoi(iso + 5);
    dt.day = atoi(iso + 8);
    if (book_ok(b))
        book_check(b, worksheet_write_datetime(ws, r, col, &dt, b->f.date),
                   "writing a date");
}

/* One row of the list from the current row of st. */
static void pairs_row(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                      sqlite3_stmt *st)
{
    char flags_txt[2048], drivers_txt[2048], key[64];
    int band = band_index((const char *)sqlite3_column_text(st, P_BAND));
    lxw_format *bf = band >= 0 ? b->f.band[band] : b->f.text;
    lxw_format *rf = band >= 0 ? b->f.band_pct[band] : b->f.pct;
    const char *fl = (const char *)sqlite3_column_text(st, P_FLAGS);
    const char *dr = (const char *)sqlite3_column_text(st, P_DRIVERS);
    const char *next = i18n_get(b->lang, next_step(fl ? fl : "", band, key,
                                                   sizeof key));
    int lines, l;

    /* flags, drivers and the next step in words, wrapped: the row is made
     * tall enough before its cells (a streamed row is written when the
     * next begins) */
    i18n_words(b->lang, "flag", fl ? fl : "", flags_txt, sizeof flags_txt);
    i18n_words(b->lang, "term", dr ? dr : "", drivers_txt,
               sizeof drivers_txt);
    lines = wrap_lines(flags_txt, col_width[P_FLAGS]);
    if ((l = wrap_lines(drivers_txt, col_width[P_DRIVERS])) > lines)
        lines = l;
    if ((l = wrap_lines(next, col_width[P_NEXT])) > lines)
        lines = l;
    if (lines > 1)
        book_height(b, ws, r, 15.0 * lines + 1);

    /* each column is read in the one form it is written in: asking a
     * number for its text (or text for its number) makes SQLite convert
     * it, for every row */
    for (int c = 0; c < NCOL; c++) {
        int null = sqlite3_column_type(st, c) == SQLITE_NULL;

        switch (c) {
        case P_PAIR:
        case P_COORD:
        case P_PROG:
        case P_COHORT:
            book_string(b, ws, r, (lxw_col_t)c,
                        (const char *)sqlite3_column_text(st, c), b->f.text);
            break;
        case P_END:
            write_date_col(b, ws, r, (lxw_col_t)c, st, c);
            break;
        case P_RISK:
            if (null) {
                if (book_ok(b))
                    book_check(b, worksheet_write_blank(ws, r, (lxw_col_t)c,
                                                        rf),
                               "writing a cell");
            } else {
                book_number(b, ws, r, (lxw_col_t)c,
                            sqlite3_column_double(st, c), rf);
            }
            break;
        case P_BAND:
            book_string(b, ws, r, (lxw_col_t)c,
                        null ? NULL
                             : i18n_word(b->lang, "band",
                                         (const char *)sqlite3_column_text(
                                             st, c)),
                        bf);
            break;
        case P_FLAGS:
            book_string(b, ws, r, (lxw_col_t)c, flags_txt, b->f.text_wrap);
            break;
        case P_DRIVERS:
            book_string(b, ws, r, (lxw_col_t)c, drivers_txt, b->f.text_wrap);
            break;
        case P_NEXT:
            book_string(b, ws, r, (lxw_col_t)c, next, b->f.text_wrap);
            break;
        case P_CONTACTED:
        case P_NOTE:
            /* empty, for the coordinator: formatted to be filled in */
            if (book_ok(b))
                book_check(b, worksheet_write_blank(
                                  ws, r, (lxw_col_t)c,
                                  c == P_NOTE ? b->f.text_edit
                                              : b->f.date_edit),
                           "writing a cell");
            break;
        default:
            if (!null)
                book_number(b, ws, r, (lxw_col_t)c,
                            sqlite3_column_double(st, c), b->f.count);
            break;
        }
    }
}

/* ------------------------------------------------------ how it is done -- */

static lxw_row_t how_section(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                             const char *key)
{
    book_label(b, ws, r, 0, key, b->f.subtitle);
    return r + 1;
}

/* Observed early-ending rate of deciles first..last (1-based) of the
 * cross-validated predictions, weighted by n; NAN when unknown. */
static double deciles_rate(const struct model_info *m, int first, int last)
{
    double n = 0, y = 0;

    for (int i = first - 1; i < last && i < m->n_dec; i++)
        if (m->dec[i].has_obs) {
            n += m->dec[i].n;
            y += m->dec[i].n * m->dec[i].obs;
        }
    return n > 0 ? y / n : NAN;
}

/* "1 in N" for a rate: N = round(1 / rate). */
static void one_in(int lang, double rate, char *buf, size_t n)
{
    if (isnan(rate) || rate <= 0)
        snprintf(buf, n, "%s", i18n_get(lang, "word.unknown"));
    else
        snprintf(buf, n, i18n_get(lang, "how.one_in"),
                 (int)floor(1 / rate + 0.5));
}

static lxw_row_t how_plain(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                           const struct model_info *m)
{
    static const int dec_first[3] = { 10, 8, 1 }, dec_last[3] = { 10, 9, 7 };
    char key[96], buf[1024], one[64];

    r = how_section(b, ws, r, "how.purpose");
    r = layout_paragraph(b, ws, r, 0, 4, "how.purpose.text", NULL, 150) + 1;

    /* warning signs */
    r = how_section(b, ws, r, "how.flags");
    book_label(b, ws, r, 0, "hdr.flag", b->f.header);
    book_label(b, ws, r, 1, "hdr.rule", b->f.header);
    book_string(b, ws, r, 2, "", b->f.header);
    book_string(b, ws, r, 3, "", b->f.header);
    book_label(b, ws, r, 4, "hdr.next_step", b->f.header);
    r++;
    for (int i = 0; i < N_FLAGS; i++) {
        const char *rule, *next;
        int l1, l2;

        snprintf(key, sizeof key, "flagrule.%s", flags[i]);
        rule = i18n_get(b->lang, key);
        snprintf(key, sizeof key, "next.%s", flags[i]);
        next = i18n_get(b->lang, key);
        l1 = wrap_lines(rule, 50);
        l2 = wrap_lines(next, 60);
        book_height(b, ws, r, 15.0 * (l1 > l2 ? l1 : l2) + 2);
        snprintf(key, sizeof key, "flag.%s", flags[i]);
        book_label(b, ws, r, 0, key, b->f.wrap);
        if (book_ok(b))
            book_check(b, worksheet_merge_range(ws, r, 1, r, 3, rule,
                                                b->f.wrap),
                       "merging cells");
        book_string(b, ws, r, 4, next, b->f.wrap);
        r++;
    }
    r++;

    /* bands, and how often their pairs ended early when checked */
    r = how_section(b, ws, r, "how.bands");
    book_label(b, ws, r, 0, "hdr.band", b->f.header);
    book_label(b, ws, r, 1, "hdr.pairs", b->f.header_num);
    book_label(b, ws, r, 2, "hdr.ended_early_checked", b->f.header_num);
    book_label(b, ws, r, 3, "hdr.one_in", b->f.header_num);
    book_label(b, ws, r, 4, "hdr.meaning", b->f.header);
    book_height(b, ws, r, 62);
    r++;
    for (int i = 0; i < N_BANDS; i++, r++) {
        double rate = i < 3 ? deciles_rate(m, dec_first[i], dec_last[i])
                            : NAN;

        snprintf(key, sizeof key, "bandtext.%s", bands[i]);
        book_height(b, ws, r,
                    15.0 * wrap_lines(i18n_get(b->lang, key), 60) + 2);
        book_string(b, ws, r, 0, i18n_word(b->lang, "band", bands[i]),
                    b->f.band[i]);
        book_number(b, ws, r, 1, m->band_n[i], b->f.count);
        if (!isnan(rate)) {
            book_number(b, ws, r, 2, rate, b->f.pct);
            one_in(b->lang, rate, one, sizeof one);
            book_string(b, ws, r, 3, one, b->f.text);
        }
        book_label(b, ws, r, 4, key, b->f.text_wrap);
    }
    r = layout_paragraph(b, ws, r, 0, 4, "how.bands.text", NULL, 150);
    if (m->has[3] && m->has[4] && m->fit[3] > 0 && m->backtest_as_of) {
        char n1[32], n2[32];

        snprintf(n1, sizeof n1, "%.0f", m->fit[4]);
        snprintf(n2, sizeof n2, "%.0f", m->fit[3]);
        snprintf(buf, sizeof buf, i18n_get(b->lang, "how.backtest.text"),
                 m->backtest_as_of, n1, n2);
        r = layout_paragraph(b, ws, r, 0, 4, NULL, buf, 150);
    }
    return r + 1;
}

static lxw_row_t how_terms(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                           const struct model_info *m)
{
    char key[96];

    book_label(b, ws, r, 0, "hdr.term", b->f.header);
    book_label(b, ws, r, 1, "hdr.coefficient", b->f.header_num);
    book_label(b, ws, r, 2, "hdr.robust_se", b->f.header_num);
    book_label(b, ws, r, 3, "hdr.odds_ratio", b->f.header_num);
    book_label(b, ws, r, 4, "hdr.term_meaning", b->f.header);
    book_height(b, ws, r, 32);
    r++;
    if (m->n_terms == 0)
        book_label(b, ws, r++, 0, "how.no_terms", b->f.note);
    for (int i = 0; i < m->n_terms; i++, r++) {
        const struct term *t = &m->terms[i];
        double se = t->has_rse ? t->rse : t->se;

        snprintf(key, sizeof key, "termdef.%s", t->term);
        book_string(b, ws, r, 0, i18n_word(b->lang, "term", t->term),
                    b->f.text);
        if (t->has_coef && isfinite(t->coef)) {
            book_number(b, ws, r, 1, t->coef, b->f.num3);
            if (strcmp(t->term, "intercept") != 0 && fabs(t->coef) < 700)
                book_number(b, ws, r, 3, exp(t->coef), b->f.num2);
        }
        if ((t->has_rse || t->has_se) && isfinite(se))
            book_number(b, ws, r, 2, se, b->f.num3);
        if (i18n_has(key))
            book_label(b, ws, r, 4, key, b->f.text);
    }
    return r + 1;
}

static lxw_row_t how_fit(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                         const struct model_info *m)
{
    struct {
        const char *key;
        int has;
        double v;
        lxw_format *f;
    } rows[] = {
        { "how.n_periods", m->has_fit, m->n_periods, b->f.count },
        { "how.n_events", m->has_fit, m->n_events, b->f.count },
        { "how.auc", m->has_auc, m->auc, b->f.num3 },
        { "how.brier", m->has_brier, m->brier, b->f.num3 },
        { "how.calibration_intercept", m->has[0], m->fit[0], b->f.num3 },
        { "how.calibration_slope", m->has[1], m->fit[1], b->f.num3 },
        { "how.lambda", m->has[2], m->fit[2], b->f.num3 },
        { "how.auc_flags", m->has_auc_flags, m->auc_flags, b->f.num3 },
        { "how.backtest_n", m->has[3], m->fit[3], b->f.count },
        { "how.backtest_events", m->has[4], m->fit[4], b->f.count },
        { "how.backtest_auc", m->has[5], m->fit[5], b->f.num3 },
        { "how.backtest_oe", m->has[6], m->fit[6], b->f.num2 },
        { "how.backtest_slope", m->has[7], m->fit[7], b->f.num3 },
    };

    r = how_section(b, ws, r, "how.fit");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, r++) {
        book_label(b, ws, r, 0, rows[i].key, b->f.text);
        if (rows[i].has && isfinite(rows[i].v))
            book_number(b, ws, r, 1, rows[i].v, rows[i].f);
    }
    r = layout_paragraph(b, ws, r + 1, 0, 4, "how.fit.text", NULL, 150) + 1;

    r = how_section(b, ws, r, "how.calibration");
    book_label(b, ws, r, 0, "hdr.decile", b->f.header);
    book_label(b, ws, r, 1, "hdr.periods", b->f.header_num);
    book_label(b, ws, r, 2, "hdr.mean_risk", b->f.header_num);
    book_label(b, ws, r, 3, "hdr.observed", b->f.header_num);
    book_height(b, ws, r, 32);
    r++;
    for (int i = 0; i < m->n_dec; i++, r++) {
        book_number(b, ws, r, 0, i + 1, b->f.count);
        book_number(b, ws, r, 1, m->dec[i].n, b->f.count);
        if (m->dec[i].has_mean)
            book_number(b, ws, r, 2, m->dec[i].mean, b->f.pct);
        if (m->dec[i].has_obs)
            book_number(b, ws, r, 3, m->dec[i].obs, b->f.pct);
    }
    return r;
}

static void how_write(struct book *b, lxw_worksheet *ws,
                      const struct model_info *m)
{
    lxw_row_t r;

    book_width(b, ws, 0, 0, 40);
    book_width(b, ws, 1, 1, 14);
    book_width(b, ws, 2, 2, 18);
    book_width(b, ws, 3, 3, 14);
    book_width(b, ws, 4, 4, 66);
    layout_heading(b, ws, "title.how", "note.how", NULL, 4, 150);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
    r = how_plain(b, ws, 3, m);

    /* for the curious */
    r = how_section(b, ws, r, "how.model");
    r = layout_paragraph(b, ws, r, 0, 4, "how.model.text", NULL, 150);
    if (m->method != NULL) {
        /* analyze's method text is English: say it in the reader's
         * words instead */
        book_label(b, ws, r, 0, "how.method", b->f.wrap);
        book_label(b, ws, r, 1,
                   strncmp(m->method, "flags only", 10) == 0
                       ? "how.method.flags_only"
                       : "how.method.model",
                   b->f.text);
        r++;
    }
    r = how_terms(b, ws, r + 1, m);
    how_fit(b, ws, r, m);
}

/* ------------------------------------------------ coordinators compared -- */

/* res_coordinators: the funnel of all programmes and the table; with
 * only (a coordinator id, or NULL for all), that coordinator's rows. */
static void compare_write(struct book *b, lxw_worksheet *ws, sqlite3 *db,
                          const char *only, struct ms_err *e)
{
    static const char *const hdr[] = {
        "hdr.programme", "hdr.coordinator", "hdr.mature_pairs",
        "hdr.ended_early", "hdr.early_share", "hdr.expected", "hdr.ratio",
        "hdr.limit95_low", "hdr.limit95_high", "hdr.limit998_low",
        "hdr.limit998_high", "hdr.signal",
    };
    static const double w[] = { 16, 14, 10, 9, 10, 10, 8, 10, 10, 10, 10,
                                22 };
    static const struct chart_spec funnel = {
        "chart.funnel", "axis.mature_pairs", "axis.early_share", "0%", 0,
        1, 0
    };
    sqlite3_stmt *st = NULL;
    double *xs = NULL, *ys = NULL, sum_e = 0, sum_n = 0;
    int n = 0, cap = 0, own = -1, rc;
    lxw_row_t r = 3 + 21, hr;

    layout_heading(b, ws, "title.compare", "note.compare", NULL, 11, 150);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
    for (int c = 0; c < 12; c++) {
        book_label(b, ws, r, (lxw_col_t)c, hdr[c],
                   c < 2 || c == 11 ? b->f.header : b->f.header_num);
        book_width(b, ws, (lxw_col_t)c, (lxw_col_t)c, w[c]);
    }
    book_height(b, ws, r, 47);
    hr = r++;
    if (db_prepare(db, "SELECT programme, coordinator_id, n_mature,"
                   " n_ended_early, CASE WHEN n_mature > 0 THEN"
                   " n_ended_early * 1.0 / n_mature END, expected, ratio,"
                   " limit95_low, limit95_high, limit998_low, limit998_high,"
                   " signal FROM res_coordinators WHERE ?1 IS NULL OR"
                   " coordinator_id = ?1 ORDER BY programme = '*',"
                   " programme, coordinator_id", &st, e) != MS_OK) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "reading coordinators");
        return;
    }
    if (only != NULL)
        sqlite3_bind_text(st, 1, only, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *prog = (const char *)sqlite3_column_text(st, 0);
        const char *sig = (const char *)sqlite3_column_text(st, 11);
        char key[64];

        book_string(b, ws, r, 0, layout_programme(b, prog ? prog : ""),
                    b->f.text);
        book_string(b, ws, r, 1, (const char *)sqlite3_column_text(st, 1),
                    b->f.text);
        for (int c = 2; c < 11; c++)
            if (sqlite3_column_type(st, c) != SQLITE_NULL)
                book_number(b, ws, r, (lxw_col_t)c,
                            sqlite3_column_double(st, c),
                            c <= 3 ? b->f.count
                            : c == 5 ? b->f.num1
                            : c == 6 ? b->f.num2 : b->f.pct);
        snprintf(key, sizeof key, "signal.%s",
                 sig != NULL && sig[0] ? sig : "none");
        book_label(b, ws, r, 11, key, b->f.text);
        r++;
        /* the funnel: all programmes' rows */
        if (prog != NULL && strcmp(prog, "*") == 0 &&
            sqlite3_column_type(st, 4) != SQLITE_NULL) {
            if (n == cap) {
                int nc = cap ? 2 * cap : 32;
                double *nx = realloc(xs, (size_t)nc * sizeof *xs);
                double *ny = nx ? realloc(ys, (size_t)nc * sizeof *ys) : NULL;

                if (nx != NULL)
                    xs = nx;
                if (ny == NULL)
                    break;
                ys = ny;
                cap = nc;
            }
            xs[n] = sqlite3_column_double(st, 2);
            ys[n] = sqlite3_column_double(st, 4);
            sum_n += xs[n];
            sum_e += sqlite3_column_double(st, 5);
            if (only != NULL)
                own = n;
            n++;
        }
    }
    sqlite3_finalize(st);
    if (r == hr + 1)
        book_label(b, ws, r++, 0, "table.empty", b->f.note);
    else if (r - hr > 20 && book_ok(b))
        book_check(b, worksheet_autofilter(ws, hr, 0, r - 1, 11),
                   "setting the autofilter");
    if (n > 0 && sum_n > 0) {
        if (only != NULL) {
            /* its own point against the limits of all coordinators' mix:
             * the limits are its own row's */
            charts_funnel(b, ws, 3, 0, &funnel, n, xs, ys, own,
                          sum_e / sum_n);
        } else {
            charts_funnel(b, ws, 3, 0, &funnel, n, xs, ys, -1, sum_e / sum_n);
        }
    }
    layout_paragraph(b, ws, r + 1, 0, 11,
                     only != NULL ? "note.funnel_own" : "note.funnel", NULL,
                     150);
    free(xs);
    free(ys);
}

/* -------------------------------------------------------------- writing -- */

struct risk_run {
    sqlite3 *db;
    const char *out_dir;
    int lang;
    const char *as_of;
    const struct model_info *mi;
    void (*on_written)(const char *, void *);
    void *ctx;
    struct ms_err *e;
};

/* The open workbook of one list. */
struct risk_book {
    struct book b;
    lxw_worksheet *pairs, *how, *compare;
    lxw_row_t row;
};

/* The list of all pairs between coordinator_risk_start and _finish. */
struct coordinator_risk {
    sqlite3 *db;
    char *out_dir;
    int lang;
    char as_of_buf[11];
    const char *as_of;      /* as_of_buf, or NULL as given */
    struct model_info mi;
    struct risk_book list;
};

/* The pairs per band of each coordinator, read alongside the list sorted
 * by coordinator (one pass over pair_risk, not one per coordinator). */
struct band_cursor {
    sqlite3_stmt *st;
    int rc;                 /* of the last step: SQLITE_ROW while rows last */
};

/* The order of the per-coordinator list: "" (no coordinator) last. */
static int coord_cmp(const char *a, const char *b)
{
    if ((a[0] == '\0') != (b[0] == '\0'))
        return a[0] == '\0' ? 1 : -1;
    return strcmp(a, b);
}

/* The counts per band of coordinator id ("" for none) into n[N_BANDS],
 * moving bc past them; ids come in coord_cmp order. */
static void band_cursor_counts(struct band_cursor *bc, const char *id,
                               double *n)
{
    for (int i = 0; i < N_BANDS; i++)
        n[i] = 0;
    while (bc->rc == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(bc->st, 0);
        int k = coord_cmp(c ? c : "", id);

        if (k > 0)
            break;
        if (k == 0) {
            int i = band_index((const char *)sqlite3_column_text(bc->st, 1));

            if (i >= 0)
                n[i] += sqlite3_column_double(bc->st, 2);
        }
        bc->rc = sqlite3_step(bc->st);
    }
}

/* Open the workbook of all pairs (coord NULL) or of coordinator coord
 * ("" for pairs without one) and write everything above the list: the
 * pairs per band are counts (NULL: all pairs'). */
static enum ms_status risk_book_open(struct risk_run *rr, struct risk_book *rb,
                                     const char *path, const char *coord,
                                     const double *counts)
{
    enum ms_status s;

    if (counts == NULL)
        counts = rr->mi->band_n;
    s = book_open(&rb->b, path, rr->lang, 1, rr->as_of, "title.pairs",
                  rr->e);
    if (s != MS_OK)
        return s;
    rb->pairs = book_sheet_add(&rb->b, "sheet.at_risk");
    rb->how = book_sheet_add(&rb->b, "sheet.how_risk");
    rb->compare = book_sheet_add(&rb->b, "sheet.compare");
    rb->row = HDR + 1;
    if (book_ok(&rb->b)) {
        pairs_head(&rb->b, rb->pairs, rr->mi, rr->as_of, counts);
        how_write(&rb->b, rb->how, rr->mi);
        compare_write(&rb->b, rb->compare, rr->db,
                      coord == NULL ? NULL : coord[0] ? coord : "unassigned",
                      rr->e);
    }
    return MS_OK;
}

/* The last cells of the list: the autofilter over its rows, or a note
 * that there are none. */
static void risk_book_end(struct risk_book *rb)
{
    struct book *b = &rb->b;

    if (rb->row == HDR + 1) {
        book_label(b, rb->pairs, rb->row, 0, "table.no_pairs", b->f.note);
    } else if (book_ok(b)) {
        book_check(b, worksheet_autofilter(rb->pairs, HDR, 0, rb->row - 1,
                                           NCOL - 1),
                   "setting the autofilter");
    }
}

/* Put rb's workbook in place (book_commit) and tell rr->on_written. */
static enum ms_status risk_book_commit(struct risk_run *rr,
                                       struct risk_book *rb)
{
    struct book *b = &rb->b;
    char *path = strdup(b->path);
    enum ms_status s;

    if (path == NULL) {
        book_abandon(b);
        return err_set(rr->e, MS_NOMEM, "report: out of memory");
    }
    s = book_commit(b, rr->e);
    if (s == MS_OK && rr->on_written != NULL)
        rr->on_written(path, rr->ctx);
    free(path);
    return s;
}

static enum ms_status risk_book_close(struct risk_run *rr,
                                      struct risk_book *rb)
{
    risk_book_end(rb);
    return risk_book_commit(rr, rb);
}

/* Stream the pairs into list (all of them; opened by the caller and left
 * open) or, when list is NULL, into one workbook per coordinator. */
static enum ms_status risk_stream(struct risk_run *rr, struct risk_book *list)
{
    static const char all_sql[] = PAIR_COLUMNS " ORDER BY " RISK_ORDER;
    static const char by_sql[] =
        PAIR_COLUMNS " ORDER BY coalesce(r.coordinator_id, '') = '',"
        " r.coordinator_id, " RISK_ORDER;
    int by_coordinator = list == NULL;
    sqlite3_stmt *st = NULL;
    struct risk_book rb, *cur = by_coordinator ? &rb : list;
    int open = 0, rc = SQLITE_DONE;
    char *current = NULL;
    struct band_cursor bc = { NULL, SQLITE_DONE };
    double counts[N_BANDS];
    enum ms_status s = db_prepare(rr->db, by_coordinator ? by_sql : all_sql,
                                  &st, rr->e);

    if (s != MS_OK)
        return s;
    if (by_coordinator) {
        s = db_prepare(rr->db, "SELECT coalesce(coordinator_id, ''), band,"
                       " count(*) FROM pair_risk GROUP BY 1, 2"
                       " ORDER BY 1 = '', 1", &bc.st, rr->e);
        if (s != MS_OK) {
            sqlite3_finalize(st);
            return s;
        }
        bc.rc = sqlite3_step(bc.st);
    }
    memset(&rb, 0, sizeof rb);
    while (s == MS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (by_coordinator) {
            const char *c = (const char *)sqlite3_column_text(st, P_COORD);

            if (c == NULL)
                c = "";
            if (!open || strcmp(c, current) != 0) {
                char id[80], name[128], *path;

                if (open && (s = risk_book_close(rr, &rb)) != MS_OK) {
                    open = 0;
                    break;
                }
                open = 0;
                free(current);
                current = strdup(c);
                snprintf(name, sizeof name, "coordinator_risk-%s.xlsx",
                         coordinator_risk_file_id(c, id));
                path = book_path_join(rr->out_dir, name);
                if (current == NULL || path == NULL) {
                    free(path);
                    s = err_set(rr->e, MS_NOMEM, "report: out of memory");
                    break;
                }
                band_cursor_counts(&bc, current, counts);
                s = risk_book_open(rr, &rb, path, current, counts);
                free(path);
                if (s != MS_OK)
                    break;
                open = 1;
            }
        }
        if (cur->row > 1048575) {
            book_check(&cur->b, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
                       "more pairs than a worksheet holds");
            continue;
        }
        pairs_row(&cur->b, cur->pairs, cur->row++, st);
    }
    if (s == MS_OK && rc != SQLITE_DONE)
        s = db_error(rr->db, rc, rr->e, "reading pair_risk");
    if (open) {
        if (s == MS_OK)
            s = risk_book_close(rr, &rb);
        else
            book_abandon(&rb.b);
    }
    if (s == MS_OK && bc.st != NULL && bc.rc != SQLITE_ROW &&
        bc.rc != SQLITE_DONE)
        s = db_error(rr->db, bc.rc, rr->e, "reading pair_risk");
    free(current);
    sqlite3_finalize(bc.st);
    sqlite3_finalize(st);
    return s;
}

/* The run of cr, reporting to on_written and e. */
static struct risk_run risk_run_of(struct coordinator_risk *cr,
                                   void (*on_written)(const char *, void *),
                                   void *ctx, struct ms_err *e)
{
    struct risk_run rr = { cr->db, cr->out_dir, cr->lang, cr->as_of, &cr->mi,
                           on_written, ctx, e };

    return rr;
}

void coordinator_risk_free(struct coordinator_risk *cr)
{
    if (cr == NULL)
        return;
    book_abandon(&cr->list.b);
    model_info_release(&cr->mi);
    free(cr->out_dir);
    free(cr);
}

enum ms_status coordinator_risk_start(sqlite3 *db, const char *out_dir,
                                      int lang, const char *as_of,
                                      void (*meanwhile)(void *ctx),
                                      void *mctx,
                                      struct coordinator_risk **out,
                                      struct ms_err *e)
{
    struct coordinator_risk *cr = calloc(1, sizeof *cr);
    struct risk_run rr;
    enum ms_status s;
    char *path = NULL;

    *out = NULL;
    if (cr == NULL || (cr->out_dir = strdup(out_dir)) == NULL ||
        (path = book_path_join(out_dir, "coordinator_risk.xlsx")) == NULL) {
        s = err_set(e, MS_NOMEM, "report: out of memory");
        goto done;
    }
    cr->db = db;
    cr->lang = lang;
    if (as_of != NULL) {
        snprintf(cr->as_of_buf, sizeof cr->as_of_buf, "%s", as_of);
        cr->as_of = cr->as_of_buf;
    }
    rr = risk_run_of(cr, NULL, NULL, e);
    s = model_info_read(db, &cr->mi, e);
    if (s == MS_OK)
        s = risk_book_open(&rr, &cr->list, path, NULL, NULL);
    if (s == MS_OK)
        s = risk_stream(&rr, &cr->list);
    if (s == MS_OK) {
        risk_book_end(&cr->list);
        book_close_during(&cr->list.b, meanwhile, mctx);
        meanwhile = NULL;
    }
done:
    free(path);
    if (meanwhile != NULL)
        meanwhile(mctx);
    if (s != MS_OK) {
        coordinator_risk_free(cr);
        return s;
    }
    *out = cr;
    return MS_OK;
}

enum ms_status coordinator_risk_finish(struct coordinator_risk *cr,
                                       int per_coordinator,
                                       void (*on_written)(const char *path,
                                                          void *ctx),
                                       void *ctx, struct ms_err *e)
{
    struct risk_run rr = risk_run_of(cr, on_written, ctx, e);
    enum ms_status s = risk_book_commit(&rr, &cr->list);

    if (s == MS_OK && per_coordinator)
        s = risk_stream(&rr, NULL);
    coordinator_risk_free(cr);
    return s;
}
