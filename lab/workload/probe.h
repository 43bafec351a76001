/* probe: the `probe` workload. Tries every system call number with
 * arguments that fail validation and reports each raw result on stdout, in
 * the format of lab/proto/probe_proto.h; isolab classifies them (lab/probe/reach.h). */
#ifndef ISOLAB_WORKLOAD_PROBE_H
#define ISOLAB_WORKLOAD_PROBE_H

/* arg: 0 to sweep from number 0, or "N" to resume at N. */
int run_probe(const char *arg);

#endif
