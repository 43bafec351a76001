/* ladder: building the rungs, measuring them in rounds, and the
 * increments between them (contract in lab/ladder/ladder.h). */
#include "lab/ladder/ladder.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/probe/reach_run.h"

/* Every capability Linux 6.x has: the rungs below "+capabilities
 * dropped" keep them all, so that rung alone drops them. */
#define ALL_CAPS                                                              \
	"keep:chown,dac_override,dac_read_search,fowner,fsetid,kill,setgid,"  \
	"setuid,setpcap,linux_immutable,net_bind_service,net_broadcast,"     \
	"net_admin,net_raw,ipc_lock,ipc_owner,sys_module,sys_rawio,"         \
	"sys_chroot,sys_ptrace,sys_pacct,sys_admin,sys_boot,sys_nice,"       \
	"sys_resource,sys_time,sys_tty_config,mknod,lease,audit_write,"      \
	"audit_control,setfcap,mac_override,mac_admin,syslog,wake_alarm,"    \
	"block_suspend,audit_read,perfmon,bpf,checkpoint_restore"
#define BARE ",--seccomp=off,--caps=" ALL_CAPS ",--cgroup=none"

/* Each rung adds one piece to the one above it; the last container rung
 * is the container launcher's default config. */
static const char *const standard_rungs[] = {
	"process:process",
	"+user ns:container:--ns=user" BARE,
	"+pid ns:container:--ns=user,pid" BARE,
	"+mount ns & pivot_root:container:--ns=user,pid,mnt" BARE,
	"+uts/ipc/net/cgroup/time ns:container:--ns=all" BARE,
	"+cgroup limits:container:--ns=all,--seccomp=off,--caps=" ALL_CAPS
	",--cgroup=mem=1G,pids=1024",
	"+capabilities dropped:container:--ns=all,--seccomp=off,--caps=default,--cgroup=mem=1G,pids=1024",
	"+seccomp:container:--ns=all,--seccomp=default,--caps=default,--cgroup=mem=1G,pids=1024",
	"micro-VM:microvm",
};

/* What each checklist item gives the workload, for "what a rung adds". */
static const char *const item_effect[ISOLATION_ITEMS] = {
	[ISOLATION_PID_NS] = "the workload is pid 1 and sees only its own processes",
	[ISOLATION_MOUNT_NS] = "its own mount table: what it mounts stays inside",
	[ISOLATION_UTS_NS] = "its own host name",
	[ISOLATION_IPC_NS] = "its own System V IPC and message queues",
	[ISOLATION_NET_NS] = "its own network stack, only a loopback device",
	[ISOLATION_USER_NS] = "its root is an unprivileged user on the host",
	[ISOLATION_CGROUP_NS] = "its own cgroup looks like the root of the tree",
	[ISOLATION_TIME_NS] = "its own boot and monotonic clocks",
	[ISOLATION_OWN_ROOT] = "pivot_root into a fresh tmpfs: the host's files are out of reach",
	[ISOLATION_SECCOMP] = "a seccomp filter refuses system calls it has no business making",
	[ISOLATION_CAPS_DROPPED] = "its root loses every capability but a short list",
	[ISOLATION_CGROUP_LIMITS] = "its memory and process count are capped by a cgroup",
	[ISOLATION_OWN_KERNEL] = "it talks to its own guest kernel, not the host's",
	[ISOLATION_HW_MEMORY] = "its memory is mapped only by the VM's page tables",
};

static int add_rung(struct ladder *lad, const char *spec, int line,
		    struct err *err)
{
	struct ladder_rung *r;

	if (lad->n == LADDER_MAX_RUNGS)
		return err_set(err, ERR_USAGE, "a ladder has at most %d rungs",
			       LADDER_MAX_RUNGS);
	r = &lad->rung[lad->n];
	memset(r, 0, sizeof(*r));
	if (variant_parse(spec, &r->v, err) < 0)
		return -1;
	r->line = line;
	r->host_reach = -1;
	r->host_passed = -1;
	r->below = -1;
	result_set_init(&r->rs);
	isolation_of(r->v.launcher, r->v.config, &r->iso);
	lad->n++;
	return 0;
}

