/* seccomp_notify: names the calls `--seccomp strict` blocks.
 *
 * A program that is not isolab-workload (a --binary) makes calls outside
 * the strict allowlist, and fails in ways that do not say why (glibc exits
 * 127, musl crashes). So the strict filter sends each such call to a
 * listener (SECCOMP_RET_USER_NOTIF) instead of failing it in the kernel.
 * isolab takes the listener from the container child before its exec
 * (pidfd_getfd), and a thread answers every call with EPERM - exactly what
 * the kernel-side rule answered - while it keeps the first call's number
 * and the count. No ptrace, no change to what the workload sees.
 *
 * Contract: ct_notify_init() before anything else; ct_notify_start() takes
 * the listener fd over (closes it even on failure); ct_notify_stop() may be
 * called at any point and more than once; first_nr and blocked are final
 * once it returned. */
#ifndef ISOLAB_CONTAINER_SECCOMP_NOTIFY_H
#define ISOLAB_CONTAINER_SECCOMP_NOTIFY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lab/host/err.h"

struct ct_notify {
	int listener;     /* the filter's listener fd, -1 when none */
	int stop_fd;      /* eventfd: the thread ends when it is written */
	pthread_t thread;
	bool started;
	int first_nr;     /* the first blocked call, -1 when none */
	uint64_t blocked; /* how many calls were blocked */
};

void ct_notify_init(struct ct_notify *n);
int ct_notify_start(struct ct_notify *n, int listener, struct err *err);
void ct_notify_stop(struct ct_notify *n);

/* "blocked by --seccomp strict: mprotect (10), and 3 more calls" into buf
 * (empty when nothing was blocked). */
void ct_notify_describe(const struct ct_notify *n, char *buf, size_t len);

#endif
