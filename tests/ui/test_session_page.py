"""The session page: captions, what an end hold and a rest show, the done page (praise for a
whole run only), cautions in view, text that scales with the window, contrast in a dark
palette, and a hold that repaints little."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QFontInfo, QImage, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from easeback.core.catalogue import load_catalogue
from easeback.core.history import STATUS_TEXT
from easeback.core.plan import compile_plan
from easeback.core.session import CueDue, Session
from easeback.core.time import format_clock, format_spent
from easeback.ui.controls import SessionActions
from easeback.ui.ring import LABEL_LAST_RESORT, TEXT_FLOOR, CountdownRing
from easeback.ui.session_page import SessionPage, text_pixels
from easeback.ui.session_text import progress_text
from easeback.ui.theme import contrast_ratio

# The page sets minimum sizes as its text scales; the offscreen platform says it cannot pass
# them on to a window manager, which is harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DARK = {
    QPalette.ColorRole.Window: "#202327",
    QPalette.ColorRole.WindowText: "#E8E9EB",
    QPalette.ColorRole.Base: "#2A2E33",
    QPalette.ColorRole.Text: "#E8E9EB",
    QPalette.ColorRole.Button: "#2D3238",
    QPalette.ColorRole.ButtonText: "#E8E9EB",
    QPalette.ColorRole.Mid: "#5A6068",
}


class Page:
    """A session page on its own, showing a plan at moments the test picks."""

    def __init__(self, qtbot, fake_clock, item_id: str, size=None, palette=None):
        self.catalogue = load_catalogue()
        self.host = QWidget()
        if palette is not None:
            self.host.setPalette(palette)
        qtbot.addWidget(self.host)
        self.actions = SessionActions(self.host)
        self.page = SessionPage(self.catalogue, self.actions, self.host)
        QVBoxLayout(self.host).addWidget(self.page)
        self.host.resize(size or QSize(1100, 700))
        self.host.show()
        qtbot.waitExposed(self.host)
        self.clock = fake_clock
        self.plan = compile_plan(self.catalogue, item_id)
        self.session = Session(self.plan, fake_clock)
        self.origin = fake_clock.now
        self.session.start(fake_clock.now)

    def at(self, seconds: float) -> SessionPage:
        """Show the plan ``seconds`` after its start (polled every half second on the way,
        as the driver would: a longer gap reads as a sleeping computer)."""
        target = self.origin + seconds
        while self.clock.now < target:
            self.clock.set(min(target, self.clock.now + 0.5))
            self.session.poll(self.clock.now)
        self.page.show_state(self.plan, self.session.snapshot(self.clock.now))
        QApplication.processEvents()
        return self.page

    def first(self, kind: str):
        return next(p for p in self.plan.phases if p.kind == kind)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


# ---------------------------------------------------------------------------- captions
def test_every_cue_is_shown_as_a_caption_at_the_moment_it_is_due(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "knee-to-chest")
    shown = 0
    for phase in page.plan.phases:
        cues = sorted(phase.cues, key=lambda c: c.at)
        for n, cue in enumerate(cues):
            later = cues[n + 1 :]
            if later and later[0].at - cue.at < 0.02:
                continue  # two cues at one moment: the later one is the caption
            caption = page.at(phase.start + cue.at + 0.01).caption.text()
            assert caption == cue.text[:1].upper() + cue.text[1:]
            shown += 1
    assert shown > 10


def test_the_caption_before_the_first_cue_of_a_phase_is_the_last_cue_said(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "seated-leg-to-chest")
    assert page.at(0.0).caption.text() == page.plan.phases[0].cues[0].text
    hold = page.first("hold")
    said_last = max(hold.cues, key=lambda c: c.at).text
    nxt = page.plan.phases[hold.index + 1]
    if nxt.cues and nxt.cues[0].at == 0:
        nxt_cue = nxt.cues[0].text
        assert page.at(nxt.start + 0.01).caption.text() == nxt_cue
    else:
        assert page.at(nxt.start + 0.01).caption.text() == said_last


def test_the_closing_caption_says_the_time_the_session_ran_as_the_voice_does(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "desk-break")
    page.at(30.0)
    while not page.session.snapshot(fake_clock.now).phase.final:
        page.session.skip(fake_clock.now)
    said = [e.cue.text for e in page.session.poll(fake_clock.now) if isinstance(e, CueDue)]
    assert said == ["And relax. Desk break took thirty-six seconds."]
    page.page.show_state(page.plan, page.session.snapshot(fake_clock.now))
    assert page.page.caption.text() == said[0]
    fake_clock.advance(2.0)  # the caption stays what was said, as the seconds go on
    page.session.poll(fake_clock.now)
    page.page.show_state(page.plan, page.session.snapshot(fake_clock.now))
    assert page.page.caption.text() == said[0]
    page.session.skip(fake_clock.now)  # the closing words cut short: the page's one figure
    page.page.show_state(page.plan, page.session.snapshot(fake_clock.now))
    assert page.page.ring.text[0] == "0:32"
    assert page.page.progress.text == f"Ran 0:32 of {format_clock(page.plan.total_seconds)}"


def test_a_caption_starts_with_a_capital_and_the_voice_is_handed_the_cue_as_it_is(harness):
    harness.window.start("bridge")
    plan = harness.controller.plan
    reps = next(p for p in plan.phases if p.kind == "reps")
    squeeze = next(c for c in reps.cues if c.text == "squeeze")
    harness.run_for(reps.start + squeeze.at + 0.3)
    assert harness.window.session_page.caption.text() == "Squeeze"
    assert harness.speaker.texts[-1] == "squeeze"


def test_captions_show_with_the_voice_muted(harness):
    harness.window.actions_.mute.setChecked(True)
    harness.window.start("seated-leg-to-chest")
    plan = harness.controller.plan
    hold = next(p for p in plan.phases if p.kind == "hold")
    halfway = next(c for c in hold.cues if "alf" in c.text)
    harness.run_for(hold.start + halfway.at + 0.5)
    assert harness.window.session_page.caption.text() == halfway.text
    assert halfway.text not in [text for text, *_ in getattr(harness.speaker, "said", [])]


# ---------------------------------------------------------------------------- end hold, rest
def test_an_end_hold_shows_its_own_text_and_not_the_set_down_step(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "glute-med-side-lying")
    end = page.first("end_hold")
    movement = next(
        m for m in page.catalogue.exercises[end.exercise].movements if m.id == end.movement
    )
    shown = page.at(end.start + 2)
    assert shown.steps.current_text == movement.end_hold_text
    assert [label.text() for label in shown.steps.labels] == [movement.end_hold_text]
    assert shown.picture.path is not None
    assert shown.picture.path.name != "set-down.svg"
    assert shown.ring.text[1] == "END HOLD"


def test_a_rest_shows_a_resting_picture_and_names_the_set_that_comes(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "bridge")
    rest = page.first("rest")
    nxt = page.plan.phases[rest.index + 1]
    shown = page.at(rest.start + 3)
    _time, label, detail = shown.ring.text
    assert label == "REST"
    assert f"Set {nxt.set} of {nxt.sets}" in shown.next.text()
    # the caption says it too: the ring does not say it a third time
    assert "Next" in shown.caption.text()
    assert detail == ""
    assert shown.picture.path is not None
    lifted = {s.illustration_path() for s in page.catalogue.exercises["bridge"].movements[0].steps}
    assert shown.picture.path not in lifted
    assert shown.steps.current_text == ""  # nothing is being done yet


def test_a_rest_names_the_side_that_comes(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "glute-med-side-lying")
    rests = [p.index for p in page.plan.phases if p.kind == "rest" and not p.final]
    assert rests
    for index in rests:
        after = page.plan.phases[index + 1]
        shown = page.at(after.start - 1)
        assert after.side_text() in shown.next.text().lower()


def test_the_closing_words_have_no_next_line_and_the_phase_before_says_the_end(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "desk-break")
    closing = page.plan.phases[-1]
    assert closing.final
    assert page.at(closing.start - 1).next.text() == "Next: the end"
    assert page.at(closing.start + 1).next.text() == ""


# ---------------------------------------------------------------------------- the done page
def skipped_through(page: Page, every: float = 0.3) -> SessionPage:
    """``page``'s plan skipped through phase by phase, ``every`` seconds apart, to its end."""
    while page.session.state != "finished":
        page.at(page.clock.now - page.origin + every)
        page.session.skip(page.clock.now)
    return page.at(page.clock.now - page.origin)


