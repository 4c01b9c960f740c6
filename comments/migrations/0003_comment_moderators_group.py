"""The "Comment moderators" group: the moderation queue and block rules, nothing else.

Runs after Wagtail's migrations that hand every admin group "choose"
permissions for images and documents. Permissions are created here when they don't exist yet (on a fresh database
Django makes them only after all migrations have run); `create_permissions`
later finds them and leaves them alone.
"""

from django.db import migrations

GROUP = "Comment moderators"
COMMENT_PERMISSIONS = [
    ("readercomment", "moderate_readercomment", "Can moderate reader comments"),
    ("blockrule", "add_blockrule", "Can add block rule"),
    ("blockrule", "change_blockrule", "Can change block rule"),
    ("blockrule", "delete_blockrule", "Can delete block rule"),
    ("blockrule", "view_blockrule", "Can view block rule"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    permissions = [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    ]
    for model, codename, name in COMMENT_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="comments", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderate_permission"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # These give every admin group "choose" permissions when they run;
        # after them, they leave this group alone.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
