"""``-j N`` and ``-j auto``: how many workers, how many model threads each, and what --verbose says."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.batch import VideoTask
from kinemotion.batch.executors import plan_for
from kinemotion.batch.parallelism import THREADS_PER_WORKER, Parallelism, parse_jobs, plan, ray_cpus_per_task
from kinemotion.cpus import max_threads


def _split(chosen: Parallelism) -> tuple[int, int]:
    return chosen.workers, chosen.threads


@pytest.mark.parametrize(("value", "jobs"), [("auto", "auto"), (" AUTO ", "auto"), ("1", 1), (3, 3)])
def test_jobs_are_a_whole_number_or_auto(value: str | int, jobs: object) -> None:
    assert parse_jobs(value) == jobs


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_other_jobs_are_refused_saying_what_is_accepted(value: str) -> None:
    with pytest.raises(ValueError, match="must be 'auto' or a whole number of 1 or more"):
        parse_jobs(value)


def test_a_fixed_number_of_workers_shares_the_cpus_evenly() -> None:
    assert _split(plan(4, videos=10, backend="mediapipe", cpus=8)) == (4, 2)
    assert _split(plan(3, videos=10, backend="rtmpose-openvino", cpus=8)) == (3, 2)
    assert _split(plan(4, videos=2, backend="rtmpose-cpu", cpus=8)) == (2, 4)  # never more workers than videos


def test_auto_gives_an_accelerator_one_worker_with_every_cpu() -> None:
    for backend in ("rtmpose-cuda", "rtmpose-coreml"):
        assert _split(plan("auto", videos=50, backend=backend, cpus=16)) == (1, 16)


@pytest.mark.parametrize("cpus", [1, 2, 3, 8, 64])
def test_auto_on_the_cpu_gives_every_cpu_to_some_worker(cpus: int) -> None:
    chosen = plan("auto", videos=1000, backend="rtmpose-openvino", cpus=cpus)
    assert chosen.workers == max(1, cpus // THREADS_PER_WORKER)
    assert chosen.workers * chosen.threads <= cpus < (chosen.workers + 1) * chosen.threads
    assert chosen.threads >= min(cpus, THREADS_PER_WORKER)
    assert "rtmpose-openvino runs on the CPU" in chosen.describe()
    assert "auto picks a backend that runs on the CPU" in plan("auto", 9, "auto", cpus).describe()


def test_auto_never_makes_more_workers_than_videos() -> None:
    chosen = plan("auto", videos=2, backend="rtmpose-openvino", cpus=64)
    assert chosen.workers == 2 and chosen.threads == 32
    assert _split(plan("auto", videos=1, backend="mediapipe", cpus=64)) == (1, 64)


def test_the_plan_reads_as_a_line() -> None:
    assert Parallelism(2, 1, "why").describe() == "2 workers x 1 model thread (why)"
    assert Parallelism(1, 4, "why").describe() == "1 worker x 4 model threads (why)"


def test_threads_that_share_one_set_of_models_do_not_read_as_workers_times_threads() -> None:
    """Before: ``-v`` with a backend whose tracker offers streams said "2 workers x 2 model threads", as if 4
    threads ran models; 2 threads feed one set of models that runs with 2 model threads in all."""
    line = plan(2, videos=4, backend="rtmpose-cuda", cpus=2, streams=True).describe()
    assert line.startswith("2 threads sharing one set of models, 2 model threads in all ("), line
    assert " x " not in line
    assert plan(2, videos=4, backend="rtmpose-cuda", cpus=2).describe().startswith("2 workers x 1 model thread (")


def test_a_batch_is_planned_for_the_cpus_of_this_process(tmp_path: Path) -> None:
    tasks = [VideoTask(str(tmp_path / f"{i}.mp4"), "mediapipe", "lightweight") for i in range(100)]
    chosen = plan_for(tasks, "auto")
    assert chosen.workers * chosen.threads <= max_threads() and chosen.workers >= 1


def test_verbose_shows_the_plan_and_a_wrong_jobs_is_refused_before_any_work(tmp_path: Path) -> None:
    from kinemotion.cli.main import cli

    videos = [str(tmp_path / f"missing{i}.mp4") for i in range(3)]
    result = CliRunner().invoke(cli, ["-v", "track", *videos, "-o", str(tmp_path / "out"), "-b", "mediapipe"])
    assert "Tracking 3 videos with " in result.output and "model thread" in result.output, result.output
    refused = CliRunner().invoke(cli, ["track", *videos, "-j", "many"])
    assert refused.exit_code == 2 and "must be 'auto' or a whole number" in refused.output


def test_a_ray_task_asks_for_up_to_four_cpus_and_never_more_than_the_smallest_node_has() -> None:
    assert ray_cpus_per_task([2.0]) == 2  # a small machine: one task at a time with all its CPUs, as -j auto
    assert ray_cpus_per_task([64.0, 16.0]) == THREADS_PER_WORKER == 4
    assert ray_cpus_per_task([8.0, 3.0]) == 3  # the 3-CPU node can still run a task
    assert ray_cpus_per_task([0.0, 8.0]) == 4  # a head without CPUs runs no task: it does not count
    assert ray_cpus_per_task([]) == 1 and ray_cpus_per_task([0.5]) == 1
