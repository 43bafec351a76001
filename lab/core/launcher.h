/* launcher: the one interface behind which a workload runs.
 *
 * A launcher (process/, container/, microvm/) runs one instance of a static
 * x86-64 executable and reports what it cost. The measurement core, the
 * exporters and the dashboard hold a `const struct launcher *` and never ask
 * which one it is.
 *
 * One run is driven by launch_run() (lab/core/launch.c) in this order:
 *     prepare -> start -> wait -> collect -> cleanup
 * cleanup is called exactly once whenever prepare was called, whether the
 * later steps succeeded or not, and must leave nothing behind (processes,
 * mounts, cgroups, VMs, fds, temp dirs). Every step returns 0 or -1 with
 * `err` filled.
 *
 * Time: launch_run() stamps tl.request_ns before prepare and tl.done_ns after
 * cleanup. The launcher stamps tl.ready_ns (the workload's ready signal; for
 * a program that never signals, launch_run() takes the launcher's last
 * phase mark, which should be its exec) and tl.exited_ns (when it saw the workload end), and calls timeline_mark()
 * at the end of each of its startup phases. Phases are consecutive: each
 * lasts from the previous mark (or the request) to its own mark, and
 * launch_run() closes them with a final "ready" phase, so they add up to
 * the startup latency exactly.
 *
 * Launcher options (--spawn, --ns, --mem, ...) are declared once, in
 * `options`, each with its parser and its "show" function; the command
 * line hands each one the user gave to launcher_option_set(). */
#ifndef ISOLAB_LAUNCHER_H
#define ISOLAB_LAUNCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab/host/err.h"

#define TIMELINE_MAX_MARKS 16
#define LAUNCH_MAX_RESULTS 8
#define LAUNCH_MAX_COUNTERS 32
#define LAUNCH_OUTPUT_HEAD 2048
#define LAUNCH_MAX_SYSCALLS 64

struct phase_mark {
	const char *name; /* static string */
	uint64_t at_ns;   /* CLOCK_MONOTONIC */
};

struct timeline {
	uint64_t request_ns;
	uint64_t ready_ns;
	uint64_t exited_ns;
	uint64_t done_ns;
	const char *stop_at; /* test-only: see launch_stop_point() */
	int stop_pid;        /* test-only: isolab's pid, when stop_at is set */
	int nmarks;
	struct phase_mark marks[TIMELINE_MAX_MARKS];
};

/* Mark the end of a startup phase now. Marks beyond the limit are dropped. */
void timeline_mark(struct timeline *tl, const char *name);
void timeline_mark_at(struct timeline *tl, const char *name, uint64_t at_ns);
/* Test-only hook (tests/e2e/kill9.sh): with ISOLAB_TEST_STOP_AT=PHASE in
 * the environment, which main reads once into launch_request.stop_at and
 * launch_run() into tl->stop_at, isolab stops itself (SIGSTOP) right
 * after that phase, so that a test can SIGKILL it there. timeline_mark()
 * calls it; a launcher whose marks are stamped after the fact calls it
 * where the phase really ends. Costs a NULL test otherwise. The stop is one
 * tgkill(stop_pid, stop_pid, SIGSTOP), so that a seccomp-confined thread
 * may be let through for exactly that call (microvm/seccomp.h). */
void launch_stop_point(const struct timeline *tl, const char *phase);

struct named_value {
	char key[32];
	char value[96];
};

struct named_count {
	const char *name; /* static string */
	uint64_t value;
};

/* How often the workload made one system call, as counted by the kernel
 * it talks to. nr -1 stands for every number past that kernel's counters. */
struct syscall_tally {
	int nr;
	uint64_t calls;
};

struct launch_session;

