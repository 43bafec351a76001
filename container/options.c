#include "container/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container/caps.h"
#include "lab/host/numparse.h"
#include "lab/proto/util.h"

static const struct {
	const char *name;
	unsigned bit;
} ns_names[] = {
	{ "user", CT_NS_USER }, { "pid", CT_NS_PID },
	{ "mnt", CT_NS_MNT },   { "mount", CT_NS_MNT },
	{ "uts", CT_NS_UTS },   { "ipc", CT_NS_IPC },
	{ "net", CT_NS_NET },   { "cgroup", CT_NS_CGROUP },
	{ "time", CT_NS_TIME },
};

void ct_config_init(struct ct_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ns = CT_NS_ALL;
	c->seccomp = CT_SECCOMP_DEFAULT;
	c->caps = CT_CAPS_DEFAULT;
	c->limits = (struct ct_limits){
		.mem_bytes = 1ull << 30, .pids = 1024, .enabled = true
	};
	c->net = CT_NET_NONE;
	snprintf(c->hostname, sizeof(c->hostname), "isolab-ct");
	c->bin_mode = CT_BIN_AUTO;
}

/* 8M for 8 MiB, 1536K for 1.5 MiB, bytes when not whole KiB. */
static int describe_size(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "GMK";

	for (int i = 0; i < 3; i++) {
		unsigned shift = 30 - 10 * (unsigned)i;

		if (bytes % (1ull << shift) == 0)
			return snprintf(buf, len, "%llu%c",
					(unsigned long long)(bytes >> shift),
					units[i]);
	}
	return snprintf(buf, len, "%llu", (unsigned long long)bytes);
}

const char *ct_limits_describe(const struct ct_limits *l, char *buf,
			       unsigned len)
{
	size_t used = 0;
	char size[32];

	buf[0] = '\0';
	if (l->mem_bytes) {
		describe_size(size, sizeof(size), l->mem_bytes);
		used += (size_t)snprintf(buf, len, "mem=%s", size);
	}
	if (l->pids)
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%spids=%llu", used ? "," : "",
					 (unsigned long long)l->pids);
	if (l->cpu_pct)
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%scpu=%u%%", used ? "," : "",
					 (unsigned)l->cpu_pct);
	return buf;
}

const char *ct_ns_describe(unsigned ns, char *buf, unsigned len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(ns_names); i++) {
		if (!(ns & ns_names[i].bit) || strcmp(ns_names[i].name, "mount") == 0)
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? "," : "", ns_names[i].name);
	}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}

int ct_parse_ns(const char *text, unsigned *out, struct err *err)
{
	char list[256];
	unsigned ns = 0;

	if (strcmp(text, "all") == 0) {
		*out = CT_NS_ALL;
		return 0;
	}
	if (strcmp(text, "none") == 0) {
		*out = 0;
		return 0;
	}
	if (strlen(text) >= sizeof(list) || !*text)
		return err_set(err, ERR_USAGE,
			       "--ns wants all, none, or a list like user,pid,mnt");
	snprintf(list, sizeof(list), "%s", text);
	/* strtok_r would skip empty items; "pid,,uts" is a typo to report. */
	for (char *item = list, *next; item; item = next) {
		size_t i, n = ARRAY_SIZE(ns_names);

		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(item, ns_names[i].name) == 0)
				break;
		if (i == n && (strcmp(item, "all") == 0 ||
			       strcmp(item, "none") == 0))
			return err_set(err, ERR_USAGE,
				       "--ns: '%s' stands alone; it cannot be combined with other names ('%s')",
				       item, text);
		if (i == n)
			return err_set(err, ERR_USAGE,
				       "--ns: unknown namespace '%s'; use user, pid, mnt, uts, ipc, net, cgroup, time, all or none",
				       item);
		if (ns & ns_names[i].bit)
			return err_set(err, ERR_USAGE,
				       "--ns: '%s' is named twice in '%s'; name each namespace once",
				       item, text);
		ns |= ns_names[i].bit;
	}
	*out = ns;
	return 0;
}

int ct_parse_size(const char *what, const char *text, uint64_t *out,
		  struct err *err)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!isdigit((unsigned char)*text))
		goto bad;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno)
		goto bad;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	default: goto bad;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if ((*end == 'b' || *end == 'B') && shift)
		end++;
	if (*end || v == 0 || v > (UINT64_MAX >> 1) >> shift)
		goto bad;
	*out = (uint64_t)v << shift;
	return 0;
bad:
	return err_set(err, ERR_USAGE,
		       "%s: '%s' is not a size; use a positive number with an optional K, M or G suffix, e.g. 64M",
		       what, text);
}

static int parse_one_limit(char *item, struct ct_limits *l, struct err *err)
{
	char *eq = strchr(item, '=');
	const char *val;

	if (!eq)
		return err_set(err, ERR_USAGE,
			       "--cgroup: '%s' is not KEY=VALUE; use e.g. mem=64M,pids=32,cpu=50%%",
			       item);
	*eq = '\0';
	val = eq + 1;
	if (strcmp(item, "mem") == 0 || strcmp(item, "memory") == 0) {
		if (ct_parse_size("--cgroup mem", val, &l->mem_bytes, err) < 0)
			return -1;
		if (l->mem_bytes < CT_MEM_MIN_BYTES)
			return err_set(err, ERR_USAGE,
				       "--cgroup mem=%s is below the minimum %uK: the container's workload cannot start in less (its page tables, stack and first pages are charged before its first instruction)",
				       val, CT_MEM_MIN_BYTES >> 10);
		return 0;
	}
	if (strcmp(item, "pids") == 0)
		return parse_count("--cgroup pids", val, 1, 4194304, &l->pids,
				   err);
	if (strcmp(item, "cpu") == 0) {
		size_t n = strlen(val);
		char num[16];
		uint64_t pct;

		if (n < 2 || n >= sizeof(num) || val[n - 1] != '%')
			return err_set(err, ERR_USAGE,
				       "--cgroup cpu: '%s' is not a percentage; use e.g. cpu=50%% (100%% = one CPU)",
				       val);
		memcpy(num, val, n - 1);
		num[n - 1] = '\0';
		if (parse_count("--cgroup cpu (percent)", num, 1, 100000, &pct,
				err) < 0)
			return -1;
		l->cpu_pct = (uint32_t)pct;
		return 0;
	}
	return err_set(err, ERR_USAGE,
		       "--cgroup: unknown limit '%s'; use mem, pids or cpu",
		       item);
}

int ct_parse_limits(const char *text, struct ct_limits *out, struct err *err)
{
	struct ct_limits l = { .enabled = true, .explicit = true };
	char list[256];

	if (strcmp(text, "none") == 0 || strcmp(text, "off") == 0) {
		*out = (struct ct_limits){ .enabled = false };
		return 0;
	}
	if (!*text || strlen(text) >= sizeof(list))
		return err_set(err, ERR_USAGE,
			       "--cgroup wants none or a list like mem=64M,pids=32,cpu=50%%");
	snprintf(list, sizeof(list), "%s", text);
	for (char *item = list, *next; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (parse_one_limit(item, &l, err) < 0)
			return -1;
	}
	*out = l;
	return 0;
}

/* The names of the enum-valued options, in enum order. */
static const char *const seccomp_names[] = {
	[CT_SECCOMP_DEFAULT] = "default",
	[CT_SECCOMP_STRICT] = "strict",
	[CT_SECCOMP_OFF] = "off",
};
static const char *const net_names[] = {
	[CT_NET_NONE] = "none",
	[CT_NET_HOST] = "host",
};
static const char *const bin_names[] = {
	[CT_BIN_AUTO] = "auto",
	[CT_BIN_BIND] = "bind",
	[CT_BIN_COPY] = "copy",
};
static const char *const userns_names[] = {
	[CT_USERNS_REMAP] = "remap",
	[CT_USERNS_HOST_ROOT] = "host-root",
};

static int set_caps(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;

	if (strcmp(value, "default") == 0) {
		c->caps = CT_CAPS_DEFAULT;
		return 0;
	}
	if (strcmp(value, "none") == 0) {
		c->caps = CT_CAPS_NONE;
		c->keep_caps = 0;
		return 0;
	}
	if (strncmp(value, "keep:", 5) == 0) {
		if (ct_caps_parse_list(value + 5, &c->keep_caps, err) < 0)
			return -1;
		c->caps = CT_CAPS_KEEP;
		return 0;
	}
	return err_set(err, ERR_USAGE,
		       "--caps: '%s' is not none, default or keep:CAP,...",
		       value);
}

static void show_caps(const void *config, char *buf, size_t len)
{
	const struct ct_config *c = config;
	char names[512];

	if (c->caps == CT_CAPS_KEEP)
		snprintf(buf, len, "keep:%s",
			 ct_caps_describe(c->keep_caps, names, sizeof(names)));
	else
		snprintf(buf, len, "%s",
			 c->caps == CT_CAPS_NONE ? "none" : "default");
}

static int set_hostname(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;
	size_t n = strlen(value);

	if (n == 0 || n > 64)
		return err_set(err, ERR_USAGE,
			       "--hostname must have 1 to 64 characters");
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)value[i]) && value[i] != '-' &&
		    value[i] != '.')
			return err_set(err, ERR_USAGE,
				       "--hostname '%s': use letters, digits, '-' and '.' only",
				       value);
	if (c->ns_given && !(c->ns & CT_NS_UTS))
		return err_set(err, ERR_USAGE,
			       "--hostname needs a UTS namespace; add uts to --ns");
	snprintf(c->hostname, sizeof(c->hostname), "%s", value);
	c->hostname_given = true;
	c->ns |= CT_NS_UTS;
	return 0;
}

static void show_hostname(const void *config, char *buf, size_t len)
{
	const struct ct_config *c = config;

	snprintf(buf, len, "%s", c->hostname);
}

