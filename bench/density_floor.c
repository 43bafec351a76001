/* density_floor: what holding many instances at once costs this machine
 * with nothing of isolab's involved, so that `isolab density`'s ratio can
 * be read against the best a bare starter gets here. One round prints two
 * figures (bench/interleave.c's format):
 *   floor.KIND.single  median over RUNS startups one after another (start,
 *                      ready, stop), timed as isolab times one: from the
 *                      request to the stamp in the workload's ready line
 *   floor.KIND.all     time until COUNT instances, held at once, are all
 *                      ready, as `isolab density` times it: until the
 *                      latest stamp in their ready lines. One starter
 *                      thread per CPU starts its share, then awaits it
 * KIND is how an instance of `isolab-workload idle` is started:
 *   posix_spawn  posix_spawn
 *   fork         fork, then execve in the child
 *   namespaces   a clone into new user, mount, pid, net, uts and ipc
 *                namespaces, then execve: a container without any of a
 *                container's setup (no mounts, cgroups, seccomp)
 *   kvm          a bare KVM VM: KVM_CREATE_VM, the split irqchip, one
 *                16 MiB memory slot, one vCPU, run until its guest's first
 *                instruction, an `out`, exits to us (no guest kernel, no
 *                workload: WORKLOAD is not used)
 * A process instance says ready on its fd 3 and holds until its stdin
 * closes; a VM is ready at its first exit and held until closed.
 *
 * usage: density_floor posix_spawn|fork|namespaces|kvm WORKLOAD COUNT RUNS ROUND */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/record_line.h"
#include "lab/core/stats.h"
#include "lab/host/clock.h"
#include "lab/proto/util.h"

extern char **environ;

enum { MAX_STARTERS = 8 };

#define NAMESPACE_FLAGS                                              \
	(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | \
	 CLONE_NEWUTS | CLONE_NEWIPC)

struct instance {
	pid_t pid;    /* a process: > 0 while held */
	int hold_fd;  /* our end of its stdin: closing it ends the instance;
		       * a VM: its vCPU fd */
	int ready_fd; /* our end of its fd 3; a VM: its VM fd */
	void *ram;    /* a VM's guest RAM: not NULL while held */
};

enum kind { POSIX_SPAWN, FORK, NAMESPACES, KVM };
static const char *const kind_names[] = { [POSIX_SPAWN] = "posix_spawn",
					  [FORK] = "fork",
					  [NAMESPACES] = "namespaces",
					  [KVM] = "kvm" };

struct floor {
	enum kind kind;
	const char *workload;
	int kvm_fd;
	int vcpu_mmap_size;
};

#define VM_RAM (16ul << 20)
#define VM_ENTRY 0x1000

/* KVM: 0, or the errno of the step that failed (everything made so far
 * is the caller's to undo through instance_stop). */
