#include "lab/host/text.h"

#include <stdio.h>
#include <string.h>

size_t utf8_sequence(const unsigned char *s, size_t avail, uint32_t *cp)
{
	static const uint32_t min_of_len[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len;
	uint32_t c;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (avail < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min_of_len[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Whether one character shows as itself: not a C0/C1 control or DEL. */
static int shows_as_itself(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
	       cp != '\\';
}

/* One character of s[i..n) as shown: itself, or \xNN for one byte.
 * Sets *used to the input bytes it took; returns the piece's length. */
static size_t escape_piece(const unsigned char *s, size_t n, size_t i,
			   char piece[8], size_t *used)
{
	uint32_t cp = 0;
	size_t len = utf8_sequence(s + i, n - i, &cp);

	if (len && shows_as_itself(cp)) {
		memcpy(piece, s + i, len);
		*used = len;
		return len;
	}
	*used = 1;
	if (s[i] == '\\')
		return (size_t)snprintf(piece, 8, "\\\\");
	return (size_t)snprintf(piece, 8, "\\x%02x", s[i]);
}

const char *text_escape(char *out, size_t outlen, const char *in,
			size_t inlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strnlen(in, inlen), total = 0, used = 0, took;
	char piece[8];

	if (outlen == 0)
		return out;
	for (size_t i = 0; i < n; i += took)
		total += escape_piece(s, n, i, piece, &took);
	/* When it does not all fit, keep room for the "..." that says so. */
	size_t room = total < outlen ? outlen - 1 : (outlen > 4 ? outlen - 4 : 0);

	for (size_t i = 0; i < n; i += took) {
		size_t plen = escape_piece(s, n, i, piece, &took);

		if (used + plen > room)
			break;
		memcpy(out + used, piece, plen);
		used += plen;
	}
	snprintf(out + used, outlen - used, "%s", total < outlen ? "" : "...");
	return out;
}

void format_signal(char *buf, size_t len, int sig)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", sig);
}
