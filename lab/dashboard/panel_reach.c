/* panel_reach: how many system calls the workload reaches, is denied,
 * has blocked by a filter, or finds absent, from `isolab probe`'s
 * machinery; for a guest kernel, also the VMM's host allowlist. A column
 * whose launcher cannot run here says so in a few words: the startup
 * panel above already gives the reason in full. */
#include "lab/dashboard/panels.h"

#include <stdio.h>

void panel_reach_draw(const struct panel_ctx *p)
{
	const struct reach_view *r = &p->col->reach;
	static const char *const names[] = { "reach", "deny", "block", "absent" };
	int y = panel_title(p, "syscall reach");
	double v[4], total = 0;
	char items[4][32];
	const char *item[4];

	if (r->state == REACH_FAILED &&
	    p->col->run.state == WORKER_CANNOT_RUN) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM,
			    "not probed: cannot run");
		return;
	}
	if (r->state != REACH_DONE) {
		panel_wrapped(p, y, p->r.y + p->r.h,
			      r->state == REACH_FAILED ? ST_BAD : ST_DIM,
			      r->state == REACH_FAILED	  ? r->reason
			      : r->state == REACH_PROBING ? "probing..."
							  : "not probed yet (p)");
		return;
	}
	for (int i = 0; i < 4; i++) {
		total += v[i] = r->count[i];
		snprintf(items[i], sizeof(items[i]), "%s %d", names[i],
			 r->count[i]);
		item[i] = items[i];
	}
	panel_bar(p, y++, v, 4, total);
	y = panel_legend(p, y, p->r.y + p->r.h, item, 4, 0) - 1;
	if (r->guest_kernel && y + 1 < p->r.y + p->r.h) {
		if (r->vmm_count < 0)
			canvas_text(p->cv, p->r.x, y + 1, p->r.w, ST_WARN,
				    "guest kernel; VMM unfiltered");
		else
			canvas_printf(p->cv, p->r.x, y + 1, p->r.w, ST_DIM,
				      "guest kernel; VMM: %d host calls",
				      r->vmm_count);
	}
}