def test_a_session_skipped_through_is_not_praised(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "bridge")
    partial = STATUS_TEXT["partial"]
    while not page.session.snapshot(fake_clock.now).phase.final:
        page.at(fake_clock.now - page.origin + 0.3)
        page.session.skip(fake_clock.now)
    closing = page.at(fake_clock.now - page.origin + 0.5)  # the closing words, not praised
    assert (closing.subtitle.text(), closing.ring.text[1]) == (partial, partial.upper())
    assert not closing.picture.done
    shown = skipped_through(page)
    spent = page.session.spent()
    assert shown.subtitle.text() == partial
    assert shown.ring.text[:2] == (format_spent(spent), partial.upper())
    assert not shown.picture.done, "no check mark"
    assert shown.picture.path is not None, "the exercise's picture, not an empty frame"
    assert shown.caption.text() == "Bridge stopped early."
    assert shown.progress.fraction == pytest.approx(spent / page.plan.total_seconds)
    assert shown.progress.fraction < 0.1
    planned = format_clock(page.plan.total_seconds)
    assert shown.progress.text == f"Ran {format_spent(spent)} of {planned}"


def test_a_session_stopped_in_a_hold_says_it_stopped_early(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "seated-leg-to-chest")
    hold = page.first("hold")
    page.at(hold.start + 20)
    page.session.stop(fake_clock.now)
    shown = page.at(hold.start + 20)
    assert shown.caption.text() == "Seated leg to chest stopped early."
    assert shown.subtitle.text() == STATUS_TEXT["partial"]
    assert not shown.picture.done
    assert 0 < shown.progress.fraction < 1


