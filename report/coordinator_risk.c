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
#include "layout.h"

#define HDR 2                 /* header row of the pairs sheet */
#define NCOL 14

/* ORDER BY of the list: band high first, then risk descending with
 * unknown risk last, then number of flags descending, then pair_id. */
#define RISK_ORDER                                                         \
    "CASE band WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2"  \
    " ELSE 3 END, risk IS NULL, risk DESC,"                                \
    " CASE WHEN flags = '' THEN 0 ELSE length(flags)"                      \
    " - length(replace(flags, ',', '')) + 1 END DESC, pair_id"

#define PAIR_COLUMNS                                                       \
    "SELECT pair_id, coordinator_id, programme, cohort, days_active, risk," \
    " band, flags, drivers, days_since_last_held, held_90d, not_held_90d,"  \
    " latest_chemistry, n_goals FROM pair_risk"

enum { P_PAIR, P_COORD, P_PROG, P_COHORT, P_DAYS, P_RISK, P_BAND, P_FLAGS,
       P_DRIVERS, P_SINCE, P_HELD, P_NOT_HELD, P_CHEM, P_GOALS };

static const char *const flags[] = { "no_recent_meeting",
                                     "repeated_cancellations",
                                     "low_chemistry", "no_goals",
                                     "stalled_after_intro",
                                     "overdue_closure",
                                     "rating_gap" };
static const char *const bands[] = { "high", "medium", "low" };

/* Widths of the list's columns in characters (the first four grow with
 * the longest id, programme and cohort). */
static const double col_width[NCOL] = { 10, 13, 14, 9, 11, 11, 10, 44, 44,
                                        11, 11, 11, 12, 8 };

static int is_text_col(int c)
{
    return c <= P_COHORT || c == P_BAND || c == P_FLAGS || c == P_DRIVERS;
}

/* What the "How risk is computed" sheet shows, read once. */
struct model_info {
    struct term {
        char *term;
        double coef, se;
        int has_coef, has_se;
    } *terms;
    int n_terms;
    int has_fit;
    double n_periods, n_events, auc, brier, auc_flags;
    int has_auc, has_brier, has_auc_flags;
    double band_min[3];       /* risk at or above: high, medium (low: 0) */
    int has_band_min[3];
    char *method;
    double band_n[3], band_lo[3], band_hi[3];
    int band_has_risk[3];
    int width[4];   /* widest pair id, coordinator, programme, cohort */
};

static void model_info_release(struct model_info *m)
{
    for (int i = 0; i < m->n_terms; i++)
        free(m->terms[i].term);
    free(m->terms);
    free(m->method);
    memset(m, 0, sizeof *m);
}

