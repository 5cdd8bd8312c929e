/*
 * dataset.h: the ingested data as of one date, read in one ordered pass.
 *
 * dataset_load() is the only analyze code that reads the data tables.  It
 * walks pairs, meetings, goals and evaluations together in pair_id order
 * (each table is clustered by pair), keeps what the statistics need per
 * pair and per evaluation, and drops everything dated after as_of.  The
 * statistics modules then work on these arrays without SQLite.
 */
#ifndef MS_DATASET_H
#define MS_DATASET_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "vocab.h"

#define DS_MAX_ITEMS 64
#define DS_MISSING INT8_MIN     /* an item not answered */

/* The schema's words as numbers (core/vocab.h): a stored word's index in
 * its vocab_ list is its number here. */
enum ds_status { DS_ACTIVE = VOCAB_ACTIVE, DS_COMPLETED = VOCAB_COMPLETED,
                 DS_ENDED_EARLY = VOCAB_ENDED_EARLY };
enum ds_role { DS_MENTOR = VOCAB_MENTOR, DS_MENTEE = VOCAB_MENTEE };
enum ds_survey { DS_INTRO = VOCAB_INTRO, DS_MIDPOINT = VOCAB_MIDPOINT,
                 DS_FINAL = VOCAB_FINAL };
enum ds_mstatus { DS_HELD = VOCAB_HELD, DS_CANCELLED = VOCAB_CANCELLED,
                  DS_NO_SHOW = VOCAB_NO_SHOW };
enum ds_mkind { DS_KIND_INTRO = VOCAB_KIND_INTRO,
                DS_KIND_REGULAR = VOCAB_KIND_REGULAR,
                DS_KIND_CLOSING = VOCAB_KIND_CLOSING };
/* mode and cancelled_by store the word's index + 1, 0 for none */
enum ds_mmode { DS_MODE_UNKNOWN = 0, DS_MODE_IN_PERSON = VOCAB_IN_PERSON + 1,
                DS_MODE_DIGITAL = VOCAB_DIGITAL + 1 };

/* One meeting of a pair, dated on or before as_of. */
struct ds_meeting {
    int32_t date;
    int16_t duration;      /* minutes, 0 when not given */
    uint8_t status;        /* enum ds_mstatus */
    uint8_t kind;          /* enum ds_mkind */
    uint8_t cancelled_by;  /* 0 none, 1 mentor, 2 mentee */
    uint8_t mode;          /* enum ds_mmode */
};

/* One goal of a pair, set on or before as_of. */
struct ds_goal {
    int32_t set_date;
    int32_t review_date;   /* valid when reviewed */
    double weight;
    int8_t level;          /* -2..2 when reviewed */
    uint8_t reviewed;      /* a review dated on or before as_of */
};

/* One questionnaire, dated on or before as_of. */
struct ds_eval {
    int32_t date;
    uint8_t survey;        /* enum ds_survey */
    uint8_t role;          /* enum ds_role */
    int8_t recommend;      /* 0..10, -1 when not answered */
};

/* One pair started on or before as_of, with its status AT as_of. */
struct ds_pair {
    const char *id;
    const char *coordinator;    /* NULL when none */
    const char *org_unit;       /* the mentee's unit; NULL when none */
    int programme, cohort;      /* indices into dataset.programmes/cohorts */
    int32_t start;
    int32_t end;                /* end_date if on or before as_of, else as_of */
    int32_t planned_end;        /* planned_end_date or start + planned length */
    uint8_t status;             /* enum ds_status at as_of */
    int8_t reason;              /* end_reason index when ended early, else -1 */
    int8_t cross_org;           /* 1, 0, or -1 unknown */
    /* goals */
    int n_goals, n_reviewed, n_met;
    int levels[5];              /* reviewed goals at -2..+2 */
    double gas_t;               /* NAN when no reviewed goal */
    /* attendance within [start, end] */
    int held, cancelled, no_show;
    long held_minutes;
};

struct dataset;

/* One pair's rows as the pass hands them over: valid only during the
 * call.  Meetings come by date, then meeting_id; goals by goal_id;
 * questionnaires by date, then response_id, with their item answers in
 * answers[i * dataset_stride(d) + item] (DS_MISSING when not answered). */
struct ds_rows {
    const struct ds_meeting *m;
    size_t nm;
    const struct ds_goal *g;
    size_t ng;
    const struct ds_eval *ev;
    size_t ne;
    const int8_t *answers;
};

/* Called once per pair, after its row is complete, with that pair's rows,
 * so that analyze can compute per-pair figures (risk features,
 * pair-periods, questionnaire tallies) without keeping every row in
 * memory.  Return MS_OK to go on. */
