from django.contrib import admin, messages

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ArtifactError

from .models import Classification, ModelVersion
from .services.models import model_activate


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    """Models are registered by ``train_model``; which one serves changes only through
    ``model_activate`` (it loads the artifact first and steps the others down)."""

    list_display = ["version", "active", "extractor_version", "created_at"]
    list_filter = ["active"]
    readonly_fields = [
        "version",
        "path",
        "genres",
        "extractor_version",
        "metrics",
        "active",
        "created_at",
    ]
    actions = ["activate"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Activate the selected model (checks its artifact)")
    def activate(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, "Select exactly one model to activate.", messages.ERROR
            )
            return
        model_version = queryset.get()
        try:
            model_activate(version=model_version.version)
        except (ServiceError, ArtifactError) as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"Model {model_version.version} now serves.")


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "source",
        "provider",
        "track_id",
        "model_version",
        "created_at",
    ]
    list_filter = ["source", "provider"]
    readonly_fields = ["created_at"]
