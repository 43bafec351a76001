#include "lab/report/claims.h"

#include "lab/proto/util.h"

static const struct {
	const char *statement, *short_name;
} claims[] = {
	[CLAIM_VM_MEMORY] = { "A VM needs more memory than a container.", "VM needs more memory" },
	[CLAIM_VM_SLOW] = { "VMs start slowly.", "VMs start slowly" },
	[CLAIM_SHARED_KERNEL] = { "A container shares the host kernel.", "container shares the kernel" },
	[CLAIM_PROCESS_LEAST] = { "A process has the least isolation.", "process least isolated" },
};
_Static_assert(ARRAY_SIZE(claims) == CLAIM_COUNT, "one entry per claim");

const char *claim_statement(enum claim c)
{
	return claims[c].statement;
}

const char *claim_short(enum claim c)
{
	return claims[c].short_name;
}

static const struct rd_group *measured(const struct rd_group *g)
{
	return g && g->n ? g : NULL;
}

const struct rd_group *claim_slow_baseline(const struct report_data *rd,
					   int machine)
{
	const struct rd_group *c = measured(rd_main_group(rd, machine, "container"));

	return c ? c : measured(rd_main_group(rd, machine, "process"));
}

int claim_most_reach(const struct report_data *rd, int machine)
{
	const struct rf_probe *most = NULL;
	int most_l = -1;

	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rf_probe *p = rd_probe_of(rd, machine, rd->launchers[l]);

		if (p && (!most || p->host_direct > most->host_direct)) {
			most = p;
			most_l = l;
		}
	}
	return most_l;
}

static int probes_of(const struct report_data *rd, int machine)
{
	int n = 0;

	for (int l = 0; l < rd->nlaunchers; l++)
		n += rd_probe_of(rd, machine, rd->launchers[l]) != NULL;
	return n;
}

static enum claim_verdict verdict(bool holds)
{
	return holds ? CLAIM_HOLDS : CLAIM_DOES_NOT_HOLD;
}

enum claim_verdict claim_judge(const struct report_data *rd, int machine,
			       enum claim c)
{
	const struct rd_group *vm = measured(rd_main_group(rd, machine, "microvm")),
			      *ct = measured(rd_main_group(rd, machine, "container")),
			      *base = claim_slow_baseline(rd, machine);
	const struct rf_probe *ct_probe = rd_probe_of(rd, machine, "container"),
			      *process = rd_probe_of(rd, machine, "process");

	switch (c) {
	case CLAIM_VM_MEMORY:
		return vm && ct ? verdict(rd_footprint_kib(vm) > rd_footprint_kib(ct))
				: CLAIM_NOT_MEASURED;
	case CLAIM_VM_SLOW:
		return vm && base ? verdict(vm->stats[RD_STARTUP].median >
					    base->stats[RD_STARTUP].median)
				  : CLAIM_NOT_MEASURED;
	case CLAIM_SHARED_KERNEL:
		return ct_probe ? verdict(!ct_probe->guest_kernel &&
					  ct_probe->host_direct > 0)
				: CLAIM_NOT_MEASURED;
	case CLAIM_PROCESS_LEAST:
		if (!process || probes_of(rd, machine) < 2)
			return CLAIM_NOT_MEASURED;
		/* A tie with the most reached is still the least isolated. */
		return verdict(rd_probe_of(rd, machine,
					   rd->launchers[claim_most_reach(rd, machine)])
				       ->host_direct == process->host_direct);
	case CLAIM_COUNT:
		break;
	}
	return CLAIM_NOT_MEASURED;
}