static enum ms_status model_info_read(sqlite3 *db, struct model_info *m,
                                      struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    memset(m, 0, sizeof *m);
    s = db_prepare(db, "SELECT term, coefficient, std_error FROM risk_model"
                   " ORDER BY rowid", &st, e);
    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct term *t = realloc(m->terms, (size_t)(m->n_terms + 1) *
                                               sizeof *t);
        const char *name = (const char *)sqlite3_column_text(st, 0);

        if (t == NULL) {
            s = err_set(e, MS_NOMEM, "report: out of memory");
            break;
        }
        m->terms = t;
        t = &m->terms[m->n_terms];
        memset(t, 0, sizeof *t);
        t->term = strdup(name ? name : "");
        if (t->term == NULL) {
            s = err_set(e, MS_NOMEM, "report: out of memory");
            break;
        }
        m->n_terms++;
        t->has_coef = sqlite3_column_type(st, 1) != SQLITE_NULL;
        t->coef = sqlite3_column_double(st, 1);
        t->has_se = sqlite3_column_type(st, 2) != SQLITE_NULL;
        t->se = sqlite3_column_double(st, 2);
    }
    if (s == MS_OK && rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading risk_model");
    sqlite3_finalize(st);
    if (s != MS_OK)
        return s;

    s = db_prepare(db, "SELECT n_periods, n_events, auc_cv, brier_cv,"
                   " auc_cv_flags, method, band_high_min, band_medium_min"
                   " FROM risk_model_fit LIMIT 1", &st, e);
    if (s != MS_OK)
        return s;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *method = (const char *)sqlite3_column_text(st, 5);

        m->has_fit = 1;
        m->n_periods = sqlite3_column_double(st, 0);
        m->n_events = sqlite3_column_double(st, 1);
        m->has_auc = sqlite3_column_type(st, 2) != SQLITE_NULL;
        m->auc = sqlite3_column_double(st, 2);
        m->has_brier = sqlite3_column_type(st, 3) != SQLITE_NULL;
        m->brier = sqlite3_column_double(st, 3);
        m->has_auc_flags = sqlite3_column_type(st, 4) != SQLITE_NULL;
        m->auc_flags = sqlite3_column_double(st, 4);
        for (int i = 0; i < 2; i++) {
            m->has_band_min[i] = sqlite3_column_type(st, 6 + i) != SQLITE_NULL;
            m->band_min[i] = sqlite3_column_double(st, 6 + i);
        }
        m->method = strdup(method ? method : "");
        if (m->method == NULL)
            s = err_set(e, MS_NOMEM, "report: out of memory");
    } else if (rc != SQLITE_DONE) {
        s = db_error(db, rc, e, "reading risk_model_fit");
    }
    sqlite3_finalize(st);
    if (s != MS_OK)
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

        for (int i = 0; i < 3; i++)
            if (band != NULL && strcmp(band, bands[i]) == 0) {
                m->band_n[i] = sqlite3_column_double(st, 1);
                m->band_has_risk[i] = sqlite3_column_type(st, 2) != SQLITE_NULL;
                m->band_lo[i] = sqlite3_column_double(st, 2);
                m->band_hi[i] = sqlite3_column_double(st, 3);
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

static void pairs_head(struct book *b, lxw_worksheet *ws,
                       const struct model_info *mi, const char *as_of)
{
    static const char *const hdr[NCOL] = {
        "hdr.pair", "hdr.coordinator", "hdr.programme", "hdr.cohort",
        "hdr.days_active", "hdr.risk", "hdr.band", "hdr.flags",
        "hdr.drivers", "hdr.days_since_held", "hdr.held_90d",
        "hdr.not_held_90d", "hdr.latest_chemistry", "hdr.n_goals",
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
    layout_heading(b, ws, "title.pairs", "note.pairs", as_of, 8, 140);
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
    for (int i = 0; i < 3; i++)
        if (band != NULL && strcmp(band, bands[i]) == 0)
            return i;
    return -1;
}

/* One row of the list from the current row of st. */
static void pairs_row(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                      sqlite3_stmt *st)
{
    char flags_txt[2048], drivers_txt[2048];
    int band = band_index((const char *)sqlite3_column_text(st, P_BAND));
    lxw_format *bf = band >= 0 ? b->f.band[band] : b->f.text;
    lxw_format *rf = band >= 0 ? b->f.band_pct[band] : b->f.pct;
    const char *fl = (const char *)sqlite3_column_text(st, P_FLAGS);
    const char *dr = (const char *)sqlite3_column_text(st, P_DRIVERS);
    int lines, l2;

    /* flags and drivers in words, wrapped: the row is made tall enough
     * before its cells (a streamed row is written when the next begins) */
    i18n_words(b->lang, "flag", fl ? fl : "", flags_txt, sizeof flags_txt);
    i18n_words(b->lang, "term", dr ? dr : "", drivers_txt,
               sizeof drivers_txt);
    lines = (int)ceil(book_text_width(flags_txt) / (col_width[P_FLAGS] - 4));
    l2 = (int)ceil(book_text_width(drivers_txt) / (col_width[P_DRIVERS] - 4));
    if (l2 > lines)
        lines = l2;
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

static void how_write(struct book *b, lxw_worksheet *ws,
                      const struct model_info *m)
{
    lxw_row_t r;
    char key[96];

    book_width(b, ws, 0, 0, 52);
    book_width(b, ws, 1, 1, 14);
    book_width(b, ws, 2, 3, 12);
    book_width(b, ws, 4, 4, 60);
    layout_heading(b, ws, "title.how", "note.how", NULL, 4, 150);
    layout_print(b, ws, 0, -1, NULL, 0, 0);
    r = 3;

    /* warning signs */
    r = how_section(b, ws, r, "how.flags");
    book_label(b, ws, r, 0, "hdr.flag", b->f.header);
    book_label(b, ws, r, 1, "hdr.rule", b->f.header);
    for (lxw_col_t c = 2; c <= 4; c++)
        book_string(b, ws, r, c, "", b->f.header);
    r++;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        snprintf(key, sizeof key, "flag.%s", flags[i]);
        book_label(b, ws, r, 0, key, b->f.wrap);
        snprintf(key, sizeof key, "flagrule.%s", flags[i]);
        r = layout_paragraph(b, ws, r, 1, 4, key, NULL, 98);
    }
    r++;

    /* the model */
    r = how_section(b, ws, r, "how.model");
    r = layout_paragraph(b, ws, r, 0, 4, "how.model.text", NULL, 150);
    if (m->method != NULL) {
        int lines = (int)ceil(book_text_width(m->method) / (98 * 0.9));

        if (lines > 1)
            book_height(b, ws, r, 15.0 * lines + 2);
        book_label(b, ws, r, 0, "how.method", b->f.wrap);
        if (book_ok(b))
            book_check(b, worksheet_merge_range(ws, r, 1, r, 4, m->method,
                                                b->f.wrap),
                       "merging cells");
    }
    r += 2;
    book_label(b, ws, r, 0, "hdr.term", b->f.header);
    book_label(b, ws, r, 1, "hdr.coefficient", b->f.header_num);
    book_label(b, ws, r, 2, "hdr.std_error", b->f.header_num);
    book_label(b, ws, r, 3, "hdr.odds_ratio", b->f.header_num);
    book_label(b, ws, r, 4, "hdr.term_meaning", b->f.header);
    book_height(b, ws, r, 32);
    r++;
    if (m->n_terms == 0)
        book_label(b, ws, r++, 0, "how.no_terms", b->f.note);
    for (int i = 0; i < m->n_terms; i++, r++) {
        const struct term *t = &m->terms[i];

        snprintf(key, sizeof key, "termdef.%s", t->term);
        book_string(b, ws, r, 0, i18n_word(b->lang, "term", t->term),
                    b->f.text);
        if (t->has_coef && isfinite(t->coef)) {
            book_number(b, ws, r, 1, t->coef, b->f.num3);
            if (strcmp(t->term, "intercept") != 0 && fabs(t->coef) < 700)
                book_number(b, ws, r, 3, exp(t->coef), b->f.num2);
        }
        if (t->has_se && isfinite(t->se))
            book_number(b, ws, r, 2, t->se, b->f.num3);
        if (i18n_has(key))
            book_label(b, ws, r, 4, key, b->f.text);
    }
    r++;

    /* how well it predicts */
    r = how_section(b, ws, r, "how.fit");
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
            { "how.auc_flags", m->has_auc_flags, m->auc_flags, b->f.num3 },
        };

        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, r++) {
            book_label(b, ws, r, 0, rows[i].key, b->f.text);
            if (rows[i].has && isfinite(rows[i].v))
                book_number(b, ws, r, 1, rows[i].v, rows[i].f);
        }
    }
    r = layout_paragraph(b, ws, r + 1, 0, 4, "how.fit.text", NULL, 150);
    r++;

    /* bands */
    r = how_section(b, ws, r, "how.bands");
    book_label(b, ws, r, 0, "hdr.band", b->f.header);
    book_label(b, ws, r, 1, "hdr.pairs", b->f.header_num);
    book_label(b, ws, r, 2, "hdr.risk_from", b->f.header_num);
    book_label(b, ws, r, 3, "hdr.risk_highest", b->f.header_num);
    book_label(b, ws, r, 4, "hdr.meaning", b->f.header);
    book_height(b, ws, r, 47);
    r++;
    for (int i = 0; i < 3; i++, r++) {
        snprintf(key, sizeof key, "bandtext.%s", bands[i]);
        book_height(b, ws, r,
                    15.0 * ceil(book_text_width(i18n_get(b->lang, key)) /
                                (60 * 0.9)) + 2);
        book_string(b, ws, r, 0, i18n_word(b->lang, "band", bands[i]),
                    b->f.band[i]);
        book_number(b, ws, r, 1, m->band_n[i], b->f.count);
        if (m->n_terms > 0 && i < 2 && m->has_band_min[i] &&
            isfinite(m->band_min[i]))
            book_number(b, ws, r, 2, m->band_min[i], b->f.pct);
        if (m->band_has_risk[i])
            book_number(b, ws, r, 3, m->band_hi[i], b->f.pct);
        book_label(b, ws, r, 4, key, b->f.wrap);
    }
    r++;
    layout_paragraph(b, ws, r, 0, 4, "how.bands.text", NULL, 150);
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
    lxw_worksheet *pairs, *how;
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

