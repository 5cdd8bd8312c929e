/*
 * layout.c: results tables as blocks of a sheet (see layout.h).
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

#define MAX_TEXT_WIDTH 45.0

lxw_format *layout_format(struct book *b, enum layout_fmt fmt)
{
    switch (fmt) {
    case LF_COUNT: return b->f.count;
    case LF_PCT: return b->f.pct;
    case LF_NUM1: return b->f.num1;
    case LF_NUM2: return b->f.num2;
    case LF_NUM3: return b->f.num3;
    case LF_PVALUE: return b->f.pvalue;
    case LF_TEXT: break;
    }
    return b->f.text;
}

const char *layout_programme(struct book *b, const char *v)
{
    return strcmp(v, "*") == 0 ? i18n_get(b->lang, "all.programmes") : v;
}

const char *layout_cohort(struct book *b, const char *v)
{
    return strcmp(v, "*") == 0 ? i18n_get(b->lang, "all.cohorts") : v;
}

int layout_wrap_lines(const char *s, double width)
{
    int lines = 1, cur = 0, max = (int)width;

    if (max < 4)
        max = 4;
    while (*s) {
        int w = 0;
        const char *p = s;

        while (*p == ' ')
            p++;
        s = p;
        while (*p && *p != ' ' && *p != '\n') {
            if (((unsigned char)*p & 0xC0) != 0x80)
                w++;
            p++;
        }
        if (w > 0) {
            if (cur > 0 && cur + 1 + w > max) {
                lines++;
                cur = 0;
            }
            /* a word longer than the line takes lines of its own */
            while (w > max) {
                w -= max;
                lines++;
            }
            cur += (cur > 0) + w;
        }
        if (*p == '\n') {
            lines++;
            cur = 0;
            p++;
        }
        s = p;
    }
    return lines;
}

