/*
 * msg.h: messages and progress on standard error.
 *
 * Standard output is for results a script reads; everything for people goes
 * to stderr through these functions.  --quiet silences all but errors;
 * progress is drawn only when stderr is a terminal.
 */
#ifndef MS_MSG_H
#define MS_MSG_H

#include <stdint.h>

/* Silence warnings, notes and progress (errors still print). */
void msg_set_quiet(int quiet);
int msg_quiet(void);

/* "mentorstat: error: ..." always; warning/note unless quiet. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A progress line "label  37% (12.3 of 33.1 MB)" redrawn at most ten
 * times a second while stderr is a terminal and not quiet.  progress_start
 * counts bytes (total may be 0 when unknown); set p->bytes = 0 after it to
 * count anything else (shown as a percentage of total).  progress_done()
 * erases the line. */
struct progress {
    const char *label;
    uint64_t total;
    double last;     /* monotonic seconds of the last redraw */
    int active;      /* drawing at all */
    int drawn;       /* a line is on screen */
    int bytes;       /* done/total are bytes: show MB too */
};
void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_done(struct progress *p);

#endif
