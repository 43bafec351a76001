#include "lab/host/output_target.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lab/proto/util.h"

#define MAX_SYMLINK_HOPS 40 /* as the kernel's ELOOP limit */
#define PROC_FS_MAGIC 0x9fa0

/* The descriptor a name stands for, or -1. Only the user's own "-" means
 * standard output; the other names count also as a symlink's target. */
static int fd_alias(const char *p, bool user_given)
{
	static const char *const fd_dirs[] = {
		"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/",
	};
	char own_dir[64];
	const char *rest = NULL;

	if ((user_given && !strcmp(p, "-")) || !strcmp(p, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(p, "/dev/stderr"))
		return STDERR_FILENO;
	snprintf(own_dir, sizeof(own_dir), "/proc/%d/fd/", (int)getpid());
	for (size_t i = 0; i < ARRAY_SIZE(fd_dirs) && !rest; i++)
		if (!strncmp(p, fd_dirs[i], strlen(fd_dirs[i])))
			rest = p + strlen(fd_dirs[i]);
	if (!rest && !strncmp(p, own_dir, strlen(own_dir)))
		rest = p + strlen(own_dir);
	if (!rest || !*rest || strlen(rest) > 9 ||
	    strspn(rest, "0123456789") != strlen(rest))
		return -1;
	return atoi(rest);
}

static void parent_dir(const char *p, char *out, size_t n)
{
	const char *slash = strrchr(p, '/');

	if (!slash)
		snprintf(out, n, ".");
	else if (slash == p)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - p), p);
}

static const char *kind_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* "NAME" or "NAME (through its symlinks, FINAL)", for messages. */
static const char *shown(const char *given, const char *final, char *buf,
			 size_t n)
{
	if (!strcmp(given, final))
		return given;
	snprintf(buf, n, "%s (through its symlinks, %s)", given, final);
	return buf;
}

static int to_fd(struct output_target *t, const char *given, int fd,
		 struct err *err)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return err_set(err, ERR_USAGE,
			       "--output %s: descriptor %d is not open", given, fd);
	if ((fl & O_ACCMODE) == O_RDONLY)
		return err_set(err, ERR_USAGE,
			       "--output %s: descriptor %d is open only for reading",
			       given, fd);
	t->kind = OUTPUT_TO_FD;
	t->fd = fd;
	return 0;
}

static int classify(struct output_target *t, const char *given,
		    const struct stat *st, struct err *err)
{
	char buf[2 * PATH_MAX + 64];

	if (S_ISREG(st->st_mode)) {
		t->kind = OUTPUT_REPLACE;
		t->exists = true;
		t->mode = st->st_mode & 0777;
		t->uid = st->st_uid;
		t->gid = st->st_gid;
		return 0;
	}
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
		t->kind = OUTPUT_IN_PLACE;
		return 0;
	}
	if (S_ISDIR(st->st_mode))
		return err_set(err, ERR_USAGE,
			       "--output %s is a directory; give a file name",
			       shown(given, t->path, buf, sizeof(buf)));
	return err_set(err, ERR_USAGE,
		       "--output %s is %s; isolab writes only to a regular file, "
		       "a character device or a FIFO",
		       shown(given, t->path, buf, sizeof(buf)),
		       kind_name(st->st_mode));
}

/* A link in /proc (a process's fd or cwd) names an open file, not a path
 * isolab could rename over: only a device or FIFO behind it is written. */
static int proc_link(struct output_target *t, const char *given,
		     struct err *err)
{
	struct stat st;

	if (stat(t->path, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		t->kind = OUTPUT_IN_PLACE;
		return 0;
	}
	return err_set(err, ERR_USAGE,
		       "--output %s leads to %s, a /proc link to something "
		       "other than a device or FIFO; give the file's own path",
		       given, t->path);
}

/* A symlink another user planted in a world-writable sticky directory
 * (/tmp) is the classic way to make root write where the planter cannot. */
static bool planted_link(const char *link, const struct stat *st)
{
	char dir[PATH_MAX];
	struct stat dst;

	parent_dir(link, dir, sizeof(dir));
	if (stat(dir, &dst) < 0)
		return false;
	return (dst.st_mode & S_ISVTX) && (dst.st_mode & S_IWOTH) &&
	       st->st_uid != geteuid() && st->st_uid != dst.st_uid;
}

static bool in_procfs(const char *link)
{
	char dir[PATH_MAX];
	struct statfs fs;

	parent_dir(link, dir, sizeof(dir));
	return statfs(dir, &fs) == 0 && fs.f_type == PROC_FS_MAGIC;
}

/* Replace t->path, a symlink, by its target (relative to the link's
 * directory). */
static int follow(struct output_target *t, const char *given, struct err *err)
{
	char target[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink(t->path, target, sizeof(target) - 1);

	if (n < 0)
		return err_set(err, ERR_USAGE, "--output %s: reading the symlink %s: %s",
			       given, t->path, strerror(errno));
	target[n] = '\0';
	parent_dir(t->path, dir, sizeof(dir));
	if (target[0] == '/' || !strcmp(dir, ".")) {
		if (snprintf(t->path, sizeof(t->path), "%s", target) >=
		    (int)sizeof(t->path))
			return err_set(err, ERR_USAGE, "--output path is too long");
	} else if (snprintf(t->path, sizeof(t->path), "%s/%s",
			    strcmp(dir, "/") ? dir : "", target) >=
		   (int)sizeof(t->path)) {
		return err_set(err, ERR_USAGE, "--output path is too long");
	}
	return 0;
}

int output_target_resolve(const char *path, struct output_target *t,
			  struct err *err)
{
	struct stat st;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (!*path)
		return err_set(err, ERR_USAGE, "--output needs a file name");
	if (snprintf(t->path, sizeof(t->path), "%s", path) >= (int)sizeof(t->path))
		return err_set(err, ERR_USAGE, "--output path is too long");
	for (int hops = 0;; hops++) {
		int fd = fd_alias(t->path, hops == 0);

		if (fd >= 0)
			return to_fd(t, path, fd, err);
		if (lstat(t->path, &st) < 0) {
			if (errno != ENOENT)
				return err_set(err, ERR_USAGE,
					       "cannot write --output %s: %s (choose a writable path)",
					       path, strerror(errno));
			t->kind = OUTPUT_REPLACE; /* created by the rename */
			return 0;
		}
		if (!S_ISLNK(st.st_mode))
			return classify(t, path, &st, err);
		if (hops == MAX_SYMLINK_HOPS)
			return err_set(err, ERR_USAGE,
				       "--output %s: too many levels of symbolic links",
				       path);
		if (in_procfs(t->path))
			return proc_link(t, path, err);
		if (planted_link(t->path, &st))
			return err_set(err, ERR_USAGE,
				       "--output %s: the symlink %s belongs to uid %u "
				       "in a shared sticky directory; isolab does not "
				       "follow it (write to a path you own)",
				       path, t->path, (unsigned)st.st_uid);
		if (follow(t, path, err) < 0)
			return -1;
	}
}

bool output_target_replaceable(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT;
	return S_ISREG(st.st_mode);
}
