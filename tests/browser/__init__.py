"""Headless-Chromium tests of the dashboard and chart pages."""
