/*
 * generate.c: the sample generator behind `mentorstat generate` (see
 * generate.h).  Each pair is simulated whole (start, latent risk, an early
 * ending drawn from a monthly hazard, warning signs, meetings, goals,
 * surveys) and its rows are written at once, cut at the export date.
 * --messy writes the same simulated data the way Nordic Excel saves it and
 * mixes in bad rows whose expected rejects it lists beside them.
 */
#include "generate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dates.h"

#define REC_MAX 2048          /* longest record written, in bytes */
#define MAX_EXPECT 32         /* bad records per file (messy) */
#define IO_BUF (1 << 20)      /* stdio buffer per file */

/* ------------------------------------------------------------ the model */

enum file_id { F_PAIRS, F_MEETINGS, F_GOALS, F_EVALS, F_REJECTS, F_COUNT };

static const char *const file_names[F_COUNT] = {
    "pairs.csv", "meetings.csv", "goals.csv", "evaluations.csv",
    "expected_rejects.csv",
};

static const char *const headers_plain[F_COUNT] = {
    "pair_id,programme,cohort,mentor_id,mentee_id,coordinator_id,org_unit,"
    "cross_org,start_date,planned_end_date,status,end_date,end_reason",
    "meeting_id,pair_id,date,status,duration_min,cancelled_by,kind,mode",
    "goal_id,pair_id,set_date,target_date,weight,attainment,review_date,"
    "category",
    "response_id,pair_id,role,survey,date,q_trust,q_chemistry,q_openness,"
    "q_goal_clarity,q_goal_progress,q_usefulness,q_time_well_spent,"
    "q_preparation,recommend",
    "file,line,column,rule",
};

/* Excel's headers as people type them; a comment column besides. */
static const char *const headers_messy[F_EVALS + 1] = {
    " Pair_ID ;Programme;COHORT;Mentor_ID; mentee_id;Coordinator_Id;"
    "Org_Unit ;Cross_Org;Start_Date; Planned_End_Date ;Status;END_DATE;"
    "End_Reason;Comment",
    "Meeting_ID; Pair_ID ;Date ;STATUS;Duration_Min;Cancelled_By;Kind;Mode;"
    "Comment",
    "Goal_ID;Pair_Id;Set_Date;Target_Date;Weight;Attainment;Review_Date ;"
    "Category;Comment",
    "Response_ID;Pair_ID;Role;Survey;Date;Kommentar;Q_Trust;Q_Chemistry;"
    "q_openness;Q_GOAL_CLARITY;q_goal_progress;Q_Usefulness;"
    "Q_Time_Well_Spent;q_preparation;Recommend",
};
static const int ncols_messy[F_EVALS + 1] = {14, 9, 9, 15};

/* Programmes.  Windows-1252 names for --messy (written as byte escapes). */
struct programme {
    const char *name;
    const char *name_messy;
    int months;             /* planned length */
    int write_planned;      /* planned_end_date written (else left empty:
                               only for 12 months, the ingest default) */
    int coord_first;        /* coordinators C<first> .. C<first + n - 1> */
    int coord_n;
    double share;           /* share of pairs (from first_cohort on) */
    int first_cohort;
    double log_hazard;      /* programme effect on the early-ending hazard */
    double category[4];     /* leadership, career, network, wellbeing */
};

static const struct programme programmes[] = {
    {"Leader mentoring", "Mentorprogram f\xF6r chefer", 12, 1, 1, 4, 0.36,
     2021, 0.00, {0.45, 0.25, 0.15, 0.15}},
    {"Trainee programme", "Traineeprogrammet \xD8resund", 9, 1, 5, 3, 0.24,
     2021, 0.30, {0.15, 0.45, 0.30, 0.10}},
    {"Mentor service", "Mentortj\xE4nsten", 12, 0, 8, 3, 0.25, 2021, 0.10,
     {0.25, 0.35, 0.20, 0.20}},
    {"Women in leadership", "Kvinnliga ledare i Sk\xE5ne", 6, 1, 11, 2, 0.15,
     2023, -0.10, {0.50, 0.25, 0.15, 0.10}},
};
#define N_PROGRAMMES ((int)(sizeof programmes / sizeof programmes[0]))

#define FIRST_COHORT 2021
#define N_COHORTS 6
/* Cumulative share of pairs by cohort 2021..2026 (growing programmes). */
static const double cohort_cum[N_COHORTS] = {0.10, 0.23, 0.39, 0.57, 0.77,
                                             1.00};
/* Cohort effect on the hazard: 2022 (hybrid work) worse, 2024 better. */
static const double cohort_log_hazard[N_COHORTS] = {0.10, 0.40, 0.00, -0.35,
                                                    -0.05, 0.00};

/* Baseline monthly hazard of an early ending, months 1..12: highest in
 * months 1-4, falling after (Kupersmidt et al. 2017: 38% of matches close
 * prematurely, most in the first months; the STAR study about 30% before
 * 12 months).  The frailty and effects below raise the mean ~1.3 times. */
static const double base_hazard[12] = {0.043, 0.049, 0.044, 0.036, 0.026,
                                       0.020, 0.016, 0.013, 0.011, 0.010,
                                       0.009, 0.008};
#define GOALS_MET_HAZARD 0.004  /* per month from month 6: a few */

enum reason {
    R_CHEMISTRY, R_WORK_CHANGE, R_CONFIDENTIALITY, R_TIME, R_LEFT_ORG,
    R_OTHER, R_GOALS_MET, R_COUNT
};
static const char *const reason_names[R_COUNT] = {
    "chemistry", "work_change", "confidentiality", "time",
    "left_organisation", "other", "goals_met",
};
/* Reasons (all but goals_met) by when the pair ends: chemistry early. */
static const double reason_w[3][R_GOALS_MET] = {
    {0.32, 0.16, 0.02, 0.22, 0.10, 0.08},   /* months 1-3 */
    {0.15, 0.22, 0.03, 0.30, 0.15, 0.10},   /* months 4-6 */
    {0.06, 0.26, 0.03, 0.30, 0.22, 0.10},   /* later */
};

enum status { S_ACTIVE, S_COMPLETED, S_ENDED_EARLY };
static const char *const status_names[] = {"active", "completed",
                                           "ended_early"};
enum survey { SV_INTRO, SV_MIDPOINT, SV_FINAL };
static const char *const survey_names[] = {"intro", "midpoint", "final"};
enum role { ROLE_MENTEE, ROLE_MENTOR };
static const char *const role_names[] = {"mentee", "mentor"};
enum kind { K_INTRO, K_REGULAR, K_CLOSING };
static const char *const kind_names[] = {"intro", "regular", "closing"};
static const char *const category_names[] = {"leadership", "career",
                                             "network", "wellbeing"};

/* Questionnaire items of inputs.md, their construct and offset. */
#define N_ITEMS 8
#define N_CONSTRUCTS 4
static const int item_construct[N_ITEMS] = {0, 0, 0, 1, 1, 2, 2, 3};
static const double item_offset[N_ITEMS] = {0.10, 0.00, -0.05, 0.15,
                                            -0.15, 0.05, -0.05, 0.00};
/* Response-level spread of each construct: wider for the two goal items,
 * so that their alpha, like the others', lands in 0.7-0.9. */
static const double construct_sd[N_CONSTRUCTS] = {0.50, 0.65, 0.55, 0.50};
/* Mean of each construct (relationship, goals, value, engagement) by
 * survey: final a little above intro. */
static const double construct_mean[3][N_CONSTRUCTS] = {
    {4.00, 3.50, 3.90, 3.80},
    {4.00, 3.75, 4.00, 3.80},
    {4.15, 4.00, 4.20, 3.95},
};

