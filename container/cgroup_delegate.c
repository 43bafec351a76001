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
	return ct_read_file(path, buf, len) < 0 ? -1 : 0;
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

/* 1 if cgroup.procs lists a process other than this one, 0 if not. */
static int holds_others(const char *dir, char *why, size_t whylen)
{
	char procs[4096];
	char *p, *end;

	if (read_in(dir, "cgroup.procs", procs, sizeof(procs)) < 0) {
		snprintf(why, whylen, "%s/cgroup.procs: %s", dir,
			 strerror(errno));
		return -1;
	}
	for (p = procs;; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			return 0;
		if (pid != (long)getpid()) {
			snprintf(why, whylen,
				 "%s holds other processes besides isolab (pid %ld), so it cannot hand controllers down; start isolab alone in it",
				 dir, pid);
			return 1;
		}
	}
}

int ct_cg_v2_make_room(const char *dir, const struct ct_limits *limits,
		       char *why, size_t whylen)
{
	char leaf[PATH_MAX], procs[PATH_MAX + 16];
	int others;

	if (controllers_enabled(dir, limits) || !delegated_to_us(dir))
		return 0; /* nothing to do, or not ours to rearrange */
	others = holds_others(dir, why, whylen);
	if (others != 0)
		return -1;
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
