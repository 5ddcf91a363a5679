"""The agreement figures as text: the first line for scripts, then tables for people."""

from __future__ import annotations

from annotator.teams.agreement import AgreementReport


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _name(analyst: str) -> str:
    return analyst or "(none)"


def headline(report: AgreementReport) -> str:
    """``token_alpha=X units=N analysts=K documents=D``."""
    return (
        f"token_alpha={_num(report.token_alpha)} units={report.units} "
        f"analysts={len(report.analysts)} documents={len(report.documents)}"
    )


def _matrix(
    title: str, analysts: list[str], cells: dict[str, dict[str, float | None]]
) -> list[str]:
    width = max([8, *(len(_name(a)) for a in analysts)])
    lines = [
        f"  {title}",
        "    " + " " * width + "".join(f" {_name(a):>{width}}" for a in analysts),
    ]
    for a in analysts:
        row = "".join(f" {'-' if a == b else _num(cells[a].get(b)):>{width}}" for b in analysts)
        lines.append(f"    {_name(a):<{width}}{row}")
    return lines


def text_report(report: AgreementReport, *, documents: int = 20) -> str:
    """The whole report; the per-document table shows the ``documents`` worst."""
    lines = [headline(report)]
    if not report.documents:
        return "\n".join(lines)
    lines.append("")
    lines.append("per label: token alpha")
    for lab in report.labels:
        lines.append(f"  {lab:<12} {_num(report.label_alpha[lab])}")
    lines.append("")
    lines.append("span F1 per pair of analysts (exact / overlapping)")
    for lab in report.labels:
        f1 = report.span_f1[lab]
        lines += _matrix(f"{lab} exact", report.analysts, f1["exact"])
        lines += _matrix(f"{lab} overlapping", report.analysts, f1["overlapping"])
    lines.append("")
    lines.append(f"attribution-wise agreement (agr): {_num(report.attribution_agr)}")
    lines.append(
        f"stance agreement ({report.stance_measure.replace('_', ' ')}) on "
        f"{report.stance_items} source-claim pair(s) linked by more than one analyst: "
        f"{_num(report.stance_agreement)}"
    )
    lines.append("")
    worst = report.worst_first()[:documents]
    lines.append(f"per document, worst first ({len(worst)} of {len(report.documents)})")
    header = "".join(f" {lab[:8]:>8}" for lab in report.labels)
    lines.append(f"  {'doc':>6} {'alpha':>6}{header}  analysts  title")
    for d in worst:
        labs = "".join(f" {_num(d.labels[lab]):>8}" for lab in report.labels)
        lines.append(
            f"  {d.doc_id:>6} {_num(d.alpha):>6}{labs}  {len(d.analysts):>8}  {d.title[:60]}"
        )
    return "\n".join(lines)
