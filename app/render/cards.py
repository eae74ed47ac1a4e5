"""Floating info cards: a title and a line of text above an exhibit, turned to the visitor."""

from __future__ import annotations

from panda3d.core import NodePath, TextNode

from app.render.fonts import scene_font
from app.render.materials import unshaded

__all__ = ["InfoCard"]


class InfoCard:
    """One card node that is moved to whichever exhibit is selected."""

    def __init__(self, parent: NodePath) -> None:
        self.root = parent.attachNewNode("info-card")
        self.title = TextNode("card-title")
        self.body = TextNode("card-body")
        font = scene_font()
        for text, color in ((self.title, (0.1, 0.1, 0.12, 1)), (self.body, (0.25, 0.25, 0.28, 1))):
            if font is not None:
                text.setFont(font)
            text.setAlign(TextNode.ACenter)
            text.setTextColor(*color)
        self.title.setCardColor(1, 1, 1, 0.92)
        self.title.setCardAsMargin(0.6, 0.6, 0.35, 0.35)
        self.title.setCardDecal(True)
        self.body.setWordwrap(18)
        self.body.setCardColor(1, 1, 1, 0.85)
        self.body.setCardAsMargin(0.5, 0.5, 0.3, 0.3)
        self.body.setCardDecal(True)
        title_np = self.root.attachNewNode(self.title)
        title_np.setScale(0.07)
        body_np = self.root.attachNewNode(self.body)
        body_np.setScale(0.045)
        body_np.setZ(-0.1)
        self.root.setBillboardAxis()
        unshaded(self.root)
        self.root.setDepthOffset(1)
        self.root.hide()
        self.exhibit: str | None = None

    def show(
        self, exhibit: str, position: tuple[float, float, float], title: str, text: str
    ) -> None:
        self.exhibit = exhibit
        self.title.setText(title)
        self.body.setText(text)
        self.root.setPos(*position)
        self.root.show()

    def hide(self) -> None:
        self.exhibit = None
        self.root.hide()

    @property
    def visible(self) -> bool:
        return not self.root.isHidden()
