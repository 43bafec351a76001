/* virt_detect: which kind of virtualization a micro-VM would run on here.
 *
 * The facts (/dev/kvm, the CPU's vmx/svm and hypervisor flags, the outer
 * hypervisor's CPUID signature, the kvm_pvm module) are read apart from
 * the decision, so that the decision is a pure function a test can feed
 * every kind of machine. The three modes and why they matter to a class
 * comparing numbers:
 *   hardware  VT-x/AMD-V runs guest code natively; also when isolab itself
 *             runs in a VM that passes VT-x/AMD-V on (nested: detail says
 *             so and names the outer hypervisor)
 *   software  KVM without native VT-x/AMD-V: PVM's shadow paging, or the
 *             VT-x/AMD-V of an emulator such as QEMU TCG, where the flags
 *             are there but every instruction of every level is emulated
 *   none      no /dev/kvm */
#ifndef ISOLAB_VIRT_DETECT_H
#define ISOLAB_VIRT_DETECT_H

#include <stdbool.h>

#include "lab/host/hostinfo.h" /* enum virt_mode */

struct virt_facts {
	bool kvm;                 /* /dev/kvm exists */
	bool vmx, svm;            /* /proc/cpuinfo flags */
	bool hypervisor;          /* flag: this machine is itself a guest */
	bool pvm;                 /* the kvm_pvm module is loaded */
	char hv_signature[13];    /* CPUID 0x40000000, "" when not a guest */
};

/* Reads this machine's facts. */
void virt_facts_read(struct virt_facts *f);
/* The mode, with a one-line detail for people ("AMD-V, nested under KVM"). */
enum virt_mode virt_classify(const struct virt_facts *f, char *detail,
			     int detail_len);

#endif
