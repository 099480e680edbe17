"""PURE (no Django): the offline demo catalogue, synthetic songs made by our own code.

``catalogue.build_catalogue`` writes ``catalogue.SONGS`` as tagged mp3/ogg/m4a/wav
files; ``synth.render_song`` makes one song from a ``styles.STYLES`` recipe.
"""
