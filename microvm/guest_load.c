#include "microvm/guest_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "microvm/config.h"
#include "microvm/elf_load.h"
#include "microvm/user_stack.h"
#include "microvm/x86_setup.h"

static int inside(uint64_t a, uint64_t len, uint64_t lo, uint64_t hi)
{
	return a >= lo && a <= hi && len <= hi - a;
}

int guest_check_header(const struct isolab_guest_header *h, uint64_t lo,
		       uint64_t hi, const char *path, struct err *err)
{
	if (h->magic != ISOLAB_GUEST_MAGIC)
		return err_set(err, ERR_USAGE,
			       "%s is not an isolab guest kernel (no header at 0x%lx)",
			       path, GUEST_KERNEL_BASE);
	if (h->abi_version != ISOLAB_HC_ABI_VERSION)
		return err_set(err, ERR_USAGE,
			       "%s speaks hypercall ABI %u; this isolab speaks %d (rebuild it)",
			       path, h->abi_version, ISOLAB_HC_ABI_VERSION);
	if (h->exc_stub_size < 8 || h->exc_stub_size > 64 ||
	    !inside(h->entry, 1, lo, hi) || !inside(h->syscall_entry, 1, lo, hi) ||
	    !inside(h->exc_stubs, GUEST_EXC_VECTORS * h->exc_stub_size, lo, hi) ||
	    !inside(h->stack_top - 16, 16, lo, hi) ||
	    !inside(h->ist_top - 16, 16, lo, hi) || (h->stack_top | h->ist_top) % 16 ||
	    !inside(h->syscall_counts, 2 * GUEST_SYSCALL_SLOTS * 8, lo, hi) ||
	    h->syscall_counts % 8)
		return err_set(err, ERR_USAGE,
			       "%s: guest kernel header points outside the kernel image",
			       path);
	return 0;
}

/* A guest kernel file bigger than this is not one (the image itself must
 * fit in the 1 MiB kernel area; the rest is symbols). */
#define GUEST_KERNEL_FILE_MAX (64ull << 20)

int guest_kernel_read(const char *path, struct guest_kernel *k,
		      struct err *err)
{
	const struct elf_limits lim = {
		.name = k->path, .lo = GUEST_KERNEL_BASE, .hi = GUEST_KERNEL_END,
		.below = "lies below the guest kernel area (0x100000-0x200000)",
		.above = "extends past the guest kernel area (0x100000-0x200000)",
	};
	struct elf_file f;
	ssize_t got;

	memset(k, 0, sizeof(*k));
	snprintf(k->path, sizeof(k->path), "%s", path);
	if (elf_open_file(path, &f, err) < 0)
		return -1;
	if (f.size > GUEST_KERNEL_FILE_MAX) {
		elf_close_file(&f);
		return err_set(err, ERR_USAGE,
			       "%s is %llu MiB, too big for a guest kernel",
			       path, (unsigned long long)(f.size >> 20));
	}
	k->size = (size_t)f.size;
	k->buf = malloc(k->size ? k->size : 1);
	got = k->buf ? pread(f.fd, k->buf, k->size, 0) : -1;
	elf_close_file(&f);
	if (!k->buf)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (got != (ssize_t)k->size) {
		guest_kernel_free(k);
		return err_sys(err, "reading the guest kernel %s", path);
	}
	if (elf_parse(k->buf, k->size, &lim, &k->img, err) < 0) {
		guest_kernel_free(k);
		return -1;
	}
	if (k->img.lo != GUEST_KERNEL_BASE) {
		err_set(err, ERR_USAGE,
			"%s: a guest kernel must start at 0x%lx, not 0x%llx",
			path, GUEST_KERNEL_BASE, (unsigned long long)k->img.lo);
		guest_kernel_free(k);
		return -1;
	}
	return 0;
}

void guest_kernel_free(struct guest_kernel *k)
{
	free(k->buf);
	k->buf = NULL;
	k->size = 0;
}

/* Copy the session's kernel image into this VM's fresh RAM; its header
 * is checked there, in the copy the guest will run. */
static int load_kernel(const struct vmm *v, const struct guest_kernel *k,
		       struct isolab_guest_header *hdr, struct err *err)
{
	if (elf_copy(&k->img, k->buf, &v->mem, err) < 0)
		return -1;
	memcpy(hdr, gmem_ptr(&v->mem, GUEST_KERNEL_BASE, sizeof(*hdr)),
	       sizeof(*hdr));
	return guest_check_header(hdr, k->img.lo, k->img.hi, k->path, err);
}

#define MIB (1ull << 20)
/* What the top of guest RAM holds above the program: the stack and the
 * guard below it that turns a runaway recursion into SIGSEGV. */
