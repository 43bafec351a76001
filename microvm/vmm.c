#include "microvm/vmm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "microvm/kvm_ioctl.h"
#include "microvm/x86_setup.h"

void vmm_init(struct vmm *v)
{
	memset(v, 0, sizeof(*v));
	v->vm_fd = v->vcpu_fd = -1;
}

int vmm_open_dev(struct err *err)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
		return err_sys(err,
			       "cannot open /dev/kvm (load kvm_intel or kvm_amd, enable virtualization in the firmware, or use a machine with KVM)");
	if (errno == EACCES || errno == EPERM)
		return err_sys(err,
			       "cannot open /dev/kvm (this user may not read and write it; 'isolab doctor' says who owns it and what to do)");
	return err_sys(err, "cannot open /dev/kvm");
}

static int need_cap(int kvm_fd, int cap, const char *name, struct err *err)
{
	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap) <= 0)
		return err_set(err, ERR_RUNTIME,
			       "this KVM lacks %s, which the micro-VM needs (kernel too old?)",
			       name);
	return 0;
}

static bool have_cap(int kvm_fd, int cap)
{
	return ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap) > 0;
}

static int host_check(struct vmm_host *h, struct err *err)
{
	int version = ioctl(h->kvm_fd, KVM_GET_API_VERSION, 0);

	if (version != KVM_API_VERSION)
		return err_set(err, ERR_RUNTIME,
			       "/dev/kvm speaks KVM API version %d, isolab needs %d",
			       version, KVM_API_VERSION);
	if (need_cap(h->kvm_fd, KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY", err) ||
	    need_cap(h->kvm_fd, KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID", err) ||
	    need_cap(h->kvm_fd, KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT", err))
		return -1;
	h->split_irqchip = have_cap(h->kvm_fd, KVM_CAP_SPLIT_IRQCHIP);
	h->set_tss_addr = have_cap(h->kvm_fd, KVM_CAP_SET_TSS_ADDR);
	h->run_size = KVM_IOCTL(h->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0, err);
	if (h->run_size < 0)
		return -1;
	if (h->run_size < (int)sizeof(struct kvm_run))
		return err_set(err, ERR_RUNTIME,
			       "KVM_GET_VCPU_MMAP_SIZE: %d bytes, less than struct kvm_run",
			       h->run_size);
	return 0;
}

int vmm_host_open(struct vmm_host *h, struct err *err)
{
	memset(h, 0, sizeof(*h));
	h->kvm_fd = vmm_open_dev(err);
	if (h->kvm_fd < 0)
		return -1;
	if (host_check(h, err) < 0) {
		vmm_host_close(h);
		return -1;
	}
	return 0;
}

void vmm_host_close(struct vmm_host *h)
{
	if (h->kvm_fd >= 0)
		close(h->kvm_fd);
	free(h->cpuid);
	memset(h, 0, sizeof(*h));
	h->kvm_fd = -1;
}

int vmm_open(struct vmm *v, const struct vmm_host *host, struct err *err)
{
	if (!host || host->kvm_fd < 0 || !host->cpuid)
		return err_set(err, ERR_RUNTIME,
			       "the micro-VM's session is not open");
	v->host = host;
	return 0;
}

/* The guest uses no interrupts, but a vCPU without an in-kernel local
 * APIC flips a kernel-wide static key (kvm_has_noapic_vcpu) when it is
 * created and again when it is destroyed: code patching with an IPI to
 * every CPU, ~0.4 ms per VM on these machines. With the split irqchip
 * (the LAPIC in the kernel, no PIC or IOAPIC) the key KVM flips instead
 * is rate-limited: turning it off waits a second, off our path. The
 * price: `hlt` then waits in the kernel instead of exiting (see
 * vmm_vcpu_halted). */
static int enable_kernel_lapic(struct vmm *v, struct err *err)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_SPLIT_IRQCHIP };

	if (!v->host->split_irqchip)
		return 0; /* still works, only slower */
	if (KVM_IOCTL(v->vm_fd, KVM_ENABLE_CAP, &cap, err) < 0)
		return err_prefix(err, "the split irqchip");
	return 0;
}

int vmm_create_vm(struct vmm *v, struct err *err)
{
	v->vm_fd = KVM_IOCTL(v->host->kvm_fd, KVM_CREATE_VM, 0, err);
	if (v->vm_fd < 0)
		return -1;
	/* Intel VT-x wants a TSS area for real-mode emulation even though
	 * this guest never runs in real mode; put it above guest RAM. */
	if (v->host->set_tss_addr &&
	    KVM_IOCTL(v->vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000ul, err) < 0)
		return -1;
	return enable_kernel_lapic(v, err);
}

int vmm_set_memory(struct vmm *v, uint64_t size, struct err *err)
{
	struct kvm_userspace_memory_region region;

	if (gmem_map(&v->mem, size, err) < 0)
		return -1;
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)v->mem.base,
	};
	if (KVM_IOCTL(v->vm_fd, KVM_SET_USER_MEMORY_REGION, &region, err) < 0)
		return err_prefix(err, "guest RAM of %llu MiB",
				  (unsigned long long)(size >> 20));
	return 0;
}

