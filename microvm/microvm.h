/* microvm: what the rest of isolab may ask the micro-VM launcher, besides
 * the launcher itself (microvm_launcher, declared in lab/core/launchers.h).
 *
 * How /dev/kvm runs guests here (hardware or software/paravirtual) is
 * lab/host/hostinfo.h's hostinfo_virt_mode(), recorded in the environment of
 * every result.
 *
 * microvm_seccomp_allowlist() is the micro-VM's host syscall reach: the
 * only system calls the VMM's vCPU thread can make once the guest runs,
 * NULL-terminated. Argument restrictions are documented in seccomp.h. */
#ifndef ISOLAB_MICROVM_H
#define ISOLAB_MICROVM_H

const char *const *microvm_seccomp_allowlist(void);

#endif
