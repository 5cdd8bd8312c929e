/*
 * test_suppress.c: small-cell suppression (report/suppress.h).
 *
 * Crafted tables where naive suppression (hiding only the cells below k)
 * leaks a figure through a total, and the check every test ends with: each
 * relation has 0 or at least 2 hidden cells, computed here from the
 * relations the test itself built, never from the module's own state.
 */
#include "testutil.h"

#include <stdlib.h>

#include "suppress.h"

#define MAX_REL 64
#define MAX_RC 16

/* A test table: the relations as the test wrote them, kept for the check. */
struct fixture {
    struct suppress *s;
    int rel[MAX_REL][MAX_RC];
    int rel_n[MAX_REL];
    int n_rel;
};

static int cell(struct fixture *f, long count, int k)
{
    int c = -1;

    assert_int_equal(suppress_cell_add(f->s, count, k, &c), MS_OK);
    return c;
}

static void relation(struct fixture *f, int n, ...)
{
    va_list ap;

    assert_true(f->n_rel < MAX_REL && n <= MAX_RC);
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        f->rel[f->n_rel][i] = va_arg(ap, int);
    va_end(ap);
    f->rel_n[f->n_rel] = n;
    assert_int_equal(suppress_relation_add(f->s, f->rel[f->n_rel], n), MS_OK);
    f->n_rel++;
}

static int hidden(const struct fixture *f, int c)
{
    return suppress_mark_get(f->s, c) != SUPPRESS_SHOWN;
}

/* The guarantee of suppress.h, checked on the test's own relations. */
static void assert_unrecoverable(const struct fixture *f)
{
    for (int r = 0; r < f->n_rel; r++) {
        int h = 0;

        for (int i = 0; i < f->rel_n[r]; i++)
            h += hidden(f, f->rel[r][i]);
        if (h == 1)
            fail_msg("relation %d has exactly one hidden cell", r);
    }
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    f->s = suppress_new();
    if (f->s == NULL) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    suppress_free(f->s);
    free(f);
    return 0;
}

/* Primary rule, table-driven: 1..k-1 hidden, 0 and >= k shown; k <= 1
 * never hides on its own. */
static void test_suppress__primary_threshold(void **state)
{
    static const struct {
        long count;
        int k;
        enum suppress_mark want;
    } cases[] = {
        { 0, 5, SUPPRESS_SHOWN },   { 1, 5, SUPPRESS_PRIMARY },
        { 4, 5, SUPPRESS_PRIMARY }, { 5, 5, SUPPRESS_SHOWN },
        { 2, 3, SUPPRESS_PRIMARY }, { 3, 3, SUPPRESS_SHOWN },
        { 9, 10, SUPPRESS_PRIMARY }, { 1, 0, SUPPRESS_SHOWN },
        { 1, 1, SUPPRESS_SHOWN },   { -3, 5, SUPPRESS_SHOWN },
    };
    struct fixture *f = *state;
    int c[sizeof cases / sizeof cases[0]];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        c[i] = cell(f, cases[i].count, cases[i].k);
    assert_int_equal(suppress_run(f->s), MS_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (suppress_mark_get(f->s, c[i]) != cases[i].want)
            fail_msg("case %zu: count %ld k %d: mark %d, expected %d", i,
                     cases[i].count, cases[i].k,
                     suppress_mark_get(f->s, c[i]), cases[i].want);
}

/* A row with one small cell and its total shown: naive suppression leaks
 * 3 = 25 - 10 - 12.  The smallest other cell (10) must go too. */
static void test_suppress__row_total_leak(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 3, 5), b = cell(f, 10, 5), c = cell(f, 12, 5);
    int t = cell(f, 25, 5);

    relation(f, 4, a, b, c, t);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, a), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, b), SUPPRESS_SECONDARY);
    assert_int_equal(suppress_mark_get(f->s, c), SUPPRESS_SHOWN);
    assert_int_equal(suppress_mark_get(f->s, t), SUPPRESS_SHOWN);
    assert_unrecoverable(f);
}

/* Completion counts: active + completed + ended early = pairs, with the
 * row's k = 6 (a programme's own k). */