static const double goal_count_w[4] = {0.20, 0.40, 0.28, 0.12}; /* 1..4 */
/* Goal weights 1, 1.5, 2, 3 and how often each is given. */
static const double weight_w[4] = {0.75, 0.08, 0.12, 0.05};
static const int weight_tenths[4] = {10, 15, 20, 30};

/* Free text for --messy (Windows-1252; no person, no digits). */
static const char *const comments[] = {
    "Bytte till digitala m\xF6ten under h\xF6sten.",
    "Adepten vill fokusera p\xE5 \"n\xE4sta steg\" i karri\xE4ren.",
    "Tr\xE4" "ffas oftast p\xE5 f\xF6rmiddagen.\n"
    "Uppf\xF6ljning efter sommaren.",
    "Afbud pga. sygdom; nyt m\xF8" "de aftales.",
    "M\xF8" "det flyttet til n\xE6ste uge \x96 begge var p\xE5 kursus.",
    "Koordinatorn noterade: \"bra start, tydliga m\xE5l\".",
    "Samtal om n\xE4tverk och \xE5terkoppling.\nMentorn delade egna "
    "erfarenheter.\nN\xE4sta g\xE5ng: rollspel.",
    "Parret har god kemi\x85 men lidt travlt.",
    "\xD6nskar byta till promenadm\xF6ten.",
    "M\xF8tet ble avlyst \x96 ny tid avtales.",
};
#define N_COMMENTS ((int)(sizeof comments / sizeof comments[0]))

static const char *const units_messy[] = {
    "Enhet Malm\xF6", "Avd. G\xF6teborg", "Afd. \xC5rhus", "Afd. N\xE6stved",
    "Avd. Troms\xF8", "Enhet V\xE4xj\xF6", "Enhet Ume\xE5", "Afd. K\xF8ge",
};
#define N_UNITS_MESSY ((int)(sizeof units_messy / sizeof units_messy[0]))
#define N_UNITS_PLAIN 24

/* ------------------------------------------------------ one pair's life */

struct pair_sim {
    long idx;                   /* 0-based; pair_id P<idx + 1> */
    const struct programme *prog;
    int cohort;                 /* start year */
    int32_t start, planned_end, len_days;
    double z;                   /* latent risk, N(0, 1) */
    int coordinator;            /* index within the programme's */
    int cross_org;
    int no_goals, n_goals;
    int early;                  /* ends early (perhaps after the export) */
    enum reason reason;
    int32_t end;                /* when it ends, even after the export */
    enum status status;         /* at the export date */
    int warn;                   /* shows warning signs before ending */
    int32_t warn_from;
    int32_t patch_from, patch_to;   /* a rough patch it recovers from */
    enum role fading;           /* the side that cancels when fading */
    double p_not_held, p_digital;
    double u[2][N_CONSTRUCTS];  /* pair-level construct effects by role */
};

/* ------------------------------------------------------------- writing */

struct expect {
    long line;
    const char *column;     /* "" for a whole-record rule */
    const char *rule;
};

struct sink {
    FILE *f;
    char *tmp;              /* temporary path, owned */
    char *path;             /* final path, owned */
    char *vbuf;             /* stdio buffer, owned */
    long line;              /* messy: physical line of the next record */
    char *last;             /* messy: the last loaded record (REC_MAX) */
    size_t last_len;
    struct expect exp[MAX_EXPECT];
    int n_exp;
    int next_bad;           /* messy: next bad-row template */
};

struct rec {
    size_t len;             /* bytes in buf */
    size_t keep;            /* len after the last non-empty field */
    int nf;                 /* fields so far */
    char buf[REC_MAX];
};

struct gen {
    const struct generate_opts *o;
    gsl_rng *r;             /* the simulation */
    gsl_rng *fr;            /* messy form and bad rows only, so messy and
                               plain output of a seed hold the same data */
    gsl_ran_discrete_t *t_prog_early, *t_prog_late, *t_reason[3];
    int late_from;          /* cohorts from then on use t_prog_late */
    gsl_ran_discrete_t *t_goals, *t_weight, *t_category[N_PROGRAMMES];
    int messy;
    char delim;
    const char *eol;
    size_t eol_len;
    double time_p;          /* messy: share of dates with a time */
    int32_t export_date;
    unsigned long n_meetings, n_goals, n_responses;  /* ids issued */
    unsigned long mentor_pool, person_mod;
    int overflow;           /* a record exceeded REC_MAX: a bug */
    struct sink s[F_COUNT];
    struct rec rec;
};

static double uniform(struct gen *g) { return gsl_rng_uniform(g->r); }

/* Uniform integer in lo..hi (inclusive). */
static int uniform_int(struct gen *g, int lo, int hi)
{
    return lo + (int)gsl_rng_uniform_int(g->r, (unsigned long)(hi - lo + 1));
}

static double fuzz(struct gen *g) { return gsl_rng_uniform(g->fr); }

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* v in decimal, zero-padded to at least width digits, at p.  Returns the
 * end. */
static char *fmt_uint(char *p, unsigned long v, int width)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

static void rec_begin(struct gen *g, double time_p)
{
    g->rec.len = g->rec.keep = 0;
    g->rec.nf = 0;
    g->time_p = time_p;
}

/* Append one field s[0..n): quoted (quotes doubled) when quote is set. */
static void rec_add(struct gen *g, const char *s, size_t n, int quote)
{
    struct rec *r = &g->rec;

    if (2 * n + 5 > REC_MAX - r->len) {
        g->overflow = 1;
        return;
    }
    if (r->nf++ > 0)
        r->buf[r->len++] = g->delim;
    if (n == 0)
        return;
    if (quote) {
        r->buf[r->len++] = '"';
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"')
                r->buf[r->len++] = '"';
            r->buf[r->len++] = s[i];
        }
        r->buf[r->len++] = '"';
    } else {
        /* Spaces around a value: ingest trims them. */
        int pad = g->messy && fuzz(g) < 0.03;
        if (pad)
            r->buf[r->len++] = ' ';
        memcpy(r->buf + r->len, s, n);
        r->len += n;
        if (pad)
            r->buf[r->len++] = ' ';
    }
    r->keep = r->len;
}

static void f_empty(struct gen *g) { rec_add(g, "", 0, 0); }

/* Text, quoted when it holds the delimiter, a quote or a line break. */
static void f_text(struct gen *g, const char *s)
{
    size_t n = strlen(s);
    int quote = 0;

    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == g->delim || s[i] == '"' || s[i] == '\n' ||
                s[i] == '\r';
    rec_add(g, s, n, quote);
}

static void f_id(struct gen *g, const char *prefix, unsigned long v,
                 int width)
{
    char buf[32];
    size_t n = strlen(prefix);

    memcpy(buf, prefix, n);
    rec_add(g, buf, (size_t)(fmt_uint(buf + n, v, width) - buf), 0);
}

static void f_int(struct gen *g, long v)
{
    char buf[24], *p = buf;

    if (v < 0)
        *p++ = '-';
    p = fmt_uint(p, v < 0 ? (unsigned long)-v : (unsigned long)v, 1);
    rec_add(g, buf, (size_t)(p - buf), 0);
}

/* t as DD.MM.YYYY plus NUL into out (11 bytes).  Returns the NUL. */
static char *dmy_format(int32_t t, char out[11])
{
    int y, m, d;
    char *p = out;

    date_to_ymd(t, &y, &m, &d);
    p = fmt_uint(p, (unsigned long)d, 2);
    *p++ = '.';
    p = fmt_uint(p, (unsigned long)m, 2);
    *p++ = '.';
    p = fmt_uint(p, (unsigned long)y, 4);
    *p = '\0';
    return p;
}

