/*
 * task.c: one function on a second thread, joined (see task.h).
 */
#include "task.h"

#include <string.h>

/* The thread's body: run the task's function. */
static void *task_main(void *arg)
{
    struct task *t = arg;

    t->status = t->fn(t->arg, &t->err);
    return NULL;
}

void task_start(struct task *t, task_fn fn, void *arg)
{
    memset(t, 0, sizeof *t);
    t->fn = fn;
    t->arg = arg;
    t->active = 1;
    if (pthread_create(&t->thread, NULL, task_main, t) == 0) {
        t->threaded = 1;
        return;
    }
    task_main(t);
}

enum ms_status task_join(struct task *t, enum ms_status mine,
                         struct ms_err *e)
{
    if (!t->active)
        return mine;
    if (t->threaded)
        pthread_join(t->thread, NULL);
    t->active = 0;
    t->threaded = 0;
    if (mine != MS_OK || t->status == MS_OK)
        return mine;
    if (e != NULL)
        err_set(e, t->status, "%s", t->err.msg);
    return t->status;
}
