"""A script thread told to stop no longer writes the session's page (ui/runner_guard.py).

The race itself, in a browser beside a CPU load, is measured by ``bench/rerun_race.py`` (2 % of page clicks
lost without the guard); here its last step is played in order on real threads with Streamlit's own objects:
the stopped thread's write comes after the new thread's, and must not win.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.fragment import MemoryFragmentStorage
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext, add_script_run_ctx
from streamlit.runtime.state import SafeSessionState, SessionState
from streamlit.testing.v1 import AppTest

from jamwithme.parsing import PARSING
from ui.runner_guard import GUARDED, guard_session_writes, stale_look

ROOT = Path(__file__).resolve().parent.parent


def script_thread(pages: PagesManager, requests: ScriptRequests, write) -> None:
    """Run ``write(pages)`` on a thread that is a script thread of ``requests`` (as a ScriptRunner's is)."""
    ctx = ScriptRunContext(
        session_id="s",
        _enqueue=lambda msg: None,
        query_string="",
        session_state=SafeSessionState(SessionState(), lambda: None),
        uploaded_file_mgr=MemoryUploadedFileManager("/upload"),
        main_script_path=str(ROOT / "app.py"),
        user_info={},
        fragment_storage=MemoryFragmentStorage(),
        pages_manager=pages,
        script_requests=requests,
    )
    thread = threading.Thread(target=write, args=(pages,))
    add_script_run_ctx(thread, ctx)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()


def running() -> ScriptRequests:
    requests = ScriptRequests()
    requests.request_rerun(RerunData())
    requests.on_scriptrunner_ready()  # the thread picked its rerun up: it runs
    return requests


def writes(page: str):
    """What a script thread does first: name the page it is about to run, as its intent and as the current page."""
    return lambda pages: (pages.set_script_intent(page, ""), pages.set_current_page_script_hash(page))


def test_a_stopped_thread_does_not_write_the_page_a_new_thread_wrote():
    guard_session_writes()
    pages = PagesManager(str(ROOT / "app.py"))
    old, new = running(), running()
    old.request_stop()  # the click: the session stops the old thread and starts a new one for the page clicked
    script_thread(pages, new, writes("practice"))
    # the old thread, on its way out, goes on into the rerun a fragment's st.rerun() asked for a moment before
    script_thread(pages, old, writes("jam_track"))
    assert pages.intended_page_script_hash == "practice"
    assert pages.current_page_script_hash == "practice"


def test_a_running_thread_and_the_session_still_write_the_page():
    guard_session_writes()
    pages = PagesManager(str(ROOT / "app.py"))
    script_thread(pages, running(), lambda p: p.set_script_intent("practice", "Practice"))
    assert (pages.intended_page_script_hash, pages.intended_page_name) == ("practice", "Practice")
    pages.set_script_intent("mixer", "")  # off any script thread
    assert pages.intended_page_script_hash == "mixer"


def test_a_stopped_thread_keeps_the_media_the_new_thread_added():
    guard_session_writes()
    storage = MemoryMediaFileStorage("/media")
    media, urls = MediaFileManager(storage), []
    old, new = running(), running()
    old.request_stop()
    pages = PagesManager(str(ROOT / "app.py"))
    script_thread(pages, new, lambda p: urls.append(media.add(b"RIFF" + bytes(40), "audio/wav", "player")))
    script_thread(pages, old, lambda p: media.clear_session_refs())  # its rerun's first step, on its way out
    for _ in range(2):  # what the session does after each run (a file let go is marked, then deleted)
        media.remove_orphaned_files()
    storage.get_file(urls[0].rsplit("/", 1)[1])  # the new page's audio is still served (raises if deleted)


def test_a_fragment_of_the_page_left_does_not_look_again():
    practice, jam_track = "practice-hash", "jam-track-hash"
    look = lambda page: ClientState(fragment_id="f1", page_script_hash=page, is_auto_rerun=True)  # noqa: E731
    assert stale_look(practice, look(jam_track))  # the page left's timer, just after the click on Practice
    assert not stale_look(practice, look(practice))  # the page's own fragments look as before
    assert not stale_look(None, look(jam_track))  # the page asked for by the URL's name: not known yet
    assert not stale_look(practice, ClientState(page_script_hash=jam_track))  # a whole run is never dropped
    assert not stale_look(practice, None)


def started(fragments: tuple[str, ...] = ()) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.script_run_id = "run"
    msg.new_session.fragment_ids_this_run.extend(fragments)
    return msg


def ended(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def placed(*path: int, box: bool = False, fragment: str = "") -> ForwardMsg:
    """A delta at ``path``: a box (a block) or an element, drawn by ``fragment``'s run or the page's."""
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    if box:
        msg.delta.add_block.allow_empty = True
    else:
        msg.delta.new_element.markdown.body = "x"
    msg.delta.fragment_id = fragment
    return msg


def browser(messages: list[ForwardMsg]) -> None:
    """Place each delta as Streamlit's frontend does (1.52, ``SetNodeByDeltaPathVisitor``): at an index at most the
    length of its container, else the page's script error; every container here made anew by the run."""
    root: list = [[], [], [], []]  # main, sidebar, event, bottom
    for msg in messages:
        if not msg.metadata.delta_path:
            continue
        top, *boxes, index = msg.metadata.delta_path
        container = root[top]
        for box in boxes:
            container = container[box]
        if index > len(container):
            raise AssertionError(f"Bad delta path index {index} (should be between [0, {len(container)}])")
        if index == len(container):
            container.append(None)
        if not (msg.delta.HasField("add_block") and isinstance(container[index], list)):  # a box keeps its own
            container[index] = [] if msg.delta.HasField("add_block") else "element"


def test_a_fragments_run_sends_the_page_its_run_before_drew_in_order():
    """The fresh-clone run at 3a61e49: the page went blank on "Bad delta path index 3 (should be between [0, 2])".

    A page's run draws a box, two elements, the fragment's box (its look waiting behind the run) and an element
    below it; the fragment's run starts before the server sent any of it, and clears the queue for itself.
    """
    guard_session_writes()
    queue = ForwardMsgQueue()
    fragment = [placed(0, 0, 2, box=True, fragment="f"), placed(0, 0, 2, 0, fragment="f")]
    page = [started(), placed(0, 0, box=True), placed(0, 0, 0), placed(0, 0, 1), *fragment, placed(0, 0, 3), ended()]
    for msg in page:
        queue.enqueue(msg)
    queue.clear(retain_lifecycle_msgs=True, fragment_ids_this_run=["f"])  # the fragment's run starts
    for msg in (started(("f",)), *fragment):
        queue.enqueue(msg)
    sent = queue.flush()
    browser(sent)  # raised "Bad delta path index 3 (should be between [0, 2])" before the guard
    assert [list(m.metadata.delta_path) for m in sent if m.metadata.delta_path] == [
        [0, 0], [0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 2, 0], [0, 0, 3], [0, 0, 2], [0, 0, 2, 0]]  # fmt: skip
    # the page's run keeps its word that it ended (Streamlit's clear makes only a fragment's end "stopped early")
    finished = [m.script_finished for m in sent if m.WhichOneof("type") == "script_finished"]
    assert finished == [ForwardMsg.FINISHED_SUCCESSFULLY]


def test_a_fragments_run_still_drops_its_own_elements_queued_after_the_page():
    """What Streamlit's clear is for stays: the fragment's elements of a run before, nothing of the page after
    them, are not sent (the fragment draws them again)."""
    guard_session_writes()
    queue = ForwardMsgQueue()
    for msg in (placed(0, 1), started(("f",)), placed(0, 2, box=True, fragment="f"), placed(0, 2, 0, fragment="f"),
                ended(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)):  # fmt: skip
        queue.enqueue(msg)
    queue.clear(retain_lifecycle_msgs=True, fragment_ids_this_run=["f"])
    kinds = [m.WhichOneof("type") for m in queue.flush()]
    assert kinds == ["delta", "new_session", "script_finished"]


def test_the_guard_is_put_on_once_however_often_asked():
    guard_session_writes()
    guarded = (*GUARDED, (AppSession, "request_rerun"), (ForwardMsgQueue, "clear"))
    wrapped = {(owner, name): getattr(owner, name) for owner, name in guarded}
    guard_session_writes()
    for (owner, name), method in wrapped.items():
        assert getattr(owner, name) is method
        assert getattr(method, "jamwithme_guarded", False)
        assert not getattr(method.__wrapped__, "jamwithme_guarded", False)


def test_the_app_puts_the_guard_on(monkeypatch):
    guarded = (*GUARDED, (AppSession, "request_rerun"), (ForwardMsgQueue, "clear"))
    for owner, name in guarded:  # as a fresh server process has them
        method = getattr(owner, name)
        monkeypatch.setattr(owner, name, getattr(method, "__wrapped__", method))
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert all(getattr(getattr(owner, name), "jamwithme_guarded", False) for owner, name in guarded)


def test_python_is_parsed_one_thread_at_a_time():
    """ci21: a page's run failed with "SystemError: AST constructor recursion depth mismatch" (CPython 3.11 counts
    a parse's depth once per process): Streamlit parsed the Mixer page while another thread parsed. Once guarded,
    ``ast.parse`` and Streamlit's page compiling (it parses, then compiles the tree it changed) hold one lock: one
    asked for while another thread holds it waits for it."""
    guard_session_writes()
    page = str(ROOT / "app_pages" / "load.py")
    for parse in (lambda: ast.parse("x = [1, (2, 3)]"), lambda: ScriptCache().get_bytecode(page)):
        order: list[str] = []
        with PARSING:
            thread = threading.Thread(target=lambda: (parse(), order.append("parsed")))  # noqa: B023 - joined here
            thread.start()
            thread.join(0.5)  # time to parse, if nothing held it (the order says whether it waited)
            order.append("released")
        thread.join()
        assert order == ["released", "parsed"]


@pytest.mark.parametrize(
    "make",
    [
        "from jamwithme.service import Service; from jamwithme.service.store import LocalStore;"
        " import tempfile; Service(LocalStore(tempfile.mkdtemp()))",
        "from jamwithme.service import worker; import os; os.environ.pop('JAMWITHME_REDIS_URL', None)\n"
        "try: worker.run(preload=False)\nexcept Exception as exc: print(type(exc).__name__)",
    ],
    ids=["service", "worker"],
)
def test_a_process_running_jobs_on_threads_parses_one_thread_at_a_time(make):
    """The API server, the command line and a worker run jobs on threads beside request threads and heartbeats
    that format tracebacks (Python 3.11's traceback parses the line it points at): the race the app met (ci21) is
    theirs too. A fresh interpreter (this one was guarded by the tests before) that builds a Service, or starts a
    worker (refused here, no Redis named, after the guard is on), parses holding the lock."""
    check = (
        "import ast, threading\nfrom jamwithme.parsing import PARSING\n"
        f"{make}\n"
        "order = []\nwith PARSING:\n"
        "    t = threading.Thread(target=lambda: (ast.parse('x = 1'), order.append('parsed')))\n"
        "    t.start(); t.join(0.5); order.append('released')\n"
        "t.join(); print(order, ast.parse.jamwithme_guarded)\n"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("['released', 'parsed'] True"), out.stdout


def test_the_hot_reload_watches_no_module_of_the_library_and_every_page_and_ui_module():
    """Streamlit picks the modules it watches (and drops on an edit) through its folder blacklist."""
    from streamlit.watcher.folder_black_list import FolderBlackList

    import jamwithme.analysis.key
    import ui.state
    from ui.runner_guard import keep_library_loaded

    keep_library_loaded()
    keep_library_loaded()  # once per process: a second call wraps nothing again
    blacklist = FolderBlackList([])
    assert blacklist.is_blacklisted(jamwithme.analysis.key.__file__)
    assert blacklist.is_blacklisted(jamwithme.__file__)
    assert not blacklist.is_blacklisted(ui.state.__file__)
    assert not blacklist.is_blacklisted(str(Path(ui.state.__file__).parents[1] / "app_pages" / "practice.py"))
    assert blacklist.is_blacklisted("/usr/lib/python3/site-packages/numpy/__init__.py")  # Streamlit's own list