struct launch_request {
	/* The invocation's session (lab/core/session.h), opened once for this
	 * launcher and config; NULL for a cold run, which opens its own
	 * inside the run's timed span, so that its startup includes what a
	 * session would have paid once. */
	const struct launch_session *session;
	const char *binary;  /* path of a static x86-64 ELF, already checked */
	char *const *argv;   /* argv[0] is the program name, NULL-terminated */
	uint64_t timeout_ns; /* the workload is killed after this long */
	int stdout_fd;       /* -1: the launcher drains and counts stdout;
	                        otherwise stdout goes straight to this fd */
	int stderr_fd;       /* where the workload's stderr goes (-1: /dev/null) */
	int stdin_fd;        /* the workload's stdin (-1: /dev/null); `idle`
	                        runs until it reads EOF there */
	int cancel_fd;       /* becomes readable when the user interrupts
	                        (a signalfd for SIGINT/SIGTERM), or -1 */
	const char *stop_at; /* test-only phase to stop at, or NULL */
	const void *config;  /* the launcher's own options (config_size bytes) */
	bool user_program;   /* the program is the user's --binary, not
	                        isolab-workload; it may not report its own
	                        peak (launch_watch_own_peak) */
	bool outcome_only;   /* only the outcome (exit, signal, timeout) is
	                        wanted, as by `isolab exec`: a launcher may skip
	                        work that serves nothing but the footprint and
	                        counters */
	bool overlapping;    /* other launches run in this process at the same
	                        time (density, a runner's parallel columns):
	                        whole-process or whole-cgroup figures (isolab's
	                        own VmRSS, its memory cgroup's kernel memory)
	                        move with them, so a launcher leaves such
	                        counters out rather than report another run's
	                        memory as this one's */
	/* Called (from the thread running the launch) when the workload
	 * signals ready; NULL for none. Used by `isolab density`, which from
	 * then until it releases the instance leaves that thread's stack out
	 * of forks (lab/host/thread_stacks.h): after ready, a launcher must
	 * not start a child on the caller's stack (fork, or clone3 without a
	 * stack of its own), and never calls glibc's fork(), system() or
	 * popen(), whose child walks every thread's descriptor (_Fork() and
	 * raw clone3 do not). */
	void (*on_ready)(void *ctx);
	void *on_ready_ctx;
};

struct launch_result {
	struct timeline tl;
	int exit_code;        /* exit status, or -1 when killed by a signal */
	int signal;           /* the signal that ended it, 0 if it exited */
	bool timed_out;       /* killed at the timeout */
	bool interrupted;     /* stopped because the user interrupted */
	bool oom_killed;      /* killed by a memory limit */
	uint64_t workload_peak_kib;  /* the workload's own peak RSS */
	uint64_t workload_pss_kib;   /* its proportional set size at exit,
	                                0 where it cannot be known */
	uint64_t overhead_kib;       /* memory the isolation itself adds */
	uint64_t output_bytes;       /* bytes the workload wrote to stdout */
	char output_head[LAUNCH_OUTPUT_HEAD]; /* their beginning, NUL-ended */
	int nresults;
	struct named_value results[LAUNCH_MAX_RESULTS]; /* from the channel */
	int ncounters;
	struct named_count counters[LAUNCH_MAX_COUNTERS]; /* e.g. VM exits */
	char fault[128];      /* how it crashed, if the launcher knows more
	                         than the signal (e.g. "#PF at 0x0") */
	char note[256];       /* what the user should know, e.g. that cgroups
	                         were unavailable */
	/* The workload's system calls by number, lowest first, where the
	 * launcher can count them (a guest kernel: the micro-VM); at most
	 * LAUNCH_MAX_SYSCALLS numbers, syscalls_truncated when more. */
	int nsyscalls;
	bool syscalls_truncated;
	struct syscall_tally syscalls[LAUNCH_MAX_SYSCALLS];
};

struct launch {
	const struct launcher *launcher;
	const struct launch_request *req;
	struct launch_result *res;
	const void *session; /* the launcher's session state (session_open),
	                        NULL when it has none */
	void *priv; /* the launcher's per-run state, set in prepare */
};

struct isolation; /* lab/core/isolation.h */

/* What a killed isolab run of a launcher left behind (a cgroup, ...):
 * found by the launcher's sweep hook, handed to the caller one by one.
 * Only entries whose owner is provably gone are ever touched. */
