/* session: what every container of one config in one isolab invocation
 * shares, worked out once (lab/core/session.h): the compiled seccomp filter,
 * the capability set and cap_last_cap, whether the kernel has time
 * namespaces, the cgroup layout and isolab's own cgroups
 * (/proc/self/cgroup), whether strict's listener can be taken, and the
 * user namespace's id map (from /etc/subuid and /etc/subgid).
 *
 * Contract: ct_session_open() fills s or fails with nothing held; it
 * marks each of its phases in `cost`. The session is read-only once open
 * and may be shared by concurrent runs (isolab density). It holds no
 * cgroup, mount, process or fd: each run still makes its own.
 * ct_session_close() frees it. */
#ifndef ISOLAB_CONTAINER_SESSION_H
#define ISOLAB_CONTAINER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "container/cgroup.h"
#include "container/options.h"
#include "container/seccomp.h"
#include "container/userns.h"
#include "lab/core/launcher.h"

struct ct_session {
	struct ct_config cfg;   /* as given, with ns resolved (time dropped
	                           where the kernel lacks it and the user did
	                           not ask for it) */
	uint64_t caps;          /* kept capabilities */
	int last_cap;           /* /proc/sys/kernel/cap_last_cap */
	bool listener;          /* strict: the filter's listener is taken */
	struct ct_bpf bpf;      /* the compiled filter (len 0: none) */
	enum ct_cg_layout layout;
	char self_cgroup[4096]; /* /proc/self/cgroup, "" if unreadable */
	int self_cgroup_errno;  /* why it could not be read, or 0 */
	struct ct_idmap idmap;  /* the user namespace's id map (ns user) */
};

int ct_session_open(const struct ct_config *cfg, struct ct_session *s,
		    struct timeline *cost, struct err *err);
void ct_session_close(struct ct_session *s);

#endif
