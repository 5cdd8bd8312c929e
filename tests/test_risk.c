/*
 * test_risk.c: the flags and features of a pair's history on one day
 * (risk_state_at, analyze/risk.h) against the rules of results.md
 * (pair_risk): each flag exactly at the edges of its rule, the model's
 * features, and the as_of rule (nothing dated after t is used).  The
 * model fit and pair_risk rows are tested through analyze_run in
 * test_analyze.c.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "dataset.h"
#include "dates.h"
#include "risk.h"

/* ------------------------------------------------------- histories -- */

/* A meeting, goal or evaluation on a day counted from the pair's start. */
struct mtg {
    int day;
    char status;    /* 'h' held, 'c' cancelled, 'n' no_show */
    char kind;      /* 'i' intro, 'r' regular, 'x' closing */
    char by;        /* cancelled by: 'm' mentor, 'e' mentee, 0 none */
    int minutes;
};
struct gl {
    int set;
    int review;     /* day of the review, -1 when not reviewed */
};
struct evl {
    int day;
    int role;       /* DS_MENTOR, DS_MENTEE */
    int chem, trust;  /* -1: not answered */
};

#define MAX_M 12
#define MAX_G 8
#define MAX_E 8
#define ITEM_CHEM 0
#define ITEM_TRUST 1
#define STRIDE 2

/* A risk_history with its own storage (no allocation). */
struct hist {
    struct risk_history h;
    struct ds_meeting m[MAX_M];
    struct ds_goal g[MAX_G];
    struct ds_eval ev[MAX_E];
    int8_t answers[MAX_E * STRIDE];
};

/* Fill hb from day-relative rows for a pair started on day start, whose
 * planned end is planned days later.  Rows must come in date order. */
