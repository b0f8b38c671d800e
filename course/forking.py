"""The grader's side of the zygotes (``course/zygote.py``): warm sandboxed parents that fork the workers.

When a class is graded, every worker of a grading process is forked by a zygote
of its kind (NumPy, NumPy with the packages an exercise's record names, or
Keras), started once inside the sandbox and kept for every submission that
process grades. :func:`spawn` returns a :class:`Child`, which the worker's
parent (``course/isolation.py``) uses as it would a ``subprocess.Popen``: three
pipes, ``poll``, ``kill`` and ``wait``.

Grading processes that check parts of one and the same submission share their
zygotes: the first starts them (:func:`start`), makes a connection to each for
every process it then forks (:func:`connections`), and each of those adopts
its own (:func:`adopt`). The zygotes end with their starter.
"""

import atexit
import contextlib
import json
import os
import select
import socket
import subprocess
from itertools import count

from course import sandbox


class Zygote:
    """One zygote process, and what it has said of the children it forked."""

    def __init__(self, keras, packages):
        self.walls = sandbox.walls(keras, packages)
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        preexec = sandbox.start_fallback if self.walls.isolation == "fallback" else None
        with theirs:
            self.process = subprocess.Popen(self.walls.command, stdin=theirs, stdout=subprocess.DEVNULL,
                                            cwd=self.walls.cwd, env=self.walls.env, preexec_fn=preexec)  # fmt: skip
        self.children = {}  # id -> Child, until it has ended
        self.starter = os.getpid()  # the process that waits for it to end; a forked one only lets go
        self.send({"keras": keras, "read": self.walls.read, "scratch": self.walls.scratch,
                   "only_installed": self.walls.only_installed})  # fmt: skip

    @property
    def alive(self):
        if os.getpid() == self.starter:
            return self.process.poll() is None
        # A forked process cannot wait for its starter's child; but the connection of one that ended reads as closed.
        if not select.select([self.control], [], [], 0)[0]:
            return True
        try:
            return self.control.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except OSError:
            return False

    def send(self, message, fds=()):
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
        except OSError:
            pass  # the zygote has ended: its children are reported ended by collect()

    def spawn(self, number):
        """A new child: its pipes here, their other ends sent to the zygote, which forks it."""
        requests, replies, printed = os.pipe(), os.pipe(), os.pipe()
        theirs = (requests[0], replies[1], printed[1])
        child = self.children[number] = Child(self, number, requests[1], replies[0], printed[0])
        self.send({"op": "fork", "id": number}, theirs)
        for fd in theirs:
            os.close(fd)
        return child

    def collect(self, block):
        """Takes the zygote's news of children that ended (waiting for some if ``block``)."""
        self.control.setblocking(block)
        try:
            while self.children:
                data = self.control.recv(1 << 16)
                if not data:  # the zygote itself ended: so did its children (they watch their parent)
                    for child in self.children.values():
                        child.returncode = -9
                    self.children.clear()
                    return
                news = json.loads(data)
                child = self.children.pop(news["id"], None)
                if child:
                    child.returncode = news["status"]
                self.control.setblocking(False)
        except BlockingIOError:
            pass

    def connect(self):
        """A further connection to this zygote, with its own children, for a process about to be forked."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.send({"op": "connect"}, [theirs.fileno()])
        return mine

    def stop(self):
        self.control.close()  # the zygote kills this connection's children, and ends with its last connection
        if os.getpid() != self.starter:
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        sandbox.remove(self.walls)


class Child:
    """A worker forked by a zygote, with the part of ``subprocess.Popen``'s interface that the worker's
    parent uses."""

    def __init__(self, zygote, number, requests, replies, printed):
        self.zygote, self.number, self.returncode = zygote, number, None
        self.stdin, self.stdout, self.stderr = open(requests, "wb"), open(replies, "rb"), open(printed, "rb")

    def poll(self):
        if self.returncode is None:
            self.zygote.collect(block=False)
        return self.returncode

    def kill(self):
        if self.returncode is None:
            self.zygote.send({"op": "kill", "id": self.number})

    def wait(self):
        while self.returncode is None:
            self.zygote.collect(block=True)
        return self.returncode


_zygotes = {}
_numbers = count()


def spawn(keras, packages=()):
    """A new worker process of this kind, forked by its zygote (started first if need be)."""
    return zygote(keras, tuple(packages)).spawn(next(_numbers))


def zygote(keras, packages=()):
    """The running zygote of this kind, started now if there is none: called early, its imports run meanwhile."""
    key = (keras, tuple(packages))
    if key in _zygotes and not _zygotes[key].alive:  # ended (killed for memory?): its files go, a new one comes
        _zygotes.pop(key).stop()
    if key not in _zygotes:
        _zygotes[key] = Zygote(keras, packages)
    return _zygotes[key]


def start(kinds):
    """Starts a zygote of each kind, ``(keras, packages)``, now: their imports run meanwhile."""
    for keras, packages in kinds:
        zygote(keras, packages)


def connections():
    """A connection to each running zygote, for one process that this one is about to fork."""
    return {key: running.connect() for key, running in _zygotes.items()}


def adopt(mine, others):
    """In a forked process: its own connection to each zygote (of :func:`connections`) replaces the one
    it inherited, and the connections made for the ``others`` it was forked beside close."""
    for key, running in _zygotes.items():
        running.control.close()
        running.control = mine[key]
    for theirs in others:
        for connection in theirs.values():
            connection.close()


@atexit.register
def stop_all():
    for running in _zygotes.values():
        with contextlib.suppress(OSError):
            running.stop()
    _zygotes.clear()