static enum ms_status risk_book_open(struct risk_run *rr, struct risk_book *rb,
                                     const char *path)
{
    enum ms_status s = book_open(&rb->b, path, rr->lang, 1, rr->as_of,
                                 "title.pairs", rr->e);

    if (s != MS_OK)
        return s;
    rb->pairs = book_sheet_add(&rb->b, "sheet.at_risk");
    rb->how = book_sheet_add(&rb->b, "sheet.how_risk");
    rb->row = HDR + 1;
    if (book_ok(&rb->b)) {
        pairs_head(&rb->b, rb->pairs, rr->mi, rr->as_of);
        how_write(&rb->b, rb->how, rr->mi);
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
        PAIR_COLUMNS " ORDER BY coalesce(coordinator_id, '') = '',"
        " coordinator_id, " RISK_ORDER;
    int by_coordinator = list == NULL;
    sqlite3_stmt *st = NULL;
    struct risk_book rb, *cur = by_coordinator ? &rb : list;
    int open = 0, rc = SQLITE_DONE;
    char *current = NULL;
    enum ms_status s = db_prepare(rr->db, by_coordinator ? by_sql : all_sql,
                                  &st, rr->e);

    if (s != MS_OK)
        return s;
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
                s = risk_book_open(rr, &rb, path);
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
    free(current);
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
        s = risk_book_open(&rr, &cr->list, path);
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
