/* guest_load: fill fresh guest RAM with everything the guest needs before
 * its first instruction (the "load" phase):
 *   1. the guest kernel ELF, inside the kernel area, and its header
 *      (struct isolab_guest_header), checked like any other input: a
 *      --guest-kernel file is as untrusted as a workload;
 *   2. the workload ELF, inside the user area below the stack;
 *   3. the workload's Linux initial stack (user_stack.h), with room for
 *      its struct tsc_clock, filled once the vCPU exists (guest_clock.h);
 *   4. the boot info for the kernel;
 *   5. page tables, GDT, TSS, IDT (x86_setup.h), and the not-present
 *      guard below the user stack (guest_pt.h, state in *a->pt).
 * On success *hdr is the validated header the vCPU setup needs. */
#ifndef ISOLAB_MICROVM_GUEST_LOAD_H
#define ISOLAB_MICROVM_GUEST_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "microvm/elf_load.h"
#include "microvm/guest_pt.h"
#include "microvm/hypercall_abi.h"
#include "microvm/vmm.h"

/* The guest kernel ELF, read and checked once for a whole session: its
 * bytes and where they go. Read-only once read. */
struct guest_kernel {
	char path[4096];
	uint8_t *buf;
	size_t size;
	struct elf_image img;
};

/* Read and check path as a guest kernel (the file is untrusted input). */
int guest_kernel_read(const char *path, struct guest_kernel *k,
		      struct err *err);
void guest_kernel_free(struct guest_kernel *k);

struct guest_load_args {
	const char *kernel_path;
	const struct guest_kernel *kernel; /* already read, or NULL: read
	                                      kernel_path now */
	const char *workload_path;
	char *const *argv;
	char *const *envp;
	struct guest_pt *pt; /* zeroed; the run's page-protection state */
	uint64_t *tsc_clock; /* out: the guest address of struct tsc_clock */
	uint64_t hwcap;      /* AT_HWCAP: the vCPU's CPUID leaf 1 EDX */
};

int guest_load(const struct vmm *v, const struct guest_load_args *a,
	       struct isolab_guest_header *hdr, struct err *err);

/* Does a workload whose loaded bytes end at image_hi fit in ram_size
 * bytes of guest RAM, below the user stack? If not, the error names the
 * --mem that would fit, or says that none does (unit-testable). */
int guest_check_fit(const char *path, uint64_t image_hi, uint64_t ram_size,
		    struct err *err);

/* Header checks alone (unit-testable): the header must sit at the image's
 * start and every address in it must point into the image. */
int guest_check_header(const struct isolab_guest_header *h, uint64_t lo,
		       uint64_t hi, const char *path, struct err *err);

#endif
