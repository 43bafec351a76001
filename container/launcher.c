/* launcher: the container launcher behind the lab/core/launcher.h interface.
 * prepare -> start -> wait -> collect -> cleanup map onto container/run.h;
 * the wait is lab/core/pump.h's loop on the container's pidfd. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/cgroup.h"
#include "container/cgroup_sweep.h"
#include "container/options.h"
#include "container/run.h"
#include "container/seccomp.h"
#include "container/shell.h"
#include "lab/core/child_fds.h"
#include "lab/host/clock.h"
#include "lab/host/exit_peak.h"
#include "lab/core/isolation.h"
#include "lab/core/launcher.h"
#include "lab/host/ns_advice.h"
#include "lab/host/ns_cause.h"
#include "lab/core/pump.h"
#include "lab/host/syscall_table.h"
#include "lab/proto/workload_proto.h"

struct ct_launch {
	struct ct_run run;
	struct child_fds fds; /* the child side is handed to the run */
	bool run_prepared;    /* ct_run_prepare was called: cleanup it */
	bool cancelled;       /* interrupted before the exec */
	struct exit_peak own_peak; /* the program's VmHWM, read at its exit */
};

static void config_init(void *config)
{
	ct_config_init(config);
}

/* The cause of a refused namespace, with what to do, into err. */
static int namespaces_refused(unsigned ns, int errnum, enum ns_cause cause,
			      const struct ns_facts *facts, struct err *err)
{
	char advice[400];

	ns_advice(advice, sizeof(advice), cause, facts);
	if (!errnum)
		return err_set(err, ERR_RUNTIME, "%s", advice);
	return err_set(err, ERR_RUNTIME,
		       "cannot create the container's namespaces (clone3 with %s: %s, %s): %s",
		       (ns & CT_NS_USER) ? "a user namespace"
					 : "no user namespace",
		       strerrorname_np(errnum) ? strerrorname_np(errnum) : "?",
		       strerror(errnum), advice);
}

static int available(const void *config, struct err *err)
{
	const struct ct_config *c = config;
	bool with_user = c->ns & CT_NS_USER;
	struct ns_facts facts;
	enum ns_cause cause;

	if (with_user && access("/proc/self/ns/user", F_OK) < 0)
		return err_set(err, ERR_RUNTIME,
			       "this kernel has no user namespaces");
	if (with_user && c->userns == CT_USERNS_HOST_ROOT && geteuid() != 0)
		return err_set(err, ERR_USAGE,
			       "--userns host-root needs root; as a normal user container root is always your own uid (drop --userns)");
	if (c->ns) {
		/* Only what fails whatever we try: the rest shows at the
		 * clone (start), and doctor tries it. */
		ns_facts_read_settings(&facts);
		cause = ns_cause_certain(&facts, with_user);
		if (cause != NS_CAUSE_UNKNOWN)
			return namespaces_refused(c->ns, 0, cause, &facts, err);
	}
	if ((c->ns & CT_NS_MNT) && access("/tmp", F_OK) < 0)
		return err_set(err, ERR_RUNTIME,
			       "/tmp is missing: the rootfs is built over it");
	return 0;
}

/* Namespaces that hide nothing about the host's processes: without a pid
 * namespace the workload sees them all, and without a user namespace its
 * root is the host's, whose CAP_KILL reaches every one of them. */
static int config_warning(const void *config, char *buf, size_t len)
{
	const struct ct_config *c = config;
	char names[128];

	if (geteuid() != 0 || !c->ns || (c->ns & (CT_NS_USER | CT_NS_PID)))
		return 0;
	snprintf(buf, len,
		 "--ns %s as root: with no user and no pid namespace the workload sees and can signal every host process",
		 ct_ns_describe(c->ns, names, sizeof(names)));
	return 1;
}

static int session_open(const void *config, void **state,
			struct timeline *cost, struct err *err)
{
	struct ct_session *s = malloc(sizeof(*s));

