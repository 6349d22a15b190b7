namespace IncidentPlatform.Contracts;

/// <summary>A person of an organization: the Entra object id (<c>oid</c>) and the name to show.</summary>
public sealed record PersonRef(string UserId, string DisplayName);
