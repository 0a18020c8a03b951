"""Disposable Neo4j Community server for the test suite (stdlib only).

Why this exists: the tests need a real Neo4j 5.26 (LTS) server, but the
machines running them have neither Docker nor access to neo4j.com.  Neo4j's
jars are on Maven Central, though, so we let Maven resolve them into a cache
outside the repository and start the server's Java entry point directly,
bypassing the ``neo4j`` shell launcher that only ships in the tarball.

How the server is launched (mirrors what ``neo4j console`` does, see
``org.neo4j.server.startup.BootloaderOsAbstraction`` in Neo4j's sources)::

    java <jvm opts> -cp <lib>/* org.neo4j.server.CommunityEntryPoint \\
        --home-dir=<tmp> --config-dir=<tmp>/conf --console-mode

and the initial password is set beforehand with the admin tool, exactly like
``neo4j-admin dbms set-initial-password`` (``org.neo4j.cli.AdminTool``, which
reads ``NEO4J_HOME``/``NEO4J_CONF`` from the environment).

Usage::

    with DisposableNeo4j() as neo:
        driver = neo4j.GraphDatabase.driver(neo.uri, auth=(neo.user, neo.password))

CLI::

    python tests/neo4j_server.py               # start one, print NEO4J_* lines, block
    python tests/neo4j_server.py --fetch-only  # only fill the jar cache

Environment:
    WARMGRAPH_NEO4J_CACHE    cache root (default ``~/.cache/warmgraph``); jars
                             land in ``<root>/neo4j-<version>/lib``.
    WARMGRAPH_NEO4J_VERSION  Neo4j version to use (default ``DEFAULT_VERSION``).
"""

from __future__ import annotations

import argparse
import atexit
import ctypes
import ctypes.util
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

# Newest 5.26.x (LTS) on Maven Central when this was written (5.26.27 was
# never published).  Pinned rather than resolved as a range so test runs are
# reproducible and need no network once the cache is warm.
DEFAULT_VERSION = os.environ.get("WARMGRAPH_NEO4J_VERSION", "5.26.30")

SERVER_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.cli.AdminTool"
# Pinned so Maven does not have to look up the newest plugin on every run.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
MARKER_FILE = ".complete"
USER = "neo4j"  # Neo4j's fixed initial admin user.

HEAP_INITIAL = "256m"
HEAP_MAX = "512m"
PAGECACHE = "128m"
STARTUP_TIMEOUT_S = 120.0
SHUTDOWN_GRACE_S = 20.0
LOG_TAIL_LINES = 60

# The JVM flags Neo4j's shipped neo4j.conf adds via server.jvm.additional
# that matter for correctness/perf on Java 17/21 (Netty and the page cache
# need the --add-opens); -XX:+AlwaysPreTouch is left out on purpose because
# it slows start-up and inflates RSS for no benefit in tests.
BASE_JVM_OPTS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


def _progress(message: str) -> None:
    """Short progress line on stderr (stdout is reserved for the CLI's output)."""
    print(f"[neo4j_server] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Jar cache
# --------------------------------------------------------------------------


def cache_root() -> Path:
    """Root of the jar cache; kept outside the repository so it is never committed."""
    override = os.environ.get("WARMGRAPH_NEO4J_CACHE")
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "warmgraph"


def _pom_xml(version: str) -> str:
    """A throw-away project whose only purpose is to depend on org.neo4j:neo4j."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>warmgraph.tests</groupId>
  <artifactId>neo4j-server-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Serialise cache fills between parallel test workers (e.g. pytest-xdist)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cache_is_complete(version_dir: Path) -> bool:
    lib = version_dir / "lib"
    return (version_dir / MARKER_FILE).is_file() and any(lib.glob("*.jar"))


def _run_maven_copy(version_dir: Path, target: Path) -> None:
    """Let Maven resolve org.neo4j:neo4j and copy the whole runtime classpath to target."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError("Apache Maven ('mvn') is needed to fetch the Neo4j jars; not on PATH")
    pom = version_dir / "pom.xml"
    pom.write_text(_pom_xml(version_dir.name.removeprefix("neo4j-")))
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom),
        f"{DEPENDENCY_PLUGIN}:copy-dependencies",
        f"-DoutputDirectory={target}",
        "-DincludeScope=runtime",
    ]
    result = subprocess.run(
        cmd,
        cwd=version_dir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-40:])
        raise RuntimeError(
            f"Maven could not fetch the Neo4j jars (exit {result.returncode}):\n{tail}"
        )


