"""API contract of the financing service, one module per resource."""
