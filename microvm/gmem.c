#include "microvm/gmem.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int gmem_map(struct gmem *m, uint64_t size, struct err *err)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return err_sys(err, "cannot map %llu MiB of guest RAM",
			       (unsigned long long)(size >> 20));
	/* Transparent huge pages would turn a touched 4 KiB guest page into
	 * 2 MiB of host memory (and a 2 MiB clear): footprint numbers would
	 * lie and startup would slow down. */
	madvise(p, size, MADV_NOHUGEPAGE);
	m->base = p;
	m->size = size;
	return 0;
}

void gmem_unmap(struct gmem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	m->base = NULL;
	m->size = 0;
}

int gmem_range_ok(uint64_t ram_size, uint64_t gpa, uint64_t len)
{
	/* gpa <= size first, so size - gpa cannot wrap; then compare len to
	 * the room left instead of computing gpa + len. */
	return gpa <= ram_size && len <= ram_size - gpa;
}

void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	if (!m->base || !gmem_range_ok(m->size, gpa, len))
		return NULL;
	return m->base + gpa;
}

uint64_t gmem_resident(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char vec[4096];
	uint64_t total = 0;

	if (page <= 0 || !gmem_range_ok(m->size, gpa, len) ||
	    (gpa | len) % (uint64_t)page)
		return 0;
	/* In chunks, with a fixed buffer: no allocation, bounded stack. */
	while (len) {
		uint64_t chunk = sizeof(vec) * (uint64_t)page;

		if (chunk > len)
			chunk = len;
		if (mincore(m->base + gpa, chunk, vec) < 0)
			return 0;
		for (uint64_t i = 0; i < chunk / (uint64_t)page; i++)
			total += vec[i] & 1;
		gpa += chunk;
		len -= chunk;
	}
	return total * (uint64_t)page;
}

int gmem_discard(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	if (!gmem_range_ok(m->size, gpa, len) || (gpa | len) % 4096) {
		errno = EINVAL;
		return -1;
	}
	return len ? madvise(m->base + gpa, len, MADV_DONTNEED) : 0;
}
