/* hostile_guest: a guest kernel that attacks the VMM, for the end-to-end
 * tests (tests/e2e/microvm_hostile.sh). The threat model of the micro-VM is
 * a guest kernel that is not ours or not correct, so this one links with
 * the real entry code (microvm/guest/entry.S: header, stubs) but replaces
 * kmain() with one attack, chosen by the workload's argv[1]:
 *
 *   ok        a clean HC_EXIT(0): the harness itself works
 *   badptr    write buffer past the end of guest RAM
 *   wrap      write length that wraps the address space
 *   badarg    argument struct address outside guest RAM
 *   badport   out to a port that is no hypercall (0x3f8)
 *   unknown   the first port past the last hypercall
 *   inport    in from a hypercall port
 *   badfd     write to fd 9
 *   badexit   exit status 1000
 *   badvec    fault report with vector 99
 *   flood     endless writes of all user RAM to stdout
 *   chanflood endless bytes without a newline on the control channel
 *   halt      hlt without exiting
 *   triple    empty IDT, then an exception: triple fault
 *   kfault    kernel touches unmapped memory
 *   spin      loop forever at CPL0 (the timeout must stop it)
 *
 * Build: see tests/e2e/microvm_hostile.sh. Never installed. */
#include "microvm/hypercall_abi.h"

void kmain(const struct isolab_boot_info *bi) __attribute__((noreturn));
long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr);

static struct hc_write w;
static struct hc_exit e;
static struct hc_fault f;

static void out32(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %w1" ::"a"(value), "d"(port) : "memory");
}

static void hc(unsigned nr, void *arg)
{
	out32((uint16_t)(ISOLAB_HC_PORT + nr), (uint32_t)(uint64_t)arg);
}

static int is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)nr;
	return -38;
}

void kmain(const struct isolab_boot_info *bi)
{
	const uint64_t *sp = (const uint64_t *)bi->user_sp;
	const char *mode = sp[0] >= 2 ? (const char *)sp[2] : "ok";

	if (is(mode, "badptr")) {
		w = (struct hc_write){ .fd = 1, .buf = bi->ram_size + 0x1000,
				       .len = 16 };
		hc(HC_WRITE, &w);
	} else if (is(mode, "wrap")) {
		w = (struct hc_write){ .fd = 1, .buf = bi->user_entry,
				       .len = ~0ul - 0x100 };
		hc(HC_WRITE, &w);
	} else if (is(mode, "badarg")) {
		out32(ISOLAB_HC_PORT + HC_WRITE, 0xfffffff0u);
	} else if (is(mode, "badport")) {
		out32(0x3f8, 0);
	} else if (is(mode, "unknown")) {
		hc(HC_COUNT, &w);
	} else if (is(mode, "inport")) {
		uint32_t v;

		__asm__ volatile("inl %w1, %0"
				 : "=a"(v)
				 : "d"((uint16_t)(ISOLAB_HC_PORT + HC_WRITE)));
	} else if (is(mode, "badfd")) {
		w = (struct hc_write){ .fd = 9, .buf = bi->user_base, .len = 1 };
		hc(HC_WRITE, &w);
	} else if (is(mode, "badexit")) {
		e.status = 1000;
		hc(HC_EXIT, &e);
	} else if (is(mode, "badvec")) {
		f = (struct hc_fault){ .vector = 99, .cs = 0x23 };
		hc(HC_FAULT, &f);
	} else if (is(mode, "flood")) {
		w = (struct hc_write){ .fd = 1, .buf = bi->user_base,
				       .len = bi->ram_size - bi->user_base };
		for (;;)
			hc(HC_WRITE, &w);
	} else if (is(mode, "chanflood")) {
		w = (struct hc_write){ .fd = 3, .buf = bi->user_entry,
				       .len = 4096 };
		for (;;)
			hc(HC_WRITE, &w);
	} else if (is(mode, "halt")) {
		__asm__ volatile("hlt");
	} else if (is(mode, "triple")) {
		struct {
			uint16_t limit;
			uint64_t base;
		} __attribute__((packed)) idtr = { 0, 0 };

		__asm__ volatile("lidt %0; ud2" ::"m"(idtr));
	} else if (is(mode, "kfault")) {
		*(volatile uint64_t *)(bi->ram_size + 0x200000);
	} else if (is(mode, "spin")) {
		for (;;)
			__asm__ volatile("" ::: "memory");
	}
	e.status = 0;
	hc(HC_EXIT, &e);
	for (;;)
		__asm__ volatile("hlt");
}
