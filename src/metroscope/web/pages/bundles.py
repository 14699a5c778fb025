"""``/data``: the region bundles uploaded to this server and an upload form (a write: a
signed-in session with a write token and the CSRF header). The checks are those of the API
(:mod:`metroscope.web.uploads`); a refused archive shows every problem."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from ...messages import Message
from ..api._common import call
from ..auth import require_read, require_write
from ..errors import ApiError, said_in
from ..problems import messages
from ..uploads import MAX_FILES, MAX_RATIO, MAX_TOTAL_BYTES, install_bundle, uploaded_names
from ._render import page, render, state_of

router = APIRouter(dependencies=[Depends(require_read)])


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request) -> HTMLResponse:
    p = page(request, "web_nav_data")
    st = state_of(request)
    limits = {"files": MAX_FILES, "mib": MAX_TOTAL_BYTES // 2**20, "ratio": MAX_RATIO,
              "body_mib": round(st.config.max_body_bytes / 2**20, 1)}
    return render(p, "data.html.j2", bundles=uploaded_names(st.config.data_dir),
                  limits=limits)


@router.post("/data/upload", response_class=HTMLResponse,
             dependencies=[Depends(require_write)])
async def upload(request: Request, name: str = Form(..., max_length=63),
                 archive: UploadFile = File(...)) -> HTMLResponse:
    p = page(request, "web_nav_data")
    st = state_of(request)
    data = await archive.read()
    if name in st.region_names():
        msg = Message("err_upload_exists", name=repr(name))
        raise ApiError(409, msg, code="conflict", text=msg)
    try:
        folder = call(lambda: install_bundle(data, name, st.config.data_dir))
    except ApiError as exc:
        # shown in the page (htmx swaps only successful answers): the message and every
        # problem, in the page's language where the library wrote them through the catalogue
        problems = ([said_in(x, p.lang) for x in exc.said] if exc.said
                    else messages(exc.details))
        message = (exc.text.get(p.lang).splitlines()[0] if exc.text is not None
                   else exc.message)
        return render(p, "_upload_result.html.j2", ok=None, message=message,
                      problems=problems)
    return render(p, "_upload_result.html.j2", ok=folder.name, message="", problems=[])
