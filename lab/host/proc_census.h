/* proc_census: what this process holds (open fds and threads), to catch
 * a launcher that leaves something behind in isolab itself.
 *
 * Contract: census_take() lists /proc/self/fd and /proc/self/task.
 * census_check_settled() compares the process with an earlier census and
 * re-takes it every millisecond until it holds nothing the earlier one
 * did not (what has gone since is no leak) or settle_ns has passed:
 * pthread_join() returns when the kernel clears the thread's tid, a
 * moment before the task leaves the thread group, and an fd closed by a
 * thread on its way out goes the same way, so a first look right after
 * the joins can see what is already going. Only what is still there then
 * is a leak; the message names each new fd by its link target (for
 * example "fd 9 -> anon_inode:kvm-vcpu") and each new thread by its name.
 *
 * A thread with an fd table of its own (unshare(CLONE_FILES)) checks it
 * with census_own_table(): a census of its fds alone, read from
 * /proc/thread-self/fd, that census_check_settled() compares with. */
#ifndef ISOLAB_PROC_CENSUS_H
#define ISOLAB_PROC_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct census {
	int nfds, nthreads;
	int *fds;     /* fd numbers, sorted */
	int *threads; /* tids, sorted */
	bool own_table; /* fds of the calling thread's own table, no threads */
};

/* Returns 0, or -1 (errno set) when /proc/self cannot be read. */
int census_take(struct census *c);
void census_free(struct census *c);
/* What a thread's own table holds right after it was made: the fds in
 * `process` and `opened_since` (-1: none), for census_check_settled() to
 * read from /proc/thread-self/fd. 0, or -1 with errno ENOMEM. */
int census_own_table(const struct census *process, int opened_since,
		     struct census *out);

/* 0 when the process (or the calling thread's own table) holds no fd or
 * thread that `before` did not (within settle_ns); 1 when it does, with
 * msg saying what is new; -1 when /proc/self cannot be read. */
int census_check_settled(const struct census *before, uint64_t settle_ns,
			 char *msg, size_t msglen);

#endif
