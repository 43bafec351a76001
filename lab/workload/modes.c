#include "lab/workload/modes.h"

#include "lab/workload/out.h"
#include "lab/workload/probe.h"
#include "lab/workload/procstatus.h"
#include "lab/proto/workload_proto.h"

#define CLOCK_MONOTONIC 1
#define PROT_RW 3
#define MAP_PRIVATE_ANON 0x22
#define CLONE_NEWUTS 0x04000000
#define PAGE 4096ul

/* Each mode validates its own argument: the workload may be run by hand. */
static int bad_arg(const char *mode)
{
	struct line l = { .len = 0 };

	line_str(&l, "isolab-workload: ");
	line_str(&l, mode);
	line_str(&l, " needs a positive whole number, e.g. ");
	line_str(&l, mode);
	line_str(&l, ":100\n");
	line_flush(&l, 2);
	return 2;
}

static int count_arg(const char *mode, const char *arg, uint64_t *n)
{
	return (!arg || parse_u64(arg, n) < 0 || *n == 0) ? bad_arg(mode) : 0;
}

static int run_noop(const char *arg)
{
	(void)arg;
	return 0;
}

/* Deterministic on every launcher: the checksum proves the work was done
 * and done right, inside a container or a VM alike. */
static int run_cpu(const char *arg)
{
	uint64_t n, x = 0x9e3779b97f4a7c15ul;

	if (count_arg("cpu", arg, &n))
		return 2;
	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		x += i;
	}
	report_hex(WORKLOAD_KEY_CHECKSUM, x);
	return 0;
}

static int run_mem(const char *arg)
{
	uint64_t mib, len;
	volatile char *p;

	if (count_arg("mem", arg, &mib))
		return 2;
	len = mib << 20;
	p = (volatile char *)sys6(SYS_mmap, 0, (long)len, PROT_RW,
				  MAP_PRIVATE_ANON, -1, 0);
	if ((long)p < 0 && (long)p > -4096) {
		report_u64("errno", (uint64_t)-(long)p);
		return 1;
	}
	for (uint64_t off = 0; off < len; off += PAGE)
		p[off] = 1;
	report_u64(WORKLOAD_KEY_TOUCHED_KIB, len >> 10);
	sys2(SYS_munmap, p, len);
	return 0;
}

static int run_syscall(const char *arg)
{
	uint64_t n;

	if (count_arg("syscall", arg, &n))
		return 2;
	for (uint64_t i = 0; i < n; i++)
		sys0(SYS_getppid);
	report_u64(WORKLOAD_KEY_SYSCALLS, n);
	return 0;
}

static int run_io(const char *arg)
{
	static char chunk[4096];
	uint64_t kib, left;

	if (count_arg("io", arg, &kib))
		return 2;
	for (size_t i = 0; i < sizeof(chunk); i++)
		chunk[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	for (left = kib << 10; left;) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
		long w = sys3(SYS_write, 1, chunk, n);

		if (w <= 0)
			return 1;
		left -= (uint64_t)w;
	}
	/* Only on the channel: stdout carries exactly the KiB asked for. */
	send_result(WORKLOAD_KEY_IO_BYTES, kib << 10);
	return 0;
}

static void print_field(const char *key, const char *a, const char *b,
			long num, int numeric)
{
	struct line l = { .len = 0 };

	line_str(&l, key);
	line_str(&l, "=");
	if (numeric) {
		line_i64(&l, num);
	} else {
		line_str(&l, a);
		if (b) {
			line_str(&l, " ");
			line_str(&l, b);
		}
	}
	line_str(&l, "\n");
	line_flush(&l, 1);
}

/* What pid 1 is, where there is a /proc: a container's init
 * (isolab-init), the host's init under the process launcher. */
static void print_pid1_name(void)
{
	static char name[64];
	unsigned long len;
	const char *v = proc_field("/proc/1/status", "Name", &len);

	if (!v || len == 0)
		return;
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	for (unsigned long i = 0; i < len; i++)
		name[i] = v[i];
	name[len] = '\0';
	print_field("pid1", name, 0, 0, 0);
}

static int run_hello(const char *arg)
{
	static struct utsname_k u;

	(void)arg;
	print_field("pid", 0, 0, sys0(SYS_getpid), 1);
	print_field("ppid", 0, 0, sys0(SYS_getppid), 1);
	print_pid1_name();
	print_field("uid", 0, 0, sys0(SYS_getuid), 1);
	print_field("gid", 0, 0, sys0(SYS_getgid), 1);
	if (sys1(SYS_uname, &u) == 0) {
		print_field("hostname", u.nodename, 0, 0, 0);
		print_field("kernel", u.sysname, u.release, 0, 0);
	}
	return 0;
}

