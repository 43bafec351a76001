/* ns_cause: why the kernel refused to create a namespace, where the system
 * lets us tell. Computing only; the sentences are in lab/host/ns_advice.h.
 *
 * ns_facts_read() gathers what the system shows: whether we are in a chroot
 * (/proc/1/root is not our root: the kernel refuses new user namespaces to
 * a chrooted process, even to root), inside a container (an engine's
 * cgroup path in /proc/1/cgroup, or /.dockerenv or /run/.containerenv
 * with an overlay root: an image can carry the file without being run
 * by that engine), and the sysctls that disable user
 * namespaces. ns_cause_of() is pure: it names the cause from those facts
 * and the errno the kernel answered, so the unit tests can feed it any
 * machine. ns_cause_certain() is the subset that needs no errno: causes
 * that make a user namespace fail whatever we try (cheap, for available()). */
#ifndef ISOLAB_NS_CAUSE_H
#define ISOLAB_NS_CAUSE_H

#include <stdbool.h>

enum ns_cause {
	NS_CAUSE_UNKNOWN,
	NS_CAUSE_CHROOT,        /* EPERM: we run in a chroot */
	NS_CAUSE_USERNS_OFF,    /* user.max_user_namespaces = 0 */
	NS_CAUSE_USERNS_LIMIT,  /* ENOSPC: user.max_user_namespaces reached */
	NS_CAUSE_UNPRIV_OFF,    /* kernel.unprivileged_userns_clone = 0 */
	NS_CAUSE_APPARMOR,      /* kernel.apparmor_restrict_unprivileged_userns */
	NS_CAUSE_CONTAINER,     /* inside a container that refuses it */
	NS_CAUSE_NOT_ROOT,      /* namespaces without a user namespace, not root */
};

#define NS_SYSCTL_ABSENT (-1L) /* the kernel has no such sysctl */

struct ns_facts {
	bool root;                      /* effective uid 0 */
	int chrooted;                   /* 1, 0, or -1: cannot tell */
	bool root_is_mount;             /* our / is a mount point (a chroot
					   into a plain directory is not,
					   and then no mount namespace can
					   make it private) */
	char container[24];             /* "docker", "podman", ... or "":
					   a marker file (/.dockerenv)
					   counts only with an overlay root
					   or a container's cgroup path */
	char container_marker[24];      /* a marker file that was found
					   without that evidence, or "" */
	long max_user_namespaces;       /* or NS_SYSCTL_ABSENT */
	long unprivileged_userns_clone; /* Debian's; or NS_SYSCTL_ABSENT */
	long apparmor_restrict;         /* Ubuntu's; or NS_SYSCTL_ABSENT */
};

void ns_facts_read(struct ns_facts *f);
/* Only root and the sysctls, which is all ns_cause_certain() reads: a few
 * small files, cheap enough for every launch's available(). */
void ns_facts_read_settings(struct ns_facts *f);

/* The kernel answered errnum to a request for namespaces, with a user
 * namespace among them or not. */
enum ns_cause ns_cause_of(const struct ns_facts *f, bool with_user,
			  int errnum);

/* A cause that refuses any new namespace of this kind before we try, or
 * NS_CAUSE_UNKNOWN when only trying can tell. */
enum ns_cause ns_cause_certain(const struct ns_facts *f, bool with_user);

#endif
