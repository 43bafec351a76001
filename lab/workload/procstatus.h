/* procstatus: one field of /proc/self/status (or a file like it), for the workloads that
 * report on themselves. There is no /proc in the micro-VM: callers treat
 * a missing field as "unknown", never as an error. */
#ifndef ISOLAB_WORKLOAD_PROCSTATUS_H
#define ISOLAB_WORKLOAD_PROCSTATUS_H

/* The value of "field:" (leading blanks skipped, up to the end of its
 * line, not included), or 0 when /proc or the field is not there. The text
 * lives in a static buffer until the next call. */
const char *proc_status_field(const char *field, unsigned long *len);
/* The same for another "Field:  value" file, e.g. /proc/self/smaps_rollup. */
const char *proc_field(const char *path, const char *field,
		       unsigned long *len);

#endif
