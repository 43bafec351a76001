/* guest_cpuid: the CPUID table a vCPU is given (guest_cpuid.h). */
#include "microvm/guest_cpuid.h"

#include <cpuid.h>
#include <stdbool.h>
#include <stdlib.h>

#define BIT(n) (1u << (n))

/* Leaf 1 EDX: x86-64's baseline (FPU, CX8, CMOV, MMX, FXSR, SSE, SSE2)
 * and what KVM checks the vCPU's setup against or programs read (PSE,
 * TSC, MSR, PAE, APIC, PGE, CLFSH). */
#define LEAF1_EDX_KEPT                                                   \
	(BIT(0) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(8) | BIT(9) |  \
	 BIT(13) | BIT(15) | BIT(19) | BIT(23) | BIT(24) | BIT(25) |     \
	 BIT(26))
/* Leaf 1 ECX: x86-64-v2 (SSE3, SSSE3, CX16, SSE4.1, SSE4.2, POPCNT) and
 * instructions that need nothing of the OS (PCLMULQDQ, MOVBE, AES,
 * RDRAND). Never XSAVE, OSXSAVE, AVX, FMA or F16C: the vCPU's state is
 * x87 and SSE only (leaf 0xD), so a program must not pick AVX code. */
#define LEAF1_ECX_KEPT                                                   \
	(BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | BIT(20) |        \
	 BIT(22) | BIT(23) | BIT(25) | BIT(30))
/* Leaf 7: BMI1, BMI2, ERMS, ADX (EBX) and FSRM (EDX), which string
 * functions choose their code by; no AVX2 or AVX-512. */
#define LEAF7_EBX_KEPT (BIT(3) | BIT(8) | BIT(9) | BIT(19))
#define LEAF7_EDX_KEPT BIT(4)
/* Leaf 0x80000001: LAHF/SAHF (x86-64-v2), LZCNT, PREFETCHW (ECX);
 * SYSCALL, NX, long mode (EDX). */
#define EXT1_ECX_KEPT (BIT(0) | BIT(5) | BIT(8))
#define EXT1_EDX_KEPT (BIT(11) | BIT(20) | BIT(29))
/* Leaf 0xD: the state XSAVE would manage, x87 and SSE only (bits 0-1),
 * and its size, the legacy area and the XSAVE header (512 + 64 bytes).
 * Without this leaf KVM_SET_CPUID2 took 74 us instead of 30 here: KVM
 * then works the sizes out itself. */
#define XSAVE_LEAF 0xdu
#define XSAVE_X87_SSE 0x3u
#define XSAVE_LEGACY_BYTES 576u
#define EXT_ADDRESS_SIZES 0x80000008u
/* Leaf 4's caches (Intel): a handful; more subleaves than this is not a
 * CPU anyone has built. The table then holds at most 18 entries. */
#define CACHE_SUBLEAVES_MAX 8
#define ENTRIES_MAX 24

static void put_indexed(struct kvm_cpuid2 *t, uint32_t leaf, uint32_t index,
			uint32_t eax, uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	if (t->nent >= ENTRIES_MAX) /* unreachable: see ENTRIES_MAX */
		return;
	t->entries[t->nent++] = (struct kvm_cpuid_entry2){
		.function = leaf, .index = index, .eax = eax, .ebx = ebx,
		.ecx = ecx, .edx = edx,
		.flags = (leaf == 4 || leaf == 7 || leaf == XSAVE_LEAF)
				 ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX
				 : 0,
	};
}

static void put(struct kvm_cpuid2 *t, uint32_t leaf, uint32_t eax,
		uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	put_indexed(t, leaf, 0, eax, ebx, ecx, edx);
}

/* The host's own, unchanged: cache sizes and shapes, which C libraries
 * size their copies by (with none, glibc 2.34-2.36 sets its non-temporal
 * threshold to 0, and some memmove sizes fault). */
static void put_host(struct kvm_cpuid2 *t, uint32_t leaf)
{
	unsigned a, b, c, d;

	__cpuid(leaf, a, b, c, d);
	put(t, leaf, a, b, c, d);
}

static void put_intel_caches(struct kvm_cpuid2 *t)
{
	unsigned a, b, c, d;

	put_host(t, 2);
	for (uint32_t i = 0; i < CACHE_SUBLEAVES_MAX; i++) {
		__cpuid_count(4, i, a, b, c, d);
		if ((a & 0x1f) == 0) /* no more caches */
			break;
		put_indexed(t, 4, i, a, b, c, d);
	}
}

/* AMD and Hygon describe their caches in 0x80000005/6 alone. */
static bool amd_like(unsigned b, unsigned c, unsigned d)
{
	return (b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) ||
	       (b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975);
}

struct kvm_cpuid2 *guest_cpuid_read(struct err *err)
{
	unsigned max, max_ext, a, b, c, d, vendor_b, vendor_c, vendor_d;
	struct kvm_cpuid2 *t =
		calloc(1, sizeof(*t) + ENTRIES_MAX * sizeof(t->entries[0]));

	if (!t) {
		err_set(err, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	__cpuid(0, max, vendor_b, vendor_c, vendor_d);
	__cpuid(0x80000000, max_ext, b, c, d);
	if (max < 1 || max_ext < EXT_ADDRESS_SIZES) {
		free(t);
		err_set(err, ERR_RUNTIME,
			"this CPU reports no address sizes (CPUID leaf 0x80000008): not a 64-bit x86 CPU the micro-VM can use");
		return NULL;
	}
	/* The vendor, then the family, model and stepping with the kept
	 * feature bits: the CLFLUSH line size, one logical CPU, APIC ID 0.
	 * Absent leaves up to 0xD read as zero. */
	put(t, 0, XSAVE_LEAF, vendor_b, vendor_c, vendor_d);
	__cpuid(1, a, b, c, d);
	put(t, 1, a, (b & 0xff00) | (1u << 16), c & LEAF1_ECX_KEPT,
	    d & LEAF1_EDX_KEPT);
	if (!amd_like(vendor_b, vendor_c, vendor_d) && max >= 4)
		put_intel_caches(t);
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		put_indexed(t, 7, 0, 0, b & LEAF7_EBX_KEPT, 0,
			    d & LEAF7_EDX_KEPT);
	}
	put(t, XSAVE_LEAF, XSAVE_X87_SSE, XSAVE_LEGACY_BYTES,
	    XSAVE_LEGACY_BYTES, 0);
	put(t, 0x80000000, EXT_ADDRESS_SIZES, 0, 0, 0);
	__cpuid(0x80000001, a, b, c, d);
	put(t, 0x80000001, 0, 0, c & EXT1_ECX_KEPT, d & EXT1_EDX_KEPT);
	put_host(t, 0x80000005);
	put_host(t, 0x80000006);
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