/* A date: ISO; messy DD.MM.YYYY, some with a time of day. */
static void f_date(struct gen *g, int32_t t)
{
    char buf[24], *p;

    if (!g->messy) {
        rec_add(g, date_format(t, buf), 10, 0);
        return;
    }
    p = dmy_format(t, buf);
    if (fuzz(g) < g->time_p) {
        *p++ = ' ';
        p = fmt_uint(p, 8 + gsl_rng_uniform_int(g->fr, 10), 2);
        *p++ = ':';
        p = fmt_uint(p, 15 * gsl_rng_uniform_int(g->fr, 4), 2);
    }
    rec_add(g, buf, (size_t)(p - buf), 0);
}

/* An enum value; messy: some Capitalised, some UPPER. */
static void f_enum(struct gen *g, const char *s)
{
    char buf[32];
    size_t n = strlen(s);
    double u;

    if (!g->messy || n >= sizeof buf || (u = fuzz(g)) < 0.6) {
        rec_add(g, s, n, 0);
        return;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((u < 0.85 && i > 0) || s[i] < 'a' || s[i] > 'z'
                            ? s[i] : s[i] - 'a' + 'A');
    rec_add(g, buf, n, 0);
}

static void f_bool(struct gen *g, int v)
{
    static const char *const forms[][2] = {
        {"nej", "ja"}, {"Nej", "Ja"}, {"0", "1"}, {"no", "yes"},
        {"FALSE", "TRUE"},
    };
    static const double cum[] = {0.5, 0.65, 0.85, 0.95, 1.0};
    int i = 2;

    if (g->messy) {
        double u = fuzz(g);
        for (i = 0; i < 4 && u >= cum[i]; i++)
            ;
    }
    rec_add(g, forms[i][v != 0], strlen(forms[i][v != 0]), 0);
}

/* A weight in tenths: "1", "1.5" (messy "1,5"). */
static void f_weight(struct gen *g, int tenths)
{
    char buf[16], *p = fmt_uint(buf, (unsigned long)(tenths / 10), 1);

    if (tenths % 10 != 0) {
        *p++ = g->messy ? ',' : '.';
        *p++ = (char)('0' + tenths % 10);
    }
    rec_add(g, buf, (size_t)(p - buf), 0);
}

/* messy: the free-text column, filled for a share p of the records. */
static void f_comment(struct gen *g, double p)
{
    if (fuzz(g) < p)
        f_text(g, comments[gsl_rng_uniform_int(g->fr, N_COMMENTS)]);
    else
        f_empty(g);
}

/* messy: note that the record starting at s->line must get rule. */
static void expect_add(struct gen *g, struct sink *s, const char *column,
                       const char *rule)
{
    if (s->n_exp < MAX_EXPECT)
        s->exp[s->n_exp++] = (struct expect){s->line, column, rule};
    else
        g->overflow = 1;
}

/* messy: a blank line, or the empty row Excel writes as ";;;;" (all
 * fields empty and unquoted); ingest skips both but counts the line. */
static void filler_write(struct gen *g, enum file_id fid, int empty_row)
{
    struct sink *s = &g->s[fid];

    for (int i = 1; empty_row && i < ncols_messy[fid]; i++)
        putc(';', s->f);
    fwrite(g->eol, 1, g->eol_len, s->f);
    s->line++;
}

/* Finish the record and write it to file fid.  rule NULL: a record ingest
 * loads (remembered for a duplicate); else the reject it must get. */
static void rec_write(struct gen *g, enum file_id fid, const char *column,
                      const char *rule)
{
    struct sink *s = &g->s[fid];
    struct rec *r = &g->rec;
    long lines = 0;

    if (g->messy && fuzz(g) < 0.4)
        r->len = r->keep;   /* trailing empty fields dropped */
    if (r->len + g->eol_len > REC_MAX) {
        g->overflow = 1;
        return;
    }
    memcpy(r->buf + r->len, g->eol, g->eol_len);
    r->len += g->eol_len;
    fwrite(r->buf, 1, r->len, s->f);
    if (!g->messy)
        return;
    for (size_t i = 0; i < r->len; i++)
        lines += r->buf[i] == '\n';
    if (rule != NULL) {
        expect_add(g, s, column, rule);
    } else {
        memcpy(s->last, r->buf, r->len);
        s->last_len = r->len;
    }
    s->line += lines;
    if (fuzz(g) < 0.04)
        filler_write(g, fid, 0);
    else if (fuzz(g) < 0.03)
        filler_write(g, fid, 1);
}

/* ---------------------------------------------------------- simulation */

static int cohort_of(long idx, long n)
{
    double x = ((double)idx + 0.5) / (double)n;
    int c = 0;

    while (c < N_COHORTS - 1 && x >= cohort_cum[c])
        c++;
    return FIRST_COHORT + c;
}

/* Start in the spring (Feb-Mar) or autumn (Sep-Oct) intake, or any time
 * of the year, never after the export date. */
static int32_t start_date(struct gen *g, int year)
{
    double u = uniform(g);
    int32_t jan1 = date_from_ymd(year, 1, 1);
    int32_t dec31 = date_from_ymd(year, 12, 31);
    int32_t t;

    if (dec31 > g->export_date)
        dec31 = g->export_date;
    if (u < 0.45)
        t = date_from_ymd(year, 2, 1) + uniform_int(g, 0, 57);
    else if (u < 0.85)
        t = date_from_ymd(year, 9, 1) + uniform_int(g, 0, 59);
    else
        t = jan1 + uniform_int(g, 0, dec31 - jan1);
    return t > g->export_date ? g->export_date : t;
}

static void pair_simulate(struct gen *g, long idx, struct pair_sim *p)
{
    int c, prog;
    double mult;
    int32_t e = g->export_date;

    memset(p, 0, sizeof *p);
    p->idx = idx;
    p->cohort = cohort_of(idx, g->o->pairs);
    c = p->cohort - FIRST_COHORT;
    prog = (int)gsl_ran_discrete(g->r, p->cohort >= g->late_from
                                           ? g->t_prog_late : g->t_prog_early);
    p->prog = &programmes[prog];
    p->start = start_date(g, p->cohort);
    p->len_days = date_months_to_days(p->prog->months);
    p->planned_end = p->start + p->len_days;
    p->z = gsl_ran_gaussian_ziggurat(g->r, 1.0);
    p->coordinator = uniform_int(g, 0, p->prog->coord_n - 1);
    p->cross_org = uniform(g) < 1.0 / 3.0;
    p->no_goals = uniform(g) < logistic(-2.5 + 0.3 * p->z);
    p->n_goals = p->no_goals ? 0 : 1 + (int)gsl_ran_discrete(g->r, g->t_goals);

    /* Early ending: discrete-time hazard, month by month. */
    mult = exp(p->prog->log_hazard + cohort_log_hazard[c] + 0.6 * p->z +
               0.3 * p->no_goals + 0.1 * p->cross_org +
               0.12 * (p->coordinator % 3 - 1) +
               (prog == 1 && p->cohort == 2022 ? 0.35 : 0) +
               (prog == 0 && p->cohort == 2024 ? -0.25 : 0));
    for (int k = 0; k < p->prog->months && !p->early; k++) {
        double h = base_hazard[k] * mult;
        double hg = k >= 5 ? GOALS_MET_HAZARD : 0.0;
        int32_t from = date_months_to_days(k), to = date_months_to_days(k + 1);

        if (uniform(g) >= 1.0 - exp(-(h + hg)))
            continue;
        p->early = 1;
        if (uniform(g) * (h + hg) < hg)
            p->reason = R_GOALS_MET;
        else
            p->reason = (enum reason)gsl_ran_discrete(
                g->r, g->t_reason[k < 3 ? 0 : k < 6 ? 1 : 2]);
        p->end = p->start + uniform_int(g, from > 3 ? from : 3, to - 1);
    }
    if (p->early) {
        p->status = p->end <= e ? S_ENDED_EARLY : S_ACTIVE;
    } else {
        p->end = p->planned_end + uniform_int(g, -14, 10);
        if (p->planned_end <= e) {
            if (p->end > e)
                p->end = p->planned_end - (p->end - p->planned_end);
            p->status = S_COMPLETED;
        } else {
            if (p->end <= e)
                p->end = e + 1;
            p->status = S_ACTIVE;
        }
    }

    /* Warning signs 1-3 months before most early endings; a rough patch
     * that passes for some others. */
    if (p->early && p->reason != R_GOALS_MET &&
        uniform(g) < (p->reason == R_CHEMISTRY ? 0.85 : 0.72)) {
        p->warn = 1;
        p->warn_from = p->end - uniform_int(g, 30, 90);
        if (p->warn_from < p->start + 7)
            p->warn_from = p->start + 7;
    }
    if (!p->early && p->len_days > 150 && uniform(g) < 0.15) {
        p->patch_from = p->start + uniform_int(g, 45, p->len_days - 100);
        p->patch_to = p->patch_from + uniform_int(g, 30, 60);
    }
    p->fading = uniform(g) < 0.6 ? ROLE_MENTEE : ROLE_MENTOR;
    p->p_not_held = logistic(-2.1 + 0.4 * p->z +
                             gsl_ran_gaussian_ziggurat(g->r, 0.3));
    p->p_digital = 0.2 + 0.6 * uniform(g);
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < N_CONSTRUCTS; k++)
            p->u[r][k] = gsl_ran_gaussian_ziggurat(g->r, 0.45);
}

