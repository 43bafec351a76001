/* The VMM's hypercall handler (microvm/hypercall.c) fed hand-made I/O exits
 * by a hostile guest kernel: every malformed call stops the VM with one
 * line of error, nothing reads or writes outside guest RAM. No KVM needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "microvm/hypercall.h"

#define RAM (4ul << 20)
#define ARG 0x9000ul   /* where the tests put argument structs */
#define BUF 0x300000ul /* and buffers */

struct fixture {
	struct gmem mem;
	struct guest_pt pt;
	struct launch_result res;
	struct hc_ctx c;
	struct err err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || gmem_map(&f->mem, RAM, &f->err) < 0)
		return -1;
	f->c.mem = &f->mem;
	f->c.pt = &f->pt;
	f->c.res = &f->res;
	f->c.out = (struct vm_output){ .stdout_fd = -1, .stderr_fd = -1,
				       .kick_fd = -1 };
	channel_init(&f->c.channel, NULL);
	f->c.stdin_fd = f->c.ready_fd = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	gmem_unmap(&f->mem);
	free(f);
	return 0;
}

/* One `outl %eax, %dx` as KVM reports it. */
static enum hc_verdict out(struct fixture *f, unsigned nr, uint32_t gpa)
{
	struct hc_io io = { .direction = KVM_EXIT_IO_OUT, .size = 4,
			    .port = (uint16_t)(ISOLAB_HC_PORT + nr),
			    .count = 1, .data = &gpa };

	memset(&f->err, 0, sizeof(f->err));
	return hc_handle_io(&f->c, &io, &f->err);
}

static void put(struct fixture *f, uint64_t gpa, const void *p, size_t n)
{
	memcpy(gmem_ptr(&f->mem, gpa, n), p, n);
}

#define STOPPED_WITH(f, verdict, text)                                        \
	do {                                                                  \
		assert_int_equal((verdict), HC_ERROR);                        \
		assert_non_null(strstr((f)->err.msg, text));                  \
		assert_null(strchr((f)->err.msg, '\n'));                      \
	} while (0)

static void bad_ports_and_accesses(void **state)
{
	struct fixture *f = *state;
	uint32_t gpa = ARG;
	struct hc_io io = { .direction = KVM_EXIT_IO_OUT, .size = 4,
			    .port = 0x3f8, .count = 1, .data = &gpa };

	STOPPED_WITH(f, hc_handle_io(&f->c, &io, &f->err), "not a hypercall port");
	io.port = ISOLAB_HC_PORT - 1;
	STOPPED_WITH(f, hc_handle_io(&f->c, &io, &f->err), "not a hypercall port");
	STOPPED_WITH(f, out(f, HC_COUNT, ARG), "not a hypercall port");
	STOPPED_WITH(f, out(f, 0xffff - ISOLAB_HC_PORT, ARG), "not a hypercall port");
	io.port = ISOLAB_HC_PORT + HC_WRITE;
	io.direction = KVM_EXIT_IO_IN;
	STOPPED_WITH(f, hc_handle_io(&f->c, &io, &f->err), "32-bit out");
	io.direction = KVM_EXIT_IO_OUT;
	io.size = 2;
	STOPPED_WITH(f, hc_handle_io(&f->c, &io, &f->err), "32-bit out");
	io.size = 4;
	io.count = 2; /* rep outsl */
	STOPPED_WITH(f, hc_handle_io(&f->c, &io, &f->err), "32-bit out");
}

static void argument_struct_outside_ram(void **state)
{
	struct fixture *f = *state;

	STOPPED_WITH(f, out(f, HC_WRITE, (uint32_t)RAM), "outside guest RAM");
	STOPPED_WITH(f, out(f, HC_WRITE, (uint32_t)RAM - 8), "outside guest RAM");
	STOPPED_WITH(f, out(f, HC_FAULT, 0xfffffff0u), "outside guest RAM");
	STOPPED_WITH(f, out(f, HC_EXIT, 0xffffffffu), "outside guest RAM");
}

