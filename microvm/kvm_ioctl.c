/* kvm_ioctl: see kvm_ioctl.h. */
#include "microvm/kvm_ioctl.h"

#include <errno.h>
#include <sys/ioctl.h>

int kvm_ioctl_checked(int fd, unsigned long request, const char *name,
		      unsigned long arg, struct err *err)
{
	int rc;

	do
		rc = ioctl(fd, request, arg);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return err_sys(err, "%s", name);
	return rc;
}