def ensure_neo4j_jars(version: str = DEFAULT_VERSION) -> Path:
    """Return a directory holding every jar Neo4j ``version`` needs, downloading once.

    The copy goes to a temporary sibling directory and is renamed into place
    before the marker is written, so an interrupted download is never mistaken
    for a complete cache.
    """
    version_dir = cache_root() / f"neo4j-{version}"
    lib = version_dir / "lib"
    if _cache_is_complete(version_dir):
        return lib
    with _file_lock(version_dir / ".lock"):
        if _cache_is_complete(version_dir):  # another worker filled it meanwhile
            return lib
        _progress(f"fetching Neo4j {version} jars into {lib} (first run only, may take minutes)")
        started = time.monotonic()
        staging = version_dir / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(lib, ignore_errors=True)
        _run_maven_copy(version_dir, staging)
        staging.rename(lib)
        jars = len(list(lib.glob("*.jar")))
        (version_dir / MARKER_FILE).write_text(f"neo4j {version}: {jars} jars\n")
        _progress(f"fetched {jars} jars in {time.monotonic() - started:.0f}s")
    return lib


# --------------------------------------------------------------------------
# Process helpers
# --------------------------------------------------------------------------


def _free_loopback_port() -> int:
    """Ask the kernel for an unused port; tiny race until Neo4j binds it, acceptable for tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _argfile_quote(arg: str) -> str:
    """Quote one argument for a ``java @argfile`` (double quotes, backslash escapes)."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _kill_with_parent_preexec() -> Callable[[], None] | None:
    """Make the JVM die if this Python process dies without running atexit (e.g. SIGKILL).

    Uses Linux's PR_SET_PDEATHSIG.  The signal fires when the *thread* that
    forked exits, so it is only armed when starting from the main thread.
    """
    on_main_thread = threading.current_thread() is threading.main_thread()
    if not sys.platform.startswith("linux") or not on_main_thread:
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # parent died before prctl took effect
            os._exit(1)

    return preexec


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "<no log>"


