/* launcher: the micro-VM launcher's lifecycle (lab/core/launcher.h).
 *
 *   session  once per invocation (microvm/session.h): /dev/kvm opened and
 *            checked, the guest's CPUID table, the guest kernel ELF read
 *   prepare  create the VM ("vm"), map guest RAM ("memory"), load
 *            kernel + workload + stack + tables ("load"), set up the
 *            vCPU and the workload's TSC clock ("vcpu"); all on the
 *            calling thread, before any guest code runs
 *   start    start the vCPU thread, which confines itself ("seccomp") and
 *            runs the guest; the guest kernel announces itself ("guest
 *            kernel") and the workload's ready line stamps tl.ready_ns
 *   wait     poll the thread's done fd, the cancel fd and the timeout;
 *            stop the vCPU when needed; join it; turn its end into the
 *            result (exit code, or signal + fault text)
 *   collect  footprint and counters
 *   cleanup  stop/join if still running, unmap, close: nothing survives
 *
 * Footprint, measured with mincore() on the mappings this run created:
 *   workload_peak_kib = most user-area guest RAM resident at once (sampled
 *                       at exit and before every page discard);
 *   overhead_kib      = kernel-area guest RAM resident (page tables, GDT,
 *                       IDT, TSS, guest kernel image and stacks) + the
 *                       vCPU thread's stack resident + the kvm_run
 *                       mapping. KVM's own kernel allocations (vCPU state,
 *                       shadow page tables) are invisible from user space
 *                       and not included; the counter
 *                       kvm_kernel_kib_estimate is the kernel memory
 *                       isolab's memory cgroup got back when the VM was
 *                       destroyed (an estimate: anything else in that
 *                       cgroup moves it too). The counter vmm_rss_delta_kib
 *                       adds the process's VmRSS growth over the run as a
 *                       cross-check. Both are whole-process (whole-cgroup)
 *                       figures, left out when req->overlapping. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/core/isolation.h"
#include "lab/host/kmem.h"
#include "lab/core/launcher.h"
#include "lab/host/paths.h"
#include "lab/host/procfs.h"
#include "microvm/config.h"
#include "microvm/guest_clock.h"
#include "microvm/guest_cpuid.h"
#include "microvm/guest_load.h"
#include "microvm/guest_syscalls.h"
#include "microvm/microvm.h"
#include "microvm/session.h"
#include "microvm/vcpu.h"
#include "microvm/vmm.h"

struct microvm_run {
	struct microvm_config cfg;
	struct vmm vmm;
	struct vcpu vcpu;
	uint64_t rss_start_kib;
	int64_t kmem_alive; /* kmem_cgroup_bytes() while the VM still exists */
	struct guest_pt pt; /* the guest's page protections */
	uint64_t syscall_counts; /* where the guest kernel counts (header) */
};

static uint64_t rss_kib(void)
{
	int64_t v = procfs_status_kib(0, "VmRSS");

	return v < 0 ? 0 : (uint64_t)v;
}

static const struct microvm_config *config_of(const void *config,
					      struct microvm_config *def)
{
	if (config)
		return config;
	microvm_config_init(def);
	return def;
}

static int find_kernel(const struct microvm_config *cfg, char *out,
		       size_t len, struct err *err)
{
	if (cfg->guest_kernel[0]) {
		if (access(cfg->guest_kernel, R_OK) < 0)
			return err_sys(err, "guest kernel %s", cfg->guest_kernel);
		snprintf(out, len, "%s", cfg->guest_kernel);
		return 0;
	}
	return paths_find_helper("isolab-guest", out, len, err);
}

static int microvm_available(const void *config, struct err *err)
{
	struct microvm_config def;
	char path[PATH_MAX];
	int fd = vmm_open_dev(err), version;

	if (fd < 0)
		return -1;
	version = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (version != KVM_API_VERSION)
		return err_set(err, ERR_RUNTIME,
			       "/dev/kvm speaks KVM API version %d, isolab needs %d",
			       version, KVM_API_VERSION);
	return find_kernel(config_of(config, &def), path, sizeof(path), err);
}

static int make_eventfd(int *fd, struct err *err)
{
	*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return *fd < 0 ? err_sys(err, "eventfd") : 0;
}

