#include "lab/host/ns_cause.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/host/procfs.h"
#include "lab/host/short_child.h"
#include "lab/proto/util.h"

static long read_sysctl(const char *path)
{
	long v;

	return procfs_read_long(path, &v) < 0 ? NS_SYSCTL_ABSENT : v;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

struct ns_root {
	int mnt_fd;       /* our mount namespace */
	struct stat root; /* its root, as the child saw it */
};

/* In a child: entering our own mount namespace again moves the root to
 * the namespace's root, which is what the kernel compares ours with. */
static int stat_ns_root(void *arg)
{
	struct ns_root *r = arg;

	return setns(r->mnt_fd, CLONE_NEWNS) == 0 && stat("/", &r->root) == 0
		       ? 0 : 1;
}

/* The kernel's test (current_chrooted) compares our root with our mount
 * namespace's. Root can enter its own namespace to see that root; a user
 * can only compare with pid 1's (/proc/1/root), which needs ptrace rights
 * on it, so a user may not be able to tell. */
static int chrooted(bool root)
{
	struct stat ours, other;
	struct ns_root r;
	int rc;

	if (stat("/", &ours) < 0)
		return -1;
	if (stat("/proc/1/root/", &other) == 0 && same_file(&ours, &other))
		return 0;
	if (!root)
		return stat("/proc/1/root/", &other) == 0 ? 1 : -1;
	if ((r.mnt_fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = short_child_run(stat_ns_root, &r);
	close(r.mnt_fd);
	return rc != 0 ? -1 : !same_file(&ours, &r.root);
}

static bool root_is_mount(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024], where[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %*s %*s %511s", where) == 1 &&
			strcmp(where, "/") == 0;
	fclose(f);
	return found;
}

/* The file system type of our root ("overlay", "ext4"), or "". */
static void root_fs_type(char *out, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024], where[512], type[64];
	const char *sep;

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %511s", where) == 1 &&
		    strcmp(where, "/") == 0 && (sep = strstr(line, " - ")) &&
		    sscanf(sep + 3, "%63s", type) == 1)
			snprintf(out, len, "%s", type); /* the last one wins */
	fclose(f);
}

/* An engine's marker file, believed only with an overlay root: an image
 * built by docker keeps /.dockerenv wherever it is booted. */
static const char *marker_file(bool *believed)
{
	static const char *const files[] = { "/.dockerenv",
					     "/run/.containerenv" };
	char type[64];

	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (access(files[i], F_OK) == 0) {
			root_fs_type(type, sizeof(type));
			*believed = strstr(type, "overlay") != NULL;
			return files[i];
		}
	return NULL;
}

/* The markers container engines leave, as systemd-detect-virt reads them,
 * checked against the root file system and the cgroup paths. */
static void container_kind(char *out, size_t len, char *marker,
			   size_t marker_len)
{
	static const struct {
		const char *needle, *name;
	} in_cgroup[] = {
		{ "/docker", "docker" }, { "libpod", "podman" },
		{ "/kubepods", "kubernetes" }, { "/lxc", "lxc" },
		{ "containerd", "containerd" },
	};
	char line[512];
	bool believed = false;
	const char *file = marker_file(&believed);
	FILE *f;

	out[0] = marker[0] = '\0';
	if (file && believed) {
		snprintf(out, len, "%s",
			 strstr(file, "docker") ? "docker" : "podman");
		return;
	}
	if ((f = fopen("/proc/1/cgroup", "re"))) {
		while (!out[0] && fgets(line, sizeof(line), f))
			for (size_t i = 0; i < ARRAY_SIZE(in_cgroup); i++)
				if (strstr(line, in_cgroup[i].needle)) {
					snprintf(out, len, "%s",
						 in_cgroup[i].name);
					break;
				}
		fclose(f);
	}
	if (!out[0] && file)
		snprintf(marker, marker_len, "%s", file);
}

void ns_facts_read(struct ns_facts *f)
{
	ns_facts_read_settings(f);
	f->chrooted = chrooted(f->root);
	f->root_is_mount = root_is_mount();
	container_kind(f->container, sizeof(f->container),
		       f->container_marker, sizeof(f->container_marker));
}

void ns_facts_read_settings(struct ns_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->root = geteuid() == 0;
	f->chrooted = -1;
	f->max_user_namespaces = read_sysctl("/proc/sys/user/max_user_namespaces");
	f->unprivileged_userns_clone =
		read_sysctl("/proc/sys/kernel/unprivileged_userns_clone");
	f->apparmor_restrict =
		read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
}

enum ns_cause ns_cause_certain(const struct ns_facts *f, bool with_user)
{
	if (!with_user)
		return f->root ? NS_CAUSE_UNKNOWN : NS_CAUSE_NOT_ROOT;
	if (f->max_user_namespaces == 0)
		return NS_CAUSE_USERNS_OFF;
	if (!f->root && f->unprivileged_userns_clone == 0)
		return NS_CAUSE_UNPRIV_OFF;
	return NS_CAUSE_UNKNOWN;
}

enum ns_cause ns_cause_of(const struct ns_facts *f, bool with_user,
			  int errnum)
{
	enum ns_cause certain = ns_cause_certain(f, with_user);

	if (certain != NS_CAUSE_UNKNOWN)
		return certain;
	/* create_user_ns() counts the namespace first (ENOSPC), then
	 * refuses a chrooted caller (EPERM): the errno tells which. */
	if (with_user && (errnum == ENOSPC || errnum == EUSERS))
		return NS_CAUSE_USERNS_LIMIT;
	if (with_user && errnum == EPERM && f->chrooted == 1)
		return NS_CAUSE_CHROOT;
	if (with_user && !f->root && f->apparmor_restrict == 1 &&
	    (errnum == EPERM || errnum == EACCES))
		return NS_CAUSE_APPARMOR;
	if (f->container[0] && (errnum == EPERM || errnum == EACCES))
		return NS_CAUSE_CONTAINER;
	return NS_CAUSE_UNKNOWN;
}
