"""Deduplication as plain functions: near-duplicate stories and event clusters."""