def test_a_whole_run_is_praised(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "knee-to-chest")
    total = page.plan.total_seconds
    shown = page.at(total + 1)
    assert page.session.completed
    assert shown.subtitle.text() == "Well done"
    assert shown.ring.text == (format_clock(total), "WELL DONE", "time spent")
    assert shown.picture.done
    assert "Well done!" in shown.caption.text()
    assert (shown.progress.fraction, shown.progress.text) == (1.0, f"Done: {format_clock(total)}")


def test_too_hard_on_the_done_page_is_said_once(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "knee-to-chest")
    shown = page.at(page.plan.total_seconds + 1)
    assert shown.done_bar.isVisible()
    assert not shown.controls.isVisible()
    assert shown.too_hard_button.isVisible()
    assert shown.too_hard_button.isEnabled()
    with qtbot.waitSignal(shown.too_hard, timeout=1000):
        shown.too_hard_button.click()
    assert not shown.too_hard_button.isEnabled()


# ---------------------------------------------------------------------------- text size
def text_widgets(page: SessionPage) -> dict[str, QWidget]:
    widgets: dict[str, QWidget] = {f"step {i + 1}": w for i, w in enumerate(page.steps.labels)}
    widgets.update(tips=page.notes, caption=page.caption, next=page.next)
    return widgets


def pixel_size(widget: QWidget) -> int:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pixelSize()


def test_text_is_at_least_20_px_in_a_full_hd_window(harness):
    harness.window.resize(1920, 1080)
    harness.window.start("glute-med-side-lying")
    harness.run_for(30)
    QApplication.processEvents()
    page = harness.window.session_page
    assert page.caption.text()
    assert page.next.text()
    assert page.notes.text()
    sizes = {name: pixel_size(w) for name, w in text_widgets(page).items()}
    assert len(sizes) >= 5
    assert min(sizes.values()) >= 20, sizes


def test_the_progress_line_counts_whole_minutes():
    assert progress_text(410, 410) == "Over 6 min left of 6:50"
    assert progress_text(4 * 60 + 1, 410) == "Over 4 min left of 6:50"
    assert progress_text(4 * 60, 410) == "Over 3 min left of 6:50"
    assert progress_text(60, 410) == "Under a minute left of 6:50"
    assert progress_text(0, 410) == "Done: 6:50"


