/* guest_syscalls: what the guest kernel counted, turned into the result.
 *
 * The guest kernel counts every system call of the workload by number,
 * and separately those it answered -ENOSYS, in two arrays in its own
 * memory (hypercall_abi.h, GUEST_SYSCALL_SLOTS). After the vCPU has
 * stopped, the VMM copies them out through gmem_ptr() - the address comes
 * from the checked guest header, and the counts are only numbers: a
 * hostile guest can make them lie, not make the VMM misbehave - and fills
 * res->syscalls and, when any call got -ENOSYS, res->note:
 *   "the guest kernel does not implement: clone (56) ×1, fork (57) ×1" */
#ifndef ISOLAB_MICROVM_GUEST_SYSCALLS_H
#define ISOLAB_MICROVM_GUEST_SYSCALLS_H

#include <stdint.h>

#include "lab/core/launcher.h"
#include "microvm/gmem.h"
#include "microvm/hypercall_abi.h"

/* counts_gpa: the header's syscall_counts. Returns 0, or -1 when the
 * arrays are not inside RAM (nothing is filled then). */
int guest_syscalls_report(const struct gmem *m, uint64_t counts_gpa,
			  struct launch_result *res);

/* The note for these arrays (unit-testable): "" when nothing got ENOSYS. */
void guest_syscalls_note(const uint64_t enosys[GUEST_SYSCALL_SLOTS],
			 char *note, size_t len);

#endif
