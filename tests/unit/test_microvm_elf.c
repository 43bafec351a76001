/* The micro-VM's ELF loader (microvm/elf_load.c) and initial stack
 * (microvm/user_stack.c) against malformed and hostile images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <elf.h>

#include "microvm/elf_load.h"
#include "microvm/guest_load.h"
#include "microvm/guest_pt.h"
#include "microvm/hypercall_abi.h"
#include "microvm/user_stack.h"
#include "lab/proto/tsc_clock.h"

#define RAM (16ul << 20)

static const struct elf_limits user = {
	.name = "w", .lo = GUEST_USER_BASE, .hi = RAM - GUEST_STACK_SIZE,
	.below = "overlaps the guest kernel area",
	.above = "does not fit in guest RAM",
};

/* A small valid static executable: header, 2 program headers, code. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	uint8_t code[64];
};

static void make(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = 0x400000 + offsetof(struct image, code);
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 2;
	im->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				  .p_offset = 0, .p_vaddr = 0x400000,
				  .p_filesz = sizeof(*im), .p_memsz = sizeof(*im),
				  .p_align = 4096 };
	im->ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
				  .p_offset = 0, .p_vaddr = 0x401000,
				  .p_filesz = 0, .p_memsz = 0x2000,
				  .p_align = 4096 };
	memset(im->code, 0x90, sizeof(im->code));
}

static int parse(const struct image *im, size_t size, struct err *err)
{
	struct elf_image img;

	memset(err, 0, sizeof(*err));
	return elf_parse((const uint8_t *)im, size, &user, &img, err);
}

#define REFUSED(im, size, text)                                               \
	do {                                                                  \
		struct err e_;                                                \
		assert_int_equal(parse(im, size, &e_), -1);                   \
		assert_int_equal(e_.kind, ERR_USAGE);                         \
		assert_non_null(strstr(e_.msg, text));                        \
		assert_null(strchr(e_.msg, '\n'));                            \
	} while (0)

static void valid_image(void **state)
{
	struct image im;
	struct elf_image img;
	struct err err;

	(void)state;
	make(&im);
	assert_int_equal(elf_parse((uint8_t *)&im, sizeof(im), &user, &img, &err), 0);
	assert_int_equal(img.entry, im.eh.e_entry);
	assert_int_equal(img.phdr, 0x400000 + im.eh.e_phoff);
	assert_int_equal(img.phnum, 2);
	assert_int_equal(img.nsegs, 2);
	assert_int_equal(img.lo, 0x400000);
	assert_int_equal(img.hi, 0x403000);
}

static void truncated(void **state)
{
	struct image im;

	(void)state;
	make(&im);
	REFUSED(&im, 10, "truncated");
	REFUSED(&im, sizeof(Elf64_Ehdr) + 8, "truncated");
	im.eh.e_phoff = UINT64_MAX - 8; /* table offset that wraps */
	REFUSED(&im, sizeof(im), "truncated");
	make(&im);
	im.ph[0].p_offset = 8;
	REFUSED(&im, sizeof(im), "truncated"); /* data past the end */
	make(&im);
	im.ph[0].p_offset = UINT64_MAX;
	REFUSED(&im, sizeof(im), "truncated");
	make(&im);
	im.ph[0].p_filesz = UINT64_MAX;
	im.ph[0].p_memsz = UINT64_MAX;
	REFUSED(&im, sizeof(im), "truncated");
}

