#include "lab/host/proc_census.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/host/procfs.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Where the fds of a census are listed, and named one by one. */
static const char *fd_dir(bool own_table)
{
	return own_table ? "/proc/thread-self/fd" : "/proc/self/fd";
}

static int take(struct census *c, bool own_table)
{
	memset(c, 0, sizeof(*c));
	c->own_table = own_table;
	if (procfs_list_numbers(fd_dir(own_table), true, &c->fds, &c->nfds) < 0)
		return -1;
	if (own_table)
		return 0;
	if (procfs_list_numbers("/proc/self/task", false, &c->threads, &c->nthreads) < 0) {
		census_free(c);
		return -1;
	}
	return 0;
}

int census_take(struct census *c)
{
	return take(c, false);
}

void census_free(struct census *c)
{
	free(c->fds);
	free(c->threads);
	memset(c, 0, sizeof(*c));
}

static bool contains(const int *v, int n, int x)
{
	return bsearch(&x, v, (size_t)n, sizeof(*v), cmp_int) != NULL;
}

int census_own_table(const struct census *process, int opened_since,
		     struct census *out)
{
	memset(out, 0, sizeof(*out));
	out->own_table = true;
	out->fds = malloc(((size_t)process->nfds + 1) * sizeof(int));
	if (!out->fds) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(out->fds, process->fds, (size_t)process->nfds * sizeof(int));
	out->nfds = process->nfds;
	if (opened_since >= 0 && !contains(out->fds, out->nfds, opened_since)) {
		out->fds[out->nfds++] = opened_since;
		qsort(out->fds, (size_t)out->nfds, sizeof(int), cmp_int);
	}
	return 0;
}

__attribute__((format(printf, 4, 5)))
static void append(char *msg, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

/* What a /proc/self link or file says, or "?" once it is gone. */
static void read_proc(const char *path, bool is_link, char *out, size_t len)
{
	ssize_t n = -1;

	if (is_link) {
		n = readlink(path, out, len - 1);
	} else {
		FILE *f = fopen(path, "re");

		if (f && fgets(out, (int)len, f))
			n = (ssize_t)strcspn(out, "\n");
		if (f)
			fclose(f);
	}
	if (n <= 0)
		snprintf(out, len, "?");
	else
		out[n] = '\0';
}

/* ": new fd 9 -> anon_inode:kvm-vcpu, thread 1234 (isolab-vcpu)" for
 * whatever `now` holds that `before` did not. */
static void describe_new(const struct census *before,
			 const struct census *now, char *msg, size_t len,
			 size_t used)
{
	const char *sep = ": new ";
	char path[64], what[160];

	for (int i = 0; i < now->nfds; i++) {
		if (contains(before->fds, before->nfds, now->fds[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%d", fd_dir(now->own_table),
			 now->fds[i]);
		read_proc(path, true, what, sizeof(what));
		append(msg, len, &used, "%sfd %d -> %s", sep, now->fds[i], what);
		sep = ", ";
	}
	for (int i = 0; i < now->nthreads; i++) {
		if (contains(before->threads, before->nthreads, now->threads[i]))
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%d/comm",
			 now->threads[i]);
		read_proc(path, false, what, sizeof(what));
		append(msg, len, &used, "%sthread %d (%s)", sep,
		       now->threads[i], what);
		sep = ", ";
	}
}

/* Whether `now` holds an fd or a thread that `before` did not. What was
 * there before and is gone (a thread of an earlier step on its way out
 * when `before` was taken) is no leak. */
static bool has_new(const struct census *before, const struct census *now)
{
	for (int i = 0; i < now->nfds; i++)
		if (!contains(before->fds, before->nfds, now->fds[i]))
			return true;
	for (int i = 0; i < now->nthreads; i++)
		if (!contains(before->threads, before->nthreads, now->threads[i]))
			return true;
	return false;
}

int census_check_settled(const struct census *before, uint64_t settle_ns,
			 char *msg, size_t msglen)
{
	uint64_t deadline = clock_now_ns() + settle_ns;
	struct census now;
	size_t used;
	int n;

	for (;;) {
		if (take(&now, before->own_table) < 0)
			return -1;
		if (!has_new(before, &now)) {
			census_free(&now);
			return 0;
		}
		if (clock_now_ns() >= deadline)
			break;
		census_free(&now);
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	if (before->own_table)
		n = snprintf(msg, msglen,
			     "leak: %d fds in a thread's own table before, %d after",
			     before->nfds, now.nfds);
	else
		n = snprintf(msg, msglen,
			     "leak: %d fds and %d threads before, %d and %d after",
			     before->nfds, before->nthreads, now.nfds,
			     now.nthreads);
	used = n > 0 ? (size_t)n : 0;
	describe_new(before, &now, msg, msglen, used);
	census_free(&now);
	return 1;
}
