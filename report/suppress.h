/*
 * suppress.h: small-cell suppression for the HR and leadership workbooks.
 *
 * A pure function over a table of counts and the linear relations between
 * them; it knows nothing of SQLite or xlsx, so it is tested on its own
 * (tests/test_suppress.c).  figures.c builds one such table for every count
 * the two workbooks show and asks which to hide.
 *
 * The algorithm
 * -------------
 * Cells.  Every count a workbook shows is a cell with its value and the
 * threshold k of its row's programme (k from programme_config; rows of all
 * programmes use the largest k; default 5, never below 3).
 *
 * Primary suppression.  A cell whose count is 1..k-1 is hidden and shown as
 * "<k".  A zero is shown: it describes nobody.  The caller may also hide a
 * cell outright (a group of fewer than k pairs hides all its figures).
 *
 * Links.  Cells that describe the same rows (the goals of one group: goals
 * set, goals reviewed, pairs scored) are linked: when one is hidden, all
 * are.  A figure derived from counts (a rate, a mean, an interval) is hidden
 * with its counts by the caller; it is not a cell here.
 *
 * Relations.  A relation is a set of cells of which one is the sum of the
 * others: cohorts add up to their programme's total, programmes add up to
 * the all-programmes row, active + completed + ended early = pairs, the
 * early endings by reason add up to the early endings of the group.  The
 * caller adds only relations between counts a reader can see (shown, or
 * given away by a shown rate times a shown denominator): a count that no
 * sheet shows needs no relation of its own.  If exactly one cell of a
 * relation is hidden, it can be recovered by subtraction, so the
 * algorithm hides a second one, chosen to hide as little as possible:
 *   1. a count above zero before a zero (a zero only when no other cell
 *      is left: a zero is often known anyway, like the active pairs of a
 *      finished cohort);
 *   2. the lower cost, looking one step ahead: the caller gives cells a
 *      cost (0 when not set; figures.c makes totals dearer, the total of
 *      all dearer still, and the counts a rate is computed from dearer
 *      than the rest); a candidate with a relation that has no hidden cell
 *      yet would leave that relation with one, which would then hide its
 *      cheapest other non-zero shown cell, so the candidate costs at least
 *      that much.  A cohort's count whose siblings are all zero is thus
 *      not taken when it would force its programme's total;
 *   3. the lower own cost (of two cells that force as much, the cheaper);
 *   4. fewer new holes: relations of the candidate with no hidden cell
 *      count +1, those with exactly one hidden cell (which it would
 *      close) -1, so a corner of a rectangle already hidden goes first;
 *   5. the smaller count; ties to the cell added first.
 * Hiding the second cell may leave another relation with exactly one
 * hidden cell, so the step repeats, relation by relation, until no
 * relation has exactly one hidden cell (a fixed point; it ends because
 * every step hides one more cell).  Cells hidden this way are secondary:
 * the workbooks show them as a word ("hidden"), not "<k", because their
 * value may well be k or more.
 *
 * Guarantee: afterwards every relation has either no hidden cell or at
 * least two, so no hidden count equals a total minus shown cells.  Known
 * limits, accepted as in most published tables: bounds remain (two hidden
 * cells that add up to 2 must both be 1), and the check is per relation,
 * so a rare pattern (two rings of hidden cells joined by a single hidden
 * cell) can still be solved by combining several relations; the
 * linear-programming audits of tools such as tau-argus are out of scope.
 * The result depends only on the cells, relations and links and the order
 * they were added, so the same database gives the same workbooks.
 */
#ifndef MS_SUPPRESS_H
#define MS_SUPPRESS_H

#include "status.h"

enum suppress_mark {
    SUPPRESS_SHOWN = 0,   /* the figure is shown */
    SUPPRESS_PRIMARY,     /* hidden: its own count is below k (shown "<k") */
    SUPPRESS_SECONDARY    /* hidden to protect another cell, or linked */
};

struct suppress;

/* A new, empty table.  Returns NULL when out of memory.  The caller frees
 * it with suppress_free. */
struct suppress *suppress_new(void);

/* Release s.  suppress_free(NULL) is a no-op. */
void suppress_free(struct suppress *s);

/* Add a cell holding count (>= 0) with threshold k (k <= 1: never hidden
 * for its own count, only through links and relations).  On success *cell
 * is its index (0, 1, ... in the order added).  Errors: MS_NOMEM (s is
 * unchanged). */
enum ms_status suppress_cell_add(struct suppress *s, long count, int k,
                                 int *cell);

/* Set the cost of cell (0 when not set; higher: hidden later as a second
 * cell).  Errors: MS_SOFTWARE for an index that is not a cell. */
enum ms_status suppress_cell_cost(struct suppress *s, int cell, int cost);

/* Hide cell as primary whatever its count.  Errors: MS_SOFTWARE for an
 * index that is not a cell. */
enum ms_status suppress_cell_hide(struct suppress *s, int cell);

/* Add the relation "these n cells are linked by one linear equation" (a
 * total and its parts, in any order; repeated indexes count once).
 * Relations of fewer than two distinct cells are ignored.  Errors:
 * MS_SOFTWARE for an index that is not a cell, MS_NOMEM (s unchanged). */
enum ms_status suppress_relation_add(struct suppress *s, const int *cells,
                                     int n);

/* Link cells a and b: either hidden hides both.  Errors: MS_SOFTWARE for
 * an index that is not a cell. */
enum ms_status suppress_link_add(struct suppress *s, int a, int b);

/* Decide every cell's mark (see the algorithm above).  May be called again
 * after more cells or relations are added; it starts over.  Errors:
 * MS_NOMEM (marks are then all SUPPRESS_SHOWN). */
enum ms_status suppress_run(struct suppress *s);

/* The mark of cell after suppress_run (SUPPRESS_SHOWN before it or for an
 * index that is not a cell).  This function can't fail. */
enum suppress_mark suppress_mark_get(const struct suppress *s, int cell);

/* Number of cells added.  This function can't fail. */
int suppress_cell_count(const struct suppress *s);

#endif
