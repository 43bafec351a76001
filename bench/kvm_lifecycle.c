/* kvm_lifecycle: what one VM's life costs in the host kernel, with and
 * without an in-kernel local APIC.
 *
 * The micro-VM creates its VM with the split irqchip (microvm/vmm.c):
 * without an in-kernel LAPIC, KVM flips the kernel-wide static key
 * kvm_has_noapic_vcpu when the vCPU is created and again when the VM is
 * destroyed, patching kernel text with an IPI to every CPU. This times
 * the raw KVM steps both ways, interleaved so drift hits both alike, and
 * prints medians and the ratio. Another VM alive on the host keeps the
 * keys set and hides the difference: run it on a quiet machine.
 *
 * With --floor it prints instead the raw-KVM floor of one micro-VM as a
 * JSON figure line (bench/interleave.c's format, name microvm.kvm_floor):
 * the median over ITERATIONS of KVM_CREATE_VM + KVM_ENABLE_CAP(split
 * irqchip) + one 16 MiB slot + KVM_CREATE_VCPU timed as one span, the VM
 * destroyed outside it. bench/lib.sh divides the micro-VM's startup by it.
 *
 * usage: kvm_lifecycle [ITERATIONS]   (default 200)
 *        kvm_lifecycle --floor ROUND ITERATIONS */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/record_line.h"
#include "lab/host/clock.h"
#include "lab/core/stats.h"

#define RAM_SIZE (16ul << 20)

enum step { CREATE_VM, SET_MEMORY, CREATE_VCPU, DESTROY_VM, NSTEPS };
static const char *const step_names[NSTEPS] = {
	"KVM_CREATE_VM", "KVM_SET_USER_MEMORY_REGION", "KVM_CREATE_VCPU",
	"close (VM destroyed)",
};

/* One VM's life; the time of each step in µs. 0 on success. */
static int one_vm(int kvm_fd, void *ram, int kernel_lapic, double *us)
{
	struct kvm_userspace_memory_region region = {
		.memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	struct kvm_enable_cap split = { .cap = KVM_CAP_SPLIT_IRQCHIP };
	uint64_t t0 = clock_now_ns(), t1, t2, t3, t4;
	int vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0), vcpu_fd;

	if (vm_fd < 0)
		return -1;
	if (kernel_lapic && ioctl(vm_fd, KVM_ENABLE_CAP, &split) < 0)
		goto out;
	t1 = clock_now_ns();
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		goto out;
	t2 = clock_now_ns();
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0)
		goto out;
	t3 = clock_now_ns();
	close(vcpu_fd);
	close(vm_fd);
	t4 = clock_now_ns();
	us[CREATE_VM] = (double)(t1 - t0) / 1e3;
	us[SET_MEMORY] = (double)(t2 - t1) / 1e3;
	us[CREATE_VCPU] = (double)(t3 - t2) / 1e3;
	us[DESTROY_VM] = (double)(t4 - t3) / 1e3;
	return 0;
out:
	close(vm_fd);
	return -1;
}

static double median(double *v, size_t n)
{
	struct stats s;

	stats_compute(v, n, &s);
	return s.median;
}

/* --floor: one round's median floor, as a figure line. 0, or 1 when a
 * KVM step failed. */
static int print_floor(int kvm_fd, void *ram, int round, size_t n)
{
	double *floor_us = calloc(n, sizeof(double));

	if (!floor_us)
		return 1;
	for (size_t i = 0; i < n; i++) {
		double us[NSTEPS];

		if (one_vm(kvm_fd, ram, 1, us) < 0) {
			perror("kvm_lifecycle: a KVM step failed");
			return 1;
		}
		floor_us[i] = us[CREATE_VM] + us[SET_MEMORY] + us[CREATE_VCPU];
	}
	record_line("figure", "microvm.kvm_floor", round,
		    median(floor_us, n) * 1e3, n);
	free(floor_us);
	return 0;
}

int main(int argc, char **argv)
{
	int floor_round = argc > 3 && !strcmp(argv[1], "--floor") ? atoi(argv[2]) : 0;
	size_t n = floor_round ? strtoul(argv[3], NULL, 10)
			       : argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
	int kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	double *t[2][NSTEPS + 1], total[2] = { 0, 0 };
	void *ram;

	if (kvm_fd < 0) {
		fprintf(floor_round ? stderr : stdout,
			"SKIP kvm_lifecycle: cannot open /dev/kvm\n");
		return floor_round ? 1 : 0;
	}
	if (n == 0 || ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SPLIT_IRQCHIP) <= 0) {
		fprintf(floor_round ? stderr : stdout, "SKIP kvm_lifecycle: %s\n",
			n ? "no KVM_CAP_SPLIT_IRQCHIP" : "ITERATIONS must be > 0");
		return floor_round ? 1 : 0;
	}
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		return 1;
	if (floor_round)
		return print_floor(kvm_fd, ram, floor_round, n);
	for (int mode = 0; mode < 2; mode++)
		for (int s = 0; s <= NSTEPS; s++)
			if (!(t[mode][s] = calloc(n, sizeof(double))))
				return 1;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 2; k++) {
			int mode = (int)((i + (size_t)k) % 2); /* alternate who goes first */
			double us[NSTEPS];

			if (one_vm(kvm_fd, ram, mode, us) < 0) {
				perror("kvm_lifecycle: a KVM step failed");
				return 1;
			}
			t[mode][NSTEPS][i] = 0;
			for (int s = 0; s < NSTEPS; s++) {
				t[mode][s][i] = us[s];
				t[mode][NSTEPS][i] += us[s];
			}
		}
	printf("one VM's life in the host kernel, %zu interleaved runs each (medians, µs)\n\n", n);
	printf("  %-28s %14s %16s %7s\n", "step", "no LAPIC", "in-kernel LAPIC", "ratio");
	for (int s = 0; s <= NSTEPS; s++) {
		double a = median(t[0][s], n), b = median(t[1][s], n);

		printf("  %-28s %14.1f %16.1f %6.2fx\n",
		       s < NSTEPS ? step_names[s] : "all of it", a, b, a > 0 ? b / a : 0);
		total[0] = a; /* the last row: the whole life */
		total[1] = b;
	}
	printf("\nthe micro-VM uses the in-kernel LAPIC (split irqchip): %.0f µs less per VM\n",
	       total[0] - total[1]);
	return 0;
}