#define STACK_AND_GUARD ((uint64_t)GUEST_STACK_SIZE + GUEST_STACK_GUARD)
/* Below the stack guard of the largest guest: the bound the ELF checks
 * use, so that a program too big for this --mem is told which --mem
 * would do. */
#define LARGEST_STACK_LO (((uint64_t)MICROVM_MEM_MAX_MIB * MIB) - STACK_AND_GUARD)

int guest_check_fit(const char *path, uint64_t image_hi, uint64_t ram_size,
		    struct err *err)
{
	uint64_t need = (image_hi + STACK_AND_GUARD + MIB - 1) / MIB;

	if (image_hi <= ram_size - STACK_AND_GUARD)
		return 0;
	if (need < MICROVM_MEM_MIN_MIB)
		need = MICROVM_MEM_MIN_MIB;
	return err_set(err, ERR_USAGE,
		       "%s does not fit in %llu MiB of guest RAM (its segments end at %.1f MiB, and the stack and its guard take the top %.2f MiB): use --mem %llu or more",
		       path, (unsigned long long)(ram_size / MIB),
		       (double)image_hi / (double)MIB,
		       (double)STACK_AND_GUARD / (double)MIB,
		       (unsigned long long)need);
}

static int load_workload(const struct vmm *v, const struct guest_load_args *a,
			 struct isolab_boot_info *bi, struct err *err)
{
	const uint64_t stack_lo = v->mem.size - GUEST_STACK_SIZE;
	const struct elf_limits lim = {
		.name = a->workload_path, .lo = GUEST_USER_BASE,
		.hi = LARGEST_STACK_LO,
		.below = "overlaps the guest kernel area (0x0-0x200000)",
		.above = "does not fit in the largest guest RAM (--mem 4096)",
	};
	struct user_stack_info info = { 0 };
	struct user_stack_layout layout;
	struct elf_image img;
	struct elf_file f;
	int rc;

	if (elf_open_file(a->workload_path, &f, err) < 0)
		return -1;
	rc = elf_parse_file(&f, &lim, &img, err);
	if (rc == 0)
		rc = guest_check_fit(a->workload_path, img.hi, v->mem.size, err);
	if (rc == 0)
		rc = elf_copy_file(&img, &f, &v->mem, err);
	elf_close_file(&f);
	if (rc < 0)
		return -1;
	info.entry = img.entry;
	info.phdr = img.phdr;
	info.phnum = img.phnum;
	info.hwcap = a->hwcap;
	if (getrandom(info.random, sizeof(info.random), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(info.random)) {
		uint64_t t = clock_now_ns(); /* weak, but never blocks */

		memcpy(info.random, &t, sizeof(t));
	}
	if (user_stack_build(&v->mem, stack_lo, v->mem.size, a->argv, a->envp,
			     &info, &layout, err) < 0)
		return -1;
	bi->user_sp = layout.sp;
	*a->tsc_clock = layout.tsc_clock;
	bi->user_entry = img.entry;
	bi->brk_start = (img.hi + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
	bi->mmap_top = stack_lo - GUEST_STACK_GUARD;
	return 0;
}

/* Runaway recursion must fault before it reaches the mmap area. */
static int guard_stack(const struct vmm *v, struct guest_pt *pt,
		       struct err *err)
{
	uint64_t guard = v->mem.size - GUEST_STACK_SIZE - GUEST_STACK_GUARD;
	uint64_t pde, *slot;

	if (guest_pt_protect(pt, &v->mem, guard, GUEST_STACK_GUARD, 0, &pde) < 0 ||
	    !(slot = gmem_ptr(&v->mem, guest_pt_pde_gpa(guard), 8)))
		return err_set(err, ERR_RUNTIME, "cannot place the stack guard");
	*slot = pde; /* before the guest first runs: no shadow copy yet */
	return 0;
}

int guest_load(const struct vmm *v, const struct guest_load_args *a,
	       struct isolab_guest_header *hdr, struct err *err)
{
	struct isolab_boot_info bi = {
		.magic = ISOLAB_BOOT_MAGIC,
		.ram_size = v->mem.size,
		.user_base = GUEST_USER_BASE,
	};

	struct guest_kernel own;
	int rc;

	if (a->kernel) {
		rc = load_kernel(v, a->kernel, hdr, err);
	} else {
		if (guest_kernel_read(a->kernel_path, &own, err) < 0)
			return -1;
		rc = load_kernel(v, &own, hdr, err);
		guest_kernel_free(&own);
	}
	if (rc < 0 || load_workload(v, a, &bi, err) < 0)
		return -1;
	memcpy(gmem_ptr(&v->mem, GUEST_BOOT_INFO, sizeof(bi)), &bi, sizeof(bi));
	x86_write_tables(&v->mem, hdr);
	return guard_stack(v, a->pt, err);
}
