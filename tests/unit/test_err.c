/* Unit test: lab/host/err.h. err_prefix() puts context in front of an error
 * without losing it, even when err->msg is among its own arguments (the
 * bug container/shell.c had), and errno travels in err->errnum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "lab/host/err.h"

static void prefix_keeps_cause_kind_and_errno(void **state)
{
	struct err err = { 0 };

	(void)state;
	errno = ENOENT;
	assert_int_equal(err_sys(&err, "open %s", "/dev/kvm"), -1);
	assert_int_equal(err.errnum, ENOENT);
	err.kind = ERR_USAGE;
	assert_int_equal(err_prefix(&err, "the micro-VM needs %s", "KVM"), -1);
	assert_string_equal(err.msg,
			    "the micro-VM needs KVM: open /dev/kvm: No such file or directory");
	assert_int_equal(err.kind, ERR_USAGE);
	assert_int_equal(err.errnum, ENOENT);
}

static void prefix_may_read_its_own_message(void **state)
{
	struct err err = { 0 };

	(void)state;
	err_set(&err, ERR_RUNTIME, "cause");
	err_prefix(&err, "[%s]", err.msg);
	assert_string_equal(err.msg, "[cause]: cause");
}

static void prefix_of_nothing_is_the_context(void **state)
{
	struct err err = { 0 };

	(void)state;
	err_prefix(&err, "context %d", 1);
	assert_string_equal(err.msg, "context 1");
	assert_int_equal(err.kind, ERR_RUNTIME);
}

static void err_set_clears_errnum(void **state)
{
	struct err err = { .errnum = EACCES };

	(void)state;
	err_set(&err, ERR_USAGE, "bad");
	assert_int_equal(err.errnum, 0);
}

static void long_prefix_truncates_without_overflow(void **state)
{
	struct err err = { 0 };
	char big[1000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&err, ERR_RUNTIME, "cause");
	err_prefix(&err, "%s", big);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefix_keeps_cause_kind_and_errno),
		cmocka_unit_test(prefix_may_read_its_own_message),
		cmocka_unit_test(prefix_of_nothing_is_the_context),
		cmocka_unit_test(err_set_clears_errnum),
		cmocka_unit_test(long_prefix_truncates_without_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
