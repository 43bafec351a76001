/* elf_load: check and place a static x86-64 ELF executable in guest RAM.
 *
 * Used for both images the VM runs: the guest kernel (must lie inside the
 * kernel area) and the workload (must lie in the user area, below the
 * stack). The file is hostile input: elf_parse() reads only inside the
 * buffer it is given, checks every offset, size and address with
 * overflow-proof arithmetic, and says in one line what is wrong. Only
 * after it succeeded does elf_copy() write anything into guest RAM. */
#ifndef ISOLAB_MICROVM_ELF_LOAD_H
#define ISOLAB_MICROVM_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "lab/err.h"
#include "microvm/gmem.h"

#define ELF_MAX_SEGMENTS 16
#define ELF_MAX_PHNUM 64

struct elf_segment {
	uint64_t vaddr, offset, filesz, memsz;
};

struct elf_image {
	uint64_t entry;
	uint64_t phdr;  /* guest address of the program headers, 0 if they
			   are not inside a loaded segment (AT_PHDR) */
	uint64_t phnum; /* AT_PHNUM */
	uint64_t lo, hi; /* lowest and one past the highest loaded byte */
	int nsegs;
	struct elf_segment segs[ELF_MAX_SEGMENTS];
};

/* Where an image may be loaded, and what to say when it is not there. */
struct elf_limits {
	const char *name;  /* file name for messages */
	uint64_t lo, hi;   /* segments must lie inside [lo, hi) */
	const char *below; /* why an address below lo is wrong */
	const char *above; /* why an address at or above hi is wrong */
};

/* Whole file into a new malloc'd buffer; refuses files larger than max. */
int elf_read_file(const char *path, size_t max, uint8_t **buf, size_t *size,
		  struct err *err);

int elf_parse(const uint8_t *buf, size_t size, const struct elf_limits *lim,
	      struct elf_image *img, struct err *err);

/* Copy the segments' file bytes into guest RAM (the rest of each segment
 * is already zero: guest RAM is fresh). img must come from elf_parse()
 * on the same buffer with limits inside m. Returns 0, or -1 if a segment
 * is somehow outside m. */
int elf_copy(const struct elf_image *img, const uint8_t *buf,
	     const struct gmem *m, struct err *err);

#endif
