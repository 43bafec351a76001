#include "container/cgroup_delegate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "container/fsutil.h"
#include "lab/host/procfs.h"

#define SELF_LEAF_PREFIX "isolab-ct-"
#define SELF_LEAF_SUFFIX "-self"

bool ct_cg_is_self_leaf(const char *name)
{
	size_t n = strlen(name), p = strlen(SELF_LEAF_PREFIX),
	       s = strlen(SELF_LEAF_SUFFIX);

	return n > p + s && strncmp(name, SELF_LEAF_PREFIX, p) == 0 &&
	       strcmp(name + n - s, SELF_LEAF_SUFFIX) == 0;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ' || p[-1] == '\n') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return true;
	return false;
}

static int read_in(const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return procfs_read_text(path, buf, len) < 0 ? -1 : 0;
}

/* Does dir hand every controller the limits need to its children? */
static bool controllers_enabled(const char *dir, const struct ct_limits *l)
{
	char have[256];

	if (read_in(dir, "cgroup.subtree_control", have, sizeof(have)) < 0)
		return false;
	return (!l->mem_bytes || has_word(have, "memory")) &&
	       (!l->pids || has_word(have, "pids")) &&
	       (!l->cpu_pct || has_word(have, "cpu"));
}

/* systemd marks the cgroups it delegates; to a user it also chowns them. */
static bool delegated_to_us(const char *dir)
{
	struct stat st;
	char v[8];

	if (stat(dir, &st) < 0)
		return false;
	if (geteuid() != 0)
		return st.st_uid == geteuid();
	return getxattr(dir, "trusted.delegate", v, sizeof(v)) > 0 ||
	       getxattr(dir, "user.delegate", v, sizeof(v)) > 0;
}

/* Which processes dir holds: 0 none, 1 only isolab, 2 others too (pid
 * of one in *other), -1 unreadable (why filled). */
static int who_is_in(const char *dir, long *other, char *why, size_t whylen)
{
	char procs[4096];
	char *p, *end;
	int found = 0;

	if (read_in(dir, "cgroup.procs", procs, sizeof(procs)) < 0) {
		snprintf(why, whylen, "%s/cgroup.procs: %s", dir,
			 strerror(errno));
		return -1;
	}
	for (p = procs;; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			return found;
		if (pid != (long)getpid()) {
			*other = pid;
			return 2;
		}
		found = 1;
	}
}

int ct_cg_v2_make_room(const char *dir, const struct ct_limits *limits,
		       char *why, size_t whylen)
{
	char leaf[PATH_MAX], procs[PATH_MAX + 16];
	long other = 0;
	int who;

	if (controllers_enabled(dir, limits))
		return 0;
	who = who_is_in(dir, &other, why, whylen);
	if (who <= 0)
		return who; /* empty: it can enable them */
	if (!delegated_to_us(dir)) {
		snprintf(why, whylen,
			 "%s, isolab's cgroup, holds processes, and only a cgroup without processes can hand controllers down; it is not delegated to this user to rearrange",
			 dir);
		return -1;
	}
	if (who == 2) {
		snprintf(why, whylen,
			 "%s holds other processes besides isolab (pid %ld), so it cannot hand controllers down",
			 dir, other);
		return -1;
	}
	snprintf(leaf, sizeof(leaf), "%s/" SELF_LEAF_PREFIX "%d" SELF_LEAF_SUFFIX,
		 dir, (int)getpid());
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", leaf);
	/* Another thread of this isolab may have done either already. */
	if ((mkdir(leaf, 0755) < 0 && errno != EEXIST) ||
	    ct_write_file(procs, "0") < 0) {
		snprintf(why, whylen, "moving isolab into %s: %s", leaf,
			 strerror(errno));
		return -1;
	}
	return 0;
}
