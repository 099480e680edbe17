"""The HTTP API: thin views over services and selectors, one module per resource."""
