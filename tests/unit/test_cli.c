/* cli: what a user types, and what isolab makes of it. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/cli/cli.h"
#include "lab/cli/commands.h"
#include "lab/cli/usage.h"
#include "process/process.h"

#define ARGV(...) ((char *[]){ "isolab", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "isolab", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(cli, err, ...) cli_parse(cli, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), err)

/* getopt's forms: -n3, -lprocess, next to -n 3 and --reps=3. */
static void short_options_take_attached_values(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "run", "-lprocess", "-n3", "-t2",
			       "-fcsv"),
			 0);
	assert_true(cli.selected[0] && !cli.selected[1] && !cli.selected[2]);
	assert_int_equal(cli.reps, 3);
	assert_int_equal(cli.timeout_ns, 2000000000ull);
	assert_int_equal(cli.out.format, FORMAT_CSV);
	cli_free(&cli);
}

static void timeout_none_is_no_limit(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "exec", "-l", "process",
			       "--timeout", "none", "--", "noop"),
			 0);
	assert_int_equal(cli.timeout_ns, 0);
	cli_free(&cli);
	assert_int_equal(PARSE(&cli, &err, "density", "-l", "process",
			       "--timeout", "0"),
			 0);
	assert_int_equal(cli.timeout_ns, 0);
	cli_free(&cli);
	assert_int_equal(PARSE(&cli, &err, "density", "-l", "process"), 0);
	assert_int_equal(cli.timeout_ns, 60000000000ull);
	cli_free(&cli);
}

static void shell_defaults_to_container_and_takes_a_command(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "shell", "--", "echo", "hi"), 0);
	assert_true(!cli.selected[0] && cli.selected[1] && !cli.selected[2]);
	assert_int_equal(cli.ntail, 2);
	assert_string_equal(cli.tail[0], "echo");
	cli_free(&cli);
}

static void run_with_everything(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "run", "--launcher", "process",
			       "--workload", "cpu:500", "-n", "7", "--warmup",
			       "0", "--timeout", "2.5", "--format=json",
			       "--output", "r.json", "--spawn", "vfork"),
			 0);
	assert_int_equal(cli.command, CMD_RUN);
	assert_true(cli.selected[0] && !cli.selected[1] && !cli.selected[2]);
	assert_string_equal(cli.workload, "cpu:500");
	assert_int_equal(cli.reps, 7);
	assert_int_equal(cli.warmup, 0);
	assert_int_equal(cli.timeout_ns, 2500000000ull);
	assert_int_equal(cli.out.format, FORMAT_JSON);
	assert_string_equal(cli.output_path, "r.json");
	assert_int_equal(((struct process_config *)cli.config[0])->spawn,
			 SPAWN_VFORK);
	cli_free(&cli);
}

static void defaults(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "run", "-l", "process"), 0);
	assert_string_equal(cli.workload, "noop");
	assert_int_equal(cli.reps, 10);
	assert_int_equal(cli.warmup, 1);
	assert_int_equal(cli.timeout_ns, 10000000000ull);
	assert_int_equal(cli.out.format, FORMAT_TABLE);
	assert_int_equal(((struct process_config *)cli.config[0])->spawn,
			 SPAWN_FORK);
	cli_free(&cli);
}

static void compare_selects_every_launcher(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "compare"), 0);
	assert_true(cli.selected[0] && cli.selected[1] && cli.selected[2]);
	cli_free(&cli);
}

static void probe_selects_every_launcher_or_a_list(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "probe", "--format", "json", "-o",
			       "p.json"),
			 0);
	assert_int_equal(cli.command, CMD_PROBE);
	assert_true(cli.selected[0] && cli.selected[1] && cli.selected[2]);
	assert_int_equal(cli.out.format, FORMAT_JSON);
	assert_string_equal(cli.output_path, "p.json");
	cli_free(&cli);
	assert_int_equal(PARSE(&cli, &err, "probe", "-l", "process,microvm"), 0);
	assert_true(cli.selected[0] && !cli.selected[1] && cli.selected[2]);
	cli_free(&cli);
}

static void exec_takes_the_workload_after_dashes(void **state)
{
	struct cli cli;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(PARSE(&cli, &err, "exec", "--launcher", "process",
			       "--", "cpu:10"),
			 0);
	assert_int_equal(cli.ntail, 1);
	assert_string_equal(cli.tail[0], "cpu:10");
	cli_free(&cli);
}

