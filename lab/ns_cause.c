#include "lab/ns_cause.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/procfs.h"
#include "lab/short_child.h"
#include "lab/util.h"

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

/* The markers container engines leave, as systemd-detect-virt reads them. */
static void container_kind(char *out, size_t len)
{
	static const struct {
		const char *needle, *name;
	} in_cgroup[] = {
		{ "/docker", "docker" }, { "libpod", "podman" },
		{ "/kubepods", "kubernetes" }, { "/lxc", "lxc" },
		{ "containerd", "containerd" },
	};
	char line[512];
	FILE *f;

	out[0] = '\0';
	if (access("/.dockerenv", F_OK) == 0) {
		snprintf(out, len, "docker");
		return;
	}
	if (access("/run/.containerenv", F_OK) == 0) {
		snprintf(out, len, "podman");
		return;
	}
	if (!(f = fopen("/proc/1/cgroup", "re")))
		return;
	while (!out[0] && fgets(line, sizeof(line), f))
		for (size_t i = 0; i < ARRAY_SIZE(in_cgroup); i++)
			if (strstr(line, in_cgroup[i].needle)) {
				snprintf(out, len, "%s", in_cgroup[i].name);
				break;
			}
	fclose(f);
}

void ns_facts_read(struct ns_facts *f)
{
	ns_facts_read_settings(f);
	f->chrooted = chrooted(f->root);
	f->root_is_mount = root_is_mount();
	container_kind(f->container, sizeof(f->container));
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