/* ------------------------------------------------------------- pairs */

static void pair_write(struct gen *g, const struct pair_sim *p)
{
    const struct programme *pr = p->prog;
    unsigned long mentee =
        ((unsigned long)p->idx * 7919UL + 13UL) % (g->person_mod - 1) + 1;
    unsigned long unit;

    rec_begin(g, 0.1);
    f_id(g, "P", (unsigned long)p->idx + 1, 6);
    f_text(g, g->messy ? pr->name_messy : pr->name);
    if (uniform(g) < 0.02)
        f_empty(g);                         /* default: start year */
    else
        f_int(g, p->cohort);
    f_id(g, "M", 1 + gsl_rng_uniform_int(g->r, g->mentor_pool), 6);
    f_id(g, "A", mentee, 6);
    f_id(g, "C", (unsigned long)(pr->coord_first + p->coordinator), 2);
    unit = gsl_rng_uniform_int(g->r, N_UNITS_PLAIN);
    if (uniform(g) < 0.03)
        f_empty(g);
    else if (g->messy)
        f_text(g, units_messy[unit % N_UNITS_MESSY]);
    else
        f_id(g, "Unit ", unit + 1, 1);
    if (uniform(g) < 0.02)
        f_empty(g);
    else
        f_bool(g, p->cross_org);
    f_date(g, p->start);
    if (pr->write_planned)
        f_date(g, p->planned_end);
    else
        f_empty(g);
    f_enum(g, status_names[p->status]);
    if (p->status == S_ACTIVE)
        f_empty(g);
    else
        f_date(g, p->end);
    if (p->status == S_ENDED_EARLY)
        f_enum(g, reason_names[p->reason]);
    else
        f_empty(g);
    if (g->messy)
        f_comment(g, 0.25);
    rec_write(g, F_PAIRS, NULL, NULL);
}

/* ----------------------------------------------------------- meetings */

static void meeting_write(struct gen *g, const struct pair_sim *p,
                          int32_t date, enum kind kind, int fading,
                          double p_not_held)
{
    static const char *const by[] = {"mentee", "mentor"};
    int held = kind == K_INTRO || uniform(g) >= p_not_held;
    int cancelled = !held && uniform(g) < (fading ? 0.85 : 0.65);

    rec_begin(g, 0.12);
    f_id(g, "MT", ++g->n_meetings, 7);
    f_id(g, "P", (unsigned long)p->idx + 1, 6);
    f_date(g, date);
    f_enum(g, held ? "held" : cancelled ? "cancelled" : "no_show");
    if (held && uniform(g) >= 0.02) {
        double mean = kind == K_REGULAR ? 80.0 : 95.0;
        double m = mean + gsl_ran_gaussian_ziggurat(g->r, 15.0);
        int d = clamp_int(5 * (int)floor(m / 5.0 + 0.5), 60, 120);
        f_int(g, d);
    } else {
        f_empty(g);
    }
    if (!cancelled) {
        f_empty(g);
    } else {
        double u = uniform(g);
        if (fading)
            f_enum(g, by[u < 0.8 ? p->fading : !p->fading]);
        else if (u < 0.05)
            f_empty(g);
        else
            f_enum(g, by[u < 0.55 ? ROLE_MENTEE : ROLE_MENTOR]);
    }
    if (kind == K_REGULAR && uniform(g) < 0.1)
        f_empty(g);                         /* default: regular */
    else
        f_enum(g, kind_names[kind]);
    if (uniform(g) < 0.03)
        f_empty(g);
    else
        f_enum(g, uniform(g) < (kind == K_INTRO ? 0.2 : p->p_digital)
                      ? "digital" : "in_person");
    if (g->messy)
        f_comment(g, 0.08);
    rec_write(g, F_MEETINGS, NULL, NULL);
}

/* An intro on start_date, then every second week for two months and
 * monthly after, jittered; thinner and more often cancelled by one side
 * while a pair fades; a closing meeting for most completed pairs. */
static void pair_write_meetings(struct gen *g, const struct pair_sim *p)
{
    int32_t e = g->export_date, prev = p->start;

    meeting_write(g, p, p->start, K_INTRO, 0, 0.0);
    for (int k = 1;; k++) {
        int32_t t = k <= 4 ? 14 * k : 56 + date_months_to_days(k - 4);
        int32_t d = p->start + t + uniform_int(g, -3, 3);
        int warn, patch;

        if (d <= prev)
            d = prev + 1;
        if (d > e || (p->early ? d >= p->end : d > p->end - 10))
            break;
        prev = d;
        warn = p->warn && d >= p->warn_from;
        patch = p->patch_from != 0 && d >= p->patch_from && d < p->patch_to;
        if ((warn && uniform(g) < 0.3) || (patch && uniform(g) < 0.2))
            continue;                       /* a gap: not even scheduled */
        meeting_write(g, p, d, K_REGULAR, warn || patch,
                      warn ? 0.55 : patch ? 0.40 : p->p_not_held);
    }
    if (p->status == S_COMPLETED && uniform(g) < 0.75)
        meeting_write(g, p, p->end, K_CLOSING, 0, 0.04);
}

/* -------------------------------------------------------------- goals */

