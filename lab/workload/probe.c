/* The syscall reach probe, inside the workload.
 *
 * It must never change the host, and must leave the workload itself as it
 * found it (it reports its own state before and after, and isolab checks
 * the two agree). So every call gets arguments that fail validation. The
 * default is -1 in all six registers: as an fd that is EBADF, as a pointer
 * a kernel address (EFAULT), as flags every undefined bit (EINVAL), as a
 * size the largest there is. Each number 0..469 of Linux 6.18 was checked
 * against the kernel's validation order; the calls -1 does not stop are
 * either given other arguments below (with the reason) or never made
 * (probe_unsafe.def). Numbers beyond what the headers name get the default:
 * a newer kernel's calls reject undefined flag bits too. */
#include "lab/workload/probe.h"

#include <asm/unistd.h>

#include "lab/proto/probe_proto.h"
#include "lab/proto/util.h"
#include "lab/workload/out.h"
#include "lab/workload/procstatus.h"

#define FUTEX_WAKE 1
#define LOCK_SH 1
/* Above PID_MAX_LIMIT (4194304): no process can have it, in any pid
 * namespace. Signal calls aim there with signal -1, never at pid -1, which
 * kill() reads as "every process". */
#define NO_SUCH_PID 0x3fffffffL
#define F_GETFD 1
#define RLIMIT_COUNT 16
#define PROBE_FD_SCAN 64

struct special {
	long nr;
	long arg[6];
	int closes_fd; /* the call makes an fd whatever its arguments */
};

#define NONE -1L, -1L, -1L

static const struct special specials[] = {
	/* brk(-1) would try to move the break; brk(0) only asks where it is. */
	{ __NR_brk, { 0, NONE, -1, -1 }, 0 },
	/* modify_ldt answers ENOSYS to an unknown function, which would read
	 * as "absent"; function 0 reads the (empty) LDT. */
	{ __NR_modify_ldt, { 0, NONE, -1, -1 }, 0 },
	/* futex answers ENOSYS to an unknown operation too; FUTEX_WAKE of
	 * nobody at a misaligned address is EINVAL. */
	{ __NR_futex, { -1, FUTEX_WAKE, 0, NONE }, 0 },
	/* flock takes any request with LOCK_MAND (32) for a no-op success,
	 * before looking at the fd, and writes a warning to the kernel log;
	 * LOCK_SH on fd -1 is EBADF. */
	{ __NR_flock, { -1, LOCK_SH, NONE, -1 }, 0 },
	/* set_tid_address(-1) would arm a write to -1 when the workload
	 * exits; 0 is what execve left there, so nothing changes. */
	{ __NR_set_tid_address, { 0, NONE, -1, -1 }, 0 },
	{ __NR_kill, { NO_SUCH_PID, -1, NONE, -1 }, 0 },
	{ __NR_tkill, { NO_SUCH_PID, -1, NONE, -1 }, 0 },
	{ __NR_tgkill, { NO_SUCH_PID, NO_SUCH_PID, NONE, -1 }, 0 },
	{ __NR_rt_sigqueueinfo, { NO_SUCH_PID, NONE, -1, -1 }, 0 },
	{ __NR_rt_tgsigqueueinfo, { NO_SUCH_PID, NO_SUCH_PID, NONE, -1 }, 0 },
	/* System V "get" with every flag set includes IPC_CREAT and would
	 * create an object keyed -1 on the host; flags 0 only looks it up. */
	{ __NR_msgget, { -1, 0, NONE, -1 }, 0 },
	{ __NR_semget, { -1, 0, 0, NONE }, 0 },
	{ __NR_shmget, { -1, 0, 0, NONE }, 0 },
	/* No argument makes these fail: the fd they make is closed again. */
	{ __NR_inotify_init, { NONE, NONE }, 1 },
	{ __NR_eventfd, { NONE, NONE }, 1 },
};

static const long unsafe[] = {
#define PROBE_UNSAFE(name, reason) __NR_##name,
#include "lab/proto/probe_unsafe.def"
#undef PROBE_UNSAFE
};

static int is_unsafe(long nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsafe); i++)
		if (unsafe[i] == nr)
			return 1;
	return 0;
}

static long probe_call(long nr)
{
	const struct special *s = 0;
	long ret;

	for (size_t i = 0; i < ARRAY_SIZE(specials); i++)
		if (specials[i].nr == nr)
			s = &specials[i];
	if (!s)
		return sys6(nr, -1, -1, -1, -1, -1, -1);
	ret = sys6(nr, s->arg[0], s->arg[1], s->arg[2], s->arg[3], s->arg[4],
		   s->arg[5]);
	if (s->closes_fd && ret >= 0)
		sys1(SYS_close, ret);
	return ret;
}

