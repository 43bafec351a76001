#include "lab/check/tests.h"

#include <string.h>

static const struct check_test *const all_labs[] = { lab1_tests, lab2_tests,
							   lab3_tests, lab4_tests };

const struct check_test *check_test_find(const char *kind)
{
	for (size_t i = 0; i < sizeof(all_labs) / sizeof(all_labs[0]); i++)
		for (const struct check_test *t = all_labs[i]; t->kind; t++)
			if (!strcmp(t->kind, kind))
				return t;
	return NULL;
}

unsigned check_random(struct check_ctx *ctx, unsigned lo, unsigned hi)
{
	uint64_t x = ctx->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	ctx->rng = x;
	return lo + (unsigned)(x % (uint64_t)(hi - lo + 1));
}