static void test_suppress__completion_identity(void **state)
{
    struct fixture *f = *state;
    int active = cell(f, 40, 6), completed = cell(f, 30, 6);
    int early = cell(f, 5, 6), pairs = cell(f, 75, 6);

    relation(f, 4, active, completed, early, pairs);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, early), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, completed), SUPPRESS_SECONDARY);
    assert_false(hidden(f, active));
    assert_false(hidden(f, pairs));
    assert_unrecoverable(f);
}

/* A column of cohorts summing to the programme's total. */
static void test_suppress__cohorts_sum_to_programme(void **state)
{
    struct fixture *f = *state;
    int c2021 = cell(f, 2, 5), c2022 = cell(f, 30, 5);
    int c2023 = cell(f, 40, 5), all = cell(f, 72, 5);

    relation(f, 4, c2021, c2022, c2023, all);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_true(hidden(f, c2021));
    assert_true(hidden(f, c2022));
    assert_false(hidden(f, c2023));
    assert_false(hidden(f, all));
    assert_unrecoverable(f);
}

/* A programme with one cohort: the total equals the cohort, so hiding the
 * cohort must hide the total as well. */
static void test_suppress__single_part_total(void **state)
{
    struct fixture *f = *state;
    int only = cell(f, 4, 5), all = cell(f, 4, 5);

    relation(f, 2, only, all);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_true(hidden(f, only));
    assert_true(hidden(f, all));
    assert_unrecoverable(f);
}

/* A 2x2 table with margins.  a11 = 2 is primary; its row then needs a12
 * (20, smaller than the row total 22) and its column a21 (15 < 17).  Hiding
 * a12 leaves column 2 with a single hole, a new leak the second pass must
 * close by hiding a22 (30 < 50).
 *
 *            col1 col2 | row total
 *   row1       2   20  |  22
 *   row2      15   30  |  45
 *   col total 17   50  |  67
 */
static void test_suppress__chain_creates_new_hole(void **state)
{
    struct fixture *f = *state;
    int a11 = cell(f, 2, 5), a12 = cell(f, 20, 5), r1 = cell(f, 22, 5);
    int a21 = cell(f, 15, 5), a22 = cell(f, 30, 5), r2 = cell(f, 45, 5);
    int c1 = cell(f, 17, 5), c2 = cell(f, 50, 5), t = cell(f, 67, 5);

    relation(f, 3, a11, a12, r1);
    relation(f, 3, a21, a22, r2);
    relation(f, 3, a11, a21, c1);
    relation(f, 3, a12, a22, c2);
    relation(f, 3, r1, r2, t);
    relation(f, 3, c1, c2, t);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, a11), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, a12), SUPPRESS_SECONDARY);
    assert_int_equal(suppress_mark_get(f->s, a21), SUPPRESS_SECONDARY);
    assert_int_equal(suppress_mark_get(f->s, a22), SUPPRESS_SECONDARY);
    assert_false(hidden(f, r1));
    assert_false(hidden(f, r2));
    assert_false(hidden(f, c1));
    assert_false(hidden(f, c2));
    assert_false(hidden(f, t));
    assert_unrecoverable(f);
}

/* A chain across relations: early endings by reason add up to the group's
 * early endings, which sit in the completion identity.  Hiding the reason
 * "chemistry" (1) hides "time" (6); the group total stays. */
static void test_suppress__reasons_link_to_completion(void **state)
{
    struct fixture *f = *state;
    int active = cell(f, 20, 5), completed = cell(f, 30, 5);
    int early = cell(f, 13, 5), pairs = cell(f, 63, 5);
    int chem = cell(f, 1, 5), timer = cell(f, 6, 5), other = cell(f, 6, 5);

    relation(f, 4, active, completed, early, pairs);
    relation(f, 4, chem, timer, other, early);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_true(hidden(f, chem));
    /* equal counts: the cell added first is taken */
    assert_true(hidden(f, timer));
    assert_false(hidden(f, other));
    assert_false(hidden(f, early));
    assert_unrecoverable(f);
}

/* Zeros describe nobody: a zero is taken as the second cell only when
 * nothing else is left. */
