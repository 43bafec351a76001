/* text: bytes isolab does not control (the workload's control lines, a
 * program's file name, what a guest sends) made safe to show.
 *
 * text_escape() copies at most inlen bytes of in (stopping at a NUL) into
 * out for a terminal or a table cell: printable ASCII and valid UTF-8
 * characters stay, every other byte (controls such as ESC, C1 controls,
 * invalid UTF-8) becomes \xNN and a backslash becomes \\, so a workload
 * cannot move the cursor or retitle the terminal through isolab's
 * messages, and the text stays on one line. The result is always
 * NUL-terminated, cut whole at an escape, and "..." marks a cut. It
 * returns out, to be passed straight to printf.
 *
 * utf8_sequence() is the length of the valid UTF-8 encoding of one
 * character at s (overlong forms, surrogates and values past U+10FFFF are
 * invalid), or 0; *cp gets the character. */
#ifndef ISOLAB_TEXT_H
#define ISOLAB_TEXT_H

#include <stddef.h>
#include <stdint.h>

size_t utf8_sequence(const unsigned char *s, size_t avail, uint32_t *cp);
const char *text_escape(char *out, size_t outlen, const char *in,
			size_t inlen);

/* Enough room for text_escape() of n input bytes, each at worst \xNN. */
#define TEXT_ESCAPED_SIZE(n) (4 * (n) + 4)

/* "SIGSEGV", or "signal N" for a number without a name. */
void format_signal(char *buf, size_t len, int sig);

#endif
