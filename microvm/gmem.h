/* gmem: guest RAM as the host sees it, and the one gate every guest
 * pointer passes through.
 *
 * Guest RAM is one anonymous host mapping made with MAP_NORESERVE: nothing
 * is allocated until the VMM or the guest touches a page, so a 4 GiB guest
 * that uses 100 KiB costs 100 KiB. Guest-physical address 0 is base[0].
 *
 * gmem_ptr() is the only way host code turns a guest address into a host
 * pointer: it refuses any range that is not entirely inside RAM, with the
 * arithmetic written so that no (gpa, len) pair can overflow or wrap
 * (Solo5 hvt's rule: check every guest pointer, every time). */
#ifndef ISOLAB_MICROVM_GMEM_H
#define ISOLAB_MICROVM_GMEM_H

#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"

struct gmem {
	uint8_t *base;
	uint64_t size; /* bytes, a multiple of 2 MiB */
};

int gmem_map(struct gmem *m, uint64_t size, struct err *err);
void gmem_unmap(struct gmem *m);

/* Host pointer for guest range [gpa, gpa+len), or NULL if any byte of it
 * lies outside RAM. len 0 is valid at any gpa <= size. */
void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len);

/* Is [gpa, gpa+len) inside RAM? Same rule as gmem_ptr(), no pointer. */
int gmem_range_ok(uint64_t ram_size, uint64_t gpa, uint64_t len);

/* Bytes of [gpa, gpa+len) (page-aligned, inside RAM) resident on the
 * host, i.e. touched by someone; 0 when unknown. */
uint64_t gmem_resident(const struct gmem *m, uint64_t gpa, uint64_t len);

/* Drop the host pages behind a page-aligned range inside RAM: they read
 * back as zeros. Returns 0 or -1 (errno set). */
int gmem_discard(const struct gmem *m, uint64_t gpa, uint64_t len);

#endif