static void test_suppress__zero_is_last_choice(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 3, 5), z = cell(f, 0, 5), b = cell(f, 8, 5);
    int t = cell(f, 11, 5), c = cell(f, 2, 5), z2 = cell(f, 0, 5);

    relation(f, 4, a, z, b, t);
    relation(f, 2, c, z2);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, a), SUPPRESS_PRIMARY);
    assert_false(hidden(f, z));
    assert_int_equal(suppress_mark_get(f->s, b), SUPPRESS_SECONDARY);
    assert_false(hidden(f, t));
    assert_int_equal(suppress_mark_get(f->s, z2), SUPPRESS_SECONDARY);
    assert_unrecoverable(f);
}

/* Costs: a cheaper cell is taken before a smaller but dearer one (a
 * count a rate is computed from, a total); zeros stay last whatever their
 * cost. */
static void test_suppress__cost_orders_second_cells(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 3, 5), b = cell(f, 10, 5), c = cell(f, 12, 5);
    int t = cell(f, 25, 5), d = cell(f, 2, 5), z = cell(f, 0, 5);
    int u = cell(f, 2, 5);

    assert_int_equal(suppress_cell_cost(f->s, b, 2), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, t, 1), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, u, 9), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, 99, 1), MS_SOFTWARE);
    relation(f, 4, a, b, c, t);
    /* d is small; the total u is dear but the only non-zero cell left */
    relation(f, 3, d, z, u);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_false(hidden(f, b));
    assert_int_equal(suppress_mark_get(f->s, c), SUPPRESS_SECONDARY);
    assert_false(hidden(f, t));
    assert_false(hidden(f, z));
    assert_true(hidden(f, u));
    assert_unrecoverable(f);
}

/* Look-ahead: a cohort's completed of 2 (k = 5) needs a second hidden
 * cell in active + completed + early = pairs.  The active count (88) is
 * the cheapest and smallest, but its siblings in the column of active
 * pairs are the zeros of finished cohorts, so hiding it would force the
 * programme's total out; the early endings (25, dearer) go instead, and
 * the totals stay.  (Trainee programme 2026 on 2,000 generated pairs.) */
static void test_suppress__lookahead_spares_the_total(void **state)
{
    struct fixture *f = *state;
    int act = cell(f, 88, 5), done = cell(f, 2, 5), early = cell(f, 25, 5);
    int pairs = cell(f, 115, 5);
    int act0 = cell(f, 0, 5), act1 = cell(f, 0, 5), act_tot = cell(f, 88, 5);
    int early1 = cell(f, 33, 5), early_tot = cell(f, 58, 5);
    int act1_row = act1, done1 = cell(f, 70, 5), pairs1 = cell(f, 103, 5);
    int done_tot = cell(f, 72, 5);

    assert_int_equal(suppress_cell_cost(f->s, early, 2), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, pairs, 3), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, act_tot, 4), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, early1, 2), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, done1, 2), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, pairs1, 3), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, early_tot, 6), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, done_tot, 6), MS_OK);
    relation(f, 4, act, done, early, pairs);
    relation(f, 4, act, act0, act1, act_tot);
    relation(f, 3, early, early1, early_tot);
    relation(f, 4, act1_row, done1, early1, pairs1);
    relation(f, 3, done, done1, done_tot);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, done), SUPPRESS_PRIMARY);
    assert_false(hidden(f, act));
    assert_false(hidden(f, act_tot));
    assert_int_equal(suppress_mark_get(f->s, early), SUPPRESS_SECONDARY);
    assert_false(hidden(f, early_tot));
    assert_false(hidden(f, done_tot));
    assert_false(hidden(f, pairs));
    assert_unrecoverable(f);
}

/* A second cell that closes another relation's hole (a corner of a
 * rectangle already hidden) goes before a smaller one that would open a
 * new hole: x (10) would leave its other relation with one hidden cell,
 * y (20) completes the relation of the small h. */