static int vm_start(const struct floor *f, struct instance *in)
{
	static const unsigned char out_then_halt[] = { 0xe6, 0x10, 0xf4 };
	struct kvm_enable_cap split = { .cap = KVM_CAP_SPLIT_IRQCHIP,
					.args = { 24 } };
	struct kvm_userspace_memory_region slot = { .memory_size = VM_RAM };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = VM_ENTRY, .rflags = 2 };

	in->ram = mmap(NULL, VM_RAM, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (in->ram == MAP_FAILED) {
		in->ram = NULL;
		return errno;
	}
	memcpy((char *)in->ram + VM_ENTRY, out_then_halt, sizeof(out_then_halt));
	slot.userspace_addr = (uint64_t)(uintptr_t)in->ram;
	if ((in->ready_fd = ioctl(f->kvm_fd, KVM_CREATE_VM, 0)) < 0 ||
	    ioctl(in->ready_fd, KVM_ENABLE_CAP, &split) < 0 ||
	    ioctl(in->ready_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0 ||
	    (in->hold_fd = ioctl(in->ready_fd, KVM_CREATE_VCPU, 0)) < 0 ||
	    ioctl(in->hold_fd, KVM_GET_SREGS, &sregs) < 0)
		return errno;
	sregs.cs.base = 0; /* real mode, code at VM_ENTRY */
	sregs.cs.selector = 0;
	if (ioctl(in->hold_fd, KVM_SET_SREGS, &sregs) < 0 ||
	    ioctl(in->hold_fd, KVM_SET_REGS, &regs) < 0)
		return errno;
	return 0;
}

/* The time of the VM's first exit, or 0. */
static uint64_t vm_ready(const struct floor *f, struct instance *in)
{
	struct kvm_run *run = mmap(NULL, (size_t)f->vcpu_mmap_size,
				   PROT_READ | PROT_WRITE, MAP_SHARED,
				   in->hold_fd, 0);
	uint64_t at = 0;

	if (run == MAP_FAILED)
		return 0;
	if (ioctl(in->hold_fd, KVM_RUN, 0) == 0 &&
	    run->exit_reason == KVM_EXIT_IO)
		at = clock_now_ns();
	munmap(run, (size_t)f->vcpu_mmap_size);
	return at;
}

static char *const idle_argv[] = { (char *)"isolab-workload", (char *)"idle",
				  NULL };

/* The child of a fork or a namespace clone: only dup2 and execve. */
static void exec_workload(const struct floor *f, int hold, int ready)
{
	if (dup2(hold, 0) == 0 && dup2(ready, 3) == 3)
		execve(f->workload, idle_argv, environ);
	_exit(127);
}

static int spawn(const struct floor *f, int hold, int ready, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int rc;

	if (f->kind != POSIX_SPAWN) {
		*pid = f->kind == FORK ? fork()
				       : (pid_t)syscall(SYS_clone,
							NAMESPACE_FLAGS | SIGCHLD,
							NULL, NULL, NULL, NULL);
		if (*pid == 0)
			exec_workload(f, hold, ready);
		return *pid < 0 ? errno : 0;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, hold, 0);
	posix_spawn_file_actions_adddup2(&fa, ready, 3);
	rc = posix_spawn(pid, f->workload, &fa, NULL, idle_argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* 0, or the errno of what failed. */
static int instance_start(const struct floor *f, struct instance *in)
{
	int hold[2], ready[2], rc;

	if (f->kind == KVM) {
		in->hold_fd = in->ready_fd = -1;
		return vm_start(f, in);
	}
	if (pipe2(hold, O_CLOEXEC) < 0)
		return errno;
	if (pipe2(ready, O_CLOEXEC) < 0) {
		rc = errno;
		close(hold[0]);
		close(hold[1]);
		return rc;
	}
	rc = spawn(f, hold[0], ready[1], &in->pid);
	close(hold[0]);
	close(ready[1]);
	in->hold_fd = hold[1];
	in->ready_fd = ready[0];
	if (rc) {
		in->pid = -1;
		close(in->hold_fd);
		close(in->ready_fd);
	}
	return rc;
}

/* The CLOCK_MONOTONIC stamp of its "ready" line, or 0 (it died, or its
 * exec failed). */
static uint64_t instance_ready(const struct floor *f, struct instance *in)
{
	char line[64];
	ssize_t n;

	if (f->kind == KVM)
		return vm_ready(f, in);
	while ((n = read(in->ready_fd, line, sizeof(line) - 1)) < 0 &&
	       errno == EINTR)
		;
	if (n < 6 || memcmp(line, "ready ", 6) != 0)
		return 0;
	line[n] = '\0';
	return strtoull(line + 6, NULL, 10);
}

static void instance_stop(const struct floor *f, struct instance *in)
{
	if (f->kind == KVM ? !in->ram : in->pid <= 0)
		return;
	if (in->hold_fd >= 0)
		close(in->hold_fd);
	if (in->ready_fd >= 0)
		close(in->ready_fd);
	if (f->kind == KVM) {
		munmap(in->ram, VM_RAM);
		in->ram = NULL;
		return;
	}
	while (waitpid(in->pid, NULL, 0) < 0 && errno == EINTR)
		;
	in->pid = -1;
}

struct share {
	const struct floor *floor;
	struct instance *first;
	size_t count;
	int err; /* the errno of a failed start, or -1 for an instance that died unready */
	uint64_t last_ready; /* the latest ready stamp of the share */
};

static void *start_share(void *arg)
{
	struct share *s = arg;

	for (size_t i = 0; i < s->count; i++)
		if ((s->err = instance_start(s->floor, &s->first[i])) != 0)
			return NULL;
	for (size_t i = 0; i < s->count; i++) {
		uint64_t at = instance_ready(s->floor, &s->first[i]);

		if (at == 0) {
			s->err = -1;
			return NULL;
		}
		if (at > s->last_ready)
			s->last_ready = at;
	}
	return NULL;
}

static int failed(const char *what, int err)
{
	if (err < 0)
		fprintf(stderr, "density_floor: %s: an instance ended before it was ready\n", what);
	else
		fprintf(stderr, "density_floor: %s: %s\n", what, strerror(err));
	return 1;
}

/* Median ns of RUNS startups, one after another; 0 with *err set. */
static double single_ns(const struct floor *f, size_t runs, int *err)
{
	double *ns = calloc(runs, sizeof(double));
	struct stats st;

	if (!ns) {
		*err = ENOMEM;
		return 0;
	}
	for (size_t i = 0; i < runs; i++) {
		struct instance in = { .pid = -1 };
		uint64_t t0 = clock_now_ns(), ready = 0;

		if ((*err = instance_start(f, &in)) == 0 &&
		    (ready = instance_ready(f, &in)) <= t0)
			*err = -1;
		instance_stop(f, &in);
		if (*err) {
			free(ns);
			return 0;
		}
		ns[i] = (double)(ready - t0);
	}
	stats_compute(ns, runs, &st);
	free(ns);
	return st.median;
}

/* ns until COUNT held instances are all ready; 0 with *err set. All are
 * stopped before it returns. */
static double all_ns(const struct floor *f, struct instance *all,
		     size_t count, int *err)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nstarters = cpus < 1 ? 1 : (size_t)cpus;
	struct share shares[MAX_STARTERS];
	pthread_t threads[MAX_STARTERS];
	size_t started = 0;
	uint64_t t0, last_ready = 0;

	if (nstarters > MAX_STARTERS)
		nstarters = MAX_STARTERS;
	if (nstarters > count)
		nstarters = count;
	for (size_t i = 0; i < count; i++)
		all[i].pid = -1;
	*err = 0;
	t0 = clock_now_ns();
	for (size_t k = 0; k < nstarters; k++) {
		size_t from = count * k / nstarters, to = count * (k + 1) / nstarters;

		shares[k] = (struct share){ f, all + from, to - from, 0, 0 };
		if ((*err = pthread_create(&threads[k], NULL, start_share,
					   &shares[k])) != 0)
			break;
		started++;
	}
	for (size_t k = 0; k < started; k++) {
		pthread_join(threads[k], NULL);
		if (shares[k].err && !*err)
			*err = shares[k].err;
		if (shares[k].last_ready > last_ready)
			last_ready = shares[k].last_ready;
	}
	for (size_t i = 0; i < count; i++)
		instance_stop(f, &all[i]);
	return *err ? 0 : (double)(last_ready - t0);
}

static void figure(const char *kind, const char *what, int round, double ns,
		   size_t n)
{
	char name[64];

	snprintf(name, sizeof(name), "floor.%s.%s", kind, what);
	record_line("figure", name, round, ns, n);
}

int main(int argc, char **argv)
{
	struct floor f = { .workload = argc > 2 ? argv[2] : NULL };
	size_t count = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	size_t runs = argc > 4 ? strtoul(argv[4], NULL, 10) : 0;
	int round = argc > 5 ? atoi(argv[5]) : 0;
	struct instance *all;
	struct rlimit fds;
	double single, held = 0;
	size_t k = 0;
	int err;

	while (argc > 1 && k < ARRAY_SIZE(kind_names) &&
	       strcmp(argv[1], kind_names[k]))
		k++;
	if (argc != 6 || k == ARRAY_SIZE(kind_names) || count < 1 ||
	    runs < 1 || round < 1) {
		fprintf(stderr, "usage: density_floor posix_spawn|fork|namespaces|kvm WORKLOAD COUNT RUNS ROUND\n");
		return 2;
	}
	f.kind = (enum kind)k;
	if (f.kind == KVM &&
	    ((f.kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0 ||
	     (f.vcpu_mmap_size = ioctl(f.kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0)) <= 0))
		return failed("/dev/kvm", errno);
	/* Two pipe ends per held instance, or a VM and a vCPU. */
	if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
		fds.rlim_cur = fds.rlim_max;
		setrlimit(RLIMIT_NOFILE, &fds);
	}
	if (!(all = calloc(count, sizeof(*all))))
		return failed("memory", ENOMEM);
	single = single_ns(&f, runs, &err);
	if (single > 0)
		held = all_ns(&f, all, count, &err);
	free(all);
	if (single <= 0)
		return failed("one instance", err);
	if (held <= 0)
		return failed("instances held at once", err);
	figure(argv[1], "single", round, single, runs);
	figure(argv[1], "all", round, held, count);
	return 0;
}