static void write_buffers(void **state)
{
	struct fixture *f = *state;
	struct hc_write w = { .fd = 1, .buf = BUF, .len = 6 };
	const uint64_t hostile[][2] = {
		{ RAM, 1 },
		{ RAM - 2, 6 },
		{ BUF, UINT64_MAX },          /* length wraps the address */
		{ BUF, UINT64_MAX - BUF + 1 },/* end wraps to exactly 0 */
		{ UINT64_MAX - 2, 6 },        /* address near 2^64 */
		{ 1ull << 63, 1ull << 63 },
		{ BUF, RAM },
	};

	put(f, BUF, "hello\n", 6);
	put(f, ARG, &w, sizeof(w));
	assert_int_equal(out(f, HC_WRITE, ARG), HC_CONTINUE);
	memcpy(&w, gmem_ptr(&f->mem, ARG, sizeof(w)), sizeof(w));
	assert_int_equal(w.ret, 6);
	assert_int_equal(f->res.output_bytes, 6);
	assert_string_equal(f->res.output_head, "hello\n");

	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		w = (struct hc_write){ .fd = 1, .buf = hostile[i][0],
				       .len = hostile[i][1] };
		put(f, ARG, &w, sizeof(w));
		STOPPED_WITH(f, out(f, HC_WRITE, ARG), "outside guest RAM");
	}
	w = (struct hc_write){ .fd = 7, .buf = BUF, .len = 1 };
	put(f, ARG, &w, sizeof(w));
	STOPPED_WITH(f, out(f, HC_WRITE, ARG), "fd 7");
	w.fd = 1ull << 32 | 1; /* fd 1 in the low half only */
	put(f, ARG, &w, sizeof(w));
	STOPPED_WITH(f, out(f, HC_WRITE, ARG), "fd");
	assert_int_equal(f->res.output_bytes, 6);
}

/* A reader that went away (`exec ... | head`): the write ends the workload
 * with SIGPIPE, Linux's default action, not an EPIPE it would exit 1 on. */
static void closed_pipe_is_sigpipe(void **state)
{
	struct fixture *f = *state;
	struct hc_write w = { .fd = 1, .buf = BUF, .len = 6 };
	int p[2];

	signal(SIGPIPE, SIG_IGN); /* for this test process's own write */
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	f->c.out.stdout_fd = p[1];
	put(f, BUF, "hello\n", 6);
	put(f, ARG, &w, sizeof(w));
	assert_int_equal(out(f, HC_WRITE, ARG), HC_SIGNALED);
	assert_int_equal(f->c.signal, SIGPIPE);
	assert_true(f->res.tl.exited_ns != 0);
	close(p[1]);
}

static void output_flood_is_capped(void **state)
{
	struct fixture *f = *state;
	struct hc_write w = { .fd = 1, .buf = GUEST_USER_BASE,
			      .len = RAM - GUEST_USER_BASE };
	int i;

	put(f, ARG, &w, sizeof(w));
	for (i = 0; i < 100000; i++)
		if (out(f, HC_WRITE, ARG) != HC_CONTINUE)
			break;
	assert_true(i < 100000);
	assert_non_null(strstr(f->err.msg, "flood"));
	assert_true(f->res.output_bytes <= OUTPUT_CAP_BYTES);
}

static void control_channel(void **state)
{
	struct fixture *f = *state;
	struct hc_write w = { .fd = 3, .buf = BUF };
	const char *ok = "ready 5\nresult checksum=abc\n";
	char longline[300];

	put(f, BUF, ok, strlen(ok));
	w.len = strlen(ok);
	put(f, ARG, &w, sizeof(w));
	assert_int_equal(out(f, HC_WRITE, ARG), HC_CONTINUE);
	assert_true(f->res.tl.ready_ns != 0);
	assert_string_equal(launch_result_get(&f->res, "checksum"), "abc");
	/* Protocol abuse through the channel stops the VM. */
	memset(longline, 'x', sizeof(longline));
	put(f, BUF, longline, sizeof(longline));
	w.len = sizeof(longline);
	put(f, ARG, &w, sizeof(w));
	STOPPED_WITH(f, out(f, HC_WRITE, ARG), "protocol error");
}

