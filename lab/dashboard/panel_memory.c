/* panel_memory: the median footprint split into the workload's own peak
 * and what its isolation adds, plus the KVM kernel estimate where a run
 * reports one; one scale across columns. */
#include "lab/dashboard/panels.h"

#include <stdio.h>

#include "lab/report/output.h"

void panel_memory_draw(const struct panel_ctx *p)
{
	const struct runner_view *v = &p->col->run;
	int y = panel_title(p, "memory"), x = p->r.x;
	int64_t kvm = v->has_last ? sample_counter(&v->last,
						   "kvm_kernel_kib_estimate")
				  : -1;
	double parts[3] = { v->summary.peak_median_kib,
			    v->summary.overhead_median_kib,
			    kvm > 0 ? (double)kvm : 0 };
	static const char *const names[3] = { "own", "isolation", "kvm" };

	if (!v->summary.footprint.n) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM, "-");
		return;
	}
	panel_bar(p, y++, parts, kvm > 0 ? 3 : 2, p->snap->mem_max_kib);
	for (int i = 0; i < (kvm > 0 ? 3 : 2); i++) {
		char t[24], item[48];

		format_kib(t, sizeof(t), parts[i]);
		snprintf(item, sizeof(item), "%s %s", names[i], t);
		panel_legend(p, &x, &y, p->r.y + p->r.h, i, item);
	}
}
