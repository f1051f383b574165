"""Real Celery worker processes for tests, as `make run` starts them: `celery -A marketplace worker` on the broker of
REDIS_URL. Give each test run its own Redis database, or another engineer's worker may take the messages."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings


class CeleryWorker:
    """One worker process and, with the prefork pool, its pool processes (which run the tasks)."""

    def __init__(
        self,
        name: str,
        *,
        pool: str = "solo",
        concurrency: int = 1,
        loglevel: str = "warning",
        env: dict[str, str] | None = None,
        log: Path | None = None,
    ):
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "marketplace",
            "worker",
            "--pool",
            pool,
            "--concurrency",
            str(concurrency),
            "-l",
            loglevel,
            "-n",
            f"{name}-{os.getpid()}@%h",
            # Nothing to learn from other workers: starting alone is a second faster.
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **(env or {})}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> "CeleryWorker":
        with open(self.log, "ab") if self.log else contextlib.nullcontext() as output:
            self.process = subprocess.Popen(
                self.command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
            )
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def pool_pids(self) -> list[int]:
        """The pool processes the worker forked (none with the solo pool, which runs tasks itself)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while being read
            if ppid == self.pid:
                children.append(int(stat.parent.name))
        return children

    def kill_pool(self) -> list[int]:
        """SIGKILL the pool processes, as the kernel's OOM killer would; the worker itself lives on and forks
        new ones. Returns the pids killed."""
        killed = []
        for pid in self.pool_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        return killed

    def kill(self) -> None:
        """SIGKILL the worker, then its pool processes, as when its machine dies: the worker first, so that it
        cannot see its pool processes die and give their messages back."""
        pool = self.pool_pids()
        os.kill(self.pid, signal.SIGKILL)
        for pid in pool:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """A warm shutdown, if it still runs: the running task finishes, unstarted messages go back."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
