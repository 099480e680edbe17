"""``byte_range_parse`` on any header and file size: a range inside the file, None
(send it whole) or RangeNotSatisfiable; never another exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.services.track_audio import RangeNotSatisfiable, byte_range_parse

digits = st.one_of(
    st.just(""),
    st.integers(0, 2**70).map(str),
    st.text(st.characters(categories=("Nd",)), min_size=1, max_size=6),
)
headers = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.builds(lambda a, b: f"bytes={a}-{b}", digits, digits),
    st.builds(lambda a, b, c: f"{c}bytes={a}-{b}{c}", digits, digits, st.text(" \t")),
)


@settings(max_examples=500, deadline=None)
@given(header=headers, size=st.integers(0, 2**40))
def test_any_range_header(header, size):
    try:
        found = byte_range_parse(header, size)
    except RangeNotSatisfiable:
        return
    if found is not None:
        assert 0 <= found.start <= found.end < size
        assert found.length == found.end - found.start + 1