def test_text_pixels_grow_with_the_page_and_have_a_floor():
    assert text_pixels(QSize(600, 400)) == 12
    assert text_pixels(QSize(1260, 700)) < text_pixels(QSize(1900, 1000))


def overlaps(widgets: dict[str, QWidget], parent: QWidget) -> list[tuple[str, str]]:
    rects = {n: QRect(w.mapTo(parent, w.rect().topLeft()), w.size()) for n, w in widgets.items()}
    names = list(rects)
    return [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if rects[a].intersects(rects[b])
    ]


# seated leg to chest: the longest cautions
@pytest.mark.parametrize("item", ["glute-med-side-lying", "seated-leg-to-chest"])
def test_nothing_overlaps_or_is_cut_in_a_640_by_480_window(harness, item):
    harness.window.resize(1280, 800)
    harness.window.start(item)
    harness.run_for(30)
    QApplication.processEvents()
    page = harness.window.session_page
    ring_large = page.ring.size()
    harness.window.resize(640, 480)
    harness.run_for(1)
    QApplication.processEvents()
    assert harness.window.size() == QSize(640, 480)
    parts = {
        "title": page.title,
        "subtitle": page.subtitle,
        "picture": page.picture,
        "steps": page.steps,
        "ring": page.ring,
        "caption": page.caption,
        "next": page.next,
        "cautions": page.cautions,
        "progress": page.progress,
        "controls": page.controls,
    }
    assert overlaps(parts, page) == []
    assert not page.tips.isVisible(), "on a page this short the tips give way to the ring"
    for name, widget in parts.items():
        assert widget.isVisible(), name
        top_left = widget.mapTo(page, widget.rect().topLeft())
        assert page.rect().contains(QRect(top_left, widget.size())), name
    labels: dict[str, QLabel] = {
        "title": page.title,
        "subtitle": page.subtitle,
        "caption": page.caption,
        "next": page.next,
        **{f"step {i}": w for i, w in enumerate(page.steps.labels)},
    }
    for name, label in labels.items():  # a wrapped label has the height its text needs
        assert label.height() >= label.heightForWidth(label.width()), name
    buttons = dict(page.controls.buttons)
    assert overlaps(buttons, page.controls) == []
    assert page.ring.width() < ring_large.width()
    bar = page.tips.verticalScrollBar()
    assert bar.maximum() > 0  # the tips do not fit: they scroll, not clip


@pytest.mark.parametrize("size", [QSize(640, 480), QSize(800, 600), QSize(1280, 800)])
def test_the_cautions_are_in_view_without_scrolling(harness, size):
    """Safety text is read from the floor, where nobody scrolls: every exercise's cautions
    are shown whole, on the page, at each size (seated leg to chest has the longest)."""
    harness.window.resize(size)
    page = harness.window.session_page
    for exercise in harness.catalogue.exercises.values():
        harness.window.start(exercise.id)
        harness.run_for(12)
        QApplication.processEvents()
        cautions = page.cautions
        assert cautions.isVisible(), exercise.id
        for caution in exercise.cautions:
            assert caution in cautions.text(), exercise.id
        assert cautions.height() >= cautions.heightForWidth(cautions.width()), exercise.id
        top_left = cautions.mapTo(page, cautions.rect().topLeft())
        assert page.rect().contains(QRect(top_left, cautions.size())), exercise.id
        harness.controller.stop()


def test_the_ring_text_has_a_readable_floor_and_a_detail_too_small_is_left_out(harness):
    harness.window.resize(640, 480)
    harness.window.start("glute-med-side-lying")
    harness.run_for(30)  # reps on the left leg
    ring = harness.window.session_page.ring
    assert ring.text[2], "a detail to show"
    ring.grab()
    label, detail = ring.text_sizes
    assert (label or 0) >= TEXT_FLOOR
    assert detail is None or detail >= TEXT_FLOOR
    harness.window.resize(1280, 800)
    harness.run_for(1)
    QApplication.processEvents()
    ring.grab()
    assert (ring.text_sizes[1] or 0) >= TEXT_FLOOR


