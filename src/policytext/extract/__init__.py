"""Extractors: small pure functions over a processed document or corpus."""
