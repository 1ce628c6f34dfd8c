"""``servicesim dashboard``: serve the workshop page on this machine.

Order matters: the offline settings go into the environment before Solara is imported (no CDN,
no telemetry), the kernels are compiled before the address is printed (the first page then
responds at once), and only then does the server start.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path

import typer

from servicesim.cli._app import app
from servicesim.errors import InputError

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
APP = "servicesim.dashboard.app:Page"


def check_port(host: str, port: int) -> None:
    """Raise InputError if ``host:port`` cannot be listened on (in use, or not this machine)."""
    if not 1 <= port <= 65535:
        raise InputError("--port", port, "a port number from 1 to 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise InputError(
                    "--port", port, "a free port", f"port {port} is in use; try --port {port + 1}"
                ) from None
            raise InputError(
                "--host", host, "an address of this machine, e.g. 127.0.0.1", str(err.strerror)
            ) from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int) -> None:
    """Run the Solara server in this process until interrupted (offline settings already set)."""
    import warnings

    from solara.__main__ import run as solara_run

    # plain http on this machine is intended: the cookie notice would only alarm a facilitator
    warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)

    args = [
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
        "--log-level-uvicorn",
        "warning",
    ]
    solara_run.main(args=args, prog_name="servicesim dashboard", standalone_mode=False)


@app.command("dashboard")
def dashboard(
    port: int = typer.Option(DEFAULT_PORT, "--port", help="Port to serve on."),
    host: str = typer.Option(
        LOOPBACK,
        "--host",
        help="Address to listen on. The default serves this machine only; 0.0.0.0 lets others on "
        "the network open the page.",
    ),
    export_dir: Path = typer.Option(
        Path("workshop-runs"),
        "--export-dir",
        help="Folder where 'Save for the workshop report' writes its results.",
    ),
    open_browser: bool = typer.Option(
        False, "--open/--no-open", help="Open the page in this machine's web browser."
    ),
) -> None:
    """Serve the workshop dashboard in the browser (offline: no CDN, no telemetry)."""
    from servicesim.dashboard import offline

    check_port(host, port)
    offline.set_environment()
    os.environ["SERVICESIM_DASHBOARD_EXPORT_DIR"] = str(export_dir.resolve())
    sys.stderr.write("Preparing the simulation (compiling on the first start; up to a minute)...\n")
    sys.stderr.flush()
    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}"
    sys.stdout.write(f"servicesim dashboard: open {url} in a web browser (Ctrl+C stops it)\n")
    if not is_loopback(host):
        from servicesim.dashboard.share import SHARE_ENV, share_url

        joined = share_url(host, port)
        if joined:
            os.environ[SHARE_ENV] = joined  # the page shows it, with its QR code
            sys.stdout.write(f"  participants open {joined} (the page shows it, with a QR code)\n")
        else:
            sys.stdout.write(f"  listening on {host}: other machines on the network can open it\n")
    sys.stdout.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(2.0, webbrowser.open, args=(url,)).start()
    serve(host, port)
