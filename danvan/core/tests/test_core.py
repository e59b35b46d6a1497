import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.uploads import check_upload, clean_filename

ROOT = Path(__file__).resolve().parents[3]


def test_clean_filename_drops_paths_and_markup():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\a\\Báo cáo.pdf") == "Báo cáo.pdf"
    assert "<" not in clean_filename('<img src=x onerror="alert(1)">.png')


def test_text_upload_with_binary_content_is_refused():
    from danvan.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        check_upload(SimpleUploadedFile("ghi-chu.txt", b"abc\x00def"))


def test_png_upload_is_accepted():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    name, ext, ctype = check_upload(SimpleUploadedFile("anh.png", png))
    assert (name, ext, ctype) == ("anh.png", ".png", "image/png")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DANVAN_PRODUCTION": "1",
        "DANVAN_SECRET_KEY": "k" * 20 + "Zq9-x7_Lm2" * 6,
        "DANVAN_ALLOWED_HOSTS": "danvan.example.gov.vn",
        "DANVAN_IDENTITY_KEYS": "bG9uZy1lbm91Z2gtdGVzdC1rZXktMzItYnl0ZXMhISE=",
        "DANVAN_VAR_DIR": str(tmp_path),
    }
    env.pop("DANVAN_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "danvan.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DANVAN_PRODUCTION": "1", "DANVAN_VAR_DIR": str(tmp_path)}
    env.pop("DANVAN_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import danvan.settings"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DANVAN_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_identity_key(tmp_path):
    env = {
        **os.environ,
        "DANVAN_PRODUCTION": "1",
        "DANVAN_SECRET_KEY": "k" * 60,
        "DANVAN_VAR_DIR": str(tmp_path),
    }
    env.pop("DANVAN_IDENTITY_KEYS", None)
    result = subprocess.run(
        [sys.executable, "-c", "import danvan.settings"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DANVAN_IDENTITY_KEYS" in result.stderr


def test_bad_boolean_setting_fails_loudly(tmp_path):
    env = {**os.environ, "DANVAN_DEBUG": "maybe", "DANVAN_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import danvan.settings"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DANVAN_DEBUG" in result.stderr


def test_database_is_configured_for_durability_and_persistent_connections(db):
    from django.db import connection

    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    else:
        assert connection.vendor == "postgresql"


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as django_settings

    from danvan import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.SESSION_COOKIE_AGE <= 60 * 60


def test_repeated_failed_logins_lock_the_account(client, world):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(
            url, {"username": "canbo_a", "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.9"
        )
    response = client.post(
        url, {"username": "canbo_a", "password": "Test-Password-2024"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()


def test_login_with_the_right_password_reaches_the_dashboard(client, world):
    response = client.post(
        reverse("accounts:login"),
        {"username": "canbo_a", "password": "Test-Password-2024"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("core:dashboard")


def test_healthz_reports_ok(client, db):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}


def test_client_ip_trusts_forwarded_for_only_from_configured_proxies(rf, settings):
    from danvan.core.net import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5")
    settings.DANVAN_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.DANVAN_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.5"
    settings.DANVAN_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"


def test_every_audited_action_has_a_vietnamese_label():
    import re

    from danvan.core.models import ACTION_LABELS

    source = "\n".join(
        p.read_text() for p in (ROOT / "danvan").rglob("*.py") if "tests" not in p.parts
    )
    actions = set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source))
    actions |= {f"unit_plan.{s}" for s in ("submitted", "accepted", "returned")}
    assert actions and actions <= set(ACTION_LABELS), actions - set(ACTION_LABELS)


def test_html_pages_carry_a_content_security_policy_but_api_docs_do_not(client, db):
    page = client.get(reverse("accounts:login"))
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "Content-Security-Policy" not in client.get("/api/v1/docs")


def test_visitors_who_are_not_signed_in_get_the_citizens_home_page(client, db):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dành cho người dân" in html and reverse("reception:public_schedule") in html
    assert reverse("accounts:login") in html


def test_dashboard_lists_what_waits_in_the_other_modules(client, world):
    from danvan.front import services as front

    front.recommendation_file(
        organisation=world.front,
        title="Kiến nghị về cải cách thủ tục đất đai",
        content="Đề nghị rút ngắn thời gian cấp giấy chứng nhận.",
        source_kind="supervision",
        source_name="Giám sát thủ tục đất đai",
        source_date=dt.date(2026, 3, 1),
        filed_on=dt.date(2026, 3, 10),
        by=world.liaison,
    )
    client.force_login(world.coordinator)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Việc cần xử lý ở các phân hệ" in html
    assert "Kiến nghị về cải cách thủ tục đất đai" in html and "Cần giao đơn vị trả lời" in html
    client.force_login(world.officer_a)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Kiến nghị về cải cách thủ tục đất đai" not in html
    assert "Lịch tiếp công dân chưa đủ số ngày tối thiểu" in html


def test_an_ipv6_client_is_counted_by_its_64_network():
    from danvan.core.net import rate_subject
    from danvan.portal.ratelimit import client_key

    assert (
        rate_subject("2001:db8:1:2::1")
        == rate_subject("2001:db8:1:2:ffff::9")
        == ("2001:db8:1:2::/64")
    )
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:abcd::1")
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert rate_subject("::ffff:203.0.113.7") == "203.0.113.7" == rate_subject(" 203.0.113.7 ")
    assert rate_subject("not-an-address") == "not-an-address"
