/* The vCPU's CPUID table (microvm/guest_cpuid.c): the leaves KVM checks
 * the vCPU's registers against are there, programs find the host's
 * caches, every feature bit given is one the host has and none needs
 * state the vCPU does not have, and KVM takes the table. */
#include <cpuid.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmocka.h>

#include "microvm/guest_cpuid.h"

#define BIT(n) (1u << (n))

static const struct kvm_cpuid_entry2 *leaf(const struct kvm_cpuid2 *t,
					   uint32_t function)
{
	for (uint32_t i = 0; i < t->nent; i++)
		if (t->entries[i].function == function &&
		    t->entries[i].index == 0)
			return &t->entries[i];
	fail_msg("no CPUID leaf %#x in the table", function);
	return NULL;
}

static struct kvm_cpuid2 *table(void)
{
	struct err err = { 0 };
	struct kvm_cpuid2 *t = guest_cpuid_read(&err);

	if (!t)
		fail_msg("guest_cpuid_read: %s", err.msg);
	return t;
}

static void long_mode_and_syscall_are_given(void **state)
{
	struct kvm_cpuid2 *t = table();

	(void)state;
	assert_true(leaf(t, 0x80000001)->edx & BIT(29)); /* long mode */
	assert_true(leaf(t, 0x80000001)->edx & BIT(11)); /* SYSCALL */
	assert_true(leaf(t, 1)->edx & BIT(6));           /* PAE */
	assert_true(leaf(t, 1)->edx & BIT(24));          /* FXSR */
	assert_true(leaf(t, 1)->edx & BIT(26));          /* SSE2 */
	/* The highest leaves it names are ones it holds. */
	assert_int_equal(leaf(t, 0)->eax, 0xd);
	assert_int_equal(leaf(t, 0x80000000)->eax, 0x80000008);
	assert_non_null(leaf(t, 0x80000008));
	free(t);
}

static void the_state_is_x87_and_sse_alone(void **state)
{
	struct kvm_cpuid2 *t = table();
	const struct kvm_cpuid_entry2 *xsave = leaf(t, 0xd);

	(void)state;
	assert_int_equal(xsave->eax, 0x3);
	assert_int_equal(xsave->ebx, 576);
	assert_int_equal(xsave->ecx, 576);
	assert_int_equal(xsave->flags, KVM_CPUID_FLAG_SIGNIFCANT_INDEX);
	/* XSAVE, OSXSAVE, AVX, FMA, F16C; AVX2, AVX-512F: a program that
	 * saw any of them would run code the vCPU cannot hold state for. */
	assert_int_equal(leaf(t, 1)->ecx &
				 (BIT(26) | BIT(27) | BIT(28) | BIT(12) | BIT(29)),
			 0);
	for (uint32_t i = 0; i < t->nent; i++)
		if (t->entries[i].function == 7)
			assert_int_equal(t->entries[i].ebx & (BIT(5) | BIT(16)), 0);
	free(t);
}

static void every_bit_is_the_hosts(void **state)
{
	struct kvm_cpuid2 *t = table();

	(void)state;
	for (uint32_t i = 0; i < t->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &t->entries[i];
		unsigned a, b, c, d;

		__cpuid_count(e->function, e->index, a, b, c, d);
		switch (e->function) {
		case 1: case 7: case 0x80000001: /* features: a subset */
			assert_int_equal(e->ecx & ~c, 0);
			assert_int_equal(e->edx & ~d, 0);
			if (e->function == 7)
				assert_int_equal(e->ebx & ~b, 0);
			break;
		case 0: /* the vendor, as the host says it */
			assert_true(e->ebx == b && e->ecx == c && e->edx == d);
			break;
		case 2: case 4: case 0x80000005: case 0x80000006:
			/* caches: the host's, unchanged */
			assert_true(e->eax == a && e->ebx == b && e->ecx == c &&
				    e->edx == d);
			break;
		}
	}
	assert_int_equal(guest_cpuid_hwcap(t), leaf(t, 1)->edx);
	free(t);
}

/* Where /dev/kvm opens: a fresh vCPU takes the table. */
static void kvm_takes_it(void **state)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, vcpu;
	struct kvm_cpuid2 *t;

	(void)state;
	if (kvm < 0)
		skip(); /* no /dev/kvm: the micro-VM tests say so too */
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	assert_true(vm >= 0);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	assert_true(vcpu >= 0);
	t = table();
	assert_int_equal(ioctl(vcpu, KVM_SET_CPUID2, t), 0);
	free(t);
	close(vcpu);
	close(vm);
	close(kvm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_mode_and_syscall_are_given),
		cmocka_unit_test(the_state_is_x87_and_sse_alone),
		cmocka_unit_test(every_bit_is_the_hosts),
		cmocka_unit_test(kvm_takes_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
