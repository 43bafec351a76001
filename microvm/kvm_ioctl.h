/* kvm_ioctl: checked KVM ioctls, in the style of the kernel's KVM
 * selftests (kvm_ioctl(), vm_ioctl(), __vcpu_ioctl()): every failure
 * names the ioctl, so that no error reads "Invalid argument" alone.
 *
 * KVM_IOCTL(fd, KVM_X, arg, err) returns what ioctl() returned (>= 0),
 * or -1 with err = "KVM_X: strerror(errno)" and err->errnum = errno.
 * Callers add their own context with err_prefix(). Retried on EINTR, so
 * not for KVM_RUN, whose EINTR is the kick (vcpu.c). */
#ifndef ISOLAB_MICROVM_KVM_IOCTL_H
#define ISOLAB_MICROVM_KVM_IOCTL_H

#include "lab/host/err.h"

int kvm_ioctl_checked(int fd, unsigned long request, const char *name,
		      unsigned long arg, struct err *err);

#define KVM_IOCTL(fd, request, arg, err)                                   \
	kvm_ioctl_checked((fd), (request), #request, (unsigned long)(arg), \
			  (err))

#endif
