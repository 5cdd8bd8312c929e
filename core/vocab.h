/*
 * vocab.h: the vocabulary of the schema, in one place.
 *
 * The words that the exports (inputs.md) and the results (results.md) use
 * for pair statuses, end reasons, meeting statuses, kinds and modes, roles
 * and surveys.  Each list is an enum whose numbers index a NULL-terminated
 * array of its words: ingest checks exported values against the arrays,
 * analyze turns stored words back into the enum numbers, and the report
 * translates the same words.  vocab.c ties every number to its word with a
 * designated initializer and a static assertion on the array's length, so
 * a word cannot be added to one side only.
 *
 *     int s = vocab_index(vocab_pair_status, "ended_early");
 *     // s == VOCAB_ENDED_EARLY
 */
#ifndef MS_VOCAB_H
#define MS_VOCAB_H

/* pairs.status */
enum vocab_pair_status {
    VOCAB_ACTIVE, VOCAB_COMPLETED, VOCAB_ENDED_EARLY, VOCAB_PAIR_STATUS_COUNT
};
/* pairs.end_reason */
enum vocab_end_reason {
    VOCAB_CHEMISTRY, VOCAB_WORK_CHANGE, VOCAB_CONFIDENTIALITY, VOCAB_TIME,
    VOCAB_LEFT_ORGANISATION, VOCAB_GOALS_MET, VOCAB_OTHER,
    VOCAB_END_REASON_COUNT
};
/* meetings.status */
enum vocab_meeting_status {
    VOCAB_HELD, VOCAB_CANCELLED, VOCAB_NO_SHOW, VOCAB_MEETING_STATUS_COUNT
};
/* meetings.kind */
enum vocab_meeting_kind {
    VOCAB_KIND_INTRO, VOCAB_KIND_REGULAR, VOCAB_KIND_CLOSING,
    VOCAB_MEETING_KIND_COUNT
};
/* meetings.mode */
enum vocab_meeting_mode {
    VOCAB_IN_PERSON, VOCAB_DIGITAL, VOCAB_MEETING_MODE_COUNT
};
/* evaluations.role, meetings.cancelled_by */
enum vocab_role { VOCAB_MENTOR, VOCAB_MENTEE, VOCAB_ROLE_COUNT };
/* evaluations.survey */
enum vocab_survey {
    VOCAB_INTRO, VOCAB_MIDPOINT, VOCAB_FINAL, VOCAB_SURVEY_COUNT
};

/* The words, indexed by the enums above, each list NULL-terminated. */
extern const char *const vocab_pair_status[VOCAB_PAIR_STATUS_COUNT + 1];
extern const char *const vocab_end_reason[VOCAB_END_REASON_COUNT + 1];
extern const char *const vocab_meeting_status[VOCAB_MEETING_STATUS_COUNT + 1];
extern const char *const vocab_meeting_kind[VOCAB_MEETING_KIND_COUNT + 1];
extern const char *const vocab_meeting_mode[VOCAB_MEETING_MODE_COUNT + 1];
extern const char *const vocab_role[VOCAB_ROLE_COUNT + 1];
extern const char *const vocab_survey[VOCAB_SURVEY_COUNT + 1];

/* The index of word in the NULL-terminated list, or -1 when word is NULL
 * or not in it.  This function can't fail. */
int vocab_index(const char *const *list, const char *word);

#endif