static void pair_write_goals(struct gen *g, const struct pair_sim *p)
{
    int32_t e = g->export_date, review = 0, mid, last;
    double mu = 0.0, pair_effect;

    if (p->n_goals == 0)
        return;
    /* The latest review: midway, or at the end (most completed pairs,
     * some early-ended ones). */
    mid = p->start + p->len_days / 2 + uniform_int(g, -10, 10);
    if (mid < p->end && mid <= e) {
        review = mid;
        mu = -0.1;
    }
    if ((p->status == S_COMPLETED && uniform(g) < 0.9) ||
        (p->status == S_ENDED_EARLY && uniform(g) < 0.25)) {
        int32_t fin = p->end + uniform_int(g, 0, 14);
        if (fin <= e) {
            review = fin;
            mu = p->status == S_COMPLETED ? 0.35
               : p->reason == R_GOALS_MET ? 1.1 : -0.7;
        }
    }
    mu -= 0.25 * p->z;
    pair_effect = gsl_ran_gaussian_ziggurat(g->r, 0.5);
    last = p->end < e ? p->end : e;
    for (int i = 0; i < p->n_goals; i++) {
        int32_t set = p->start + (i == 0 && uniform(g) < 0.3
                                      ? 0 : uniform_int(g, 3, 35));
        int reviewed;

        if (set > last)
            continue;
        rec_begin(g, 0.08);
        f_id(g, "G", ++g->n_goals, 7);
        f_id(g, "P", (unsigned long)p->idx + 1, 6);
        f_date(g, set);
        if (uniform(g) < 0.1) {
            f_empty(g);
        } else {
            int32_t target = p->planned_end - uniform_int(g, 0, 30);
            f_date(g, target > set ? target : set + 30);
        }
        if (uniform(g) < 0.05)
            f_empty(g);                     /* default weight 1 */
        else
            f_weight(g, weight_tenths[gsl_ran_discrete(g->r, g->t_weight)]);
        reviewed = review != 0 && review >= set && uniform(g) < 0.88;
        if (reviewed) {
            double a = mu + pair_effect + gsl_ran_gaussian_ziggurat(g->r, 0.8);
            f_int(g, clamp_int((int)floor(a + 0.5), -2, 2));
            f_date(g, review);
        } else {
            f_empty(g);
            f_empty(g);
        }
        if (uniform(g) < 0.03)
            f_empty(g);
        else
            f_text(g, category_names[gsl_ran_discrete(
                          g->r, g->t_category[p->prog - programmes])]);
        if (g->messy)
            f_comment(g, 0.1);
        rec_write(g, F_GOALS, NULL, NULL);
    }
}

/* -------------------------------------------------------- evaluations */

static void eval_write(struct gen *g, const struct pair_sim *p,
                       enum survey sv, enum role role, int32_t date)
{
    double shift[N_CONSTRUCTS], latent[N_CONSTRUCTS];
    double rel_z = -0.35 * p->z;
    int failing = p->early && p->reason != R_GOALS_MET;

    shift[0] = rel_z + (role == ROLE_MENTOR ? 0.1 : 0.0);
    shift[1] = -0.15 * p->z;
    shift[2] = -0.20 * p->z;
    shift[3] = -0.15 * p->z;
    if (p->early && p->reason == R_CHEMISTRY)
        shift[0] -= 0.8;                    /* visible from the intro on */
    if (p->warn && date >= p->warn_from) {
        shift[0] -= 0.9;
        shift[2] -= 0.5;
        shift[3] -= 0.4;
    }
    if (failing && sv == SV_MIDPOINT)
        shift[0] -= 0.4;
    if (p->patch_from != 0 && date >= p->patch_from &&
        date < p->patch_to + 30)
        shift[0] -= 0.5;
    if (sv == SV_FINAL && p->early) {
        shift[1] += p->reason == R_GOALS_MET ? 0.5 : -0.5;
        shift[2] -= failing ? 0.5 : 0.0;
    }
    for (int k = 0; k < N_CONSTRUCTS; k++)
        latent[k] = construct_mean[sv][k] + p->u[role][k] + shift[k] +
                    gsl_ran_gaussian_ziggurat(g->r, construct_sd[k]);

    rec_begin(g, 0.5);
    f_id(g, "R", ++g->n_responses, 7);
    f_id(g, "P", (unsigned long)p->idx + 1, 6);
    f_enum(g, role_names[role]);
    f_enum(g, survey_names[sv]);
    f_date(g, date);
    if (g->messy)
        f_comment(g, 0.12);
    for (int i = 0; i < N_ITEMS; i++) {
        double v = latent[item_construct[i]] + item_offset[i] +
                   gsl_ran_gaussian_ziggurat(g->r, 0.5);
        if (i == 1 && p->early && p->reason == R_CHEMISTRY)
            v -= 0.25;
        if (uniform(g) < 0.02)
            f_empty(g);
        else
            f_int(g, clamp_int((int)floor(v + 0.5), 1, 5));
    }
    if (uniform(g) < 0.04) {
        f_empty(g);
    } else {
        double v = 8.0 + 1.4 * (latent[2] - construct_mean[0][2]) +
                   gsl_ran_gaussian_ziggurat(g->r, 1.1);
        f_int(g, clamp_int((int)floor(v + 0.5), 0, 10));
    }
    rec_write(g, F_EVALS, NULL, NULL);
}

/* Intro from both roles soon after the intro meeting, midpoint halfway,
 * final after completion (and from some early-ended pairs); response
 * rates below 100%. */
static void pair_write_evals(struct gen *g, const struct pair_sim *p)
{
    static const double rate[3][2][2] = {
        /* {mentee, mentor} for completed/active, then early-ended */
        {{0.88, 0.82}, {0.85, 0.78}},
        {{0.70, 0.62}, {0.60, 0.50}},
        {{0.78, 0.72}, {0.30, 0.22}},
    };
    int32_t e = g->export_date;

    for (int sv = SV_INTRO; sv <= SV_FINAL; sv++) {
        for (int role = ROLE_MENTEE; role <= ROLE_MENTOR; role++) {
            int32_t d;
            int ok;

            if (sv == SV_INTRO) {
                d = p->start + uniform_int(g, 1, 14);
                ok = d <= p->end + 7;
            } else if (sv == SV_MIDPOINT) {
                d = p->start + p->len_days / 2 + uniform_int(g, -7, 21);
                ok = d < p->end;
            } else {
                d = p->end + uniform_int(g, 0, 21);
                ok = p->status != S_ACTIVE;
            }
            if (ok && d <= e && uniform(g) < rate[sv][p->early][role])
                eval_write(g, p, (enum survey)sv, (enum role)role, d);
        }
    }
}

/* ------------------------------------------------ bad rows (--messy) */

enum bad_base {
    B_ACTIVE, B_COMPLETED, B_EARLY,     /* pairs */
    B_HELD, B_CANCELLED,                /* meetings */
    B_REVIEWED, B_OPEN,                 /* goals */
    B_RESPONSE,                         /* evaluations */
};
#define COL_NONE -1
#define COL_EXTRA -2    /* one field more than the header */
#define COL_DUP -3      /* the last loaded record again */
#define COL_ORPHAN -4   /* valid, for a pair_id not in pairs.csv */

/* A valid record of base `base` with field col replaced by value (NULL:
 * the date `shift` days after the record's first date), and the reject it
 * must get (rule NULL: loaded). */
struct bad_row {
    enum bad_base base;
    int col;
    const char *value;
    int shift;
    const char *column;
    const char *rule;
};

static const struct bad_row bad_pairs[] = {
    {B_COMPLETED, 0, "", 0, "pair_id", "missing_value"},
    {B_ACTIVE, 7, "kanske", 0, "cross_org", "invalid_value"},
    {B_ACTIVE, 1, "", 0, "programme", "missing_value"},
    {B_ACTIVE, 8, "30.02.2025", 0, "start_date", "invalid_date"},
    {B_COMPLETED, 8, "", 0, "start_date", "missing_value"},
    {B_COMPLETED, 9, "2025/09/01", 0, "planned_end_date", "invalid_date"},
    {B_ACTIVE, 10, "", 0, "status", "missing_value"},
    {B_ACTIVE, 10, "pausad", 0, "status", "invalid_value"},
    {B_COMPLETED, 11, "31.06.2025", 0, "end_date", "invalid_date"},
    {B_EARLY, 11, "snart", 0, "end_date", "invalid_date"},
    {B_EARLY, 12, "flyttade", 0, "end_reason", "invalid_value"},
    {B_COMPLETED, 11, "", 0, "end_date", "missing_value"},
    {B_EARLY, 12, "", 0, "end_reason", "missing_value"},
    {B_ACTIVE, 11, NULL, 200, "end_date", "invalid_value"},
    {B_COMPLETED, 12, "time", 0, "end_reason", "invalid_value"},
    {B_COMPLETED, 11, NULL, -20, "end_date", "end_before_start"},
    {B_ACTIVE, 9, NULL, -30, "planned_end_date", "end_before_start"},
    {B_ACTIVE, COL_EXTRA, NULL, 0, "", "too_many_fields"},
    {B_ACTIVE, COL_DUP, NULL, 0, "pair_id", "duplicate_id"},
};

