/* panel_exits: VM exits by reason and hypercalls by kind, for the latest
 * run and per second of it; shown for any launcher whose runs count
 * them (counters named exit_* and hypercall_*). */
#include "lab/dashboard/panels.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void kinds(const struct panel_ctx *p, int *y, const char *prefix,
		  const char *title)
{
	const struct run_sample *s = &p->col->run.last;
	double secs = (double)s->total_ns / 1e9;
	uint64_t total = 0;
	int k = 0;
	size_t plen = strlen(prefix);
	char items[LAUNCH_MAX_COUNTERS][48];
	const char *item[LAUNCH_MAX_COUNTERS];

	for (int i = 0; i < s->ncounters; i++)
		if (strncmp(s->counters[i].name, prefix, plen) == 0)
			total += s->counters[i].value;
	if (*y >= p->r.y + p->r.h)
		return;
	canvas_printf(p->cv, p->r.x, (*y)++, p->r.w, ST_NORMAL,
		      "%s %" PRIu64 "/run  %.0f/s", title, total,
		      secs > 0 ? (double)total / secs : 0.0);
	for (int i = 0; i < s->ncounters; i++) {
		if (strncmp(s->counters[i].name, prefix, plen) != 0 ||
		    !s->counters[i].value)
			continue;
		snprintf(items[k], sizeof(items[k]), "%s %" PRIu64,
			 s->counters[i].name + plen, s->counters[i].value);
		item[k] = items[k];
		k++;
	}
	if (k)
		*y = panel_legend(p, *y, p->r.y + p->r.h, item, k, 0);
}

void panel_exits_draw(const struct panel_ctx *p)
{
	const struct runner_view *v = &p->col->run;
	int y = panel_title(p, "VM exits, hypercalls");

	if (!v->has_last || sample_counter(&v->last, "vm_exits") < 0) {
		canvas_text(p->cv, p->r.x, y, p->r.w, ST_DIM,
			    v->has_last ? "none: no VM" : "-");
		return;
	}
	kinds(p, &y, "exit_", "exits");
	kinds(p, &y, "hypercall_", "hcalls");
}
