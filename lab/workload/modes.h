/* modes: the workloads, one function each (table in lab/proto/workload_modes.def). */
#ifndef ISOLAB_WORKLOAD_MODES_H
#define ISOLAB_WORKLOAD_MODES_H

struct workload_mode {
	const char *name;
	int (*run)(const char *arg); /* arg: what follows "name:", or 0 */
};

/* Find the mode for "name" or "name:arg"; sets *arg. 0 if unknown. */
const struct workload_mode *workload_mode_find(const char *spec,
					       const char **arg);

/* Report the peak RSS (VmHWM) and the PSS at exit, if /proc is there. */
void report_memory(void);

#endif
