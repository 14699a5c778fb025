"""``/auth/login`` and ``/auth/logout``: a browser session from a token (form with CSRF)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..auth import SESSION_COOKIE, SESSION_SECONDS, check_csrf, guard_of
from ..errors import ApiError
from ._render import page, render

router = APIRouter()


@router.get("/auth/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(page(request), "login.html.j2", error="")


@router.post("/auth/login", response_model=None)
def login(request: Request, token: str = Form("", max_length=200),
          csrf_token: str = Form("", max_length=200)) -> RedirectResponse | HTMLResponse:
    check_csrf(request, csrf_token)
    g = guard_of(request)
    try:
        principal = g.login(request, token)
    except ApiError as exc:
        if exc.status != 401:
            raise
        p = page(request)
        return render(p, "login.html.j2", status=401, error=p.t("web_login_failed"))
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(SESSION_COOKIE, g.open_session(principal), httponly=True,
                    samesite="strict", max_age=SESSION_SECONDS, path="/")
    return resp


@router.post("/auth/logout")
def logout(request: Request, csrf_token: str = Form("", max_length=200)) -> RedirectResponse:
    check_csrf(request, csrf_token)
    guard_of(request).close_session(request.cookies.get(SESSION_COOKIE))
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp
