namespace IncidentPlatform.Reviews.Domain;

/// <summary>Where a review is: being written, published (its report is out), or being revised after publication.</summary>
public enum ReviewStatus
{
    Draft,
    Published,
    Revising,
}
