using System.Text.Json.Serialization;

namespace IncidentPlatform.Actions.Domain;

/// <summary>P1 must be done, P2 should, P3 nice to have. Written as people write them: "P1".</summary>
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

public enum ActionItemStatus
{
    Open,
}
