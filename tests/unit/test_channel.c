/* channel: the workload's control lines, arriving in any pieces, and what a
 * broken or hostile workload can send. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "lab/core/channel.h"

static struct launch_result res;

static int feed(struct channel *ch, const char *text, uint64_t now)
{
	struct err err = { 0 };

	return channel_feed(ch, text, strlen(text), now, &res, &err);
}

static void ready_and_results_in_pieces(void **state)
{
	struct channel ch;

	(void)state;
	memset(&res, 0, sizeof(res));
	res.tl.request_ns = 100;
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "rea", 200), 0);
	assert_int_equal(feed(&ch, "dy 150\nresult checksum=ab", 200), 0);
	assert_int_equal(res.tl.ready_ns, 150); /* its own stamp is trusted */
	assert_null(launch_result_get(&res, "checksum"));
	assert_int_equal(feed(&ch, "cd\nresult checksum=ef\n", 300), 0);
	assert_string_equal(launch_result_get(&res, "checksum"), "ef");
	assert_int_equal(res.nresults, 1);
}

static void stamps_from_another_clock_are_replaced(void **state)
{
	struct channel ch;

	(void)state;
	memset(&res, 0, sizeof(res));
	res.tl.request_ns = 1000;
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "ready 5\n", 2000), 0); /* before request */
	assert_int_equal(res.tl.ready_ns, 2000);
	memset(&res, 0, sizeof(res));
	res.tl.request_ns = 1000;
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "ready 2500\n", 2000), 0); /* after arrival */
	assert_int_equal(res.tl.ready_ns, 2000);
}

static void hostile_lines_are_errors(void **state)
{
	char long_line[WORKLOAD_LINE_MAX + 10];
	struct channel ch;

	(void)state;
	memset(&res, 0, sizeof(res));
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "hello\n", 1), -1);
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "ready x\n", 1), -1);
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "ready 1\nready 1\n", 1), -1);
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "result novalue\n", 1), -1);
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, "result k=\x01\n", 1), -1);
	memset(long_line, 'a', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	channel_init(&ch, NULL);
	assert_int_equal(feed(&ch, long_line, 1), -1);
	channel_init(&ch, NULL);
	for (int i = 0; i < LAUNCH_MAX_RESULTS; i++) {
		char line[32];

		snprintf(line, sizeof(line), "result k%d=1\n", i);
		assert_int_equal(feed(&ch, line, 1), 0);
	}
	assert_int_equal(feed(&ch, "result one_too_many=1\n", 1), -1);
}

/* The error quotes what the workload sent, but never its raw control
 * bytes: a workload must not write escape sequences to isolab's stderr. */
static void quoted_lines_are_escaped(void **state)
{
	static const char *const lines[] = {
		"\x1b]0;pwned\x07\x1b[2J\n",
		"ready \x1b[2J\n",
		"result \x1b[31m=1\n",
		"result k=\x1b[31m\n",
	};
	struct channel ch;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct err err = { 0 };

		memset(&res, 0, sizeof(res));
		channel_init(&ch, NULL);
		assert_int_equal(channel_feed(&ch, lines[i], strlen(lines[i]), 1,
					      &res, &err), -1);
		if (strchr(err.msg, '\x1b') || strchr(err.msg, '\x07') ||
		    !strstr(err.msg, "\\x1b"))
			fail_msg("line %zu: %s", i, err.msg);
	}
}

static void phases_add_up_to_startup(void **state)
{
	struct timeline tl = { .request_ns = 1000, .ready_ns = 9000 };
	struct phase_span spans[8];
	uint64_t sum = 0;
	int n;

	(void)state;
	timeline_mark_at(&tl, "clone", 3000);
	timeline_mark_at(&tl, "exec", 10000); /* seen after ready */
	n = timeline_phases(&tl, spans, 8);
	assert_int_equal(n, 3);
	assert_string_equal(spans[0].name, "clone");
	assert_int_equal(spans[0].ns, 2000);
	assert_int_equal(spans[1].ns, 6000);
	assert_int_equal(spans[2].ns, 0);
	for (int i = 0; i < n; i++)
		sum += spans[i].ns;
	assert_int_equal(sum, tl.ready_ns - tl.request_ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ready_and_results_in_pieces),
		cmocka_unit_test(stamps_from_another_clock_are_replaced),
		cmocka_unit_test(hostile_lines_are_errors),
		cmocka_unit_test(quoted_lines_are_escaped),
		cmocka_unit_test(phases_add_up_to_startup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
