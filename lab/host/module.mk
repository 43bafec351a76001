# lab/host (layer 1): the host's facts and small system helpers: /proc and
# cgroup files, ELF checks, paths, atomic files, errors as values, text.
LAB_SRCS += \
	lab/host/atomic_file.c \
	lab/host/cpu_nudge.c \
	lab/host/elf_check.c \
	lab/host/err.c \
	lab/host/exit_peak.c \
	lab/host/hostinfo.c \
	lab/host/kmem.c \
	lab/host/ns_advice.c \
	lab/host/ns_cause.c \
	lab/host/numparse.c \
	lab/host/orphans.c \
	lab/host/output_target.c \
	lab/host/paths.c \
	lab/host/proc_census.c \
	lab/host/procfs.c \
	lab/host/short_child.c \
	lab/host/syscall_table.c \
	lab/host/text.c \
	lab/host/thread_stacks.c \
	lab/host/try_cgroup.c \
	lab/host/try_kvm.c \
	lab/host/try_namespaces.c \
	lab/host/virt_detect.c