/* Each bad command line: exit 2 and a message naming the culprit. */
static void expect_usage(const char *needle, int argc, char **argv)
{
	struct cli cli;
	struct err err = { 0 };

	assert_int_equal(cli_parse(&cli, argc, argv, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	if (!strstr(err.msg, needle))
		fail_msg("message '%s' does not mention '%s'", err.msg, needle);
	cli_free(&cli);
}
#define EXPECT_USAGE(needle, ...) expect_usage(needle, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void bad_input(void **state)
{
	(void)state;
	EXPECT_USAGE("frob", "frob");
	EXPECT_USAGE("jail", "run", "--launcher", "jail");
	EXPECT_USAGE("abc", "run", "-l", "process", "-n", "abc");
	EXPECT_USAGE("'0'", "run", "-l", "process", "-n", "0");
	EXPECT_USAGE("-5", "run", "-l", "process", "-n", "-5");
	EXPECT_USAGE("184467440737095516160", "run", "-l", "process", "-n",
		     "184467440737095516160");
	EXPECT_USAGE("cpu", "run", "-l", "process", "--workload", "cpu:");
	EXPECT_USAGE("x", "run", "-l", "process", "--workload", "mem:x");
	EXPECT_USAGE("nope", "run", "-l", "process", "--workload", "nope");
	EXPECT_USAGE("--launcher", "run");
	EXPECT_USAGE("--spawn", "run", "-l", "process", "--spawn");
	EXPECT_USAGE("clone", "run", "-l", "process", "--spawn", "clone");
	EXPECT_USAGE("xml", "run", "-l", "process", "--format", "xml");
	EXPECT_USAGE("--phases", "exec", "-l", "process", "--phases", "--", "noop");
	EXPECT_USAGE("one launcher", "run", "-l", "process,microvm");
	EXPECT_USAGE("--binary", "run", "-l", "process", "--", "x");
	EXPECT_USAGE("exclude", "run", "-l", "process", "--workload", "cpu:1",
		     "--binary", "/bin/x");
	EXPECT_USAGE("workload after --", "exec", "-l", "process");
	EXPECT_USAGE("--timeout", "run", "-l", "process", "--timeout", "-1");
	/* Found by tests/fuzz/numparse.c: rounds to a timeout of 0 ns. */
	EXPECT_USAGE("0.000000001", "run", "-l", "process", "--timeout",
		     "0.0000000001");
	EXPECT_USAGE("--workload", "probe", "--workload", "noop");
	EXPECT_USAGE("-n", "probe", "-n", "3");
	EXPECT_USAGE("probe:N", "run", "-l", "process", "--workload", "probe:99999");
	EXPECT_USAGE("probe", "run", "-l", "process", "--workload", "probe:x");
	/* issue 17 */
	expect_usage("usage: isolab COMMAND", 1, (char *[]){ "isolab", NULL });
	EXPECT_USAGE("empty item", "density", "-l", "process", "--count", "1,,2");
	EXPECT_USAGE("empty item", "density", "-l", "process", "--count", "1,");
	EXPECT_USAGE("--launcher needs a value", "compare", "--launcher", "");
	EXPECT_USAGE("empty item", "compare", "--launcher", "process,");
	EXPECT_USAGE("named twice", "run", "-l", "container", "--ns", "pid,pid");
	EXPECT_USAGE("cannot be combined", "run", "-l", "container", "--ns",
		     "all,none");
	EXPECT_USAGE("cannot be combined", "run", "-l", "container", "--ns",
		     "pid,none");
	EXPECT_USAGE("at least 0.01", "run", "-l", "process", "--timeout",
		     "0.0005");
	EXPECT_USAGE("no arguments", "doctor", "extra");
	EXPECT_USAGE("no arguments", "doctor", "--", "extra");
	EXPECT_USAGE("text or json", "doctor", "--format", "csv");
	EXPECT_USAGE("after --", "exec", "-l", "process", "--workload", "noop");
	EXPECT_USAGE("container only", "shell", "-l", "process");
	EXPECT_USAGE("unknown option '-hx'", "run", "-hx");
}

/* One table drives help and the messages that list the commands: each
 * command is on its own line of isolab --help and in the usage errors. */
static void every_command_is_listed(void **state)
{
	struct err err = { 0 };
	struct cli cli;
	char *help = NULL, line[64];
	size_t len = 0;
	FILE *f = open_memstream(&help, &len);

	(void)state;
	assert_non_null(f);
	cli_print_help(f, CMD_NONE);
	fclose(f);
	assert_int_equal(PARSE(&cli, &err, "nosuch"), -1);
	cli_free(&cli);
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];

		snprintf(line, sizeof(line), "\n  %-9s %s", c->name,
			 c->summary);
		assert_non_null(strstr(help, line));
		assert_non_null(strstr(err.msg, c->name));
		/* parsed by cli_parse, or by itself: one or the other */
		assert_true((c->run != NULL) != (c->main != NULL));
		assert_true(c->run ? c->id != CMD_NONE && c->usage
				   : c->id == CMD_NONE);
	}
	free(help);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_with_everything),
		cmocka_unit_test(short_options_take_attached_values),
		cmocka_unit_test(timeout_none_is_no_limit),
		cmocka_unit_test(shell_defaults_to_container_and_takes_a_command),
		cmocka_unit_test(defaults),
		cmocka_unit_test(compare_selects_every_launcher),
		cmocka_unit_test(probe_selects_every_launcher_or_a_list),
		cmocka_unit_test(exec_takes_the_workload_after_dashes),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(every_command_is_listed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
