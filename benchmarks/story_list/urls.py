"""The site's URLs plus the two comparison endpoints, for the benchmark process only."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from .baseline import story_list
from .stock import StockGraphQLView, stock_schema

urlpatterns = [
    path("bench/stories.json", story_list),
    path("bench/stock-graphql/", csrf_exempt(StockGraphQLView.as_view(schema=stock_schema()))),
    path("", include("cms.urls")),
]
