"""Providers by name, for the Django layer (which decides which ones to build)."""

from collections.abc import Iterable, Iterator

from .base import Provider
from .errors import UnknownProvider


class ProviderRegistry:
    """A read-only mapping of ``provider.name`` to provider.

    Parameters
    ----------
    providers : iterable of Provider
    """

    def __init__(self, providers: Iterable[Provider]) -> None:
        self._providers = {provider.name: provider for provider in providers}

    def get(self, name: str) -> Provider:
        """Return the provider called ``name``; raise ``UnknownProvider``."""
        try:
            return self._providers[name]
        except KeyError:
            raise UnknownProvider(
                f"unknown provider {name!r}; choose one of {sorted(self._providers)}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._providers

    def __iter__(self) -> Iterator[str]:
        return iter(self._providers)

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._providers)
