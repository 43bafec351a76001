#include "microvm/x86_setup.h"

#include <string.h>

#define PTE_P 0x1ul
#define PTE_W 0x2ul
#define PTE_U 0x4ul
#define PTE_PS 0x80ul

#define CR0_PE 0x1ul
#define CR0_MP 0x2ul
#define CR0_ET 0x10ul
#define CR0_NE 0x20ul
#define CR0_WP 0x10000ul
#define CR0_PG 0x80000000ul
#define CR4_PAE 0x20ul
#define CR4_OSFXSR 0x200ul
#define CR4_OSXMMEXCPT 0x400ul
#define EFER_SCE 0x1ul
#define EFER_LME 0x100ul
#define EFER_LMA 0x400ul

#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_FMASK 0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u

#define RFLAGS_TF 0x100ul
#define RFLAGS_IF 0x200ul
#define RFLAGS_DF 0x400ul
#define RFLAGS_NT 0x4000ul
#define RFLAGS_AC 0x40000ul

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS is 104 bytes");
_Static_assert(GUEST_TSS + sizeof(struct tss64) <= GUEST_IDT, "TSS fits");

static void write_page_tables(const struct gmem *m)
{
	uint64_t *pml4 = gmem_ptr(m, GUEST_PML4, GUEST_PAGE_SIZE);
	uint64_t *pdpt = gmem_ptr(m, GUEST_PDPT, GUEST_PAGE_SIZE);
	uint64_t npages = m->size / GUEST_HUGE_PAGE;

	pml4[0] = GUEST_PDPT | PTE_P | PTE_W | PTE_U;
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t pd_gpa = GUEST_PD + (i / 512) * GUEST_PAGE_SIZE;
		uint64_t *pd = gmem_ptr(m, pd_gpa, GUEST_PAGE_SIZE);
		uint64_t addr = i * GUEST_HUGE_PAGE;

		if (i % 512 == 0)
			pdpt[i / 512] = pd_gpa | PTE_P | PTE_W | PTE_U;
		pd[i % 512] = addr | PTE_P | PTE_W | PTE_PS |
			      (addr >= GUEST_USER_BASE ? PTE_U : 0);
	}
}

static void write_gdt_tss(const struct gmem *m,
			  const struct isolab_guest_header *h)
{
	uint64_t *gdt = gmem_ptr(m, GUEST_GDT, 7 * 8);
	struct tss64 *tss = gmem_ptr(m, GUEST_TSS, sizeof(*tss));
	uint64_t base = GUEST_TSS, limit = sizeof(*tss) - 1;

	/* Accessed bits preset: the CPU need not write them back (each guest
	 * write from CPL0 is emulated under PVM). */
	gdt[0] = 0;
	gdt[GUEST_SEL_KCODE >> 3] = 0x00af9b000000fffful; /* L, DPL0, code */
	gdt[GUEST_SEL_KDATA >> 3] = 0x00cf93000000fffful; /* DPL0, data */
	gdt[GUEST_SEL_UDATA >> 3] = 0x00cff3000000fffful; /* DPL3, data */
	gdt[GUEST_SEL_UCODE >> 3] = 0x00affb000000fffful; /* L, DPL3, code */
	/* 16-byte system descriptor: available 64-bit TSS (type 9). */
	gdt[GUEST_SEL_TSS >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
				  (0x89ul << 40) | (((base >> 24) & 0xff) << 56);
	gdt[(GUEST_SEL_TSS >> 3) + 1] = base >> 32;

	memset(tss, 0, sizeof(*tss));
	tss->rsp[0] = h->stack_top;
	tss->ist[0] = h->ist_top;
	tss->iomap_base = sizeof(*tss); /* no I/O bitmap: no user port I/O */
}

static void write_idt(const struct gmem *m,
		      const struct isolab_guest_header *h)
{
	uint64_t *idt = gmem_ptr(m, GUEST_IDT, GUEST_EXC_VECTORS * 16);

	for (uint64_t v = 0; v < GUEST_EXC_VECTORS; v++) {
		uint64_t off = h->exc_stubs + v * h->exc_stub_size;
		uint64_t dpl = (v == 3) ? 3 : 0; /* int3 from user: SIGTRAP */

		/* 64-bit interrupt gate (type 0xe), IST1, present. */
		idt[2 * v] = (off & 0xffff) | ((uint64_t)GUEST_SEL_KCODE << 16) |
			     (1ul << 32) | ((0x8eul | (dpl << 5)) << 40) |
			     (((off >> 16) & 0xffff) << 48);
		idt[2 * v + 1] = off >> 32;
	}
}

void x86_write_tables(const struct gmem *m,
		      const struct isolab_guest_header *h)
{
	write_page_tables(m);
	write_gdt_tss(m, h);
	write_idt(m, h);
}

static struct kvm_segment seg(uint16_t sel, uint8_t type, int code)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = (uint8_t)(sel & 3), .db = code ? 0 : 1,
		.s = 1, .l = code ? 1 : 0, .g = 1,
	};
}

void x86_fill_sregs(struct kvm_sregs *s)
{
	struct kvm_segment data = seg(GUEST_SEL_KDATA, 0x3, 0);

	s->cs = seg(GUEST_SEL_KCODE, 0xb, 1);
	s->ds = s->es = s->fs = s->gs = s->ss = data;
	s->tr = (struct kvm_segment){
		.base = GUEST_TSS, .limit = sizeof(struct tss64) - 1,
		.selector = GUEST_SEL_TSS, .type = 0xb /* busy 64-bit TSS */,
		.present = 1,
	};
	s->ldt = (struct kvm_segment){ .type = 0x2, .present = 1 };
	s->gdt.base = GUEST_GDT;
	s->gdt.limit = 7 * 8 - 1;
	s->idt.base = GUEST_IDT;
	s->idt.limit = GUEST_EXC_VECTORS * 16 - 1;
	s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	s->cr3 = GUEST_PML4;
	s->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	s->efer = EFER_SCE | EFER_LME | EFER_LMA;
}

void x86_fill_regs(struct kvm_regs *r, const struct isolab_guest_header *h)
{
	memset(r, 0, sizeof(*r));
	r->rip = h->entry;
	r->rsp = h->stack_top;
	r->rdi = GUEST_BOOT_INFO;
	r->rflags = 0x2;
}

int x86_fill_msrs(struct kvm_msr_entry *e,
		  const struct isolab_guest_header *h)
{
	int n = 0;

	/* syscall loads CS from STAR[47:32] (SS = +8); sysret would use
	 * STAR[63:48]+16 / +8, i.e. the user selectors. */
	e[n++] = (struct kvm_msr_entry){
		.index = MSR_STAR,
		.data = ((uint64_t)GUEST_SEL_KDATA << 48) |
			((uint64_t)GUEST_SEL_KCODE << 32) };
	e[n++] = (struct kvm_msr_entry){ .index = MSR_LSTAR,
					 .data = h->syscall_entry };
	e[n++] = (struct kvm_msr_entry){ .index = MSR_CSTAR, .data = 0 };
	e[n++] = (struct kvm_msr_entry){
		.index = MSR_FMASK,
		.data = RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | RFLAGS_NT |
			RFLAGS_AC };
	e[n++] = (struct kvm_msr_entry){ .index = MSR_FS_BASE, .data = 0 };
	e[n++] = (struct kvm_msr_entry){ .index = MSR_GS_BASE, .data = 0 };
	e[n++] = (struct kvm_msr_entry){ .index = MSR_KERNEL_GS_BASE,
					 .data = 0 };
	return n;
}
