/* claims: four textbook claims held against one machine's measurements,
 * for `isolab report`'s "Claims checked" (sentences for one machine, a
 * table for a class). Computing only; report_md.c writes them. Each is
 * judged on the main workload (rd_main_workload) and the probe reports:
 *   VM memory       the micro-VM's footprint is above the container's
 *   VMs slow        the micro-VM's median startup is above the
 *                   container's (the process's, without a container)
 *   shared kernel   the container's probe talked to the host kernel and
 *                   reached it directly at least once
 *   process least   no launcher's probe reached the host kernel directly
 *                   more often than the process's (two probes at least)
 * A claim whose launchers or probes a machine lacks is not measured. */
#ifndef ISOLAB_REPORT_CLAIMS_H
#define ISOLAB_REPORT_CLAIMS_H

#include "lab/report/report_data.h"

enum claim {
	CLAIM_VM_MEMORY,
	CLAIM_VM_SLOW,
	CLAIM_SHARED_KERNEL,
	CLAIM_PROCESS_LEAST,
	CLAIM_COUNT
};

enum claim_verdict {
	CLAIM_NOT_MEASURED,
	CLAIM_HOLDS,
	CLAIM_DOES_NOT_HOLD,
	CLAIM_NVERDICTS
};

/* As a textbook states it: "A VM needs more memory than a container." */
const char *claim_statement(enum claim c);
/* A few words for a table's column: "VM needs more memory". */
const char *claim_short(enum claim c);
enum claim_verdict claim_judge(const struct report_data *rd, int machine,
			       enum claim c);

/* The group the micro-VM's startup is set against: the container's, else
 * the process's, or NULL when the machine has neither. */
const struct rd_group *claim_slow_baseline(const struct report_data *rd,
					   int machine);
/* The launcher whose probe reached the host kernel directly most often
 * (the first of a tie), or -1 without a probe. */
int claim_most_reach(const struct report_data *rd, int machine);

#endif