static const struct bad_row bad_meetings[] = {
    {B_HELD, COL_ORPHAN, NULL, 0, NULL, NULL},
    {B_HELD, 0, "", 0, "meeting_id", "missing_value"},
    {B_HELD, 1, "", 0, "pair_id", "missing_value"},
    {B_HELD, 2, "", 0, "date", "missing_value"},
    {B_HELD, 3, "", 0, "status", "missing_value"},
    {B_HELD, 2, "31.11.2025", 0, "date", "invalid_date"},
    {B_CANCELLED, 2, "2025.03.04", 0, "date", "invalid_date"},
    {B_HELD, 2, "ig\xE5r", 0, "date", "invalid_date"},
    {B_HELD, 3, "ombokad", 0, "status", "invalid_value"},
    {B_HELD, 4, "90 min", 0, "duration_min", "invalid_value"},
    {B_CANCELLED, 5, "koordinator", 0, "cancelled_by", "invalid_value"},
    {B_HELD, 6, "workshop", 0, "kind", "invalid_value"},
    {B_HELD, 7, "hybrid", 0, "mode", "invalid_value"},
    {B_HELD, 4, "0", 0, "duration_min", "out_of_range"},
    {B_HELD, 4, "601", 0, "duration_min", "out_of_range"},
    {B_HELD, 4, "-30", 0, "duration_min", "out_of_range"},
    {B_HELD, 4, "99999999999999999999", 0, "duration_min", "out_of_range"},
    {B_CANCELLED, 4, "60", 0, "duration_min", "invalid_value"},
    {B_HELD, 5, "mentor", 0, "cancelled_by", "invalid_value"},
    {B_HELD, COL_EXTRA, NULL, 0, "", "too_many_fields"},
    {B_HELD, COL_DUP, NULL, 0, "meeting_id", "duplicate_id"},
};

static const struct bad_row bad_goals[] = {
    {B_OPEN, COL_ORPHAN, NULL, 0, NULL, NULL},
    {B_REVIEWED, 0, "", 0, "goal_id", "missing_value"},
    {B_REVIEWED, 1, "", 0, "pair_id", "missing_value"},
    {B_OPEN, 2, "", 0, "set_date", "missing_value"},
    {B_REVIEWED, 6, "", 0, "review_date", "missing_value"},
    {B_OPEN, 2, "29.02.2025", 0, "set_date", "invalid_date"},
    {B_OPEN, 3, "Q4", 0, "target_date", "invalid_date"},
    {B_REVIEWED, 6, "2025-06-31", 0, "review_date", "invalid_date"},
    {B_OPEN, 4, "viktig", 0, "weight", "invalid_value"},
    {B_REVIEWED, 5, "1.5", 0, "attainment", "invalid_value"},
    {B_OPEN, 6, NULL, 120, "review_date", "invalid_value"},
    {B_REVIEWED, 5, "3", 0, "attainment", "out_of_range"},
    {B_REVIEWED, 5, "-3", 0, "attainment", "out_of_range"},
    {B_OPEN, 4, "0", 0, "weight", "out_of_range"},
    {B_OPEN, 4, "-1,5", 0, "weight", "out_of_range"},
    {B_REVIEWED, 6, NULL, -10, "review_date", "end_before_start"},
    {B_OPEN, 3, NULL, -30, "target_date", "end_before_start"},
    {B_OPEN, COL_EXTRA, NULL, 0, "", "too_many_fields"},
    {B_OPEN, COL_DUP, NULL, 0, "goal_id", "duplicate_id"},
};

static const struct bad_row bad_evals[] = {
    {B_RESPONSE, COL_ORPHAN, NULL, 0, NULL, NULL},
    {B_RESPONSE, 0, "", 0, "response_id", "missing_value"},
    {B_RESPONSE, 1, "", 0, "pair_id", "missing_value"},
    {B_RESPONSE, 2, "", 0, "role", "missing_value"},
    {B_RESPONSE, 3, "", 0, "survey", "missing_value"},
    {B_RESPONSE, 4, "", 0, "date", "missing_value"},
    {B_RESPONSE, 4, "32.01.2026", 0, "date", "invalid_date"},
    {B_RESPONSE, 4, "01-15-2026", 0, "date", "invalid_date"},
    {B_RESPONSE, 2, "koordinator", 0, "role", "invalid_value"},
    {B_RESPONSE, 3, "\xE5rlig", 0, "survey", "invalid_value"},
    {B_RESPONSE, 11, "4,5", 0, "q_usefulness", "invalid_value"},
    {B_RESPONSE, 14, "tio", 0, "recommend", "invalid_value"},
    {B_RESPONSE, 7, "6", 0, "q_chemistry", "out_of_range"},
    {B_RESPONSE, 6, "0", 0, "q_trust", "out_of_range"},
    {B_RESPONSE, 14, "11", 0, "recommend", "out_of_range"},
    {B_RESPONSE, 14, "-1", 0, "recommend", "out_of_range"},
    {B_RESPONSE, COL_EXTRA, NULL, 0, "", "too_many_fields"},
    {B_RESPONSE, COL_DUP, NULL, 0, "response_id", "duplicate_id"},
};

static const struct {
    const struct bad_row *rows;
    int n;
} bad_tables[F_EVALS + 1] = {
    {bad_pairs, (int)(sizeof bad_pairs / sizeof bad_pairs[0])},
    {bad_meetings, (int)(sizeof bad_meetings / sizeof bad_meetings[0])},
    {bad_goals, (int)(sizeof bad_goals / sizeof bad_goals[0])},
    {bad_evals, (int)(sizeof bad_evals / sizeof bad_evals[0])},
};

/* prefix + v zero-padded to width digits, NUL-terminated, into out. */
static void id_format(char out[24], const char *prefix, unsigned long v,
                      int width)
{
    size_t n = strlen(prefix);

    memcpy(out, prefix, n);
    *fmt_uint(out + n, v, width) = '\0';
}

/* Write bad-row template b of file fid, next to pair p (bad_no numbers
 * the injected records of the file, for fresh ids). */