@pytest.mark.parametrize("item", ["side-lying-hip-series", "glute-med-side-lying"])
def test_every_phase_label_is_drawn_whole_in_the_smallest_window(harness, item):
    """At 640x480, with the safety notice up too, the ring has room for its label."""
    harness.window.resize(640, 480)
    harness.window.start(item)
    plan = harness.controller.plan
    ring = harness.window.session_page.ring
    seen = set()
    for phase in plan.phases[:-1]:
        harness.run_for(phase.start + 1.2 - harness.controller.snapshot().elapsed)
        ring.grab()
        kind = "REP" if ring.text[1].startswith("REP") else ring.text[1]
        if kind in seen:
            continue
        seen.add(kind)
        assert ring.label_drawn == ring.text[1], "whole, not cut short"
        assert (ring.text_sizes[0] or 0) >= LABEL_LAST_RESORT
    assert {"GET READY", "REP", "SWITCH SIDES"} <= seen, seen


@pytest.mark.parametrize("size", [QSize(640, 480), QSize(1100, 700), QSize(1900, 1000)])
def test_the_seconds_are_drawn_in_the_ring_at_every_size(qtbot, fake_clock, size):
    """The digits are the ring's only text in the plain text colour: enough of it is there."""
    page = Page(qtbot, fake_clock, "seated-leg-to-chest", size=size)
    ring = page.at(page.first("hold").start + 10.2).ring
    assert ring.text[0] == "1:50"
    image = ring.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ink = ring.palette().color(QPalette.ColorRole.WindowText)
    side = min(ring.width(), ring.height())
    inked = sum(
        contrast_ratio(image.pixelColor(x, y), ink) < 1.2
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    )
    assert inked * 4 > side * side * 0.02, (inked * 4, side)


