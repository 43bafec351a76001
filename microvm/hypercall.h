/* hypercall: the VMM's half of hypercall_abi.h.
 *
 * hc_handle_io() takes one KVM_EXIT_IO, decides whether it is a well-formed
 * hypercall, and carries it out. The guest kernel is treated as hostile:
 * the argument struct is copied out of guest RAM through gmem_ptr() (so it
 * cannot change under us and cannot point outside RAM), every buffer it
 * names is checked the same way, every number is range-checked, and any
 * violation stops the VM with a one-line error rather than being guessed
 * at. Nothing a guest sends can make the VMM crash, allocate, or block
 * beyond a stop request (see output.h, HC_SLEEP).
 *
 * It is a plain function of its context, so the unit tests drive it with
 * hand-made exits and no KVM at all. */
#ifndef ISOLAB_MICROVM_HYPERCALL_H
#define ISOLAB_MICROVM_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/core/channel.h"
#include "lab/host/err.h"
#include "lab/core/launcher.h"
#include "microvm/gmem.h"
#include "microvm/guest_pt.h"
#include "microvm/hypercall_abi.h"
#include "microvm/output.h"

enum hc_verdict {
	HC_ERROR = -1,   /* bad hypercall or host failure: err is set */
	HC_CONTINUE = 0, /* resume the guest */
	HC_EXITED,       /* the workload exited: exit_status, or was killed
			    by a signal it sent itself: exit_signal */
	HC_FAULTED,      /* the workload faulted: fault */
	HC_STOPPING,     /* a stop request arrived while serving the call */
	HC_SIGNALED,     /* a signal's default action ended the workload:
			    signal (the guest has no handlers) */
};

struct hc_ctx {
	const struct gmem *mem;
	struct guest_pt *pt;       /* page protections (HC_PROTECT) */
	struct vm_output out;
	struct channel channel;
	struct launch_result *res;
	int stdin_fd;              /* guest fd 0, or -1: end of file */
	int ready_fd;              /* eventfd written once when the workload
				      signals ready, or -1 */
	uint64_t counts[HC_COUNT]; /* hypercalls served, by number */
	uint64_t peak_user_bytes;  /* most user RAM resident at once */
	int exit_status;           /* after HC_EXITED */
	int exit_signal;           /* after HC_EXITED by HC_SIGNAL, else 0 */
	struct hc_fault fault;     /* after HC_FAULTED */
	int signal;                /* after HC_SIGNALED */
};

/* One KVM_EXIT_IO: dir, size, port, count and the data bytes as KVM
 * reported them (data holds size * count bytes). */
struct hc_io {
	uint8_t direction; /* KVM_EXIT_IO_OUT / _IN */
	uint8_t size;
	uint16_t port;
	uint32_t count;
	const void *data;
};

enum hc_verdict hc_handle_io(struct hc_ctx *c, const struct hc_io *io,
			     struct err *err);

/* User RAM resident now, folded into peak_user_bytes. */
void hc_sample_footprint(struct hc_ctx *c);

/* "#PF at 0x0 (rip 0x401234)" and the matching Linux signal. */
int hc_fault_signal(uint64_t vector);
const char *hc_vector_name(uint64_t vector);
void hc_format_fault(const struct hc_fault *f, char *buf, size_t len);

/* Counter names, e.g. "hypercall_write", for launch_add_count(). */
const char *hc_counter_name(unsigned nr);

#endif