static void bad_write(struct gen *g, enum file_id fid, const struct bad_row *b,
                      const struct pair_sim *p, int bad_no)
{
    char v[16][24];
    const char *field[16];
    int n = ncols_messy[fid];
    /* An anchor date well before the export, so no date passes it. */
    int32_t t0 = p->start < g->export_date - 500 ? p->start
                                                 : g->export_date - 500;
    unsigned long own = (unsigned long)p->idx + 1;
    unsigned long orphan = (unsigned long)g->o->pairs + 901;
    int32_t dates[3] = {0, 0, 0};   /* the record's dates, for `shift` */
    int date_col[3] = {-1, -1, -1};

    if (b->col == COL_DUP) {
        struct sink *s = &g->s[fid];
        long lines = 0;
        for (size_t i = 0; i < s->last_len; i++)
            lines += s->last[i] == '\n';
        expect_add(g, s, b->column, b->rule);
        fwrite(s->last, 1, s->last_len, s->f);
        s->line += lines;
        return;
    }
    for (int i = 0; i < 16; i++) {
        v[i][0] = '\0';
        field[i] = v[i];
    }
    switch (fid) {
    case F_PAIRS:
        id_format(v[0], "P", (unsigned long)(g->o->pairs + 1 + bad_no), 6);
        field[1] = p->prog->name_messy;
        id_format(v[3], "M", 1 + (unsigned long)bad_no, 6);
        id_format(v[4], "A", g->person_mod - 1 - (unsigned long)bad_no, 6);
        id_format(v[5], "C", (unsigned long)p->prog->coord_first, 2);
        field[6] = units_messy[bad_no % N_UNITS_MESSY];
        field[7] = "nej";
        dates[0] = t0;
        date_col[0] = 8;
        dates[1] = t0 + p->len_days;
        date_col[1] = 9;
        field[10] = status_names[b->base - B_ACTIVE];
        if (b->base != B_ACTIVE) {
            dates[2] = t0 + (b->base == B_EARLY ? 75 : p->len_days);
            date_col[2] = 11;
        }
        if (b->base == B_EARLY)
            field[12] = "time";
        {
            int y, m, d;   /* cohort: the start year */
            date_to_ymd(t0, &y, &m, &d);
            id_format(v[2], "", (unsigned long)y, 4);
        }
        break;
    case F_MEETINGS:
        id_format(v[0], "MT", ++g->n_meetings, 7);
        id_format(v[1], "P", b->col == COL_ORPHAN ? orphan : own, 6);
        dates[0] = t0 + 30;
        date_col[0] = 2;
        field[3] = b->base == B_HELD ? "held" : "cancelled";
        field[4] = b->base == B_HELD ? "75" : "";
        field[5] = b->base == B_HELD ? "" : "mentee";
        field[6] = "regular";
        field[7] = "digital";
        break;
    case F_GOALS:
        id_format(v[0], "G", ++g->n_goals, 7);
        id_format(v[1], "P", b->col == COL_ORPHAN ? orphan : own, 6);
        dates[0] = t0 + 10;
        date_col[0] = 2;
        dates[1] = t0 + 300;
        date_col[1] = 3;
        field[4] = "1";
        if (b->base == B_REVIEWED) {
            field[5] = "1";
            dates[2] = t0 + 160;
            date_col[2] = 6;
        }
        field[7] = "career";
        break;
    case F_EVALS:
        id_format(v[0], "R", ++g->n_responses, 7);
        id_format(v[1], "P", b->col == COL_ORPHAN ? orphan : own, 6);
        field[2] = "mentee";
        field[3] = "midpoint";
        dates[0] = t0 + 120;
        date_col[0] = 4;
        for (int i = 6; i < 14; i++)
            field[i] = "4";
        field[14] = "8";
        break;
    default:
        break;
    }
    for (int k = 0; k < 3; k++)
        if (date_col[k] >= 0)
            dmy_format(dates[k], v[date_col[k]]);
    if (b->col >= 0) {
        if (b->value != NULL) {
            field[b->col] = b->value;
        } else {
            dmy_format(dates[0] + b->shift, v[b->col]);
            field[b->col] = v[b->col];
        }
    }
    rec_begin(g, 0.0);
    for (int i = 0; i < n; i++)
        f_text(g, field[i]);
    if (b->col == COL_EXTRA)
        f_text(g, "OK");
    rec_write(g, fid, b->rule == NULL ? NULL : b->column, b->rule);
}

/* After pair i: the bad rows whose turn it is, spread evenly over the
 * pairs (template j goes after pair j * pairs / templates). */
static void bad_rows_after(struct gen *g, const struct pair_sim *p)
{
    for (int f = F_PAIRS; f <= F_EVALS; f++) {
        struct sink *s = &g->s[f];
        long long t = bad_tables[f].n;
        while (s->next_bad < t &&
               (long long)s->next_bad * g->o->pairs / t <= p->idx) {
            bad_write(g, (enum file_id)f, &bad_tables[f].rows[s->next_bad], p,
                      s->next_bad);
            s->next_bad++;
        }
    }
}

/* The end of the messy files: a blank line, an empty Excel row, and in
 * evaluations.csv a record whose quote is never closed. */
static void messy_tails(struct gen *g)
{
    for (int f = F_PAIRS; f <= F_EVALS; f++) {
        filler_write(g, (enum file_id)f, 0);
        filler_write(g, (enum file_id)f, 1);
    }
    {
        struct sink *s = &g->s[F_EVALS];
        char id[24], date[11];
        id_format(id, "R", ++g->n_responses, 7);
        dmy_format(g->export_date - 3, date);
        expect_add(g, s, "", "unterminated_quote");
        fprintf(s->f, "%s;P000001;mentee;final;%s;\"Svaret skickades "
                      "sent\r\n", id, date);
    }
}

static void rejects_write(struct gen *g)
{
    /* Sorted by file name, then line (each file's list is in line order). */
    static const enum file_id order[] = {F_EVALS, F_GOALS, F_MEETINGS,
                                         F_PAIRS};
    FILE *f = g->s[F_REJECTS].f;

    fprintf(f, "%s\n", headers_plain[F_REJECTS]);
    for (int i = 0; i < 4; i++) {
        const struct sink *s = &g->s[order[i]];
        for (int k = 0; k < s->n_exp; k++)
            fprintf(f, "%s,%ld,%s,%s\n", file_names[order[i]],
                    s->exp[k].line, s->exp[k].column, s->exp[k].rule);
    }
}

/* ------------------------------------------------------------- files */

/* mkdir -p: create dir and its missing parents. */
static enum ms_status dir_create(const char *dir, struct ms_err *e)
{
    char *p, *path = strdup(dir);
    enum ms_status st = MS_OK;
    struct stat sb;

    if (path == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    for (p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            st = err_set(e, MS_CANTCREAT, "cannot create directory '%s': %s",
                         path, strerror(errno));
            break;
        }
        *p = c;
        if (c == '\0')
            break;
    }
    if (st == MS_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = err_set(e, MS_CANTCREAT, "cannot create directory '%s': %s",
                     dir, stat(dir, &sb) != 0 ? strerror(errno)
                                              : "Not a directory");
    free(path);
    return st;
}

static char *path_join(const char *dir, const char *pre, const char *name,
                       const char *post)
{
    size_t n = strlen(dir) + strlen(pre) + strlen(name) + strlen(post) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s%s%s", dir, pre, name, post);
    return p;
}

static enum ms_status sink_open(struct gen *g, enum file_id fid,
                                struct ms_err *e)
{
    struct sink *s = &g->s[fid];
    int fd;

    s->path = path_join(g->o->out_dir, "", file_names[fid], "");
    s->tmp = path_join(g->o->out_dir, ".", file_names[fid], ".123456");
    if (s->tmp != NULL)   /* mkstemp's template: six X at the end */
        memset(s->tmp + strlen(s->tmp) - 6, 'X', 6);
    s->vbuf = malloc(IO_BUF);
    s->last = g->messy ? malloc(REC_MAX) : NULL;
    if (s->path == NULL || s->tmp == NULL || s->vbuf == NULL ||
        (g->messy && s->last == NULL))
        return err_set(e, MS_NOMEM, "out of memory");
    if ((fd = mkstemp(s->tmp)) < 0) {
        enum ms_status st = err_set(e, MS_CANTCREAT, "cannot create '%s': %s",
                                    s->path, strerror(errno));
        free(s->tmp);
        s->tmp = NULL;
        return st;
    }
    if (fchmod(fd, 0644) != 0 || (s->f = fdopen(fd, "wb")) == NULL) {
        enum ms_status st = err_set(e, MS_CANTCREAT, "cannot create '%s': %s",
                                    s->path, strerror(errno));
        close(fd);
        return st;
    }
    setvbuf(s->f, s->vbuf, _IOFBF, IO_BUF);
    if (fid == F_REJECTS)
        return MS_OK;
    if (g->messy)
        fprintf(s->f, "%s\r\n", headers_messy[fid]);
    else
        fprintf(s->f, "%s\n", headers_plain[fid]);
    s->line = 2;
    return MS_OK;
}

/* Close s; on error name its file in e. */
static enum ms_status sink_close(struct sink *s, struct ms_err *e)
{
    int failed;