# ---------------------------------------------------------------------------- contrast
def ink_contrasts(image: QImage, background: QColor, step: int = 2) -> list[float]:
    """The contrast with ``background`` of every opaque pixel of ``image`` (sampled)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    ratios = []
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = image.pixelColor(x, y)
            if colour.alpha() == 255:
                ratios.append(contrast_ratio(colour, background))
    return ratios


def test_control_icons_keep_3_to_1_contrast_in_the_dark_palette(qtbot, fake_clock):
    shown = Page(qtbot, fake_clock, "knee-to-chest", palette=dark_palette())
    page = shown.at(12)
    for name, button in page.controls.buttons.items():
        background = button.palette().color(QPalette.ColorRole.Window)
        icon = button.icon().pixmap(button.iconSize()).toImage()
        ratios = ink_contrasts(icon, background, step=1)
        assert len(ratios) > 20, name
        assert min(ratios) >= 3.0, (name, min(ratios))


def test_the_figure_keeps_3_to_1_contrast_in_the_dark_palette(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "glute-med-side-lying", palette=dark_palette())
    background = QColor(DARK[QPalette.ColorRole.Window])
    for seconds in (3, 15, 40):  # get ready, reps, and on
        shown = page.at(seconds)
        shown.picture.grab()  # draws the picture
        layer = shown.picture._pixmap
        assert layer is not None
        ratios = sorted(ink_contrasts(layer.toImage(), background))
        assert len(ratios) > 500
        # the figure's ink: all but the thinnest anti-aliased sliver of opaque pixels
        assert ratios[len(ratios) // 100] >= 3.0, (seconds, ratios[len(ratios) // 100])


# ---------------------------------------------------------------------------- a quiet hold
class PaintRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.regions: dict[str, QRegion] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            name = watched.objectName() or type(watched).__name__
            self.regions[name] = self.regions.get(name, QRegion()).united(event.region())
        return False


def area(region: QRegion) -> int:
    return sum(r.width() * r.height() for r in region)


def test_a_second_of_a_hold_repaints_the_countdown_and_the_ring_tip_only(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "seated-leg-to-chest")
    hold = page.first("hold")
    page.at(hold.start + 19.2)
    shown = page.at(hold.start + 20.2)  # and all it asked for is drawn
    renders = shown.picture.renders
    recorder = PaintRecorder()
    watched = [
        shown.picture,
        shown.ring,
        shown.steps,
        shown.caption,
        shown.next,
        shown.notes,
        shown.progress,  # its line counts minutes; its bar moves a pixel now and then
        shown,  # the page and its window: the ring and the bar paint their own background,
        page.host,  # so nothing under them is painted again
    ]
    for widget in [*watched, *shown.steps.labels]:
        widget.installEventFilter(recorder)
    page.at(hold.start + 21.2)
    ring = shown.ring
    painted = recorder.regions.pop("CountdownRing")
    assert 0 < area(painted) < ring.width() * ring.height() // 5
    bar = recorder.regions.pop("ProgressLine", QRegion())
    # the bar grows by the second's few pixels: its line of text is left alone
    assert area(bar) <= shown.progress.width() * shown.progress.height() // 20
    assert recorder.regions == {}  # the picture, steps and labels are left alone
    assert shown.picture.renders == renders  # and the picture is not drawn again


def drawn_afresh(ring: CountdownRing, state: dict) -> QImage:
    """``ring`` as a new ring of its size, in a window of its window's font and colours,
    draws it in ``state``."""
    window = QWidget()
    window.setFont(ring.window().font())
    window.setPalette(ring.window().palette())
    fresh = CountdownRing(window)
    fresh.resize(ring.size())
    fresh.set_state(**state)
    return drawn(fresh)


def drawn(widget: QWidget) -> QImage:
    """What ``widget`` itself draws, on a clear image (no window background)."""
    image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    return image


def test_the_ring_draws_again_what_it_keeps_when_its_size_font_or_colours_change(qtbot):
    """The ring keeps its track, labels and the seconds' place between repaints; a
    window resized, another font or a dark palette must not leave the old ones."""
    host = QWidget()
    qtbot.addWidget(host)
    ring = CountdownRing(host)
    QVBoxLayout(host).addWidget(ring)
    host.resize(420, 300)
    host.show()
    qtbot.waitExposed(host)
    state = dict(
        fraction_left=0.6, time="1:12", label="HOLD", detail="right side", kind="hold", paused=False
    )
    ring.set_state(**state)
    assert stale_pixels(drawn(ring), drawn_afresh(ring, state)) == 0
    font = host.font()
    font.setItalic(True)  # the ring picks its own text sizes; the face is the font's
    changes = {
        "size": lambda: host.resize(640, 420),
        "font": lambda: host.setFont(font),
        "colours": lambda: host.setPalette(dark_palette()),
    }
    for name, change in changes.items():
        before = drawn(ring)
        change()
        QApplication.processEvents()
        after = drawn(ring)
        assert stale_pixels(after, drawn_afresh(ring, state)) == 0, name
        assert before.size() != after.size() or stale_pixels(before, after) > 0, name


def test_the_progress_line_shows_its_new_text_when_a_minute_passes(qtbot, fake_clock):
    """Most seconds only the bar's end is repainted, without the text; the second the
    text changes, what is repainted must leave the line as a whole repaint draws it."""
    page = Page(qtbot, fake_clock, "seated-leg-to-chest")
    line = page.page.progress
    total = page.plan.total_seconds
    minute = total - 60 * int(total // 60 - 1)  # plan time at which "Over N min" turns
    recorder = PaintRecorder()
    line.installEventFilter(recorder)
    for second in (minute - 1.5, minute - 0.5, minute + 0.5):
        before, text = drawn(line), line.text
        recorder.regions.clear()
        page.at(second)
        patched = repainted(line, before, recorder.regions.pop("ProgressLine", QRegion()))
        assert stale_pixels(patched, drawn(line)) == 0, line.text
        assert ink(patched, line.palette().color(QPalette.ColorRole.WindowText)) > 50
    assert line.text != text, "the last second turned the minute"


def ink(image: QImage, colour: QColor) -> int:
    """Pixels of ``image`` within a few shades of ``colour``'s lightness (text drawn in it,
    anti-aliased edges included)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        abs(image.pixelColor(x, y).lightness() - colour.lightness()) < 40
        for y in range(image.height())
        for x in range(image.width())
    )


