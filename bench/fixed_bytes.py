"""The framework's limit: a Litestar app whose one route returns a page's bytes from memory.

`bench/load.py` serves it with the same server, instances and workers as the site, so
a page's throughput can be shown as a share of what this machine can serve at all.
The bytes come from the file named by BENCH_BODY_FILE (a page the site rendered).
"""

from __future__ import annotations

import os
from pathlib import Path

from litestar import Litestar, Response, get

BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


@get("/{path:path}", sync_to_thread=False)
def fixed(path: str) -> Response[bytes]:
    return Response(BODY, media_type="text/html; charset=utf-8")


app = Litestar([fixed], openapi_config=None)
