/* isolation: the checklist's labels, and the launcher hook's caller. */
#include "lab/core/isolation.h"

#include <stdio.h>
#include <string.h>

static const char *const labels[ISOLATION_ITEMS] = {
	[ISOLATION_PID_NS] = "pid namespace",
	[ISOLATION_MOUNT_NS] = "mount namespace",
	[ISOLATION_UTS_NS] = "uts namespace",
	[ISOLATION_IPC_NS] = "ipc namespace",
	[ISOLATION_NET_NS] = "net namespace",
	[ISOLATION_USER_NS] = "user namespace",
	[ISOLATION_CGROUP_NS] = "cgroup namespace",
	[ISOLATION_TIME_NS] = "time namespace",
	[ISOLATION_OWN_ROOT] = "own root filesystem",
	[ISOLATION_SECCOMP] = "seccomp filter",
	[ISOLATION_CAPS_DROPPED] = "capabilities dropped",
	[ISOLATION_CGROUP_LIMITS] = "cgroup limits",
	[ISOLATION_OWN_KERNEL] = "own kernel",
	[ISOLATION_HW_MEMORY] = "hardware memory isolation",
};

const char *isolation_item_label(enum isolation_item item)
{
	return item < ISOLATION_ITEMS ? labels[item] : "?";
}

const char *isolation_describe(const struct isolation *iso, char *buf,
			       size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		if (iso->has[i] && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? ", " : "", labels[i]);
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}

void isolation_of(const struct launcher *launcher, const void *config,
		  struct isolation *out)
{
	memset(out, 0, sizeof(*out));
	if (launcher->isolation)
		launcher->isolation(config, out);
}
