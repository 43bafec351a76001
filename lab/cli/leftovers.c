#include "lab/cli/leftovers.h"

#include <string.h>

#include "lab/core/launchers.h"

/* Each launcher's sweep hook; returns the number found, or -1 when none
 * had anywhere to look. */
static int sweep_all(enum leftover_sweep mode, enum leftover_scope scope,
		     leftover_fn *seen, void *ctx)
{
	int found = -1;

	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		int n;

		if (!all_launchers[i]->sweep)
			continue;
		n = all_launchers[i]->sweep(mode, scope, seen, ctx);
		if (n >= 0)
			found = (found < 0 ? 0 : found) + n;
	}
	return found;
}

void sweep_at_start(void)
{
	sweep_all(SWEEP_EMPTY, SWEEP_OWN, NULL, NULL);
}

struct report {
	FILE *f;
	bool failed;
};

static void show(void *ctx, const struct leftover *l)
{
	static const char *const tags[] = {
		[LEFT_FOUND] = "left", [LEFT_REMOVED] = "gone",
		[LEFT_KEPT] = "KEPT",
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
		l->fate == LEFT_REMOVED ? "removed: " : "", (int)l->owner,
		procs,
		l->fate == LEFT_REMOVED && l->procs > 0 ? ", killed" : "");
	if (l->fate == LEFT_FOUND)
		fprintf(r->f, "         -> isolab doctor --cleanup kills what is inside and removes it\n");
	if (l->fate == LEFT_KEPT) {
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
	n = sweep_all(cleanup ? SWEEP_KILL : SWEEP_LIST, SWEEP_NEAR,
		      show, &r);
	if (n < 0)
		fprintf(f, "  (no cgroup file system: nothing to look for)\n");
	else if (n == 0)
		fprintf(f, "  nothing\n");
	return r.failed ? 1 : 0;
}