static void wrong_kind(void **state)
{
	struct image im;

	(void)state;
	make(&im);
	im.eh.e_ident[0] = 0x7e;
	REFUSED(&im, sizeof(im), "not an ELF");
	make(&im);
	im.eh.e_machine = EM_386;
	REFUSED(&im, sizeof(im), "x86-64");
	make(&im);
	im.eh.e_machine = EM_AARCH64;
	REFUSED(&im, sizeof(im), "x86-64");
	make(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	REFUSED(&im, sizeof(im), "x86-64");
	make(&im);
	im.eh.e_type = ET_DYN;
	REFUSED(&im, sizeof(im), "position-independent");
	make(&im);
	im.eh.e_type = ET_REL;
	REFUSED(&im, sizeof(im), "not an executable");
	make(&im);
	im.ph[1].p_type = PT_INTERP;
	REFUSED(&im, sizeof(im), "dynamically linked");
	make(&im);
	im.ph[1].p_type = PT_DYNAMIC;
	REFUSED(&im, sizeof(im), "dynamically linked");
	make(&im);
	im.eh.e_phentsize = 32;
	REFUSED(&im, sizeof(im), "program header");
	make(&im);
	im.eh.e_phnum = 0;
	REFUSED(&im, sizeof(im), "program header");
	make(&im);
	im.eh.e_phnum = 65000;
	REFUSED(&im, sizeof(im), "program header");
}

static void outside_ram(void **state)
{
	struct image im;

	(void)state;
	make(&im);
	im.ph[1].p_vaddr = RAM - 4096; /* into the stack */
	REFUSED(&im, sizeof(im), "does not fit");
	make(&im);
	im.ph[1].p_vaddr = 64ul << 30;
	REFUSED(&im, sizeof(im), "does not fit");
	make(&im);
	im.ph[1].p_memsz = 1ul << 40;
	REFUSED(&im, sizeof(im), "does not fit");
	make(&im);
	im.ph[1].p_vaddr = UINT64_MAX - 0xfff; /* end wraps to 0x1000 */
	REFUSED(&im, sizeof(im), "wraps");
	make(&im);
	im.ph[1].p_memsz = UINT64_MAX;
	REFUSED(&im, sizeof(im), "wraps");
}

static void overlapping(void **state)
{
	struct image im;

	(void)state;
	make(&im);
	im.ph[1].p_vaddr = 0x100000; /* the guest kernel's image */
	REFUSED(&im, sizeof(im), "overlaps the guest kernel");
	make(&im);
	im.ph[1].p_vaddr = 0; /* page tables, GDT, IDT */
	REFUSED(&im, sizeof(im), "overlaps the guest kernel");
	make(&im);
	im.ph[1].p_vaddr = 0x400010; /* on top of segment 0 */
	REFUSED(&im, sizeof(im), "overlap");
	make(&im);
	im.ph[1].p_filesz = 0x3000;
	im.ph[1].p_memsz = 0x2000;
	REFUSED(&im, sizeof(im), "file size > memory size");
}

static void entry_point(void **state)
{
	struct image im;

	(void)state;
	make(&im);
	im.eh.e_entry = 0x401100; /* in the writable, non-exec segment */
	REFUSED(&im, sizeof(im), "entry point");
	make(&im);
	im.eh.e_entry = 0;
	REFUSED(&im, sizeof(im), "entry point");
	make(&im);
	im.ph[0].p_type = PT_NOTE;
	im.ph[1].p_type = PT_NOTE;
	REFUSED(&im, sizeof(im), "no loadable segment");
}

static void copy_into_ram(void **state)
{
	struct image im;
	struct elf_image img;
	struct gmem m = { 0 };
	struct err err;
	uint8_t *p;

	(void)state;
	make(&im);
	assert_int_equal(gmem_map(&m, RAM, &err), 0);
	assert_int_equal(elf_parse((uint8_t *)&im, sizeof(im), &user, &img, &err), 0);
	assert_int_equal(elf_copy(&img, (uint8_t *)&im, &m, &err), 0);
	p = gmem_ptr(&m, 0x400000, sizeof(im));
	assert_memory_equal(p, &im, sizeof(im));
	/* A plan pointing outside RAM is refused at copy time too. */
	img.segs[0].vaddr = RAM - 8;
	assert_int_equal(elf_copy(&img, (uint8_t *)&im, &m, &err), -1);
	gmem_unmap(&m);
}

/* A 600 MiB file (sparse beyond a small valid program) loads into 1 GiB
 * of guest RAM, through the launcher's own load step, while the loading
 * process stays small: only the headers and the segments' bytes are read,
 * never the whole file (it took 615 MB of RSS when it was). */
#define SPARSE_FILE_BYTES (600ull << 20)
#define SPARSE_RAM (1ull << 30)
#define SPARSE_MAX_RSS_KIB (128u << 10)

static int load_in_child(const char *workload)
{
	char *argv[] = { "w", NULL }, *envp[] = { NULL };
	struct guest_pt pt = { 0 };
	uint64_t clock_gpa;
	struct guest_load_args a = { .kernel_path = "bin/isolab-guest",
				     .workload_path = workload,
				     .argv = argv, .envp = envp, .pt = &pt,
				     .tsc_clock = &clock_gpa };
	struct isolab_guest_header hdr;
	struct vmm v = { .vm_fd = -1, .vcpu_fd = -1 };
	struct err err = { 0 };

	if (gmem_map(&v.mem, SPARSE_RAM, &err) < 0)
		return 2;
	if (guest_load(&v, &a, &hdr, &err) < 0) {
		print_error("guest_load: %s\n", err.msg);
		return 1;
	}
	return 0;
}

static void sparse_file_loads_small(void **state)
{
	char path[] = "/tmp/isolab-sparse-XXXXXX";
	struct rusage ru;
	struct image im;
	int fd, status;
	pid_t pid;

	(void)state;
	if (access("bin/isolab-guest", R_OK) < 0)
		skip(); /* run from the source tree after 'make all' */
	make(&im);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, &im, sizeof(im)), sizeof(im));
	assert_int_equal(ftruncate(fd, (off_t)SPARSE_FILE_BYTES), 0);
	close(fd);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(load_in_child(path));
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	unlink(path);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	print_message("peak RSS loading a 600 MiB file: %ld KiB\n", ru.ru_maxrss);
	assert_true(ru.ru_maxrss < (long)SPARSE_MAX_RSS_KIB);
}

