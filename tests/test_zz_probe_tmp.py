import json
from django.test import Client
from django.core.files.uploadedfile import SimpleUploadedFile

def test_probe(world):
    c = Client()
    c.force_login(world.coordinator)
    for u in ["/api/v1/plans/99999999999999999999", "/api/v1/plans/assignments?unit_id=99999999999999999999", "/api/v1/plans/abc"]:
        try:
            r = c.get(u); print(u, r.status_code, r.content[:200])
        except Exception as e:
            print(u, "EXC", repr(e))
    try:
        r = c.post(f"/api/v1/plans/tasks/{world.task.pk}/assignments", json.dumps({"unit_ids":[99999999999999999999]}), content_type="application/json"); print(r.status_code, r.content[:300])
    except Exception as e:
        print("EXC", repr(e))
    c.force_login(world.officer_a)
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n...%%EOF", content_type="application/pdf")
    r = c.post(f"/api/v1/plans/assignments/{world.assignment_a.pk}/progress-with-files", {"status": "in_progress", "percent": "30", "narrative": "abc", "files": [pdf]})
    print("upload", r.status_code, r.content[:600])
