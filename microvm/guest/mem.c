/* mem: the workload's memory system calls.
 *
 * All user RAM is already mapped (2 MiB pages set up by the VMM), so these
 * calls mostly move two cursors: the program break grows up from the end
 * of the workload's image, anonymous mmaps grow down from below the
 * stack's guard. Memory handed out is zero because it is either never used
 * before (the host's anonymous pages) or was discarded on release
 * (HC_DISCARD makes the host drop the pages, which then read back as zeros
 * and stop costing host memory). Address space freed below the lowest
 * mapping is reused; a hole above it is released to the host but its
 * addresses are not.
 *
 * Protection: only "no access" is enforced (PROT_NONE). The VMM builds a
 * 4 KiB page table for the 2 MiB region concerned (HC_PROTECT, one call
 * per region) and this kernel installs the PDE it returns, then reloads
 * CR3. Once any page was made inaccessible, memory handed out again
 * (mmap, brk) is made accessible first. */
#include "microvm/guest/kernel.h"

#define PAGE GUEST_PAGE_SIZE
#define PROT_MASK 0x7ul
#define MAP_PRIVATE 0x02ul
#define MAP_FIXED 0x10ul
#define MAP_ANONYMOUS 0x20ul
#define MREMAP_MASK 0x7ul
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9

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

/* [addr, addr+len), page-aligned and inside the user area, becomes
 * accessible or not. 0 or -ENOMEM (page-table pool used up). */
static long set_access(uint64_t addr, uint64_t len, uint64_t accessible)
{
	uint64_t end = addr + len, cr3;
	long rc = 0;

	while (addr < end && rc == 0) {
		uint64_t region_end = (addr | (GUEST_HUGE_PAGE - 1)) + 1;
		struct hc_protect p = {
			.addr = addr, .access = accessible,
			.len = (end < region_end ? end : region_end) - addr,
		};

		hypercall(HC_PROTECT, &p);
		rc = p.ret;
		if (rc == 0)
			*(volatile uint64_t *)(GUEST_PD +
					       addr / GUEST_HUGE_PAGE * 8) = p.pde;
		addr += p.len;
	}
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3)::"memory");
	if (!accessible)
		k.has_none = 1;
	return rc;
}

/* The range a call names, page-rounded: inside the user area and clear of
 * the stack's guard, else -ENOMEM as Linux says for unmapped addresses. */
static long user_range(uint64_t addr, uint64_t *len)
{
	uint64_t guard_end = k.mmap_top + GUEST_STACK_GUARD;

	if (addr & (PAGE - 1))
		return -EINVAL;
	if (*len > k.ram_size)
		return -ENOMEM;
	*len = page_up(*len);
	if (!user_ok(addr, *len) ||
	    (addr < guard_end && addr + *len > k.mmap_top))
		return -ENOMEM;
	return 0;
}

SYSCALL(sys_brk)
{
	uint64_t old_end = page_up(k.brk), new_end = page_up(a0);

	if (a0 < k.brk_start || a0 > k.mmap_low)
		return (long)k.brk;
	if (new_end < old_end)
		discard(new_end, old_end - new_end);
	if (new_end > old_end && k.has_none &&
	    set_access(old_end, new_end - old_end, 1) < 0)
		return (long)k.brk;
	k.brk = a0;
	return (long)k.brk;
}

SYSCALL(sys_mmap)
{
	uint64_t len = a1, prot = a2, flags = a3, low = k.mmap_low;
	long rc;

	if (!(flags & MAP_ANONYMOUS) || (flags & MAP_FIXED) ||
	    !(flags & MAP_PRIVATE) || (prot & ~PROT_MASK) || len == 0)
		return -EINVAL;
	if (len > k.ram_size)
		return -ENOMEM;
	len = page_up(len);
	if (k.mmap_low - page_up(k.brk) < len)
		return -ENOMEM;
	k.mmap_low -= len;
	if (prot == 0 || k.has_none) {
		rc = set_access(k.mmap_low, len, prot != 0);
		if (rc < 0) {
			k.mmap_low = low;
			return rc;
		}
	}
	return (long)k.mmap_low;
}

SYSCALL(sys_munmap)
{
	uint64_t addr = a0, len = a1, end;

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

SYSCALL(sys_mremap)
{
	uint64_t old_len = page_up(a1), new_len = page_up(a2);

	if ((a0 & (PAGE - 1)) || (a3 & ~MREMAP_MASK) || a2 == 0 ||
	    a1 > k.ram_size || a2 > k.ram_size)
		return -EINVAL;
	if (new_len > old_len)
		return -ENOMEM; /* no room to grow: the caller copies */
	if (new_len < old_len)
		sys_munmap(a0 + new_len, old_len - new_len, 0, 0, 0, 0, nr);
	return (long)a0;
}

SYSCALL(sys_mprotect)
{
	uint64_t len = a1;
	long rc;

	if (a2 & ~PROT_MASK)
		return -EINVAL;
	if (len == 0)
		return (a0 & (PAGE - 1)) ? -EINVAL : 0;
	rc = user_range(a0, &len);
	if (rc < 0)
		return rc;
	if (a2 == 0 || k.has_none)
		return set_access(a0, len, a2 != 0);
	return 0; /* accessible already; read-only is not enforced */
}

SYSCALL(sys_madvise)
{
	uint64_t len = a1;
	long rc = user_range(a0, &len);

	if (rc < 0)
		return rc;
	if (a2 == MADV_DONTNEED || a2 == MADV_FREE || a2 == MADV_REMOVE)
		discard(a0, len);
	else if (a2 > 25 && a2 != 100 && a2 != 101)
		return -EINVAL;
	return 0;
}
