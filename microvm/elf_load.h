/* elf_load: check and place a static x86-64 ELF executable in guest RAM.
 *
 * Used for both images the VM runs: the guest kernel (must lie inside the
 * kernel area) and the workload (must lie in the user area, below the
 * stack). The file is hostile input: elf_parse() reads only inside the
 * buffer it is given, checks every offset, size and address with
 * overflow-proof arithmetic, and says in one line what is wrong. Only
 * after it succeeded does elf_copy() write anything into guest RAM.
 *
 * A file is never read whole: elf_parse_file() reads the ELF header and the
 * program headers, and elf_copy_file() reads each segment's file range
 * straight into guest RAM, so a huge or sparse file costs only what its
 * segments hold. elf_parse()/elf_copy() do the same on a buffer (tests,
 * fuzzing). */
#ifndef ISOLAB_MICROVM_ELF_LOAD_H
#define ISOLAB_MICROVM_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"
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

/* An ELF file opened for loading. */
struct elf_file {
	int fd;
	uint64_t size; /* at open; segments are checked against it */
};

/* Open a regular file (fd -1 after a failure or elf_close_file()). */
int elf_open_file(const char *path, struct elf_file *f, struct err *err);
void elf_close_file(struct elf_file *f);

int elf_parse(const uint8_t *buf, size_t size, const struct elf_limits *lim,
	      struct elf_image *img, struct err *err);
/* elf_parse() reading only the headers of an open file. */
int elf_parse_file(const struct elf_file *f, const struct elf_limits *lim,
		   struct elf_image *img, struct err *err);

/* Copy the segments' file bytes into guest RAM (the rest of each segment
 * is already zero: guest RAM is fresh). img must come from elf_parse()
 * on the same buffer with limits inside m. Returns 0, or -1 if a segment
 * is somehow outside m. */
int elf_copy(const struct elf_image *img, const uint8_t *buf,
	     const struct gmem *m, struct err *err);
/* elf_copy() reading each segment's bytes from f (pread); -1 if the file
 * shrank since elf_parse_file(). */
int elf_copy_file(const struct elf_image *img, const struct elf_file *f,
		  const struct gmem *m, struct err *err);

#endif
