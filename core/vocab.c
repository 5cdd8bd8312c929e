/*
 * vocab.c: the words of the schema's vocabulary (see vocab.h).
 */
#include "vocab.h"

#include <string.h>

/* Each array has exactly COUNT words and the NULL: a word added to an enum
 * without its word (or the other way round) fails to compile. */
#define VOCAB_CHECK(arr, count) \
    _Static_assert(sizeof(arr) / sizeof((arr)[0]) == (count) + 1, \
                   #arr " must have one word per enum value")

const char *const vocab_pair_status[] = {
    [VOCAB_ACTIVE] = "active",
    [VOCAB_COMPLETED] = "completed",
    [VOCAB_ENDED_EARLY] = "ended_early",
    [VOCAB_PAIR_STATUS_COUNT] = NULL,
};
VOCAB_CHECK(vocab_pair_status, VOCAB_PAIR_STATUS_COUNT);

const char *const vocab_end_reason[] = {
    [VOCAB_CHEMISTRY] = "chemistry",
    [VOCAB_WORK_CHANGE] = "work_change",
    [VOCAB_CONFIDENTIALITY] = "confidentiality",
    [VOCAB_TIME] = "time",
    [VOCAB_LEFT_ORGANISATION] = "left_organisation",
    [VOCAB_GOALS_MET] = "goals_met",
    [VOCAB_OTHER] = "other",
    [VOCAB_END_REASON_COUNT] = NULL,
};
VOCAB_CHECK(vocab_end_reason, VOCAB_END_REASON_COUNT);

const char *const vocab_meeting_status[] = {
    [VOCAB_HELD] = "held",
    [VOCAB_CANCELLED] = "cancelled",
    [VOCAB_NO_SHOW] = "no_show",
    [VOCAB_MEETING_STATUS_COUNT] = NULL,
};
VOCAB_CHECK(vocab_meeting_status, VOCAB_MEETING_STATUS_COUNT);

const char *const vocab_meeting_kind[] = {
    [VOCAB_KIND_INTRO] = "intro",
    [VOCAB_KIND_REGULAR] = "regular",
    [VOCAB_KIND_CLOSING] = "closing",
    [VOCAB_MEETING_KIND_COUNT] = NULL,
};
VOCAB_CHECK(vocab_meeting_kind, VOCAB_MEETING_KIND_COUNT);

const char *const vocab_meeting_mode[] = {
    [VOCAB_IN_PERSON] = "in_person",
    [VOCAB_DIGITAL] = "digital",
    [VOCAB_MEETING_MODE_COUNT] = NULL,
};
VOCAB_CHECK(vocab_meeting_mode, VOCAB_MEETING_MODE_COUNT);

const char *const vocab_role[] = {
    [VOCAB_MENTOR] = "mentor",
    [VOCAB_MENTEE] = "mentee",
    [VOCAB_ROLE_COUNT] = NULL,
};
VOCAB_CHECK(vocab_role, VOCAB_ROLE_COUNT);

const char *const vocab_survey[] = {
    [VOCAB_INTRO] = "intro",
    [VOCAB_MIDPOINT] = "midpoint",
    [VOCAB_FINAL] = "final",
    [VOCAB_SURVEY_COUNT] = NULL,
};
VOCAB_CHECK(vocab_survey, VOCAB_SURVEY_COUNT);

int vocab_index(const char *const *list, const char *word)
{
    if (word == NULL)
        return -1;
    for (int i = 0; list[i]; i++)
        if (list[i][0] == word[0] && strcmp(list[i], word) == 0)
            return i;
    return -1;
}