static int set_net(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;
	int net = option_enum_value("net", net_names, ARRAY_SIZE(net_names),
				    value, err);

	if (net < 0)
		return -1;
	if (net == CT_NET_HOST && c->ns_given && (c->ns & CT_NS_NET))
		return err_set(err, ERR_USAGE,
			       "--net host contradicts a network namespace in --ns; drop net from --ns");
	if (net == CT_NET_NONE && c->ns_given && !(c->ns & CT_NS_NET))
		return err_set(err, ERR_USAGE,
			       "--net none needs a network namespace; add net to --ns");
	c->net = (enum ct_net)net;
	if (net == CT_NET_HOST)
		c->ns &= ~(unsigned)CT_NS_NET;
	else
		c->ns |= CT_NS_NET;
	c->net_given = true;
	return 0;
}

static int set_ns(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;
	unsigned ns;

	if (ct_parse_ns(value, &ns, err) < 0)
		return -1;
	if (c->net_given && c->net == CT_NET_HOST && (ns & CT_NS_NET))
		return err_set(err, ERR_USAGE,
			       "--ns with net contradicts --net host; drop one of them");
	if (c->net_given && c->net == CT_NET_NONE && !(ns & CT_NS_NET))
		return err_set(err, ERR_USAGE,
			       "--net none needs a network namespace; add net to --ns");
	if (c->hostname_given && !(ns & CT_NS_UTS))
		return err_set(err, ERR_USAGE,
			       "--hostname needs a UTS namespace; add uts to --ns");
	if (c->userns_given && !(ns & CT_NS_USER))
		return err_set(err, ERR_USAGE,
			       "--userns needs a user namespace; add user to --ns");
	c->net = (ns & CT_NS_NET) ? CT_NET_NONE : CT_NET_HOST;
	c->ns = ns;
	c->ns_given = true;
	return 0;
}

static void show_ns(const void *config, char *buf, size_t len)
{
	const struct ct_config *c = config;

	if (c->ns == CT_NS_ALL)
		snprintf(buf, len, "all");
	else
		ct_ns_describe(c->ns, buf, (unsigned)len);
}

static int set_cgroup(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;

	return ct_parse_limits(value, &c->limits, err);
}

static void show_cgroup(const void *config, char *buf, size_t len)
{
	const struct ct_config *c = config;

	if (!c->limits.enabled)
		snprintf(buf, len, "none");
	else
		ct_limits_describe(&c->limits, buf, (unsigned)len);
}

static int set_userns(void *config, const char *value, struct err *err)
{
	struct ct_config *c = config;
	int i = option_enum_value("userns", userns_names,
				  ARRAY_SIZE(userns_names), value, err);

	if (i < 0)
		return -1;
	if (c->ns_given && !(c->ns & CT_NS_USER))
		return err_set(err, ERR_USAGE,
			       "--userns needs a user namespace; add user to --ns");
	c->userns = (enum ct_userns)i;
	c->userns_given = true;
	return 0;
}

const struct launcher_option ct_options[] = {
	{ .name = "ns", .arg = "LIST",
	  .help = "namespaces: all (default), none, or a list of user,pid,mnt,uts,ipc,net,cgroup,time",
	  .set = set_ns, .show = show_ns },
	{ .name = "seccomp", .arg = "PROFILE",
	  .help = "default (Docker's, EPERM), strict (only what isolab-workload calls: a --binary's own calls get EPERM, the first is named) or off",
	  LAUNCHER_OPTION_ENUM(struct ct_config, seccomp, seccomp_names) },
	{ .name = "caps", .arg = "SET",
	  .help = "default (Docker's 14), none, or keep:CAP,... (exactly those)",
	  .set = set_caps, .show = show_caps },
	{ .name = "cgroup", .arg = "LIMITS",
	  .help = "mem=SIZE,pids=N,cpu=PCT% (default mem=1G,pids=1024; mem>=512K) or none; given limits apply or the run fails",
	  .set = set_cgroup, .show = show_cgroup },
	{ .name = "net", .arg = "MODE",
	  .help = "none (own netns, loopback only; default) or host",
	  .set = set_net,
	  LAUNCHER_OPTION_ENUM(struct ct_config, net, net_names) },
	{ .name = "hostname", .arg = "NAME",
	  .help = "host name inside the UTS namespace (isolab-ct)",
	  .set = set_hostname, .show = show_hostname },
	{ .name = "rootfs-binary", .arg = "HOW",
	  .help = "auto (default: copy up to 48 MiB, bind bigger ones), bind or copy",
	  LAUNCHER_OPTION_ENUM(struct ct_config, bin_mode, bin_names) },
	{ .name = "userns", .arg = "MODE",
	  .help = "remap (default: as root, container ids 0-65535 are unprivileged host ids) or host-root (container root is host root)",
	  .set = set_userns,
	  LAUNCHER_OPTION_ENUM(struct ct_config, userns, userns_names) },
	{ 0 },
};