enum leftover_sweep {
	SWEEP_EMPTY, /* remove those that hold no process, silently */
	SWEEP_LIST,  /* only report them */
	SWEEP_KILL,  /* kill what is still inside, then remove them */
};
enum leftover_scope {
	SWEEP_OWN,       /* only where this isolab itself would make them
	                    (cheap: run at the start of every launch) */
	SWEEP_NEAR,      /* below the parent of this isolab's own cgroups:
	                    those of isolabs started from the same place
	                    (isolab doctor); the whole hierarchy for an
	                    isolab in the root cgroup */
};
enum leftover_fate {
	LEFT_FOUND,   /* listed only */
	LEFT_REMOVED, /* removed (after killing what was inside) */
	LEFT_KEPT,    /* could not be removed: err says why */
};
struct leftover {
	const char *path;
	pid_t owner;     /* the isolab that made it, gone */
	int procs;       /* processes inside when found (-1: unreadable) */
	enum leftover_fate fate;
	int err;         /* errno, when kept */
};
typedef void leftover_fn(void *ctx, const struct leftover *l);

/* One launcher option, declared once: its name and help, how a value is
 * parsed into the config, and how the config's current value is shown
 * (as a user would type it: the dashboard cycles options with it, the
 * report's environment block lists them). */
struct launcher_option {
	const char *name; /* long option without "--" */
	const char *arg;  /* argument placeholder for --help, e.g. "MODE" */
	const char *help; /* one line */
	/* Parse value (never NULL) into config; a bad value or a
	 * contradiction with an option already set fails with ERR_USAGE and
	 * one line saying what to type. NULL for an enum field (below) with
	 * no rule of its own: launcher_option_set parses it from `values`. */
	int (*set)(void *config, const char *value, struct err *err);
	/* The current value into buf (always NUL-terminated). NULL for an
	 * enum field: launcher_option_show names it from `values`. */
	void (*show)(const void *config, char *buf, size_t len);
	/* For an option that takes one of a few words: every one of them
	 * (NULL entries, if any, are skipped; ends where the option's
	 * `nvalues` says), so a front end can offer or cycle through them;
	 * NULL for free-form values (lists, sizes, paths). */
	const char *const *values;
	size_t nvalues;
	/* An option whose value is an enum field of the config, values[i]
	 * naming value i (declare it with LAUNCHER_OPTION_ENUM): where that
	 * field is and its size (0: not such an option). */
	size_t field_offset;
	size_t field_size;
	/* A size a list may sweep (--mem 16,64,256): run and compare then
	 * measure every value, each its own row (lab/cli/option_sweep.c). */
	bool sweep;
};

/* Declares an option as the enum field `field` of `config_type`, whose
 * value i is called names[i] (a static array): set and show may then be
 * left out, or set given for rules beyond the table. */
#define LAUNCHER_OPTION_ENUM(config_type, field, names)                     \
	.values = (names), .nvalues = sizeof(names) / sizeof((names)[0]),   \
	.field_offset = offsetof(config_type, field),                       \
	.field_size = sizeof(((config_type *)0)->field)

/* Generic access to a launcher's options (lab/core/launcher_option.c). */
const struct launcher_option *
launcher_option_find(const struct launcher *l, const char *name);
/* Set option `name` to value: ERR_USAGE when the launcher has no such
 * option ("--NAME does not apply to the L launcher"), when value is NULL,
 * or when its parser refuses the value. */
int launcher_option_set(const struct launcher *l, void *config,
			const char *name, const char *value, struct err *err);
/* Its current value into buf; -1 (buf "") when there is no such option. */
int launcher_option_show(const struct launcher *l, const void *config,
			 const char *name, char *buf, size_t len);

/* For options whose values are an enum's names (names[i] for value i;
 * a NULL entry is skipped): the index of value, or -1. */
int option_enum_parse(const char *const *names, size_t n, const char *value);
/* The same, for option --NAME, refusing an unknown value with ERR_USAGE
 * and "--NAME: 'VALUE' is not A, B or C". */
int option_enum_value(const char *name, const char *const *names, size_t n,
		      const char *value, struct err *err);
/* "fork, vfork or posix_spawn", for the message that refuses a value. */
const char *option_enum_list(const char *const *names, size_t n, char *buf,
			     size_t len);
/* names[i], or "?" out of range. */
const char *option_enum_name(const char *const *names, size_t n, size_t i);

