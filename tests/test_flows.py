"""The flows' wiring that needs no running server: deployment parameters the API accepts."""

from pathlib import Path

from flows.ingest import ingest_flow
from flows.serve import deployment_parameters
from ingest.config import PipelineConfig


def test_flows_deployment_parameters_validate_as_the_flow_config(tmp_path):
    cfg = PipelineConfig(
        inbox=Path("examples/inbox"),
        data=tmp_path,
        batch_size=50,
        alias_files=(Path("a.csv"),),
        use_file_time=True,
    )
    params = deployment_parameters(cfg)
    assert (
        params["cfg"]["use_file_time"] is True and params["cfg"]["batch_size"] == 50
    )  # JSON types, not strings
    assert Path(params["cfg"]["inbox"]).is_absolute()  # a scheduled run may start in another folder
    validated = ingest_flow.validate_parameters(params)["cfg"]
    assert validated == PipelineConfig(
        inbox=Path("examples/inbox").resolve(),
        data=tmp_path.resolve(),
        batch_size=50,
        alias_files=(Path("a.csv").resolve(),),
        use_file_time=True,
    )


def test_prefect_home_under_a_missing_folder_is_made(tmp_path):
    import os
    import subprocess
    import sys

    home = tmp_path / "not" / "yet" / ".prefect"
    env = {**os.environ, "PREFECT_HOME": str(home)}
    subprocess.run([sys.executable, "-c", "import flows"], check=True, env=env, cwd=Path(__file__).parents[1])
    assert home.is_dir()
