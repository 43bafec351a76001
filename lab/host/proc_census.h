/* proc_census: what this process holds (open fds and threads), to catch
 * a launcher that leaves something behind in isolab itself.
 *
 * Contract: census_take() lists /proc/self/fd and /proc/self/task.
 * census_check_settled() compares the process with an earlier census and
 * re-takes it every millisecond until the counts match or settle_ns has
 * passed: pthread_join() returns when the kernel clears the thread's tid,
 * a moment before the task leaves the thread group, and an fd closed by a
 * thread on its way out goes the same way, so a first look right after the
 * joins can see what is already going. Only what is still there then is a
 * leak; the message names each new fd by its link target (for example
 * "fd 9 -> anon_inode:kvm-vcpu") and each new thread by its name. */
#ifndef ISOLAB_PROC_CENSUS_H
#define ISOLAB_PROC_CENSUS_H

#include <stddef.h>
#include <stdint.h>

struct census {
	int nfds, nthreads;
	int *fds;     /* fd numbers, sorted */
	int *threads; /* tids, sorted */
};

/* Returns 0, or -1 (errno set) when /proc/self cannot be read. */
int census_take(struct census *c);
void census_free(struct census *c);

/* 0 when the process holds as many fds and threads as `before` (within
 * settle_ns); 1 when it does not, with msg saying what is new; -1 when
 * /proc/self cannot be read. */
int census_check_settled(const struct census *before, uint64_t settle_ns,
			 char *msg, size_t msglen);

#endif
