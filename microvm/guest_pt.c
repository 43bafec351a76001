#include "microvm/guest_pt.h"

#include <errno.h>
#include <string.h>

#define PTE_P 0x1ul
#define PTE_W 0x2ul
#define PTE_U 0x4ul
#define PTE_PS 0x80ul
#define PAGES_PER_REGION (GUEST_HUGE_PAGE / GUEST_PAGE_SIZE)

enum { REGION_PRESENT = 0, REGION_ABSENT = 1, REGION_POOL = 2 };

uint64_t guest_pt_pde_gpa(uint64_t addr)
{
	/* The PDs are consecutive pages: one 8-byte entry per region. */
	return GUEST_PD + (addr / GUEST_HUGE_PAGE) * 8;
}

/* Which of the region's pages are present now, from the VMM's state and,
 * for a split region, the present bits of its current pool page. */
static int current_present(const struct guest_pt *pt, const struct gmem *m,
			   uint64_t region, uint8_t present[PAGES_PER_REGION])
{
	uint16_t st = pt->state[region];
	const uint64_t *old;

	if (st < REGION_POOL) {
		memset(present, st == REGION_PRESENT, PAGES_PER_REGION);
		return 0;
	}
	old = gmem_ptr(m, GUEST_PT_POOL + (uint64_t)(st - REGION_POOL) *
					  GUEST_PAGE_SIZE, GUEST_PAGE_SIZE);
	if (!old)
		return -EINVAL;
	for (uint64_t i = 0; i < PAGES_PER_REGION; i++)
		present[i] = (uint8_t)(old[i] & PTE_P);
	return 0;
}

int guest_pt_protect(struct guest_pt *pt, const struct gmem *m, uint64_t addr,
		     uint64_t len, int accessible, uint64_t *pde)
{
	uint64_t region = addr / GUEST_HUGE_PAGE, base = region * GUEST_HUGE_PAGE;
	uint64_t first = (addr - base) / GUEST_PAGE_SIZE, n, all = 0;
	uint8_t present[PAGES_PER_REGION];
	uint64_t *table;

	if ((addr | len) % GUEST_PAGE_SIZE || len == 0 ||
	    addr < GUEST_USER_BASE || region >= GUEST_REGIONS ||
	    !gmem_range_ok(m->size, addr, len) ||
	    len > GUEST_HUGE_PAGE - (addr - base))
		return -EINVAL;
	if (current_present(pt, m, region, present) < 0)
		return -EINVAL;
	n = len / GUEST_PAGE_SIZE;
	memset(present + first, accessible ? 1 : 0, n);
	for (uint64_t i = 0; i < PAGES_PER_REGION; i++)
		all += present[i];
	if (all == 0 || all == PAGES_PER_REGION) {
		pt->state[region] = all ? REGION_PRESENT : REGION_ABSENT;
		*pde = base | PTE_W | PTE_U | PTE_PS | (all ? PTE_P : 0);
		return 0;
	}
	if (pt->used >= GUEST_PT_POOL_PAGES)
		return -ENOMEM;
	table = gmem_ptr(m, GUEST_PT_POOL + pt->used * GUEST_PAGE_SIZE,
			 GUEST_PAGE_SIZE);
	if (!table)
		return -EINVAL;
	for (uint64_t i = 0; i < PAGES_PER_REGION; i++)
		table[i] = (base + i * GUEST_PAGE_SIZE) | PTE_W | PTE_U |
			   (present[i] ? PTE_P : 0);
	*pde = (GUEST_PT_POOL + pt->used * GUEST_PAGE_SIZE) | PTE_P | PTE_W | PTE_U;
	pt->state[region] = (uint16_t)(REGION_POOL + pt->used);
	pt->used++;
	return 0;
}