static void initial_stack(void **state)
{
	struct gmem m = { 0 };
	struct err err;
	char *argv[] = { "isolab-workload", "cpu:10", NULL };
	char *envp[] = { "A=1", NULL };
	struct user_stack_info info = { .entry = 0x401000, .phdr = 0x400040,
					.phnum = 3, .hwcap = 0x178bfbff };
	struct user_stack_layout layout;
	uint64_t sp, *w, lo = RAM - GUEST_STACK_SIZE;
	int seen = 0;

	(void)state;
	memset(info.random, 7, sizeof(info.random));
	assert_int_equal(gmem_map(&m, RAM, &err), 0);
	assert_int_equal(user_stack_build(&m, lo, RAM, argv, envp, &info,
					  &layout, &err), 0);
	sp = layout.sp;
	assert_int_equal(sp % 16, 0);
	assert_true(sp >= lo && sp < RAM);
	w = gmem_ptr(&m, sp, 8 * 8);
	assert_int_equal(w[0], 2);
	assert_string_equal((char *)gmem_ptr(&m, w[1], 16), "isolab-workload");
	assert_string_equal((char *)gmem_ptr(&m, w[2], 7), "cpu:10");
	assert_int_equal(w[3], 0);
	assert_string_equal((char *)gmem_ptr(&m, w[4], 4), "A=1");
	assert_int_equal(w[5], 0);
	for (uint64_t *a = &w[6]; a[0] != AT_NULL; a += 2) {
		switch (a[0]) {
		case AT_PAGESZ: assert_int_equal(a[1], 4096); seen |= 1; break;
		case AT_ENTRY: assert_int_equal(a[1], 0x401000); seen |= 2; break;
		case AT_PHDR: assert_int_equal(a[1], 0x400040); seen |= 4; break;
		case AT_PHNUM: assert_int_equal(a[1], 3); seen |= 8; break;
		case AT_RANDOM:
			assert_memory_equal(gmem_ptr(&m, a[1], 16), info.random, 16);
			seen |= 16;
			break;
		case AT_ISOLAB_TSC_CLOCK: {
			/* Left zeroed ("no clock") until the vCPU exists. */
			const struct tsc_clock *c =
				gmem_ptr(&m, a[1], sizeof(*c));

			assert_non_null(c);
			assert_int_equal(a[1], layout.tsc_clock);
			assert_int_equal(a[1] % 8, 0);
			assert_int_equal(c->mult, 0);
			seen |= 32;
			break;
		}
		}
		assert_true((uint8_t *)a < m.base + RAM);
	}
	assert_int_equal(seen, 63);
	/* Arguments larger than the stack are a usage error, not a crash. */
	{
		static char big[200000];
		char *bargv[] = { big, big, big, big, big, big, NULL };

		memset(big, 'x', sizeof(big) - 1);
		assert_int_equal(user_stack_build(&m, lo, RAM, bargv, envp,
						  &info, &layout, &err), -1);
		assert_int_equal(err.kind, ERR_USAGE);
	}
	gmem_unmap(&m);
}

/* A program too big for --mem is told the --mem that fits (issue 9). */
static void fit_names_the_mem(void **state)
{
	struct err err = { 0 };

	(void)state;
	/* 24 KiB at 4 MiB fits in 8 MiB: 1 MiB stack and its 64 KiB guard
	 * on top. */
	assert_int_equal(guest_check_fit("p", 0x406000, 8ul << 20, &err), 0);
	/* Ends exactly at the guard: fits in 16 MiB, not one byte more. */
	assert_int_equal(guest_check_fit("p", (15ul << 20) - GUEST_STACK_GUARD, RAM, &err), 0);
	assert_int_equal(guest_check_fit("p", (15ul << 20) - GUEST_STACK_GUARD + 1, RAM, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_non_null(strstr(err.msg, "use --mem 17 or more"));
	assert_non_null(strstr(err.msg, "16 MiB"));
	/* 20 MiB of .bss above 4 MiB: 24.x MiB + 1 MiB stack + guard -> 26. */
	assert_int_equal(guest_check_fit("p", (24ul << 20) + 0x3000, RAM, &err),
			 -1);
	assert_non_null(strstr(err.msg, "use --mem 26 or more"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_image),
		cmocka_unit_test(truncated),
		cmocka_unit_test(wrong_kind),
		cmocka_unit_test(outside_ram),
		cmocka_unit_test(overlapping),
		cmocka_unit_test(entry_point),
		cmocka_unit_test(copy_into_ram),
		cmocka_unit_test(initial_stack),
		cmocka_unit_test(fit_names_the_mem),
		cmocka_unit_test(sparse_file_loads_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
