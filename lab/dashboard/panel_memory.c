/* panel_memory: the median footprint split into the workload's own peak
 * and what its isolation adds, plus the KVM kernel estimate where a run
 * reports one; one scale across columns. */
#include "lab/dashboard/panels.h"

#include <stdio.h>

#include "lab/report/output.h"

void panel_memory_draw(const struct panel_ctx *p)
{
	const struct runner_view *v = &p->col->run;
	int y = panel_title(p, "memory"), n;
	int64_t kvm = v->has_last ? sample_counter(&v->last,
						   "kvm_kernel_kib_estimate")
				  : -1;
	double parts[3] = { v->summary.peak_median_kib,
			    v->summary.overhead_median_kib,
			    kvm > 0 ? (double)kvm : 0 };
	static const char *const names[3] = { "own", "isolation", "kvm" };
	char items[3][48];
	const char *item[3];

	if (!v->summary.footprint.n) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM, "-");
		return;
	}
	n = kvm > 0 ? 3 : 2;
	panel_bar(p, y++, parts, n, p->snap->mem_max_kib);
	for (int i = 0; i < n; i++) {
		char t[24];

		format_kib(t, sizeof(t), parts[i]);
		snprintf(items[i], sizeof(items[i]), "%s %s", names[i], t);
		item[i] = items[i];
	}
	panel_legend(p, y, p->r.y + p->r.h, item, n, 0);
}
