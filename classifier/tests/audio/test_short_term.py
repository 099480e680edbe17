"""Short-term features: against pyAudioAnalysis frame by frame, and known answers."""

import sys

import numpy as np
import pytest

from classifier.audio import short_term, spectral
from classifier.audio.filters import chroma_map, mfcc_filterbank
from classifier.audio.names import SHORT_TERM_NAMES
from classifier.tests.audio.signals import music, noise, silence

RATE = 22_050
WINDOW = 1102  # round(0.05 * 22050): Python rounds half to even
N_BINS = WINDOW // 2
#: Sums taken in other orders (the filterbank, the moments, the block energies) move
#: values in their last bits; zero crossings, roll-off and chroma are bit for bit.
RTOL = 1e-12


def _features(signal, rate=RATE, window=WINDOW):
    return short_term.short_term_features(signal, rate, window=window, step=window)


@pytest.mark.parametrize(
    ("signal", "rate"),
    [(noise(1.0, RATE, seed=21), RATE), (music(1.5, 44_100, seed=22), 44_100)],
    ids=["noise-22050", "music-44100"],
)
def test_every_frame_matches_feature_extraction(paa, signal, rate):
    _, reference = paa
    window = round(0.05 * rate)
    expected, names = reference.feature_extraction(signal, rate, window, window)

    actual = _features(signal, rate, window)

    assert tuple(names[:34]) == SHORT_TERM_NAMES
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-13)


def test_overlapping_frames_match(paa):
    _, reference = paa
    signal = music(0.7, RATE, seed=23)
    expected, _ = reference.feature_extraction(signal, RATE, 1102, 441)

    actual = short_term.short_term_features(signal, RATE, window=1102, step=441)

    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-13)


def test_frame_periodic_sine():
    """50 whole cycles per frame: one FFT bin, 100 zero crossings, mean square 1/2."""
    cycles = 50
    t = np.arange(4 * WINDOW)
    signal = 10_000 * np.sin(2 * np.pi * cycles * t / WINDOW + 0.3)
    peak = np.max(np.abs(signal - signal.mean())) / 10_000

    features = _features(signal)

    np.testing.assert_allclose(features[0], 100 / (WINDOW - 1), rtol=1e-12)  # zcr
    np.testing.assert_allclose(features[1], 0.5 / peak**2, rtol=1e-9)  # energy
    # pyAudioAnalysis puts bin k at (k + 1) * fs / (2 * n_bins): the centroid of a
    # single bin k is (k + 1) / n_bins of the Nyquist frequency, with no spread.
    np.testing.assert_allclose(features[3], (cycles + 1) / N_BINS, rtol=1e-9)
    np.testing.assert_allclose(features[4], 0.0, atol=1e-6)
    np.testing.assert_allclose(features[7], cycles / N_BINS, rtol=0)  # roll-off bin


def test_silence_literals():
    features = _features(silence(0.5, RATE))

    expected = np.zeros(68)
    # log10(0 + eps) in all 40 bands; the orthonormal DCT of a constant keeps only
    # c0 = sqrt(40) * log10(eps) = -99.0018...
    expected[8] = np.sqrt(40) * np.log10(sys.float_info.epsilon)
    np.testing.assert_allclose(
        features, np.repeat(expected[:, None], 10, axis=1), atol=1e-12
    )
    assert expected[8] == pytest.approx(-99.0018, abs=1e-4)


def test_noise_is_spectrally_flat():
    features = _features(noise(2.0, RATE, seed=24))

    # White noise: the centroid sits near half the band and 90% of the energy lies
    # below about 90% of it.
    np.testing.assert_allclose(features[3].mean(), 0.5, atol=0.02)
    np.testing.assert_allclose(features[7].mean(), 0.9, atol=0.02)
    np.testing.assert_allclose(features[0].mean(), 0.5, atol=0.02)  # zcr of noise


def test_chroma_matches_reference_table(paa):
    _, reference = paa
    rng = np.random.default_rng(25)
    for rate, n_bins in [(16_000, 400), (22_050, 551), (44_100, 1102), (48_000, 1200)]:
        magnitude = rng.random((5, n_bins)) ** 3
        power = magnitude**2
        expected = np.stack(
            [reference.chroma_features(row, rate, n_bins)[1][:, 0] for row in magnitude]
        )

        actual = short_term.chroma(power, power.sum(axis=1), rate)

        np.testing.assert_array_equal(actual, expected)


def test_mfcc_filterbank_is_the_reference_one(paa):
    _, reference = paa
    for rate, n_bins in [(16_000, 400), (22_050, 551), (48_000, 1200)]:
        expected, _ = reference.mfcc_filter_banks(rate, n_bins)

        bank = mfcc_filterbank(rate, n_bins).toarray()

        np.testing.assert_array_equal(bank, expected[:, : bank.shape[1]])
        assert not expected[:, bank.shape[1] :].any()


