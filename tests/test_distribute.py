"""``--distribute``: TF_CONFIG checked by hand, and LeNet trained by two workers against one process."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from models.training.distribute import ClusterTask, check_distribute, parse_tf_config, run_folder
from tests.conftest import ROOT, run_module

EPOCHS, GLOBAL_BATCH = 2, 64
# Two workers each take 32 of every 64 examples and sum their gradients, so they take the steps of one
# process up to the order of float additions: the same predictions, bar an image or two near a tie.
ACCURACY_TOLERANCE = 0.01  # 3 of the 360 test images
LOSS_TOLERANCE = 0.02  # relative
# A guard against a hung cluster (a worker waits for its peer for ever), not a speed test: two workers
# take about 20 s on a quiet two-core machine, and several times that beside other jobs.
WORKER_TIME_LIMIT_S = 600


def tf_config(ports, index, task_type="worker"):
    return json.dumps(
        {"cluster": {"worker": [f"localhost:{port}" for port in ports]}, "task": {"type": task_type, "index": index}}
    )


def free_ports(count):
    """Ports the OS has just handed out and released, for the workers to listen on."""
    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("localhost", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


def test_a_good_tf_config_names_the_task_and_its_chief():
    task = parse_tf_config(tf_config([1234, 1235], 1))
    assert task == ClusterTask({"worker": ["localhost:1234", "localhost:1235"]}, "worker", 1)
    assert not task.is_chief
    assert parse_tf_config(tf_config([1234, 1235], 0)).is_chief
    with_chief = {"cluster": {"chief": ["a:1"], "worker": ["b:2"]}, "task": {"type": "worker", "index": 0}}
    assert not parse_tf_config(json.dumps(with_chief)).is_chief  # with a chief, worker 0 is an ordinary worker


@pytest.mark.parametrize(
    "text, fragment",
    [
        (None, "multi-worker training needs TF_CONFIG"),
        ("{cluster", "TF_CONFIG must be JSON, got '{cluster'"),
        ('["a:1"]', 'must be a JSON object with "cluster" and "task"'),
        ('{"cluster": {}, "task": {}}', 'TF_CONFIG\'s "cluster" must list "worker" addresses, got {}'),
        ('{"cluster": {"worker": ["a:1"], "ps": ["b:2"]}}', "task type 'ps'; multi-worker training accepts chief"),
        ('{"cluster": {"worker": ["a"]}}', '"worker" must be a list of "host:port" strings, got [\'a\']'),
        ('{"cluster": {"worker": ["a:1"]}, "task": {"type": "chief"}}', "\"type\" among ['worker'], got {'type'"),
        ('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 2}}', "from 0 to 1"),
    ],
)
def test_a_bad_tf_config_says_what_it_got(text, fragment):
    with pytest.raises(ValueError) as error:
        parse_tf_config(text)
    assert fragment in str(error.value)


def test_only_the_chief_writes_the_run_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", tf_config([1234, 1235], 1))
    assert run_folder(tmp_path / "run", "multi-worker") == tmp_path / "run.worker-1"
    assert run_folder(tmp_path / "run", "mirrored") == tmp_path / "run"  # TF_CONFIG is for multi-worker only
    monkeypatch.setenv("TF_CONFIG", tf_config([1234, 1235], 0))
    assert run_folder(tmp_path / "run", "multi-worker") == tmp_path / "run"
    with pytest.raises(ValueError, match="distribute must be None or one of mirrored, multi-worker; got 'gpus'"):
        check_distribute("gpus")


@pytest.mark.parametrize(
    "option, environment, fragment",
    [
        ("multi-worker", {}, "multi-worker training needs TF_CONFIG"),
        ("multi-worker", {"TF_CONFIG": "{"}, "TF_CONFIG must be JSON"),
        ("everywhere", {}, "distribute must be None or one of mirrored, multi-worker; got 'everywhere'"),
    ],
)
def test_the_command_line_refuses_a_bad_distribution_before_tensorflow(tmp_path, option, environment, fragment):
    environment = {"TF_CONFIG": "", **environment}
    out = tmp_path / "run"
    result = run_module("models", "train", "lenet", "--distribute", option, "--out", out, env_extra=environment)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The metrics of LeNet trained by one process with the global batch."""
    from models.training.train import train

    return train("lenet", tmp_path_factory.mktemp("one") / "run", epochs=EPOCHS, batch_size=GLOBAL_BATCH, verbose=0)


def assert_same_training(metrics, reference):
    assert metrics["test_images"] == reference["test_images"] == 360
    assert metrics["test_accuracy"] == pytest.approx(reference["test_accuracy"], abs=ACCURACY_TOLERANCE)
    assert metrics["test_loss"] == pytest.approx(reference["test_loss"], rel=LOSS_TOLERANCE)


@pytest.mark.slow
def test_mirrored_on_the_cpu_alone_trains_like_one_process(tmp_path, one_process):
    from models.training.train import train

    metrics = train("lenet", tmp_path / "run", epochs=EPOCHS, batch_size=GLOBAL_BATCH, verbose=0, distribute="mirrored")
    assert_same_training(metrics, one_process)


@pytest.mark.slow
def test_two_workers_train_like_one_process_and_only_the_chief_writes(tmp_path, one_process):
    from models.training.train import evaluate

    runs, logs = tmp_path / "runs", tmp_path / "logs"
    logs.mkdir()
    out = runs / "run"
    ports = free_ports(2)
    command = [sys.executable, "-m", "models", "train", "lenet", "--distribute", "multi-worker", "--out", str(out)]
    command += ["--epochs", str(EPOCHS), "--batch-size", str(GLOBAL_BATCH)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "CUDA_VISIBLE_DEVICES": "-1"}
    workers = []
    for index in range(2):
        with open(logs / f"{index}.out", "w") as stdout, open(logs / f"{index}.err", "w") as stderr:
            worker_environment = {**environment, "TF_CONFIG": tf_config(ports, index)}
            workers.append(subprocess.Popen(command, cwd=ROOT, env=worker_environment, stdout=stdout, stderr=stderr))
    started = time.monotonic()
    try:
        for worker in workers:
            worker.wait(timeout=max(0.0, started + WORKER_TIME_LIMIT_S - time.monotonic()))
    finally:
        for worker in workers:
            worker.kill()
    print(f"the two workers took {time.monotonic() - started:.1f} s")
    for index, worker in enumerate(workers):
        assert worker.returncode == 0, (logs / f"{index}.err").read_text()[-3000:]
    assert "test accuracy" in (logs / "0.out").read_text()
    assert "worker finished; the chief wrote the run folder" in (logs / "1.out").read_text()

    assert list(runs.rglob("metrics.json")) == [out / "metrics.json"]
    assert [path.name for path in runs.iterdir()] == ["run"]  # the worker's own folder is gone
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["batch_size"] == GLOBAL_BATCH
    assert_same_training(metrics, one_process)
    # The accuracy the two workers measured together is the saved model's on the whole test split.
    alone = evaluate(out)
    assert metrics["test_accuracy"] == pytest.approx(alone["test_accuracy"], abs=1e-6)
