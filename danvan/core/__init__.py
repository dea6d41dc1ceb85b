"""Helpers shared by every app."""
