/* elf_check: is this file a program every launcher can run?
 * isolab runs static x86-64 ELF executables only: no dynamic loader can be
 * assumed inside a from-scratch container or the micro-VM's guest. */
#ifndef ISOLAB_ELF_CHECK_H
#define ISOLAB_ELF_CHECK_H

#include "lab/err.h"

/* 0 if path is a static x86-64 ELF executable; otherwise -1 with a message
 * saying what is wrong (missing, not ELF, wrong machine, dynamic). */
int elf_check_static_x86_64(const char *path, struct err *err);

#endif