static int microvm_session_open(const void *config, void **state,
				struct timeline *cost, struct err *err)
{
	struct microvm_config def;
	char path[PATH_MAX];
	struct vm_session *s = malloc(sizeof(*s));

	if (!s)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (find_kernel(config_of(config, &def), path, sizeof(path), err) < 0 ||
	    vm_session_open(path, s, cost, err) < 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void microvm_session_close(void *state)
{
	vm_session_close(state);
	free(state);
}

static int microvm_prepare(struct launch *l, struct err *err)
{
	static char *const no_env[] = { NULL };
	const struct vm_session *sess = l->session;
	struct microvm_run *r = calloc(1, sizeof(*r));
	struct timeline *tl = &l->res->tl;
	struct isolab_guest_header hdr;
	struct guest_load_args load;
	uint64_t clock_gpa;
	struct hc_ctx *hc;

	if (!r)
		return err_set(err, ERR_RUNTIME, "out of memory");
	l->priv = r;
	vmm_init(&r->vmm);
	r->vcpu.done_fd = r->vcpu.kick_fd = r->vcpu.hc.ready_fd = -1;
	r->cfg = *config_of(l->req->config, &r->cfg);
	if (!l->req->outcome_only)
		r->rss_start_kib = rss_kib();
	if (vmm_open(&r->vmm, sess ? &sess->host : NULL, err) < 0 ||
	    vmm_create_vm(&r->vmm, err) < 0)
		return -1;
	timeline_mark(tl, "vm");
	if (vmm_set_memory(&r->vmm, r->cfg.mem_mib << 20, err) < 0)
		return -1;
	timeline_mark(tl, "memory");
	load = (struct guest_load_args){
		.kernel_path = sess->kernel.path,
		.kernel = &sess->kernel,
		.workload_path = l->req->binary,
		.argv = l->req->argv,
		.envp = no_env,
		.pt = &r->pt,
		.tsc_clock = &clock_gpa,
		.hwcap = guest_cpuid_hwcap(sess->host.cpuid),
	};
	if (guest_load(&r->vmm, &load, &hdr, err) < 0)
		return -1;
	timeline_mark(tl, "load");
	r->syscall_counts = hdr.syscall_counts;
	if (vmm_setup_vcpu(&r->vmm, &hdr, VCPU_KICK_SIGNAL, err) < 0)
		return -1;
	guest_clock_fill(&r->vmm, clock_gpa);
	if (make_eventfd(&r->vcpu.done_fd, err) < 0 ||
	    make_eventfd(&r->vcpu.kick_fd, err) < 0 ||
	    (l->req->on_ready && make_eventfd(&r->vcpu.hc.ready_fd, err) < 0))
		return -1;
	r->vcpu.vmm = &r->vmm;
	hc = &r->vcpu.hc;
	hc->mem = &r->vmm.mem;
	hc->pt = &r->pt;
	hc->res = l->res;
	hc->stdin_fd = l->req->stdin_fd;
	hc->out = (struct vm_output){ .stdout_fd = l->req->stdout_fd,
				   .stderr_fd = l->req->stderr_fd,
				   .kick_fd = r->vcpu.kick_fd };
	/* The workload stamps its ready line with the host's clock (its TSC
	 * clock, or HC_TIME): like every launcher's, the stamp counts. */
	channel_init(&hc->channel, NULL); /* on_ready: see wait */
	timeline_mark(tl, "vcpu");
	return 0;
}

static int microvm_start(struct launch *l, struct err *err)
{
	struct microvm_run *r = l->priv;

	return vcpu_start(&r->vcpu, err);
}

enum stop_why { STOP_NONE, STOP_TIMEOUT, STOP_CANCEL };

/* Wait for the vCPU thread, the cancel fd or the deadline; tell the
 * requester when the workload is ready (from this, the launching thread:
 * the vCPU thread is confined and runs no foreign callbacks). */
static int wait_thread(struct microvm_run *r, const struct launch_request *req,
		       enum stop_why *why, struct err *err)
{
	uint64_t deadline = req->timeout_ns ? clock_now_ns() + req->timeout_ns
					    : UINT64_MAX;
	struct pollfd pfd[3] = {
		{ .fd = r->vcpu.done_fd, .events = POLLIN },
		{ .fd = req->cancel_fd, .events = POLLIN },
		{ .fd = r->vcpu.hc.ready_fd, .events = POLLIN },
	};

	*why = STOP_NONE;
	for (;;) {
		uint64_t now = clock_now_ns();
		int timeout_ms = -1, rc;

		if (now >= deadline) {
			*why = STOP_TIMEOUT;
			return 0;
		}
		if (deadline != UINT64_MAX)
			timeout_ms = (int)((deadline - now + 999999) / 1000000);
		rc = poll(pfd, 3, timeout_ms);
		if (rc < 0 && errno != EINTR)
			return err_sys(err, "poll");
		if (rc <= 0)
			continue;
		if (pfd[2].revents) {
			pfd[2].fd = -1; /* once */
			req->on_ready(req->on_ready_ctx);
		}
		if (pfd[0].revents)
			return 0;
		if (pfd[1].revents) {
			*why = STOP_CANCEL;
			return 0;
		}
	}
}

static void add_guest_rip(struct microvm_run *r, struct err *err)
{
	struct kvm_regs regs;

	if (ioctl(r->vmm.vcpu_fd, KVM_GET_REGS, &regs) == 0)
		err_prefix(err, "guest stopped at rip 0x%llx",
			   (unsigned long long)regs.rip);
}

static int microvm_wait(struct launch *l, struct err *err)
{
	struct microvm_run *r = l->priv;
	struct launch_result *res = l->res;
	enum stop_why why;
	int rc = wait_thread(r, l->req, &why, err);

	if (rc < 0 || why != STOP_NONE)
		vcpu_request_stop(&r->vcpu);
	vcpu_join(&r->vcpu);
	if (rc < 0)
		return -1;
	/* Also for exec: its "does not implement" line comes from here. */
	guest_syscalls_report(&r->vmm.mem, r->syscall_counts, res);
	switch (r->vcpu.end) {
	case VCPU_EXITED:
		res->exit_code = r->vcpu.hc.exit_signal ? -1
							: r->vcpu.hc.exit_status;
		res->signal = r->vcpu.hc.exit_signal;
		return 0;
	case VCPU_FAULTED:
		res->exit_code = -1;
		res->signal = hc_fault_signal(r->vcpu.hc.fault.vector);
		hc_format_fault(&r->vcpu.hc.fault, res->fault,
				sizeof(res->fault));
		return 0;
	case VCPU_SIGNALED:
		res->exit_code = -1;
		res->signal = r->vcpu.hc.signal;
		return 0;
	case VCPU_STOPPED:
		if (why == STOP_TIMEOUT && vmm_vcpu_halted(&r->vmm))
			return err_set(err, ERR_RUNTIME,
				       "the guest kernel halted without reporting an exit (stopped at the --timeout)");
		res->exit_code = -1;
		res->signal = SIGKILL;
		res->timed_out = why == STOP_TIMEOUT;
		res->interrupted = why == STOP_CANCEL;
		res->tl.exited_ns = clock_now_ns();
		return 0;
	case VCPU_FAILED:
	case VCPU_RUNNING:
		break;
	}
	*err = r->vcpu.err;
	if (r->vcpu.last_exit_reason == KVM_EXIT_SHUTDOWN ||
	    r->vcpu.last_exit_reason == KVM_EXIT_HLT ||
	    r->vcpu.last_exit_reason == KVM_EXIT_INTERNAL_ERROR)
		add_guest_rip(r, err);
	return -1;
}

static int microvm_collect(struct launch *l, struct err *err)
{
	struct microvm_run *r = l->priv;
	struct launch_result *res = l->res;
	struct gmem stack = { (uint8_t *)r->vcpu.stack.base, r->vcpu.stack.slot };
	uint64_t overhead, rss_now, exits = 0;

	(void)err;
	if (l->req->outcome_only)
		return 0; /* exit status and fault were set by wait */
	rss_now = rss_kib();
	hc_sample_footprint(&r->vcpu.hc);
	res->workload_peak_kib = r->vcpu.hc.peak_user_bytes >> 10;
	overhead = gmem_resident(&r->vmm.mem, 0, GUEST_USER_BASE) +
		   gmem_resident(&stack, 0, stack.size) + r->vmm.run_size;
	res->overhead_kib = overhead >> 10;
	for (int k = 0; k < EXK_COUNT; k++) {
		exits += r->vcpu.exits[k];
		if (r->vcpu.exits[k])
			launch_add_count(res, vcpu_exit_counter(k),
					 r->vcpu.exits[k]);
	}
	launch_add_count(res, "vm_exits", exits);
	for (unsigned nr = 0; nr < HC_COUNT; nr++)
		if (r->vcpu.hc.counts[nr])
			launch_add_count(res, hc_counter_name(nr),
					 r->vcpu.hc.counts[nr]);
	launch_add_count(res, "guest_ram_mib", r->cfg.mem_mib);
	/* Whole-process and whole-cgroup figures: other runs in this
	 * process would move them, so they are only taken for a run alone
	 * (kvm_kernel_kib_estimate needs kmem_alive, left 0 otherwise). */
	if (!l->req->overlapping) {
		r->kmem_alive = kmem_cgroup_bytes();
		launch_add_count(res, "vmm_rss_delta_kib",
				 rss_now > r->rss_start_kib
					 ? rss_now - r->rss_start_kib
					 : 0);
	}
	return 0;
}

/* What destroying the VM gave back to the kernel: KVM's own allocations
 * (vCPU state, shadow page tables), which no user-space figure shows. */
static void count_kvm_kernel_memory(struct microvm_run *r,
				    struct launch_result *res)
{
	int64_t after = r->kmem_alive > 0 ? kmem_cgroup_bytes() : -1;

	if (after >= 0 && r->kmem_alive > after)
		launch_add_count(res, "kvm_kernel_kib_estimate",
				 (uint64_t)(r->kmem_alive - after) >> 10);
}

static void microvm_cleanup(struct launch *l)
{
	struct microvm_run *r = l->priv;

	if (!r)
		return;
	vcpu_request_stop(&r->vcpu); /* only if still running */
	vcpu_free(&r->vcpu);
	vmm_close(&r->vmm);
	count_kvm_kernel_memory(r, l->res);
	if (r->vcpu.done_fd >= 0)
		close(r->vcpu.done_fd);
	if (r->vcpu.kick_fd >= 0)
		close(r->vcpu.kick_fd);
	if (r->vcpu.hc.ready_fd >= 0)
		close(r->vcpu.hc.ready_fd);
	free(r);
	l->priv = NULL;
}

/* The workload talks to the guest kernel; the host system calls left to
 * the VMM once the guest runs are the vCPU thread's seccomp allowlist. */
static int microvm_vmm_syscalls(const void *config, const char *const **names)
{
	const char *const *list = microvm_seccomp_allowlist();
	int n = 0;

	(void)config;
	while (list[n])
		n++;
	*names = list;
	return n;
}

/* Whatever the options: the workload talks to its own guest kernel, in
 * memory only KVM's page tables (EPT/NPT, or PVM's shadow ones) map, and
 * the VMM thread facing the host runs under a seccomp allowlist. No
 * namespaces, cgroup limits or dropped capabilities on the VMM. */
static void microvm_isolation(const void *config, struct isolation *out)
{
	(void)config;
	out->has[ISOLATION_OWN_KERNEL] = true;
	out->has[ISOLATION_HW_MEMORY] = true;
	out->has[ISOLATION_OWN_ROOT] = true; /* no host filesystem at all */
	out->has[ISOLATION_SECCOMP] = true;
}

const struct launcher microvm_launcher = {
	.name = "microvm",
	.summary = "a KVM micro-VM: tiny guest kernel, one vCPU, no devices",
	.options = microvm_options,
	.config_size = sizeof(struct microvm_config),
	.config_init = microvm_config_init,
	.available = microvm_available,
	.session_open = microvm_session_open,
	.session_close = microvm_session_close,
	.prepare = microvm_prepare,
	.start = microvm_start,
	.wait = microvm_wait,
	.collect = microvm_collect,
	.cleanup = microvm_cleanup,
	.vmm_syscalls = microvm_vmm_syscalls,
	.isolation = microvm_isolation,
};
