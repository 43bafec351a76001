/* thread_stacks: the stacks of many threads in one mapping, each of which
 * a fork can be told to leave out while its thread only waits. The
 * micro-VM maps its vCPU thread's stack here too (a set of one), for the
 * guard: a marker costs no mprotect, which in a process holding VMs walks
 * every VM's MMU notifier.
 *
 * A fork copies every mapping of the process. With a thread per held
 * instance (isolab density), 1000 glibc thread stacks are 2000 mappings
 * (stack and guard), and each further fork of a launch copied them all.
 * A stack hidden with thread_stacks_hide (MADV_DONTFORK) is left out, and
 * hidden neighbours merge into one mapping. That needs guard pages that
 * are not mappings of their own: MADV_GUARD_INSTALL markers (Linux 6.13
 * and later). Elsewhere the guards are PROT_NONE pages, as glibc's: still
 * safe, but every stack stays a mapping of its own.
 *
 * A child forked on a hidden stack would have no stack: hide a thread's
 * stack only while that thread forks nothing, and show them all again
 * before it might (see on_ready in lab/core/launcher.h). And while any
 * stack is hidden, no thread may call glibc's fork() (nor system(),
 * popen()): glibc keeps each thread's descriptor at the top of a stack
 * given with pthread_attr_setstack, and fork() rewrites the thread list
 * in its child, through the descriptors that are not there. _Fork(), the
 * raw clone3 and clone() with a stack of their own do not touch them. */
#ifndef ISOLAB_THREAD_STACKS_H
#define ISOLAB_THREAD_STACKS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "lab/host/err.h"

struct thread_stacks {
	char *base;        /* count slots of a guard page, then a stack */
	size_t slot, count;
	bool guard_markers; /* guards are markers, not mappings */
};

/* Map count stacks of stack_size bytes (a multiple of the page size). */
int thread_stacks_map(struct thread_stacks *ts, size_t count,
		      size_t stack_size, struct err *err);
/* Give a thread to be created stack i. */
int thread_stacks_use(const struct thread_stacks *ts, size_t i,
		      pthread_attr_t *attr);
/* Leave stack i out of later forks; best effort (it only saves time). */
void thread_stacks_hide(const struct thread_stacks *ts, size_t i);
/* Let every stack be copied by forks again. */
void thread_stacks_show_all(const struct thread_stacks *ts);
/* Unmap them; every thread using one must have been joined. */
void thread_stacks_unmap(struct thread_stacks *ts);

#endif
