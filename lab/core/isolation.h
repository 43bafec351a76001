/* isolation: what one launcher config isolates, as a checklist.
 *
 * Derived by the launcher from its actual config (launcher->isolation),
 * never hard-coded per launcher by a front end: the dashboard, the
 * ladder and the report show the same list, and changing an option
 * changes it. */
#ifndef ISOLAB_ISOLATION_H
#define ISOLAB_ISOLATION_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/core/launcher.h"

enum isolation_item {
	ISOLATION_PID_NS,
	ISOLATION_MOUNT_NS,
	ISOLATION_UTS_NS,
	ISOLATION_IPC_NS,
	ISOLATION_NET_NS,
	ISOLATION_USER_NS,
	ISOLATION_CGROUP_NS,
	ISOLATION_TIME_NS,
	ISOLATION_OWN_ROOT,     /* its own root filesystem */
	ISOLATION_SECCOMP,      /* a syscall filter */
	ISOLATION_CAPS_DROPPED, /* capabilities dropped */
	ISOLATION_CGROUP_LIMITS,
	ISOLATION_OWN_KERNEL,
	ISOLATION_HW_MEMORY,    /* memory isolation enforced by hardware */
	ISOLATION_ITEMS
};

struct isolation {
	bool has[ISOLATION_ITEMS];
};

/* Short label, e.g. "pid namespace". */
const char *isolation_item_label(enum isolation_item item);

/* "user namespace, pid namespace, ..." or "none"; buf of len bytes. */
const char *isolation_describe(const struct isolation *iso, char *buf,
			       size_t len);

/* Fills *out from the launcher's hook; all false when it has none. */
void isolation_of(const struct launcher *launcher, const void *config,
		  struct isolation *out);

#endif