int layout_longest_word(const char *s)
{
    int best = 0, cur = 0;

    for (; *s; s++) {
        if (*s == ' ') {
            cur = 0;
            continue;
        }
        if (((unsigned char)*s & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

/* The text a non-figure column shows for row r (buf holds a range). */
static const char *cell_text(struct book *b, const struct fig_table *t, int r,
                             const struct layout_col *c, char *buf,
                             size_t n)
{
    const char *v = fig_text(t, r, c->src);

    switch (c->kind) {
    case LK_RANGE: {
        const struct fig_cell *lo = fig_at(t, r, c->src);
        const struct fig_cell *hi = fig_at(t, r, c->src + 1);

        if (lo->type != FIG_NUM || hi->type != FIG_NUM)
            return "";
        snprintf(buf, n, "%.0f\xe2\x80\x93%.0f", lo->num, hi->num);
        return buf;
    }
    case LK_LIST: {
        size_t o = 0;

        for (const char *p = v; *p && o + 3 < n; p++) {
            buf[o++] = *p;
            if (*p == ',' && p[1] != ' ')
                buf[o++] = ' ';
        }
        buf[o] = '\0';
        return buf;
    }
    case LK_PROGRAMME: return layout_programme(b, v);
    case LK_COHORT: return layout_cohort(b, v);
    case LK_WORD: return i18n_word(b->lang, c->prefix, v);
    case LK_FLAG: {
        const struct fig_cell *x = fig_at(t, r, c->src);

        return x->type == FIG_NUM && x->num != 0 ? i18n_get(b->lang,
                                                             c->prefix)
                                                 : "";
    }
    case LK_TEXT:
    case LK_NOTE:
    case LK_FIGURE: break;
    }
    return v;
}

struct layout_block layout_table(struct book *b, lxw_worksheet *ws,
                                 const char *title, lxw_row_t hdr,
                                 lxw_col_t col0, const struct fig_table *t,
                                 const struct layout_col *cols, int n)
{
    return layout_table_keep(b, ws, title, hdr, col0, t, cols, n, NULL);
}

struct layout_block layout_stack(struct book *b, lxw_worksheet *ws,
                                 lxw_row_t *r, const char *title,
                                 const struct fig_table *t,
                                 const struct layout_col *cols, int n,
                                 layout_keep_fn keep)
{
    struct layout_block blk = layout_table_keep(b, ws, title, *r + 1, 0, t,
                                                cols, n, keep);

    book_height(b, ws, *r + 1, 15.0 * blk.header_lines + 2);
    *r = (blk.last_row > *r + 1 ? blk.last_row : *r + 2) + 2;
    return blk;
}

struct layout_block layout_table_keep(struct book *b, lxw_worksheet *ws,
                                      const char *title, lxw_row_t hdr,
                                      lxw_col_t col0,
                                      const struct fig_table *t,
                                      const struct layout_col *cols, int n,
                                      layout_keep_fn keep)
{
    struct layout_block blk;
    lxw_row_t row = hdr + 1;
    double width[32];

    if (n > 32)
        n = 32;
    blk.first_row = hdr + 1;
    blk.first_col = col0;
    blk.last_col = (lxw_col_t)(col0 + (lxw_col_t)n - 1);
    blk.header_lines = 1;
    blk.width = 0;
    if (title != NULL && hdr > 0)
        book_label(b, ws, hdr - 1, col0, title, b->f.subtitle);
    for (int i = 0; i < n; i++) {
        const char *h = i18n_get(b->lang, cols[i].header);
        int lw = layout_longest_word(h) + 2;

        width[i] = cols[i].width > lw ? cols[i].width : lw;
        if (cols[i].kind == LK_FIGURE)
            width[i] += 1;   /* air between a number and its neighbour */
        book_string(b, ws, hdr, (lxw_col_t)(col0 + i), h,
                    cols[i].kind == LK_FIGURE ? b->f.header_num
                                              : b->f.header);
    }
    for (int r = 0; r < t->n_rows; r++) {
        int total = 0, note_lines = 1;

        if (keep != NULL && !keep(t, r))
            continue;
        /* rows of all programmes or all cohorts: labels in bold */
        for (int i = 0; i < n; i++)
            if ((cols[i].kind == LK_PROGRAMME || cols[i].kind == LK_COHORT) &&
                strcmp(fig_text(t, r, cols[i].src), "*") == 0)
                total = 1;
        for (int i = 0; i < n; i++) {
            const struct layout_col *c = &cols[i];
            lxw_col_t col = (lxw_col_t)(col0 + i);

            if (c->kind == LK_FIGURE) {
                book_figure(b, ws, row, col, t, r, c->src,
                            layout_format(b, c->fmt));
            } else {
                char buf[512];
                const char *s = cell_text(b, t, r, c, buf, sizeof buf);
                double w = book_text_width(s) + 2;

                book_string(b, ws, row, col, s,
                            c->kind == LK_NOTE ? b->f.text_wrap
                            : total ? b->f.text_total : b->f.text);
                if (c->kind == LK_NOTE) {
                    /* wraps at its own width: the row grows to hold it */
                    int l = layout_wrap_lines(s, width[i] - 3);

                    if (l > note_lines)
                        note_lines = l;
                    continue;
                }
                if (w > width[i])
                    width[i] = w > MAX_TEXT_WIDTH ? MAX_TEXT_WIDTH : w;
            }
        }
        if (note_lines > 1)
            book_height(b, ws, row, 15.0 * note_lines + 2);
        row++;
    }
    if (row == hdr + 1) {
        book_label(b, ws, row, col0, "table.empty", b->f.note);
        row++;
        blk.last_row = hdr;   /* no data rows */
    } else {
        blk.last_row = row - 1;
    }
    for (int i = 0; i < n; i++) {
        const char *h = i18n_get(b->lang, cols[i].header);
        int lines = layout_wrap_lines(h, width[i] - 1.5);

        if (lines > blk.header_lines)
            blk.header_lines = lines;
        blk.width += width[i];
        book_width(b, ws, (lxw_col_t)(col0 + i), (lxw_col_t)(col0 + i),
                   width[i]);
    }
    return blk;
}

lxw_row_t layout_paragraph(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                           lxw_col_t c0, lxw_col_t c1, const char *key,
                           const char *s, double width)
{
    const char *text = key != NULL ? i18n_get(b->lang, key) : s;
    int lines = layout_wrap_lines(text, width * 0.95);

    if (!book_ok(b) || ws == NULL)
        return r + 1;
    /* the height first: a streamed row is written when the next begins */
    if (lines > 1)
        book_height(b, ws, r, 15.0 * lines + 2);
    if (c1 > c0)
        book_check(b, worksheet_merge_range(ws, r, c0, r, c1, text,
                                            b->f.wrap),
                   "merging cells");
    else
        book_string(b, ws, r, c0, text, b->f.wrap);
    return r + 1;
}

void layout_heading(struct book *b, lxw_worksheet *ws, const char *title_key,
                    const char *note_key, const char *as_of,
                    lxw_col_t last_col, double width)
{
    char buf[1024];

    book_label(b, ws, 0, 0, title_key, b->f.title);
    if (note_key == NULL)
        return;
    if (as_of != NULL)
        snprintf(buf, sizeof buf, "%s %s %s.", i18n_get(b->lang, note_key),
                 i18n_get(b->lang, "word.as_of"), as_of);
    else
        snprintf(buf, sizeof buf, "%s", i18n_get(b->lang, note_key));
    layout_paragraph(b, ws, 1, 0, last_col, NULL, buf, width);
}

void layout_print(struct book *b, lxw_worksheet *ws, int portrait,
                  int repeat_to, const lxw_col_t *breaks, int n, int scale)
{
    lxw_col_t br[16];

    if (!book_ok(b) || ws == NULL)
        return;
    worksheet_set_paper(ws, 9);   /* A4 */
    if (portrait)
        worksheet_set_portrait(ws);
    else
        worksheet_set_landscape(ws);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    book_check(b, worksheet_set_footer(ws, "&L&8&A&R&8&P / &N"),
               "setting the footer");
    if (repeat_to >= 0)
        book_check(b, worksheet_repeat_rows(ws, 0, (lxw_row_t)repeat_to),
                   "setting the print titles");
    if (n > 0) {
        if (n > 15)
            n = 15;
        memcpy(br, breaks, (size_t)n * sizeof *br);
        br[n] = 0;   /* the list ends with 0 */
        book_check(b, worksheet_set_v_pagebreaks(ws, br),
                   "setting page breaks");
    }
    if (scale <= 0)
        worksheet_fit_to_pages(ws, 1, 0);
    else
        worksheet_set_print_scale(ws, (uint16_t)scale);
}

/* Characters of column width that fit across a landscape A4 page at 100%
 * (measured with LibreOffice's fallback fonts, the widest we met). */
#define PAGE_CHARS 94.0

int layout_scale(const struct layout_block *blk, int n)
{
    double w = PAGE_CHARS * 0.75;   /* never above 100% */
    int s;

    for (int i = 0; i < n; i++)
        if (blk[i].width > w)
            w = blk[i].width;
    s = (int)(100.0 * PAGE_CHARS / w);
    return s < 40 ? 40 : s > 100 ? 100 : s;
}

void layout_freeze(struct book *b, lxw_worksheet *ws, lxw_row_t hdr,
                   int lines)
{
    if (!book_ok(b) || ws == NULL)
        return;
    worksheet_freeze_panes(ws, hdr + 1, 0);
    book_height(b, ws, hdr, 15.0 * (lines < 1 ? 1 : lines) + 2);
}

void layout_filter(struct book *b, lxw_worksheet *ws,
                   const struct layout_block *blk, int min_rows)
{
    if (!book_ok(b) || ws == NULL || blk->last_row < blk->first_row)
        return;
    if ((int)(blk->last_row - blk->first_row + 1) <= min_rows)
        return;
    book_check(b, worksheet_autofilter(ws, blk->first_row - 1,
                                       blk->first_col, blk->last_row,
                                       blk->last_col),
               "setting the autofilter");
}
