/* workload_proto: how isolab-workload talks to whichever launcher runs it.
 *
 * Shared by the host side (lab/, the launchers) and by freestanding code
 * (lab/workload/, microvm/guest/), so it holds only constants.
 *
 * Two channels, identical under every launcher:
 *  - fd 1 (stdout) is the workload's output: human text, and the bytes of
 *    `io:KiB`. A launcher either passes it through (isolab exec) or drains
 *    and counts it (isolab run).
 *  - fd 3 is the control channel, newline-terminated ASCII lines:
 *        ready <ns>\n           first thing the workload does; <ns> is its
 *                               CLOCK_MONOTONIC reading, the host's clock
 *                               under every launcher (the micro-VM's guest
 *                               reads it through lab/proto/tsc_clock.h or
 *                               a hypercall); a stamp before the launch or
 *                               after the line's arrival is replaced by
 *                               the arrival time
 *        result <key>=<value>\n a named result, e.g. result checksum=...
 *    Lines longer than WORKLOAD_LINE_MAX are a protocol error.
 * A workload run outside isolab finds fd 3 closed; its writes fail with
 * EBADF and are ignored. */
#ifndef ISOLAB_WORKLOAD_PROTO_H
#define ISOLAB_WORKLOAD_PROTO_H

#define WORKLOAD_CHANNEL_FD 3
#define WORKLOAD_LINE_MAX 128

/* Result keys the workload reports. */
#define WORKLOAD_KEY_CHECKSUM "checksum"   /* cpu:N, hex */
#define WORKLOAD_KEY_PEAK_KIB "peak_kib"   /* VmHWM at exit, when /proc is there */
#define WORKLOAD_KEY_PSS_KIB "pss_kib"     /* PSS at exit, likewise */
#define WORKLOAD_KEY_TOUCHED_KIB "touched_kib" /* mem:MiB */
#define WORKLOAD_KEY_SYSCALLS "syscalls"   /* syscall:N */
#define WORKLOAD_KEY_IO_BYTES "io_bytes"   /* io:KiB */

#endif