static void hist_build(struct hist *hb, int32_t start, int planned,
                       const struct mtg *m, size_t nm, const struct gl *g,
                       size_t ng, const struct evl *ev, size_t ne)
{
    memset(hb, 0, sizeof *hb);
    assert_true(nm <= MAX_M && ng <= MAX_G && ne <= MAX_E);
    for (size_t i = 0; i < nm; i++) {
        hb->m[i].date = start + m[i].day;
        hb->m[i].duration = (int16_t)m[i].minutes;
        hb->m[i].status = m[i].status == 'h' ? DS_HELD :
                          m[i].status == 'c' ? DS_CANCELLED : DS_NO_SHOW;
        hb->m[i].kind = m[i].kind == 'i' ? DS_KIND_INTRO :
                        m[i].kind == 'x' ? DS_KIND_CLOSING : DS_KIND_REGULAR;
        hb->m[i].cancelled_by = m[i].by == 'm' ? 1 : m[i].by == 'e' ? 2 : 0;
        if (i > 0)
            assert_true(m[i].day >= m[i - 1].day);
    }
    for (size_t i = 0; i < ng; i++) {
        hb->g[i].set_date = start + g[i].set;
        hb->g[i].weight = 1;
        hb->g[i].reviewed = g[i].review >= 0;
        hb->g[i].review_date = g[i].review >= 0 ? start + g[i].review : 0;
        hb->g[i].level = 0;
    }
    for (size_t i = 0; i < ne; i++) {
        hb->ev[i].date = start + ev[i].day;
        hb->ev[i].role = (uint8_t)ev[i].role;
        hb->ev[i].survey = DS_MIDPOINT;
        hb->ev[i].recommend = -1;
        hb->answers[i * STRIDE + ITEM_CHEM] =
            ev[i].chem < 0 ? DS_MISSING : (int8_t)ev[i].chem;
        hb->answers[i * STRIDE + ITEM_TRUST] =
            ev[i].trust < 0 ? DS_MISSING : (int8_t)ev[i].trust;
        if (i > 0)
            assert_true(ev[i].day >= ev[i - 1].day);
    }
    hb->h.start = start;
    hb->h.planned_end = start + planned;
    hb->h.cross_org = 0;
    hb->h.m = hb->m;
    hb->h.nm = nm;
    hb->h.g = hb->g;
    hb->h.ng = ng;
    hb->h.ev = hb->ev;
    hb->h.answers = hb->answers;
    hb->h.ne = ne;
    hb->h.stride = STRIDE;
    hb->h.item_chemistry = ITEM_CHEM;
    hb->h.item_trust = ITEM_TRUST;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-01-01, and a start before 1970 (negative day numbers are dates
 * too, dates.h): the rules count days between dates, so both must agree. */
static const int32_t starts[] = {19723, -306};

/* ----------------------------------------------------------- flags -- */

/* One flag on one day: `fired` says whether `flag` is set. */
struct flag_case {
    const char *what;
    unsigned flag;
    int t;                   /* day of the evaluation, from start */
    struct mtg m[6];
    size_t nm;
    struct gl g[3];
    size_t ng;
    struct evl e[4];
    size_t ne;
    int fired;
};

/* Planned end of every flag case: 365 days (12 months). */
#define PLANNED 365

static const struct flag_case flag_cases[] = {
    /* no_recent_meeting: > 28 days while active <= 61 days, > 61 after */
    {"held 28 days ago, day 38", RISK_NO_RECENT_MEETING, 38,
     {{10, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"held 29 days ago, day 39", RISK_NO_RECENT_MEETING, 39,
     {{10, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"held 61 days ago, day 161", RISK_NO_RECENT_MEETING, 161,
     {{100, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"held 62 days ago, day 162", RISK_NO_RECENT_MEETING, 162,
     {{100, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"41 days on day 61 (first regime)", RISK_NO_RECENT_MEETING, 61,
     {{20, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"42 days on day 62 (second regime)", RISK_NO_RECENT_MEETING, 62,
     {{20, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"none held, day 28: counts from start", RISK_NO_RECENT_MEETING, 28,
     {{0}}, 0, {{0, -1}}, 1, {{0}}, 0, 0},
    {"none held, day 29: counts from start", RISK_NO_RECENT_MEETING, 29,
     {{0}}, 0, {{0, -1}}, 1, {{0}}, 0, 1},
    {"a cancelled meeting is not a held one", RISK_NO_RECENT_MEETING, 29,
     {{20, 'c', 'r', 'm', 0}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"a held meeting after t is ignored", RISK_NO_RECENT_MEETING, 29,
     {{30, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},

    /* repeated_cancellations: the last two meetings dated <= t not held */
    {"cancelled then no_show", RISK_REPEATED_CANCELLATIONS, 30,
     {{10, 'h', 'r', 0, 60}, {20, 'c', 'r', 'e', 0}, {30, 'n', 'r', 0, 0}}, 3,
     {{0, -1}}, 1, {{0}}, 0, 1},
    {"held last", RISK_REPEATED_CANCELLATIONS, 20,
     {{10, 'c', 'r', 'm', 0}, {20, 'h', 'r', 0, 60}}, 2,
     {{0, -1}}, 1, {{0}}, 0, 0},
    {"held second to last", RISK_REPEATED_CANCELLATIONS, 30,
     {{10, 'c', 'r', 'm', 0}, {20, 'h', 'r', 0, 60}, {30, 'c', 'r', 'm', 0}}, 3,
     {{0, -1}}, 1, {{0}}, 0, 0},
    {"only one meeting", RISK_REPEATED_CANCELLATIONS, 30,
     {{10, 'c', 'r', 'm', 0}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"only one meeting dated <= t", RISK_REPEATED_CANCELLATIONS, 15,
     {{10, 'c', 'r', 'm', 0}, {20, 'c', 'r', 'm', 0}}, 2,
     {{0, -1}}, 1, {{0}}, 0, 0},
    {"a later held meeting does not clear it", RISK_REPEATED_CANCELLATIONS, 30,
     {{10, 'c', 'r', 'm', 0}, {20, 'n', 'r', 0, 0}, {40, 'h', 'r', 0, 60}}, 3,
     {{0, -1}}, 1, {{0}}, 0, 1},

    /* low_chemistry: the latest evaluation of either role <= 2 */
    {"mentor's chemistry 2", RISK_LOW_CHEMISTRY, 30, {{0}}, 0, {{0, -1}}, 1,
     {{20, DS_MENTOR, 2, 4}}, 1, 1},
    {"mentor's chemistry and trust 3", RISK_LOW_CHEMISTRY, 30, {{0}}, 0,
     {{0, -1}}, 1, {{20, DS_MENTOR, 3, 3}}, 1, 0},
    {"mentee's trust 2", RISK_LOW_CHEMISTRY, 30, {{0}}, 0, {{0, -1}}, 1,
     {{20, DS_MENTEE, 4, 2}}, 1, 1},
    {"low score superseded by the same role", RISK_LOW_CHEMISTRY, 30, {{0}}, 0,
     {{0, -1}}, 1, {{10, DS_MENTOR, 2, 2}, {20, DS_MENTOR, 4, 4}}, 2, 0},
    {"low score not superseded by the other role", RISK_LOW_CHEMISTRY, 30,
     {{0}}, 0, {{0, -1}}, 1,
     {{10, DS_MENTOR, 2, 4}, {20, DS_MENTEE, 4, 4}}, 2, 1},
    {"an evaluation after t is ignored", RISK_LOW_CHEMISTRY, 30, {{0}}, 0,
     {{0, -1}}, 1, {{10, DS_MENTOR, 4, 4}, {31, DS_MENTOR, 1, 1}}, 2, 0},
    {"the latest leaves both items unanswered", RISK_LOW_CHEMISTRY, 30,
     {{0}}, 0, {{0, -1}}, 1,
     {{10, DS_MENTOR, 1, 1}, {20, DS_MENTOR, -1, -1}}, 2, 0},

    /* no_goals: active more than 60 days and no goal set */
    {"60 days without a goal", RISK_NO_GOALS, 60, {{0}}, 0, {{0}}, 0,
     {{0}}, 0, 0},
    {"61 days without a goal", RISK_NO_GOALS, 61, {{0}}, 0, {{0}}, 0,
     {{0}}, 0, 1},
    {"61 days with a goal", RISK_NO_GOALS, 61, {{0}}, 0, {{10, -1}}, 1,
     {{0}}, 0, 0},
    {"a goal set after t does not count", RISK_NO_GOALS, 61, {{0}}, 0,
     {{62, -1}}, 1, {{0}}, 0, 1},

    /* stalled_after_intro: latest held intro >= 45 days old, no regular
     * held since */
    {"intro 45 days ago", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'h', 'i', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"intro 44 days ago", RISK_STALLED_AFTER_INTRO, 49,
     {{5, 'h', 'i', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"a regular held since", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'h', 'i', 0, 60}, {20, 'h', 'r', 0, 60}}, 2, {{0, -1}}, 1,
     {{0}}, 0, 0},
    {"a regular cancelled since", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'h', 'i', 0, 60}, {20, 'c', 'r', 'm', 0}}, 2, {{0, -1}}, 1,
     {{0}}, 0, 1},
    {"a regular held after t", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'h', 'i', 0, 60}, {51, 'h', 'r', 0, 60}}, 2, {{0, -1}}, 1,
     {{0}}, 0, 1},
    {"a closing meeting is not a regular one", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'h', 'i', 0, 60}, {20, 'h', 'x', 0, 60}}, 2, {{0, -1}}, 1,
     {{0}}, 0, 1},
    {"the intro was not held", RISK_STALLED_AFTER_INTRO, 50,
     {{5, 'c', 'i', 'e', 0}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"a regular before the latest intro", RISK_STALLED_AFTER_INTRO, 75,
     {{0, 'h', 'i', 0, 60}, {15, 'h', 'r', 0, 60}, {30, 'h', 'i', 0, 60}}, 3,
     {{0, -1}}, 1, {{0}}, 0, 1},
    {"intro held on the start day", RISK_STALLED_AFTER_INTRO, 45,
     {{0, 'h', 'i', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},

    /* overdue_closure: more than 30 days past planned_end */
    {"30 days past planned end", RISK_OVERDUE_CLOSURE, PLANNED + 30,
     {{PLANNED, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
    {"31 days past planned end", RISK_OVERDUE_CLOSURE, PLANNED + 31,
     {{PLANNED, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 1},
    {"on the planned end", RISK_OVERDUE_CLOSURE, PLANNED,
     {{PLANNED, 'h', 'r', 0, 60}}, 1, {{0, -1}}, 1, {{0}}, 0, 0},
};

static void test_risk__flags_at_the_edges_of_their_rules(void **state)
{
    (void)state;
    for (size_t s = 0; s < N(starts); s++) {
        for (size_t i = 0; i < N(flag_cases); i++) {
            const struct flag_case *c = &flag_cases[i];
            struct hist hb;
            struct risk_state st;
            int fired;

            hist_build(&hb, starts[s], PLANNED, c->m, c->nm, c->g, c->ng,
                       c->e, c->ne);
            risk_state_at(&hb.h, starts[s] + c->t, &st);
            fired = (st.flags & c->flag) != 0;
            if (fired != c->fired)
                fail_msg("start %d, case %zu (%s): flag %#x %s, expected %s",
                         starts[s], i, c->what, c->flag,
                         fired ? "fired" : "not fired",
                         c->fired ? "fired" : "not fired");
        }
    }
}

/* The whole flag set and n_flags of one day, and the names' order (the
 * pair_risk.flags text lists them in bit order). */
static void test_risk__flag_set_and_count(void **state)
{
    /* day 100, planned end day 60: no meeting held (100 > 61), no goal
     * (100 > 60), 40 days past the planned end (> 30); an intro that was
     * not held does not stall; one cancelled meeting is not two; no
     * evaluation is not low chemistry */
    static const struct mtg m[] = {{5, 'c', 'i', 'm', 0}};
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], 60, m, N(m), NULL, 0, NULL, 0);
    risk_state_at(&hb.h, starts[0] + 100, &st);
    assert_int_equal(st.flags, RISK_NO_RECENT_MEETING | RISK_NO_GOALS |
                               RISK_OVERDUE_CLOSURE);
    assert_int_equal(st.n_flags, 3);

    /* a pair doing everything right on day 30: no flag */
    {
        static const struct mtg ok[] = {{0, 'h', 'i', 0, 60},
                                        {14, 'h', 'r', 0, 60},
                                        {28, 'h', 'r', 0, 60}};
        static const struct gl g[] = {{10, -1}};
        static const struct evl e[] = {{20, DS_MENTEE, 5, 5}};
        hist_build(&hb, starts[0], PLANNED, ok, N(ok), g, N(g), e, N(e));
        risk_state_at(&hb.h, starts[0] + 30, &st);
        assert_int_equal(st.flags, 0);
        assert_int_equal(st.n_flags, 0);
    }
    assert_string_equal(risk_flag_names[0], "no_recent_meeting");
    assert_string_equal(risk_flag_names[1], "repeated_cancellations");
    assert_string_equal(risk_flag_names[2], "low_chemistry");
    assert_string_equal(risk_flag_names[3], "no_goals");
    assert_string_equal(risk_flag_names[4], "stalled_after_intro");
    assert_string_equal(risk_flag_names[5], "overdue_closure");
    assert_string_equal(risk_flag_names[6], "rating_gap");
}

/* Chemistry unknown to the database (no q_chemistry / q_trust item):
 * the rule can't fire and the scores are absent. */
static void test_risk__unknown_items_never_fire(void **state)
{
    static const struct evl e[] = {{10, DS_MENTOR, 1, 1}};
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, e, N(e));
    hb.h.item_chemistry = -1;
    hb.h.item_trust = -1;
    risk_state_at(&hb.h, starts[0] + 20, &st);
    assert_int_equal(st.flags & RISK_LOW_CHEMISTRY, 0);
    assert_int_equal(st.latest_chemistry, -1);
    assert_close(st.x[TERM_CHEMISTRY], 0, 0);
    assert_close(st.x[TERM_NO_EVALUATION], 0, 0);
}

/* -------------------------------------------------------- features -- */

/* held_90d / not_held_90d count meetings dated in (t - 90, t]; the
 * cancelled_by terms and no_show count the not-held ones there. */
static void test_risk__ninety_day_window(void **state)
{
    static const struct mtg m[] = {
        {100, 'h', 'r', 0, 60},   /* t - 100: outside */
        {110, 'c', 'r', 'm', 0},  /* t - 90: outside (the window is open) */
        {111, 'c', 'r', 'm', 0},  /* t - 89: in, by the mentor */
        {130, 'c', 'r', 'e', 0},  /* in, by the mentee */
        {140, 'c', 'r', 'e', 0},  /* in, by the mentee */
        {150, 'n', 'r', 0, 0},    /* in, no show */
        {160, 'h', 'r', 0, 60},   /* in */
        {200, 'h', 'r', 0, 60},   /* t: in */
        {201, 'c', 'r', 'm', 0},  /* after t: ignored */
        {205, 'h', 'r', 0, 60},   /* after t: ignored */
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    for (size_t s = 0; s < N(starts); s++) {
        hist_build(&hb, starts[s], PLANNED, m, N(m), NULL, 0, NULL, 0);
        risk_state_at(&hb.h, starts[s] + 200, &st);
        assert_int_equal(st.held_90d, 2);
        assert_int_equal(st.not_held_90d, 4);
        assert_int_equal(st.days_since_last_held, 0);
        assert_int_equal(st.days_active, 200);
        assert_close(st.x[TERM_HELD_90D], 2, 0);
        assert_close(st.x[TERM_CANCELLED_BY_MENTOR_90D], 1, 0);
        assert_close(st.x[TERM_CANCELLED_BY_MENTEE_90D], 2, 0);
        assert_close(st.x[TERM_NO_SHOW_90D], 1, 0);
        assert_close(st.x[TERM_INTERCEPT], 1, 0);
    }
}

/* days_since_last_held counts from the last held meeting dated <= t, or
 * from start; the term is that in 30-day months, capped at 180 days. */
static void test_risk__days_since_held(void **state)
{
    static const struct {
        int t;
        struct mtg m[2];
        size_t nm;
        int days;
        double term;
    } cases[] = {
        {45, {{0}}, 0, 45, 1.5},                            /* from start */
        {160, {{100, 'h', 'r', 0, 60}}, 1, 60, 2.0},
        {160, {{100, 'h', 'r', 0, 60}, {120, 'n', 'r', 0, 0}}, 2, 60, 2.0},
        {160, {{100, 'h', 'r', 0, 60}, {170, 'h', 'r', 0, 60}}, 2, 60, 2.0},
        {180, {{0}}, 0, 180, 6.0},
        {300, {{0}}, 0, 300, 6.0},                          /* capped */
        {300, {{10, 'h', 'i', 0, 60}}, 1, 290, 6.0},
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        hist_build(&hb, starts[0], PLANNED, cases[i].m, cases[i].nm, NULL, 0,
                   NULL, 0);
        risk_state_at(&hb.h, starts[0] + cases[i].t, &st);
        assert_int_equal(st.days_since_last_held, cases[i].days);
        assert_close(st.x[TERM_DAYS_SINCE_HELD], cases[i].term, 1e-12);
    }
}

/* Month bands by results.md's months: month m starts on day
 * floor(30.4375 m + 0.5): month 3 on day 91, month 6 on day 183, month 12
 * on day 365.  month_1_3 = months 0-2 (the first three), month_4_6 =
 * months 3-5, month_7_12 = months 6-11; from month 12 on no band. */
static void test_risk__month_bands(void **state)
{
    static const struct {
        int day;
        int b13, b46, b712;
    } cases[] = {
        {0, 1, 0, 0},   {30, 1, 0, 0},  {90, 1, 0, 0},
        {91, 0, 1, 0},  {182, 0, 1, 0},
        {183, 0, 0, 1}, {364, 0, 0, 1},
        {365, 0, 0, 0}, {800, 0, 0, 0},
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    /* the boundaries are the convention's own days */
    assert_int_equal(date_months_to_days(3), 91);
    assert_int_equal(date_months_to_days(6), 183);
    assert_int_equal(date_months_to_days(12), 365);
    for (size_t i = 0; i < N(cases); i++) {
        hist_build(&hb, starts[0], 2000, NULL, 0, NULL, 0, NULL, 0);
        risk_state_at(&hb.h, starts[0] + cases[i].day, &st);
        if (st.x[TERM_MONTH_1_3] != cases[i].b13 ||
            st.x[TERM_MONTH_4_6] != cases[i].b46 ||
            st.x[TERM_MONTH_7_12] != cases[i].b712)
            fail_msg("day %d: bands %g %g %g, expected %d %d %d",
                     cases[i].day, st.x[TERM_MONTH_1_3], st.x[TERM_MONTH_4_6],
                     st.x[TERM_MONTH_7_12], cases[i].b13, cases[i].b46,
                     cases[i].b712);
    }
}

/* The period of month m (t = start + floor(30.4375 m + 0.5), risk.c) falls
 * in month m's band, for every m of the first two years. */
static void test_risk__period_days_fall_in_their_month(void **state)
{
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], 2000, NULL, 0, NULL, 0, NULL, 0);
    for (int m = 0; m < 24; m++) {
        risk_state_at(&hb.h, starts[0] + date_months_to_days(m), &st);
        if (st.x[TERM_MONTH_1_3] != (m < 3) ||
            st.x[TERM_MONTH_4_6] != (m >= 3 && m < 6) ||
            st.x[TERM_MONTH_7_12] != (m >= 6 && m < 12))
            fail_msg("month %d (day %d) in the wrong band", m,
                     date_months_to_days(m));
        /* and the day before it in month m - 1's */
        if (m == 3 || m == 6 || m == 12) {
            risk_state_at(&hb.h, starts[0] + date_months_to_days(m) - 1, &st);
            if (st.x[TERM_MONTH_1_3] != (m - 1 < 3) ||
                st.x[TERM_MONTH_4_6] != (m - 1 >= 3 && m - 1 < 6) ||
                st.x[TERM_MONTH_7_12] != (m - 1 >= 6 && m - 1 < 12))
                fail_msg("the day before month %d in the wrong band", m);
        }
    }
}

/* no_evaluation: 1 until an evaluation is dated <= t. */
static void test_risk__no_evaluation(void **state)
{
    static const struct evl e[] = {{20, DS_MENTEE, 4, 4}};
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, NULL, 0);
    risk_state_at(&hb.h, starts[0] + 30, &st);
    assert_close(st.x[TERM_NO_EVALUATION], 1, 0);
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, e, N(e));
    risk_state_at(&hb.h, starts[0] + 19, &st);
    assert_close(st.x[TERM_NO_EVALUATION], 1, 0);
    risk_state_at(&hb.h, starts[0] + 20, &st);
    assert_close(st.x[TERM_NO_EVALUATION], 0, 0);
}

/* latest_chemistry is the lower of the roles' latest q_chemistry; the
 * chemistry term centres it on the scale's middle, 3 (0 when none);
 * low_chemistry is the flag as a 0/1 term. */
static void test_risk__chemistry_centring(void **state)
{
    static const struct {
        struct evl e[3];
        size_t ne;
        int latest;
        double centred, low;
    } cases[] = {
        {{{0}}, 0, -1, 0, 0},
        {{{10, DS_MENTOR, 5, 5}}, 1, 5, 2, 0},
        {{{10, DS_MENTOR, 4, 4}, {12, DS_MENTEE, 2, 4}}, 2, 2, -1, 1},
        {{{10, DS_MENTOR, 1, 4}, {12, DS_MENTOR, 3, 4}}, 2, 3, 0, 0},
        {{{10, DS_MENTOR, 4, 2}}, 1, 4, 1, 1},      /* low trust only */
        {{{10, DS_MENTOR, -1, 4}}, 1, -1, 0, 0},    /* not answered */
        {{{10, DS_MENTOR, 3, 3}, {40, DS_MENTEE, 1, 1}}, 2, 3, 0, 0},
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, cases[i].e,
                   cases[i].ne);
        risk_state_at(&hb.h, starts[0] + 30, &st);
        if (st.latest_chemistry != cases[i].latest ||
            st.x[TERM_CHEMISTRY] != cases[i].centred ||
            st.x[TERM_LOW_CHEMISTRY] != cases[i].low)
            fail_msg("case %zu: latest %d, term %g, low %g; expected %d, %g, "
                     "%g", i, st.latest_chemistry, st.x[TERM_CHEMISTRY],
                     st.x[TERM_LOW_CHEMISTRY], cases[i].latest,
                     cases[i].centred, cases[i].low);
    }
}

/* n_goals counts goals set by t; no_goals is 1 without a goal, whatever
 * the day. */
static void test_risk__goal_terms(void **state)
{
    static const struct gl g[] = {
        {0, 20}, {0, 25}, {5, 30}, {5, 35}, {10, 40}, {10, 90}, {50, -1},
    };
    static const struct {
        int t, n_goals;
        double no_goals;
    } cases[] = {
        {0, 2, 0}, {4, 2, 0}, {5, 4, 0}, {10, 6, 0}, {49, 6, 0}, {50, 7, 0},
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], PLANNED, NULL, 0, g, N(g), NULL, 0);
    for (size_t i = 0; i < N(cases); i++) {
        risk_state_at(&hb.h, starts[0] + cases[i].t, &st);
        assert_int_equal(st.n_goals, cases[i].n_goals);
        assert_close(st.x[TERM_NO_GOALS], cases[i].no_goals, 0);
    }
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, NULL, 0);
    risk_state_at(&hb.h, starts[0] + 10, &st);
    assert_int_equal(st.n_goals, 0);
    assert_close(st.x[TERM_NO_GOALS], 1, 0);
    assert_int_equal(st.flags & RISK_NO_GOALS, 0);   /* not yet day 61 */
}

static void test_risk__cross_org_term(void **state)
{
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, NULL, 0);
    risk_state_at(&hb.h, starts[0] + 10, &st);
    assert_close(st.x[TERM_CROSS_ORG], 0, 0);
    hb.h.cross_org = 1;
    risk_state_at(&hb.h, starts[0] + 10, &st);
    assert_close(st.x[TERM_CROSS_ORG], 1, 0);
}

/* ----------------------------------------------------------- as_of -- */

/* hb cut at day t: what a database holding nothing after t would give. */
static void hist_truncate(const struct hist *full, int32_t t, struct hist *cut)
{
    size_t k;

    *cut = *full;
    cut->h.m = cut->m;
    cut->h.g = cut->g;
    cut->h.ev = cut->ev;
    cut->h.answers = cut->answers;
    for (k = 0; k < full->h.nm && full->m[k].date <= t; k++)
        ;
    cut->h.nm = k;
    cut->h.ng = 0;
    for (size_t i = 0; i < full->h.ng; i++) {
        if (full->g[i].set_date > t)
            continue;
        cut->g[cut->h.ng] = full->g[i];
        if (full->g[i].reviewed && full->g[i].review_date > t)
            cut->g[cut->h.ng].reviewed = 0;
        cut->h.ng++;
    }
    for (k = 0; k < full->h.ne && full->ev[k].date <= t; k++)
        ;
    cut->h.ne = k;
}

static void state_expect_equal(const struct risk_state *a,
                               const struct risk_state *b, int day)
{
    if (a->flags != b->flags || a->n_flags != b->n_flags ||
        a->days_active != b->days_active ||
        a->days_since_last_held != b->days_since_last_held ||
        a->held_90d != b->held_90d || a->not_held_90d != b->not_held_90d ||
        a->latest_chemistry != b->latest_chemistry ||
        a->n_goals != b->n_goals)
        fail_msg("day %d: the full history gives flags %#x, %d since held, "
                 "chemistry %d, %d goals; cut at t: %#x, %d, %d, %d", day,
                 a->flags, a->days_since_last_held, a->latest_chemistry,
                 a->n_goals, b->flags, b->days_since_last_held,
                 b->latest_chemistry, b->n_goals);
    for (int j = 0; j < RISK_N_TERMS; j++)
        if (a->x[j] != b->x[j])
            fail_msg("day %d: term %s is %g with the full history, %g cut at "
                     "t", day, risk_term_names[j], a->x[j], b->x[j]);
}

/* A history with events after t gives exactly the state of the history
 * truncated at t, on every day of the pair's first 400. */
static void test_risk__nothing_after_t_is_used(void **state)
{
    static const struct mtg m[] = {
        {0, 'h', 'i', 0, 60},     {14, 'h', 'r', 0, 45},
        {28, 'c', 'r', 'm', 0},   {42, 'n', 'r', 0, 0},
        {70, 'h', 'r', 0, 90},    {120, 'c', 'r', 'e', 0},
        {150, 'c', 'r', 'm', 0},  {200, 'h', 'i', 0, 60},
        {260, 'h', 'r', 0, 60},   {300, 'n', 'r', 0, 0},
        {330, 'h', 'x', 0, 30},   {380, 'c', 'r', 'e', 0},
    };
    static const struct gl g[] = {
        {30, 100}, {30, 250}, {90, -1}, {180, 390}, {350, 360},
    };
    static const struct evl e[] = {
        {5, DS_MENTOR, 4, 4},   {6, DS_MENTEE, 3, 5},
        {100, DS_MENTEE, 2, 3}, {180, DS_MENTOR, 1, -1},
        {181, DS_MENTOR, 5, 5}, {250, DS_MENTEE, -1, -1},
        {340, DS_MENTEE, 4, 1}, {399, DS_MENTOR, 2, 2},
    };
    struct hist full, cut;
    struct risk_state a, b;

    (void)state;
    for (size_t s = 0; s < N(starts); s++) {
        hist_build(&full, starts[s], 300, m, N(m), g, N(g), e, N(e));
        full.h.cross_org = 1;
        for (int day = 0; day <= 400; day++) {
            int32_t t = starts[s] + day;
            hist_truncate(&full, t, &cut);
            risk_state_at(&full.h, t, &a);
            risk_state_at(&cut.h, t, &b);
            state_expect_equal(&a, &b, day);
        }
        /* the comparison is not vacuous: the history drives the state
         * through at least five different flag sets over the 400 days */
        {
            unsigned seen[1u << RISK_N_FLAGS] = {0};
            int kinds = 0;
            for (int day = 0; day <= 400; day++) {
                risk_state_at(&full.h, starts[s] + day, &a);
                if (!seen[a.flags]++)
                    kinds++;
            }
            assert_true(kinds >= 5);
        }
    }
}

/* rating_gap (results.md): the mentor's latest and the mentee's latest
 * responses both answered q_chemistry and differ by 2 or more. */
static void test_risk__rating_gap_at_one_and_two(void **state)
{
    static const struct evl one[] = {
        {10, DS_MENTOR, 4, 4}, {12, DS_MENTEE, 3, 4},
    };
    static const struct evl two[] = {
        {10, DS_MENTOR, 5, 4}, {12, DS_MENTEE, 3, 4},
    };
    /* the latest mentee response did not answer q_chemistry: no gap,
     * although an earlier one differed by 3 */
    static const struct evl unanswered[] = {
        {5, DS_MENTEE, 2, 4}, {10, DS_MENTOR, 5, 4}, {12, DS_MENTEE, -1, 4},
    };
    struct hist hb;
    struct risk_state st;

    (void)state;
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, one, N(one));
    risk_state_at(&hb.h, starts[0] + 20, &st);
    assert_int_equal(st.flags & RISK_RATING_GAP, 0);
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, two, N(two));
    risk_state_at(&hb.h, starts[0] + 20, &st);
    assert_int_equal(st.flags & RISK_RATING_GAP, RISK_RATING_GAP);
    risk_state_at(&hb.h, starts[0] + 11, &st);     /* mentee not yet */
    assert_int_equal(st.flags & RISK_RATING_GAP, 0);
    hist_build(&hb, starts[0], PLANNED, NULL, 0, NULL, 0, unanswered,
               N(unanswered));
    risk_state_at(&hb.h, starts[0] + 20, &st);
    assert_int_equal(st.flags & RISK_RATING_GAP, 0);
    risk_state_at(&hb.h, starts[0] + 11, &st);     /* 5 against 2 */
    assert_int_equal(st.flags & RISK_RATING_GAP, RISK_RATING_GAP);
}

/* Bands: 20 pairs of distinct risk, then ties across the cuts. */
static void test_risk__bands_ten_and_twenty_percent_with_ties(void **state)
{
    double risk[20];
    int days[20], nf[20] = {0};
    enum risk_band b[20];
    struct ms_err e = {{0}};
    int n_high = 0, n_med = 0;

    (void)state;
    for (int i = 0; i < 20; i++) {
        risk[i] = 0.01 * (i + 1);      /* 0.20 the highest */
        days[i] = 100;
    }
    assert_int_equal(risk_bands(risk, nf, days, 20, b, &e), MS_OK);
    for (int i = 0; i < 20; i++) {
        enum risk_band want = i >= 18 ? RISK_BAND_HIGH :
                              i >= 14 ? RISK_BAND_MEDIUM : RISK_BAND_LOW;
        assert_int_equal(b[i], want);   /* exactly 2 and 4 of 20 */
    }
    /* a tie straddling the 10% cut (ranks 2 and 3) is kept together in
     * the band of its best rank: 3 high; then ranks 4..6 medium */
    risk[17] = risk[18];
    assert_int_equal(risk_bands(risk, nf, days, 20, b, &e), MS_OK);
    for (int i = 0; i < 20; i++) {
        n_high += b[i] == RISK_BAND_HIGH;
        n_med += b[i] == RISK_BAND_MEDIUM;
    }
    assert_int_equal(n_high, 3);
    assert_int_equal(b[17], RISK_BAND_HIGH);
    assert_int_equal(n_med, 3);
    assert_int_equal(b[14], RISK_BAND_MEDIUM);
    assert_int_equal(b[13], RISK_BAND_LOW);
    /* a tie starting just after the 30% cut stays low as a whole */
    risk[13] = risk[12] = risk[11];
    risk[17] = 0.18;
    assert_int_equal(risk_bands(risk, nf, days, 20, b, &e), MS_OK);
    assert_int_equal(b[14], RISK_BAND_MEDIUM);
    assert_int_equal(b[13], RISK_BAND_LOW);
    assert_int_equal(b[11], RISK_BAND_LOW);
    /* all equal: all rank 1, all high */
    for (int i = 0; i < 20; i++)
        risk[i] = 0.5;
    assert_int_equal(risk_bands(risk, nf, days, 20, b, &e), MS_OK);
    for (int i = 0; i < 20; i++)
        assert_int_equal(b[i], RISK_BAND_HIGH);
}

/* too_early below 30 days active (29: too early, 30: banded), and the
 * too-early pairs take no part in the cut: 10 pairs banded of 12. */
static void test_risk__too_early_at_29_and_30_days(void **state)
{
    double risk[12];
    int days[12], nf[12] = {0};
    enum risk_band b[12];
    struct ms_err e = {{0}};

    (void)state;
    for (int i = 0; i < 12; i++) {
        risk[i] = 0.01 * (i + 1);
        days[i] = 200;
    }
    days[11] = 29;                     /* the highest risk, too early */
    days[10] = 30;
    days[0] = 0;
    assert_int_equal(risk_bands(risk, nf, days, 12, b, &e), MS_OK);
    assert_int_equal(b[11], RISK_BAND_TOO_EARLY);
    assert_int_equal(b[0], RISK_BAND_TOO_EARLY);
    assert_int_equal(b[10], RISK_BAND_HIGH);     /* 1 of 10 */
    assert_int_equal(b[9], RISK_BAND_MEDIUM);    /* ranks 2, 3 */
    assert_int_equal(b[8], RISK_BAND_MEDIUM);
    assert_int_equal(b[7], RISK_BAND_LOW);
    /* without a model the flags decide, and too_early still holds */
    nf[11] = 3;
    nf[5] = 2;
    nf[4] = 1;
    assert_int_equal(risk_bands(NULL, nf, days, 12, b, &e), MS_OK);
    assert_int_equal(b[11], RISK_BAND_TOO_EARLY);
    assert_int_equal(b[5], RISK_BAND_HIGH);
    assert_int_equal(b[4], RISK_BAND_MEDIUM);
    assert_int_equal(b[3], RISK_BAND_LOW);
    assert_string_equal(risk_band_names[RISK_BAND_TOO_EARLY], "too_early");
}

/* The table of terms: month terms and the intercept are baselines with
 * no driver; every other term has a direction and a driver key. */
static void test_risk__term_table(void **state)
{
    (void)state;
    for (int j = 0; j < RISK_N_TERMS; j++) {
        assert_string_equal(risk_terms[j].name, risk_term_names[j]);
        if (strncmp(risk_terms[j].name, "month_", 6) == 0 ||
            j == TERM_INTERCEPT) {
            assert_int_equal(risk_terms[j].direction, 0);
            assert_null(risk_terms[j].driver);
        }
        assert_true((risk_terms[j].direction == 0) ==
                    (risk_terms[j].driver == NULL));
    }
    assert_int_equal(risk_terms[TERM_HELD_90D].direction, -1);
    assert_int_equal(risk_terms[TERM_NO_SHOW_90D].direction, +1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_risk__rating_gap_at_one_and_two),
        cmocka_unit_test(test_risk__bands_ten_and_twenty_percent_with_ties),
        cmocka_unit_test(test_risk__too_early_at_29_and_30_days),
        cmocka_unit_test(test_risk__term_table),
        cmocka_unit_test(test_risk__flags_at_the_edges_of_their_rules),
        cmocka_unit_test(test_risk__flag_set_and_count),
        cmocka_unit_test(test_risk__unknown_items_never_fire),
        cmocka_unit_test(test_risk__ninety_day_window),
        cmocka_unit_test(test_risk__days_since_held),
        cmocka_unit_test(test_risk__month_bands),
        cmocka_unit_test(test_risk__period_days_fall_in_their_month),
        cmocka_unit_test(test_risk__no_evaluation),
        cmocka_unit_test(test_risk__chemistry_centring),
        cmocka_unit_test(test_risk__goal_terms),
        cmocka_unit_test(test_risk__cross_org_term),
        cmocka_unit_test(test_risk__nothing_after_t_is_used),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