	if (!s)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (ct_session_open(config, s, cost, err) < 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void session_close(void *state)
{
	ct_session_close(state);
	free(state);
}

static int prepare(struct launch *l, struct err *err)
{
	const struct launch_request *req = l->req;
	struct ct_launch *cl = calloc(1, sizeof(*cl));
	struct ct_start st = { .binary = req->binary, .argv = req->argv,
			       .alone = !req->overlapping };

	if (!cl)
		return err_set(err, ERR_RUNTIME, "out of memory");
	l->priv = cl;
	child_fds_init(&cl->fds);
	exit_peak_init(&cl->own_peak);
	st.peak = launch_watch_own_peak(req) ? &cl->own_peak : NULL;
	if (child_fds_open(&cl->fds, req, err) < 0)
		return -1;
	/* The run takes the child side over and closes it. */
	for (int i = 0; i < CHILD_NFDS; i++) {
		st.fds[i] = cl->fds.child[i];
		cl->fds.child[i] = -1;
	}
	cl->run_prepared = true;
	return ct_run_prepare(&cl->run, l->session, &st, &l->res->tl, err);
}

static int start(struct launch *l, struct err *err)
{
	struct ct_launch *cl = l->priv;
	int rc = ct_run_spawn(&cl->run, &l->res->tl, l->req->cancel_fd, err);

	/* No pid: the clone itself failed, and errno is its answer. Say
	 * why, where the system lets us tell, instead of guessing. */
	if (rc < 0 && cl->run.pid == 0 &&
	    (errno == EPERM || errno == EACCES || errno == ENOSPC ||
	     errno == EUSERS)) {
		int errnum = errno;
		struct ns_facts facts;

		ns_facts_read(&facts);
		return namespaces_refused(cl->run.cfg.ns, errnum,
					  ns_cause_of(&facts,
						      cl->run.cfg.ns & CT_NS_USER,
						      errnum),
					  &facts, err);
	}
	if (rc == 1) { /* Ctrl-C during setup: a run, interrupted */
		ct_run_kill(&cl->run);
		l->res->interrupted = true;
		l->res->tl.exited_ns = clock_now_ns();
		cl->cancelled = true;
		return 0;
	}
	return rc;
}

static int wait_for_exit(struct launch *l, struct err *err)
{
	struct ct_launch *cl = l->priv;
	struct pump pump;
	enum pump_end end;

	if (cl->cancelled)
		return 0;
	pump_init(&pump, l->req, ct_run_end_fd(&cl->run), cl->fds.channel_rd,
		  cl->fds.output_rd);
	pump.exit_peak = &cl->own_peak; /* idle unless attached */
	if (pump_run(&pump, l->res, &end, err) < 0)
		return -1;
	if (end == PUMP_EXITED)
		return 0;
	ct_run_kill(&cl->run);
	pump_record_stop(end, l->res);
	return 0;
}

/* "--cgroup mem=8M": the limit that killed the workload, as the user
 * writes it. */
static void describe_mem_limit(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGT";
	int u = 0;

	while (u < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "--cgroup mem=%llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "--cgroup mem=%llu%c",
			 (unsigned long long)bytes, units[u]);
}

/* The run's note: what strict blocked, whether the profile fits the
 * program at all, and what the cgroup setup had to give up. */
static void compose_note(const struct ct_launch *cl,
			 const struct launch_request *req,
			 struct launch_result *res)
{
	char blocked[160];
	const char *parts[3];
	int n = 0;
	size_t used = 0;

	ct_notify_describe(&cl->run.notify, blocked, sizeof(blocked));
	if (blocked[0])
		parts[n++] = blocked;
	if (req->user_program && cl->run.cfg.seccomp == CT_SECCOMP_STRICT)
		parts[n++] = "--seccomp strict allows only what isolab-workload calls, not the program's own calls";
	if (cl->run.note[0])
		parts[n++] = cl->run.note;
	res->note[0] = '\0';
	for (int i = 0; i < n && used < sizeof(res->note); i++) {
		int w = snprintf(res->note + used, sizeof(res->note) - used,
				 "%s%s", i ? "; " : "", parts[i]);

		used += w > 0 ? (size_t)w : 0;
	}
}

/* What --cgroup cpu=N% did, for the user and for tests that must not
 * judge a limit by wall-clock time on a busy machine. */
static void add_cpu_counters(struct launch_result *res,
			     const struct ct_cg_cpu *cpu)
{
	launch_add_count(res, "cgroup_cpu_periods", cpu->periods);
	launch_add_count(res, "cgroup_cpu_throttled_periods",
			 cpu->throttled_periods);
	launch_add_count(res, "cgroup_cpu_throttled_us", cpu->throttled_us);
	if (cpu->usage_us)
		launch_add_count(res, "cgroup_cpu_usage_us", cpu->usage_us);
}

/* The program's last ptrace stop, within the teardown's bound: a program
 * that never stops nor ends stays traced, and the run says so (its
 * reaper, the container's init or isolab, is bounded on its own). */
static void peak_finish(struct launch *l, struct ct_launch *cl, bool close)
{
	struct exit_peak_bound bound = pump_teardown_bound(l->req->cancel_fd);
	pid_t pid = cl->own_peak.pid;
	char what[64];

	if (close ? exit_peak_close(&cl->own_peak, &bound)
		  : exit_peak_finish(&cl->own_peak, &bound))
		return;
	snprintf(what, sizeof(what), "the traced program (pid %d)", (int)pid);
	pump_note_abandoned(l->res, what, "init reaps it once isolab exits");
}

/* The cgroup's verdict: its peak charge, whether the OOM killer struck,
 * and what a cpu limit did. */
static void read_cgroup(struct ct_launch *cl, struct launch_result *res,
			uint64_t *peak, bool *oom)
{
	struct ct_cg_cpu cpu;

	ct_cg_stats(&cl->run.cg, peak, oom);
	if (cl->run.cfg.limits.cpu_pct && ct_cg_cpu_stats(&cl->run.cg, &cpu))
		add_cpu_counters(res, &cpu);
}

static int collect(struct launch *l, struct err *err)
{
	struct ct_launch *cl = l->priv;
	struct launch_result *res = l->res;
	const char *peak_text;
	uint64_t cg_peak = 0, own_kib, charged_kib;
	bool oom = false, cgroup_read = false;
	int status;

	/* The init has left the cgroups and is exiting: read them and
	 * remove them now, meanwhile. The program is gone; what the init
	 * frees after cannot raise the peak. */
	if (cl->run.cg_planned && ct_run_init_left(&cl->run)) {
		read_cgroup(cl, res, &cg_peak, &oom);
		cgroup_read = true;
		ct_cg_remove_empty(&cl->run.cg);
	}
	/* Leftovers of a run without a pid namespace die before the reap
	 * frees the process group's id. */
	ct_run_kill(&cl->run);
	peak_finish(l, cl, false);
	if (ct_run_reap(&cl->run, err) < 0)
		return -1;
	ct_notify_stop(&cl->run.notify);
	status = cl->run.status;
	if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
		res->exit_code = -1;
	} else {
		res->exit_code = WEXITSTATUS(status);
	}
	if (cl->run.cg_planned && !cgroup_read)
		read_cgroup(cl, res, &cg_peak, &oom);
	res->oom_killed = oom;
	if (oom && cl->run.cfg.limits.mem_bytes)
		describe_mem_limit(cl->run.cfg.limits.mem_bytes, res->fault,
				   sizeof(res->fault));
	/* The program's own VmHWM: as it reports it, or as read at its exit
	 * (exit_peak.h); the cgroup's peak only when neither is known. */
	peak_text = launch_result_get(res, WORKLOAD_KEY_PSS_KIB);
	res->workload_pss_kib = peak_text ? strtoull(peak_text, NULL, 10) : 0;
	peak_text = launch_result_get(res, WORKLOAD_KEY_PEAK_KIB);
	own_kib = peak_text ? strtoull(peak_text, NULL, 10)
			    : cl->own_peak.peak_kib;
	/* Its file pages (its binary, copied into the rootfs before it
	 * joined the cgroup) are charged outside the cgroup. */
	charged_kib = own_kib > cl->own_peak.file_kib
			      ? own_kib - cl->own_peak.file_kib
			      : 0;
	res->workload_peak_kib = own_kib ? own_kib : cg_peak / 1024;
	/* The overhead is what the cgroup was charged beyond the program's
	 * own pages: page tables, kernel objects, the rootfs tmpfs, and with
	 * a pid namespace the init's pages (container/init.h). */
	res->overhead_kib = own_kib && cg_peak / 1024 > charged_kib
				    ? cg_peak / 1024 - charged_kib
				    : 0;
	compose_note(cl, l->req, res);
	return 0;
}

static void cleanup(struct launch *l)
{
	struct ct_launch *cl = l->priv;

	if (!cl)
		return;
	peak_finish(l, cl, true); /* kills a program still watched */
	if (cl->run_prepared) {
		bool abandoned_before = cl->run.abandoned;
		pid_t pid = cl->run.pid;

		ct_run_cleanup(&cl->run);
		if (cl->run.abandoned && !abandoned_before) {
			char what[64];

			snprintf(what, sizeof(what), "the container (pid %d)",
				 (int)pid);
			pump_note_abandoned(l->res, what,
					    "its cgroup is left for isolab doctor --cleanup");
		}
	}
	child_fds_close(&cl->fds);
	free(cl);
	l->priv = NULL;
}

/* For isolab probe: which numbers our own seccomp filter stops, and with
 * which errno (0 for a kill). Rules that look at arguments are answered
 * for the call as a whole. */
static int syscall_filter(const void *config, int nr, int *errno_out)
{
	const struct ct_config *c = config;
	int e = ct_seccomp_verdict(c->seccomp, ct_caps_kept(c),
				   syscall_name(nr));

	*errno_out = e;
	return e != 0;
}

/* The checklist from the config alone: each namespace its bit; its own
 * root only with a mount namespace (the rootfs is entered there); caps
 * dropped when the kept set is short of every capability this kernel
 * has; limits only when --cgroup set one. */
static void isolation(const void *config, struct isolation *out)
{
	static const struct {
		unsigned ns;
		enum isolation_item item;
	} ns_items[] = {
		{ CT_NS_PID, ISOLATION_PID_NS },
		{ CT_NS_MNT, ISOLATION_MOUNT_NS },
		{ CT_NS_UTS, ISOLATION_UTS_NS },
		{ CT_NS_IPC, ISOLATION_IPC_NS },
		{ CT_NS_NET, ISOLATION_NET_NS },
		{ CT_NS_USER, ISOLATION_USER_NS },
		{ CT_NS_CGROUP, ISOLATION_CGROUP_NS },
		{ CT_NS_TIME, ISOLATION_TIME_NS },
	};
	const struct ct_config *c = config;
	int last = ct_caps_last_cap();
	uint64_t all = last >= 63 || last < 0 ? ~0ull : (1ull << (last + 1)) - 1;
	const struct ct_limits *lim = &c->limits;

	for (size_t i = 0; i < sizeof(ns_items) / sizeof(ns_items[0]); i++)
		out->has[ns_items[i].item] = c->ns & ns_items[i].ns;
	out->has[ISOLATION_OWN_ROOT] = c->ns & CT_NS_MNT;
	out->has[ISOLATION_SECCOMP] = c->seccomp != CT_SECCOMP_OFF;
	out->has[ISOLATION_CAPS_DROPPED] = (ct_caps_kept(c) & all) != all;
	out->has[ISOLATION_CGROUP_LIMITS] =
		lim->enabled && (lim->mem_bytes || lim->pids || lim->cpu_pct);
}

const struct launcher container_launcher = {
	.name = "container",
	.summary = "namespaces, pivot_root into a tmpfs rootfs, seccomp, capabilities, cgroups",
	.options = ct_options,
	.config_size = sizeof(struct ct_config),
	.config_init = config_init,
	.available = available,
	.config_warning = config_warning,
	.session_open = session_open,
	.session_close = session_close,
	.prepare = prepare,
	.start = start,
	.wait = wait_for_exit,
	.collect = collect,
	.cleanup = cleanup,
	.syscall_filter = syscall_filter,
	.isolation = isolation,
	.shell = container_shell,
	.sweep = ct_cg_sweep,
};
