/* guest_pt: page protection inside the guest's user area, at 4 KiB grain.
 *
 * The VMM maps guest RAM with 2 MiB pages (x86_setup.c). A region that
 * needs pages without access - the guard below the user stack, a
 * mprotect(PROT_NONE) - gets a 4 KiB page table from the pool in the
 * kernel area (GUEST_PT_POOL). Every change builds the region's new table
 * in a FRESH pool page and hands back the PDE that selects it: a page that
 * was once a live page table is never written again from the host, since
 * a shadow MMU (PVM) may still hold a copy of it that a host write would
 * not invalidate. Who installs the PDE: the VMM itself before the guest
 * first runs (the stack guard), the guest kernel afterwards (HC_PROTECT).
 * A region that ends up all accessible or all not goes back to one 2 MiB
 * PDE and uses no pool page.
 *
 * State is the VMM's own (never read back from guest memory apart from
 * the present bits of the region's current pool page, which only shape
 * the guest's own protections). */
#ifndef ISOLAB_MICROVM_GUEST_PT_H
#define ISOLAB_MICROVM_GUEST_PT_H

#include <stdint.h>

#include "microvm/gmem.h"
#include "microvm/hypercall_abi.h"

#define GUEST_REGIONS (GUEST_MAX_PDS * 512) /* 2 MiB regions in 4 GiB */
#define GUEST_PT_POOL_PAGES ((GUEST_PT_POOL_END - GUEST_PT_POOL) / GUEST_PAGE_SIZE)

struct guest_pt {
	uint32_t used; /* pool pages handed out */
	/* Per region: 0 one present 2 MiB page, 1 one not-present 2 MiB
	 * page, 2 + i pool page i. Zero-initialised = all present. */
	uint16_t state[GUEST_REGIONS];
};

/* Change [addr, addr+len) - page-aligned, inside one 2 MiB region of the
 * user area of RAM m - to accessible (read/write/execute) or not. On
 * success sets *pde to the region's new page-directory entry and returns
 * 0; -EINVAL for a range that breaks those rules, -ENOMEM when the pool
 * is used up. Writes only into a fresh pool page. */
int guest_pt_protect(struct guest_pt *pt, const struct gmem *m, uint64_t addr,
		     uint64_t len, int accessible, uint64_t *pde);

/* Guest-physical address of the PDE for the region holding addr. */
uint64_t guest_pt_pde_gpa(uint64_t addr);

#endif
