"""Thin views: parse the form, call one service or selector, render. Rules live in the services."""
