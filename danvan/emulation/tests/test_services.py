"""Services of the registry: the life of a model, scores, decision, replication, exemplars."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from danvan.core.access import actor_for
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.emulation import selectors, services
from danvan.emulation.models import ModelStatus, StatusEvent
from danvan.notifications.models import Notification

from .conftest import MODEL


def test_model_goes_from_draft_to_recognised_with_an_event_for_each_step(world, recognised):
    events = list(StatusEvent.objects.filter(emulation_model=recognised))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("draft", "draft"),
        ("draft", "registered"),
        ("registered", "under_evaluation"),
        ("under_evaluation", "recognised"),
    ]
    assert recognised.status == ModelStatus.RECOGNISED
    assert recognised.level == "province" and recognised.public
    assert recognised.decision_number == "123/QĐ-UBND"
    actions = {e.action for e in history_for(recognised)}
    assert {"emulation_model.create", "emulation_model.submit", "emulation_model.recognise"} <= (
        actions
    )


def test_submitting_notifies_the_coordinator_and_recognition_notifies_the_unit(
    world, django_capture_on_commit_callbacks, draft
):
    with django_capture_on_commit_callbacks(execute=True):
        services.model_submit(model=draft, by=world.head_a)
    assert Notification.objects.filter(user=world.coordinator).count() == 1
    draft.refresh_from_db()
    services.model_evaluate(model=draft, member=world.coordinator, score=70, by=world.coordinator)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.model_decide(
            model=draft,
            recognised=True,
            level="province",
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 6, 1),
            by=world.coordinator,
        )
    assert Notification.objects.filter(user=world.officer_a, kind="accepted").exists()


def test_officer_cannot_submit_only_the_head_can(world, draft):
    with pytest.raises(PermissionDeniedError):
        services.model_submit(model=draft, by=world.officer_a)


def test_other_unit_cannot_create_a_model_for_unit_a(world):
    with pytest.raises(PermissionDeniedError):
        services.model_create(unit=world.unit_a, by=world.officer_b, **MODEL)


def test_blank_title_and_bad_field_are_refused_with_the_field_named(world):
    with pytest.raises(ApplicationError) as exc:
        services.model_create(unit=world.unit_a, by=world.officer_a, **{**MODEL, "title": "  "})
    assert exc.value.field == "title"
    with pytest.raises(ApplicationError) as exc:
        services.model_create(unit=world.unit_a, by=world.officer_a, **{**MODEL, "field": "x"})
    assert exc.value.field == "field"


def test_start_date_after_the_registration_year_is_refused(world):
    with pytest.raises(ApplicationError) as exc:
        services.model_create(
            unit=world.unit_a, by=world.officer_a, **{**MODEL, "started_on": dt.date(2027, 1, 1)}
        )
    assert exc.value.field == "started_on"


def test_stale_edit_is_refused_with_a_conflict(world, draft):
    services.model_update(model=draft, expected_version=draft.version, title="Mới", by=world.head_a)
    with pytest.raises(ConflictError):
        services.model_update(
            model=draft, expected_version=draft.version, title="Cũ", by=world.officer_a
        )


def test_registered_model_can_no_longer_be_edited_by_the_unit(world, registered):
    with pytest.raises(PermissionDeniedError):
        services.model_update(
            model=registered, expected_version=registered.version, title="X", by=world.head_a
        )


def test_return_needs_a_comment_and_puts_the_model_back_to_draft(world, registered):
    with pytest.raises(ApplicationError):
        services.model_return(model=registered, comment=" ", by=world.coordinator)
    back = services.model_return(model=registered, comment="Bổ sung ảnh.", by=world.coordinator)
    assert back.status == ModelStatus.DRAFT
    assert back.events.last().comment == "Bổ sung ảnh."


@pytest.mark.parametrize("score", [-1, 101, 1000, "80", 7.5, True, None])
def test_scores_outside_0_to_100_or_not_integers_are_refused(world, registered, score):
    with pytest.raises(ApplicationError) as exc:
        services.model_evaluate(
            model=registered, member=world.coordinator, score=score, by=world.coordinator
        )
    assert exc.value.field == "score"
    registered.refresh_from_db()
    assert registered.status == ModelStatus.REGISTERED


@pytest.mark.parametrize("score", [0, 100])
def test_scores_at_the_bounds_are_accepted(world, registered, score):
    evaluation = services.model_evaluate(
        model=registered, member=world.coordinator, score=score, by=world.coordinator
    )
    assert evaluation.score == score


def test_same_member_scoring_again_corrects_the_score(world, evaluating):
    services.model_evaluate(
        model=evaluating, member=world.coordinator, score=60, comment="Sửa", by=world.coordinator
    )
    assert [e.score for e in evaluating.evaluations.all()] == [60]


def test_only_the_coordinator_evaluates(world, registered):
    for user in (world.head_a, world.viewer, world.officer_b):
        with pytest.raises(PermissionDeniedError):
            services.model_evaluate(model=registered, member=user, score=50, by=user)


def test_decision_needs_evaluation_level_number_and_date(world, evaluating, registered):
    for kwargs, field in [
        ({"level": ""}, "level"),
        ({"decision_number": ""}, "decision_number"),
        ({"decision_date": None}, "decision_date"),
        ({"decision_date": dt.date(2026, 7, 1)}, "decision_date"),
    ]:
        base = {
            "level": "province",
            "decision_number": "1/QĐ",
            "decision_date": dt.date(2026, 6, 1),
        }
        with pytest.raises(ApplicationError) as exc:
            services.model_decide(
                model=evaluating, recognised=True, by=world.coordinator, **{**base, **kwargs}
            )
        assert exc.value.field == field


def test_decision_is_refused_before_any_score(world, registered):
    # Not under evaluation yet: the decision is not offered at all.
    with pytest.raises(PermissionDeniedError):
        services.model_decide(model=registered, recognised=False, comment="x", by=world.coordinator)


def test_not_recognised_needs_a_reason_and_stays_off_the_showcase(world, evaluating):
    with pytest.raises(ApplicationError):
        services.model_decide(model=evaluating, recognised=False, by=world.coordinator)
    done = services.model_decide(
        model=evaluating, recognised=False, comment="Chưa có kết quả rõ.", by=world.coordinator
    )
    assert done.status == ModelStatus.NOT_RECOGNISED and not done.public
    assert done not in selectors.showcase()


def test_recognised_model_is_on_the_showcase_and_found_without_diacritics(recognised):
    assert list(selectors.showcase(query="cho phien nong san")) == [recognised]
    assert list(selectors.showcase(query="CHỢ PHIÊN")) == [recognised]
    assert list(selectors.showcase(query="khong co")) == []


def test_replication_by_another_unit_shows_where_the_model_spread(world, recognised):
    rep = services.replication_add(
        model=recognised,
        unit=world.unit_b,
        applied_on=dt.date(2026, 5, 1),
        notes="Áp dụng ở bộ phận một cửa.",
        by=world.officer_b,
    )
    assert selectors.model_replications(model=recognised) == [rep]
    assert selectors.showcase().get().replication_count == 1


def test_replication_cannot_be_declared_by_the_same_unit(world, recognised):
    with pytest.raises(ApplicationError) as exc:
        services.replication_add(
            model=recognised, unit=world.unit_a, applied_on=dt.date(2026, 5, 1), by=world.head_a
        )
    assert exc.value.code == "same_unit"


def test_replication_is_declared_once_per_unit_and_not_before_the_model_started(world, recognised):
    with pytest.raises(ApplicationError) as exc:
        services.replication_add(
            model=recognised, unit=world.unit_b, applied_on=dt.date(2026, 1, 1), by=world.head_b
        )
    assert exc.value.field == "applied_on"
    services.replication_add(
        model=recognised, unit=world.unit_b, applied_on=dt.date(2026, 5, 1), by=world.head_b
    )
    with pytest.raises(ApplicationError) as exc:
        services.replication_add(
            model=recognised, unit=world.unit_b, applied_on=dt.date(2026, 5, 2), by=world.head_b
        )
    assert exc.value.code == "duplicate"


def test_replication_of_a_model_not_recognised_is_refused(world, registered):
    with pytest.raises(ApplicationError):
        services.replication_add(
            model=registered, unit=world.unit_b, applied_on=dt.date(2026, 5, 1), by=world.head_b
        )


def test_replication_needs_a_writer_of_the_declaring_unit(world, recognised):
    with pytest.raises(PermissionDeniedError):
        services.replication_add(
            model=recognised, unit=world.unit_b, applied_on=dt.date(2026, 5, 1), by=world.head_a
        )


def test_archived_model_leaves_lists_and_counts(world, recognised):
    services.model_archive(model=recognised, comment="Trùng lặp", by=world.coordinator)
    assert list(selectors.showcase()) == []
    assert selectors.unit_year_counts(unit_id=world.unit_a.pk, year=2026)["registered"] == 0


def test_unit_can_archive_its_draft_but_not_a_registered_model(world, draft):
    services.model_archive(model=draft, by=world.officer_a)
    other = services.model_create(unit=world.unit_a, by=world.officer_a, **MODEL)
    other = services.model_submit(model=other, by=world.head_a)
    with pytest.raises(PermissionDeniedError):
        services.model_archive(model=other, by=world.head_a)


def test_statistics_count_by_field_level_and_unit(world, recognised):
    second = services.model_create(
        unit=world.unit_b, by=world.officer_b, **{**MODEL, "field": "defence_security"}
    )
    services.model_submit(model=second, by=world.head_b)
    stats = selectors.statistics(actor=actor_for(world.coordinator), year=2026)
    assert (stats.registered, stats.recognised) == (2, 1)
    by_field = {f["value"]: (f["registered"], f["recognised"]) for f in stats.by_field}
    assert by_field["economy"] == (1, 1) and by_field["defence_security"] == (1, 0)
    assert {lv["value"]: lv["recognised"] for lv in stats.by_level}["province"] == 1
    assert {u["unit_id"] for u in stats.by_unit} == {world.unit_a.pk, world.unit_b.pk}


# Exemplars -------------------------------------------------------------------------------------


def test_exemplar_nomination_flow(world, exemplar):
    proposed = services.exemplar_submit(exemplar=exemplar, by=world.head_a)
    assert proposed.status == "proposed"
    services.exemplar_evaluate(
        exemplar=proposed, member=world.coordinator, score=91, by=world.coordinator
    )
    proposed.refresh_from_db()
    assert proposed.status == "under_evaluation"
    done = services.exemplar_decide(
        exemplar=proposed,
        recognised=True,
        level="province",
        decision_number="55/QĐ-UBND",
        decision_date=dt.date(2026, 6, 10),
        by=world.coordinator,
    )
    assert done.status == "recognised"
    assert list(selectors.showcase_exemplars()) == [done]


@pytest.mark.parametrize(
    ("field", "value"),
    [("id_number", "12345"), ("phone", "abc"), ("date_of_birth", dt.date(2030, 1, 1))],
)
def test_exemplar_personal_data_is_validated(world, field, value):
    from .conftest import EXEMPLAR

    with pytest.raises(ApplicationError) as exc:
        services.exemplar_create(
            unit=world.unit_a, by=world.officer_a, **{**EXEMPLAR, field: value}
        )
    assert exc.value.field == field


def test_group_exemplar_carries_no_personal_data(world):
    from .conftest import EXEMPLAR

    with pytest.raises(ApplicationError):
        services.exemplar_create(
            unit=world.unit_a, by=world.officer_a, **{**EXEMPLAR, "kind": "group"}
        )


def test_viewer_cannot_read_a_draft_of_another_unit(world, draft):
    from danvan.core.access import actor_for, require
    from danvan.emulation import policies

    with pytest.raises(Http404):
        require(policies.can_view_model(actor_for(world.viewer), draft), visible=False)
