from django.contrib import admin

from .models import BuildRun, FeatureVector, Feedback, Genre, Label, Track


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["id", "artist", "title", "source", "provider", "msd_id"]
    list_filter = ["source", "provider"]
    search_fields = ["artist", "title", "msd_id", "isrc"]


@admin.register(BuildRun)
class BuildRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "done", "failed", "total", "started_at"]
    list_filter = ["kind", "status"]


# TrackTag (millions of rows, a composite key the admin cannot show) stays out.
admin.site.register([Genre, Label, FeatureVector, Feedback])