static void exit_and_fault(void **state)
{
	struct fixture *f = *state;
	struct hc_exit e = { .status = 256 };
	struct hc_fault flt = { .cr2 = 0, .vector = 14, .error = 6,
				.rip = 0x401234, .cs = 0x23, .ss = 0x1b };
	char text[128];

	put(f, ARG, &e, sizeof(e));
	STOPPED_WITH(f, out(f, HC_EXIT, ARG), "exit status");
	e.status = UINT64_MAX;
	put(f, ARG, &e, sizeof(e));
	STOPPED_WITH(f, out(f, HC_EXIT, ARG), "exit status");
	e.status = 3;
	put(f, ARG, &e, sizeof(e));
	assert_int_equal(out(f, HC_EXIT, ARG), HC_EXITED);
	assert_int_equal(f->c.exit_status, 3);

	put(f, ARG, &flt, sizeof(flt));
	assert_int_equal(out(f, HC_FAULT, ARG), HC_FAULTED);
	hc_format_fault(&f->c.fault, text, sizeof(text));
	assert_string_equal(text, "#PF at 0x0 (rip 0x401234)");
	assert_int_equal(hc_fault_signal(14), SIGSEGV);
	assert_int_equal(hc_fault_signal(13), SIGSEGV);
	assert_int_equal(hc_fault_signal(6), SIGILL);
	assert_int_equal(hc_fault_signal(0), SIGFPE);

	flt.vector = 32;
	put(f, ARG, &flt, sizeof(flt));
	STOPPED_WITH(f, out(f, HC_FAULT, ARG), "vector 32");
	flt.vector = UINT64_MAX;
	put(f, ARG, &flt, sizeof(flt));
	STOPPED_WITH(f, out(f, HC_FAULT, ARG), "vector");
	/* A fault in kernel mode is the guest kernel's crash, not a signal. */
	flt.vector = 13;
	flt.cs = 0x08;
	put(f, ARG, &flt, sizeof(flt));
	STOPPED_WITH(f, out(f, HC_FAULT, ARG), "guest kernel crashed: #GP");
}

/* HC_SIGNAL ends the run as that signal; HC_PROTECT answers a PDE or
 * -ENOMEM and stops the VM on a range it may not touch; HC_RANDOM fills
 * the buffer with fresh bytes. */
static void signal_protect_random(void **state)
{
	struct fixture *f = *state;
	struct hc_signal sig = { .signal = 6 };
	struct hc_protect p = { .addr = BUF, .len = 4096, .access = 0 };
	struct hc_random r = { .buf = BUF, .len = 32 };
	uint8_t first[32];

	put(f, ARG, &sig, sizeof(sig));
	assert_int_equal(out(f, HC_SIGNAL, ARG), HC_EXITED);
	assert_int_equal(f->c.exit_signal, 6);
	sig.signal = 0;
	put(f, ARG, &sig, sizeof(sig));
	STOPPED_WITH(f, out(f, HC_SIGNAL, ARG), "signal 0");
	sig.signal = 65;
	put(f, ARG, &sig, sizeof(sig));
	STOPPED_WITH(f, out(f, HC_SIGNAL, ARG), "signal 65");

	put(f, ARG, &p, sizeof(p));
	assert_int_equal(out(f, HC_PROTECT, ARG), HC_CONTINUE);
	memcpy(&p, gmem_ptr(&f->mem, ARG, sizeof(p)), sizeof(p));
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.pde & ~0xffful, GUEST_PT_POOL); /* a pool page */
	p = (struct hc_protect){ .addr = 0x1000, .len = 4096 }; /* kernel */
	put(f, ARG, &p, sizeof(p));
	STOPPED_WITH(f, out(f, HC_PROTECT, ARG), "protect 0x1000");
	p = (struct hc_protect){ .addr = 0x3ff000, .len = 0x2000 }; /* 2 regions */
	put(f, ARG, &p, sizeof(p));
	STOPPED_WITH(f, out(f, HC_PROTECT, ARG), "one 2 MiB region");
	p = (struct hc_protect){ .addr = BUF, .len = 4096, .access = 2 };
	put(f, ARG, &p, sizeof(p));
	STOPPED_WITH(f, out(f, HC_PROTECT, ARG), "protection 2");

	put(f, ARG, &r, sizeof(r));
	assert_int_equal(out(f, HC_RANDOM, ARG), HC_CONTINUE);
	memcpy(&r, gmem_ptr(&f->mem, ARG, sizeof(r)), sizeof(r));
	assert_int_equal(r.ret, 32);
	memcpy(first, gmem_ptr(&f->mem, BUF, 32), 32);
	assert_int_equal(out(f, HC_RANDOM, ARG), HC_CONTINUE);
	assert_memory_not_equal(first, gmem_ptr(&f->mem, BUF, 32), 32);
	r = (struct hc_random){ .buf = RAM - 16, .len = 32 };
	put(f, ARG, &r, sizeof(r));
	STOPPED_WITH(f, out(f, HC_RANDOM, ARG), "outside guest RAM");
	r = (struct hc_random){ .buf = BUF, .len = HC_RANDOM_MAX + 1ul };
	put(f, ARG, &r, sizeof(r));
	STOPPED_WITH(f, out(f, HC_RANDOM, ARG), "random buffer");
}

