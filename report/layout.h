/*
 * layout.h: how the results tables become readable blocks on a sheet.
 *
 * A block is one results table written under a header row: headers in
 * words (i18n keys), programme and cohort '*' shown as "All programmes" /
 * "All cohorts", enum words translated, figures as numbers in their format
 * (or "<k" / "hidden" when suppressed, empty when NULL), column widths that
 * fit the text.  Sheets put several blocks side by side on one header row,
 * so freezing that row keeps every block's header in view.
 */
#ifndef MS_LAYOUT_H
#define MS_LAYOUT_H

#include "book.h"
#include "figures.h"

/* What a column shows. */
enum layout_kind {
    LK_PROGRAMME,   /* programme name, '*' = all programmes (text) */
    LK_COHORT,      /* cohort label, '*' = all cohorts (text) */
    LK_TEXT,        /* text from the data, as written */
    LK_NOTE,        /* longer text from the data, wrapped in its column */
    LK_WORD,        /* a word translated through prefix (unknown: as written) */
    LK_RANGE,       /* "a–b" from the numbers in columns src and src + 1 */
    LK_LIST,        /* a comma-separated list from the data, spaced out */
    LK_FIGURE,      /* a number in fmt, suppression respected */
    LK_FLAG         /* a 0/1 number: the word of i18n key prefix when 1 */
};

enum layout_fmt { LF_TEXT, LF_COUNT, LF_PCT, LF_NUM1, LF_NUM2, LF_NUM3,
                  LF_PVALUE };

struct layout_col {
    const char *header;     /* i18n key of the header */
    int src;                /* column of the table */
    enum layout_kind kind;
    const char *prefix;     /* LK_WORD: i18n prefix ("reason") */
    enum layout_fmt fmt;    /* LK_FIGURE */
    double width;           /* minimum width in characters */
};

/* Where a block ended up. */
struct layout_block {
    lxw_row_t first_row, last_row;  /* data rows; last < first when empty */
    lxw_col_t first_col, last_col;
    int header_lines;               /* lines the widest header needs */
    double width;                   /* the columns' widths together */
};

/* Write the block title (i18n key, or NULL) on row hdr - 1, the headers on
 * row hdr and every row of t below, in the n columns cols (at most 32)
 * from column col0.  Sets the column widths.  An empty table gets one row
 * saying so.  Errors are remembered in b. */
struct layout_block layout_table(struct book *b, lxw_worksheet *ws,
                                 const char *title, lxw_row_t hdr,
                                 lxw_col_t col0, const struct fig_table *t,
                                 const struct layout_col *cols, int n);

/* Which rows of a table a block shows: 1 to keep row r of t. */
typedef int (*layout_keep_fn)(const struct fig_table *t, int r);

/* layout_table over the rows keep accepts (NULL: all).  A column of kind
 * LK_NOTE wraps, and its row gets the height the text needs. */
struct layout_block layout_table_keep(struct book *b, lxw_worksheet *ws,
                                      const char *title, lxw_row_t hdr,
                                      lxw_col_t col0,
                                      const struct fig_table *t,
                                      const struct layout_col *cols, int n,
                                      layout_keep_fn keep);

/* A table stacked below what the sheet holds: its title on row *r, its
 * headers (with the height they need) on *r + 1, its rows below, from
 * column 0; *r moves past it and one empty row.  Tables stacked this way
 * never share a row, so an autofilter on one cannot hide rows of another
 * (reports.md, Layout). */
struct layout_block layout_stack(struct book *b, lxw_worksheet *ws,
                                 lxw_row_t *r, const char *title,
                                 const struct fig_table *t,
                                 const struct layout_col *cols, int n,
                                 layout_keep_fn keep);

/* Lines s takes when wrapped at word boundaries in a column width
 * characters wide (at least 1). */
int layout_wrap_lines(const char *s, double width);

/* Width in characters of the longest word of s (what a wrapped header
 * needs at least). */
int layout_longest_word(const char *s);

/* The format of fmt in b. */
lxw_format *layout_format(struct book *b, enum layout_fmt fmt);

/* The text shown for programme or cohort v: the word for "all" when v is
 * "*", else v.  Static or v itself. */
const char *layout_programme(struct book *b, const char *v);
const char *layout_cohort(struct book *b, const char *v);

/* Write text (translated from key when key is non-NULL, else s) as a
 * paragraph merged over columns c0..c1 of row r, wrapped, with the row
 * tall enough for it at width characters.  Returns the next free row. */
lxw_row_t layout_paragraph(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                           lxw_col_t c0, lxw_col_t c1, const char *key,
                           const char *s, double width);

/* The sheet's title (row 0) and note (row 1) from i18n keys; the note is
 * followed by " As of YYYY-MM-DD." when as_of is non-NULL, and wrapped
 * over columns 0..last_col, width characters together. */
void layout_heading(struct book *b, lxw_worksheet *ws, const char *title_key,
                    const char *note_key, const char *as_of,
                    lxw_col_t last_col, double width);

/* Print set-up: A4, landscape (portrait when portrait), rows 0..repeat_to
 * on every page (repeat_to < 0: none), a page break before each of the n
 * columns in breaks, printed at scale percent (0: the whole width on one
 * page), and a footer with the sheet name and page number. */
void layout_print(struct book *b, lxw_worksheet *ws, int portrait,
                  int repeat_to, const lxw_col_t *breaks, int n, int scale);

/* The print scale (percent, 40..100) at which the widest of the n blocks
 * fits the width of a landscape A4 page. */
int layout_scale(const struct layout_block *blk, int n);

/* Freeze the rows above first_data and give the header row hdr the height
 * of lines lines. */
void layout_freeze(struct book *b, lxw_worksheet *ws, lxw_row_t hdr,
                   int lines);

/* Autofilter over the block when it holds more than min_rows rows. */
void layout_filter(struct book *b, lxw_worksheet *ws,
                   const struct layout_block *blk, int min_rows);

#endif
