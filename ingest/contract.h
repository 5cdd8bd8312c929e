/*
 * contract.h: the four export kinds of inputs.md as data.
 *
 * Each kind lists its columns in the contract's order with type, whether
 * required, enum words and numeric range.  ingest matches headers against
 * it; the README and schemas/ describe the same columns.
 */
#ifndef MS_CONTRACT_H
#define MS_CONTRACT_H

#include <stddef.h>

#include "vocab.h"

enum col_type {
    COL_TEXT,     /* trimmed text, any content */
    COL_DATE,     /* dates.h forms, stored YYYY-MM-DD */
    COL_ENUM,     /* one of words[], stored lowercase */
    COL_BOOL,     /* 1/0 true/false yes/no ja/nej, stored 1 or 0 */
    COL_INT,      /* whole number in [lo, hi] */
    COL_NUMBER    /* decimal number > 0 (weight) */
};

struct contract_column {
    const char *name;            /* header name, lowercase */
    enum col_type type;
    int required;                /* empty -> missing_value */
    const char *const *words;    /* COL_ENUM: NULL-terminated */
    long lo, hi;                 /* COL_INT range */
};

enum contract_kind_id { KIND_PAIRS, KIND_MEETINGS, KIND_GOALS, KIND_EVALUATIONS };

struct contract_kind {
    enum contract_kind_id id;
    const char *name;                    /* pairs, meetings, goals, evaluations */
    const struct contract_column *cols;  /* contract order */
    int ncols;
    int has_items;                       /* q_* columns are items */
};

extern const struct contract_kind contract_kinds[4];

/* The kind called name, or NULL.  This function can't fail. */
const struct contract_kind *contract_kind_find(const char *name);

/* Index of column name (lowercase) in kind, or -1. */
int contract_column_index(const struct contract_kind *k, const char *name);

/* Column indices, by kind, in contract order. */
enum { P_PAIR_ID, P_PROGRAMME, P_COHORT, P_MENTOR_ID, P_MENTEE_ID,
       P_COORDINATOR_ID, P_ORG_UNIT, P_CROSS_ORG, P_START_DATE,
       P_PLANNED_END_DATE, P_STATUS, P_END_DATE, P_END_REASON, P_NCOLS };
enum { M_MEETING_ID, M_PAIR_ID, M_DATE, M_STATUS, M_DURATION_MIN,
       M_CANCELLED_BY, M_KIND, M_MODE, M_NCOLS };
enum { G_GOAL_ID, G_PAIR_ID, G_SET_DATE, G_TARGET_DATE, G_WEIGHT,
       G_ATTAINMENT, G_REVIEW_DATE, G_CATEGORY, G_NCOLS };
enum { E_RESPONSE_ID, E_PAIR_ID, E_ROLE, E_SURVEY, E_DATE, E_RECOMMEND,
       E_NCOLS };

/* The enum columns' words are the schema's vocabulary: core/vocab.h. */

#define CONTRACT_MAX_COLS 16

#endif
