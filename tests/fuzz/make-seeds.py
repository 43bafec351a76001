#!/usr/bin/env python3
"""make-seeds.py: writes the seed corpora tests/fuzz/corpus/NAME/.

Run from the repository root after `make` (the ELF seeds are built from a
tiny static program and copied from bin/isolab-guest). The seeds are
committed; rerun this only to change them. Each seed is a well-formed
input the parser accepts, or a near miss, so the fuzzer starts deep."""
import os
import struct
import subprocess
import tempfile

CORPUS = "tests/fuzz/corpus"


def put(name, seed, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, seed), "wb") as f:
        f.write(data)


def tiny_static_elf(pie):
    src = ".globl _start\n_start: mov $60, %eax\n xor %edi, %edi\n syscall\n"
    with tempfile.TemporaryDirectory() as t:
        s, out = os.path.join(t, "t.S"), os.path.join(t, "t")
        open(s, "w").write(src)
        flags = ["-static-pie"] if pie else ["-static", "-no-pie"]
        subprocess.check_call(["gcc", "-nostdlib", "-s", "-Wl,--build-id=none",
                               "-Wl,-z,max-page-size=4096", *flags, "-o", out, s])
        return open(out, "rb").read()


def elf_seeds():
    exe = tiny_static_elf(False)
    pie = tiny_static_elf(True)
    guest = open("bin/isolab-guest", "rb").read()
    for name in ("elf_check", "elf_load"):
        put(name, "static-exe", exe)
        put(name, "static-pie", pie)
        put(name, "guest-kernel", guest)
        put(name, "truncated-header", exe[:40])
        interp = bytearray(exe)  # first program header turned into PT_INTERP
        phoff = struct.unpack_from("<Q", exe, 32)[0]
        struct.pack_into("<I", interp, phoff, 3)
        put(name, "interp", bytes(interp))


def hc(nr, gpa):
    return b"H" + bytes([nr]) + struct.pack("<I", gpa)


def poke(gpa, data):
    return b"P" + struct.pack("<IB", gpa, len(data)) + data


def hypercall_seeds():
    arg, buf = 0x9000, 0x300000
    boot = poke(arg, struct.pack("<Q", 1)) + hc(0, arg)
    put("hypercall", "boot", boot)
    msg = b"ready 1500\nresult calls=10\n"
    put("hypercall", "channel", boot + poke(buf, msg) +
        poke(arg, struct.pack("<QQQq", 3, buf, len(msg), 0)) + hc(1, arg))
    put("hypercall", "write-exit", poke(buf, b"hello\n") +
        poke(arg, struct.pack("<QQQq", 1, buf, 6, 0)) + hc(1, arg) +
        poke(arg, struct.pack("<Q", 7)) + hc(2, arg))
    put("hypercall", "time-sleep", poke(arg, struct.pack("<QQQq", 1, 0, 0, 0)) +
        hc(3, arg) + poke(arg, struct.pack("<Qq", 1000, 0)) + hc(4, arg))
    put("hypercall", "discard", poke(arg, struct.pack("<QQ", 0x300000, 0x2000)) +
        hc(5, arg) + b"S")
    put("hypercall", "fault", poke(arg, struct.pack("<8Q", 0, 14, 4, 0x401000, 0x23,
                                                    0, 0, 0)) + hc(6, arg))
    put("hypercall", "read", poke(arg, struct.pack("<QQQq", 0, buf, 16, 0)) +
        hc(7, arg))
    put("hypercall", "raw-io", b"X" + struct.pack("<BBHII", 1, 4, 0x3f8, 1, arg))


def text_seeds():
    put("channel", "ready-result", b"\x01ready 1500\nresult calls=10\nresult ns=42\n")
    put("channel", "split", b"\x06ready 1\nresult a=b\nresult a=c\n")
    put("channel", "bad", b"\x00hello\nready x\n")
    opts = [(0, 0, b"vfork"), (1, 0, b"user,pid,mnt"), (1, 1, b"strict"),
            (1, 2, b"keep:CAP_NET_ADMIN,CAP_SYS_ADMIN"),
            (1, 3, b"mem=64M,pids=32,cpu=20%"), (1, 4, b"host"),
            (1, 5, b"box"), (1, 6, b"copy"), (2, 0, b"64"),
            (2, 1, b"/nonexistent/guest")]
    for i, (l, o, v) in enumerate(opts):
        put("launcher_options", "opt%d" % i, bytes([l, o]) + v)
    put("launcher_options", "all", b"\0".join(bytes([l, o]) + v for l, o, v in opts))
    argvs = [
        "run --launcher process -n 5 --workload cpu:1000 -f json -o out.json",
        "compare --launcher process,container --phases --timeout 0.5",
        "exec --launcher container --ns user,pid,mnt --cgroup mem=8M,pids=4 -- mem:64",
        "exec --launcher microvm --mem 32 --binary /bin/true -- a b",
        "density --launcher container --count 1,10,100 -t 60",
        "probe --launcher process,microvm --format csv",
        "shell --launcher container --hostname box --net host",
        "run -l process --spawn posix_spawn --warmup 0 -w try:mount",
        "doctor",
    ]
    for i, a in enumerate(argvs):
        put("cli", "argv%d" % i, a.replace(" ", "\0").encode())
    for i, s in enumerate(["10", "0.5", "86400", "18446744073709551616",
                           "cpu:1000", "try:keyctl", "probe", "probe:3",
                           "1e-3", ".5"]):
        put("numparse", "s%d" % i, s.encode())


elf_seeds()
hypercall_seeds()
text_seeds()
