"""Schedule checks made before Prefect starts: the same answer as Prefect's own validator."""

import pytest

from ingest.schedule import _croniter, cron_problem, interval_problem

CRONS = [
    "*/15 * * * *",
    "0 6 * * 1-5",
    "30 2 1 * *",
    "0 0 L * *",
    "0 9 * * mon#2",
    "*/5 * * * * 30",  # croniter's sixth field (seconds): Prefect takes it
    "every 5 minutes",
    "*/15 * * *",
    "61 * * * *",
    "0 25 * * *",
    "H * * * *",
    "R 2 * * *",
    "* * * * * * * *",
    "",
]


def test_schedule_finds_prefects_cron_parser():
    assert _croniter() is not None  # else a bad --cron would only be caught by Prefect, late


@pytest.mark.parametrize("cron", CRONS)
def test_schedule_cron_problem_agrees_with_prefect(cron):
    from prefect._internal.schemas.validators import validate_cron_string

    try:
        validate_cron_string(cron)
        prefect_takes = True
    except ValueError:
        prefect_takes = False
    problem = cron_problem(cron)
    assert (problem is None) == prefect_takes, problem
    if problem:
        assert len(problem.splitlines()) == 1 and "'*/15 * * * *'" in problem  # says what would do


@pytest.mark.parametrize(
    ("seconds", "ok"), [(900, True), (0.5, True), (0, False), (-3, False), (10**9, False)]
)
def test_schedule_interval_problem(seconds, ok):
    assert (interval_problem(seconds) is None) == ok
