"""How ``warmgraph deals forecast`` prints a forecast: one JSON object (the GraphQL field
names) or a few lines a manager reads."""

from __future__ import annotations

from typing import Any

from graph.forecast_service import Forecast


def forecast_json(f: Forecast) -> dict[str, Any]:
    r, m = f.result, f.model
    return {
        "months": f.months,
        "start": r.start.isoformat(),
        "end": r.end.isoformat(),
        "expectedAmount": r.expected_amount,
        "bestCase": r.best_case,
        "worstCase": r.worst_case,
        "deals": r.deals,
        "byMonth": [
            {"month": b.key, "expectedAmount": b.expected_amount, "deals": b.deals}
            for b in r.by_month
        ],
        "byStage": [
            {"stage": b.key, "expectedAmount": b.expected_amount, "deals": b.deals}
            for b in r.by_stage
        ],
        "model": {
            "version": m.version,
            "trainedAt": m.trained_at.isoformat(),
            "trainingSize": m.training_size,
            "cvAuc": m.cv_auc,
            "fallback": m.fallback,
        },
    }


def forecast_lines(record: dict[str, Any]) -> list[str]:
    model = record["model"]
    how = "per-stage prior (too few closed deals)" if model["fallback"] else model["version"]
    lines = [
        f"{record['start']} .. {record['end']}: {record['deals']} open deals, expected "
        f"{record['expectedAmount']:,.0f} (worst {record['worstCase']:,.0f}, "
        f"best {record['bestCase']:,.0f})",
        f"probabilities: {how}",
    ]
    lines += [
        f"  {b['month']}  {b['expectedAmount']:>14,.0f}  {b['deals']:5d} deals"
        for b in record["byMonth"]
    ]
    lines += [
        f"  {b['stage']:<13}  {b['expectedAmount']:>14,.0f}  {b['deals']:5d} deals"
        for b in record["byStage"]
    ]
    return lines
