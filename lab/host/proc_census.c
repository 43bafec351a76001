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

int census_take(struct census *c)
{
	memset(c, 0, sizeof(*c));
	if (procfs_list_numbers("/proc/self/fd", true, &c->fds, &c->nfds) < 0)
		return -1;
	if (procfs_list_numbers("/proc/self/task", false, &c->threads, &c->nthreads) < 0) {
		census_free(c);
		return -1;
	}
	return 0;
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
		snprintf(path, sizeof(path), "/proc/self/fd/%d", now->fds[i]);
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

int census_check_settled(const struct census *before, uint64_t settle_ns,
			 char *msg, size_t msglen)
{
	uint64_t deadline = clock_now_ns() + settle_ns;
	struct census now;
	size_t used;
	int n;

	for (;;) {
		if (census_take(&now) < 0)
			return -1;
		if (now.nfds == before->nfds &&
		    now.nthreads == before->nthreads) {
			census_free(&now);
			return 0;
		}
		if (clock_now_ns() >= deadline)
			break;
		census_free(&now);
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	n = snprintf(msg, msglen,
		     "leak: %d fds and %d threads before, %d and %d after",
		     before->nfds, before->nthreads, now.nfds, now.nthreads);
	used = n > 0 ? (size_t)n : 0;
	describe_new(before, &now, msg, msglen, used);
	census_free(&now);
	return 1;
}
