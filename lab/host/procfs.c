#include "lab/host/procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The first line of path for which match() is true, into line. */
static int find_line(const char *path, char *line, size_t len,
		     bool (*match)(const char *line, const char *key),
		     const char *key)
{
	FILE *f = fopen(path, "re");
	int rc = -1;

	if (!f)
		return -1;
	while (rc < 0 && fgets(line, (int)len, f))
		if (match(line, key))
			rc = 0;
	fclose(f);
	return rc;
}

static bool field_line(const char *line, const char *field)
{
	size_t n = strlen(field);

	return strncmp(line, field, n) == 0 && line[n] == ':';
}

static bool key_line(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ' ';
}

int procfs_status_field(pid_t pid, const char *field, char *value,
			size_t len)
{
	char path[64], line[256];
	const char *v;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	if (find_line(path, line, sizeof(line), field_line, field) < 0)
		return -1;
	v = line + strlen(field) + 1;
	v += strspn(v, " \t");
	snprintf(value, len, "%.*s", (int)strcspn(v, "\n"), v);
	return 0;
}

int64_t procfs_field_kib(const char *path, const char *field)
{
	char line[256];

	if (find_line(path, line, sizeof(line), field_line, field) < 0)
		return -1;
	return strtoll(line + strlen(field) + 1, NULL, 10);
}

int64_t procfs_status_kib(pid_t pid, const char *field)
{
	char v[64];

	return procfs_status_field(pid, field, v, sizeof(v)) < 0
		       ? -1
		       : strtoll(v, NULL, 10);
}

ssize_t procfs_read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n = 0;
	int saved;

	if (fd < 0 || len == 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* Until EOF or full: a /proc file comes in one read, a regular file
	 * (/etc/subuid) or a pipe may take more. */
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	saved = errno;
	close(fd);
	buf[got] = '\0';
	if (n < 0) {
		errno = saved;
		return -1;
	}
	return (ssize_t)got;
}

int procfs_children(pid_t pid, pid_t *out, int max)
{
	char path[64], buf[8192];
	int n = 0;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/thread-self/children");
	else
		snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
			 (int)pid, (int)pid);
	if (procfs_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf, *end; n < max; p = end) {
		long child = strtol(p, &end, 10);

		if (end == p)
			break;
		if (child > 0)
			out[n++] = (pid_t)child;
	}
	return n;
}

int procfs_read_long(const char *path, long *out)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%ld", out) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

int64_t procfs_key_number(const char *path, const char *key)
{
	char line[256];

	if (find_line(path, line, sizeof(line), key_line, key) < 0)
		return -1;
	return strtoll(line + strlen(key) + 1, NULL, 10);
}

/* Does the controller list [list, end) ("cpu,cpuacct") hold want? */
static bool lists(const char *list, const char *end, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = list; p < end;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end;

		if ((size_t)(e - p) == n && strncmp(p, want, n) == 0)
			return true;
		p = e + 1;
	}
	return false;
}

int procfs_cgroup_path(const char *text, const char *controller, char *out,
		       size_t len)
{
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t linelen = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', linelen);
		const char *c2 = c1 ? memchr(c1 + 1, ':',
					     linelen - (size_t)(c1 + 1 - line))
				    : NULL;

		if (c2 && (*controller ? lists(c1 + 1, c2, controller)
				       : c2 == c1 + 1 &&
						 strncmp(line, "0:", 2) == 0)) {
			size_t plen = linelen - (size_t)(c2 + 1 - line);

			if (plen == 0 || plen >= len || c2[1] != '/')
				return -1;
			memcpy(out, c2 + 1, plen);
			out[plen] = '\0';
			return 0;
		}
		line = nl ? nl + 1 : NULL;
	}
	return -1;
}

int procfs_own_cgroup(const char *controller, char *out, size_t len)
{
	char text[8192];

	if (procfs_read_text("/proc/self/cgroup", text, sizeof(text)) < 0)
		return -1;
	return procfs_cgroup_path(text, controller, out, len);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int procfs_list_numbers(const char *dir, bool skip_own_fd, int **out,
			int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int *v = NULL, n = 0, cap = 0, own = d && skip_own_fd ? dirfd(d) : -1;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *end;
		long num = strtol(e->d_name, &end, 10);

		if (e->d_name[0] < '0' || e->d_name[0] > '9' || *end ||
		    num == own)
			continue;
		if (n == cap) {
			int *bigger;

			cap = cap ? 2 * cap : 64;
			bigger = realloc(v, sizeof(*v) * (size_t)cap);
			if (!bigger) {
				free(v);
				closedir(d);
				errno = ENOMEM;
				return -1;
			}
			v = bigger;
		}
		v[n++] = (int)num;
	}
	closedir(d);
	qsort(v, (size_t)n, sizeof(*v), cmp_int);
	*out = v;
	*count = n;
	return 0;
}

static bool fs_type_is(const char *root, const char *sub, long type)
{
	char path[PATH_MAX];
	struct statfs fs;

	snprintf(path, sizeof(path), "%s%s", root, sub);
	return statfs(path, &fs) == 0 && (long)fs.f_type == type;
}

enum cgroup_layout procfs_cgroup_layout(const char *root)
{
	if (fs_type_is(root, "", CGROUP2_SUPER_MAGIC))
		return CGROUP_V2;
	if (!fs_type_is(root, "/memory", CGROUP_SUPER_MAGIC) &&
	    !fs_type_is(root, "/pids", CGROUP_SUPER_MAGIC))
		return CGROUP_NONE;
	return fs_type_is(root, "/unified", CGROUP2_SUPER_MAGIC) ? CGROUP_HYBRID
								 : CGROUP_V1;
}
