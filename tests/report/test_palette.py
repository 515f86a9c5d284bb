"""The character palette stays distinguishable: every two of the first twelve differ by ΔE00 >= 20."""

from __future__ import annotations

import itertools

from colours import ciede2000, delta_e, hex_to_lab

from ficlens.report.palette import CHARACTER_COLOURS, OTHERS, character_colour

THRESHOLD = 20.0  # CIEDE2000; about 2.3 is "just noticeable", 20 reads as a different colour at a glance


def test_our_ciede2000_matches_the_published_test_pairs() -> None:
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 8, 17, 19, 24 and 34 with their published ΔE00
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ]
    for a, b, want in pairs:
        assert abs(ciede2000(a, b) - want) < 1e-4, (a, b)
        assert abs(ciede2000(b, a) - want) < 1e-4


def test_hex_to_lab_of_white_and_red() -> None:
    white = hex_to_lab("#FFFFFF")
    assert abs(white[0] - 100) < 1e-3 and abs(white[1]) < 1e-3 and abs(white[2]) < 1e-3
    red = hex_to_lab("#FF0000")
    assert [round(v, 1) for v in red] == [53.2, 80.1, 67.2]


def test_the_first_twelve_characters_are_distinguishable() -> None:
    colours = [character_colour(rank) for rank in range(12)]
    assert len(set(colours)) == 12 and OTHERS not in colours
    for a, b in itertools.combinations(colours, 2):
        assert delta_e(a, b) >= THRESHOLD, (a, b, delta_e(a, b))


def test_each_colour_stands_apart_from_the_neutral_grey_and_the_page() -> None:
    for colour in CHARACTER_COLOURS:
        assert delta_e(colour, OTHERS) >= THRESHOLD, colour
        assert delta_e(colour, "#FFFFFF") >= THRESHOLD, colour
        assert hex_to_lab(colour)[0] <= 88, colour


def test_the_rest_of_a_large_cast_is_neutral_grey() -> None:
    assert {character_colour(rank) for rank in range(12, 90)} == {OTHERS}
    assert character_colour(-1) == OTHERS
