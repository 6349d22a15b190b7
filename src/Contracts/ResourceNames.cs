namespace IncidentPlatform.Contracts;

/// <summary>
/// Names of the platform's resources, shared by AppHost, services and tests so a connection string
/// or a service address is always looked up under the same name (Aspire's conventions).
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";
    public const string Identity = "identity";
    public const string SecretKeys = "secret-keys";

    public const string IncidentsDb = "incidents-db";
    public const string ReviewsDb = "reviews-db";
    public const string ActionsDb = "actions-db";
    public const string NotificationsDb = "notifications-db";

    public const string IncidentsApi = "incidents-api";
    public const string ReviewsApi = "reviews-api";
    public const string ActionsApi = "actions-api";
    public const string NotificationsApi = "notifications-api";
    public const string Gateway = "gateway";
}
