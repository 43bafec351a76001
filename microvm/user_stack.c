#include "microvm/user_stack.h"

#include <elf.h>
#include <string.h>

#include "lab/proto/tsc_clock.h"
#include "lab/proto/util.h"

#define USER_STACK_MAX_STRINGS 1024

/* A cursor that fills the stack downwards and refuses to leave [lo, top). */
struct cursor {
	const struct gmem *m;
	uint64_t lo, at;
	int full;
};

static uint64_t push_bytes(struct cursor *c, const void *p, uint64_t n)
{
	uint8_t *dst;

	if (c->full || c->at - c->lo < n) {
		c->full = 1;
		return 0;
	}
	c->at -= n;
	dst = gmem_ptr(c->m, c->at, n);
	if (!dst) {
		c->full = 1;
		return 0;
	}
	memcpy(dst, p, n);
	return c->at;
}

static uint64_t push_string(struct cursor *c, const char *s)
{
	return push_bytes(c, s, strlen(s) + 1);
}

static int count(char *const v[])
{
	int n = 0;

	while (v && v[n])
		n++;
	return n;
}

int user_stack_build(const struct gmem *m, uint64_t lo, uint64_t top,
		     char *const argv[], char *const envp[],
		     const struct user_stack_info *info,
		     struct user_stack_layout *out, struct err *err)
{
	static const struct tsc_clock no_clock;
	struct cursor c = { .m = m, .lo = lo, .at = top };
	int argc = count(argv), envc = count(envp), nwords, w = 0;
	uint64_t clock_at, random_at, platform_at, words_at;
	uint64_t strs[USER_STACK_MAX_STRINGS + 1];

	if (top <= lo || !gmem_range_ok(m->size, lo, top - lo))
		return err_set(err, ERR_RUNTIME, "bad user stack range");
	if (argc + envc > USER_STACK_MAX_STRINGS)
		return err_set(err, ERR_USAGE,
			       "too many arguments for the micro-VM workload (at most %d)",
			       USER_STACK_MAX_STRINGS);
	c.at &= ~7ul; /* the clock's words are read as words */
	clock_at = push_bytes(&c, &no_clock, sizeof(no_clock));
	random_at = push_bytes(&c, info->random, 16);
	platform_at = push_string(&c, "x86_64");
	for (int i = envc - 1; i >= 0; i--)
		strs[argc + i] = push_string(&c, envp[i]);
	for (int i = argc - 1; i >= 0; i--)
		strs[i] = push_string(&c, argv[i]);

	/* Type and value pairs; the compiler sizes the array. */
	const uint64_t auxv[] = {
		AT_PHDR, info->phdr,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, info->phnum,
		AT_PAGESZ, 4096,
		AT_BASE, 0,
		AT_FLAGS, 0,
		AT_ENTRY, info->entry,
		AT_UID, 0,
		AT_EUID, 0,
		AT_GID, 0,
		AT_EGID, 0,
		AT_SECURE, 0,
		AT_HWCAP, info->hwcap,
		AT_CLKTCK, 100,
		AT_PLATFORM, platform_at,
		AT_RANDOM, random_at,
		AT_EXECFN, argc ? strs[0] : 0,
		AT_ISOLAB_TSC_CLOCK, clock_at,
		AT_NULL, 0,
	};

	/* argc, argv, NULL, envp, NULL, auxv: 8-byte words below the
	 * strings, placed so that sp (argc's address) is 16-byte aligned. */
	nwords = 1 + argc + 1 + envc + 1 + (int)ARRAY_SIZE(auxv);
	if (c.full || c.at - c.lo < (uint64_t)nwords * 8 + 16)
		return err_set(err, ERR_USAGE,
			       "the workload's arguments do not fit its %llu KiB stack",
			       (unsigned long long)((top - lo) >> 10));
	words_at = (c.at - (uint64_t)nwords * 8) & ~15ul;
	{
		uint64_t *words = gmem_ptr(m, words_at, (uint64_t)nwords * 8);

		if (!words)
			return err_set(err, ERR_RUNTIME, "bad user stack range");
		words[w++] = (uint64_t)argc;
		for (int i = 0; i < argc; i++)
			words[w++] = strs[i];
		words[w++] = 0;
		for (int i = 0; i < envc; i++)
			words[w++] = strs[argc + i];
		words[w++] = 0;
		memcpy(&words[w], auxv, sizeof(auxv));
	}
	out->sp = words_at;
	out->tsc_clock = clock_at;
	return 0;
}
