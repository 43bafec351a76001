LAUNCHERS += container
LAUNCHER_SRCS += $(wildcard container/*.c)

# The default seccomp profile's filter, compiled once when isolab is built
# (container/gen/seccomp_default.c says why). Its tool links only what a
# session compiles with, never the file that includes its output.
CT_SECCOMP_GEN := $(BUILD)/gen/seccomp_default
CT_SECCOMP_HEADER := $(BUILD)/gen/ct_seccomp_default.h
$(CT_SECCOMP_GEN): $(BUILD)/container/gen/seccomp_default.o $(BUILD)/container/seccomp.o \
		$(BUILD)/container/caps.o $(BUILD)/lab/host/err.o $(BUILD)/lab/host/procfs.o
	$(CC) $(SANFLAGS) -o $@ $^ -lseccomp -lcap
$(CT_SECCOMP_HEADER): $(CT_SECCOMP_GEN)
	$(CT_SECCOMP_GEN) >$@.tmp && mv $@.tmp $@
$(BUILD)/container/seccomp_prebuilt.o: $(CT_SECCOMP_HEADER)