static int run_crash(const char *arg)
{
	(void)arg;
	*(volatile int *)0 = 1;
	return 1;
}

__attribute__((noreturn)) static int run_hang(const char *arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("" ::: "memory");
}

/* Blocks in read(2) until stdin reaches EOF: isolab density holds N of
 * these at once and closes their stdin to let them go. */
static int run_idle(const char *arg)
{
	char c;

	(void)arg;
	while (sys3(SYS_read, 0, &c, 1) > 0)
		;
	return 0;
}

static int run_forkbomb(const char *arg)
{
	uint64_t forks = 0;
	long rc = 0;

	(void)arg;
	while (forks < 100000) {
		rc = sys0(SYS_fork);
		if (rc == 0)
			for (;;)
				sys0(SYS_pause); /* killed with the launcher's teardown */
		if (rc < 0)
			break;
		forks++;
	}
	report_u64("forks", forks);
	report_u64("errno", rc < 0 ? (uint64_t)-rc : 0);
	return 0;
}

static long try_call(const char *call)
{
	static char long_name[65];

	if (str_eq(call, "sethostname")) {
		for (size_t i = 0; i < sizeof(long_name); i++)
			long_name[i] = 'x';
		return sys2(SYS_sethostname, long_name, sizeof(long_name));
	}
	if (str_eq(call, "mount"))
		return sys6(SYS_mount, (long)"none", (long)"/",
			    (long)"isolab-no-such-fs", 0, 0, 0);
	if (str_eq(call, "unshare"))
		return sys1(SYS_unshare, CLONE_NEWUTS);
	if (str_eq(call, "keyctl"))
		return sys2(SYS_keyctl, 0x7fffffff, 0);
	if (str_eq(call, "nosys"))
		return sys0(500);
	return 1; /* not a call we know */
}

static int run_try(const char *arg)
{
	long rc = arg ? try_call(arg) : 1;
	struct line l = { .len = 0 };

	if (rc == 1) {
		line_str(&l, "isolab-workload: try needs one of sethostname, mount, unshare, keyctl, nosys\n");
		line_flush(&l, 2);
		return 2;
	}
	line_str(&l, "try:");
	line_str(&l, arg);
	line_str(&l, " ");
	line_flush(&l, 1);
	report_u64("errno", rc < 0 ? (uint64_t)-rc : 0);
	return 0;
}

/* The "Field:  N kB" line of a /proc file, appended to l as
 * "result key=N"; 0 when the file or the field is missing. */
static int add_proc_kib(struct line *l, const char *path, const char *field,
			const char *key)
{
	unsigned long len = 0;
	const char *v = proc_field(path, field, &len);
	uint64_t kib = 0;

	if (!v)
		return 0;
	for (unsigned long i = 0; i < len && v[i] >= '0' && v[i] <= '9'; i++)
		kib = kib * 10 + (uint64_t)(v[i] - '0');
	line_result(l, key, kib);
	return 1;
}

void report_memory(void)
{
	struct line l = { .len = 0 };

	/* PSS first, the peak after: reading and reporting touch pages, so
	 * the peak read last covers every page the PSS counted and PSS <=
	 * peak holds (PSS <= RSS <= peak). The other order let PSS exceed
	 * the peak by those pages (24 against 20 KiB for noop).
	 * Both go in one write: each message wakes the launcher (a context
	 * switch, or a VM exit in the micro-VM), and nothing waits for the
	 * first alone.
	 * No /proc (the micro-VM, where the launcher measures): one failed
	 * open is enough to know, and each system call costs there;
	 * smaps_rollup (Linux 4.14) is older than the pidfds isolab needs. */
	if (add_proc_kib(&l, "/proc/self/smaps_rollup", "Pss",
			 WORKLOAD_KEY_PSS_KIB))
		add_proc_kib(&l, "/proc/self/status", "VmHWM",
			     WORKLOAD_KEY_PEAK_KIB);
	line_flush(&l, WORKLOAD_CHANNEL_FD);
}

static const struct workload_mode modes[] = {
#define WORKLOAD_MODE(name, argument, max, summary) { #name, run_##name },
#include "lab/proto/workload_modes.def"
#undef WORKLOAD_MODE
};

const struct workload_mode *workload_mode_find(const char *spec,
					       const char **arg)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *rest = str_after(spec, modes[i].name);

		if (!rest || (*rest && *rest != ':'))
			continue;
		*arg = *rest ? rest + 1 : 0;
		return &modes[i];
	}
	return 0;
}
