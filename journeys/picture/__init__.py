"""The journey map pictures (matplotlib, no pyplot): the map in PNG/SVG/PDF, auto-sized or as 16:9
slides, and the impact/effort matrix of the opportunities."""

from journeys.picture.layout import SIZES
from journeys.picture.matrix import render_matrix
from journeys.picture.output import FORMATS
from journeys.picture.render import render, render_png

__all__ = ["FORMATS", "SIZES", "render", "render_matrix", "render_png"]
