"""The genre vocabulary: which tags name which genre, and which tracks get a label.

A tag is normalised (lower case; ``-``, ``_``, ``/`` and runs of spaces become one
space; ``&`` becomes "and") and looked up among each genre's aliases. A track's score
for a genre is its strongest tag of that genre; tags below ``min_weight`` do not
count. The original proposal's rule then drops a track whose two strongest genres
are within ``margin`` of each other: its tags disagree, and a label would be a
guess. Genre names match the bundled set's where they overlap (Blues, Classical,
Electronic, Jazz, Rap, Rock) so labels of every origin share one list.
"""

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .records import SourceError

DEFAULT_MIN_WEIGHT = 50.0
DEFAULT_MARGIN = 10.0

#: 18 genres and the tags (Last.fm tags, Echo Nest terms, label-file genres) that
#: name them. tagtraum's combined "Pop_Rock" goes to Rock, its "International" to
#: World; its "Vocal" names no genre here.
DEFAULT_GENRES: dict[str, tuple[str, ...]] = {
    "Blues": ("blues", "delta blues", "chicago blues", "electric blues",
              "acoustic blues", "blues rock"),
    "Classical": ("classical", "classical music", "baroque", "opera", "orchestral",
                  "chamber music", "symphony", "contemporary classical",
                  "modern classical", "romantic period"),
    "Country": ("country", "alt country", "bluegrass", "country rock",
                "outlaw country", "classic country", "americana"),
    "Electronic": ("electronic", "electronica", "electro", "techno", "house",
                   "trance", "edm", "electronic music", "idm", "drum and bass",
                   "dnb", "dubstep", "breakbeat", "downtempo", "trip hop",
                   "electronic dance music", "deep house", "minimal techno"),
    "Folk": ("folk", "folk rock", "indie folk", "traditional folk", "acoustic folk",
             "contemporary folk", "folk pop"),
    "Funk": ("funk", "p funk", "funky", "funk rock", "jazz funk"),
    "Jazz": ("jazz", "smooth jazz", "bebop", "free jazz", "jazz fusion", "fusion",
             "swing", "big band", "vocal jazz", "acid jazz", "cool jazz", "hard bop",
             "latin jazz", "modern jazz", "contemporary jazz"),
    "Latin": ("latin", "salsa", "reggaeton", "bossa nova", "latin pop", "tango",
              "cumbia", "merengue", "bachata", "latin rock", "musica latina"),
    "Metal": ("metal", "heavy metal", "death metal", "black metal", "thrash metal",
              "doom metal", "power metal", "nu metal", "metalcore",
              "progressive metal", "melodic death metal", "speed metal"),
    "New Age": ("new age", "newage", "meditation", "relaxation"),
    "Pop": ("pop", "pop music", "dance pop", "synthpop", "synth pop", "electropop",
            "teen pop", "j pop", "k pop", "europop", "indie pop", "power pop"),
    "Punk": ("punk", "punk rock", "hardcore punk", "pop punk", "post punk",
             "skate punk", "hardcore", "emo"),
    "R&B": ("r and b", "rnb", "rhythm and blues", "contemporary r and b"),
    "Rap": ("rap", "hip hop", "hiphop", "gangsta rap", "underground hip hop",
            "east coast rap", "west coast rap", "dirty south", "trap",
            "hip hop rap", "old school hip hop"),
    "Reggae": ("reggae", "dub", "roots reggae", "dancehall", "ska", "rocksteady"),
    "Rock": ("rock", "classic rock", "hard rock", "alternative rock", "indie rock",
             "alternative", "progressive rock", "psychedelic rock", "soft rock",
             "garage rock", "rock and roll", "rock n roll", "grunge", "pop rock",
             "post rock", "southern rock", "stoner rock"),
    "Soul": ("soul", "motown", "northern soul", "neo soul", "classic soul",
             "soul music"),
    "World": ("world", "world music", "international", "african", "afrobeat",
              "celtic", "flamenco", "world fusion"),
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s\-_/]+")


def normalise_tag(tag: str) -> str:
    """``" Hip-Hop "`` -> ``"hip hop"``; ``"R&B"`` -> ``"r and b"``."""
    text = tag.strip().lower().replace("&", " and ")
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Assignment:
    """The outcome for one track: a genre, or why none.

    ``reason`` is None when kept, else ``"no genre tag"``, ``"below min weight"``
    or ``"conflict"``; ``genre`` is the strongest genre when there was one (also for
    a dropped track, so the report can say which genre lost it), ``rival`` the
    genre it conflicts with.
    """

    genre: str | None
    reason: str | None = None
    rival: str | None = None


@dataclass
class Vocabulary:
    """Genres, their aliases, the minimum tag weight and the conflict margin."""

    genres: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_GENRES)
    )
    min_weight: float = DEFAULT_MIN_WEIGHT
    margin: float = DEFAULT_MARGIN

    def __post_init__(self) -> None:
        self._alias: dict[str, str] = {}
        for genre, aliases in self.genres.items():
            for alias in (genre, *aliases):
                self._alias[normalise_tag(alias)] = genre
        self._cache: dict[str, str | None] = {}

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        only: Iterable[str] | None = None,
        min_weight: float = DEFAULT_MIN_WEIGHT,
        margin: float = DEFAULT_MARGIN,
    ) -> "Vocabulary":
        """The default vocabulary, or one from a JSON file ``{"Genre": [aliases]}``.

        ``only`` keeps just those genres (names as in the vocabulary, any case).
        """
        genres = dict(DEFAULT_GENRES) if path is None else _read_json(Path(path))
        if only:
            wanted = {name.lower(): name for name in only}
            unknown = set(wanted) - {g.lower() for g in genres}
            if unknown:
                raise SourceError(
                    f"genres not in the vocabulary: {', '.join(sorted(unknown))}; "
                    f"it has {', '.join(genres)}"
                )
            genres = {g: a for g, a in genres.items() if g.lower() in wanted}
        return cls(genres=genres, min_weight=min_weight, margin=margin)

    def genre_of(self, tag: str) -> str | None:
        """The genre ``tag`` names, or None (cached: MSD has 522k distinct tags)."""
        try:
            return self._cache[tag]
        except KeyError:
            genre = self._cache[tag] = self._alias.get(normalise_tag(tag))
            return genre

    def assign(self, tags: Iterable[tuple[str, float]]) -> Assignment:
        """Pick a track's genre from its ``(tag, weight)`` pairs."""
        scores: dict[str, float] = {}
        strongest_low: tuple[float, str] | None = None
        for tag, weight in tags:
            genre = self.genre_of(tag)
            if genre is None:
                continue
            if weight < self.min_weight:
                if strongest_low is None or weight > strongest_low[0]:
                    strongest_low = (weight, genre)
                continue
            if weight > scores.get(genre, -1.0):
                scores[genre] = weight
        if not scores:
            if strongest_low is None:
                return Assignment(None, "no genre tag")
            return Assignment(strongest_low[1], "below min weight")
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        best, best_weight = ranked[0]
        if len(ranked) > 1 and best_weight - ranked[1][1] < self.margin:
            return Assignment(best, "conflict", rival=ranked[1][0])
        return Assignment(best)


def _read_json(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SourceError(f"cannot read the vocabulary {path}: {error}") from error
    if not isinstance(data, Mapping) or not all(
        isinstance(k, str)
        and isinstance(v, list)
        and all(isinstance(a, str) for a in v)
        for k, v in data.items()
    ):
        raise SourceError(
            f'{path}: expected {{"Genre": ["alias", ...], ...}} with strings only'
        )
    return {genre: tuple(aliases) for genre, aliases in data.items()}