/* FNV-1a, to fold a table (the rlimits) into one comparable number. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ul;
	return h;
}

/* Fields are flushed as they come, so the line may exceed struct line. */
static void field(struct line *l, const char *key, long v, int hex)
{
	line_str(l, " ");
	line_str(l, key);
	line_str(l, "=");
	if (hex)
		line_hex(l, (uint64_t)v);
	else
		line_i64(l, v);
	line_flush(l, 1);
}

/* What the sweep must leave as it found it, in calls every kernel the
 * workload meets answers the same way twice. */
static void report_state(const char *when)
{
	struct line l = { .len = 0 };
	uint64_t rl = 0xcbf29ce484222325ul, fds = 0, mask = 0;
	unsigned long ulen = 0;
	const char *umask = proc_status_field("Umask", &ulen);

	line_str(&l, "probe-state ");
	line_str(&l, when);
	field(&l, "pid", sys0(__NR_getpid), 0);
	field(&l, "ppid", sys0(__NR_getppid), 0);
	field(&l, "pgid", sys1(__NR_getpgid, 0), 0);
	field(&l, "sid", sys1(__NR_getsid, 0), 0);
	field(&l, "uid", sys0(__NR_getuid), 0);
	field(&l, "gid", sys0(__NR_getgid), 0);
	line_str(&l, " umask=");
	for (unsigned long i = 0; umask && i < ulen && i < 8; i++) {
		char c[2] = { umask[i], 0 };

		line_str(&l, c);
	}
	if (!umask)
		line_str(&l, "?"); /* no /proc here */
	field(&l, "personality", sys1(__NR_personality, 0xffffffffL), 1);
	field(&l, "brk", sys1(__NR_brk, 0), 1);
	if (sys6(__NR_rt_sigprocmask, 0, 0, (long)&mask, 8, 0, 0) < 0)
		mask = ~0ul;
	field(&l, "sigmask", (long)mask, 1);
	field(&l, "prio", sys2(__NR_getpriority, 0, 0), 0);
	field(&l, "sched", sys1(__NR_sched_getscheduler, 0), 0);
	for (long r = 0; r < RLIMIT_COUNT; r++) {
		uint64_t lim[2] = { 0, 0 };
		long rc = sys6(__NR_prlimit64, 0, r, 0, (long)lim, 0, 0);

		rl = fnv(rl, &rc, sizeof(rc));
		rl = fnv(rl, lim, sizeof(lim));
	}
	field(&l, "rlimits", (long)rl, 1);
	for (long fd = 0; fd < PROBE_FD_SCAN; fd++)
		if (sys2(__NR_fcntl, fd, F_GETFD) >= 0)
			fds |= 1ul << fd;
	field(&l, "fds", (long)fds, 1);
	line_str(&l, "\n");
	line_flush(&l, 1);
}

static int bad_start(void)
{
	struct line l = { .len = 0 };

	line_str(&l, "isolab-workload: probe:N needs N from 0 to ");
	line_u64(&l, PROBE_NR_LAST + 1);
	line_str(&l, "\n");
	line_flush(&l, 2);
	return 2;
}

int run_probe(const char *arg)
{
	uint64_t first = 0;
	struct line l = { .len = 0 };

	/* PROBE_NR_LAST + 1: nothing left to sweep, only the state to report
	 * (isolab resumes there when a filter killed the last call). */
	if (arg && (parse_u64(arg, &first) < 0 || first > PROBE_NR_LAST + 1))
		return bad_start();
	line_str(&l, "probe-begin ");
	line_u64(&l, first);
	line_str(&l, " ");
	line_u64(&l, PROBE_NR_LAST);
	line_str(&l, "\n");
	line_flush(&l, 1);
	report_state("before");
	for (long nr = (long)first; nr <= PROBE_NR_LAST; nr++) {
		line_str(&l, "probe ");
		line_i64(&l, nr);
		if (is_unsafe(nr)) {
			line_str(&l, " skip\n");
		} else {
			/* Written before the next call: see probe_proto.h. */
			line_str(&l, " ");
			line_i64(&l, probe_call(nr));
			line_str(&l, "\n");
		}
		line_flush(&l, 1);
	}
	report_state("after");
	line_str(&l, "probe-end ");
	line_u64(&l, PROBE_NR_LAST);
	line_str(&l, "\n");
	line_flush(&l, 1);
	return 0;
}
