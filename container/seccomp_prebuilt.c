#include "container/seccomp_prebuilt.h"

#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "ct_seccomp_default.h" /* generated: build/gen/ */

int ct_seccomp_prebuilt(enum ct_seccomp mode, uint64_t caps,
			struct ct_bpf *out, struct err *err)
{
	*out = (struct ct_bpf){ 0 };
	if (mode != CT_SECCOMP_DEFAULT || caps != CT_SECCOMP_DEFAULT_CAPS)
		return 0;
	out->insns = malloc(sizeof(ct_seccomp_default_insns));
	if (!out->insns)
		return err_set(err, ERR_RUNTIME, "out of memory");
	memcpy(out->insns, ct_seccomp_default_insns,
	       sizeof(ct_seccomp_default_insns));
	out->len = (unsigned short)(sizeof(ct_seccomp_default_insns) /
				    sizeof(ct_seccomp_default_insns[0]));
	return 1;
}
