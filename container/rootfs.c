#include "container/rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Where the new root is built: a directory every system has. The tmpfs
 * over it exists only in the child's mount namespace. */
#define BASE "/tmp"

#define TRY(expr, ...)                                                   \
	do {                                                             \
		if ((expr) < 0) {                                        \
			int saved_ = errno;                              \
			snprintf(why, len, __VA_ARGS__);                 \
			errno = saved_;                                  \
			return -1;                                       \
		}                                                        \
	} while (0)

static int set_attr(const char *path, unsigned long long set, bool recursive)
{
	struct mount_attr attr = { .attr_set = set };

	return mount_setattr(AT_FDCWD, path, recursive ? AT_RECURSIVE : 0,
			     &attr, sizeof(attr));
}

/* An empty file to mount on, in one call. */
static int touch(const char *path, mode_t mode)
{
	return mknod(path, S_IFREG | mode, 0);
}

static int copy_file(int in, const char *to)
{
	struct stat st;
	off_t off = 0;
	int out = fstat(in, &st) == 0
			  ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755)
			  : -1;

	while (out >= 0 && off < st.st_size)
		if (sendfile(out, in, &off, (size_t)(st.st_size - off)) <= 0)
			break;
	if (out < 0)
		return -1;
	close(out);
	if (off != st.st_size) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int add_binary(const struct ct_rootfs_spec *s, int fd, char *why,
		      size_t len)
{
	char dst[256], src[64];

	snprintf(dst, sizeof(dst), "bin/%s", s->name);
	if (s->copy) {
		TRY(copy_file(fd, dst), "copy %s into the rootfs",
		    s->binary);
		return 0;
	}
	/* The host's /proc is still ours until /proc is mounted over. */
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	TRY(touch(dst, 0755), "create %s", dst);
	TRY(mount(src, dst, NULL, MS_BIND, NULL), "bind-mount %s",
	    s->binary);
	return 0;
}

static int add_dev(const struct ct_rootfs_spec *s, char *why, size_t len)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
					     "urandom", "tty" };
	static const char *const links[][2] = {
		{ "/proc/self/fd", "dev/fd" },
		{ "/proc/self/fd/0", "dev/stdin" },
		{ "/proc/self/fd/1", "dev/stdout" },
		{ "/proc/self/fd/2", "dev/stderr" },
		{ "pts/ptmx", "dev/ptmx" },
	};
	char src[64], dst[64];

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(src, sizeof(src), "/dev/%s", nodes[i]);
		snprintf(dst, sizeof(dst), "dev/%s", nodes[i]);
		TRY(touch(dst, 0666), "create %s", dst);
		TRY(mount(src, dst, NULL, MS_BIND, NULL), "bind-mount %s", src);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		TRY(symlink(links[i][0], links[i][1]), "symlink %s",
		    links[i][1]);
	if (s->console) {
		TRY(touch("dev/console", 0600), "create dev/console");
		TRY(mount(s->console, "dev/console", NULL, MS_BIND, NULL),
		    "bind-mount %s at /dev/console", s->console);
	}
	return 0;
}

