/* virt_classify(): the virtualization mode every result records, for each
 * kind of machine a class brings, without needing any of them. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "lab/host/virt_detect.h"

static enum virt_mode classify(struct virt_facts f, const char *signature,
			       char *detail)
{
	snprintf(f.hv_signature, sizeof(f.hv_signature), "%s", signature);
	return virt_classify(&f, detail, 96);
}

static void bare_metal_vtx_and_amdv(void **state)
{
	char d[96];

	(void)state;
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .vmx = true }, "", d),
			 VIRT_HARDWARE);
	assert_string_equal(d, "Intel VT-x");
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .svm = true }, "", d),
			 VIRT_HARDWARE);
	assert_string_equal(d, "AMD-V");
}

/* A cloud VM with nested virtualization: still VT-x underneath, but the
 * result says it is nested and under what. */
static void nested_under_a_hypervisor(void **state)
{
	char d[96];

	(void)state;
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .vmx = true, .hypervisor = true },
				  "KVMKVMKVM", d), VIRT_HARDWARE);
	assert_string_equal(d, "Intel VT-x, nested under KVM");
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .svm = true, .hypervisor = true },
				  "Microsoft Hv", d), VIRT_HARDWARE);
	assert_string_equal(d, "AMD-V, nested under Hyper-V");
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .vmx = true, .hypervisor = true },
				  "ZZZZZZZZZZZZ", d), VIRT_HARDWARE);
	assert_string_equal(d, "Intel VT-x, nested under a hypervisor");
}

/* KVM inside QEMU TCG (tests/nested-kvm/run.sh): the svm flag is there,
 * but it is QEMU's emulation of AMD-V, not the CPU's: software. */
static void kvm_inside_qemu_tcg_is_software(void **state)
{
	char d[96];

	(void)state;
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .svm = true, .hypervisor = true },
				  "TCGTCGTCGTCG", d), VIRT_SOFTWARE);
	assert_string_equal(d, "AMD-V emulated by QEMU TCG (nested)");
}

static void pvm_and_none(void **state)
{
	char d[96];

	(void)state;
	assert_int_equal(classify((struct virt_facts){ .kvm = true, .hypervisor = true, .pvm = true },
				  "bhyve bhyve ", d), VIRT_SOFTWARE);
	assert_string_equal(d, "PVM (kvm_pvm), no VT-x/AMD-V");
	assert_int_equal(classify((struct virt_facts){ .kvm = true }, "", d), VIRT_SOFTWARE);
	assert_string_equal(d, "KVM without VT-x/AMD-V");
	assert_int_equal(classify((struct virt_facts){ .svm = true, .hypervisor = true },
				  "TCGTCGTCGTCG", d), VIRT_NONE);
	assert_string_equal(d, "no /dev/kvm");
}

/* This machine's own facts are read without failing, whatever it is. */
static void reads_this_machine(void **state)
{
	struct virt_facts f;
	char d[96];

	(void)state;
	virt_facts_read(&f);
	assert_true(strlen(f.hv_signature) <= 12);
	virt_classify(&f, d, sizeof(d));
	assert_true(d[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bare_metal_vtx_and_amdv),
		cmocka_unit_test(nested_under_a_hypervisor),
		cmocka_unit_test(kvm_inside_qemu_tcg_is_software),
		cmocka_unit_test(pvm_and_none),
		cmocka_unit_test(reads_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
