#include "microvm/vcpu.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "microvm/seccomp.h"

const char *vcpu_exit_counter(enum vcpu_exit_kind k)
{
	static const char *const names[EXK_COUNT] = {
		"exit_io", "exit_hlt", "exit_shutdown", "exit_intr",
		"exit_mmio", "exit_fail_entry", "exit_internal_error",
		"exit_other",
	};

	return k < EXK_COUNT ? names[k] : "exit_other";
}

static enum vcpu_end handle_io(struct vcpu *c)
{
	struct kvm_run *run = c->vmm->run;
	struct hc_io io = {
		.direction = run->io.direction,
		.size = run->io.size,
		.port = run->io.port,
		.count = run->io.count,
		.data = (const uint8_t *)run + run->io.data_offset,
	};

	switch (hc_handle_io(&c->hc, &io, &c->err)) {
	case HC_CONTINUE:
		return VCPU_RUNNING;
	case HC_EXITED:
		return VCPU_EXITED;
	case HC_FAULTED:
		return VCPU_FAULTED;
	case HC_STOPPING:
		return VCPU_STOPPED;
	case HC_SIGNALED:
		return VCPU_SIGNALED;
	case HC_ERROR:
		break;
	}
	return VCPU_FAILED;
}

/* One exit: RUNNING to go on, or how the run ended. */
static enum vcpu_end handle_exit(struct vcpu *c)
{
	struct kvm_run *run = c->vmm->run;

	c->last_exit_reason = run->exit_reason;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		c->exits[EXK_IO]++;
		return handle_io(c);
	case KVM_EXIT_INTR:
		c->exits[EXK_INTR]++;
		return VCPU_RUNNING;
	case KVM_EXIT_HLT:
		c->exits[EXK_HLT]++;
		err_set(&c->err, ERR_RUNTIME,
			"the guest kernel halted without reporting an exit");
		break;
	case KVM_EXIT_SHUTDOWN:
		c->exits[EXK_SHUTDOWN]++;
		err_set(&c->err, ERR_RUNTIME,
			"the guest kernel triple-faulted (KVM_EXIT_SHUTDOWN)");
		break;
	case KVM_EXIT_MMIO:
		c->exits[EXK_MMIO]++;
		err_set(&c->err, ERR_RUNTIME,
			"the guest accessed physical address 0x%llx, outside its RAM",
			(unsigned long long)run->mmio.phys_addr);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		c->exits[EXK_FAIL_ENTRY]++;
		err_set(&c->err, ERR_RUNTIME,
			"KVM could not enter the guest (hardware reason 0x%llx)",
			(unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		c->exits[EXK_INTERNAL]++;
		err_set(&c->err, ERR_RUNTIME,
			"KVM internal error, suberror %u (an instruction KVM could not emulate?)",
			run->internal.suberror);
		break;
	default:
		c->exits[EXK_OTHER]++;
		err_set(&c->err, ERR_RUNTIME, "unexpected KVM exit reason %u",
			run->exit_reason);
		break;
	}
	return VCPU_FAILED;
}

static enum vcpu_end run_loop(struct vcpu *c)
{
	enum vcpu_end end = VCPU_RUNNING;

	while (end == VCPU_RUNNING) {
		if (__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE))
			return VCPU_STOPPED;
		if (ioctl(c->vmm->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				c->exits[EXK_INTR]++;
				continue;
			}
			err_sys(&c->err, "KVM_RUN");
			return VCPU_FAILED;
		}
		end = handle_exit(c);
	}
	return end;
}

static void *vcpu_main(void *arg)
{
	struct vcpu *c = arg;
	uint64_t one = 1;

	if (vm_seccomp_install(&c->filter, &c->err) < 0) {
		c->end = VCPU_FAILED;
	} else {
		timeline_mark(&c->hc.res->tl, "seccomp");
		c->end = run_loop(c);
	}
	if (write(c->done_fd, &one, sizeof(one)) < 0) {
		/* An eventfd write only fails on overflow: cannot happen. */
	}
	return NULL;
}

int vcpu_start(struct vcpu *c, struct err *err)
{
	const struct vm_seccomp_fds fds = {
		.vcpu_fd = c->vmm->vcpu_fd,
		.stdin_fd = c->hc.stdin_fd,
		.stdout_fd = c->hc.out.stdout_fd,
		.stderr_fd = c->hc.out.stderr_fd,
		.done_fd = c->done_fd,
		.ready_fd = c->hc.ready_fd,
		.stop_pid = c->hc.res->tl.stop_at ? c->hc.res->tl.stop_pid : 0,
	};
	pthread_attr_t attr;
	sigset_t all, old;
	int rc;

	if (vm_seccomp_build(&fds, &c->filter, err) < 0)
		return -1;

	if (thread_stacks_map(&c->stack, 1, VCPU_STACK_SIZE, err) < 0)
		return err_prefix(err, "the vCPU thread");
	pthread_attr_init(&attr);
	thread_stacks_use(&c->stack, 0, &attr);
	/* The thread starts with every signal blocked (it inherits this
	 * mask): signals for isolab go to its other threads, and the kick
	 * only ever interrupts KVM_RUN. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->thread, &attr, vcpu_main, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		errno = rc;
		return err_sys(err, "cannot start the vCPU thread");
	}
	c->started = true;
	return 0;
}

void vcpu_request_stop(struct vcpu *c)
{
	uint64_t one = 1;

	if (!c->started)
		return;
	__atomic_store_n(&c->stop, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&c->vmm->run->immediate_exit, 1, __ATOMIC_RELEASE);
	if (write(c->kick_fd, &one, sizeof(one)) < 0) {
		/* cannot fail short of overflow; the signal still kicks */
	}
	pthread_kill(c->thread, VCPU_KICK_SIGNAL);
}

void vcpu_join(struct vcpu *c)
{
	if (c->started)
		pthread_join(c->thread, NULL);
	c->started = false;
}

void vcpu_free(struct vcpu *c)
{
	vcpu_join(c);
	thread_stacks_unmap(&c->stack);
}
