"""The journey map picture (matplotlib, Agg): layout, lanes, text fitting, and the renderer."""

from journeys.picture.render import render_png

__all__ = ["render_png"]
