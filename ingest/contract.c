/*
 * contract.c: the column tables of inputs.md (see contract.h).
 */
#include "contract.h"

#include <string.h>

static const struct contract_column pairs_cols[P_NCOLS] = {
    {"pair_id", COL_TEXT, 1, NULL, 0, 0},
    {"programme", COL_TEXT, 1, NULL, 0, 0},
    {"cohort", COL_TEXT, 0, NULL, 0, 0},
    {"mentor_id", COL_TEXT, 0, NULL, 0, 0},
    {"mentee_id", COL_TEXT, 0, NULL, 0, 0},
    {"coordinator_id", COL_TEXT, 0, NULL, 0, 0},
    {"org_unit", COL_TEXT, 0, NULL, 0, 0},
    {"cross_org", COL_BOOL, 0, NULL, 0, 0},
    {"start_date", COL_DATE, 1, NULL, 0, 0},
    {"planned_end_date", COL_DATE, 0, NULL, 0, 0},
    {"status", COL_ENUM, 1, vocab_pair_status, 0, 0},
    {"end_date", COL_DATE, 0, NULL, 0, 0},
    {"end_reason", COL_ENUM, 0, vocab_end_reason, 0, 0},
};

static const struct contract_column meetings_cols[M_NCOLS] = {
    {"meeting_id", COL_TEXT, 1, NULL, 0, 0},
    {"pair_id", COL_TEXT, 1, NULL, 0, 0},
    {"date", COL_DATE, 1, NULL, 0, 0},
    {"status", COL_ENUM, 1, vocab_meeting_status, 0, 0},
    {"duration_min", COL_INT, 0, NULL, 1, 600},
    {"cancelled_by", COL_ENUM, 0, vocab_role, 0, 0},
    {"kind", COL_ENUM, 0, vocab_meeting_kind, 0, 0},
    {"mode", COL_ENUM, 0, vocab_meeting_mode, 0, 0},
};

static const struct contract_column goals_cols[G_NCOLS] = {
    {"goal_id", COL_TEXT, 1, NULL, 0, 0},
    {"pair_id", COL_TEXT, 1, NULL, 0, 0},
    {"set_date", COL_DATE, 1, NULL, 0, 0},
    {"target_date", COL_DATE, 0, NULL, 0, 0},
    {"weight", COL_NUMBER, 0, NULL, 0, 0},
    {"attainment", COL_INT, 0, NULL, -2, 2},
    {"review_date", COL_DATE, 0, NULL, 0, 0},
    {"category", COL_TEXT, 0, NULL, 0, 0},
};

static const struct contract_column evaluations_cols[E_NCOLS] = {
    {"response_id", COL_TEXT, 1, NULL, 0, 0},
    {"pair_id", COL_TEXT, 1, NULL, 0, 0},
    {"role", COL_ENUM, 1, vocab_role, 0, 0},
    {"survey", COL_ENUM, 1, vocab_survey, 0, 0},
    {"date", COL_DATE, 1, NULL, 0, 0},
    {"recommend", COL_INT, 0, NULL, 0, 10},
};

const struct contract_kind contract_kinds[4] = {
    {KIND_PAIRS, "pairs", pairs_cols, P_NCOLS, 0},
    {KIND_MEETINGS, "meetings", meetings_cols, M_NCOLS, 0},
    {KIND_GOALS, "goals", goals_cols, G_NCOLS, 0},
    {KIND_EVALUATIONS, "evaluations", evaluations_cols, E_NCOLS, 1},
};

const struct contract_kind *contract_kind_find(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(contract_kinds[i].name, name) == 0)
            return &contract_kinds[i];
    return NULL;
}

int contract_column_index(const struct contract_kind *k, const char *name)
{
    for (int i = 0; i < k->ncols; i++)
        if (strcmp(k->cols[i].name, name) == 0)
            return i;
    return -1;
}
