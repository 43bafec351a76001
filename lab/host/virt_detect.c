#include "lab/host/virt_detect.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* Does the first "flags" line of /proc/cpuinfo carry these flags? */
static void read_cpu_flags(struct virt_facts *f)
{
	char line[8192];
	FILE *in = fopen("/proc/cpuinfo", "re");

	if (!in)
		return;
	while (fgets(line, sizeof(line), in))
		if (strncmp(line, "flags", 5) == 0) {
			char *tok, *save = NULL;

			for (tok = strtok_r(strchr(line, ':'), " :\n", &save);
			     tok; tok = strtok_r(NULL, " \n", &save)) {
				f->vmx |= strcmp(tok, "vmx") == 0;
				f->svm |= strcmp(tok, "svm") == 0;
				f->hypervisor |= strcmp(tok, "hypervisor") == 0;
			}
			break;
		}
	fclose(in);
}

/* The outer hypervisor's vendor signature: CPUID leaf 0x40000000, which
 * is defined only for guests (the hypervisor flag). */
static void read_hv_signature(struct virt_facts *f)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, regs[3];

	__cpuid(0x40000000, eax, regs[0], regs[1], regs[2]);
	(void)eax;
	memcpy(f->hv_signature, regs, 12);
	f->hv_signature[12] = '\0';
#else
	(void)f;
#endif
}

void virt_facts_read(struct virt_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->kvm = access("/dev/kvm", F_OK) == 0;
	read_cpu_flags(f);
	if (f->hypervisor)
		read_hv_signature(f);
	f->pvm = access("/sys/module/kvm_pvm", F_OK) == 0;
}

/* The outer hypervisor's name from its signature, or NULL if unknown. */
static const char *hypervisor_name(const char *signature)
{
	static const struct {
		const char *signature, *name;
	} known[] = {
		{ "KVMKVMKVM", "KVM" },       { "Microsoft Hv", "Hyper-V" },
		{ "VMwareVMware", "VMware" }, { "XenVMMXenVMM", "Xen" },
		{ "bhyve bhyve ", "bhyve" },  { "VBoxVBoxVBox", "VirtualBox" },
		{ " lrpepyh  vr", "Parallels" }, { "ACRNACRNACRN", "ACRN" },
		{ "TCGTCGTCGTCG", "QEMU TCG" },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(signature, known[i].signature) == 0)
			return known[i].name;
	return NULL;
}

enum virt_mode virt_classify(const struct virt_facts *f, char *detail,
			     int detail_len)
{
	size_t len = (size_t)detail_len;
	const char *ext = f->vmx ? "Intel VT-x" : "AMD-V";
	const char *outer = hypervisor_name(f->hv_signature);

	if (!f->kvm) {
		snprintf(detail, len, "no /dev/kvm");
		return VIRT_NONE;
	}
	if (f->vmx || f->svm) {
		/* QEMU's TCG emulates AMD-V: KVM works, but nothing runs on
		 * the CPU's own virtualization, so it is software. (Short:
		 * the detail ends every figure's footnote.) */
		if (f->hypervisor && strcmp(f->hv_signature, "TCGTCGTCGTCG") == 0) {
			snprintf(detail, len,
				 "%s emulated by QEMU TCG (nested)",
				 ext);
			return VIRT_SOFTWARE;
		}
		if (f->hypervisor)
			snprintf(detail, len, "%s, nested under %s", ext,
				 outer ? outer : "a hypervisor");
		else
			snprintf(detail, len, "%s", ext);
		return VIRT_HARDWARE;
	}
	/* KVM without VT-x/AMD-V: shadow paging in software, e.g. PVM on a
	 * host that is itself a guest. Guest kernel code is emulated. */
	snprintf(detail, len, "%s",
		 f->pvm ? "PVM (kvm_pvm), no VT-x/AMD-V" : "KVM without VT-x/AMD-V");
	return VIRT_SOFTWARE;
}