def repainted(widget: QWidget, before: QImage, painted: QRegion) -> QImage:
    """``before`` with only ``painted`` drawn again, where it was, as Qt repaints."""
    patched = QImage(before)
    painter = QPainter(patched)
    widget.render(painter, painted.boundingRect().topLeft(), painted)
    painter.end()
    return patched


def pooled_threads() -> int:
    """Threads of Qt's pools in this process (Qt names them "Thread (pooled)")."""
    count = 0
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            count += (task / "comm").read_text().strip() == "Thread (pooled)"
    return count


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_full_screen_ring_is_painted_without_waking_a_thread_pool(qtbot, fake_clock):
    page = Page(qtbot, fake_clock, "seated-leg-to-chest", size=QSize(1900, 1000))
    hold = page.first("hold")
    before = pooled_threads()
    for second in range(5):
        page.at(hold.start + 10.2 + second).ring.repaint()
    page.page.ring.grab()  # and a whole-ring repaint, as at a phase change
    assert page.page.ring.width() > 500
    assert pooled_threads() == before == 0


def stale_pixels(a: QImage, b: QImage, shade: int = 48) -> int:
    """How many colour values of ``a`` and ``b`` (the same size) differ by more than a shade."""
    a, b = (i.convertToFormat(QImage.Format.Format_RGB32) for i in (a, b))
    pairs = zip(bytes(a.constBits()), bytes(b.constBits()), strict=True)
    return sum(abs(x - y) > shade for x, y in pairs)


@pytest.mark.parametrize("size", [QSize(1100, 700), QSize(1900, 1000)])
def test_the_areas_a_second_repaints_leave_the_ring_as_a_whole_repaint_draws_it(
    qtbot, fake_clock, size
):
    """Only the digits and the tip are repainted each second: drawing just those areas
    over the last second's ring must give the ring a full repaint gives, with no stale
    digit or arc left behind (the digits change shape and width from 10:00 to 9:59)."""
    page = Page(qtbot, fake_clock, "seated-leg-to-chest", size=size)
    ring = page.page.ring
    hold = page.first("hold")
    recorder = PaintRecorder()
    ring.installEventFilter(recorder)
    for second in (3.2, 4.2, 11.2, 12.2, 58.2, 59.2):  # 1:57 ... 1:01, ring and digits move
        page.at(hold.start + second - 1)
        before = ring.grab().toImage()
        recorder.regions.clear()
        page.at(hold.start + second)
        painted = recorder.regions.pop("CountdownRing")
        assert area(painted) < ring.width() * ring.height() // 5
        patched = repainted(ring, before, painted)
        # the arc's anti-aliased edge may differ by a shade where its end moved; a stale
        # digit or arc end differs by far more
        assert stale_pixels(patched, ring.grab().toImage()) == 0, f"stale at {ring.text[0]}"


@pytest.mark.parametrize("across", [70, 99])
def test_a_ring_too_small_for_its_detail_line_leaves_it_out_rather_than_overlap(qtbot, across):
    """At 640x480 with the safety notice up, the ring is about 70 px across: the detail
    line (set and side) would overlap the label, so it is left out there."""
    from easeback.ui.ring import DETAIL_FROM

    state = dict(
        fraction_left=0.6, time="0:18", label="GET READY", detail="Left leg", kind="prepare"
    )
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(300, 300)
    ring = CountdownRing(host)
    ring.resize(across + 8, across + 8)  # the circle is 8 px inside the widget
    assert across < DETAIL_FROM
    with_detail = drawn_afresh(ring, {**state, "paused": False})
    without = drawn_afresh(ring, {**state, "detail": "", "paused": False})
    assert with_detail == without
    ring.resize(DETAIL_FROM + 8, DETAIL_FROM + 8)  # from there on it is drawn
    with_detail = drawn_afresh(ring, {**state, "paused": False})
    without = drawn_afresh(ring, {**state, "detail": "", "paused": False})
    assert with_detail != without
