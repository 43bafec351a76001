/* panel_checklist: what the column's config isolates, item by item,
 * from lab/core/isolation.h (derived by the launcher from its config). */
#include "lab/dashboard/panels.h"

/* Labels that fit a checklist cell (layout.h): up to 6 columns, or 5 in
 * a narrow one. */
static const char *const narrow_label[ISOLATION_ITEMS] = {
	[ISOLATION_PID_NS] = "pid",    [ISOLATION_MOUNT_NS] = "mount",
	[ISOLATION_UTS_NS] = "uts",    [ISOLATION_IPC_NS] = "ipc",
	[ISOLATION_NET_NS] = "net",    [ISOLATION_USER_NS] = "user",
	[ISOLATION_CGROUP_NS] = "cgrp", [ISOLATION_TIME_NS] = "time",
	[ISOLATION_OWN_ROOT] = "root", [ISOLATION_SECCOMP] = "secc",
	[ISOLATION_CAPS_DROPPED] = "caps", [ISOLATION_CGROUP_LIMITS] = "limit",
	[ISOLATION_OWN_KERNEL] = "kern", [ISOLATION_HW_MEMORY] = "hwmem",
};
static const char *const short_label[ISOLATION_ITEMS] = {
	[ISOLATION_PID_NS] = "pid",      [ISOLATION_MOUNT_NS] = "mount",
	[ISOLATION_UTS_NS] = "uts",      [ISOLATION_IPC_NS] = "ipc",
	[ISOLATION_NET_NS] = "net",      [ISOLATION_USER_NS] = "user",
	[ISOLATION_CGROUP_NS] = "cgroup", [ISOLATION_TIME_NS] = "time",
	[ISOLATION_OWN_ROOT] = "rootfs", [ISOLATION_SECCOMP] = "seccmp",
	[ISOLATION_CAPS_DROPPED] = "caps", [ISOLATION_CGROUP_LIMITS] = "limits",
	[ISOLATION_OWN_KERNEL] = "kernel", [ISOLATION_HW_MEMORY] = "hw-mem",
};

void panel_checklist_draw(const struct panel_ctx *p)
{
	const struct isolation *iso = &p->col->iso;
	int y = panel_title(p, p->col->options[0] ? p->col->options
						  : "isolation");
	int per = p->per_line < 1 ? 1 : p->per_line;
	int cell = p->cell ? p->cell : CHECKLIST_CELL;
	const char *const *label = cell < CHECKLIST_CELL ? narrow_label
							 : short_label;

	for (int i = 0; i < ISOLATION_ITEMS; i++) {
		int x = p->r.x + (i % per) * cell;
		int row = y + i / per;
		bool yes = iso->has[i];

		if (row >= p->r.y + p->r.h)
			return;
		canvas_fill(p->cv, x, row, 1, canvas_check(p->cv, yes),
			    yes ? ST_GOOD : ST_BAD);
		canvas_text(p->cv, x + 2, row, cell - 3,
			    yes ? ST_NORMAL : ST_DIM, label[i]);
	}
}