def test_rolloff_matches_sequential_sum_on_ties(paa):
    _, reference = paa
    rng = np.random.default_rng(26)
    spectra = [
        np.full(551, 0.3),  # a flat spectrum: sums land on the threshold's doorstep
        np.zeros(551),
        rng.random(551) ** 8,
        np.r_[np.zeros(100), 1.0, np.zeros(450)],
        rng.random(33) * 1e-300,
    ]
    for magnitude in spectra:
        power = magnitude[None, :] ** 2
        expected = reference.spectral_rolloff(magnitude, 0.90)

        actual = short_term.spectral_rolloff(power, power.sum(axis=1))

        assert actual[0] == expected


@pytest.mark.parametrize("rate", [16_000, 22_050, 44_100])
def test_centroid_and_spread_from_moments_and_direct_sums(paa, rate):
    """Broad spectra take the moments, near-pure tones (and silence) the direct sum;
    both stay within 1e-12 of the reference."""
    _, reference = paa
    n_bins = round(0.05 * rate) // 2
    rng = np.random.default_rng(33)
    one_bin = np.zeros(n_bins)
    one_bin[40] = 0.7
    leaky_tone = one_bin + rng.random(n_bins) * 1e-9  # spread ~1e-3 of the centroid
    spectra = np.stack(
        [rng.random(n_bins) ** 4, rng.random(n_bins), one_bin, leaky_tone, 0 * one_bin]
    )
    moments = short_term.spectral_moments(spectra, rate)
    expected = np.array(
        [reference.spectral_centroid_spread(row, rate) for row in spectra]
    )

    centroid, spread = short_term.spectral_centroid_spread(
        spectra, rate, moments=moments
    )

    np.testing.assert_allclose(centroid, expected[:, 0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(spread, expected[:, 1], rtol=1e-12, atol=1e-18)
    variance = (spread / centroid.clip(min=1e-300)) ** 2
    assert (variance[:2] > spectral.NARROW_SPREAD**2).all()  # the moments path
    assert (variance[2:4] < spectral.NARROW_SPREAD**2).all()  # the direct path


def test_block_entropy_matches_both_reference_entropies(paa):
    _, reference = paa
    rng = np.random.default_rng(27)
    values = rng.standard_normal((4, 1103))
    squares = values**2
    expected = [reference.energy_entropy(row) for row in values]

    actual = short_term.block_entropy(values, squares.sum(axis=1))

    np.testing.assert_allclose(actual, expected, rtol=1e-13)
    np.testing.assert_allclose(
        actual, [reference.spectral_entropy(row) for row in values], rtol=1e-13
    )


def test_chroma_map_rejects_tiny_spectra():
    with pytest.raises(ValueError, match="too short for the chroma table"):
        chroma_map(2_000, 50)


def test_zero_crossing_rate_with_its_own_buffers(paa):
    _, reference = paa
    signal = np.round(noise(0.2, RATE, seed=28))  # integer samples: some exact zeros
    frames = signal[: 4 * WINDOW].reshape(4, WINDOW)

    actual = short_term.zero_crossing_rate(signal, window=WINDOW, step=WINDOW)

    np.testing.assert_array_equal(
        actual, [reference.zero_crossing_rate(row) for row in frames]
    )


def test_reused_buffers_carry_nothing_between_calls():
    first, second = music(3.0, RATE, seed=29), noise(7.0, RATE, seed=30)

    before = _features(first)
    _features(second)  # longer: fills every buffer with other values
    after = _features(first)

    np.testing.assert_array_equal(after, before)


def test_threads_get_their_own_buffers():
    from concurrent.futures import ThreadPoolExecutor

    signals = [music(4.0, RATE, seed=seed) for seed in range(4)]
    expected = [_features(signal) for signal in signals]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_features, signals * 3))

    for index, result in enumerate(results):
        np.testing.assert_array_equal(result, expected[index % 4])


@pytest.mark.parametrize("parts", [2, 3])
def test_blocks_split_over_threads_give_the_same_bits(parts):
    from concurrent.futures import ThreadPoolExecutor

    # 30 s is 600 frames, five blocks: the groups' boundaries cross the spectral
    # flux, whose value there is stitched from two threads' spectra.
    signal = music(30.0, RATE, seed=5)
    sequential = _features(signal)

    with ThreadPoolExecutor(max_workers=parts - 1) as pool:
        split = short_term.short_term_features(
            signal, RATE, window=WINDOW, step=WINDOW, parts=parts, pool=pool
        )

    assert len(short_term._split(list(range(5)), parts)) == parts
    np.testing.assert_array_equal(split, sequential)