struct launcher {
	const char *name;
	const char *summary; /* one line for --help and doctor */
	const struct launcher_option *options; /* ends with {0} */
	size_t config_size;
	void (*config_init)(void *config);
	/* Can this launcher run here with this config? Cheap; used by compare
	 * and doctor to report a launcher that cannot run and why. */
	int (*available)(const void *config, struct err *err);
	/* Optional: what a user should be told once about this config before
	 * it runs, though it is valid (a lesson, not an error). Writes one
	 * line without a newline and returns 1, or returns 0. */
	int (*config_warning)(const void *config, char *buf, size_t len);

	/* Optional: work whose answer is the same for every run of one
	 * config in one invocation (the guest's CPUID table, a compiled seccomp
	 * filter, the cgroup layout). session_open sets *state, which every
	 * launch then reads as l->session. The state is immutable once open
	 * (density runs launches concurrently) and holds nothing one run
	 * could leave for the next: memory, cgroups, mounts and fds stay
	 * per run. It calls timeline_mark(cost, ...) at the end of each of
	 * its phases. session_close frees it; it is called exactly once
	 * after a successful open. */
	int (*session_open)(const void *config, void **state,
			    struct timeline *cost, struct err *err);
	void (*session_close)(void *state);

	/* Optional: what this config isolates, derived from the config
	 * itself (lab/core/isolation.h); NULL leaves every item unset. */
	void (*isolation)(const void *config, struct isolation *out);

	int (*prepare)(struct launch *l, struct err *err);
	int (*start)(struct launch *l, struct err *err);
	int (*wait)(struct launch *l, struct err *err);
	int (*collect)(struct launch *l, struct err *err);
	void (*cleanup)(struct launch *l);

	/* Syscall reach (isolab probe, lab/probe/reach.h). Both optional: NULL
	 * means the launcher has no such thing.
	 *
	 * syscall_filter: does this config's own seccomp filter stop system
	 * call number nr (made with every argument -1, see
	 * lab/workload/probe.c)? Returns 1 and sets *errno_out to the errno
	 * the filter answers with, or to 0 when it kills or traps instead;
	 * returns 0 when nr gets through to the kernel. */
	int (*syscall_filter)(const void *config, int nr, int *errno_out);
	/* vmm_syscalls: set by a launcher whose workload talks to a guest
	 * kernel, not to the host's (the micro-VM). Points *names at the host
	 * system calls its VMM may still make (its seccomp allowlist;
	 * static, NULL-terminated) and returns how many, or returns -1 when
	 * the VMM runs without a filter. */
	int (*vmm_syscalls)(const void *config, const char *const **names);

	/* Optional: `isolab shell`, an interactive shell inside this
	 * config's isolation, or with `command` (NULL-terminated argv, or
	 * NULL) that one command; returns its exit status (128+N for signal
	 * N) or -1 with err. Leaves nothing behind, as a launch. */
	int (*shell)(const void *config, char *const *command,
		     struct err *err);
	/* Optional: find what killed runs of this launcher left behind, in
	 * `scope`, and deal with each as `mode` says; each is handed to
	 * `seen` (may be NULL) with its fate. Returns how many were found,
	 * or -1 when there is nowhere to look (no cgroup file system). */
	int (*sweep)(enum leftover_sweep mode, enum leftover_scope scope,
		     leftover_fn *seen, void *ctx);
};

/* Should a launcher that can read the program's VmHWM from outside at its
 * exit (lab/host/exit_peak.h) do so? For a --binary, which may not report its
 * own peak, unless only the outcome is wanted (no footprint). */
static inline bool launch_watch_own_peak(const struct launch_request *req)
{
	return req->user_program && !req->outcome_only;
}

/* Run one instance from prepare to cleanup; fills *res. */
int launch_run(const struct launcher *launcher,
	       const struct launch_request *req, struct launch_result *res,
	       struct err *err);

/* Helpers for launchers filling a result. */
void launch_add_count(struct launch_result *res, const char *name,
		      uint64_t value);
const char *launch_result_get(const struct launch_result *res,
			      const char *key);

/* Startup phases as durations: fills up to max entries, returns the count. */
struct phase_span {
	const char *name;
	uint64_t ns;
};
int timeline_phases(const struct timeline *tl, struct phase_span *out,
		    int max);

#endif
