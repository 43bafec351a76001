/* reach: which system calls a launcher's workload can reach, from what the
 * `probe` workload reports (format: lab/proto/probe_proto.h).
 *
 * Every number 0..PROBE_NR_LAST falls in one class:
 *   reached     the kernel the workload talks to executed it, whatever it
 *               answered, apart from the answers below
 *   denied      EPERM or EACCES: a privilege check said no
 *   blocked     a filter stopped it: the launcher's seccomp filter answered
 *               with its errno, or killed the workload at that call
 *               (SIGSYS, or any signal at a number the filter stops)
 *   absent      ENOSYS from the kernel the workload talks to, or SIGILL
 *               where no filter stops the number (a kernel that faults on
 *               a number it does not have)
 *   not probed  never called (lab/proto/probe_unsafe.def says why)
 * A filter may answer with EPERM or even ENOSYS, so the launcher's
 * syscall_filter hook (lab/core/launcher.h) is asked first: an answer equal to
 * the filter's errno for a number the filter stops is "blocked".
 *
 * Names and numbers: lab/host/syscall_table.h. */
#ifndef ISOLAB_REACH_H
#define ISOLAB_REACH_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"
#include "lab/core/results.h"
#include "lab/proto/probe_proto.h"
#include "lab/host/syscall_table.h"

#define REACH_NR_COUNT (PROBE_NR_LAST + 1)
#define REACH_STATE_MAX 512

enum reach_class {
	REACH_REACHED, REACH_DENIED, REACH_BLOCKED, REACH_ABSENT,
	REACH_NOT_PROBED, REACH_NCLASSES
};

struct reach_call {
	enum reach_class cls;
	bool seen;  /* reported by the workload (or, killed, inferred) */
	long ret;   /* the raw return value: >= 0, or -errno */
	int signal; /* the signal that killed the workload here, or 0 */
};

struct reach_report {
	const char *launcher; /* static: the launcher's name */
	const char *variant;  /* the --variant label it ran under, or NULL */
	struct reach_call call[REACH_NR_COUNT];
	int count[REACH_NCLASSES];
	bool has_filter;    /* the launcher has a syscall_filter hook */
	bool guest_kernel;  /* the workload talks to a guest kernel */
	int vmm_count;      /* guest only: host calls its VMM may make, -1 all */
	const char *const *vmm_names; /* guest only: NULL-terminated, or NULL */
	int launches;       /* 1, plus one per resumption after a kill */
	/* The workload's own state before and after the sweep of the run
	 * that finished it (kills end a run early; see probe_proto.h). */
	char state_before[REACH_STATE_MAX];
	char state_after[REACH_STATE_MAX];
	/* The launcher's options as the probe ran it (e.g. --seccomp). */
	int noptions;
	struct option_record options[RESULTS_MAX_OPTIONS];
};

const char *reach_class_name(enum reach_class c);

/* What the report is shown as: its variant's label, else the launcher. */
static inline const char *reach_label(const struct reach_report *r)
{
	return r->variant ? r->variant : r->launcher;
}

/* Why nr is never probed, or NULL when it is. */
const char *reach_unsafe_reason(int nr);

/* The class of one answer. filter_blocks and filter_errno are what the
 * launcher's syscall_filter hook said about this number. */
enum reach_class reach_classify(long ret, bool filter_blocks,
				int filter_errno);
/* The class of a call at which the workload was killed by `signal`. */
enum reach_class reach_classify_kill(int signal, bool filter_blocks);

/* Parse one run's stdout, a sweep that began at `first`, into r->call.
 * Sets *next to the first number the run did not report (-1 when it ended
 * before its sweep began, PROBE_NR_LAST + 1 after it) and *complete when
 * it reached probe-end; a run that was killed ends in the middle. Anything that is not the format of
 * probe_proto.h (another build's workload, a hostile one) is an error. */
int reach_parse(struct reach_report *r, int first, const char *out,
		size_t len, int *next, bool *complete, struct err *err);

/* Classify every call of r (reported ones by their answer, killed ones as
 * blocked, the unsafe ones as not probed) and count the classes. */
void reach_finish(struct reach_report *r, const struct launcher *l,
		  const void *config);

/* Host system calls the workload reaches directly: its reached calls, or
 * none when it talks to a guest kernel (the VMM's are r->vmm_count). */
int reach_host_direct(const struct reach_report *r);
/* Guest kernel only: calls it implements (reached or denied). */
int reach_guest_implemented(const struct reach_report *r);
/* Before and after agree (a report without both never does). */
bool reach_state_unchanged(const struct reach_report *r);

#endif
