"""Where participants open the page: the address of this laptop on the room's network, and a
QR code of it, for ``servicesim dashboard --host 0.0.0.0``.

The command puts the address in ``SERVICESIM_DASHBOARD_SHARE_URL`` before the server starts; the
page shows it, with the QR code as inline SVG (``segno``: pure Python, nothing fetched), only
when that is set. The address is found without the network: a UDP socket "connected" to a
private address sends nothing, but the system picks the interface it would use, whose address
is this machine's on the room's network; without one, the address the host name resolves to.
"""

from __future__ import annotations

import ipaddress
import os
import socket

import segno
import solara

#: the address participants open (set by ``servicesim dashboard`` when it listens beyond loopback)
SHARE_ENV = "SERVICESIM_DASHBOARD_SHARE_URL"
#: any private address: connecting a UDP socket to it sends no packet
_PROBE = ("10.255.255.255", 1)

CSS = """
.ss-join { margin: 0 0 0.4rem 0; font-size: 1.05rem; }
.ss-join summary { cursor: pointer; }
.ss-join-url { font-weight: 700; font-size: 1.3rem; }
.ss-join-qr { display: flex; gap: 1.2rem; align-items: center; margin: 0.4rem 0; }
.ss-join-qr svg { background: #ffffff; }
"""


def lan_address() -> str:
    """This machine's address on the local network ('192.168.1.20'), or '127.0.0.1'."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
            address = probe.getsockname()[0]
            if not ipaddress.ip_address(address).is_loopback:
                return address
        except OSError:
            pass
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
    return address


def share_url(host: str, port: int) -> str | None:
    """The address participants open when the page listens on ``host``; None for loopback."""
    if host in ("0.0.0.0", "::", ""):
        address = lan_address()
        return None if ipaddress.ip_address(address).is_loopback else f"http://{address}:{port}"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        if host == "localhost":
            return None
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def qr_svg(url: str, scale: int = 6) -> str:
    """The QR code of ``url`` as an inline ``<svg>`` element (about 200 px wide at scale 6)."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#111111", light="#ffffff")


@solara.component
def JoinPanel() -> None:
    """'Participants: open http://... ' and, one click away, its QR code (only when shared)."""
    url = os.environ.get(SHARE_ENV)
    if not url:
        return
    svg = qr_svg(url)  # about a millisecond: no need to keep it
    solara.HTML(
        tag="details",
        classes=["ss-join"],
        unsafe_innerHTML=f"<summary>Participants: open <span class='ss-join-url'>{url}</span> "
        "in a web browser on the same network (click for a QR code to scan)</summary>"
        f"<div class='ss-join-qr'>{svg}<div>Scan with a phone camera, or type the address. "
        "Each browser tab gets its own run; saved runs land on this laptop.</div></div>",
    )
