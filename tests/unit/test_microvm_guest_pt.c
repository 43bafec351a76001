/* Page protection inside the guest (microvm/guest_pt.c) and the note the
 * guest kernel's -ENOSYS counts become (microvm/guest_syscalls.c). No KVM:
 * the page tables are read back from guest RAM as the CPU would walk them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>

#include "microvm/guest_pt.h"
#include "microvm/guest_syscalls.h"

#define RAM (8ul << 20)
#define MIB (1ul << 20)

struct fixture {
	struct gmem mem;
	struct guest_pt pt;
	struct err err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || gmem_map(&f->mem, RAM, &f->err) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	gmem_unmap(&f->mem);
	free(f);
	return 0;
}

/* Is the page at addr present under this PDE (as the CPU would see it)? */
static int present(struct fixture *f, uint64_t pde, uint64_t addr)
{
	const uint64_t *pt;

	if (!(pde & 1))
		return 0;
	if (pde & 0x80)
		return 1;
	pt = gmem_ptr(&f->mem, pde & ~0xffful, 4096);
	assert_non_null(pt);
	assert_int_equal(pt[(addr % (2 * MIB)) / 4096] & ~0xffful, addr & ~0xffful);
	return pt[(addr % (2 * MIB)) / 4096] & 1;
}

static void split_and_merge(void **state)
{
	struct fixture *f = *state;
	uint64_t pde, pde2;

	/* One page of a 2 MiB region: a pool page, only that page absent. */
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB + 8192, 4096, 0, &pde), 0);
	assert_int_equal(pde & ~0xffful, GUEST_PT_POOL);
	assert_int_equal(present(f, pde, 4 * MIB + 8192), 0);
	assert_int_equal(present(f, pde, 4 * MIB + 4096), 1);
	assert_int_equal(present(f, pde, 4 * MIB + 12288), 1);
	/* A second change builds a NEW page, keeping the first absence. */
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB, 4096, 0, &pde2), 0);
	assert_int_equal(pde2 & ~0xffful, GUEST_PT_POOL + 4096);
	assert_int_equal(present(f, pde2, 4 * MIB), 0);
	assert_int_equal(present(f, pde2, 4 * MIB + 8192), 0);
	assert_int_equal(present(f, pde2, 4 * MIB + 4096), 1);
	/* All accessible again: back to one 2 MiB page, no pool page. */
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB, 2 * MIB, 1, &pde), 0);
	assert_int_equal(pde, 4 * MIB | 0x87);
	assert_int_equal(f->pt.used, 2);
	/* A whole region without access: one not-present 2 MiB entry. */
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 6 * MIB, 2 * MIB, 0, &pde), 0);
	assert_int_equal(pde & 1, 0);
	assert_int_equal(present(f, pde, 6 * MIB + 4096), 0);
	assert_int_equal(guest_pt_pde_gpa(6 * MIB), GUEST_PD + 3 * 8);
}

static void refused_ranges(void **state)
{
	struct fixture *f = *state;
	uint64_t pde = 0;

	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 0x1000, 4096, 0, &pde), -EINVAL);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB + 1, 4096, 0, &pde), -EINVAL);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB, 0, 0, &pde), -EINVAL);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB - 4096, 8192, 0, &pde), -EINVAL);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, RAM, 4096, 0, &pde), -EINVAL);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, RAM - 4096, UINT64_MAX - 4095, 0, &pde), -EINVAL);
	assert_int_equal(f->pt.used, 0);
}

static void pool_runs_out(void **state)
{
	struct fixture *f = *state;
	uint64_t pde;
	uint64_t i;

	for (i = 0; i < GUEST_PT_POOL_PAGES; i++)
		assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB + (i % 2) * 4096,
						  4096, (int)(i % 2), &pde), 0);
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 4 * MIB + 65536, 4096, 0, &pde),
			 -ENOMEM);
	/* Whole regions need no pool page: they still work. */
	assert_int_equal(guest_pt_protect(&f->pt, &f->mem, 6 * MIB, 2 * MIB, 0, &pde), 0);
}

static void enosys_note(void **state)
{
	uint64_t enosys[GUEST_SYSCALL_SLOTS] = { 0 };
	char note[256];

	(void)state;
	guest_syscalls_note(enosys, note, sizeof(note));
	assert_string_equal(note, "");
	enosys[56] = 1;
	enosys[57] = 2;
	guest_syscalls_note(enosys, note, sizeof(note));
	assert_string_equal(note, "the guest kernel does not implement: clone (56) ×1, fork (57) ×2");
	for (int i = 200; i < 300; i++)
		enosys[i] = 1;
	enosys[GUEST_SYSCALL_SLOTS - 1] = 3;
	guest_syscalls_note(enosys, note, sizeof(note));
	assert_true(strlen(note) < sizeof(note));
	assert_non_null(strstr(note, "more"));
	assert_non_null(strstr(note, "clone (56) ×1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(split_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(pool_runs_out, setup, teardown),
		cmocka_unit_test(enosys_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
