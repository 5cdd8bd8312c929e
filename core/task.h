/*
 * task.h: run one function on a second thread, and join it.
 *
 * The one way mentorstat overlaps work on two cores: a stage starts a
 * task, does its own part meanwhile, then joins; the first error wins.
 * When no thread can be had, the function runs at once on the caller's
 * thread, so a task never fails to run.
 *
 *     struct task t;
 *     task_start(&t, fill, &next);          // fill(&next, &t.err) meanwhile
 *     s = load(&current, e);
 *     s = task_join(&t, s, e);              // s, or fill's failure
 */
#ifndef MS_TASK_H
#define MS_TASK_H

#include <pthread.h>

#include "status.h"

/* A function a task runs: its status, with the details in e. */
typedef enum ms_status (*task_fn)(void *arg, struct ms_err *e);

/* One task.  The caller holds it (on its stack or in its context); the
 * fields are task.c's. */
struct task {
    task_fn fn;
    void *arg;
    enum ms_status status;     /* fn's, once joined */
    struct ms_err err;
    pthread_t thread;
    int threaded;              /* fn runs on thread */
    int active;                /* started, not yet joined */
};

/* Start fn(arg) on a second thread (or run it now on the caller's when no
 * thread can be started).  fn must not touch what the caller uses until
 * task_join.  This function can't fail. */
void task_start(struct task *t, task_fn fn, void *arg);

/* Wait for t's function to end.  Returns mine, the caller's own status,
 * when it is an error (the first error wins: e keeps its message), else
 * t's status, with t's message copied into e.  A task that was not
 * started (zeroed) or was joined already gives mine.  Every started task
 * must be joined. */
enum ms_status task_join(struct task *t, enum ms_status mine,
                         struct ms_err *e);

#endif
