#include "microvm/elf_load.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int elf_open_file(const char *path, struct elf_file *f, struct err *err)
{
	struct stat st;

	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return err_sys(err, "cannot open %s", path);
	if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		elf_close_file(f);
		return err_set(err, ERR_USAGE, "%s is not a regular file", path);
	}
	f->size = (uint64_t)st.st_size;
	return 0;
}

void elf_close_file(struct elf_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

/* All of len bytes at off, or -1 (short: the file shrank meanwhile). */
static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int check_header(const Elf64_Ehdr *eh, size_t size, const char *name,
			struct err *err)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return err_set(err, ERR_USAGE, "%s is not an ELF file", name);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return err_set(err, ERR_USAGE,
			       "%s is not an x86-64 (ELF64 little-endian) executable",
			       name);
	if (eh->e_type == ET_DYN)
		return err_set(err, ERR_USAGE,
			       "%s is position-independent (PIE or static-pie), which the micro-VM loader does not relocate: it loads static non-PIE executables only (link with -static -no-pie)",
			       name);
	if (eh->e_type != ET_EXEC)
		return err_set(err, ERR_USAGE, "%s is not an executable", name);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHNUM)
		return err_set(err, ERR_USAGE,
			       "%s: malformed ELF program header table", name);
	if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > size - eh->e_phoff)
		return err_set(err, ERR_USAGE,
			       "%s: truncated ELF (program headers past the end of the file)",
			       name);
	return 0;
}

static int check_load(const Elf64_Phdr *ph, size_t size,
		      const struct elf_limits *lim, struct err *err)
{
	unsigned long long a = ph->p_vaddr, e = ph->p_vaddr + ph->p_memsz;

	if (ph->p_filesz > ph->p_memsz)
		return err_set(err, ERR_USAGE,
			       "%s: malformed ELF segment (file size > memory size)",
			       lim->name);
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return err_set(err, ERR_USAGE,
			       "%s: truncated ELF (segment data past the end of the file)",
			       lim->name);
	if (ph->p_memsz > UINT64_MAX - ph->p_vaddr)
		return err_set(err, ERR_USAGE,
			       "%s: malformed ELF segment (address wraps around)",
			       lim->name);
	if (ph->p_vaddr < lim->lo)
		return err_set(err, ERR_USAGE, "%s: segment 0x%llx-0x%llx %s",
			       lim->name, a, e, lim->below);
	if (ph->p_vaddr > lim->hi || ph->p_memsz > lim->hi - ph->p_vaddr)
		return err_set(err, ERR_USAGE, "%s: segment 0x%llx-0x%llx %s",
			       lim->name, a, e, lim->above);
	return 0;
}

static int overlaps(const struct elf_image *img, uint64_t vaddr,
		    uint64_t memsz)
{
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->segs[i];

		if (vaddr < s->vaddr + s->memsz && s->vaddr < vaddr + memsz)
			return 1;
	}
	return 0;
}

static int add_segment(struct elf_image *img, const Elf64_Phdr *ph,
		       const char *name, struct err *err)
{
	if (img->nsegs >= ELF_MAX_SEGMENTS)
		return err_set(err, ERR_USAGE,
			       "%s: more than %d loadable segments", name,
			       ELF_MAX_SEGMENTS);
	if (overlaps(img, ph->p_vaddr, ph->p_memsz))
		return err_set(err, ERR_USAGE,
			       "%s: malformed ELF (segments overlap)", name);
	img->segs[img->nsegs++] = (struct elf_segment){
		ph->p_vaddr, ph->p_offset, ph->p_filesz, ph->p_memsz
	};
	if (img->nsegs == 1 || ph->p_vaddr < img->lo)
		img->lo = ph->p_vaddr;
	if (ph->p_vaddr + ph->p_memsz > img->hi)
		img->hi = ph->p_vaddr + ph->p_memsz;
	return 0;
}

/* AT_PHDR: where the program headers are in guest memory, found as Linux
 * does, through the loaded segment whose file range holds them. */
static uint64_t find_phdr(const struct elf_image *img, const Elf64_Ehdr *eh)
{
	uint64_t len = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);

	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->segs[i];

		if (eh->e_phoff >= s->offset && len <= s->filesz &&
		    eh->e_phoff - s->offset <= s->filesz - len)
			return s->vaddr + (eh->e_phoff - s->offset);
	}
	return 0;
}

