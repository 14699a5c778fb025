"""``/api/v1/bundles``: upload a region bundle as a zip (a write: needs a token), list the
uploaded ones, and download one (zipped again, or one file). An uploaded bundle is served like
the embedded datasets (``?region=NAME``). Checks: :mod:`metroscope.web.uploads`."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import FileResponse

from ..auth import require_write
from ..errors import ApiError
from ..respond import NO_STORE, TableFormat, table_response
from ..uploads import bundle_file, bundle_zip, install_bundle, uploaded_names
from ._common import FormatQ, call, state

router = APIRouter(prefix="/bundles", tags=["bundles"])

NameP = Annotated[str, Path(max_length=63, pattern=r"^[a-z0-9][a-z0-9_-]*$",
                            description="Bundle name.")]


@router.get("", summary="Region bundles uploaded to this server")
def list_(request: Request, format: FormatQ = TableFormat.json) -> Response:
    names = uploaded_names(state(request).config.data_dir)
    return table_response(request, pd.DataFrame({"name": names}, dtype="string"), format,
                          filename="bundles", cache=NO_STORE)


@router.post("", status_code=201, dependencies=[Depends(require_write)],
             summary="Upload a region bundle as a zip (write: needs a token); validated like "
             "metroscope data validate",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/zip": {"schema": {"type": "string", "format": "binary"}}}}})
async def upload(request: Request,
                 name: Annotated[str, Query(max_length=63, description="Name to serve the "
                                            "bundle under (a-z, 0-9, '-', '_').")]
                 ) -> Response:
    st = state(request)
    data = await request.body()  # capped by the app's body limit (413 beyond)
    if not data:
        raise ApiError(422, "Send the zip file as the request body "
                       "(Content-Type: application/zip).", code="invalid_parameters")
    if name in st.region_names():
        raise ApiError(409, f"A region named {name!r} exists; choose another name.",
                       code="conflict")
    folder = call(lambda: install_bundle(data, name, st.config.data_dir))
    body = f'{{"name": "{folder.name}", "region": "{folder.name}"}}'
    return Response(body, status_code=201, media_type="application/json",
                    headers={"Location": f"/api/v1/bundles/{folder.name}.zip"})


@router.get("/{name}.zip", summary="An uploaded bundle, zipped")
def download(request: Request, name: NameP) -> Response:
    data = call(lambda: bundle_zip(state(request).config.data_dir, name), location="path")
    return Response(data, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}.zip"', "Cache-Control": NO_STORE})


@router.get("/{name}/files/{path:path}", summary="One file of an uploaded bundle")
def download_file(request: Request, name: NameP,
                  path: Annotated[str, Path(max_length=500, description="Path inside the "
                                            "bundle, e.g. region.toml.")]) -> FileResponse:
    target = call(lambda: bundle_file(state(request).config.data_dir, name, path),
                  location="path")
    return FileResponse(target, filename=target.name, headers={"Cache-Control": NO_STORE})
