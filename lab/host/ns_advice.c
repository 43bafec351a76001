#include "lab/host/ns_advice.h"

#include <stdio.h>

/* What root can fall back to: every namespace but user. */
#define WITHOUT_USER "--ns pid,mnt,uts,ipc,net,cgroup (no user namespace)"

/* In a chroot, a container without a user namespace works as root only
 * when the chroot's root is a mount point (it must be made private). */
static const char *chroot_way_out(const struct ns_facts *f)
{
	if (!f->root)
		return "run it on the host, outside the chroot";
	if (f->root_is_mount)
		return "run it on the host, or use " WITHOUT_USER;
	return "run it on the host, or make the chroot's root a mount point (mount --bind DIR DIR before chroot DIR) and use " WITHOUT_USER;
}

const char *ns_advice(char *buf, size_t len, enum ns_cause cause,
		      const struct ns_facts *f)
{
	const char *as_root = f->root ? "use " WITHOUT_USER
				      : "run isolab as root with " WITHOUT_USER;

	switch (cause) {
	case NS_CAUSE_CHROOT:
		snprintf(buf, len,
			 "isolab is running in a chroot, where the kernel refuses new user namespaces (even to root): %s",
			 chroot_way_out(f));
		break;
	case NS_CAUSE_USERNS_OFF:
		snprintf(buf, len,
			 "user namespaces are disabled here (user.max_user_namespaces = 0): as root, sysctl -w user.max_user_namespaces=15000 (and in /etc/sysctl.d/ to keep it), or %s",
			 as_root);
		break;
	case NS_CAUSE_USERNS_LIMIT:
		snprintf(buf, len,
			 "the limit of user namespaces is reached (user.max_user_namespaces = %ld): wait for other users of them to end, or raise it with sysctl -w user.max_user_namespaces=N",
			 f->max_user_namespaces);
		break;
	case NS_CAUSE_UNPRIV_OFF:
		snprintf(buf, len,
			 "unprivileged user namespaces are disabled here (kernel.unprivileged_userns_clone = 0): as root, sysctl -w kernel.unprivileged_userns_clone=1, or run isolab as root");
		break;
	case NS_CAUSE_APPARMOR:
		snprintf(buf, len,
			 "AppArmor restricts unprivileged user namespaces here (kernel.apparmor_restrict_unprivileged_userns = 1): run isolab as root, give it an AppArmor profile with 'userns,' (see /etc/apparmor.d/), or, as root, sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
		break;
	case NS_CAUSE_CONTAINER:
		snprintf(buf, len,
			 "isolab is running inside a %s container, whose seccomp profile or capabilities refuse new namespaces: run it on the host, or start the container with --privileged (or --cap-add SYS_ADMIN --security-opt seccomp=unconfined)",
			 f->container);
		break;
	case NS_CAUSE_NOT_ROOT:
		snprintf(buf, len,
			 "namespaces without a user namespace need root: add user to --ns, or run isolab as root");
		break;
	case NS_CAUSE_UNKNOWN:
		snprintf(buf, len,
			 "the kernel refused for a reason this system does not show (no chroot, container or sysctl explains it); 'isolab doctor' tries each namespace");
		break;
	}
	return buf;
}
