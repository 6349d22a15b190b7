namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Whether the inbox must remember the message being consumed (one per consume scope). A consumer that found nothing
/// to do, so that handling the same message again would do nothing either, says so with <see cref="NotNeeded"/>: the
/// inbox then rolls its transaction back instead of committing it, which saves the commit's WAL flush and the row.
/// </summary>
/// <remarks>
/// Only for a consumer whose every effect is in its database transaction: a consumer that publishes elsewhere or calls
/// out must keep its receipt, since that effect cannot be rolled back. Changes tracked but not saved, or an outgoing
/// event, keep it too (the inbox checks).
/// </remarks>
public sealed class InboxReceipt
{
    public bool IsNeeded { get; private set; } = true;

    public void NotNeeded() => IsNeeded = false;

    /// <summary>A retry runs the consumer again in the same scope; what it decides then is what counts.</summary>
    internal void Reset() => IsNeeded = true;
}
