from datetime import date

from interview_voice.core.progress import SessionPoint, progress, streaks


def fb(wpm, fillers, pauses, answers, areas, stage="technical"):
    return {
        "headline": {
            "answers": answers,
            "wpm": wpm,
            "fillers_per_min": fillers,
            "long_pauses": pauses,
            "coverage": sum(areas.values()) / len(areas),
        },
        "questions": [{"question_id": a, "area": a, "coverage": c} for a, c in areas.items()],
        "stage": stage,
    }


def test_streaks_count_consecutive_days_and_break_after_a_missed_day():
    d = date(2026, 11, 1)
    days = [d, d.replace(day=2), d.replace(day=2), d.replace(day=3), d.replace(day=6), d.replace(day=7)]
    assert streaks(days, today=date(2026, 11, 7)) == (2, 3)
    assert streaks(days, today=date(2026, 11, 8)) == (2, 3)  # yesterday still counts
    assert streaks(days, today=date(2026, 11, 9)) == (0, 3)
    assert streaks([], today=d) == (0, 0)


def test_progress_series_weakest_areas_and_coverage_by_stage():
    points = [
        SessionPoint(date(2026, 11, 1), "11-01", fb(120, 6.0, 4, 2, {"mlops": 0.2, "evaluation": 0.8})),
        SessionPoint(date(2026, 11, 2), "11-02", fb(140, 3.0, 1, 4, {"mlops": 0.4}, stage="behavioural")),
        SessionPoint(date(2026, 11, 2), "11-02", {"headline": {"answers": 0, "wpm": None, "coverage": None}}),
    ]
    p = progress(points, today=date(2026, 11, 2))
    assert p.pace == [120, 140, None] and p.fillers_per_min == [6.0, 3.0, None]
    assert p.long_pauses_per_answer == [2.0, 0.25, None]
    assert p.coverage_by_area == {"evaluation": 0.8, "mlops": 0.3}
    assert p.weakest_areas == [("mlops", 0.3), ("evaluation", 0.8)]
    assert p.coverage_by_stage == {"behavioural": 0.4, "technical": 0.5}
    assert (p.streak_days, p.best_streak_days, p.sessions) == (2, 2, 3)


def test_an_area_whose_key_points_were_all_covered_is_never_among_the_weakest():
    # two areas only: the weakest three used to list ML fundamentals at 100 %
    points = [SessionPoint(date(2026, 11, 1), "11-01", fb(120, 6.0, 4, 2, {"ml_fundamentals": 1.0, "mlops": 0.5}))]
    p = progress(points, today=date(2026, 11, 1))
    assert p.coverage_by_area == {"ml_fundamentals": 1.0, "mlops": 0.5}
    assert p.weakest_areas == [("mlops", 0.5)]
    all_covered = progress([SessionPoint(date(2026, 11, 1), "11-01", fb(120, 6.0, 4, 2, {"mlops": 1.0}))])
    assert all_covered.weakest_areas == []
