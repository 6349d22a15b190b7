namespace IncidentPlatform.Reviews.Domain;

public enum ReviewStatus
{
    Draft,
}
