#include "microvm/guest_clock.h"

#include <string.h>
#include <sys/ioctl.h>
#include <x86intrin.h>

#include "lab/host/clock.h"

/* Tries at pairing a TSC reading with a clock reading; the narrowest
 * bracket wins, so that a preemption between the two does not skew it. */
#define PAIR_TRIES 3

static bool vcpu_tsc_offset(const struct vmm *v, uint64_t *offset)
{
	struct kvm_device_attr attr = {
		.group = KVM_VCPU_TSC_CTRL,
		.attr = KVM_VCPU_TSC_OFFSET,
		.addr = (uint64_t)(uintptr_t)offset,
	};

	return ioctl(v->vcpu_fd, KVM_GET_DEVICE_ATTR, &attr) == 0;
}

/* The guest's TSC rate: the VM's (Linux 6.0 and later), which isolab never
 * sets apart from its vCPU's. Asking the vCPU costs a vcpu_load, ~5.5 µs
 * of MSR reads on PVM, on every launch; older kernels only answer that. */
static int tsc_khz(const struct vmm *v)
{
	int khz = ioctl(v->vm_fd, KVM_GET_TSC_KHZ, 0);

	return khz > 0 ? khz : ioctl(v->vcpu_fd, KVM_GET_TSC_KHZ, 0);
}

bool guest_clock_read(const struct vmm *v, struct tsc_clock *c)
{
	uint64_t offset, best_width = UINT64_MAX;
	int khz = tsc_khz(v);

	memset(c, 0, sizeof(*c));
	if (khz <= 0 || !vcpu_tsc_offset(v, &offset))
		return false;
	for (int i = 0; i < PAIR_TRIES; i++) {
		uint64_t before = __rdtsc(), ns = clock_now_ns(),
			 after = __rdtsc();

		if (after - before < best_width) {
			best_width = after - before;
			/* Unsigned wrap-around adds a "negative" offset. */
			c->tsc = before + (after - before) / 2 + offset;
			c->ns = ns;
		}
	}
	c->mult = tsc_clock_mult((uint64_t)khz);
	return true;
}

void guest_clock_fill(const struct vmm *v, uint64_t gpa)
{
	struct tsc_clock *slot = gmem_ptr(&v->mem, gpa, sizeof(*slot));
	struct tsc_clock c;

	if (slot && guest_clock_read(v, &c))
		memcpy(slot, &c, sizeof(c));
}
