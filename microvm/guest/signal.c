/* signal: dispositions, the mask and sending a signal to oneself.
 *
 * There is no signal delivery: handlers are recorded (so that
 * rt_sigaction reports them back) but never run. What a signal the
 * workload sends itself does follows from its disposition:
 *   SIG_IGN                          nothing
 *   a handler                        -ENOSYS (counted: the note says so)
 *   default, ignored by default      nothing (SIGCHLD SIGCONT SIGURG SIGWINCH)
 *   default, stops by default        -ENOSYS (there is no job control)
 *   default, fatal                   the VM ends with that signal
 *                                    (HC_SIGNAL); if blocked, it waits
 *                                    until rt_sigprocmask unblocks it
 * This is what abort() needs in both C libraries: glibc unblocks SIGABRT
 * and tgkill()s itself; musl blocks every signal, tkill()s itself and
 * restores the mask. */
#include "microvm/guest/kernel.h"

#define SIG_DFL 0
#define SIG_IGN 1
#define SIGKILL 9
#define SIGSTOP 19
#define BIT(sig) (1ul << ((sig) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define DEFAULT_IGNORED (BIT(17) | BIT(18) | BIT(23) | BIT(28))
#define DEFAULT_STOPS (BIT(19) | BIT(20) | BIT(21) | BIT(22))

__attribute__((noreturn)) static void die(uint64_t sig)
{
	struct hc_signal s = { .signal = sig };

	for (;;)
		hypercall(HC_SIGNAL, &s);
}

/* A signal with its default action, now unblocked. */
static long act_default(uint64_t sig, uint64_t nr)
{
	if (BIT(sig) & DEFAULT_IGNORED)
		return 0;
	if (BIT(sig) & DEFAULT_STOPS)
		return nosys(nr);
	die(sig);
}

static long send_self(uint64_t sig, uint64_t nr)
{
	uint64_t handler;

	if (sig == 0)
		return 0; /* only "does it exist?" */
	if (sig > 64)
		return -EINVAL;
	handler = k.sigact[sig - 1][0];
	if (!(BIT(sig) & UNBLOCKABLE)) {
		if (handler == SIG_IGN)
			return 0;
		if (handler != SIG_DFL)
			return nosys(nr); /* a handler that would never run */
		if (BIT(sig) & k.sig_blocked & ~DEFAULT_IGNORED) {
			k.sig_pending |= BIT(sig);
			return 0;
		}
	}
	return act_default(sig, nr);
}

SYSCALL(sys_kill)
{
	/* pid 1 is the workload, 0 its group; -1 means every process but
	 * the caller, and there is none. */
	return (a0 == 1 || a0 == 0) ? send_self(a1, nr) : -ESRCH;
}

SYSCALL(sys_tkill)
{
	if ((int64_t)a0 <= 0)
		return -EINVAL;
	return a0 == 1 ? send_self(a1, nr) : -ESRCH;
}

SYSCALL(sys_tgkill)
{
	if ((int64_t)a0 <= 0 || (int64_t)a1 <= 0)
		return -EINVAL;
	return (a0 == 1 && a1 == 1) ? send_self(a2, nr) : -ESRCH;
}

SYSCALL(sys_rt_sigaction)
{
	uint64_t sig = a0, act[4];

	if (a3 != 8 || sig < 1 || sig > 64)
		return -EINVAL;
	if (a1 && (BIT(sig) & UNBLOCKABLE))
		return -EINVAL;
	if ((a1 && !user_ok(a1, 32)) || (a2 && !user_ok(a2, 32)))
		return -EFAULT;
	if (a1)
		kmemcpy(act, (const void *)a1, 32); /* act may be oact */
	if (a2)
		kmemcpy((void *)a2, k.sigact[sig - 1], 32);
	if (a1) {
		kmemcpy(k.sigact[sig - 1], act, 32);
		if (act[0] != SIG_DFL)
			k.sig_pending &= ~BIT(sig); /* only defaults wait */
	}
	return 0;
}

SYSCALL(sys_rt_sigprocmask)
{
	uint64_t set, ready;

	if (a3 != 8 || a0 > 2)
		return -EINVAL;
	if ((a1 && !user_ok(a1, 8)) || (a2 && !user_ok(a2, 8)))
		return -EFAULT;
	set = a1 ? *(const uint64_t *)a1 : 0;
	if (a2)
		*(uint64_t *)a2 = k.sig_blocked;
	if (!a1)
		return 0;
	if (a0 == 0)
		k.sig_blocked |= set;
	else if (a0 == 1)
		k.sig_blocked &= ~set;
	else
		k.sig_blocked = set;
	k.sig_blocked &= ~UNBLOCKABLE;
	ready = k.sig_pending & ~k.sig_blocked;
	if (ready) /* the lowest first, as Linux delivers them */
		die((uint64_t)__builtin_ctzl(ready) + 1);
	return 0;
}

SYSCALL(sys_sigaltstack)
{
	uint64_t ss[3];

	if ((a0 && !user_ok(a0, 24)) || (a1 && !user_ok(a1, 24)))
		return -EFAULT;
	if (a0) {
		kmemcpy(ss, (const void *)a0, 24);
		if ((uint32_t)ss[1] & ~(2u | 0x80000000u)) /* SS_DISABLE, SS_AUTODISARM */
			return -EINVAL;
		if (!((uint32_t)ss[1] & 2) && ss[2] < 2048) /* MINSIGSTKSZ */
			return -ENOMEM;
	}
	if (a1)
		kmemcpy((void *)a1, k.altstack, 24);
	if (a0)
		kmemcpy(k.altstack, ss, 24);
	return 0;
}
