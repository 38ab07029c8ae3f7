"""Every add and change page of every admin shows its fields: each input, select and textarea is
visible and has a border (a form field that misses the admin theme's widget renders bare, and a
newcomer cannot see where to type).

The pages are read from the running server's admin registry, for the demo business and for the
platform host, so an admin added later is covered without editing this test.
"""

import json

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PAGES_SCRIPT = """
import json
from django.contrib import admin
from django.test import RequestFactory
from django_tenants.utils import schema_context
from tenants.models import Tenant
from fotostudio.users.models import User

tenant = Tenant.objects.get(schema_name={slug!r})
urls = []
with schema_context(tenant.schema_name):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.filter(is_superuser=True).order_by("date_joined").first()
    request.tenant = tenant
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        opts = model._meta
        if not opts.managed:  # no table and no forms: it only names pages of its own (the reports)
            continue
        base = f"/admin/{{opts.app_label}}/{{opts.model_name}}/"
        if model_admin.has_add_permission(request):
            urls.append(base + "add/")
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None and model_admin.has_view_permission(request, obj):
            urls.append(f"{{base}}{{obj.pk}}/change/")
print(json.dumps(sorted(urls)))
"""

#: Form controls a person types into or picks from (checkboxes and switches have their own look). A control
#: drawn as part of a framed widget (Django's two-list picker, unfold's file field) may take its frame from a
#: close ancestor: the frame must go all round it (a form row's dashed bottom line is not a frame).
FIELDS_SCRIPT = """
() => {
  const framed = el => {
    const style = getComputedStyle(el);
    return ['Top', 'Right', 'Bottom', 'Left'].every(
      side => style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) > 0
    );
  };
  return Array.from(document.querySelectorAll(
      'form[id$="_form"] input, form[id$="_form"] select, form[id$="_form"] textarea'))
    .filter(el => !['hidden', 'checkbox', 'radio', 'file', 'submit', 'button'].includes(el.type))
    .filter(el => !el.classList.contains('select2-hidden-accessible'))
    .filter(el => !el.closest('template, .empty-form'))
    .filter(el => el.offsetParent !== null)  // inside a section shown only on demand (a school's fields)
    .map(el => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      let frame = el;
      for (let depth = 0; depth < 3 && frame && !framed(frame); depth++) frame = frame.parentElement;
      return {
        name: el.name || el.getAttribute('aria-label') || el.id,
        visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
        border: Boolean(frame) && framed(frame),
      };
    });
}
"""


def admin_urls(e2e, slug: str) -> list[str]:
    return json.loads(e2e.manage("shell", "-c", PAGES_SCRIPT.format(slug=slug)).strip().splitlines()[-1])


def assert_fields_visible(page, url: str) -> int:
    response = page.goto(url)
    assert response.status == 200, url
    fields = page.evaluate(FIELDS_SCRIPT)
    bare = [field["name"] for field in fields if not (field["visible"] and field["border"])]
    assert not bare, f"{url}: fields without a visible bordered input: {bare}"
    return len(fields)


def test_every_form_of_the_business_admin_shows_its_fields(admin_page, e2e):
    urls = admin_urls(e2e, "demo")
    assert "/admin/clients/client/add/" in urls and any(url.startswith("/admin/users/user/") for url in urls)
    checked = sum(assert_fields_visible(admin_page, e2e.url("demo", url)) for url in urls)
    assert checked > 20


def test_every_form_of_the_platform_admin_shows_its_fields(page, admin_login, e2e):
    admin_login(page, username=e2e.platform_username, tenant=None)
    urls = admin_urls(e2e, "public")
    assert "/admin/tenants/tenant/add/" in urls
    checked = sum(assert_fields_visible(page, e2e.url(None, url)) for url in urls)
    assert checked > 10
    page.goto(e2e.url(None, "/admin/tenants/tenant/add/"))
    for name in ("slug", "domain", "admin_email", "admin_password"):
        assert page.locator(f"input[name={name}]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "platform-new-business.png"), full_page=True)


def test_the_roles_picker_shows_each_role_as_a_box_to_tick(admin_page, e2e):
    admin_page.goto(e2e.url("demo", "/admin/users/user/add/"))
    boxes = admin_page.locator("input[type=checkbox][name=roles]")
    assert boxes.count() == 7  # the studio's roles
    assert admin_page.get_by_text("Fotógrafo", exact=True).is_visible()
    admin_page.screenshot(path=str(ARTIFACTS / "users-roles-picker.png"), full_page=True)
