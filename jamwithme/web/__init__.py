"""The web layer: the HTTP API over the service, and what reaches outside the server.

Nothing is built at import; the API is made by :func:`jamwithme.web.app.create_app`
(``uvicorn --factory jamwithme.web.app:create_app``, or ``jamwithme serve``).

* :mod:`~jamwithme.web.app`: ``create_app``, the factory: the service, admission, guard and routes put together;
* :mod:`~jamwithme.web.routes`: the endpoints, each one screen read top to bottom;
* :mod:`~jamwithme.web.settings`: :class:`~jamwithme.web.settings.ApiSettings`, how much the API accepts;
* :mod:`~jamwithme.web.schemas`: the request and error models, and what the OpenAPI schema says of each route;
* :mod:`~jamwithme.web.errors`: which error is which status, and the JSON error body;
* :mod:`~jamwithme.web.guard`: the ASGI guard (body cap and timeout while it streams, the catch-all 500);
* :mod:`~jamwithme.web.admission`: how many heavy requests are in hand (per process, or shared through Redis);
* :mod:`~jamwithme.web.inputs`: a request's body read into settings and its songs saved as files;
* :mod:`~jamwithme.web.answers`: stored results turned into a response (a WAV, a ZIP, notes);
* :mod:`~jamwithme.web.fetch`: safe URL fetching (no internal addresses, also after redirects; capped);
* :mod:`~jamwithme.web.link_checks`: a link's form and its addresses checked before any traffic (``FetchPolicy``);
* :mod:`~jamwithme.web.links`: YouTube and media links through yt-dlp (the app's Load page).
"""
