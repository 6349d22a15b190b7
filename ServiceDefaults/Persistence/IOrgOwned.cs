namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>A row that belongs to one organization. The service's DbContext filters every query by it.</summary>
public interface IOrgOwned
{
    Guid OrgId { get; }
}
