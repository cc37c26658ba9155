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
