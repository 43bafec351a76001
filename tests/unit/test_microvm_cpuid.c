/* The vCPU's CPUID table (microvm/guest_cpuid.c): the leaves KVM checks
 * the vCPU's registers against are there, and every bit it gives is one
 * the host has. */
#include <cpuid.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "microvm/guest_cpuid.h"

#define EDX_LM (1u << 29)
#define EDX_SYSCALL (1u << 11)
#define EDX_PAE (1u << 6)
#define EDX_FXSR (1u << 24)
#define EDX_SSE2 (1u << 26)

static const struct kvm_cpuid_entry2 *leaf(const struct kvm_cpuid2 *t,
					   uint32_t function)
{
	for (uint32_t i = 0; i < t->nent; i++)
		if (t->entries[i].function == function)
			return &t->entries[i];
	return NULL;
}

static void long_mode_and_syscall_are_given(void **state)
{
	struct err err = { 0 };
	struct kvm_cpuid2 *t = guest_cpuid_read(&err);

	(void)state;
	assert_non_null(t);
	assert_non_null(leaf(t, 0x80000001));
	assert_true(leaf(t, 0x80000001)->edx & EDX_LM);
	assert_true(leaf(t, 0x80000001)->edx & EDX_SYSCALL);
	assert_true(leaf(t, 1)->edx & EDX_PAE);
	assert_true(leaf(t, 1)->edx & EDX_FXSR);
	assert_true(leaf(t, 1)->edx & EDX_SSE2);
	/* The highest leaves it names are the ones it holds. */
	assert_int_equal(leaf(t, 0)->eax, 0xd);
	assert_int_equal(leaf(t, 0xd)->eax, 0x3); /* x87 and SSE state only */
	assert_int_equal(leaf(t, 0x80000000)->eax, 0x80000008);
	assert_non_null(leaf(t, 0x80000008));
	free(t);
}

static void every_bit_is_the_hosts(void **state)
{
	struct err err = { 0 };
	struct kvm_cpuid2 *t = guest_cpuid_read(&err);

	(void)state;
	assert_non_null(t);
	for (uint32_t i = 0; i < t->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &t->entries[i];
		unsigned a, b, c, d;

		__cpuid(e->function, a, b, c, d);
		if (e->function == 1 || e->function == 0x80000001) {
			assert_int_equal(e->edx & ~d, 0);
			assert_int_equal(e->ecx & ~c, 0);
		}
		if (e->function == 0) /* the vendor, as the host says it */
			assert_true(e->ebx == b && e->ecx == c && e->edx == d);
	}
	assert_int_equal(guest_cpuid_hwcap(t), leaf(t, 1)->edx);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_mode_and_syscall_are_given),
		cmocka_unit_test(every_bit_is_the_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
