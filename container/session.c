/* session: the container launcher's per-invocation work, done once. */
#include "container/session.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/fsutil.h"
#include "lab/host/procfs.h"
#include "container/namespaces.h"
#include "container/seccomp_prebuilt.h"

/* Time namespaces are in the default set: dropped quietly where the
 * kernel lacks them, an error where the user asked for one. */
static int resolve_ns(struct ct_session *s, struct err *err)
{
	if ((s->cfg.ns & CT_NS_TIME) && !ct_ns_have_time()) {
		if (s->cfg.ns_given)
			return err_set(err, ERR_RUNTIME,
				       "this kernel has no time namespace; drop time from --ns");
		s->cfg.ns &= ~(unsigned)CT_NS_TIME;
	}
	return 0;
}

/* Can isolab take the strict filter's listener from its child? pidfd_getfd
 * needs ptrace access, which Yama's mode 3 denies to everyone; strict then
 * fails calls in the kernel, unnamed. */
static bool listener_takeable(void)
{
	char mode[8];

	return procfs_read_text("/proc/sys/kernel/yama/ptrace_scope", mode,
			    sizeof(mode)) < 0 ||
	       mode[0] != '3';
}

/* The id map of the container's user namespace (container/userns.h). */
static int plan_idmap(struct ct_session *s, struct err *err)
{
	char subuid[8192], subgid[8192];
	bool have_uid = procfs_read_text("/etc/subuid", subuid, sizeof(subuid)) >= 0;
	bool have_gid = procfs_read_text("/etc/subgid", subgid, sizeof(subgid)) >= 0;

	return ct_userns_plan(s->cfg.userns, geteuid(), getegid(),
			      have_uid ? subuid : NULL,
			      have_gid ? subgid : NULL, &s->idmap, err);
}

/* Where isolab's cgroups are: each run plans its own below them. */
static void read_cgroup_layout(struct ct_session *s)
{
	s->layout = ct_cg_detect("/sys/fs/cgroup");
	if (s->layout != CT_CG_NONE &&
	    procfs_read_text("/proc/self/cgroup", s->self_cgroup,
			 sizeof(s->self_cgroup)) < 0) {
		s->self_cgroup_errno = errno;
		s->self_cgroup[0] = '\0';
	}
}

/* The default profile with the default capabilities comes compiled with
 * isolab (container/seccomp_prebuilt.h); any other is compiled here. */
static int build_filter(struct ct_session *s, struct err *err)
{
	int rc = ct_seccomp_prebuilt(s->cfg.seccomp, s->caps, &s->bpf, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return (s->listener ? ct_seccomp_build_reported
			    : ct_seccomp_build)(s->cfg.seccomp, s->caps,
						&s->bpf, err);
}

int ct_session_open(const struct ct_config *cfg, struct ct_session *s,
		    struct timeline *cost, struct err *err)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (resolve_ns(s, err) < 0)
		return -1;
	s->caps = ct_caps_kept(&s->cfg);
	s->last_cap = ct_caps_last_cap();
	timeline_mark(cost, "kernel facts");
	if ((s->cfg.ns & CT_NS_USER) && plan_idmap(s, err) < 0)
		return -1;
	timeline_mark(cost, "idmap plan");
	if (s->cfg.limits.enabled) {
		read_cgroup_layout(s);
		timeline_mark(cost, "cgroup layout");
	}
	s->listener = s->cfg.seccomp == CT_SECCOMP_STRICT && listener_takeable();
	if (build_filter(s, err) < 0)
		return -1;
	timeline_mark(cost, "seccomp filter");
	return 0;
}

void ct_session_close(struct ct_session *s)
{
	ct_seccomp_free(&s->bpf);
	memset(s, 0, sizeof(*s));
}
