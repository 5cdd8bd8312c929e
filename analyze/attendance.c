/*
 * attendance.c: res_attendance and res_cohort_year (results.md).
 *
 * Attendance counts the meetings dated within each pair's active window
 * (counted when the data is read, dataset.c).  The cadence rule: a pair
 * with d active days is expected to hold min(d, 61)/14 + max(d - 61, 0) /
 * 30.4375 meetings (every second week for two months, then monthly) and is
 * on cadence when it held at least 0.75 of that.  Hours per pair-month is
 * the ratio of the group's held hours to its active months (ratio.c), so a
 * pair two days old weighs two days, not as much as a pair a year old.
 */
#include <math.h>
#include <stdlib.h>

#include "attendance.h"
#include "db.h"
#include "ratio.h"
#include "tables.h"

double attendance_expected(long days)
{
    double d = (double)days;

    return fmin(d, 61.0) / 14.0 + fmax(d - 61.0, 0.0) / 30.4375;
}

int attendance_on_cadence(long held, long days)
{
    return (double)held >= 0.75 * attendance_expected(days);
}

double attendance_hours_per_month(long minutes, long days)
{
    if (days <= 0)
        return NAN;
    return ((double)minutes / 60.0) / ((double)days / 30.4375);
}

enum ms_status tables_attendance(struct analysis *a, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    double *hours = malloc((a->d->n_pairs + 1) * sizeof *hours);
    double *months = malloc((a->d->n_pairs + 1) * sizeof *months);
    enum ms_status s;

    if (hours == NULL || months == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    s = db_prepare(a->db,
        "INSERT INTO res_attendance (programme, cohort, n_pairs, held, "
        "cancelled, no_show, cancel_rate, no_show_rate, hours_per_pair_month, "
        "share_on_cadence, hours_ci_low, hours_ci_high) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st, e);
    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        long n = 0, held = 0, canc = 0, noshow = 0, on = 0, all;
        size_t nh = 0;
        struct ratio_result r;

        for (size_t i = 0; i < a->d->n_pairs; i++) {
            const struct ds_pair *p = &a->d->pairs[i];
            long days = p->end - p->start;
            if (!group_has(g, p))
                continue;
            n++;
            held += p->held;
            canc += p->cancelled;
            noshow += p->no_show;
            on += attendance_on_cadence(p->held, days);
            if (days > 0) {     /* pairs with 0 active days are left out */
                hours[nh] = (double)p->held_minutes / 60.0;
                months[nh] = (double)days / 30.4375;
                nh++;
            }
        }
        if ((s = ratio_interval(hours, months, nh, 0.95, 0.0, INFINITY,
                                &r)) != MS_OK) {
            s = err_set(e, s, "computing hours per pair-month");
            break;
        }
        all = held + canc + noshow;
        bind_group(st, a, g);
        sqlite3_bind_int64(st, 3, n);
        sqlite3_bind_int64(st, 4, held);
        sqlite3_bind_int64(st, 5, canc);
        sqlite3_bind_int64(st, 6, noshow);
        bind_real(st, 7, all > 0 ? (double)canc / (double)all : NAN);
        bind_real(st, 8, all > 0 ? (double)noshow / (double)all : NAN);
        bind_real(st, 9, r.ratio);
        bind_real(st, 10, n > 0 ? (double)on / (double)n : NAN);
        bind_real(st, 11, r.ci_low);
        bind_real(st, 12, r.ci_high);
        s = step_insert(st, a, "res_attendance", e);
    }
done:
    sqlite3_finalize(st);
    free(hours);
    free(months);
    return s;
}

/* res_cohort_year is read off the tables written before it (results.md:
 * "from the tables above"), so the workbook and the tables agree by
 * construction.  Its completion rate is res_completion's mature_rate (a
 * share over pairs that have had their time), and provisional is
 * res_completion's.  Pooled figures: the mean of q_usefulness over both roles'
 * final responses is sum(n mean) / sum(n); NPS over both roles is
 * 100 (sum promoters - sum detractors) / sum n. */
enum ms_status tables_cohort_year(struct analysis *a, struct ms_err *e)
{
    static const char sql[] =
        "INSERT INTO res_cohort_year (programme, cohort, n_started, "
        "completion_rate, ci_low, ci_high, cif_ended_early_6m, gas_t_mean, "
        "final_usefulness_mean, nps_final, hours_per_pair_month, provisional) "
        "SELECT c.programme, c.cohort, c.n_pairs, c.mature_rate, "
        "c.mature_ci_low, c.mature_ci_high, "
        "(SELECT i.cif_ended_early FROM res_incidence i WHERE i.programme = "
        " c.programme AND i.cohort = c.cohort AND i.month = 6), "
        "g.gas_t_mean, "
        "(SELECT sum(it.n * it.mean) / sum(it.n) FROM res_items it WHERE "
        " it.programme = c.programme AND it.cohort = c.cohort AND it.survey = "
        " 'final' AND it.item = 'q_usefulness'), "
        "(SELECT 100.0 * (sum(np.promoters) - sum(np.detractors)) / sum(np.n) "
        " FROM res_nps np WHERE np.programme = c.programme AND np.cohort = "
        " c.cohort AND np.survey = 'final'), "
        "at.hours_per_pair_month, c.provisional "
        "FROM res_completion c "
        "LEFT JOIN res_goals g ON g.programme = c.programme AND g.cohort = "
        " c.cohort "
        "LEFT JOIN res_attendance at ON at.programme = c.programme AND "
        " at.cohort = c.cohort";
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(a->db, sql, &st, e);

    if (s == MS_OK)
        s = step_insert(st, a, "res_cohort_year", e);
    sqlite3_finalize(st);
    return s;
}
