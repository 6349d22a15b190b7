namespace IncidentPlatform.Incidents.Domain.Record;

/// <summary>What an evidence link points at (camelCase in JSON).</summary>
public enum EvidenceKind
{
    Dashboard,
    Logs,
    Ticket,
    Chat,
    DeployReport,
    Runbook,
    CustomerComms,
    Other,
}