    if (s->f == NULL)
        return MS_OK;
    failed = ferror(s->f) != 0;
    failed |= fclose(s->f) != 0;
    s->f = NULL;
    if (failed)
        return err_set(e, MS_CANTCREAT, "cannot write '%s': %s", s->path,
                       errno != 0 ? strerror(errno) : "write error");
    return MS_OK;
}

/* Release everything g holds; remove temporary files still there. */
static void gen_release(struct gen *g)
{
    for (int f = 0; f < F_COUNT; f++) {
        struct sink *s = &g->s[f];
        if (s->f != NULL)
            fclose(s->f);
        if (s->tmp != NULL)
            unlink(s->tmp);
        free(s->tmp);
        free(s->path);
        free(s->vbuf);
        free(s->last);
    }
    gsl_ran_discrete_free(g->t_prog_early);
    gsl_ran_discrete_free(g->t_prog_late);
    for (int k = 0; k < 3; k++)
        gsl_ran_discrete_free(g->t_reason[k]);
    gsl_ran_discrete_free(g->t_goals);
    gsl_ran_discrete_free(g->t_weight);
    for (int k = 0; k < N_PROGRAMMES; k++)
        gsl_ran_discrete_free(g->t_category[k]);
    if (g->r != NULL)
        gsl_rng_free(g->r);
    if (g->fr != NULL)
        gsl_rng_free(g->fr);
}

static enum ms_status gen_init(struct gen *g, const struct generate_opts *o,
                               struct ms_err *e)
{
    double early[N_PROGRAMMES], late[N_PROGRAMMES];
    unsigned long w = 1000000;

    g->o = o;
    g->messy = o->messy != 0;
    g->delim = g->messy ? ';' : ',';
    g->eol = g->messy ? "\r\n" : "\n";
    g->eol_len = strlen(g->eol);
    g->export_date = date_from_ymd(2026, 10, 31);
    while (w - 1 <= (unsigned long)o->pairs)
        w *= 10;
    /* Mentee ids 1..w-1, pair i -> (7919 i + 13) mod (w - 1) + 1: one to
     * one, as the prime 7919 divides no 10^k - 1 for k <= 10. */
    g->person_mod = w;
    g->mentor_pool = (unsigned long)o->pairs * 11 / 20 + 10;
    g->late_from = FIRST_COHORT;
    for (int k = 0; k < N_PROGRAMMES; k++) {
        late[k] = programmes[k].share;
        early[k] = programmes[k].first_cohort > FIRST_COHORT
                       ? 0.0 : programmes[k].share;
        if (programmes[k].first_cohort > g->late_from)
            g->late_from = programmes[k].first_cohort;
    }
    g->r = gsl_rng_alloc(gsl_rng_mt19937);
    g->fr = gsl_rng_alloc(gsl_rng_mt19937);
    g->t_prog_early = gsl_ran_discrete_preproc(N_PROGRAMMES, early);
    g->t_prog_late = gsl_ran_discrete_preproc(N_PROGRAMMES, late);
    for (int k = 0; k < 3; k++)
        g->t_reason[k] = gsl_ran_discrete_preproc(R_GOALS_MET, reason_w[k]);
    g->t_goals = gsl_ran_discrete_preproc(4, goal_count_w);
    g->t_weight = gsl_ran_discrete_preproc(4, weight_w);
    for (int k = 0; k < N_PROGRAMMES; k++)
        g->t_category[k] = gsl_ran_discrete_preproc(4, programmes[k].category);
    if (g->r == NULL || g->fr == NULL || g->t_prog_early == NULL ||
        g->t_prog_late == NULL || g->t_reason[0] == NULL ||
        g->t_reason[1] == NULL || g->t_reason[2] == NULL ||
        g->t_goals == NULL || g->t_weight == NULL ||
        g->t_category[0] == NULL || g->t_category[1] == NULL ||
        g->t_category[2] == NULL || g->t_category[3] == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    gsl_rng_set(g->r, o->seed);
    gsl_rng_set(g->fr, o->seed ^ 0x5eedUL);
    return MS_OK;
}

static enum ms_status gen_run(struct gen *g, struct ms_err *e)
{
    const struct generate_opts *o = g->o;
    long step = o->pairs / 100 > 0 ? o->pairs / 100 : 1;
    int nfiles = g->messy ? F_COUNT : F_REJECTS;
    enum ms_status st;
    struct pair_sim p;

    if ((st = dir_create(o->out_dir, e)) != MS_OK)
        return st;
    for (int f = 0; f < nfiles; f++)
        if ((st = sink_open(g, (enum file_id)f, e)) != MS_OK)
            return st;
    for (long i = 0; i < o->pairs; i++) {
        pair_simulate(g, i, &p);
        pair_write(g, &p);
        pair_write_meetings(g, &p);
        pair_write_goals(g, &p);
        pair_write_evals(g, &p);
        if (g->messy)
            bad_rows_after(g, &p);
        if (o->progress != NULL && (i + 1) % step == 0 && i + 1 < o->pairs)
            o->progress((double)(i + 1) / (double)o->pairs, o->progress_arg);
    }
    if (g->messy) {
        messy_tails(g);
        rejects_write(g);
    }
    if (g->overflow)
        return err_set(e, MS_SOFTWARE, "generate: a record outgrew its "
                       "buffer");
    for (int f = 0; f < nfiles; f++)
        if ((st = sink_close(&g->s[f], e)) != MS_OK)
            return st;
    for (int f = 0; f < nfiles; f++) {
        struct stat sb;   /* the one way a rename here can fail */
        if (stat(g->s[f].path, &sb) == 0 && S_ISDIR(sb.st_mode))
            return err_set(e, MS_CANTCREAT, "cannot create '%s': %s",
                           g->s[f].path, strerror(EISDIR));
    }
    for (int f = 0; f < nfiles; f++) {
        if (rename(g->s[f].tmp, g->s[f].path) != 0)
            return err_set(e, MS_CANTCREAT, "cannot create '%s': %s",
                           g->s[f].path, strerror(errno));
        free(g->s[f].tmp);
        g->s[f].tmp = NULL;
    }
    if (!g->messy) {
        /* A stale list from an earlier --messy run would mislead. */
        char *stale = path_join(o->out_dir, "", file_names[F_REJECTS], "");
        if (stale == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
        unlink(stale);
        free(stale);
    }
    if (o->progress != NULL)
        o->progress(1.0, o->progress_arg);
    return MS_OK;
}

enum ms_status generate_run(const struct generate_opts *o, struct ms_err *e)
{
    struct gen *g;
    enum ms_status st;
    gsl_error_handler_t *old;

    if (o == NULL || o->out_dir == NULL || o->out_dir[0] == '\0')
        return err_set(e, MS_USAGE, "generate: an output directory is "
                       "required (--out DIR)");
    if (o->pairs < 1)
        return err_set(e, MS_USAGE, "generate: --pairs must be at least 1, "
                       "not %ld", o->pairs);
    if ((g = calloc(1, sizeof *g)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    old = gsl_set_error_handler_off();
    st = gen_init(g, o, e);
    if (st == MS_OK)
        st = gen_run(g, e);
    gen_release(g);
    gsl_set_error_handler(old);
    free(g);
    return st;
}
