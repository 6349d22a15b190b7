using System.Text.Json.Serialization;

namespace IncidentPlatform.Actions.Domain;

/// <summary>P1 must be done, P2 should, P3 nice to have. Written "P1"; "must", "should" and "nice" are read as aliases.</summary>
public enum ActionPriority
{
    [JsonStringEnumMemberName("P1")]
    P1 = 1,
    [JsonStringEnumMemberName("P2")]
    P2 = 2,
    [JsonStringEnumMemberName("P3")]
    P3 = 3,
}

/// <summary>What the action does about the failure mode.</summary>
public enum ActionType
{
    Prevent,
    Detect,
    Mitigate,
}

/// <summary>Corrective: fixes the conditions of this incident. Preventive: keeps a class of incidents from happening.</summary>
public enum ActionNature
{
    Corrective,
    Preventive,
}

/// <summary>open → inProgress → done → verified, or wontDo with a reason; reopen brings any finished item back to open.</summary>
public enum ActionItemStatus
{
    Open,
    InProgress,
    Done,
    Verified,
    WontDo,
}
