namespace IncidentPlatform.Actions.Domain;

/// <summary>P1 must be done, P2 should, P3 nice to have.</summary>
public enum ActionPriority
{
    P1 = 1,
    P2 = 2,
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
