/*
 * about.c: the About sheet (see about.h).  Laid out in seven columns A..G:
 * labels in A, wide text merged over B..G.
 */
#include "about.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "layout.h"

#define TEXT_WIDTH 84.0   /* B..G together */

static const double widths[7] = { 30, 16, 18, 12, 12, 14, 14 };

/* Write the analysis date as a date cell (text if it does not parse). */
static void write_date(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                       lxw_col_t c, const char *iso)
{
    int32_t day;
    int y, m, d;
    lxw_datetime dt;

    if (date_parse(iso, strlen(iso), &day) != 0) {
        book_string(b, ws, r, c, iso, b->f.text);
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    memset(&dt, 0, sizeof dt);
    dt.year = y;
    dt.month = m;
    dt.day = d;
    if (book_ok(b))
        book_check(b, worksheet_write_datetime(ws, r, c, &dt, b->f.date),
                   "writing a date");
}

/* Programmes (not '*') with their cohorts and k: from the completion
 * table, whose rows come by programme, cohorts, then the '*' cohort. */
static lxw_row_t covered_write(struct book *b, lxw_worksheet *ws,
                               lxw_row_t r, const struct figures *f)
{
    const struct fig_table *t = &f->completion;
    char *list = NULL;
    size_t len = 0, cap = 0;

    book_label(b, ws, r++, 0, "about.covered", b->f.subtitle);
    book_label(b, ws, r, 0, "hdr.programme", b->f.header);
    book_label(b, ws, r, 1, "hdr.cohorts", b->f.header);
    for (lxw_col_t c = 2; c <= 5; c++)
        book_string(b, ws, r, c, "", b->f.header);
    book_label(b, ws, r, 6, "hdr.k", b->f.header_num);
    book_height(b, ws, r++, 47);
    for (int i = 0; i < t->n_rows; i++) {
        const char *p = fig_text(t, i, COL_PROGRAMME);
        const char *c = fig_text(t, i, COL_COHORT);

        if (strcmp(p, "*") == 0)
            continue;
        if (strcmp(c, "*") != 0) {
            size_t need = len + strlen(c) + 3;

            if (need > cap) {
                char *q = realloc(list, need * 2);

                if (q == NULL) {
                    book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED,
                               "listing cohorts");
                    break;
                }
                list = q;
                cap = need * 2;
            }
            len += (size_t)snprintf(list + len, cap - len, "%s%s",
                                    len ? ", " : "", c);
            continue;
        }
        /* the programme's '*' row closes its list */
        book_string(b, ws, r, 0, p, b->f.text);
        if (book_ok(b))
            book_check(b, worksheet_merge_range(ws, r, 1, r, 5,
                                                list ? list : "", b->f.wrap),
                       "merging cells");
        if (list != NULL && book_text_width(list) > 60)
            book_height(b, ws, r,
                        15.0 * (book_text_width(list) / 60 + 1) + 2);
        book_number(b, ws, r, 6, t->k[i], b->f.count);
        r++;
        len = 0;
        if (list != NULL)
            list[0] = '\0';
    }
    free(list);
    return r;
}

static lxw_row_t sources_write(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                               const struct figures *f)
{
    static const char *const hdr[] = { "hdr.file", "hdr.kind", "hdr.sha12",
                                       "hdr.rows_read", "hdr.rows_loaded",
                                       "hdr.rows_rejected", "hdr.status" };
    static const int src[] = { BAT_FILE, BAT_KIND, BAT_SHA12, BAT_READ,
                               BAT_LOADED, BAT_REJECTED, BAT_STATUS };
    const struct fig_table *t = &f->batches;

    book_label(b, ws, r++, 0, "about.sources", b->f.subtitle);
    for (int c = 0; c < 7; c++)
        book_label(b, ws, r, (lxw_col_t)c, hdr[c],
                   c >= 3 && c <= 5 ? b->f.header_num : b->f.header);
    book_height(b, ws, r, 32);
    r++;
    if (t->n_rows == 0)
        book_label(b, ws, r++, 0, "table.empty", b->f.note);
    for (int i = 0; i < t->n_rows; i++, r++)
        for (int c = 0; c < 7; c++) {
            const struct fig_cell *v = fig_at(t, i, src[c]);

            if (src[c] == BAT_KIND)
                book_string(b, ws, r, (lxw_col_t)c,
                            i18n_word(b->lang, "kind",
                                      fig_text(t, i, BAT_KIND)),
                            b->f.text);
            else if (src[c] == BAT_STATUS)
                book_string(b, ws, r, (lxw_col_t)c,
                            i18n_word(b->lang, "status",
                                      fig_text(t, i, BAT_STATUS)),
                            b->f.text);
            else if (v->type == FIG_NUM)
                book_number(b, ws, r, (lxw_col_t)c, v->num, b->f.count);
            else if (v->type == FIG_TEXT)
                book_string(b, ws, r, (lxw_col_t)c, v->text, b->f.text);
        }
    return r;
}

void about_write(struct book *b, lxw_worksheet *ws, const struct figures *f,
                 const char *title_key, const char *purpose_key,
                 const char *const *defs, int n)
{
    lxw_row_t r;
    static const char *const rules[] = { "about.small.1", "about.small.2",
                                         "about.small.3", "about.small.4" };

    if (ws == NULL)
        return;
    for (lxw_col_t c = 0; c < 7; c++)
        book_width(b, ws, c, c, widths[c]);
    book_label(b, ws, 0, 0, title_key, b->f.title);
    r = layout_paragraph(b, ws, 1, 0, 6, purpose_key, NULL, TEXT_WIDTH + 30);
    r++;
    book_label(b, ws, r, 0, "about.as_of", b->f.subtitle);
    write_date(b, ws, r++, 1, f->as_of);
    r = layout_paragraph(b, ws, r, 0, 6, "about.as_of.text", NULL,
                         TEXT_WIDTH + 30);
    r++;
    r = covered_write(b, ws, r, f);
    r++;
    r = sources_write(b, ws, r, f);
    r++;

    book_label(b, ws, r++, 0, "about.definitions", b->f.subtitle);
    book_label(b, ws, r, 0, "hdr.measure", b->f.header);
    if (book_ok(b))
        book_check(b, worksheet_merge_range(ws, r, 1, r, 6,
                                            i18n_get(b->lang,
                                                     "hdr.definition"),
                                            b->f.header),
                   "merging cells");
    r++;
    for (int i = 0; i < n; i++) {
        char name[96], text[96];
        const char *t;
        int lines_t, lines_n;

        snprintf(name, sizeof name, "%s.name", defs[i]);
        snprintf(text, sizeof text, "%s.text", defs[i]);
        t = i18n_get(b->lang, text);
        book_label(b, ws, r, 0, name, b->f.wrap);
        if (book_ok(b))
            book_check(b, worksheet_merge_range(ws, r, 1, r, 6, t, b->f.wrap),
                       "merging cells");
        lines_t = (int)(book_text_width(t) / (TEXT_WIDTH * 0.95)) + 1;
        lines_n = (int)(book_text_width(i18n_get(b->lang, name)) /
                        (widths[0] * 0.9)) + 1;
        if (lines_n > lines_t)
            lines_t = lines_n;
        if (lines_t > 1)
            book_height(b, ws, r, 15.0 * lines_t + 2);
        r++;
    }
    r++;
    book_label(b, ws, r++, 0, "about.small", b->f.subtitle);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        r = layout_paragraph(b, ws, r, 0, 6, rules[i], NULL, TEXT_WIDTH + 30);
    layout_print(b, ws, 1, -1, NULL, 0, 0);
}
