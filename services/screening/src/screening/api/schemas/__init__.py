"""API contract of the screening service, one module per aggregate."""
