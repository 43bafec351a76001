/* isolab-workload: one static program that every launcher runs unchanged.
 * argv[1] names the workload (see usage below); the protocol with the
 * launcher is in lab/proto/workload_proto.h. */
#include "lab/workload/clock.h"
#include "lab/workload/modes.h"
#include "lab/workload/out.h"
#include "lab/proto/workload_proto.h"

static void signal_ready(const struct tsc_clock *clk)
{
	struct line l = { .len = 0 };

	line_str(&l, "ready ");
	line_u64(&l, clock_monotonic_ns(clk));
	line_str(&l, "\n");
	line_flush(&l, WORKLOAD_CHANNEL_FD);
}

static int usage(const char *what)
{
	struct line l = { .len = 0 };

	line_str(&l, "isolab-workload: unknown workload '");
	line_str(&l, what);
	line_str(&l, "'; try noop, cpu:N, mem:MiB, syscall:N, io:KiB, hello, crash, hang, forkbomb, try:CALL, probe\n");
	line_flush(&l, 2);
	return 2;
}

int workload_main(uint64_t *stack)
{
	long argc = (long)stack[0];
	char **argv = (char **)(stack + 1);
	const struct workload_mode *mode;
	const char *arg;
	int rc;

	signal_ready(clock_find(stack));
	if (argc < 2)
		return usage("");
	mode = workload_mode_find(argv[1], &arg);
	if (!mode)
		return usage(argv[1]);
	rc = mode->run(arg);
	if (rc == 0)
		report_memory();
	return rc;
}
