using IncidentPlatform.ServiceDefaults.Scheduling;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>Wakes the outbox relay right after a commit that wrote events, so they leave in milliseconds rather than at the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