/* The shell's writable places, mounted after the rest went read-only. */
static int add_shell_mounts(char *why, size_t len)
{
	TRY(mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "newinstance,ptmxmode=0666,mode=0620"),
	    "mount devpts");
	TRY(mount("tmpfs", "dev/shm", "tmpfs",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=64m"),
	    "mount /dev/shm");
	TRY(mount("tmpfs", "tmp", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=1777,size=64m"),
	    "mount /tmp");
	return 0;
}

static int add_shell_files(const struct ct_rootfs_spec *s, char *why,
			   size_t len)
{
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n";
	static const char group[] = "root:x:0:\n";
	int fd;

	TRY(mkdir("tmp", 01777), "mkdir tmp");
	TRY(mkdir("root", 0700), "mkdir root");
	TRY(mkdir("etc", 0755), "mkdir etc");
	TRY(mkdir("dev/pts", 0755), "mkdir dev/pts");
	TRY(mkdir("dev/shm", 01777), "mkdir dev/shm");
	if (strcmp(s->name, "sh") != 0)
		TRY(symlink(s->name, "bin/sh"), "symlink bin/sh");
	fd = open("etc/passwd", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	TRY(fd < 0 ? -1 : (int)write(fd, passwd, sizeof(passwd) - 1),
	    "write etc/passwd");
	close(fd);
	fd = open("etc/group", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	TRY(fd < 0 ? -1 : (int)write(fd, group, sizeof(group) - 1),
	    "write etc/group");
	close(fd);
	return 0;
}

/* Read-only, and no way to set-uid or exec from it. */
#define SEALED (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC)

/* A path of /proc that may not exist on this kernel. */
static bool absent(const char *path)
{
	return access(path, F_OK) < 0 && errno == ENOENT;
}

/* What Docker masks: files get /dev/null (reads are empty), directories
 * an empty read-only tmpfs. */
static int add_proc_masks(char *why, size_t len)
{
	static const char *const files[] = { "proc/kcore", "proc/keys",
					     "proc/timer_list",
					     "proc/timer_stats",
					     "proc/sched_debug",
					     "proc/latency_stats" };
	static const char *const dirs[] = { "proc/scsi", "proc/acpi",
					    "proc/asound" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (absent(files[i]))
			continue;
		TRY(mount("dev/null", files[i], NULL, MS_BIND, NULL),
		    "mask %s", files[i]);
		TRY(set_attr(files[i], SEALED, false), "make %s read-only",
		    files[i]);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (absent(dirs[i]))
			continue;
		TRY(mount("isolab-mask", dirs[i], "tmpfs",
			  MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "mode=0555,size=4k,nr_inodes=1"),
		    "mask %s", dirs[i]);
	}
	return 0;
}

static int add_proc(const struct ct_rootfs_spec *s, char *why, size_t len)
{
	static const char *const covered[] = { "proc/sys", "proc/sysrq-trigger",
					       "proc/irq", "proc/bus" };

	if (s->new_proc)
		TRY(mount("proc", "proc", "proc",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL),
		    "mount /proc");
	else /* the host's pid namespace: its /proc is the true one */
		TRY(mount("/proc", "proc", NULL, MS_BIND | MS_REC, NULL),
		    "bind-mount /proc");
	for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++) {
		if (mount(covered[i], covered[i], NULL, MS_BIND | MS_REC,
			  NULL) < 0) {
			if (errno == ENOENT)
				continue;
			TRY(-1, "cover %s", covered[i]);
		}
		TRY(set_attr(covered[i], SEALED | MOUNT_ATTR_NODEV, true),
		    "make %s read-only", covered[i]);
	}
	return add_proc_masks(why, len);
}

int ct_rootfs_enter(const struct ct_rootfs_spec *s, char *why, size_t len)
{
	/* A copy reads isolab's fd (the container's ids may not reach the
	 * path); a bind mount's source must be opened in this mount
	 * namespace. Either way before the tmpfs may hide it (the program
	 * may live in /tmp). Close-on-exec: gone at the exec. */
	int fd;

	if (s->private_mounts)
		TRY(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL),
		    "make / private");
	fd = s->binary_fd >= 0 ? s->binary_fd
			       : open(s->binary, O_RDONLY | O_CLOEXEC);
	TRY(fd, "open %s", s->binary);
	TRY(mount("isolab-rootfs", BASE, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755,size=64m"),
	    "mount a tmpfs at " BASE);
	TRY(chdir(BASE), "chdir " BASE);
	TRY(mkdir("bin", 0755), "mkdir bin");
	TRY(mkdir("dev", 0755), "mkdir dev");
	TRY(mkdir("proc", 0555), "mkdir proc");
	if (add_binary(s, fd, why, len) < 0 || add_dev(s, why, len) < 0 ||
	    (s->shell && add_shell_files(s, why, len) < 0))
		return -1;
	/* One call makes the tree read-only, binds included. */
	TRY(set_attr(".", MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, true),
	    "make the rootfs read-only");
	if ((s->shell && add_shell_mounts(why, len) < 0) ||
	    add_proc(s, why, len) < 0)
		return -1;
	/* pivot_root(".", ".") stacks the old root on the new one; detaching
	 * it leaves only the new root, with no directory for the old. */
	TRY((int)syscall(SYS_pivot_root, ".", "."), "pivot_root");
	TRY(umount2(".", MNT_DETACH), "detach the old root");
	TRY(chdir("/"), "chdir /");
	return 0;
}
