"""The job queue and the content-hash cache the app and the API share."""

from __future__ import annotations

import threading

import pytest
from conftest import wait_for

from jamwithme.errors import BusyError, ParameterError
from jamwithme.jobs import JobState, LocalJobQueue


def slow_double(x, *, progress, gate: threading.Event | None = None):
    for i in range(4):
        if gate is not None:
            gate.wait(5)
        progress((i + 1) / 4)
    return 2 * x


def failing(*, progress):
    raise ParameterError("rate=-1 must be positive")


def test_result_and_progress():
    q = LocalJobQueue()
    job = q.submit(slow_double, 21)
    assert q.result(job, timeout=5) == 42
    status = q.status(job)
    assert status.state is JobState.DONE and status.progress == 1.0 and status.position == 0


def test_positions_in_line_and_dedup_by_key():
    q = LocalJobQueue(workers=1)
    gate = threading.Event()
    first = q.submit(slow_double, 1, key="a", gate=gate)
    second = q.submit(slow_double, 2, key="b", gate=gate)
    third = q.submit(slow_double, 3, key="c", gate=gate)
    assert q.submit(slow_double, 99, key="b") == second, "the same work is shared, not queued twice"
    wait_for(lambda: q.status(first).state is JobState.RUNNING, what="the first job running")
    assert q.status(second).position == 1
    assert q.status(third).position == 2
    gate.set()
    assert [q.result(j, timeout=5) for j in (first, second, third)] == [2, 4, 6]


def test_bounded_backlog_refuses_with_busy():
    q = LocalJobQueue(workers=1, max_pending=2)
    gate = threading.Event()
    q.submit(slow_double, 1, gate=gate)
    q.submit(slow_double, 2, gate=gate)
    with pytest.raises(BusyError, match="try again"):
        q.submit(slow_double, 3)
    gate.set()


def test_failure_is_reported_and_can_be_retried():
    q = LocalJobQueue()
    job = q.submit(failing, key="k")
    with pytest.raises(ParameterError, match="rate=-1"):
        q.result(job, timeout=5)
    status = q.status(job)
    assert status.state is JobState.FAILED and "rate=-1" in status.error
    assert q.submit(slow_double, 1, key="k") != job


def test_unknown_job():
    with pytest.raises(ParameterError, match="unknown"):
        LocalJobQueue().status("job-404")


@pytest.mark.parametrize("workers, pending", [(0, 1), (1, 0)])
def test_bad_queue_settings(workers, pending):
    with pytest.raises(ParameterError):
        LocalJobQueue(workers=workers, max_pending=pending)
