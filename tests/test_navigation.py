"""The visitor's movement as plain math: walls, plinths, flights and orbits."""

from __future__ import annotations

import math

import pytest

from app.render.navigation import Flight, Obstacle, Orbit, Walker, ease_in_out, look_angles

HALL = (10.0, 8.0, 4.0)


def test_walking_stops_at_walls() -> None:
    walker = Walker(HALL, [])
    position = (0.0, 0.0, 1.6)
    for _ in range(200):
        position = walker.step(position, heading=0.0, forward=1.0, strafe=0.0, dt=0.1)
    assert position[1] == pytest.approx(4.0 - 0.3)
    assert position[0] == pytest.approx(0.0)


def test_walking_slides_around_a_plinth() -> None:
    plinth = Obstacle(0.0, 2.0, 0.4, 0.4)
    walker = Walker(HALL, [plinth])
    position = (0.1, 0.0, 1.6)
    for _ in range(40):
        position = walker.step(position, heading=0.0, forward=1.0, strafe=0.0, dt=0.05)
    assert position[1] <= 2.0 - 0.4 - 0.3 + 1e-6, "never inside the plinth"


def test_rotated_plinth_pushes_out_along_its_own_axes() -> None:
    plinth = Obstacle(0.0, 0.0, 1.0, 0.2, heading=90)  # long along y after turning
    x, y = plinth.push_out(0.1, 0.9, 0.3)
    assert abs(x) >= 0.5 - 1e-6 and y == pytest.approx(0.9)


def test_flight_eases_and_ends_exactly() -> None:
    flight = Flight((0, -3, 1.6), (0, 0, 1), (2, 1, 1.6), (2, 3, 1), duration=2.0)
    first, _ = flight.advance(0.2)
    middle, _ = flight.advance(0.8)
    end, look = flight.advance(5.0)
    assert flight.done and end == pytest.approx((2, 1, 1.6)) and look == pytest.approx((2, 3, 1))
    linear = 0.1 * math.dist((0, -3, 1.6), (2, 1, 1.6))  # a tenth of the way in a tenth of the time
    assert math.dist(first, (0, -3, 1.6)) < 0.3 * linear  # eased: a slow start
    assert ease_in_out(0.5) == 0.5 and ease_in_out(0.0) == 0.0 and ease_in_out(1.0) == 1.0


def test_flight_goes_around_a_plinth_in_the_way() -> None:
    plinth = Obstacle(0.0, 0.0, 0.5, 0.5)
    flight = Flight((0, -3, 1.6), (0, 0, 1), (0, 3, 1.6), (0, 4, 1), [plinth], duration=3)
    assert len(flight.points) == 3
    for step in range(61):
        eye, _ = flight.sample(step / 60)
        local_x, local_y = abs(eye[0]), abs(eye[1])
        assert not (local_x < 0.5 + 0.3 and local_y < 0.5 + 0.3), f"passes through at {eye}"


def test_orbit_limits_and_eye_position() -> None:
    orbit = Orbit((0, 0, 1), distance=1.0, heading=0, pitch=-30)
    eye = orbit.eye()
    assert eye[1] < 0 and eye[2] > 1
    orbit.zoom(0.01)
    assert orbit.distance == orbit.min_distance
    orbit.turn(0, -200)
    assert orbit.pitch == -70


def test_look_angles() -> None:
    assert look_angles((0, 0, 0), (0, 5, 0)) == pytest.approx((0, 0))
    heading, pitch = look_angles((0, 0, 1), (-1, 0, 0))
    assert heading == pytest.approx(90) and pitch == pytest.approx(-45)
