using IncidentPlatform.Notifications.Infrastructure.Webhooks;

namespace IncidentPlatform.UnitTests;

public sealed class EndpointSharesTests
{
    private static readonly Guid Endpoint = Guid.NewGuid();

    [Fact]
    public void Without_a_claim_take_overs_fill_the_share_and_a_released_attempt_makes_room_again()
    {
        var shares = new EndpointShares(share: 128);

        Assert.All(Enumerable.Range(0, 128), _ => Assert.True(shares.TryTake(Endpoint)));
        Assert.False(shares.TryTake(Endpoint));
        Assert.Equal(128, shares.SendingTo(Endpoint));

        shares.Release(Endpoint);
        Assert.True(shares.TryTake(Endpoint));
        Assert.True(shares.TryTake(Guid.NewGuid()));
    }

    [Fact]
    public void While_a_claim_runs_take_overs_use_only_the_margin_it_left_and_together_they_fill_the_share_exactly()
    {
        var shares = new EndpointShares(share: 128);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(shares.TryTake(Endpoint));
        }

        var room = shares.BeginClaim();

        Assert.Equal(8, shares.TakeOverRoomDuringClaim);
        Assert.Equal(128 - 100 - 8, room[Endpoint]);
        Assert.Equal(128 - 8, shares.ClaimRoomOfIdleEndpoint);
        // Meanwhile fresh deliveries of the endpoint still start, up to the margin…
        Assert.All(Enumerable.Range(0, 8), _ => Assert.True(shares.TryTake(Endpoint)));
        Assert.False(shares.TryTake(Endpoint));
        // …and an endpoint that had nothing being sent gets the margin too.
        var idle = Guid.NewGuid();
        Assert.All(Enumerable.Range(0, 8), _ => Assert.True(shares.TryTake(idle)));
        Assert.False(shares.TryTake(idle));

        for (var i = 0; i < room[Endpoint]; i++)
        {
            shares.AddClaimed(Endpoint);
        }

        shares.EndClaim();
        Assert.Equal(128, shares.SendingTo(Endpoint));
        Assert.False(shares.TryTake(Endpoint));
        // Once the claim is counted, the idle endpoint has its whole share again.
        Assert.True(shares.TryTake(idle));
    }

    [Fact]
    public void While_a_claim_runs_attempts_that_end_give_take_overs_their_room()
    {
        var shares = new EndpointShares(share: 2);
        Assert.True(shares.TryTake(Endpoint));

        var room = shares.BeginClaim();

        Assert.Equal(0, shares.TakeOverRoomDuringClaim);
        Assert.Equal(1, room[Endpoint]);
        Assert.False(shares.TryTake(Endpoint));
        shares.Release(Endpoint);
        Assert.True(shares.TryTake(Endpoint));
        shares.AddClaimed(Endpoint);
        shares.EndClaim();

        Assert.Equal(2, shares.SendingTo(Endpoint));
    }

    [Fact]
    public async Task Take_overs_on_many_threads_beside_a_claim_loop_never_put_more_than_the_share_in_flight()
    {
        const int share = 32;
        var shares = new EndpointShares(share);
        Guid[] endpoints = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        // Attempts actually started, counted apart from the shares: started after a grant, ended before the release.
        var inFlight = new int[endpoints.Length];
        var mostInFlight = new int[endpoints.Length];
        void Started(int endpoint)
        {
            var now = Interlocked.Increment(ref inFlight[endpoint]);
            int most;
            while (now > (most = Volatile.Read(ref mostInFlight[endpoint])) && Interlocked.CompareExchange(ref mostInFlight[endpoint], now, most) != most)
            {
            }
        }

        void Ended(int endpoint)
        {
            Interlocked.Decrement(ref inFlight[endpoint]);
            shares.Release(endpoints[endpoint]);
        }

        var takeOvers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            var mine = new List<int>();
            for (var i = 0; i < 200_000; i++)
            {
                var endpoint = random.Next(endpoints.Length);
                if (shares.TryTake(endpoints[endpoint]))
                {
                    Started(endpoint);
                    mine.Add(endpoint);
                }

                if (mine.Count > 0 && random.Next(3) == 0)
                {
                    var index = random.Next(mine.Count);
                    Ended(mine[index]);
                    mine.RemoveAt(index);
                }
            }

            mine.ForEach(Ended);
        })).ToArray();

        var claims = Task.Run(() =>
        {
            var random = new Random(99);
            var claimed = new List<int>();
            while (!takeOvers.All(t => t.IsCompleted))
            {
                var room = shares.BeginClaim();
                // Where the claim's query would run: take-overs go on meanwhile.
                Thread.Sleep(0);
                Thread.SpinWait(random.Next(2_000));
                for (var endpoint = 0; endpoint < endpoints.Length; endpoint++)
                {
                    var allowed = room.TryGetValue(endpoints[endpoint], out var left) ? left : shares.ClaimRoomOfIdleEndpoint;
                    for (var i = random.Next(allowed + 1); i > 0; i--)
                    {
                        shares.AddClaimed(endpoints[endpoint]);
                        Started(endpoint);
                        claimed.Add(endpoint);
                    }
                }

                shares.EndClaim();
                for (var i = random.Next(claimed.Count + 1); i > 0; i--)
                {
                    var index = random.Next(claimed.Count);
                    Ended(claimed[index]);
                    claimed.RemoveAt(index);
                }
            }

            claimed.ForEach(Ended);
        });

        await Task.WhenAll([.. takeOvers, claims]);

        Assert.All(mostInFlight, most => Assert.InRange(most, 1, share));
        Assert.All(endpoints, endpoint => Assert.Equal(0, shares.SendingTo(endpoint)));
    }
}
