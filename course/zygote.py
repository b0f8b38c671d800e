"""The warm parent of a grading process's workers: it loads once what they all need, then forks them.

``course/forking.py`` starts one zygote per grading process and kind of exercise,
inside the sandbox of ``course/sandbox.py``. The zygote imports what every worker
of its kind needs: NumPy and the confinement's modules, and for a Keras exercise
TensorFlow, Keras and the Keras drivers. Then, for each worker the grader asks
for, it forks a child, which becomes that worker (``course/worker.py``'s ``main``):
it puts up its walls around a scratch folder of its own and answers the grader's
requests. A fork takes milliseconds where a fresh worker took seconds.

A child has a copy of all of the zygote's memory, so the zygote never holds
anything secret. It receives only "fork" and "kill" requests, each child's pipes
with its fork request, which it hands on unread; the child's start message, the
submission's files and every check travel from the grader to the child on those
pipes. No hidden test, expected value, result or submission passes through here.
Nor can a child leave anything for the next one: a module or a global changes
the child's copy only; its scratch folder is removed when it ends; it holds no
descriptor of the zygote's or another child's; its walls let it write nowhere else.

Requests and replies are JSON, one per datagram of a ``SOCK_SEQPACKET`` socket, the
*connection*: first the one that is this process's stdin, then any that arrive on it.

- grader to zygote: ``{"op": "fork", "id": n}`` with the child's three pipe ends
  (requests, replies, prints) as the datagram's descriptors, and ``{"op": "kill", "id": n}``;
  ``{"op": "connect"}`` with a socket as its descriptor: a further connection, for
  another grading process checking the same submission (``course/teacher/grade.py``);
- zygote to grader: ``{"op": "ended", "id": n, "status": s}``, ``s`` as ``Popen.returncode``,
  on the connection that asked for the child (ids are each connection's own).

The first datagram says how to make children: ``{"keras", "read", "scratch", "only_installed"}``.
When a connection closes, the zygote kills the children it asked for; when the last one
closes, it ends. Like the worker, this file imports nothing from the project by name: it
loads ``worker.py`` by path.
"""

import contextlib
import ctypes
import importlib.util
import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import traceback
from pathlib import Path

PR_SET_DUMPABLE = 4


def load_worker():
    spec = importlib.util.spec_from_file_location("_worker", Path(__file__).with_name("worker.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def not_dumpable():
    """Neither the zygote nor its children (who inherit this) can have their memory read through
    /proc/PID/mem, or be traced, by another process of the same user: a child by its siblings."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def readable_here(scratch):
    """Inside bubblewrap, what a child may read: every top-level folder of its world but ``scratch``,
    where the other children's scratch folders are (its own is added to this)."""
    return sorted(f"/{name}" for name in os.listdir("/") if f"/{name}" != scratch)


def send(control, message):
    control.send(json.dumps(message).encode())


def become_worker(worker, connections, wake, fds, scratch, forked):
    """In a forked child: the child's pipes become its stdin, stdout and stderr, the zygote's own
    descriptors close, and it runs as a worker until the grader closes its requests. Never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for connection in connections:
            connection.close()
        for fd in wake:
            os.close(fd)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        worker.main({**forked, "scratch": scratch})
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        os._exit(code)


def main():
    control = socket.socket(fileno=os.dup(0))
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    config = json.loads(control.recv(1 << 20))
    sys.path.insert(0, str(Path(__file__).parent.parent))  # the engine: the Keras drivers import the zoo
    worker = load_worker()
    import landlock  # noqa: F401  the confinement's modules: each child would import them again
    import numpy  # noqa: F401
    import pyseccomp  # noqa: F401

    drivers = None
    if config["keras"]:
        worker.import_tensorflow_quietly()
        drivers = worker.load_drivers(True)
    not_dumpable()
    forked = {"read": config["read"] or readable_here(config["scratch"]), "drivers": drivers,
              "only_installed": config["only_installed"]}
    wake = os.pipe()
    os.set_blocking(wake[1], False)
    signal.set_wakeup_fd(wake[1])
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    connections = [control]
    children = {}  # pid -> (its connection, its id there, its scratch folder)
    try:
        while connections:
            readable = select.select([*connections, wake[0]], [], [])[0]
            if wake[0] in readable:
                os.read(wake[0], 1 << 10)
                reap(children)
            for connection in [ready for ready in readable if ready in connections]:
                data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
                if not data:
                    connections.remove(connection)
                    kill(children, connection)
                    connection.close()
                    continue
                request = json.loads(data)
                if request["op"] == "connect":
                    connections.append(socket.socket(fileno=fds[0]))
                elif request["op"] == "fork":
                    scratch = tempfile.mkdtemp(prefix="child-", dir=config["scratch"])
                    sys.stdout.flush()
                    pid = os.fork()
                    if pid == 0:
                        become_worker(worker, connections, wake, fds, scratch, forked)
                    for fd in fds:
                        os.close(fd)
                    children[pid] = (connection, request["id"], scratch)
                elif request["op"] == "kill":
                    kill(children, connection, request["id"])
    finally:
        kill(children)
        for pid, (_, _, scratch) in children.items():
            os.waitpid(pid, 0)
            shutil.rmtree(scratch, ignore_errors=True)


def kill(children, connection=None, number=None):
    """Kills the children that ``connection`` asked for (all if None), or only its child ``number``."""
    for pid, (asker, its_number, _) in children.items():
        if connection in (None, asker) and number in (None, its_number):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def reap(children):
    """Tells the grader of each child that ended, on the child's connection, and removes its scratch folder."""
    while children:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            return
        connection, number, scratch = children.pop(pid)
        shutil.rmtree(scratch, ignore_errors=True)
        with contextlib.suppress(OSError):  # a connection closed since: no one is left to tell
            send(connection, {"op": "ended", "id": number, "status": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    main()
