#include "lab/sweep.h"

#include <string.h>

#include "container/cgroup_sweep.h"

void sweep_at_start(void)
{
	ct_cg_sweep(CT_SWEEP_EMPTY, CT_SWEEP_OWN, NULL, NULL);
}

struct report {
	FILE *f;
	bool failed;
};

static void show(void *ctx, const struct ct_leftover *l)
{
	static const char *const tags[] = {
		[CT_LEFT_FOUND] = "left", [CT_LEFT_REMOVED] = "gone",
		[CT_LEFT_KEPT] = "KEPT",
	};
	struct report *r = ctx;
	char procs[48];

	if (l->procs < 0)
		snprintf(procs, sizeof(procs), "processes inside unknown");
	else
		snprintf(procs, sizeof(procs), "%d process%s inside", l->procs,
			 l->procs == 1 ? "" : "es");
	fprintf(r->f, "  [%s] %s\n         %sowner pid %d is gone; %s%s\n",
		tags[l->fate], l->path,
		l->fate == CT_LEFT_REMOVED ? "removed: " : "", (int)l->owner,
		procs,
		l->fate == CT_LEFT_REMOVED && l->procs > 0 ? ", killed" : "");
	if (l->fate == CT_LEFT_FOUND)
		fprintf(r->f, "         -> isolab doctor --cleanup kills what is inside and removes it\n");
	if (l->fate == CT_LEFT_KEPT) {
		fprintf(r->f, "         -> could not remove it: %s\n",
			strerror(l->err));
		r->failed = true;
	}
}

int sweep_report(FILE *f, bool cleanup)
{
	struct report r = { .f = f };
	int n;

	fprintf(f, "\nleft behind by killed isolab runs:\n");
	n = ct_cg_sweep(cleanup ? CT_SWEEP_KILL : CT_SWEEP_LIST,
			CT_SWEEP_NEAR, show, &r);
	if (n < 0)
		fprintf(f, "  (no cgroup file system: nothing to look for)\n");
	else if (n == 0)
		fprintf(f, "  nothing\n");
	return r.failed ? 1 : 0;
}