static int set_signal_mask(struct vmm *v, int kick_signal, struct err *err)
{
	/* While in KVM_RUN the thread's mask is replaced by this one: all
	 * signals blocked but the kick, which makes KVM_RUN return EINTR.
	 * Outside KVM_RUN the thread blocks the kick too, so it never runs a
	 * handler and never kills the process; it just stays pending and
	 * makes the next KVM_RUN return at once. */
	union {
		struct kvm_signal_mask hdr;
		uint8_t bytes[sizeof(struct kvm_signal_mask) + 8];
	} m;
	sigset_t set;

	sigfillset(&set);
	sigdelset(&set, kick_signal);
	m.hdr.len = 8; /* the kernel's sigset_t: 64 bits, right after len */
	memcpy(m.hdr.sigset, &set, 8);
	return KVM_IOCTL(v->vcpu_fd, KVM_SET_SIGNAL_MASK, &m, err) < 0 ? -1 : 0;
}

int vmm_setup_vcpu(struct vmm *v, const struct isolab_guest_header *h,
		   int kick_signal, struct err *err)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[X86_SETUP_NMSRS];
	} msrs;
	v->vcpu_fd = KVM_IOCTL(v->vm_fd, KVM_CREATE_VCPU, 0, err);
	if (v->vcpu_fd < 0)
		return -1;
	v->run = mmap(NULL, (size_t)v->host->run_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED, v->vcpu_fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return err_sys(err, "mmap of kvm_run");
	}
	v->run_size = (size_t)v->host->run_size;
	/* The session's table, which the kernel only reads. */
	if (KVM_IOCTL(v->vcpu_fd, KVM_SET_CPUID2, v->host->cpuid, err) < 0 ||
	    KVM_IOCTL(v->vcpu_fd, KVM_GET_SREGS, &sregs, err) < 0)
		return -1;
	x86_fill_sregs(&sregs);
	if (KVM_IOCTL(v->vcpu_fd, KVM_SET_SREGS, &sregs, err) < 0)
		return err_prefix(err, "64-bit long mode");
	x86_fill_regs(&regs, h);
	if (KVM_IOCTL(v->vcpu_fd, KVM_SET_REGS, &regs, err) < 0)
		return -1;
	memset(&msrs, 0, sizeof(msrs));
	msrs.hdr.nmsrs = (uint32_t)x86_fill_msrs(msrs.e, h);
	if (ioctl(v->vcpu_fd, KVM_SET_MSRS, &msrs) != (int)msrs.hdr.nmsrs)
		return err_set(err, ERR_RUNTIME,
			       "KVM_SET_MSRS: the host refused a syscall MSR");
	return set_signal_mask(v, kick_signal, err);
}

bool vmm_vcpu_halted(const struct vmm *v)
{
	struct kvm_mp_state mp;

	return v->vcpu_fd >= 0 && ioctl(v->vcpu_fd, KVM_GET_MP_STATE, &mp) == 0 &&
	       mp.mp_state == KVM_MP_STATE_HALTED;
}

void vmm_close(struct vmm *v)
{
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->vcpu_fd >= 0)
		close(v->vcpu_fd);
	if (v->vm_fd >= 0)
		close(v->vm_fd);
	gmem_unmap(&v->mem);
	vmm_init(v);
}
