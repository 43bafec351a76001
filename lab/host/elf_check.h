/* elf_check: is this file a program every launcher can run?
 * isolab runs static x86-64 ELF executables only: no dynamic loader can be
 * assumed inside a from-scratch container or the micro-VM's guest. A
 * static-pie (a dynamic section but no interpreter and no library to
 * load) is static in that sense: it relocates itself. */
#ifndef ISOLAB_ELF_CHECK_H
#define ISOLAB_ELF_CHECK_H

#include "lab/host/err.h"

/* 0 if path is a static x86-64 ELF executable; otherwise -1 with a message
 * saying what is wrong: ERR_NOT_FOUND when it does not exist,
 * ERR_NOT_RUNNABLE when it is unreadable, not ELF, for another machine,
 * dynamically linked or not executable. */
int elf_check_static_x86_64(const char *path, struct err *err);

#endif
