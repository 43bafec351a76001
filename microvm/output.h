/* output: where the guest's fd 1 and fd 2 bytes go on the host.
 *
 *   fd >= 0  pass-through (isolab exec): written to that fd. The vCPU
 *            thread polls the fd together with the kick eventfd first, so
 *            a reader that stops reading can never wedge the VMM: a stop
 *            request (timeout, Ctrl-C) always gets through.
 *   fd < 0   stdout is counted and its first bytes kept in the result
 *            (the semantics of lab/core/pump.c); stderr is discarded.
 *
 * Every byte counts against a per-run cap shared by both: a guest that
 * floods is stopped with an error instead of filling a disk. */
#ifndef ISOLAB_MICROVM_OUTPUT_H
#define ISOLAB_MICROVM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"

#define OUTPUT_CAP_BYTES (1ull << 30) /* 1 GiB per run, stdout + stderr */

struct vm_output {
	int stdout_fd, stderr_fd; /* -1: count (stdout) / discard (stderr) */
	int kick_fd;              /* readable once the VM is being stopped */
	uint64_t total;           /* bytes from both, against the cap */
};

/* Keep the start of the output in res->output_head and count all of it in
 * res->output_bytes, like lab/core/pump.c does for a host process. */
void vm_output_keep_head(struct launch_result *res, const void *buf, size_t n);

/* Deliver n bytes the guest wrote to fd (1 or 2). Returns n (all taken),
 * -errno for a write error the guest should see (e.g. -EPIPE),
 * OUTPUT_STOPPED if the VM is being stopped, or OUTPUT_FAIL with err set
 * (ERR_RUNTIME) when the cap is hit. */
#define OUTPUT_FAIL INT64_MIN
#define OUTPUT_STOPPED (INT64_MIN + 1)
int64_t vm_output_write(struct vm_output *o, int fd, const void *buf, size_t n,
		     struct launch_result *res, struct err *err);

/* Write all of buf to fd, polling with kick_fd as above. 0, -errno, or
 * OUTPUT_STOPPED. */
int64_t vm_output_write_all(int fd, int kick_fd, const void *buf, size_t n);

#endif