def _rss_kib(pid: int) -> int | None:
    """Resident set size of ``pid`` from /proc (Linux only); None when unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


HOME_PREFIX = "warmgraph-neo4j-"
STALE_HOME_AGE_S = 3600.0


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` runs; a zombie (killed JVM not yet reaped by init) counts as dead."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs (macOS): trust kill(0)
    return stat.rpartition(")")[2].split()[0] != "Z"


def _is_stale_home(home: Path) -> bool:
    """A home left behind by a SIGKILLed test run: its JVM is gone (or never started long ago)."""
    pid_file = home / "run" / "neo4j.pid"
    try:
        if pid_file.is_file():
            return not _pid_alive(int(pid_file.read_text().strip()))
        return time.time() - home.stat().st_mtime > STALE_HOME_AGE_S
    except (OSError, ValueError):
        return False


def _sweep_stale_homes() -> None:
    """Delete temp homes whose owner died without cleanup (atexit cannot run after SIGKILL)."""
    for home in Path(tempfile.gettempdir()).glob(f"{HOME_PREFIX}*"):
        if home.is_dir() and _is_stale_home(home):
            shutil.rmtree(home, ignore_errors=True)


_LIVE: set[DisposableNeo4j] = set()
_LIVE_LOCK = threading.Lock()


def _stop_all() -> None:
    """atexit hook: never leave an orphan JVM behind, even if a test forgot to stop one."""
    with _LIVE_LOCK:
        servers = list(_LIVE)
    for server in servers:
        server.stop()


atexit.register(_stop_all)


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


class DisposableNeo4j:
    """A throw-away Neo4j Community server on a random loopback Bolt port.

    Everything (config, data, logs) lives in a fresh temporary directory that
    is deleted on :meth:`stop`.  Only Bolt is enabled; HTTP/HTTPS are off so
    the server opens exactly one port, bound to 127.0.0.1.
    """

    def __init__(
        self,
        version: str = DEFAULT_VERSION,
        *,
        auth: bool = True,
        java: str = "java",
        startup_timeout: float = STARTUP_TIMEOUT_S,
        shutdown_grace: float = SHUTDOWN_GRACE_S,
        extra_config: Mapping[str, str] | None = None,
    ) -> None:
        self.version = version
        self.auth = auth
        self.java = java
        self.startup_timeout = startup_timeout
        self.shutdown_grace = shutdown_grace
        self.extra_config = dict(extra_config or {})
        self.user = USER
        # Hex only: a password starting with '-' would be parsed as an option.
        self.password = secrets.token_hex(16) if auth else ""
        self.port = 0
        self.home: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    # -- public API ---------------------------------------------------------

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth_tuple(self) -> tuple[str, str] | None:
        """Ready to pass as ``auth=`` to ``neo4j.GraphDatabase.driver``."""
        return (self.user, self.password) if self.auth else None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def log_path(self) -> Path | None:
        """Server stdout/stderr (the user log in console mode); debug.log sits next to it."""
        return self.home / "logs" / "console.log" if self.home else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def rss_kib(self) -> int | None:
        return _rss_kib(self._process.pid) if self.is_running() and self._process else None

    def start(self) -> DisposableNeo4j:
        """Provision, launch and wait for Bolt; on any failure clean up before raising."""
        if self._process is not None:
            raise RuntimeError("server already started")
        lib = ensure_neo4j_jars(self.version)
        _sweep_stale_homes()
        self.home = Path(tempfile.mkdtemp(prefix=HOME_PREFIX))
        with _LIVE_LOCK:
            _LIVE.add(self)
        try:
            self.port = _free_loopback_port()
            conf_dir = self._write_config(lib)
            if self.auth:
                self._set_initial_password(lib, conf_dir)
            self._launch(lib, conf_dir)
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM (Neo4j shuts down cleanly), SIGKILL after the grace period, then rm -rf.

        Idempotent, so it is safe from __exit__, atexit and signal handlers alike.
        """
        self._terminate()
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None
        with _LIVE_LOCK:
            _LIVE.discard(self)

    def halt(self) -> None:
        """Stop the server but keep its data, config and port: an outage, for fault tests."""
        self._terminate()

    def resume(self) -> None:
        """Start a halted server again on the same port with the same data and password."""
        if self.home is None or self.is_running():
            raise RuntimeError("only a halted server can be resumed")
        self._launch(ensure_neo4j_jars(self.version), self.home / "conf")
        self._wait_until_ready()

    def _terminate(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.shutdown_grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # Forget the process only once it is dead, so an interrupted stop()
        # is finished by the next call (e.g. the atexit hook).
        self._process = None

    def __enter__(self) -> DisposableNeo4j:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals ----------------------------------------------------------

    def _config(self, lib: Path) -> dict[str, str]:
        """Minimal neo4j.conf: loopback Bolt only, small memory, nothing phoning home."""
        assert self.home is not None
        home = self.home
        config = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.port}",
            "server.bolt.tls_level": "DISABLED",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.directories.data": str(home / "data"),
            "server.directories.logs": str(home / "logs"),
            "server.directories.run": str(home / "run"),
            "server.directories.plugins": str(home / "plugins"),
            "server.directories.import": str(home / "import"),
            "server.directories.lib": str(lib),
            # Heap is really set by -Xms/-Xmx below; these keep the config consistent.
            "server.memory.heap.initial_size": HEAP_INITIAL,
            "server.memory.heap.max_size": HEAP_MAX,
            "server.memory.pagecache.size": PAGECACHE,
            "db.tx_log.rotation.retention_policy": "keep_none",
            "db.tx_log.preallocate": "false",
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true" if self.auth else "false",
            # Netty's graceful shutdown otherwise idles 2 x 5 s before the JVM exits.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
            "internal.dbms.bolt.netty_server_shutdown_timeout": "5s",
        }
        config.update(self.extra_config)
        return config

    def _write_config(self, lib: Path) -> Path:
        assert self.home is not None
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir()
        conf_dir = self.home / "conf"
        lines = [f"{key}={value}" for key, value in self._config(lib).items()]
        (conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")
        return conf_dir

    def _env(self, conf_dir: Path) -> dict[str, str]:
        assert self.home is not None
        env = dict(os.environ)
        env.update(NEO4J_HOME=str(self.home), NEO4J_CONF=str(conf_dir))
        # Our explicit flags must win over anything inherited.
        for var in ("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "HEAP_SIZE"):
            env.pop(var, None)
        return env

    def _set_initial_password(self, lib: Path, conf_dir: Path) -> None:
        """Equivalent of ``neo4j-admin dbms set-initial-password``; must run before first start.

        The password goes through a 0600 java @argfile so it never shows up in
        ``ps`` output or in logs.
        """
        assert self.home is not None
        argfile = self.home / "set-password.args"
        args = ["-cp", f"{lib}/*", ADMIN_ENTRY_POINT, "dbms", "set-initial-password", self.password]
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(_argfile_quote(arg) for arg in args) + "\n")
        try:
            result = subprocess.run(
                [self.java, "-Xmx256m", "-XX:TieredStopAtLevel=1", f"@{argfile}"],
                env=self._env(conf_dir),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=120,
            )
        finally:
            argfile.unlink(missing_ok=True)
        if result.returncode != 0:
            output = result.stdout.replace(self.password, "***")
            code = result.returncode
            raise RuntimeError(
                f"setting the initial Neo4j password failed (exit {code}):\n{output}"
            )

    def _launch(self, lib: Path, conf_dir: Path) -> None:
        assert self.home is not None and self.log_path is not None
        cmd = [
            self.java,
            f"-Xms{HEAP_INITIAL}",
            f"-Xmx{HEAP_MAX}",
            *BASE_JVM_OPTS,
            "-cp",
            f"{lib}/*",
            SERVER_ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={conf_dir}",
            "--console-mode",
        ]
        # The child keeps its own copy of the log descriptor; ours can close at once.
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                cmd,
                cwd=self.home,
                env=self._env(conf_dir),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Own session: a Ctrl-C in the terminal reaches Python, which then
                # stops the server in order, instead of hitting the JVM directly.
                start_new_session=True,
                preexec_fn=_kill_with_parent_preexec(),
            )

    def _startup_error(self, reason: str) -> RuntimeError:
        log = self.log_path
        tail = _tail(log) if log else "<no log>"
        return RuntimeError(
            f"Neo4j {self.version} did not start: {reason}\n--- tail of {log} ---\n{tail}"
        )

    def _wait_until_ready(self) -> None:
        """Poll until Bolt accepts connections and, if the driver is installed, a real login."""
        deadline = time.monotonic() + self.startup_timeout
        self._wait_for_port(deadline)
        self._wait_for_driver(deadline)

    def _check_alive(self) -> None:
        assert self._process is not None
        code = self._process.poll()
        if code is not None:
            raise self._startup_error(f"the JVM exited with code {code}")

    def _wait_for_port(self, deadline: float) -> None:
        while True:
            self._check_alive()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                waited = f"{self.startup_timeout:.0f}s"
                raise self._startup_error(f"Bolt port {self.port} not open after {waited}")
            time.sleep(0.2)

    def _wait_for_driver(self, deadline: float) -> None:
        try:
            import neo4j
            from neo4j.exceptions import AuthError
        except ImportError:
            return
        while True:
            self._check_alive()
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=self.auth_tuple) as driver:
                    driver.verify_connectivity()
                return
            except AuthError as exc:  # retrying will not help
                raise self._startup_error(f"authentication failed: {exc}") from exc
            except Exception as exc:  # still booting: any other driver error means "not yet"
                if time.monotonic() > deadline:
                    raise self._startup_error(f"driver could not connect: {exc!r}") from exc
            time.sleep(0.3)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run a disposable Neo4j server for tests.")
    parser.add_argument("--fetch-only", action="store_true", help="only fill the jar cache")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="default: %(default)s")
    parser.add_argument("--no-auth", action="store_true", help="disable authentication")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.fetch_only:
        print(ensure_neo4j_jars(args.version))
        return 0

    # SIGTERM behaves like Ctrl-C, so the with-block below always cleans up,
    # whether the signal arrives during start-up or while serving.  SIGINT is
    # set explicitly because Python leaves it ignored when started with `&`.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with DisposableNeo4j(args.version, auth=not args.no_auth) as neo:
            print(f"NEO4J_URI={neo.uri}")
            print(f"NEO4J_USER={neo.user}")
            print(f"NEO4J_PASSWORD={neo.password}", flush=True)
            _progress(f"running (pid {neo.pid}); Ctrl-C or SIGTERM to stop")
            while neo.is_running():
                time.sleep(0.5)
            _progress("server exited unexpectedly")
            return 1
    except KeyboardInterrupt:
        _progress("stopped")
        return 0


if __name__ == "__main__":
    sys.exit(main())
