#include "lab/host/thread_stacks.h"

#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102 /* Linux 6.13; older headers lack it */
#endif

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static char *slot_at(const struct thread_stacks *ts, size_t i)
{
	return ts->base + i * ts->slot;
}

int thread_stacks_map(struct thread_stacks *ts, size_t count,
		      size_t stack_size, struct err *err)
{
	size_t guard = page_size();

	ts->slot = guard + stack_size;
	ts->count = count;
	ts->base = mmap(NULL, count * ts->slot, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE,
			-1, 0);
	if (ts->base == MAP_FAILED) {
		ts->base = NULL;
		return err_sys(err, "cannot map %zu thread stacks", count);
	}
	/* The first slot's guard tells whether this kernel has markers. */
	ts->guard_markers = madvise(ts->base, guard, MADV_GUARD_INSTALL) == 0;
	for (size_t i = ts->guard_markers ? 1 : 0; i < count; i++) {
		int rc = ts->guard_markers
				 ? madvise(slot_at(ts, i), guard, MADV_GUARD_INSTALL)
				 : mprotect(slot_at(ts, i), guard, PROT_NONE);

		if (rc < 0) {
			err_sys(err, "cannot guard thread stack %zu", i);
			thread_stacks_unmap(ts);
			return -1;
		}
	}
	return 0;
}

int thread_stacks_use(const struct thread_stacks *ts, size_t i,
		      pthread_attr_t *attr)
{
	size_t guard = page_size();

	return pthread_attr_setstack(attr, slot_at(ts, i) + guard,
				     ts->slot - guard);
}

void thread_stacks_hide(const struct thread_stacks *ts, size_t i)
{
	/* Hiding only the stack would leave each PROT_NONE guard a mapping
	 * fork still copies; hide the whole slot. */
	(void)madvise(slot_at(ts, i), ts->slot, MADV_DONTFORK);
}

void thread_stacks_show_all(const struct thread_stacks *ts)
{
	if (ts->base)
		(void)madvise(ts->base, ts->count * ts->slot, MADV_DOFORK);
}

void thread_stacks_unmap(struct thread_stacks *ts)
{
	if (ts->base)
		munmap(ts->base, ts->count * ts->slot);
	ts->base = NULL;
}
