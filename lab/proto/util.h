/* util: the helpers every file would otherwise copy.
 *   ARRAY_SIZE(a)  the number of elements of an array (not a pointer)
 *   close_fd(&fd)  close fd if open and set it to -1, so a second call
 *                  (a cleanup after a partial setup) does nothing
 *   close_fds(fds, n)  close each of n fds that is open
 * The freestanding workload (no libc) gets ARRAY_SIZE only. */
#ifndef ISOLAB_UTIL_H
#define ISOLAB_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if __STDC_HOSTED__
#include <unistd.h>

static inline void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static inline void close_fds(const int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}
#endif

#endif
