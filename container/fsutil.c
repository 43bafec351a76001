#include "container/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int ct_write_file(const char *path, const char *text)
{
	return ct_write_file_at(AT_FDCWD, path, text);
}

int ct_write_file_at(int dir, const char *path, const char *text)
{
	int fd = openat(dir, path, O_WRONLY | O_CLOEXEC);
	ssize_t n, len = (ssize_t)strlen(text);
	int saved;

	if (fd < 0)
		return -1;
	n = write(fd, text, (size_t)len);
	saved = errno;
	close(fd);
	if (n == len)
		return 0;
	errno = n < 0 ? saved : EIO;
	return -1;
}

void ct_parent_dir(const char *path, char *out, size_t len)
{
	char *slash;

	snprintf(out, len, "%s", path);
	slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}
