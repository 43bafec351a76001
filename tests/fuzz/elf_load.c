/* Fuzz harness: microvm/elf_load.c, the micro-VM's loader, with the input
 * as the whole file. It is parsed with the limits of both images the VM
 * loads (the workload in the user area of a 16 MiB guest, the guest kernel
 * in its 1 MiB area) and, when accepted, copied into guest RAM: every
 * accepted segment must land inside RAM and inside its limits. */
#include "microvm/elf_load.h"
#include "microvm/hypercall_abi.h"
#include "tests/fuzz/fuzz.h"

#define RAM (16ul << 20)

static void load(const uint8_t *data, size_t size, const struct gmem *m,
		 const struct elf_limits *lim)
{
	struct elf_image img;
	struct err err = { 0 };

	if (elf_parse(data, size, lim, &img, &err) < 0) {
		fuzz_require_one_line(&err);
		return;
	}
	fuzz_require(img.nsegs > 0 && img.nsegs <= ELF_MAX_SEGMENTS);
	fuzz_require(img.lo >= lim->lo && img.hi <= lim->hi && img.lo < img.hi);
	for (int i = 0; i < img.nsegs; i++)
		fuzz_require(img.segs[i].offset <= size &&
			     img.segs[i].filesz <= size - img.segs[i].offset);
	fuzz_require(elf_copy(&img, data, m, &err) == 0);
	fuzz_require(gmem_discard(m, 0, m->size) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One guest RAM for the whole fuzzing process: mapping 16 MiB per
	 * input would dominate. Pages are discarded after each copy. */
	static struct gmem mem;
	const struct elf_limits user = {
		.name = "fuzz-workload", .lo = GUEST_USER_BASE,
		.hi = RAM - GUEST_STACK_SIZE, .below = "below", .above = "above",
	};
	const struct elf_limits kernel = {
		.name = "fuzz-guest", .lo = GUEST_KERNEL_BASE,
		.hi = GUEST_KERNEL_END, .below = "below", .above = "above",
	};
	struct err err = { 0 };

	if (!mem.base && gmem_map(&mem, RAM, &err) < 0) {
		fprintf(stderr, "fuzz elf_load: %s\n", err.msg);
		abort();
	}
	load(data, size, &mem, &user);
	load(data, size, &mem, &kernel);
	return 0;
}
