/* session: the micro-VM launcher's per-invocation work, done once. */
#include "microvm/session.h"

#include <string.h>

#include "microvm/guest_cpuid.h"

int vm_session_open(const char *kernel_path, struct vm_session *s,
		    struct timeline *cost, struct err *err)
{
	memset(s, 0, sizeof(*s));
	if (vmm_host_open(&s->host, err) < 0)
		return -1;
	timeline_mark(cost, "kvm open+check");
	/* The vmm_host keeps it (vmm_setup_vcpu hands it to every vCPU) and
	 * frees it with the rest. */
	s->host.cpuid = guest_cpuid_read(err);
	if (!s->host.cpuid)
		goto fail;
	timeline_mark(cost, "guest cpuid");
	if (guest_kernel_read(kernel_path, &s->kernel, err) < 0)
		goto fail;
	timeline_mark(cost, "guest kernel read");
	return 0;
fail:
	vmm_host_close(&s->host);
	return -1;
}

void vm_session_close(struct vm_session *s)
{
	guest_kernel_free(&s->kernel);
	vmm_host_close(&s->host);
}
