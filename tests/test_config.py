"""Settings: defaults, TOML, environment, flags — later wins."""

from pathlib import Path

import pytest

from ingest.config import PipelineConfig, load_config
from ingest.errors import ConfigError


def test_config_layers_later_wins(tmp_path):
    toml = tmp_path / "ingest.toml"
    toml.write_text('inbox = "from_toml"\nbatch_size = 50\nalias_files = ["a.csv"]\n')
    cfg = load_config(toml, {"INGEST_BATCH_SIZE": "70", "INGEST_DATA": "env_data"}, {"inbox": Path("flag")})
    assert cfg.inbox == Path("flag")
    assert cfg.batch_size == 70
    assert cfg.data == Path("env_data")
    assert cfg.alias_files == (Path("a.csv"),)


def test_config_defaults_without_sources(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(None, {}, {}) == PipelineConfig()


@pytest.mark.parametrize(
    ("env", "message"),
    [({"INGEST_BATCH_SIZE": "zero"}, "batch_size"), ({"INGEST_N_PROCESS": "0"}, "n_process")],
)
def test_config_rejects_bad_values(env, message):
    with pytest.raises(ConfigError, match=message):
        load_config(None, env, {})


def test_config_rejects_unknown_toml_key(tmp_path):
    toml = tmp_path / "ingest.toml"
    toml.write_text("batchsize = 3\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_config(toml, {}, {})


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("batch_size = 2.7", "batch_size = 2.7 (.*) is not a whole number"),  # refused, never truncated
        ("n_process = 1e9", "n_process .* is out of range; give a whole number from 1 to 64"),
        ('use_file_time = "maybe"', "use_file_time = 'maybe' .* is not true or false"),
        ("use_file_time = 2", "is not true or false"),
        ('batch_size = "many"', "batch_size = 'many' .* is not a whole number"),
        ("batch_size = true", "is not a whole number"),
        ("settle_seconds = -1", "settle_seconds .* is out of range"),
        ("settle_seconds = nan", "is not a finite number"),
        ("max_bytes = 0", "max_bytes .* is out of range"),
        ('data = ""', "data = '' .* is empty"),
        ("inbox = 3", "inbox = 3 .* is not a path"),
        ('alias_files = "a.csv"', None),  # a single path is a list of one
        ("alias_files = 3", "is not a list of paths"),
        ("batch_size = 2.0", None),  # a whole number written as a float is that number
    ],
)
def test_config_toml_values_are_checked_for_type_and_range(tmp_path, toml, message):
    path = tmp_path / "ingest.toml"
    path.write_text(toml + "\n")
    if message is None:
        load_config(path, {}, {})
        return
    with pytest.raises(ConfigError, match=message):
        load_config(path, {}, {})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INGEST_DATA": ""}, r"data = '' \(env INGEST_DATA\) is empty"),
        ({"INGEST_INBOX": "   "}, "is empty"),
        ({"INGEST_BATCH_SIZE": "2.7"}, "is not a whole number"),
        ({"INGEST_N_PROCESS": "1e9"}, "is out of range"),
        ({"INGEST_USE_FILE_TIME": "maybe"}, "is not true or false"),
        ({"INGEST_SETTLE_SECONDS": "soon"}, "is not a number"),
    ],
)
def test_config_env_values_are_checked_for_type_and_range(tmp_path, monkeypatch, env, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=message):
        load_config(None, env, {})


def test_config_env_strings_read_as_their_types(tmp_path, monkeypatch):
    import os

    monkeypatch.chdir(tmp_path)
    cfg = load_config(
        None,
        {
            "INGEST_BATCH_SIZE": " 50 ",
            "INGEST_USE_FILE_TIME": "Yes",
            "INGEST_SETTLE_SECONDS": "0.5",
            "INGEST_ALIAS_FILES": os.pathsep.join(["a.csv", "b.yaml"]),
        },
        {},
    )
    assert (cfg.batch_size, cfg.use_file_time, cfg.settle_seconds) == (50, True, 0.5)
    assert cfg.alias_files == (Path("a.csv"), Path("b.yaml"))


def test_config_unknown_env_variable_is_warned_with_the_likely_name(tmp_path, monkeypatch):
    from ingest.config import resolve_config

    monkeypatch.chdir(tmp_path)
    loaded = resolve_config(None, {"INGEST_BATCHSIZE": "3", "INGEST_SUPERVISED": "1", "HOME": "/root"}, {})
    assert loaded.config.batch_size == 200  # ignored, not guessed
    assert loaded.warnings == (
        "unknown environment variable INGEST_BATCHSIZE ignored; did you mean INGEST_BATCH_SIZE?",
    )


def test_config_unknown_toml_key_names_the_likely_setting(tmp_path):
    toml = tmp_path / "ingest.toml"
    toml.write_text("batchsize = 3\n")
    with pytest.raises(ConfigError, match="did you mean batch_size"):
        load_config(toml, {}, {})


def test_config_says_where_each_setting_came_from(tmp_path):
    from ingest.config import resolve_config

    toml = tmp_path / "ingest.toml"
    toml.write_text("batch_size = 50\nn_process = 2\n")
    loaded = resolve_config(
        toml, {"INGEST_N_PROCESS": "3", "INGEST_DATA": "d"}, {"data": Path("flag"), "inbox": None}
    )
    assert loaded.origins == {
        "inbox": "default",
        "data": "flag --data",
        "batch_size": str(toml),
        "n_process": "env INGEST_N_PROCESS",
        "alias_files": "default",
        "max_bytes": "default",
        "use_file_time": "default",
        "settle_seconds": "default",
        "workers": "default",
        "dask_address": "default",
    }


def test_config_as_toml_reads_back_as_the_same_config(tmp_path):
    from ingest.config import as_toml, resolve_config

    loaded = resolve_config(
        None, {}, {"inbox": Path("in box/新聞"), "alias_files": (Path("a.csv"),), "use_file_time": True}
    )
    path = tmp_path / "ingest.toml"
    path.write_text(as_toml(loaded), encoding="utf-8")
    assert load_config(path, {}, {}) == loaded.config


@pytest.mark.parametrize(
    ("layout", "data", "message"),
    [
        ({"f": "file"}, "f", "data folder .*/f is a file, not a folder"),
        ({"f": "file"}, "f/sub/data", "data folder .*/f/sub/data: .*/f is a file"),
        ({}, "/proc/no/such/data", "its parent /proc is not writable"),  # fails even for root
        ({}, "new/data", None),  # creatable
        ({"d": "dir"}, "d", None),
    ],
)
def test_config_data_problem(tmp_path, layout, data, message):
    from ingest.config import data_problem

    for name, kind in layout.items():
        (tmp_path / name).mkdir() if kind == "dir" else (tmp_path / name).write_text("x")
    problem = data_problem(tmp_path / data)
    if message is None:
        assert problem is None
        assert not (tmp_path / "new").exists()  # checking creates nothing
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ingest-probe")] == []
    else:
        assert problem is not None and len(problem.splitlines()) == 1
        import re

        assert re.search(message, problem), problem


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (None, "no data folder at"),
        (["notes.txt"], "holds no bronze/, silver/ or gold/ folder"),
        ([], None),  # an empty folder: a data folder before its first run
        (["bronze/"], None),
    ],
)
def test_config_existing_data_problem(tmp_path, layout, message):
    from ingest.config import existing_data_problem

    data = tmp_path / "data"
    if layout is not None:
        data.mkdir()
        for name in layout:
            (data / name).mkdir() if name.endswith("/") else (data / name).write_text("x")
    problem = existing_data_problem(data)
    assert (problem is None) if message is None else (message in problem)
