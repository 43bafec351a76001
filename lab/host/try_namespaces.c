/* try_namespaces: each namespace, created for real by a short-lived child
 * (lab/host/host_try.h). */
#include "lab/host/host_try.h"

#include <errno.h>
#include <sched.h>

#include "lab/host/short_child.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct ns_kind {
	const char *name, *alone, *in_user;
	int flag;
};

static const struct ns_kind kinds[TRY_NS_COUNT] = {
	{ "user", "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWUSER)",
	  CLONE_NEWUSER },
	{ "pid", "unshare(CLONE_NEWPID)", "unshare(CLONE_NEWUSER|CLONE_NEWPID)",
	  CLONE_NEWPID },
	{ "mnt", "unshare(CLONE_NEWNS)", "unshare(CLONE_NEWUSER|CLONE_NEWNS)",
	  CLONE_NEWNS },
	{ "uts", "unshare(CLONE_NEWUTS)", "unshare(CLONE_NEWUSER|CLONE_NEWUTS)",
	  CLONE_NEWUTS },
	{ "ipc", "unshare(CLONE_NEWIPC)", "unshare(CLONE_NEWUSER|CLONE_NEWIPC)",
	  CLONE_NEWIPC },
	{ "net", "unshare(CLONE_NEWNET)", "unshare(CLONE_NEWUSER|CLONE_NEWNET)",
	  CLONE_NEWNET },
	{ "cgroup", "unshare(CLONE_NEWCGROUP)",
	  "unshare(CLONE_NEWUSER|CLONE_NEWCGROUP)", CLONE_NEWCGROUP },
	{ "time", "unshare(CLONE_NEWTIME)", "unshare(CLONE_NEWUSER|CLONE_NEWTIME)",
	  CLONE_NEWTIME },
};

static int unshare_in_child(void *arg)
{
	return unshare(*(int *)arg) == 0 ? 0 : errno;
}

static int try_flags(int flags)
{
	int rc = short_child_run(unshare_in_child, &flags);

	return rc < 0 ? errno : rc;
}

void try_namespaces(struct ns_try out[TRY_NS_COUNT], bool root)
{
	for (int i = 0; i < TRY_NS_COUNT; i++) {
		bool with_user = !root && i != TRY_NS_USER;

		out[i] = (struct ns_try){
			.name = kinds[i].name,
			.call = with_user ? kinds[i].in_user : kinds[i].alone,
			.with_user = with_user,
			.err = try_flags(kinds[i].flag |
					 (with_user ? CLONE_NEWUSER : 0)),
		};
	}
}