static void discard_time_boot(void **state)
{
	struct fixture *f = *state;
	struct hc_discard d = { .addr = BUF, .len = 4096 };
	struct hc_time t = { .clock = 1 };
	struct hc_boot b = { .abi_version = 99 };

	*(uint8_t *)gmem_ptr(&f->mem, BUF, 1) = 0x5a;
	put(f, ARG, &d, sizeof(d));
	assert_int_equal(out(f, HC_DISCARD, ARG), HC_CONTINUE);
	assert_int_equal(*(uint8_t *)gmem_ptr(&f->mem, BUF, 1), 0);
	assert_true(f->c.peak_user_bytes >= 4096);
	d.addr = BUF + 1;
	put(f, ARG, &d, sizeof(d));
	STOPPED_WITH(f, out(f, HC_DISCARD, ARG), "not whole pages");
	d = (struct hc_discard){ .addr = RAM - 4096, .len = 8192 };
	put(f, ARG, &d, sizeof(d));
	STOPPED_WITH(f, out(f, HC_DISCARD, ARG), "not whole pages");
	d = (struct hc_discard){ .addr = 4096, .len = UINT64_MAX - 4095 };
	put(f, ARG, &d, sizeof(d));
	STOPPED_WITH(f, out(f, HC_DISCARD, ARG), "not whole pages");

	put(f, ARG, &t, sizeof(t));
	assert_int_equal(out(f, HC_TIME, ARG), HC_CONTINUE);
	memcpy(&t, gmem_ptr(&f->mem, ARG, sizeof(t)), sizeof(t));
	assert_int_equal(t.ret, 0);
	assert_true(t.sec > 0 || t.nsec > 0);
	t = (struct hc_time){ .clock = 12345 }; /* the workload's choice */
	put(f, ARG, &t, sizeof(t));
	assert_int_equal(out(f, HC_TIME, ARG), HC_CONTINUE);
	memcpy(&t, gmem_ptr(&f->mem, ARG, sizeof(t)), sizeof(t));
	assert_int_equal(t.ret, -EINVAL);

	put(f, ARG, &b, sizeof(b));
	STOPPED_WITH(f, out(f, HC_BOOT, ARG), "ABI");
	assert_int_equal(f->c.counts[HC_BOOT], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bad_ports_and_accesses, setup, teardown),
		cmocka_unit_test_setup_teardown(argument_struct_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(write_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_pipe_is_sigpipe, setup, teardown),
		cmocka_unit_test_setup_teardown(output_flood_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(control_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(exit_and_fault, setup, teardown),
		cmocka_unit_test_setup_teardown(discard_time_boot, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_protect_random, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