/* The program headers (eh->e_phnum of them at phdrs), against a file of
 * `size` bytes whose header check_header() accepted. */
static int parse_segments(const Elf64_Ehdr *eh, const uint8_t *phdrs,
			  uint64_t size, const struct elf_limits *lim,
			  struct elf_image *img, struct err *err)
{
	int exec_entry = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, phdrs + (size_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return err_set(err, ERR_USAGE,
				       "%s is dynamically linked; the micro-VM runs static executables only (rebuild with -static)",
				       lim->name);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (check_load(&ph, size, lim, err) < 0 ||
		    add_segment(img, &ph, lim->name, err) < 0)
			return -1;
		if ((ph.p_flags & PF_X) && eh->e_entry >= ph.p_vaddr &&
		    eh->e_entry - ph.p_vaddr < ph.p_memsz)
			exec_entry = 1;
	}
	if (img->nsegs == 0)
		return err_set(err, ERR_USAGE, "%s: no loadable segment",
			       lim->name);
	if (!exec_entry)
		return err_set(err, ERR_USAGE,
			       "%s: entry point 0x%llx is not inside an executable segment",
			       lim->name, (unsigned long long)eh->e_entry);
	img->entry = eh->e_entry;
	img->phnum = eh->e_phnum;
	img->phdr = find_phdr(img, eh);
	return 0;
}

static int truncated_header(const char *name, uint64_t size, struct err *err)
{
	return err_set(err, ERR_USAGE,
		       "%s: truncated ELF (%llu bytes, no complete header)",
		       name, (unsigned long long)size);
}

int elf_parse(const uint8_t *buf, size_t size, const struct elf_limits *lim,
	      struct elf_image *img, struct err *err)
{
	Elf64_Ehdr eh;

	memset(img, 0, sizeof(*img));
	if (size < sizeof(eh))
		return truncated_header(lim->name, size, err);
	memcpy(&eh, buf, sizeof(eh)); /* the buffer may be unaligned */
	if (check_header(&eh, size, lim->name, err) < 0)
		return -1;
	return parse_segments(&eh, buf + eh.e_phoff, size, lim, img, err);
}

int elf_parse_file(const struct elf_file *f, const struct elf_limits *lim,
		   struct elf_image *img, struct err *err)
{
	uint8_t phdrs[ELF_MAX_PHNUM * sizeof(Elf64_Phdr)];
	Elf64_Ehdr eh;

	memset(img, 0, sizeof(*img));
	if (f->size < sizeof(eh) || read_at(f->fd, &eh, sizeof(eh), 0) < 0)
		return truncated_header(lim->name, f->size, err);
	if (check_header(&eh, f->size, lim->name, err) < 0)
		return -1;
	if (read_at(f->fd, phdrs, eh.e_phnum * sizeof(Elf64_Phdr),
		    eh.e_phoff) < 0)
		return err_set(err, ERR_USAGE,
			       "%s: truncated ELF (program headers past the end of the file)",
			       lim->name);
	return parse_segments(&eh, phdrs, f->size, lim, img, err);
}

/* Where segment s goes in guest RAM, or NULL with err set. */
static uint8_t *segment_ram(const struct elf_segment *s, const struct gmem *m,
			    struct err *err)
{
	uint8_t *dst = gmem_ptr(m, s->vaddr, s->memsz);

	if (!dst)
		err_set(err, ERR_RUNTIME, "ELF segment at 0x%llx outside guest RAM",
			(unsigned long long)s->vaddr);
	return dst;
}

int elf_copy(const struct elf_image *img, const uint8_t *buf,
	     const struct gmem *m, struct err *err)
{
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->segs[i];
		uint8_t *dst = segment_ram(s, m, err);

		if (!dst)
			return -1;
		memcpy(dst, buf + s->offset, s->filesz);
	}
	return 0;
}

int elf_copy_file(const struct elf_image *img, const struct elf_file *f,
		  const struct gmem *m, struct err *err)
{
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->segs[i];
		uint8_t *dst = segment_ram(s, m, err);

		if (!dst)
			return -1;
		if (read_at(f->fd, dst, s->filesz, s->offset) < 0)
			return err_set(err, ERR_RUNTIME,
				       "reading the segment at 0x%llx: the file changed while it was loaded",
				       (unsigned long long)s->vaddr);
	}
	return 0;
}
