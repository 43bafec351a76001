/* Unit tests: each launcher's isolation checklist (launcher->isolation)
 * follows its config, so changing an option changes the list. */
#include "tests/unit/cmocka_all.h"

#include <string.h>

#include "lab/core/isolation.h"
#include "lab/core/launchers.h"

/* The checklist of launcher `name` with options applied in order
 * (NULL-terminated pairs). */
static struct isolation checklist(const char *name, const char *const *opts)
{
	const struct launcher *l = launcher_find(name);
	char config[8192];
	struct isolation iso;
	struct err e = { 0 };

	assert_non_null(l);
	assert_true(l->config_size <= sizeof(config));
	l->config_init(config);
	for (; opts && opts[0]; opts += 2)
		assert_int_equal(launcher_option_set(l, config, opts[0], opts[1], &e), 0);
	isolation_of(l, config, &iso);
	return iso;
}

static int count(const struct isolation *iso)
{
	int n = 0;

	for (int i = 0; i < ISOLATION_ITEMS; i++)
		n += iso->has[i];
	return n;
}

static void test_process_isolates_nothing(void **state)
{
	struct isolation iso = checklist("process", NULL);
	const char *const vfork[] = { "spawn", "vfork", NULL };

	(void)state;
	assert_int_equal(count(&iso), 0);
	iso = checklist("process", vfork);
	assert_int_equal(count(&iso), 0);
}

static void test_container_default_is_everything_but_a_kernel(void **state)
{
	struct isolation iso = checklist("container", NULL);

	(void)state;
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		assert_int_equal(iso.has[i], i != ISOLATION_OWN_KERNEL &&
						     i != ISOLATION_HW_MEMORY);
}

static void test_container_options_change_the_checklist(void **state)
{
	const char *const bare[] = { "ns", "none", "seccomp", "off", "caps",
				     "keep:chown,dac_override,dac_read_search,fowner,fsetid,kill,setgid,setuid,setpcap,linux_immutable,net_bind_service,net_broadcast,net_admin,net_raw,ipc_lock,ipc_owner,sys_module,sys_rawio,sys_chroot,sys_ptrace,sys_pacct,sys_admin,sys_boot,sys_nice,sys_resource,sys_time,sys_tty_config,mknod,lease,audit_write,audit_control,setfcap,mac_override,mac_admin,syslog,wake_alarm,block_suspend,audit_read,perfmon,bpf,checkpoint_restore",
				     "cgroup", "none", NULL };
	const char *const user_pid[] = { "ns", "user,pid", NULL };
	const char *const user_mnt[] = { "ns", "user,mnt", NULL };
	const char *const no_caps[] = { "ns", "none", "caps", "none", NULL };
	const char *const cpu_only[] = { "cgroup", "cpu=50%", NULL };
	struct isolation iso;

	(void)state;
	iso = checklist("container", bare);
	assert_int_equal(count(&iso), 0);

	iso = checklist("container", user_pid);
	assert_true(iso.has[ISOLATION_USER_NS]);
	assert_true(iso.has[ISOLATION_PID_NS]);
	assert_false(iso.has[ISOLATION_MOUNT_NS]);
	assert_false(iso.has[ISOLATION_OWN_ROOT]); /* no rootfs without mnt */
	assert_false(iso.has[ISOLATION_NET_NS]);

	iso = checklist("container", user_mnt);
	assert_true(iso.has[ISOLATION_MOUNT_NS]);
	assert_true(iso.has[ISOLATION_OWN_ROOT]);
	assert_false(iso.has[ISOLATION_PID_NS]);

	iso = checklist("container", no_caps);
	assert_true(iso.has[ISOLATION_CAPS_DROPPED]);
	assert_true(iso.has[ISOLATION_SECCOMP]);      /* still the default */
	assert_true(iso.has[ISOLATION_CGROUP_LIMITS]); /* still mem=1G */
	assert_int_equal(count(&iso), 3);

	iso = checklist("container", cpu_only);
	assert_true(iso.has[ISOLATION_CGROUP_LIMITS]);
}

static void test_microvm_has_its_own_kernel(void **state)
{
	const char *const mem[] = { "mem", "64", NULL };
	struct isolation iso = checklist("microvm", mem);

	(void)state;
	assert_true(iso.has[ISOLATION_OWN_KERNEL]);
	assert_true(iso.has[ISOLATION_HW_MEMORY]);
	assert_false(iso.has[ISOLATION_PID_NS]);
	assert_false(iso.has[ISOLATION_CGROUP_LIMITS]);
}

static void test_labels(void **state)
{
	(void)state;
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		assert_non_null(isolation_item_label((enum isolation_item)i));
	assert_string_equal(isolation_item_label(ISOLATION_PID_NS),
			    "pid namespace");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_process_isolates_nothing),
		cmocka_unit_test(test_container_default_is_everything_but_a_kernel),
		cmocka_unit_test(test_container_options_change_the_checklist),
		cmocka_unit_test(test_microvm_has_its_own_kernel),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