static void test_suppress__closing_a_hole_goes_first(void **state)
{
    struct fixture *f = *state;
    int p = cell(f, 2, 5), x = cell(f, 10, 5), y = cell(f, 20, 5);
    int u = cell(f, 30, 5), v = cell(f, 40, 5);
    int h = cell(f, 3, 5), w = cell(f, 50, 5);

    relation(f, 3, p, x, y);
    relation(f, 3, x, u, v);
    relation(f, 3, y, h, w);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, p), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, h), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, y), SUPPRESS_SECONDARY);
    assert_false(hidden(f, x));
    assert_false(hidden(f, u));
    assert_false(hidden(f, v));
    assert_false(hidden(f, w));
    assert_unrecoverable(f);
}

/* A cell's own cost still orders cells whose look-ahead costs are equal:
 * b (own cost 0) would force c (cost 8), as dear as the total of all, and
 * the total opens no new hole; still b goes, not the total. */
static void test_suppress__own_cost_breaks_lookahead_ties(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 2, 5), b = cell(f, 40, 5), all = cell(f, 42, 5);
    int c = cell(f, 60, 5), bt = cell(f, 100, 5);

    assert_int_equal(suppress_cell_cost(f->s, all, 8), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, c, 8), MS_OK);
    assert_int_equal(suppress_cell_cost(f->s, bt, 8), MS_OK);
    relation(f, 3, a, b, all);
    relation(f, 3, b, c, bt);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, b), SUPPRESS_SECONDARY);
    assert_false(hidden(f, all));
    assert_int_equal(suppress_mark_get(f->s, c), SUPPRESS_SECONDARY);
    assert_false(hidden(f, bt));
    assert_unrecoverable(f);
}

/* Links hide the goals of a group together; the linked cell is secondary
 * (its own count is not small), and its relations are then protected. */
static void test_suppress__links_hide_together(void **state)
{
    struct fixture *f = *state;
    int scored = cell(f, 2, 5), goals = cell(f, 12, 0), other = cell(f, 40, 0);
    int total = cell(f, 52, 0), lone = cell(f, 9, 5);

    assert_int_equal(suppress_link_add(f->s, scored, goals), MS_OK);
    assert_int_equal(suppress_link_add(f->s, goals, scored), MS_OK);
    relation(f, 3, goals, other, total);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, scored), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, goals), SUPPRESS_SECONDARY);
    assert_int_equal(suppress_mark_get(f->s, other), SUPPRESS_SECONDARY);
    assert_false(hidden(f, total));
    assert_false(hidden(f, lone));
    assert_unrecoverable(f);
}

/* suppress_cell_hide: a group of fewer than k pairs hides figures whose
 * own counts are large. */
static void test_suppress__forced_hide(void **state)
{
    struct fixture *f = *state;
    int held = cell(f, 80, 0), held2 = cell(f, 90, 0), all = cell(f, 170, 0);

    assert_int_equal(suppress_cell_hide(f->s, held), MS_OK);
    relation(f, 3, held, held2, all);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_int_equal(suppress_mark_get(f->s, held), SUPPRESS_PRIMARY);
    assert_int_equal(suppress_mark_get(f->s, held2), SUPPRESS_SECONDARY);
    assert_false(hidden(f, all));
    assert_unrecoverable(f);
}

/* Bad indexes are a bug in the caller: MS_SOFTWARE, nothing changed. */
static void test_suppress__bad_index(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 3, 5), b = cell(f, 30, 5);
    int bad[] = { a, 7 }, neg[] = { -1, b }, same[] = { a, a, a };

    assert_int_equal(suppress_relation_add(f->s, bad, 2), MS_SOFTWARE);
    assert_int_equal(suppress_relation_add(f->s, neg, 2), MS_SOFTWARE);
    assert_int_equal(suppress_link_add(f->s, a, 2), MS_SOFTWARE);
    assert_int_equal(suppress_cell_hide(f->s, 2), MS_SOFTWARE);
    assert_int_equal(suppress_cell_hide(f->s, -1), MS_SOFTWARE);
    /* one distinct cell is no relation */
    assert_int_equal(suppress_relation_add(f->s, same, 3), MS_OK);
    assert_int_equal(suppress_run(f->s), MS_OK);
    assert_true(hidden(f, a));
    assert_false(hidden(f, b));
    assert_int_equal(suppress_cell_count(f->s), 2);
    assert_int_equal(suppress_mark_get(f->s, 2), SUPPRESS_SHOWN);
    assert_int_equal(suppress_mark_get(f->s, -1), SUPPRESS_SHOWN);
    assert_int_equal(suppress_mark_get(NULL, 0), SUPPRESS_SHOWN);
    suppress_free(NULL);
}

