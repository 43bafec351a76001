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

ssize_t ct_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = 0, n;

	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1 &&
	       (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

void ct_parent_dir(const char *path, char *out, size_t len)
{
	char *slash;

	snprintf(out, len, "%s", path);
	slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}
