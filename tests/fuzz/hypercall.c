/* Fuzz harness: microvm/hypercall.c, the VMM's decoder of what a hostile
 * guest kernel sends. Input: a list of records, played in order, that
 * build guest RAM and raise I/O exits, as a guest kernel would:
 *   'P' gpa:u32 len:u8 bytes   poke bytes into guest RAM (where they fit)
 *   'H' nr:u8 gpa:u32          `outl gpa, ISOLAB_HC_PORT + nr`
 *   'X' dir:u8 size:u8 port:u16 count:u32 data:u32   any KVM_EXIT_IO
 * anything else: sample the footprint. As in the VMM, the first verdict
 * other than HC_CONTINUE stops the VM. RAM is 4 MiB; the kick eventfd is
 * readable, so HC_SLEEP ends at once, and stdin is closed. */
#include <linux/kvm.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "microvm/hypercall.h"
#include "tests/fuzz/fuzz.h"

#define RAM (4ul << 20)

static void poke(const struct gmem *m, struct fuzz_in *in)
{
	uint32_t gpa = 0;
	uint8_t len = 0, bytes[255];
	void *dst;

	fuzz_take(in, &gpa, sizeof(gpa));
	fuzz_take(in, &len, 1);
	len = (uint8_t)fuzz_take(in, bytes, len);
	dst = gmem_ptr(m, gpa % RAM, len);
	if (dst)
		memcpy(dst, bytes, len);
}

static enum hc_verdict exit_io(struct hc_ctx *c, struct fuzz_in *in,
			       uint8_t kind)
{
	struct hc_io io = { .direction = KVM_EXIT_IO_OUT, .size = 4,
			    .count = 1 };
	struct err err = { 0 };
	uint32_t data = 0;
	uint8_t nr = 0;
	enum hc_verdict v;

	if (kind == 'H') {
		fuzz_take(in, &nr, 1);
		io.port = (uint16_t)(ISOLAB_HC_PORT + nr % (HC_COUNT + 2));
	} else {
		fuzz_take(in, &io.direction, 1);
		fuzz_take(in, &io.size, 1);
		fuzz_take(in, &io.port, sizeof(io.port));
		fuzz_take(in, &io.count, sizeof(io.count));
	}
	fuzz_take(in, &data, sizeof(data));
	/* KVM hands over size * count bytes; the decoder may read 4 only
	 * after it checked for one 32-bit out. */
	io.data = &data;
	v = hc_handle_io(c, &io, &err);
	if (v == HC_ERROR)
		fuzz_require_one_line(&err);
	return v;
}

static void check_after(const struct hc_ctx *c, enum hc_verdict v)
{
	const struct launch_result *res = c->res;

	fuzz_require(res->nresults >= 0 && res->nresults <= LAUNCH_MAX_RESULTS);
	fuzz_require(memchr(res->output_head, 0, sizeof(res->output_head)));
	if (v == HC_EXITED)
		fuzz_require(c->exit_status >= 0 && c->exit_status <= 255);
	if (v == HC_FAULTED)
		fuzz_require(c->fault.vector < GUEST_EXC_VECTORS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One guest RAM and one kick fd for the whole process; RAM is
	 * discarded (reads back zero) before each input. */
	static struct gmem mem;
	static int kick = -1;
	struct launch_result *res = calloc(1, sizeof(*res));
	struct hc_ctx *c = calloc(1, sizeof(*c));
	struct fuzz_in in = { data, size };
	enum hc_verdict v = HC_CONTINUE;
	struct err err = { 0 };
	uint64_t one = 1;

	if (!mem.base && (gmem_map(&mem, RAM, &err) < 0 ||
			  (kick = eventfd(0, EFD_CLOEXEC)) < 0 ||
			  write(kick, &one, sizeof(one)) != sizeof(one))) {
		fprintf(stderr, "fuzz hypercall: setup failed: %s\n", err.msg);
		abort();
	}
	if (!res || !c)
		goto out;
	gmem_discard(&mem, 0, RAM);
	c->mem = &mem;
	c->res = res;
	c->out = (struct vm_output){ .stdout_fd = -1, .stderr_fd = -1,
				     .kick_fd = kick };
	channel_init(&c->channel, NULL);
	c->stdin_fd = c->ready_fd = -1;
	while (in.left && v == HC_CONTINUE) {
		uint8_t kind = 0;

		fuzz_take(&in, &kind, 1);
		if (kind == 'P')
			poke(&mem, &in);
		else if (kind == 'H' || kind == 'X')
			v = exit_io(c, &in, kind);
		else
			hc_sample_footprint(c);
	}
	check_after(c, v);
out:
	free(c);
	free(res);
	return 0;
}
