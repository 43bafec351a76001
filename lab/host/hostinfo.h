/* hostinfo: what this machine is and supports, read once per invocation.
 * Used for the environment block of every result and by `isolab doctor`. */
#ifndef ISOLAB_HOSTINFO_H
#define ISOLAB_HOSTINFO_H

#include <stdbool.h>

#include "lab/host/procfs.h" /* enum cgroup_layout */

#define ISOLAB_VERSION "0.1.0"

/* The three answers to "what would a micro-VM run on here?". */
enum virt_mode { VIRT_NONE, VIRT_HARDWARE, VIRT_SOFTWARE };

struct environment {
	char isolab_version[16];
	char kernel[160];     /* sysname release version */
	char cpu_model[128];
	int cores;
	bool root;
	enum cgroup_layout cgroup_layout;
	enum virt_mode virt_mode;
	char virt_detail[96]; /* e.g. "AMD-V", "PVM (kvm_pvm module)" */
	/* 1-minute load average when the invocation started and when its
	 * measurements ended; negative where it cannot be read. */
	double load_start, load_end;
	/* load_end counts isolab's own instances, many at once until just
	 * before it was read (density): only load_start tells of other work. */
	bool load_end_counts_own;
};

/* Fills everything, load_start included (load_end = load_start until
 * environment_capture_end()). */
void environment_capture(struct environment *env);
/* Records the load when the measurements are over. */
void environment_capture_end(struct environment *env);
/* Whether other work competed for the CPUs, so that timings are
 * unreliable: the higher of the two loads (load_start alone when
 * load_end_counts_own) exceeds the core count. Sets *load to that load. */
bool environment_overloaded(const struct environment *env, double *load);

enum cgroup_layout hostinfo_cgroup_layout(void);
const char *cgroup_layout_name(enum cgroup_layout layout);
enum virt_mode hostinfo_virt_mode(char *detail, int detail_len);
const char *virt_mode_name(enum virt_mode mode);

#endif