typedef enum ms_status (*ds_pair_fn)(void *ctx, const struct dataset *d,
                                     size_t pair_index,
                                     const struct ds_rows *rows,
                                     struct ms_err *e);

struct dataset {
    int32_t as_of;
    int32_t latest;             /* the latest date of the data, as
                                   dataset_default_as_of finds it */
    int has_latest;             /* 0: the data has no date at all */
    struct ds_pair *pairs;
    size_t n_pairs;
    char **programmes;          /* sorted, owned */
    int n_programmes;
    char **cohorts;             /* sorted, owned */
    int n_cohorts;
    int n_items;
    char item_names[DS_MAX_ITEMS][64];
    char item_construct[DS_MAX_ITEMS][64];  /* "" when none */
    int item_min[DS_MAX_ITEMS], item_max[DS_MAX_ITEMS];
    struct arena *strings;      /* ids and names */
    int8_t seen[DS_MAX_ITEMS];  /* item at each answers position, last row */
};

/* The default as_of: the latest start, end, meeting, review or evaluation
 * date in the database.  *found is 0 when there is no data at all. */
enum ms_status dataset_default_as_of(sqlite3 *db, int32_t *as_of, int *found,
                                     struct ms_err *e);

/* A cheap guess at the default as_of: the greatest batches.latest_date
 * of the loaded batches.  *found is 0 when a loaded batch has none (it
 * was loaded before migration 2) or nothing was loaded.  The guess can be
 * too high (a later batch replaced the row with the latest date): check it
 * against dataset.latest after dataset_load.  Errors: MS_IOERR. */
enum ms_status dataset_as_of_hint(sqlite3 *db, int32_t *as_of, int *found,
                                  struct ms_err *e);

/* The pairs started on or before as_of (the pairs dataset_load reads),
 * into *n.  Errors: MS_IOERR. */
enum ms_status dataset_count_pairs(sqlite3 *db, int32_t as_of, size_t *n,
                                   struct ms_err *e);

/* The pass runs in two parts from this many pairs on. */
#define DS_PART_MIN_PAIRS 50000

/* How many parts dataset_load should read in for n_pairs pairs: 2 (two
 * threads, each with its own connection, on the two halves of the pair
 * ids) for a database file with DS_PART_MIN_PAIRS pairs or more, else 1.
 * This function can't fail. */
int dataset_parts(sqlite3 *db, size_t n_pairs);

/* Read everything as of as_of into a new dataset (*out; free with
 * dataset_free).  Every row is read: those dated after as_of are skipped,
 * and (*out)->latest is the latest date of them all, the one
 * dataset_default_as_of would find.
 *
 * The pass runs in n_parts (1 or 2) parts over consecutive ranges of
 * pair ids; part 1, if any, on a thread of its own with a read connection
 * of its own (db must then be a database file, in a transaction that has
 * written nothing, so both see the same data).  Each part calls each_pair
 * (may be NULL) with its own ctx[k], once per pair in pair_id order, from
 * its own thread, with the part's own view of the dataset: pair_index
 * counts within the part.  After the load, the part's pairs are
 * (*out)->pairs[part_first[k] ..]: callers add their per-part results up
 * in part order, which gives what one part would have given.
 * Errors: MS_IOERR, MS_NOMEM, MS_SOFTWARE (n_parts), or what each_pair
 * returned; *out is NULL then. */
enum ms_status dataset_load(sqlite3 *db, int32_t as_of, int n_parts,
                            ds_pair_fn each_pair, void *const *ctx,
                            size_t *part_first, struct dataset **out,
                            struct ms_err *e);

/* Release d and everything it owns.  NULL is a no-op. */
void dataset_free(struct dataset *d);

/* Item index of name in d, or -1. */
int dataset_item_index(const struct dataset *d, const char *name);

/* Answers per questionnaire in ds_rows.answers: max(n_items, 1). */
static inline size_t dataset_stride(const struct dataset *d)
{
    return d->n_items > 0 ? (size_t)d->n_items : 1;
}

/* results.md "Mature pair": as_of - start_date >= planned days + 61, the
 * planned days being planned_end - start (planned_end holds the export's
 * planned_end_date or start + the programme's planned length).  A mature
 * pair has had its planned time and two months more to complete, so a
 * share over mature pairs neither flatters nor punishes a cohort that is
 * still running.  This function can't fail. */
static inline int ds_pair_mature(const struct ds_pair *p, int32_t as_of)
{
    return (long)as_of - (long)p->start >=
           (long)p->planned_end - (long)p->start + 61;
}

#endif
