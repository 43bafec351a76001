#include "lab/workload/procstatus.h"

#include "lab/workload/out.h"

const char *proc_field(const char *path, const char *field,
		       unsigned long *len)
{
	static char buf[4096];
	long fd = sys2(SYS_open, path, 0);
	long n;

	if (fd < 0)
		return 0;
	n = sys3(SYS_read, fd, buf, sizeof(buf) - 1);
	sys1(SYS_close, fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (const char *p = buf; *p; p++) {
		const char *v = (p == buf || p[-1] == '\n') ? str_after(p, field)
							    : 0;
		size_t l = 0;

		if (!v || *v != ':')
			continue;
		for (v++; *v == ' ' || *v == '\t'; v++)
			;
		while (v[l] && v[l] != '\n')
			l++;
		*len = l;
		return v;
	}
	return 0;
}

const char *proc_status_field(const char *field, unsigned long *len)
{
	return proc_field("/proc/self/status", field, len);
}
