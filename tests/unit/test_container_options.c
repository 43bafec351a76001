/* Unit tests: parsing the container launcher's options (container/options.c). */
#include "tests/unit/cmocka_all.h"

#include <string.h>
#include <sys/capability.h>

#include "container/caps.h"
#include "container/options.h"
#include "lab/core/launchers.h"

static int set(struct ct_config *c, const char *opt, const char *val,
	       struct err *e)
{
	memset(e, 0, sizeof(*e));
	return launcher_option_set(&container_launcher, c, opt, val, e);
}

static void expect_usage(struct ct_config *c, const char *opt,
			 const char *val, const char *needle)
{
	struct err e;

	assert_int_equal(set(c, opt, val, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_non_null(strstr(e.msg, needle));
	assert_null(strchr(e.msg, '\n')); /* one line */
}

static void test_defaults(void **state)
{
	struct ct_config c;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(c.ns, CT_NS_ALL);
	assert_int_equal(c.seccomp, CT_SECCOMP_DEFAULT);
	assert_int_equal(c.caps, CT_CAPS_DEFAULT);
	assert_true(c.limits.enabled);
	assert_int_equal(c.limits.mem_bytes, 1ull << 30);
	assert_int_equal(c.limits.pids, 1024);
	assert_int_equal(c.limits.cpu_pct, 0);
	assert_int_equal(c.net, CT_NET_NONE);
	assert_string_equal(c.hostname, "isolab-ct");
}

static void test_ns_good(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(set(&c, "ns", "pid,uts,mnt", &e), 0);
	assert_int_equal(c.ns, CT_NS_PID | CT_NS_UTS | CT_NS_MNT);
	assert_int_equal(c.net, CT_NET_HOST);
	assert_int_equal(set(&c, "ns", "none", &e), 0);
	assert_int_equal(c.ns, 0);
	assert_int_equal(set(&c, "ns", "all", &e), 0);
	assert_int_equal(c.ns, CT_NS_ALL);
	assert_int_equal(set(&c, "ns", "user,pid,mount,uts,ipc,net,cgroup,time", &e), 0);
	assert_int_equal(c.ns, CT_NS_ALL);
}

static void test_ns_bad(void **state)
{
	struct ct_config c;

	(void)state;
	ct_config_init(&c);
	expect_usage(&c, "ns", "pid,foo", "unknown namespace 'foo'");
	expect_usage(&c, "ns", "pid,,uts", "unknown namespace ''");
	expect_usage(&c, "ns", "", "--ns wants");
	expect_usage(&c, "ns", "PID", "unknown namespace");
	/* issue 17: all and none stand alone; a name given twice is a typo */
	expect_usage(&c, "ns", "all,pid", "'all' stands alone");
	expect_usage(&c, "ns", "all,none", "cannot be combined");
	expect_usage(&c, "ns", "pid,none", "'none' stands alone");
	expect_usage(&c, "ns", "pid,uts,pid", "'pid' is named twice");
	expect_usage(&c, "ns", "mnt,mount", "'mount' is named twice");
}

static void test_cgroup_good(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(set(&c, "cgroup", "mem=64M,pids=32,cpu=50%", &e), 0);
	assert_true(c.limits.enabled);
	assert_int_equal(c.limits.mem_bytes, 64ull << 20);
	assert_int_equal(c.limits.pids, 32);
	assert_int_equal(c.limits.cpu_pct, 50);
	assert_int_equal(set(&c, "cgroup", "mem=1G", &e), 0);
	assert_int_equal(c.limits.mem_bytes, 1ull << 30);
	assert_int_equal(c.limits.pids, 0); /* replaced, not merged */
	assert_int_equal(set(&c, "cgroup", "mem=512k", &e), 0);
	assert_int_equal(c.limits.mem_bytes, 512ull << 10);
	assert_int_equal(set(&c, "cgroup", "mem=100MiB", &e), 0);
	assert_int_equal(c.limits.mem_bytes, 100ull << 20);
	assert_int_equal(set(&c, "cgroup", "mem=524288", &e), 0);
	assert_int_equal(c.limits.mem_bytes, CT_MEM_MIN_BYTES);
	assert_true(c.limits.explicit);
	assert_int_equal(set(&c, "cgroup", "cpu=150%", &e), 0);
	assert_int_equal(c.limits.cpu_pct, 150);
	assert_int_equal(set(&c, "cgroup", "none", &e), 0);
	assert_false(c.limits.enabled);
}

/* The defaults may fall back to no cgroup with a note; --cgroup may not. */
static void test_cgroup_explicit(void **state)
{
	struct ct_config c;
	struct err e = { 0 };
	char buf[64];

	(void)state;
	ct_config_init(&c);
	assert_false(c.limits.explicit);
	assert_string_equal(ct_limits_describe(&c.limits, buf, sizeof(buf)),
			    "mem=1G,pids=1024");
	assert_int_equal(set(&c, "cgroup", "pids=4,mem=1536K,cpu=50%", &e), 0);
	assert_true(c.limits.explicit);
	assert_string_equal(ct_limits_describe(&c.limits, buf, sizeof(buf)),
			    "mem=1536K,pids=4,cpu=50%");
}

/* mem=1, 1K and 64K used to fail three different ways, at run time. */
static void test_cgroup_mem_minimum(void **state)
{
	struct ct_config c;

	(void)state;
	ct_config_init(&c);
	expect_usage(&c, "cgroup", "mem=1", "mem=1 is below the minimum 512K");
	expect_usage(&c, "cgroup", "mem=1K", "mem=1K is below the minimum 512K");
	expect_usage(&c, "cgroup", "mem=64K", "mem=64K is below the minimum 512K");
	expect_usage(&c, "cgroup", "mem=256K", "mem=256K is below the minimum 512K");
	expect_usage(&c, "cgroup", "pids=8,mem=255K", "below the minimum");
	expect_usage(&c, "cgroup", "mem=4096", "below the minimum");
}

static void test_cgroup_bad(void **state)
{
	struct ct_config c;

	(void)state;
	ct_config_init(&c);
	expect_usage(&c, "cgroup", "mem=-1", "not a size");
	expect_usage(&c, "cgroup", "mem=0", "not a size");
	expect_usage(&c, "cgroup", "mem=12X", "not a size");
	expect_usage(&c, "cgroup", "mem=", "not a size");
	expect_usage(&c, "cgroup", "mem=99999999999999G", "not a size");
	expect_usage(&c, "cgroup", "pids=abc", "pids");
	expect_usage(&c, "cgroup", "pids=0", "pids");
	expect_usage(&c, "cgroup", "cpu=50", "percentage");
	expect_usage(&c, "cgroup", "cpu=0%", "cpu");
	expect_usage(&c, "cgroup", "cpu=abc%", "cpu");
	expect_usage(&c, "cgroup", "swap=1G", "unknown limit 'swap'");
	expect_usage(&c, "cgroup", "mem", "KEY=VALUE");
	expect_usage(&c, "cgroup", "", "--cgroup wants");
}

static void test_caps(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(set(&c, "caps", "none", &e), 0);
	assert_int_equal(c.caps, CT_CAPS_NONE);
	assert_int_equal(set(&c, "caps", "keep:CAP_SYS_ADMIN,net_raw", &e), 0);
	assert_int_equal(c.caps, CT_CAPS_KEEP);
	assert_int_equal(c.keep_caps,
			 (1ull << CAP_SYS_ADMIN) | (1ull << CAP_NET_RAW));
	assert_int_equal(set(&c, "caps", "default", &e), 0);
	assert_int_equal(c.caps, CT_CAPS_DEFAULT);
	expect_usage(&c, "caps", "keep:CAP_FLY", "unknown capability 'CAP_FLY'");
	expect_usage(&c, "caps", "keep:", "keep:");
	expect_usage(&c, "caps", "keep:CAP_KILL,", "empty");
	expect_usage(&c, "caps", "all", "not none, default or keep");
}

static void test_docker_default_caps(void **state)
{
	uint64_t d = ct_caps_docker_default();
	char buf[512];

	(void)state;
	assert_int_equal(__builtin_popcountll(d), 14);
	assert_true(d & (1ull << CAP_NET_BIND_SERVICE));
	assert_false(d & (1ull << CAP_SYS_ADMIN));
	assert_false(d & (1ull << CAP_NET_ADMIN));
	assert_false(d & (1ull << CAP_SYS_PTRACE));
	ct_caps_describe(d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "chown"));
	assert_non_null(strstr(buf, "setfcap"));
}

static void test_seccomp_and_misc(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(set(&c, "seccomp", "strict", &e), 0);
	assert_int_equal(c.seccomp, CT_SECCOMP_STRICT);
	assert_int_equal(set(&c, "seccomp", "off", &e), 0);
	assert_int_equal(c.seccomp, CT_SECCOMP_OFF);
	expect_usage(&c, "seccomp", "docker", "use default, strict or off");
	assert_int_equal(set(&c, "hostname", "box-1.lab", &e), 0);
	assert_string_equal(c.hostname, "box-1.lab");
	expect_usage(&c, "hostname", "", "1 to 64");
	expect_usage(&c, "hostname", "a b", "letters, digits");
	expect_usage(&c, "hostname",
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		     "1 to 64");
	assert_int_equal(set(&c, "rootfs-binary", "bind", &e), 0);
	assert_int_equal(c.bin_mode, CT_BIN_BIND);
	expect_usage(&c, "rootfs-binary", "link", "auto, bind or copy");
	expect_usage(&c, "spawn", "fork", "does not apply");
	expect_usage(&c, "net", "bridge", "use none or host");
}

static void test_contradictions(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	/* --net host alone drops the default netns. */
	ct_config_init(&c);
	assert_int_equal(set(&c, "net", "host", &e), 0);
	assert_false(c.ns & CT_NS_NET);
	assert_true(c.ns & CT_NS_PID);
	/* ... but not one asked for, in either order. */
	ct_config_init(&c);
	assert_int_equal(set(&c, "ns", "pid,net", &e), 0);
	expect_usage(&c, "net", "host", "contradicts");
	ct_config_init(&c);
	assert_int_equal(set(&c, "net", "host", &e), 0);
	expect_usage(&c, "ns", "net,pid", "contradicts");
	expect_usage(&c, "ns", "all", "contradicts");
	ct_config_init(&c);
	assert_int_equal(set(&c, "ns", "pid", &e), 0);
	expect_usage(&c, "net", "none", "needs a network namespace");
	ct_config_init(&c);
	assert_int_equal(set(&c, "ns", "pid,mnt", &e), 0);
	expect_usage(&c, "hostname", "x", "needs a UTS namespace");
	ct_config_init(&c);
	assert_int_equal(set(&c, "hostname", "x", &e), 0);
	expect_usage(&c, "ns", "none", "needs a UTS namespace");
}

static void test_describe(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(ct_ns_describe(0, buf, sizeof(buf)), "none");
	assert_string_equal(ct_ns_describe(CT_NS_PID | CT_NS_NET, buf,
					   sizeof(buf)), "pid,net");
}

static void test_userns(void **state)
{
	struct ct_config c;
	struct err e;

	(void)state;
	ct_config_init(&c);
	assert_int_equal(c.userns, CT_USERNS_REMAP);
	assert_int_equal(set(&c, "userns", "host-root", &e), 0);
	assert_int_equal(c.userns, CT_USERNS_HOST_ROOT);
	assert_int_equal(set(&c, "userns", "remap", &e), 0);
	assert_int_equal(c.userns, CT_USERNS_REMAP);
	expect_usage(&c, "userns", "auto", "use remap or host-root");
	/* Without a user namespace there is no map, in either order. */
	ct_config_init(&c);
	assert_int_equal(set(&c, "ns", "pid,mnt", &e), 0);
	expect_usage(&c, "userns", "host-root", "add user to --ns");
	ct_config_init(&c);
	assert_int_equal(set(&c, "userns", "host-root", &e), 0);
	expect_usage(&c, "ns", "pid,mnt", "add user to --ns");
	assert_int_equal(set(&c, "ns", "user,pid,mnt", &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ns_good),
		cmocka_unit_test(test_ns_bad),
		cmocka_unit_test(test_cgroup_good),
		cmocka_unit_test(test_cgroup_bad),
		cmocka_unit_test(test_cgroup_explicit),
		cmocka_unit_test(test_cgroup_mem_minimum),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_docker_default_caps),
		cmocka_unit_test(test_seccomp_and_misc),
		cmocka_unit_test(test_contradictions),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_userns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
