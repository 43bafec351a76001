/* guest_cpuid: the CPUID table a vCPU is given (guest_cpuid.h). */
#include "microvm/guest_cpuid.h"

#include <cpuid.h>
#include <stdlib.h>

/* Leaf 1 EDX: FPU, PSE, TSC, MSR, PAE, CX8, APIC, PGE, CMOV, FXSR, SSE,
 * SSE2. */
#define LEAF1_EDX_KEPT                                                   \
	((1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) |     \
	 (1u << 8) | (1u << 9) | (1u << 13) | (1u << 15) | (1u << 24) |  \
	 (1u << 25) | (1u << 26))
/* Leaf 0x80000001 EDX: SYSCALL, NX, long mode. */
#define EXT1_EDX_KEPT ((1u << 11) | (1u << 20) | (1u << 29))
#define EXT_ADDRESS_SIZES 0x80000008u
/* Leaf 0xD: the state XSAVE would manage, x87 and SSE only (bits 0-1),
 * and its size, the legacy area and the XSAVE header (512 + 64 bytes).
 * Without this leaf KVM_SET_CPUID2 took 74 us instead of 30 here: KVM
 * then works the sizes out itself. */
#define XSAVE_LEAF 0xdu
#define XSAVE_X87_SSE 0x3u
#define XSAVE_LEGACY_BYTES 576u

static void put(struct kvm_cpuid2 *t, uint32_t leaf, uint32_t eax,
		uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	t->entries[t->nent++] = (struct kvm_cpuid_entry2){
		.function = leaf, .eax = eax, .ebx = ebx, .ecx = ecx, .edx = edx,
	};
}

struct kvm_cpuid2 *guest_cpuid_read(struct err *err)
{
	unsigned a, b, c, d, vendor_b, vendor_c, vendor_d, sig;
	struct kvm_cpuid2 *t = calloc(1, sizeof(*t) + 6 * sizeof(t->entries[0]));

	if (!t) {
		err_set(err, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	__cpuid(0, a, vendor_b, vendor_c, vendor_d);
	__cpuid(1, sig, b, c, d);
	/* The vendor, then the family, model and stepping with the kept
	 * feature bits (APIC ID 0, the only vCPU); the leaves between 1 and
	 * 0xD are absent (zero). */
	put(t, 0, XSAVE_LEAF, vendor_b, vendor_c, vendor_d);
	put(t, 1, sig, 0, 0, d & LEAF1_EDX_KEPT);
	put(t, XSAVE_LEAF, XSAVE_X87_SSE, XSAVE_LEGACY_BYTES, XSAVE_LEGACY_BYTES, 0);
	t->entries[t->nent - 1].flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
	__cpuid(0x80000000, a, b, c, d);
	if (a < EXT_ADDRESS_SIZES) {
		free(t);
		err_set(err, ERR_RUNTIME,
			"this CPU reports no address sizes (CPUID leaf 0x80000008): not a 64-bit x86 CPU the micro-VM can use");
		return NULL;
	}
	put(t, 0x80000000, EXT_ADDRESS_SIZES, 0, 0, 0);
	__cpuid(0x80000001, a, b, c, d);
	put(t, 0x80000001, 0, 0, 0, d & EXT1_EDX_KEPT);
	/* Physical and linear address widths: KVM checks guest page tables
	 * and CR3 against them (36 bits if absent). */
	__cpuid(EXT_ADDRESS_SIZES, a, b, c, d);
	put(t, EXT_ADDRESS_SIZES, a & 0xffff, 0, 0, 0);
	return t;
}

uint64_t guest_cpuid_hwcap(const struct kvm_cpuid2 *table)
{
	for (uint32_t i = 0; i < table->nent; i++)
		if (table->entries[i].function == 1)
			return table->entries[i].edx;
	return 0;
}
