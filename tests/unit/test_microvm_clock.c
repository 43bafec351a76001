/* The workload's TSC clock (lab/proto/tsc_clock.h, microvm/guest_clock.h):
 * its arithmetic, and, with /dev/kvm, that the clock the host gives a
 * vCPU reads the host's CLOCK_MONOTONIC at the guest's TSC (read by KVM
 * itself, KVM_GET_MSRS of the TSC, not by the code under test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "microvm/guest_clock.h"

#define MSR_IA32_TSC 0x10u
#define NS_PER_S 1000000000ull

static void arithmetic(void **state)
{
	/* 2 GHz: half a nanosecond per tick, exactly. */
	struct tsc_clock c = { .tsc = 1000, .ns = 5 * NS_PER_S,
			       .mult = tsc_clock_mult(2000000) };

	(void)state;
	assert_int_equal(tsc_clock_ns(&c, 1000), 5 * NS_PER_S);
	assert_int_equal(tsc_clock_ns(&c, 1000 + 2 * NS_PER_S), 6 * NS_PER_S);
	/* Before its start the clock stays at its start. */
	assert_int_equal(tsc_clock_ns(&c, 10), 5 * NS_PER_S);
	/* A 2.6 GHz rate is kept to about one part in 10^9: one second of
	 * ticks within a nanosecond, a day of them (past 64 bits once
	 * multiplied) within 100 µs. */
	c.mult = tsc_clock_mult(2596094);
	assert_true(tsc_clock_ns(&c, 1000 + 2596094000ull) - 6 * NS_PER_S + 1 <= 2);
	{
		uint64_t day = 86400ull * 2596094000ull,
			 got = tsc_clock_ns(&c, 1000 + day) - 5 * NS_PER_S;

		assert_true(got <= 86400 * NS_PER_S &&
			    86400 * NS_PER_S - got < 100000);
	}
	assert_int_equal(tsc_clock_mult(0), 0);
}

static uint64_t guest_tsc(int vcpu_fd)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1, .e[0].index = MSR_IA32_TSC };

	assert_int_equal(ioctl(vcpu_fd, KVM_GET_MSRS, &m), 1);
	return m.e[0].data;
}

/* Within 1 ms, after 50 ms: a wrong rate (by 2% or more), a wrong sign of
 * the offset or a unit slip shows; preemption only widens the bracket. */
#define SLACK_NS 1000000ull

static void matches_host_clock(void **state)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, vcpu;
	struct vmm v;
	struct tsc_clock c;

	(void)state;
	if (kvm < 0) {
		printf("SKIP guest clock against the host's: cannot open /dev/kvm\n");
		skip();
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	assert_true(vm >= 0);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	assert_true(vcpu >= 0);
	{
		/* A guest TSC 1000 s behind the host's, where KVM lets us set
		 * one (hardware VT-x/AMD-V; PVM keeps 0). */
		uint64_t offset = (uint64_t)-(1000 * 2596094000ll);
		struct kvm_device_attr attr = {
			.group = KVM_VCPU_TSC_CTRL,
			.attr = KVM_VCPU_TSC_OFFSET,
			.addr = (uint64_t)(uintptr_t)&offset,
		};

		if (ioctl(vcpu, KVM_SET_DEVICE_ATTR, &attr) == 0 &&
		    ioctl(vcpu, KVM_GET_DEVICE_ATTR, &attr) == 0)
			print_message("guest TSC offset: %lld\n", (long long)offset);
	}
	vmm_init(&v);
	v.vm_fd = vm;
	v.vcpu_fd = vcpu;
	if (!guest_clock_read(&v, &c)) {
		printf("SKIP guest clock against the host's: this KVM cannot tell the guest's TSC (KVM_VCPU_TSC_OFFSET)\n");
		close(vcpu);
		close(vm);
		close(kvm);
		skip();
	}
	assert_true(c.mult > 0);
	usleep(50000);
	for (int i = 0; i < 5; i++) {
		uint64_t before = clock_now_ns(), tsc = guest_tsc(vcpu),
			 after = clock_now_ns(), got = tsc_clock_ns(&c, tsc);

		assert_true(got + SLACK_NS >= before);
		assert_true(got <= after + SLACK_NS);
	}
	close(vcpu);
	close(vm);
	close(kvm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(matches_host_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
