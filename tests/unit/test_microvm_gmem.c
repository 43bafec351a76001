/* The guest-pointer gate (microvm/gmem.c): every (gpa, len) a guest can
 * send, including the ones built to overflow or wrap, is judged right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "microvm/gmem.h"

#define MIB (1ull << 20)

static void range_checks(void **state)
{
	const uint64_t size = 16 * MIB;

	(void)state;
	assert_true(gmem_range_ok(size, 0, 0));
	assert_true(gmem_range_ok(size, 0, size));
	assert_true(gmem_range_ok(size, size, 0));
	assert_true(gmem_range_ok(size, size - 1, 1));
	assert_true(gmem_range_ok(size, 0x400000, 4096));
	assert_false(gmem_range_ok(size, size, 1));
	assert_false(gmem_range_ok(size, size + 1, 0));
	assert_false(gmem_range_ok(size, 1, size));
	assert_false(gmem_range_ok(size, size - 1, 2));
	/* Lengths and addresses made to wrap around 2^64. */
	assert_false(gmem_range_ok(size, 0x1000, UINT64_MAX));
	assert_false(gmem_range_ok(size, 0x1000, UINT64_MAX - 0xfff));
	assert_false(gmem_range_ok(size, 0x1000, UINT64_MAX - 0xffe));
	assert_false(gmem_range_ok(size, UINT64_MAX, 1));
	assert_false(gmem_range_ok(size, UINT64_MAX, 0));
	assert_false(gmem_range_ok(size, UINT64_MAX - 15, 16));
	assert_false(gmem_range_ok(size, 1ull << 63, 1ull << 63));
	assert_false(gmem_range_ok(size, 0, size + 1));
	assert_false(gmem_range_ok(0, 0, 1));
	assert_true(gmem_range_ok(0, 0, 0));
}

static void pointers_and_pages(void **state)
{
	struct gmem m = { 0 };
	struct err err;
	uint8_t *p;

	(void)state;
	assert_int_equal(gmem_map(&m, 4 * MIB, &err), 0);
	assert_ptr_equal(gmem_ptr(&m, 0, 4 * MIB), m.base);
	assert_ptr_equal(gmem_ptr(&m, 4096, 8), m.base + 4096);
	assert_null(gmem_ptr(&m, 4 * MIB - 4, 8));
	assert_null(gmem_ptr(&m, UINT64_MAX - 3, 8));
	assert_null(gmem_ptr(&m, 8, UINT64_MAX - 3));

	/* Nothing is touched yet: the mapping is lazy. */
	assert_int_equal(gmem_resident(&m, 0, 4 * MIB), 0);
	p = gmem_ptr(&m, 0x200000, 3 * 4096);
	memset(p, 0xab, 3 * 4096);
	assert_int_equal(gmem_resident(&m, 0, 4 * MIB), 3 * 4096);
	/* Discarded pages read back as zeros and stop being resident. */
	assert_int_equal(gmem_discard(&m, 0x200000, 2 * 4096), 0);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[2 * 4096], 0xab);
	assert_int_equal(gmem_resident(&m, 0x200000, 2 * 4096), 4096);
	/* Bad discards are refused, never passed to madvise. */
	assert_int_equal(gmem_discard(&m, 0x200001, 4096), -1);
	assert_int_equal(gmem_discard(&m, 0x200000, 100), -1);
	assert_int_equal(gmem_discard(&m, 4 * MIB - 4096, 8192), -1);
	assert_int_equal(gmem_discard(&m, 4096, UINT64_MAX - 4095), -1);
	/* Out-of-range footprint queries answer 0, never fault. */
	assert_int_equal(gmem_resident(&m, 4 * MIB, 4096), 0);
	gmem_unmap(&m);
	assert_null(m.base);
	assert_null(gmem_ptr(&m, 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(range_checks),
		cmocka_unit_test(pointers_and_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
