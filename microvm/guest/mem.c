/* mem: the workload's memory system calls.
 *
 * All user RAM is already mapped (2 MiB pages set up by the VMM), so these
 * calls only move two cursors: the program break grows up from the end of
 * the workload's image, anonymous mmaps grow down from below the stack.
 * Memory handed out is zero because it is either never used before (the
 * host's anonymous pages) or was discarded on release (HC_DISCARD makes
 * the host drop the pages, which then read back as zeros and stop costing
 * host memory). Address space freed below the lowest mapping is reused;
 * a hole above it is released to the host but its addresses are not. */
#include "microvm/guest/kernel.h"

#define PAGE GUEST_PAGE_SIZE
#define PROT_MASK 0x7ul
#define MAP_PRIVATE 0x02ul
#define MAP_FIXED 0x10ul
#define MAP_ANONYMOUS 0x20ul

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE - 1) & ~(PAGE - 1);
}

void mem_init(const struct isolab_boot_info *bi)
{
	k.brk_start = k.brk = bi->brk_start;
	k.mmap_low = k.mmap_top = bi->mmap_top;
}

static void discard(uint64_t addr, uint64_t len)
{
	struct hc_discard d = { .addr = addr, .len = len };

	if (len)
		hypercall(HC_DISCARD, &d);
}

long sys_brk(uint64_t addr)
{
	uint64_t old_end = page_up(k.brk);

	if (addr < k.brk_start || addr > k.mmap_low)
		return (long)k.brk;
	if (page_up(addr) < old_end)
		discard(page_up(addr), old_end - page_up(addr));
	k.brk = addr;
	return (long)k.brk;
}

long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags,
	      uint64_t fd, uint64_t off)
{
	(void)addr;
	(void)fd;
	(void)off;
	if (!(flags & MAP_ANONYMOUS) || (flags & MAP_FIXED) ||
	    !(flags & MAP_PRIVATE) || (prot & ~PROT_MASK) || len == 0)
		return -EINVAL;
	if (len > k.ram_size)
		return -ENOMEM;
	len = page_up(len);
	if (k.mmap_low - page_up(k.brk) < len)
		return -ENOMEM;
	k.mmap_low -= len;
	return (long)k.mmap_low;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
	uint64_t end;

	if ((addr & (PAGE - 1)) || len == 0 || len > k.ram_size ||
	    addr > k.ram_size)
		return -EINVAL;
	end = page_up(addr + len);
	/* Linux allows unmapping what is not mapped; only our part counts. */
	if (addr < k.mmap_low)
		addr = k.mmap_low;
	if (end > k.mmap_top)
		end = k.mmap_top;
	if (addr >= end)
		return 0;
	discard(addr, end - addr);
	if (addr == k.mmap_low)
		k.mmap_low = end;
	return 0;
}
