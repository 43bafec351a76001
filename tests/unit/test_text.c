/* text_escape() and utf8_sequence(): what a hostile workload's bytes become
 * in isolab's messages and tables. */
#include "tests/unit/cmocka_all.h"

#include <string.h>

#include "lab/host/text.h"

static const char *esc(const char *in)
{
	static char buf[TEXT_ESCAPED_SIZE(64)];

	return text_escape(buf, sizeof(buf), in, 64);
}

static void controls_and_invalid_bytes_become_hex(void **state)
{
	(void)state;
	assert_string_equal(esc("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
	assert_string_equal(esc("a\nb\rc\x7f"), "a\\x0ab\\x0dc\\x7f");
	assert_string_equal(esc("\xff\xfe"), "\\xff\\xfe");
	assert_string_equal(esc("back\\slash"), "back\\\\slash");
	/* C1 CSI (U+009B, valid UTF-8) moves cursors on some terminals. */
	assert_string_equal(esc("\xc2\x9b" "2J"), "\\xc2\\x9b2J");
	/* An overlong ESC is not ESC in disguise: both bytes escaped. */
	assert_string_equal(esc("\xc0\x9b"), "\\xc0\\x9b");
}

static void printable_text_and_utf8_stay(void **state)
{
	(void)state;
	assert_string_equal(esc("cpu:1000 µs ✓"), "cpu:1000 µs ✓");
	assert_string_equal(esc(""), "");
}

static void long_input_is_cut_whole_and_marked(void **state)
{
	char out[12];

	(void)state;
	text_escape(out, sizeof(out), "\x1b\x1b\x1b\x1b", 4);
	assert_string_equal(out, "\\x1b\\x1b...");
	text_escape(out, sizeof(out), "abcdefghijk", 99);
	assert_string_equal(out, "abcdefghijk");
	text_escape(out, sizeof(out), "abcdefghijkl", 99);
	assert_string_equal(out, "abcdefgh...");
	/* inlen bounds the input: the rest of a line is not read. */
	text_escape(out, sizeof(out), "abcdef", 3);
	assert_string_equal(out, "abc");
}

static void utf8_sequence_rejects_what_rfc3629_forbids(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_sequence((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xc3", 1, &cp), 0);
	assert_int_equal(utf8_sequence((const unsigned char *)"\x80", 1, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(controls_and_invalid_bytes_become_hex),
		cmocka_unit_test(printable_text_and_utf8_stay),
		cmocka_unit_test(long_input_is_cut_whole_and_marked),
		cmocka_unit_test(utf8_sequence_rejects_what_rfc3629_forbids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
