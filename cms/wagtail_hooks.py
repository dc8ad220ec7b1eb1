"""Wagtail hooks of the project package."""

from wagtail import hooks

from cms.page_cache import mark_page_rendered_for_cache

hooks.register("before_serve_page", mark_page_rendered_for_cache)
