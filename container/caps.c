#include "container/caps.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab/host/procfs.h"

#define BIT(c) (1ull << (c))

uint64_t ct_caps_docker_default(void)
{
	return BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FOWNER) |
	       BIT(CAP_FSETID) | BIT(CAP_KILL) | BIT(CAP_SETGID) |
	       BIT(CAP_SETUID) | BIT(CAP_SETPCAP) | BIT(CAP_NET_BIND_SERVICE) |
	       BIT(CAP_NET_RAW) | BIT(CAP_SYS_CHROOT) | BIT(CAP_MKNOD) |
	       BIT(CAP_AUDIT_WRITE) | BIT(CAP_SETFCAP);
}

uint64_t ct_caps_kept(const struct ct_config *c)
{
	switch (c->caps) {
	case CT_CAPS_NONE: return 0;
	case CT_CAPS_KEEP: return c->keep_caps;
	default: return ct_caps_docker_default();
	}
}

int ct_caps_parse_list(const char *text, uint64_t *out, struct err *err)
{
	char list[512];
	uint64_t caps = 0;

	if (!*text || strlen(text) >= sizeof(list))
		return err_set(err, ERR_USAGE,
			       "--caps keep: wants a list like CAP_SYS_ADMIN,CAP_NET_RAW");
	snprintf(list, sizeof(list), "%s", text);
	for (char *item = list, *next; item; item = next) {
		char name[64];
		cap_value_t v;

		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (!*item || strlen(item) + 4 >= sizeof(name))
			return err_set(err, ERR_USAGE,
				       "--caps keep: empty or overlong capability name");
		/* libcap wants lower case "cap_xxx". */
		snprintf(name, sizeof(name), "%s%s",
			 strncasecmp(item, "cap_", 4) == 0 ? "" : "cap_", item);
		for (char *p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (cap_from_name(name, &v) < 0 || v < 0 || v > 63)
			return err_set(err, ERR_USAGE,
				       "--caps keep: unknown capability '%s'",
				       item);
		caps |= BIT(v);
	}
	*out = caps;
	return 0;
}

int ct_caps_last_cap(void)
{
	long last;

	if (procfs_read_long("/proc/sys/kernel/cap_last_cap", &last) < 0 ||
	    last < 0 || last > 63)
		last = CAP_LAST_CAP;
	return (int)last;
}

int ct_caps_apply(uint64_t keep, int last_cap)
{
	/* Raw capget/capset: libcap's cap_t would allocate in the child.
	 * Version 3 takes two 32-bit words per set. */
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	uint64_t have;

	for (int c = 0; c <= last_cap; c++) {
		if (keep & BIT(c) || prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0)
			continue;
		/* EPERM: no CAP_SETPCAP, i.e. an unprivileged caller without
		 * a user namespace. It has nothing to drop, and no_new_privs
		 * keeps exec from granting anything. */
		if (errno == EPERM)
			break;
		if (errno != EINVAL)
			return -1;
	}
	/* Ambient caps would survive exec for a non-root uid: none. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return -1;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	have = (uint64_t)data[0].permitted | (uint64_t)data[1].permitted << 32;
	keep &= have; /* capset can only lower permitted */
	for (int i = 0; i < 2; i++) {
		uint32_t w = (uint32_t)(keep >> (32 * i));

		data[i].effective = data[i].permitted = data[i].inheritable = w;
	}
	return (int)syscall(SYS_capset, &hdr, data);
}

const char *ct_caps_describe(uint64_t caps, char *buf, unsigned len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < 64; c++) {
		char *name;

		if (!(caps & BIT(c)))
			continue;
		name = cap_to_name(c);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? "," : "",
					 name ? name + 4 : "?");
		cap_free(name);
		if (used >= len)
			break;
	}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}