/* Before suppress_run nothing is hidden; running twice gives the same. */
static void test_suppress__rerun_is_stable(void **state)
{
    struct fixture *f = *state;
    int a = cell(f, 1, 5), b = cell(f, 8, 5), t = cell(f, 9, 5);
    enum suppress_mark first[3];

    relation(f, 3, a, b, t);
    assert_false(hidden(f, a));
    assert_int_equal(suppress_run(f->s), MS_OK);
    for (int i = 0; i < 3; i++)
        first[i] = suppress_mark_get(f->s, i);
    assert_int_equal(suppress_run(f->s), MS_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(suppress_mark_get(f->s, i), first[i]);
    assert_int_equal(first[1], SUPPRESS_SECONDARY);
}

/* Programme x cohort tables with both margins and the grand total, counts
 * drawn from a fixed-seed generator with many small cells: every cell below
 * k is hidden and no relation is left with a single hole. */
static void test_suppress__random_two_way_tables(void **state)
{
    enum { P = 4, C = 5 };
    unsigned long seed = 12345;

    (void)state;
    for (int round = 0; round < 200; round++) {
        struct fixture *f = calloc(1, sizeof *f);
        long v[P + 1][C + 1] = { { 0 } };
        int id[P + 1][C + 1];
        int k = 3 + round % 4;

        assert_non_null(f);
        f->s = suppress_new();
        assert_non_null(f->s);
        for (int p = 0; p < P; p++)
            for (int c = 0; c < C; c++) {
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                v[p][c] = (long)((seed >> 33) % 13);   /* 0..12 */
                v[p][C] += v[p][c];
                v[P][c] += v[p][c];
                v[P][C] += v[p][c];
            }
        for (int p = 0; p <= P; p++)
            for (int c = 0; c <= C; c++) {
                id[p][c] = cell(f, v[p][c], k);
                /* the costs figures.c gives totals, in every other round
                 * (the look-ahead then has costs to weigh) */
                if (round % 2)
                    assert_int_equal(suppress_cell_cost(
                                         f->s, id[p][c],
                                         4 * ((p == P) + (c == C))),
                                     MS_OK);
            }
        for (int p = 0; p <= P; p++) {
            int r[C + 1];

            for (int c = 0; c <= C; c++)
                r[c] = id[p][c];
            assert_true(f->n_rel < MAX_REL);
            for (int c = 0; c <= C; c++)
                f->rel[f->n_rel][c] = r[c];
            f->rel_n[f->n_rel] = C + 1;
            assert_int_equal(suppress_relation_add(f->s, r, C + 1), MS_OK);
            f->n_rel++;
        }
        for (int c = 0; c <= C; c++) {
            int r[P + 1];

            for (int p = 0; p <= P; p++)
                r[p] = id[p][c];
            for (int p = 0; p <= P; p++)
                f->rel[f->n_rel][p] = r[p];
            f->rel_n[f->n_rel] = P + 1;
            assert_int_equal(suppress_relation_add(f->s, r, P + 1), MS_OK);
            f->n_rel++;
        }
        assert_int_equal(suppress_run(f->s), MS_OK);
        for (int p = 0; p <= P; p++)
            for (int c = 0; c <= C; c++)
                if (v[p][c] > 0 && v[p][c] < k)
                    assert_int_equal(suppress_mark_get(f->s, id[p][c]),
                                     SUPPRESS_PRIMARY);
        assert_unrecoverable(f);
        suppress_free(f->s);
        free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_suppress__primary_threshold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__row_total_leak, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__completion_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__cohorts_sum_to_programme, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__single_part_total, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__chain_creates_new_hole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__reasons_link_to_completion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__zero_is_last_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__cost_orders_second_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__lookahead_spares_the_total, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__closing_a_hole_goes_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__own_cost_breaks_lookahead_ties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__links_hide_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__forced_hide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__bad_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppress__rerun_is_stable, setup, teardown),
        cmocka_unit_test(test_suppress__random_two_way_tables),
    };

    return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}
