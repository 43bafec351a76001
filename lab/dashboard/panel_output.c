/* panel_output: the last lines of what the latest run printed (for
 * `hello`: pid, hostname, kernel as seen inside: host vs guest). */
#include "lab/dashboard/panels.h"

#include <string.h>

void panel_output_draw(const struct panel_ctx *p)
{
	const char *out = p->col->run.output;
	const char *lines[64];
	int n = 0, y = panel_title(p, "output of the last run");
	int rows = p->r.y + p->r.h - y;

	if (rows <= 0)
		return;
	for (const char *s = out; *s && n < 64; n++) {
		lines[n] = s;
		s = strchr(s, '\n');
		if (!s)
			break;
		s++;
	}
	if (n && !*lines[n - 1])
		n--;
	for (int i = n > rows ? n - rows : 0; i < n; i++) {
		const char *nl = strchr(lines[i], '\n');
		size_t len = nl ? (size_t)(nl - lines[i]) : strlen(lines[i]);
		char buf[256];

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, lines[i], len);
		buf[len] = '\0';
		canvas_text(p->cv, p->r.x, y++, p->r.w, ST_DIM, buf);
	}
}
