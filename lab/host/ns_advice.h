/* ns_advice: the sentence for a cause of lab/host/ns_cause.h: what is true here,
 * then what to do about it, e.g. "isolab is running in a chroot, where the
 * kernel refuses new user namespaces: run it on the host, or, as root, use
 * --ns without user". Rendering only; the diagnosis is ns_cause's. */
#ifndef ISOLAB_NS_ADVICE_H
#define ISOLAB_NS_ADVICE_H

#include <stddef.h>

#include "lab/host/ns_cause.h"

/* Writes the sentence into buf (always NUL-terminated); returns buf. */
const char *ns_advice(char *buf, size_t len, enum ns_cause cause,
		      const struct ns_facts *f);

#endif
