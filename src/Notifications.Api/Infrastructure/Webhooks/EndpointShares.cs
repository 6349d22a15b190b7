using System.Collections.Concurrent;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>
/// How many attempts each endpoint has being sent, kept within its share (<see cref="Share"/>) although attempts start
/// from two places at once: take-overs of fresh deliveries, one at a time, and claims, which lease many rows in one query
/// whose result is counted only when it returns.
/// </summary>
/// <remarks>
/// A claim leases per endpoint what is left of the share as counted when it starts, less a margin
/// (<see cref="TakeOverRoomDuringClaim"/>) that take-overs may use while the claim runs. Take-overs used to wait for
/// every claim to be counted instead, leaving their deliveries to the next claim: under load a claim ran most of the
/// time, so a tenth to a quarter of fresh deliveries took the claim's way, 30–70 ms at the median instead of 4–7
/// (webhooks benchmark, 2026-12-07). Each bound holds on its own, so together they never pass the share: a claim adds at
/// most <c>share − counted − margin</c>, and while it runs a take-over succeeds only below <c>counted + margin</c>.
/// </remarks>
public sealed class EndpointShares
{
    private readonly ConcurrentDictionary<Guid, int> _sending = new();
    // A claim and the take-overs never read and change the counts at the same time: the claim waits for the take-overs
    // counting when it starts, and the ones that start meanwhile wait for nothing (they refuse) until it has counted.
    private int _claimStarting;
    private int _takeOversCounting;
    private volatile IReadOnlyDictionary<Guid, int>? _countedByClaim;

    public EndpointShares(int share)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(share, 1);
        Share = share;
        TakeOverRoomDuringClaim = share / 16;
    }

    /// <summary>How many attempts one endpoint may have being sent.</summary>
    public int Share { get; }

    /// <summary>Of each endpoint's share, what a claim leaves to take-overs while it runs (none for a share under 16).</summary>
    public int TakeOverRoomDuringClaim { get; }

    /// <summary>Attempts of this endpoint being sent.</summary>
    public int SendingTo(Guid endpointId) => _sending.GetValueOrDefault(endpointId);

    /// <summary>Counts one more attempt for a take-over, if the endpoint has room for it now; otherwise changes nothing.</summary>
    public bool TryTake(Guid endpointId)
    {
        // Refused at once while a claim counts, without touching the counter the claim waits on.
        if (Volatile.Read(ref _claimStarting) == 1)
        {
            return false;
        }

        Interlocked.Increment(ref _takeOversCounting);
        try
        {
            // In this order: a claim that starts after the first read waits for this take-over before it counts.
            var claimStarting = Volatile.Read(ref _claimStarting) == 1;
            var counted = _countedByClaim;
            int limit;
            if (counted is not null)
            {
                limit = Math.Min(Share, counted.GetValueOrDefault(endpointId) + TakeOverRoomDuringClaim);
            }
            else if (!claimStarting)
            {
                limit = Share;
            }
            else
            {
                // A claim is counting (usually for microseconds): the delivery is left to a claim.
                return false;
            }

            if (_sending.AddOrUpdate(endpointId, 1, static (_, count) => count + 1) > limit)
            {
                Release(endpointId);
                return false;
            }

            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _takeOversCounting);
        }
    }

    /// <summary>
    /// Starts a claim: counts what is being sent and returns, per endpoint with attempts, how many rows the claim may lease
    /// for it; an endpoint not listed may have <see cref="ClaimRoomOfIdleEndpoint"/>. Call <see cref="EndClaim"/> after
    /// counting the rows leased with <see cref="AddClaimed"/>. One claim at a time.
    /// </summary>
    public IReadOnlyDictionary<Guid, int> BeginClaim()
    {
        Interlocked.Exchange(ref _claimStarting, 1);
        try
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _takeOversCounting) == 0);
            var counted = _sending.ToDictionary(e => e.Key, e => e.Value);
            _countedByClaim = counted;
            return counted.ToDictionary(e => e.Key, e => ClaimRoom(e.Value));
        }
        finally
        {
            // Whatever happens, take-overs go on: with the count published, or (it failed) as if no claim ran.
            Volatile.Write(ref _claimStarting, 0);
        }
    }

    public int ClaimRoomOfIdleEndpoint => ClaimRoom(0);

    /// <summary>Counts an attempt of a row the running claim leased.</summary>
    public void AddClaimed(Guid endpointId) => _sending.AddOrUpdate(endpointId, 1, static (_, count) => count + 1);

    public void EndClaim() => _countedByClaim = null;

    /// <summary>An attempt of the endpoint ended (or was never started).</summary>
    public void Release(Guid endpointId)
    {
        // Removed at zero (only if still zero: another thread may have taken one meanwhile), so a claim counts only
        // endpoints with attempts being sent.
        if (_sending.AddOrUpdate(endpointId, 0, static (_, count) => count - 1) <= 0)
        {
            _sending.TryRemove(new KeyValuePair<Guid, int>(endpointId, 0));
        }
    }

    private int ClaimRoom(int sending) => Math.Max(0, Share - sending - TakeOverRoomDuringClaim);
}
