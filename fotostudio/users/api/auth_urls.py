"""Authentication: served on every host (tenants and the public platform host)."""

from django.urls import path

from .views import ChangePasswordView, LoginView, LogoutView, ProfileView, RefreshView

urlpatterns = [
    path("token/", LoginView.as_view(), name="auth-token"),
    path("login/", LoginView.as_view(), name="auth-login"),
    path("logout/", LogoutView.as_view(), name="auth-logout"),
    path("refresh/", RefreshView.as_view(), name="auth-refresh"),
    path("token/refresh/", RefreshView.as_view(), name="auth-token-refresh"),
    path("profile/", ProfileView.as_view(), name="auth-profile"),
    path("change-password/", ChangePasswordView.as_view(), name="auth-change-password"),
]
