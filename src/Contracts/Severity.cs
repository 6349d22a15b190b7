namespace IncidentPlatform.Contracts;

/// <summary>Incident severity. SEV1 is the most severe; P1–P4 are accepted as aliases at the API edge.</summary>
public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}
