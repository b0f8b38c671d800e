"""The walls a grading worker puts up around itself, before the student's module loads.

Loaded by path into the worker (``course/worker.py``) when a class is graded,
after the walls of :mod:`course.sandbox`. Each wall is the kernel's, so no
Python code of the student's can take it down:

- resource limits: address space (a memory bomb fails with MemoryError), the
  size of any file written, the number of open files, CPU seconds, no core file;
- Landlock: writing only in the scratch folder, and, where the worker sees the
  host's file system (the fallback), reading only what it needs;
- seccomp: no new process (threads only), no socket, no ``ptrace`` or reading
  another process's memory, no signals to other processes, no ``setpriority``,
  no devices, FIFOs or extended attributes, no mounts, namespaces or keyrings.
  Each is refused with EPERM, so the student's code sees a PermissionError.

This file imports only the standard library, ``landlock`` and ``pyseccomp``,
which a NumPy exercise's sandbox holds beside NumPy.
"""

import errno
import os
import resource

OPEN_FILES = 256
FILE_BYTES = 64 << 20
TASKS = 512  # processes and threads of the worker's user (not applied to root: see limit_resources)
CPU_SECONDS = 900  # a backstop: each call has its own wall-clock limit, and each submission a budget
REFUSED_CALLS = (
    "fork", "vfork", "execve", "execveat", "socket", "socketpair", "ptrace", "process_vm_readv", "process_vm_writev",
    "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "kill", "tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    "setpriority", "mknod", "mknodat", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
    "fremovexattr", "mount", "umount2", "unshare", "setns", "pivot_root", "chroot", "keyctl", "add_key",
    "request_key", "bpf", "perf_event_open", "userfaultfd", "personality", "io_uring_setup", "kexec_load",
    "init_module", "finit_module", "delete_module", "acct", "swapon", "swapoff", "reboot", "sethostname",
    "setdomainname", "settimeofday", "clock_settime", "adjtimex", "ioperm", "iopl", "quotactl",
    "name_to_handle_at", "open_by_handle_at", "fanotify_init",
    "inotify_init", "inotify_init1", "memfd_create", "shmget", "shmat", "msgget", "semget", "mq_open",
    "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat", "utime", "utimes", "utimensat",
    "futimesat", "ioprio_set", "migrate_pages", "move_pages", "process_madvise", "kcmp",
)  # fmt: skip
# Calls that may act on another process: allowed only on this one (a pid of 0 means "this process").
ONLY_ON_ITSELF = ("prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam", "sched_setattr")
CLONE_THREAD = 0x00010000


def limit_resources(memory_bytes):
    # RLIMIT_NPROC counts the tasks of the worker's user; the kernel does not apply it to root.
    for name, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_FSIZE, FILE_BYTES),
                        (resource.RLIMIT_NOFILE, OPEN_FILES), (resource.RLIMIT_CPU, CPU_SECONDS),
                        (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NPROC, TASKS)):  # fmt: skip
        resource.setrlimit(name, (value, value))


def restrict_files(landlock, read, write):
    """Landlock: read (and run) only under ``read`` (None: anything the worker can see), write only under ``write``."""
    access = landlock.FSAccess
    files = access.READ_FILE | access.EXECUTE
    ruleset = landlock.Ruleset()
    for path in read if read is not None else ["/"]:  # a file takes no folder rights: the kernel refuses them
        ruleset.allow(path, rules=files | access.READ_DIR if os.path.isdir(path) else files)
    for path in write:  # a folder (scratch) with every right, or a file (/dev/null) with a file's
        ruleset.allow(path, rules=None if os.path.isdir(path) else files | access.WRITE_FILE)
    ruleset.apply()


def refuse_calls(seccomp):
    """seccomp: the calls of :data:`REFUSED_CALLS` fail with EPERM; ``clone`` only makes threads."""
    refused = seccomp.ERRNO(errno.EPERM)
    syscalls = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in REFUSED_CALLS:
        try:
            syscalls.add_rule(refused, name)
        except (OSError, ValueError):  # not a call of this architecture
            pass
    syscalls.add_rule(refused, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    myself = os.getpid()
    for name in ONLY_ON_ITSELF:
        syscalls.add_rule(refused, name, seccomp.Arg(0, seccomp.GT, 0))  # pid 0 is "this process"
    for name in ("tgkill",):  # a signal to a thread: of this process only
        syscalls.add_rule(refused, name, seccomp.Arg(0, seccomp.NE, myself))
    # clone3 passes its flags in memory, where a filter cannot look: ENOSYS makes glibc use clone.
    syscalls.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    syscalls.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, should another exist
    syscalls.load()


def confine(memory_bytes, read, write):
    """Puts up every wall, in an order that lets each one go up: the libraries first (pyseccomp runs
    ldconfig to find libseccomp), seccomp last."""
    import landlock
    import pyseccomp

    threads = os.listdir("/proc/self/task")
    if len(threads) != 1:  # Landlock would hold only this one
        raise RuntimeError(f"the walls must go up before any thread starts; {len(threads)} run already")
    limit_resources(memory_bytes)
    restrict_files(landlock, read, write)
    refuse_calls(pyseccomp)
