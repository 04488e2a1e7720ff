"""Fonts, images and templates for the front ends (data only)."""