int ladder_standard(struct ladder *lad, struct err *err)
{
	memset(lad, 0, sizeof(*lad));
	lad->standard = true;
	snprintf(lad->source, sizeof(lad->source), "standard");
	for (size_t i = 0; i < sizeof(standard_rungs) / sizeof(*standard_rungs); i++)
		if (add_rung(lad, standard_rungs[i], 0, err) < 0) {
			ladder_free(lad);
			return -1;
		}
	return 0;
}

/* Strip a line's comment and surrounding blanks, in place. */
static char *trim(char *s)
{
	char *hash = strchr(s, '#'), *end;

	if (hash)
		*hash = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int read_lines(FILE *f, const char *path, struct ladder *lad,
		      struct err *err)
{
	char buf[1024];
	int line = 0;

	while (fgets(buf, sizeof(buf), f)) {
		char *spec;

		line++;
		if (!strchr(buf, '\n') && !feof(f))
			return err_set(err, ERR_USAGE,
				       "%s:%d: the line is longer than %zu characters",
				       path, line, sizeof(buf) - 2);
		spec = trim(buf);
		if (!*spec)
			continue;
		if (add_rung(lad, spec, line, err) < 0) {
			char why[sizeof(err->msg)];

			memcpy(why, err->msg, sizeof(why));
			return err_set(err, ERR_USAGE, "%s:%d: %.440s", path,
				       line, why);
		}
	}
	if (ferror(f))
		return err_sys(err, "reading %s", path);
	if (lad->n == 0)
		return err_set(err, ERR_USAGE,
			       "%s has no rungs; write one LABEL:LAUNCHER[:OPTIONS] per line",
			       path);
	return 0;
}

int ladder_file_read(const char *path, struct ladder *lad, struct err *err)
{
	FILE *f = fopen(path, "re");
	int rc;

	memset(lad, 0, sizeof(*lad));
	if (!f)
		return err_set(err, errno == ENOENT ? ERR_USAGE : ERR_RUNTIME,
			       "cannot read the ladder file %s: %s", path,
			       strerror(errno));
	snprintf(lad->source, sizeof(lad->source), "%s", path);
	rc = read_lines(f, path, lad, err);
	fclose(f);
	if (rc < 0)
		ladder_free(lad);
	return rc;
}

void ladder_free(struct ladder *lad)
{
	for (int i = 0; i < lad->n; i++) {
		variant_free(&lad->rung[i].v);
		result_set_free(&lad->rung[i].rs);
	}
	lad->n = 0;
}

static int launch_once(const struct ladder_plan *plan,
		       const struct ladder *lad, struct ladder_rung *r,
		       bool measured, struct err *err)
{
	struct launch_request req = {
		.binary = plan->binary,
		.argv = plan->argv,
		.timeout_ns = plan->timeout_ns,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.stdin_fd = -1,
		.cancel_fd = plan->cancel_fd,
		.config = r->v.config,
	};
	struct launch_result scratch;
	struct run_record *rec = NULL;

	if (measured) {
		if (!(rec = result_set_add(&r->rs)))
			return err_set(err, ERR_RUNTIME, "out of memory");
		rec->launcher = r->v.launcher->name;
		rec->rep = (int)r->rs.nruns;
		snprintf(rec->workload, sizeof(rec->workload), "%s",
			 lad->workload);
	}
	if (launch_run(r->v.launcher, &req, rec ? &rec->res : &scratch, err) < 0) {
		if (rec)
			r->rs.nruns--;
		return -1;
	}
	if ((rec ? &rec->res : &scratch)->interrupted)
		return err_set(err, ERR_INTERRUPTED,
			       "interrupted");
	return 0;
}

/* One round: every rung still in the ladder once. A rung that fails
 * before it ever ran is set aside with the reason. */
static int run_round(const struct ladder_plan *plan, struct ladder *lad,
		     bool measured, bool first, struct err *err)
{
	for (int i = 0; i < lad->n; i++) {
		struct ladder_rung *r = &lad->rung[i];

		if (r->skipped[0])
			continue;
		if (launch_once(plan, lad, r, measured, err) == 0)
			continue;
		if (err->kind == ERR_INTERRUPTED || !first)
			return -1;
		snprintf(r->skipped, sizeof(r->skipped), "%s", err->msg);
	}
	return 0;
}

static void probe_reach(const struct ladder_plan *plan, struct ladder_rung *r,
			struct reach_report *rep, struct err *err)
{
	struct reach_plan rp = {
		.launcher = r->v.launcher,
		.config = r->v.config,
		.workload = plan->binary,
		.timeout_ns = plan->timeout_ns,
		.cancel_fd = plan->cancel_fd,
	};

	if (reach_run(&rp, rep, err) < 0) {
		snprintf(r->reach_note, sizeof(r->reach_note), "%.199s",
			 err->msg);
		return;
	}
	r->reach_via_vmm = rep->guest_kernel;
	/* A call a privilege check refuses still runs host kernel code up
	 * to that check; only a filter or a guest kernel keeps it out. */
	r->host_reach = rep->guest_kernel ? rep->vmm_count
					  : rep->count[REACH_REACHED] +
						    rep->count[REACH_DENIED];
	r->host_passed = rep->guest_kernel ? rep->vmm_count
					   : reach_host_direct(rep);
}

int ladder_run(const struct ladder_plan *plan, struct ladder *lad,
	       struct err *err)
{
	struct reach_report *rep;
	uint64_t rounds = lad->warmup + lad->reps;

	environment_capture(&lad->env);
	for (int i = 0; i < lad->n; i++) {
		struct ladder_rung *r = &lad->rung[i];

		if (r->v.launcher->available(r->v.config, err) < 0)
			snprintf(r->skipped, sizeof(r->skipped), "%s",
				 err->msg);
	}
	for (uint64_t k = 0; k < rounds; k++)
		if (run_round(plan, lad, k >= lad->warmup, k == 0, err) < 0)
			return -1;
	if (plan->probe_reach) {
		if (!(rep = malloc(sizeof(*rep))))
			return err_set(err, ERR_RUNTIME, "out of memory");
		for (int i = 0; i < lad->n; i++) {
			struct err perr = { 0 };

			if (lad->rung[i].skipped[0])
				continue;
			probe_reach(plan, &lad->rung[i], rep, &perr);
			if (perr.kind == ERR_INTERRUPTED) {
				free(rep);
				return err_set(err, ERR_INTERRUPTED,
					       "interrupted");
			}
		}
		free(rep);
	}
	environment_capture_end(&lad->env);
	return ladder_derive(lad, err);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double metric_value(const struct launch_result *res,
			   enum summary_metric m)
{
	struct run_times t = run_times_of(res);

	switch (m) {
	case METRIC_STARTUP: return (double)t.startup_ns;
	case METRIC_RUN: return (double)t.run_ns;
	case METRIC_TEARDOWN: return (double)t.teardown_ns;
	case METRIC_TOTAL: return (double)t.total_ns;
	default: return (double)footprint_kib_of(res);
	}
}

/* The standard error of a median, from the MAD (robust to the outliers a
 * shared machine makes): 1.2533 * 1.4826 * MAD / sqrt(n). */
static int median_se(const struct result_set *rs, enum summary_metric m,
		     double *se)
{
	size_t n = rs->nruns;
	double *v = malloc((n ? n : 1) * sizeof(*v)), med;

	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = metric_value(&rs->runs[i].res, m);
	*se = 0;
	if (n > 1) {
		med = median_of(v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = fabs(v[i] - med);
		*se = 1.2533 * 1.4826 * median_of(v, n) / sqrt((double)n);
	}
	free(v);
	return 0;
}

static double phase_ns(const struct summary *s, const char *name)
{
	for (int p = 0; p < s->nphases; p++)
		if (strcmp(s->phase_median[p].name, name) == 0)
			return (double)s->phase_median[p].ns;
	return 0;
}

static bool has_delta(const struct ladder_rung *r, const char *name)
{
	for (int i = 0; i < r->ndeltas; i++)
		if (strcmp(r->deltas[i].name, name) == 0)
			return true;
	return false;
}

static int delta_cmp(const void *a, const void *b)
{
	const struct ladder_phase_delta *x = a, *y = b;

	return (y->ns > x->ns) - (y->ns < x->ns);
}

/* Phase by phase, this rung's medians minus the one below's: a phase
 * either lacks counts as 0. Largest increase first. */
static void phase_deltas(struct ladder_rung *r, const struct ladder_rung *b)
{
	const struct summary *both[2] = { &r->sum, &b->sum };

	r->ndeltas = 0;
	for (int k = 0; k < 2; k++)
		for (int p = 0; p < both[k]->nphases; p++) {
			const char *name = both[k]->phase_median[p].name;

			if (has_delta(r, name) || r->ndeltas == LADDER_MAX_DELTAS)
				continue;
			r->deltas[r->ndeltas++] = (struct ladder_phase_delta){
				name, phase_ns(&r->sum, name) -
					      phase_ns(&b->sum, name)
			};
		}
	qsort(r->deltas, (size_t)r->ndeltas, sizeof(r->deltas[0]), delta_cmp);
}

static void append(char *buf, size_t len, const char *fmt, const char *a,
		   const char *b)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, fmt, a, b);
}

/* "+pid namespace: the workload is pid 1 ...; +..." from the checklist
 * items this rung has and the one below lacks, and those it gives up. */
static void describe_adds(struct ladder_rung *r, const struct isolation *below)
{
	static const struct isolation none;
	const struct isolation *b = below ? below : &none;
	bool gave_up = false;

	r->adds[0] = '\0';
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		if (r->iso.has[i] && !b->has[i])
			append(r->adds, sizeof(r->adds),
			       r->adds[0] ? "; +%s: %s" : "+%s: %s",
			       isolation_item_label((enum isolation_item)i),
			       item_effect[i]);
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		if (!r->iso.has[i] && b->has[i]) {
			append(r->adds, sizeof(r->adds),
			       gave_up ? ", %s%s" : "%sin place of: %s",
			       gave_up ? "" : r->adds[0] ? "; " : "",
			       isolation_item_label((enum isolation_item)i));
			gave_up = true;
		}
	if (!r->adds[0])
		snprintf(r->adds, sizeof(r->adds), "%s",
			 below ? "nothing the checklist shows over the rung below"
			       : "no isolation: the host's kernel, files, processes and ids, unfiltered");
}

static int derive_rung(struct ladder *lad, int i, int below, struct err *err)
{
	struct ladder_rung *r = &lad->rung[i];
	struct summary *sums;
	size_t nsums = 0;

	r->below = below;
	describe_adds(r, below >= 0 ? &lad->rung[below].iso
			 : i > 0 ? &lad->rung[i - 1].iso : NULL);
	if (r->skipped[0])
		return 0;
	if (!(sums = result_set_summarize(&r->rs, &nsums)))
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (nsums)
		r->sum = sums[0];
	free(sums);
	for (int m = 0; m < METRIC_COUNT; m++)
		if (median_se(&r->rs, (enum summary_metric)m, &r->se[m]) < 0)
			return err_set(err, ERR_RUNTIME, "out of memory");
	if (below < 0)
		return 0;
	for (int m = 0; m < METRIC_COUNT; m++) {
		const struct ladder_rung *b = &lad->rung[below];

		r->inc[m] = r->sum.metric[m].median - b->sum.metric[m].median;
		r->inc_err[m] = 1.96 * sqrt(r->se[m] * r->se[m] +
					    b->se[m] * b->se[m]);
	}
	phase_deltas(r, &lad->rung[below]);
	return 0;
}

int ladder_derive(struct ladder *lad, struct err *err)
{
	int below = -1;

	for (int i = 0; i < lad->n; i++) {
		if (derive_rung(lad, i, lad->rung[i].skipped[0] ? -1 : below,
				err) < 0)
			return -1;
		if (!lad->rung[i].skipped[0])
			below = i;
	}
	return 0;
}
