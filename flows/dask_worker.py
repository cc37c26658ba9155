"""What the flow installs on the Dask workers it runs batches on (imported only with Dask)."""

from distributed.diagnostics.plugin import WorkerPlugin


class FlushPrefectOnClose(WorkerPlugin):
    """When a worker closes, send the log lines and events its task runs queued to the Prefect
    API. Without it Prefect's queues hold the worker process past Dask's 4 s grace, and the
    nanny kills it with them unsent."""

    name = "ingest-flush-prefect"

    async def teardown(self, worker) -> None:
        from prefect._internal.concurrency.services import QueueService

        await QueueService.drain_all(timeout=3)
