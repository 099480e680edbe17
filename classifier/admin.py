from django.contrib import admin

from .models import Classification, ModelVersion


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "active", "extractor_version", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["created_at"]


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
